// SPDX-License-Identifier: GPL-3.0-or-later
// The second half of COCO evaluation: pycocotools' accumulate() (precision/recall per
// category, area range, maxDets and IoU threshold from the per-image matchings) and
// summarize() (the 12 statistics), into full result arrays or into the per-category summary
// blocks the configuration search shares between parent and child.
#include "eval/coco_eval.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <future>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace anchorscope {

double numpyPairwiseSum(const double* a, size_t n)
{
    if (n < 8) {
        double res = 0.;
        for (size_t i = 0; i < n; ++i)
            res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; ++j)
            r[j] = a[j];
        size_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; ++j)
                r[j] += a[i + size_t(j)];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            res += a[i];
        return res;
    }
    size_t n2 = n / 2;
    n2 -= n2 % 8;
    return numpyPairwiseSum(a, n2) + numpyPairwiseSum(a + n2, n - n2);
}

namespace {

// np.mean(s[s > -1]) or -1 when nothing qualifies.
double meanOfDefined(const std::vector<double>& buffer)
{
    if (buffer.empty())
        return -1.0;
    return 0.0 + numpyPairwiseSum(buffer.data(), buffer.size()) / double(buffer.size());
}

// Transposes a 64 × 64 bit matrix in place: bit c of a[r] moves to bit r of a[c]
// (recursive block swaps, halving the block size each round).
void transpose64(uint64_t a[64])
{
    uint64_t m = 0x00000000FFFFFFFFull;
    for (int j = 32; j != 0; j >>= 1, m ^= (m << j)) {
        for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
            const uint64_t t = ((a[k] >> j) ^ a[k | j]) & m;
            a[k] ^= t << j;
            a[k | j] ^= t;
        }
    }
}

struct Ref {
    double score;
    uint32_t bucket; // position in the category's buckets (image order)
    uint32_t d;      // position inside the bucket's sorted detections
};

// Orders like a stable sort by descending score — what pycocotools' mergesort does — as an
// LSD radix sort on the score's bits: the largest category of a COCO-sized set has tens of
// thousands of detections and is re-accumulated for nearly every configuration, where a
// comparison sort costs several times more. Byte positions on which all keys agree (the low
// mantissa bytes of scores that were floats, the exponent of scores in one octave) are
// skipped.
void stableSortByScoreDescending(std::vector<Ref>& v, std::vector<Ref>& scratch)
{
    auto key = [](double score) {
        uint64_t u;
        if (score == 0)
            score = 0; // -0 and +0 are equal scores
        std::memcpy(&u, &score, sizeof u);
        u = (u >> 63) ? ~u : (u | (uint64_t(1) << 63)); // ascending doubles → ascending keys
        return ~u;                                      // descending
    };
    const size_t n = v.size();
    if (n < 2)
        return;
    size_t hist[8][256] = {};
    for (const Ref& r : v) {
        const uint64_t k = key(r.score);
        for (int b = 0; b < 8; ++b)
            ++hist[b][(k >> (8 * b)) & 0xff];
    }
    scratch.resize(n);
    for (int b = 0; b < 8; ++b) {
        const size_t first = (key(v[0].score) >> (8 * b)) & 0xff;
        if (hist[b][first] == n)
            continue; // every key has the same byte here
        size_t pos[256], sum = 0;
        for (int x = 0; x < 256; ++x) {
            pos[x] = sum;
            sum += hist[b][x];
        }
        for (const Ref& r : v)
            scratch[pos[(key(r.score) >> (8 * b)) & 0xff]++] = r;
        v.swap(scratch);
    }
}

size_t maxDetIndex(const CocoEvalParams& P, int md)
{
    for (size_t m = 0; m < P.maxDets.size(); ++m)
        if (P.maxDets[m] == md)
            return m;
    return P.maxDets.size() - 1; // pycocotools' summarize falls back to the last
}

long iouIndex(const CocoEvalParams& P, double thr)
{
    for (size_t t = 0; t < P.iouThrs.size(); ++t)
        if (P.iouThrs[t] == thr)
            return long(t);
    return -2; // no such threshold: pycocotools gets an empty slice → -1
}

// Read access to accumulated arrays, whatever their layout: precision of (k, a, m) as T·R
// values ([t][r]) and recall as T values.
struct SummaryInput {
    const CocoEvalParams& params;
    size_t K;
    std::function<const double*(size_t k, size_t a, size_t m)> precision, recall;
};

// summarize(): the 12 statistics over every category (onlyK < 0) or over category onlyK.
// pycocotools averages over the flattened [t][r][k] slice, in that order, and numpy sums
// pairwise, so the values are gathered in exactly that order.
std::array<double, kCocoStatCount> summaryStatistics(const SummaryInput& in, long onlyK, bool parallel = false)
{
    const CocoEvalParams& P = in.params;
    const size_t T = P.iouThrs.size(), R = P.recThrs.size();
    const size_t k0 = onlyK < 0 ? 0 : size_t(onlyK), k1 = onlyK < 0 ? in.K : size_t(onlyK) + 1;
    const size_t m100 = maxDetIndex(P, 100);
    // AP over every threshold of area range a; with `perThreshold`, also the mean of each
    // threshold's values alone (a contiguous run of the same gathered values, so the same
    // sums numpy makes for AP50 and AP75).
    auto ap = [&](size_t a, std::vector<double>* perThreshold) {
        std::vector<double> buf;
        std::vector<const double*> rows(in.K);
        std::vector<size_t> start(T + 1, 0);
        for (size_t k = k0; k < k1; ++k)
            rows[k] = in.precision(k, a, m100);
        for (size_t t = 0; t < T; ++t) {
            start[t] = buf.size();
            for (size_t r = 0; r < R; ++r)
                for (size_t k = k0; k < k1; ++k) {
                    const double v = rows[k][t * R + r];
                    if (v > -1)
                        buf.push_back(v);
                }
        }
        start[T] = buf.size();
        if (perThreshold)
            for (size_t t = 0; t < T; ++t) {
                const size_t n = start[t + 1] - start[t];
                (*perThreshold)[t] = n ? 0.0 + numpyPairwiseSum(buf.data() + start[t], n) / double(n) : -1.0;
            }
        return meanOfDefined(buf);
    };
    auto ar = [&](size_t a, size_t m) {
        std::vector<double> buf;
        std::vector<const double*> rows(in.K);
        for (size_t k = k0; k < k1; ++k)
            rows[k] = in.recall(k, a, m);
        for (size_t t = 0; t < T; ++t)
            for (size_t k = k0; k < k1; ++k)
                if (rows[k][t] > -1)
                    buf.push_back(rows[k][t]);
        return meanOfDefined(buf);
    };
    std::array<double, kCocoStatCount> s{};
    // The three area ranges' APs (half the work) on a second thread when allowed: this part
    // runs once per configuration and nothing else overlaps it.
    auto byArea = [&] {
        for (size_t a = 1; a <= 3; ++a)
            s[2 + a] = ap(a, nullptr);
    };
    std::future<void> areas;
    if (parallel)
        areas = std::async(std::launch::async, byArea);
    else
        byArea();
    std::vector<double> perThreshold(T);
    s[0] = ap(0, &perThreshold);
    const long t50 = iouIndex(P, 0.5), t75 = iouIndex(P, 0.75);
    s[1] = t50 < 0 ? -1.0 : perThreshold[size_t(t50)];
    s[2] = t75 < 0 ? -1.0 : perThreshold[size_t(t75)];
    s[6] = ar(0, maxDetIndex(P, 1));
    s[7] = ar(0, maxDetIndex(P, 10));
    s[8] = ar(0, m100);
    s[9] = ar(1, m100);
    s[10] = ar(2, m100);
    s[11] = ar(3, m100);
    if (areas.valid())
        areas.get();
    return s;
}

// AP@[.5:.95] of one category: area "all", the largest maxDets.
double categoryAP(const SummaryInput& in, size_t k)
{
    const size_t n = in.params.iouThrs.size() * in.params.recThrs.size();
    const double* p = in.precision(k, 0, in.params.maxDets.size() - 1);
    std::vector<double> buf;
    for (size_t i = 0; i < n; ++i)
        if (p[i] > -1)
            buf.push_back(p[i]);
    return meanOfDefined(buf);
}

SummaryInput inputOf(const CocoEvalResult& r)
{
    return {r.params, r.K(), [&r](size_t k, size_t a, size_t m) { return r.precision.data() + r.precisionIndex(0, 0, k, a, m); },
            [&r](size_t k, size_t a, size_t m) { return r.recall.data() + r.recallIndex(0, k, a, m); }};
}

} // namespace

void CocoEvaluator::accumulateCategory(size_t k, CocoEvaluator::BucketSpan buckets,
                                       const CategoryOutput& out) const
{
    const auto& P = params_;
    const size_t T = P.iouThrs.size(), R = P.recThrs.size(), A = P.areaRng.size(), M = P.maxDets.size();
    for (size_t a = 0; a < A; ++a)
        for (size_t m = 0; m < M; ++m) {
            if (double* p = out.precision(a, m))
                std::fill_n(p, T * R, -1.0);
            if (double* s = out.scores(a, m))
                std::fill_n(s, T * R, -1.0);
            std::fill_n(out.recall(a, m), T, -1.0);
        }
    if (buckets.empty())
        return;
    const double eps = 2.220446049250313e-16; // np.spacing(1)
    // pycocotools concatenates the images' truncated lists in image order and mergesorts by
    // descending score: ties keep image order, then in-image order — one sort of the
    // largest maxDets serves every smaller one as the subsequence with d < maxDet.
    const size_t mdLast = size_t(P.maxDets.back());
    // Scratch kept per thread: this runs for every changed category of every configuration.
    thread_local std::vector<Ref> all;
    all.clear();
    for (size_t n = 0; n < buckets.size(); ++n) {
        const CocoBucketEval& e = *buckets[n].second;
        for (size_t d = 0; d < std::min(e.dets.size(), mdLast); ++d)
            all.push_back({e.dets[d].score, uint32_t(n), uint32_t(d)});
    }
    thread_local std::vector<Ref> sortScratch;
    stableSortByScoreDescending(all, sortScratch);
    // Per (area, IoU threshold), bitsets over the sorted positions: "counted" (not ignored)
    // and "true positive"; per maxDets, the positions it keeps. The passes below then walk
    // 64 positions per word and touch only the true positives.
    const size_t N = all.size(), AT = A * T, W = (N + 63) / 64;
    thread_local std::vector<uint64_t> counted, truePos, keep;
    counted.assign(AT * W, 0);
    truePos.assign(AT * W, 0);
    keep.assign(M * W, 0);
    uint64_t rowsCounted[64], rowsTrue[64];
    for (size_t w = 0; w < W; ++w) {
        // 64 positions at a time: their per-detection masks as rows, transposed into one
        // word per (area, threshold).
        for (size_t i = 0; i < 64; ++i) {
            const size_t n = w * 64 + i;
            if (n >= N) {
                rowsCounted[i] = rowsTrue[i] = 0;
                continue;
            }
            const uint32_t d = all[n].d;
            const CocoBucketEval::Detection& x = buckets[all[n].bucket].second->dets[d];
            rowsCounted[i] = x.counted;
            rowsTrue[i] = x.counted & x.matched;
            for (size_t m = 0; m < M; ++m)
                if (d < uint32_t(P.maxDets[m]))
                    keep[m * W + w] |= uint64_t(1) << i;
        }
        transpose64(rowsCounted);
        transpose64(rowsTrue);
        for (size_t at = 0; at < AT; ++at) {
            counted[at * W + w] = rowsCounted[at];
            truePos[at * W + w] = rowsTrue[at];
        }
    }
    // Ground truth that counts, over the images with a bucket of this category.
    const size_t I = imageIds_.size();
    std::vector<size_t> npig(A, 0);
    for (const auto& b : buckets)
        for (size_t a = 0; a < A; ++a)
            npig[a] += npig_[(k * I + b.first) * A + a];
    thread_local std::vector<uint32_t> tpPos, tpFp;
    thread_local std::vector<double> bestFrom;
    thread_local std::vector<size_t> needTp;
    for (size_t m = 0; m < M; ++m) {
        const uint64_t* kept = keep.data() + m * W;
        size_t nd = 0, first = N;
        for (size_t w = 0; w < W; ++w) {
            nd += size_t(__builtin_popcountll(kept[w]));
            if (first == N && kept[w])
                first = w * 64 + size_t(__builtin_ctzll(kept[w]));
        }
        for (size_t a = 0; a < A; ++a) {
            const size_t np = npig[a];
            if (np == 0)
                continue;
            double* recall = out.recall(a, m);
            double* precision = out.precision(a, m);
            double* scores = out.scores(a, m);
            if (!precision && !scores) {
                // Recall alone: the number of true positives among the kept positions.
                for (size_t t = 0; t < T; ++t) {
                    const uint64_t* tpb = truePos.data() + (a * T + t) * W;
                    size_t ntp = 0;
                    for (size_t w = 0; w < W; ++w)
                        ntp += size_t(__builtin_popcountll(tpb[w] & kept[w]));
                    recall[t] = nd ? double(ntp) / double(np) : 0.0;
                }
                continue;
            }
            // np.searchsorted(rc, recThr, side='left') on recall tp/np: the first position
            // whose recall reaches the threshold is that of the c-th true positive, with c
            // the least count where c/np ≥ threshold (computed as pycocotools divides).
            needTp.resize(R);
            for (size_t ri = 0; ri < R; ++ri) {
                const double thr = P.recThrs[ri];
                size_t c = size_t(std::max(0.0, std::ceil(thr * double(np)) - 1.0));
                while (double(c) / double(np) < thr)
                    ++c;
                needTp[ri] = c;
            }
            for (size_t t = 0; t < T; ++t) {
                // Precision only rises at a true positive, so the right-to-left maximum at
                // any position is the larger of its own precision and the best precision of
                // a later true positive; and recall first reaches a threshold at a true
                // positive. Both need the true positives alone: their positions and the
                // false positives before each (pycocotools' arithmetic, in fewer divisions).
                const uint64_t* cnt = counted.data() + (a * T + t) * W;
                const uint64_t* tpb = truePos.data() + (a * T + t) * W;
                tpPos.clear();
                tpFp.clear();
                uint32_t fp = 0;
                for (size_t w = 0; w < W; ++w) {
                    uint64_t tpw = tpb[w] & kept[w];
                    const uint64_t fpw = cnt[w] & kept[w] & ~tpb[w];
                    while (tpw) {
                        const int b = __builtin_ctzll(tpw);
                        tpPos.push_back(uint32_t(w * 64 + size_t(b)));
                        tpFp.push_back(fp + uint32_t(__builtin_popcountll(fpw & ((uint64_t(1) << b) - 1))));
                        tpw &= tpw - 1;
                    }
                    fp += uint32_t(__builtin_popcountll(fpw));
                }
                const size_t ntp = tpPos.size();
                bestFrom.resize(ntp + 1);
                bestFrom[ntp] = 0.0;
                for (size_t j = ntp; j-- > 0;) {
                    const double tp = double(j + 1);
                    const double pr = tp / (double(tpFp[j]) + tp + eps);
                    bestFrom[j] = std::max(pr, bestFrom[j + 1]);
                }
                recall[t] = nd ? double(ntp) / double(np) : 0.0;
                for (size_t ri = 0; ri < R; ++ri) {
                    const size_t c = needTp[ri];
                    // (positions here index the full sorted list; `first` is the first kept)
                    const size_t pos = c == 0 ? first : (c <= ntp ? tpPos[c - 1] : N);
                    if (pos < N) {
                        // At the first position (c == 0) the precision is 0 unless it is itself
                        // a true positive, which bestFrom[0] then covers.
                        if (precision)
                            precision[t * R + ri] = c == 0 ? bestFrom[0] : bestFrom[c - 1];
                        if (scores)
                            scores[t * R + ri] = all[pos].score;
                    } else {
                        // pycocotools leaves zeros once the index runs past the end
                        for (size_t rj = ri; rj < R; ++rj) {
                            if (precision)
                                precision[t * R + rj] = 0.0;
                            if (scores)
                                scores[t * R + rj] = 0.0;
                        }
                        break;
                    }
                }
            }
        }
    }
}

void CocoEvaluator::forEachCategory(
    const std::vector<std::shared_ptr<const CocoImageEval>>& images, const std::vector<uint8_t>* todoMask, int threads,
    const std::function<void(size_t, CocoEvaluator::BucketSpan)>& work) const
{
    const size_t I = imageIds_.size(), K = categoryIds_.size();
    if (images.size() != I)
        throw std::logic_error("CocoEvaluator: one evaluation per image expected");
    // The buckets by category, in image order, as CSR arrays (one allocation, reused).
    // (Named through references: the worker threads below must see this thread's arrays,
    // not their own thread_local instances.)
    thread_local std::vector<size_t> offsetStore;
    thread_local std::vector<std::pair<uint32_t, const CocoBucketEval*>> entriesStore;
    std::vector<size_t>& offset = offsetStore;
    std::vector<std::pair<uint32_t, const CocoBucketEval*>>& entries = entriesStore;
    offset.assign(K + 1, 0);
    for (size_t i = 0; i < I; ++i)
        if (images[i])
            for (uint32_t k : images[i]->categories)
                ++offset[k + 1];
    for (size_t k = 0; k < K; ++k)
        offset[k + 1] += offset[k];
    entries.resize(offset[K]);
    std::vector<size_t> cursor(offset.begin(), offset.end() - 1);
    for (size_t i = 0; i < I; ++i)
        if (images[i])
            for (size_t n = 0; n < images[i]->buckets.size(); ++n)
                entries[cursor[images[i]->categories[n]]++] = {uint32_t(i), images[i]->buckets[n].get()};
    std::vector<size_t> todo;
    for (size_t k = 0; k < K; ++k)
        if (!todoMask || (*todoMask)[k])
            todo.push_back(k);
    // Categories write disjoint outputs. Their work grows with their detections, and one
    // category (COCO's person) can hold a third of them: largest first, each thread taking
    // the next one when it is done, so that the threads finish together.
    const size_t nThreads = std::min<size_t>(size_t(std::max(1, threads)), std::max<size_t>(1, todo.size() / 4));
    if (nThreads > 1) {
        std::vector<size_t> weight(K, 0);
        for (size_t k : todo)
            for (size_t n = offset[k]; n < offset[k + 1]; ++n)
                weight[k] += entries[n].second->dets.size() + 1;
        std::stable_sort(todo.begin(), todo.end(), [&](size_t a, size_t b) { return weight[a] > weight[b]; });
    }
    std::atomic<size_t> next{0};
    auto run = [&] {
        for (size_t n; (n = next++) < todo.size();)
            work(todo[n], {entries.data() + offset[todo[n]], offset[todo[n] + 1] - offset[todo[n]]});
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < nThreads; ++t)
        pool.emplace_back(run);
    run();
    for (auto& th : pool)
        th.join();
}

CocoEvalResult CocoEvaluator::accumulate(const std::vector<std::shared_ptr<const CocoImageEval>>& images,
                                         int threads) const
{
    const auto& P = params_;
    const size_t K = categoryIds_.size(), T = P.iouThrs.size(), R = P.recThrs.size(), A = P.areaRng.size(),
                 M = P.maxDets.size();
    CocoEvalResult res;
    res.params = P;
    res.imageIds = imageIds_;
    res.categoryIds = categoryIds_;
    res.precision.assign(T * R * K * A * M, -1.0);
    res.recall.assign(T * K * A * M, -1.0);
    res.scores.assign(T * R * K * A * M, -1.0);
    forEachCategory(images, nullptr, threads, [&](size_t k, CocoEvaluator::BucketSpan buckets) {
        CategoryOutput out;
        out.precision = [&](size_t a, size_t m) { return &res.precision[res.precisionIndex(0, 0, k, a, m)]; };
        out.scores = [&](size_t a, size_t m) { return &res.scores[res.precisionIndex(0, 0, k, a, m)]; };
        out.recall = [&](size_t a, size_t m) { return &res.recall[res.recallIndex(0, k, a, m)]; };
        accumulateCategory(k, buckets, out);
    });
    const SummaryInput in = inputOf(res);
    res.stats = summaryStatistics(in, -1, threads > 1);
    res.perCategoryAP.resize(K);
    for (size_t k = 0; k < K; ++k)
        res.perCategoryAP[k] = categoryAP(in, k);
    return res;
}

std::vector<size_t> CocoEvaluator::summaryMaxDets() const
{
    std::vector<size_t> ms{maxDetIndex(params_, 100), params_.maxDets.size() - 1};
    if (ms[0] == ms[1])
        ms.pop_back();
    return ms;
}

CocoSummary CocoEvaluator::summaryOf(const std::vector<std::shared_ptr<const CocoImageEval>>& images,
                                     const CocoSummary* previous, const std::vector<uint8_t>* changedCategories,
                                     int threads) const
{
    const auto& P = params_;
    const size_t K = categoryIds_.size(), T = P.iouThrs.size(), R = P.recThrs.size(), A = P.areaRng.size(),
                 M = P.maxDets.size();
    const std::vector<size_t> pm = summaryMaxDets();
    const bool reuse = previous && changedCategories && previous->categories.size() == K;
    CocoSummary s;
    s.categories.resize(K);
    if (reuse)
        s.categories = previous->categories;
    forEachCategory(images, reuse ? changedCategories : nullptr, threads,
                    [&](size_t k, CocoEvaluator::BucketSpan buckets) {
                        auto block = std::make_shared<CocoCategorySummary>();
                        block->precision.resize(A * pm.size() * T * R);
                        block->recall.resize(A * M * T);
                        CategoryOutput out;
                        out.precision = [&](size_t a, size_t m) -> double* {
                            for (size_t p = 0; p < pm.size(); ++p)
                                if (pm[p] == m)
                                    return &block->precision[(a * pm.size() + p) * T * R];
                            return nullptr;
                        };
                        out.scores = [](size_t, size_t) -> double* { return nullptr; };
                        out.recall = [&](size_t a, size_t m) { return &block->recall[(a * M + m) * T]; };
                        accumulateCategory(k, buckets, out);
                        s.categories[k] = std::move(block);
                    });
    const SummaryInput in{P, K,
                          [&](size_t k, size_t a, size_t m) {
                              const size_t p = m == pm[0] ? 0 : 1;
                              return s.categories[k]->precision.data() + (a * pm.size() + p) * T * R;
                          },
                          [&](size_t k, size_t a, size_t m) { return s.categories[k]->recall.data() + (a * M + m) * T; }};
    s.stats = summaryStatistics(in, -1, threads > 1);
    s.perCategoryAP.resize(K);
    for (size_t k = 0; k < K; ++k)
        s.perCategoryAP[k] = categoryAP(in, k);
    return s;
}

std::array<double, kCocoStatCount> CocoEvalResult::categoryStats(size_t k) const
{
    return summaryStatistics(inputOf(*this), long(k));
}

std::vector<double> CocoEvalResult::prCurve(size_t t, long k) const
{
    std::vector<double> out(R(), -1.0);
    const size_t m = M() - 1;
    for (size_t r = 0; r < R(); ++r) {
        if (k >= 0) {
            out[r] = precisionAt(t, r, size_t(k), 0, m);
            continue;
        }
        double sum = 0;
        size_t n = 0;
        for (size_t kk = 0; kk < K(); ++kk) {
            const double v = precisionAt(t, r, kk, 0, m);
            if (v > -1) {
                sum += v;
                ++n;
            }
        }
        out[r] = n ? sum / double(n) : -1.0;
    }
    return out;
}

std::string CocoEvalResult::summaryText() const
{
    static const char* titles[] = {"Average Precision", "Average Recall"};
    struct Line {
        int kind;
        const char* iou;
        const char* area;
        int maxDets;
    };
    const Line lines[kCocoStatCount] = {{0, "0.50:0.95", "all", 100},    {0, "0.50", "all", 100},
                                        {0, "0.75", "all", 100},         {0, "0.50:0.95", "small", 100},
                                        {0, "0.50:0.95", "medium", 100}, {0, "0.50:0.95", "large", 100},
                                        {1, "0.50:0.95", "all", 1},      {1, "0.50:0.95", "all", 10},
                                        {1, "0.50:0.95", "all", 100},    {1, "0.50:0.95", "small", 100},
                                        {1, "0.50:0.95", "medium", 100}, {1, "0.50:0.95", "large", 100}};
    std::string out;
    char buf[160];
    for (int i = 0; i < kCocoStatCount; ++i) {
        const Line& l = lines[i];
        std::snprintf(buf, sizeof buf, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %0.3f\n", titles[l.kind],
                      l.kind == 0 ? "(AP)" : "(AR)", l.iou, l.area, l.maxDets, stats[size_t(i)]);
        out += buf;
    }
    return out;
}

} // namespace anchorscope
