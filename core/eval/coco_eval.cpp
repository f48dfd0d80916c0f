// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/coco_eval.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <unordered_map>

namespace anchorscope {

const std::array<const char*, kCocoStatCount> kCocoStatNames = {"AP",  "AP50", "AP75", "APs",  "APm", "APl",
                                                                 "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"};

CocoEvalParams CocoEvalParams::bbox()
{
    CocoEvalParams p;
    // np.linspace(start, stop, num): i * step + start, the last element set to stop.
    const double iouStep = (0.95 - 0.5) / 9.0;
    for (int i = 0; i < 10; ++i)
        p.iouThrs.push_back(i == 9 ? 0.95 : double(i) * iouStep + 0.5);
    const double recStep = 1.0 / 100.0;
    for (int i = 0; i <= 100; ++i)
        p.recThrs.push_back(i == 100 ? 1.0 : double(i) * recStep + 0.0);
    const double big = 1e5 * 1e5;
    p.areaRng = {{0.0, big}, {0.0, 32.0 * 32.0}, {32.0 * 32.0, 96.0 * 96.0}, {96.0 * 96.0, big}};
    p.areaLabels = {"all", "small", "medium", "large"};
    p.maxDets = {1, 10, 100};
    return p;
}

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
double meanOfDefined(std::vector<double>& buffer)
{
    if (buffer.empty())
        return -1.0;
    return 0.0 + numpyPairwiseSum(buffer.data(), buffer.size()) / double(buffer.size());
}

// maskUtils.iou for boxes (pycocotools bbIou): crowd GT uses the detection's area as union.
inline double cocoIou(const DetectionRecord& d, double gx, double gy, double gw, double gh, bool crowd)
{
    const double w = std::fmin(d.w + d.x, gw + gx) - std::fmax(d.x, gx);
    if (w <= 0)
        return 0.0;
    const double h = std::fmin(d.h + d.y, gh + gy) - std::fmax(d.y, gy);
    if (h <= 0)
        return 0.0;
    const double i = w * h;
    const double da = d.w * d.h;
    const double u = crowd ? da : da + gw * gh - i;
    return i / u;
}

enum : uint8_t { kMatched = 1, kIgnored = 2 };

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

} // namespace

CocoEvaluator::CocoEvaluator(const Dataset& gt, CocoEvalParams params) : params_(std::move(params))
{
    if (params_.areaRng.size() * params_.iouThrs.size() > 64)
        throw InputError("COCO evaluation supports at most 64 (area range, IoU threshold) pairs");
    for (const auto& im : gt.images)
        imageIds_.push_back(im.id);
    std::sort(imageIds_.begin(), imageIds_.end());
    imageIds_.erase(std::unique(imageIds_.begin(), imageIds_.end()), imageIds_.end());
    for (const auto& c : gt.categories)
        categoryIds_.push_back(c.id);
    std::sort(categoryIds_.begin(), categoryIds_.end());
    categoryIds_.erase(std::unique(categoryIds_.begin(), categoryIds_.end()), categoryIds_.end());

    auto& imgPos = imagePos_;
    auto& catPos = categoryPos_;
    for (size_t i = 0; i < imageIds_.size(); ++i)
        imgPos[imageIds_[i]] = i;
    for (size_t k = 0; k < categoryIds_.size(); ++k)
        catPos[categoryIds_[k]] = k;
    if (!categoryIds_.empty() && categoryIds_.front() >= 0 && categoryIds_.back() < 100000) {
        categoryLut_.assign(size_t(categoryIds_.back()) + 1, -1);
        for (size_t k = 0; k < categoryIds_.size(); ++k)
            categoryLut_[size_t(categoryIds_[k])] = int32_t(k);
    }
    const size_t I = imageIds_.size(), K = categoryIds_.size();
    // CSR of GT per bucket k * I + i, in annotation file order (pycocotools keeps it).
    std::vector<size_t> counts(I * K + 1, 0);
    std::vector<size_t> bucketOf(gt.annotations.size(), size_t(-1));
    for (size_t n = 0; n < gt.annotations.size(); ++n) {
        const auto& a = gt.annotations[n];
        auto ii = imgPos.find(a.imageId);
        auto kk = catPos.find(a.categoryId);
        if (ii == imgPos.end() || kk == catPos.end())
            continue;
        bucketOf[n] = kk->second * I + ii->second;
        ++counts[bucketOf[n] + 1];
    }
    for (size_t b = 0; b < I * K; ++b)
        counts[b + 1] += counts[b];
    gtOffset_ = counts;
    gtBoxes_.resize(counts.back());
    std::vector<size_t> fill(counts.begin(), counts.end() - 1);
    for (size_t n = 0; n < gt.annotations.size(); ++n) {
        if (bucketOf[n] == size_t(-1))
            continue;
        const auto& a = gt.annotations[n];
        gtBoxes_[fill[bucketOf[n]]++] = {a.id, a.x, a.y, a.w, a.h, a.area, a.iscrowd};
    }
}

long CocoEvaluator::categoryIndex(int64_t id) const
{
    if (id >= 0 && id < int64_t(categoryLut_.size()))
        return categoryLut_[size_t(id)];
    if (!categoryLut_.empty() || categoryIds_.empty())
        return -1; // every id is in the table when there is one
    auto it = categoryPos_.find(id);
    return it == categoryPos_.end() ? -1 : long(it->second);
}

long CocoEvaluator::imageIndex(int64_t imageId) const
{
    auto it = imagePos_.find(imageId);
    return it == imagePos_.end() ? -1 : long(it->second);
}

std::shared_ptr<const CocoImageEval> CocoEvaluator::evaluateImage(size_t i, const std::vector<DetectionRecord>& dets,
                                                                  const CocoImageEval* previous,
                                                                  const std::vector<DetectionRecord>* previousDets,
                                                                  std::vector<uint8_t>* changed, bool details) const
{
    const auto& P = params_;
    const size_t I = imageIds_.size(), K = categoryIds_.size(), T = P.iouThrs.size(), A = P.areaRng.size();
    const size_t maxDet = size_t(P.maxDets.back());
    // Positions per category, in list order (COCOeval keeps file order inside a bucket), as
    // CSR arrays kept per thread: this runs for every changed image of every configuration.
    struct ByCategory {
        std::vector<uint32_t> offset, index, cursor;
    };
    auto group = [&](const std::vector<DetectionRecord>& list, ByCategory& out) {
        out.offset.assign(K + 1, 0);
        out.index.resize(list.size());
        for (const auto& d : list) {
            const long k = categoryIndex(d.categoryId);
            if (k >= 0)
                ++out.offset[size_t(k) + 1];
        }
        for (size_t k = 0; k < K; ++k)
            out.offset[k + 1] += out.offset[k];
        out.cursor.assign(out.offset.begin(), out.offset.end() - 1);
        for (size_t n = 0; n < list.size(); ++n) {
            const long k = categoryIndex(list[n].categoryId);
            if (k >= 0)
                out.index[out.cursor[size_t(k)]++] = uint32_t(n);
        }
    };
    thread_local ByCategory pos, prevPos;
    group(dets, pos);
    std::vector<std::shared_ptr<const CocoBucketEval>> prevBucket;
    if (previous && previousDets) {
        group(*previousDets, prevPos);
        prevBucket.resize(K);
        for (const auto& b : previous->buckets)
            prevBucket[b->category] = b;
    }
    auto image = std::make_shared<CocoImageEval>();
    std::vector<double> ious;
    std::vector<uint32_t> gtm;
    std::vector<int64_t> dtm;
    std::vector<uint8_t> dtIg, gtIg;
    std::vector<uint32_t> gtOrder;
    for (size_t k = 0; k < K; ++k) {
        const size_t b = k * I + i;
        const size_t g0 = gtOffset_[b], G = gtOffset_[b + 1] - g0;
        const uint32_t* mine = pos.index.data() + pos.offset[k];
        const size_t mineCount = pos.offset[k + 1] - pos.offset[k];
        if (!prevBucket.empty()) {
            const uint32_t* theirs = prevPos.index.data() + prevPos.offset[k];
            bool same = mineCount == prevPos.offset[k + 1] - prevPos.offset[k] && !details;
            for (size_t n = 0; same && n < mineCount; ++n) {
                const DetectionRecord &x = dets[mine[n]], &y = (*previousDets)[theirs[n]];
                same = x.imageId == y.imageId && x.categoryId == y.categoryId && x.x == y.x && x.y == y.y && x.w == y.w
                       && x.h == y.h && x.score == y.score;
            }
            if (same) {
                // Unchanged detections (their positions in the list may have moved, which only
                // the details would notice): the previous bucket serves.
                if (prevBucket[k])
                    image->buckets.push_back(prevBucket[k]);
                continue;
            }
            if (changed && (prevBucket[k] || mineCount > 0))
                (*changed)[k] = 1;
        }
        if (G == 0 && mineCount == 0)
            continue;
        auto e = std::make_shared<CocoBucketEval>();
        e->category = uint32_t(k);
        // np.argsort(-score, kind='mergesort'): stable.
        e->order.assign(mine, mine + mineCount);
        std::stable_sort(e->order.begin(), e->order.end(),
                         [&](uint32_t a, uint32_t c) { return dets[a].score > dets[c].score; });
        if (e->order.size() > maxDet)
            e->order.resize(maxDet);
        const size_t D = e->order.size();
        for (uint32_t d : e->order)
            e->scores.push_back(dets[d].score);
        const uint32_t* det = e->order.data();
        const GtBox* gtb = gtBoxes_.data() + g0;
        ious.assign(D * G, 0.0);
        for (size_t d = 0; d < D; ++d)
            for (size_t g = 0; g < G; ++g)
                ious[d * G + g] = cocoIou(dets[det[d]], gtb[g].x, gtb[g].y, gtb[g].w, gtb[g].h, gtb[g].crowd);
        e->flags.assign(A * T * D, 0);
        e->npig.assign(A, 0);
        for (size_t a = 0; a < A; ++a) {
            const double lo = P.areaRng[a][0], hi = P.areaRng[a][1];
            gtIg.resize(G);
            for (size_t g = 0; g < G; ++g)
                gtIg[g] = (gtb[g].crowd || gtb[g].area < lo || gtb[g].area > hi) ? 1 : 0;
            gtOrder.resize(G);
            std::iota(gtOrder.begin(), gtOrder.end(), 0u);
            std::stable_sort(gtOrder.begin(), gtOrder.end(), [&](uint32_t x, uint32_t y) { return gtIg[x] < gtIg[y]; });
            uint32_t nonIgnored = 0;
            for (size_t g = 0; g < G; ++g)
                nonIgnored += gtIg[g] == 0;
            e->npig[a] = nonIgnored;
            gtm.assign(T * G, 0);
            dtm.assign(T * D, 0);
            dtIg.assign(T * D, 0);
            if (D > 0 && G > 0) {
                for (size_t t = 0; t < T; ++t) {
                    for (size_t d = 0; d < D; ++d) {
                        double best = std::min(P.iouThrs[t], 1 - 1e-10);
                        long m = -1;
                        for (size_t gi = 0; gi < G; ++gi) {
                            const uint32_t g = gtOrder[gi];
                            if (gtm[t * G + gi] > 0 && !gtb[g].crowd)
                                continue;
                            if (m > -1 && gtIg[gtOrder[size_t(m)]] == 0 && gtIg[g] == 1)
                                break;
                            const double v = ious[d * G + g];
                            if (v < best)
                                continue;
                            best = v;
                            m = long(gi);
                        }
                        if (m == -1)
                            continue;
                        const uint32_t g = gtOrder[size_t(m)];
                        dtIg[t * D + d] = gtIg[g];
                        dtm[t * D + d] = gtb[g].id;
                        gtm[t * G + size_t(m)] = det[d] + 1;
                    }
                }
            }
            uint8_t* f = e->flags.data() + a * T * D;
            for (size_t d = 0; d < D; ++d) {
                const DetectionRecord& dr = dets[det[d]];
                const double area = dr.w * dr.h;
                const bool outside = area < lo || area > hi;
                for (size_t t = 0; t < T; ++t) {
                    const bool matched = dtm[t * D + d] != 0;
                    const bool ignored = dtIg[t * D + d] || (!matched && outside);
                    f[t * D + d] = uint8_t((matched ? kMatched : 0) | (ignored ? kIgnored : 0));
                }
            }
            if (details) {
                e->dtMatches.insert(e->dtMatches.end(), dtm.begin(), dtm.end());
                for (size_t gi = 0; gi < G; ++gi) {
                    e->gtOrder.push_back(gtOrder[gi]);
                    e->gtIgnore.push_back(gtIg[gtOrder[gi]]);
                }
                e->gtMatches.insert(e->gtMatches.end(), gtm.begin(), gtm.end());
            }
        }
        e->matchedBits.assign(D, 0);
        e->countedBits.assign(D, 0);
        for (size_t at = 0; at < A * T; ++at)
            for (size_t d = 0; d < D; ++d) {
                const uint8_t f = e->flags[at * D + d];
                if (f & kMatched)
                    e->matchedBits[d] |= uint64_t(1) << at;
                if (!(f & kIgnored))
                    e->countedBits[d] |= uint64_t(1) << at;
            }
        image->buckets.push_back(std::move(e));
    }
    return image;
}

void CocoEvaluator::accumulateCategory(size_t k, const std::vector<std::pair<uint32_t, const CocoBucketEval*>>& buckets,
                                       CocoEvalResult& res) const
{
    const auto& P = params_;
    const size_t T = P.iouThrs.size(), R = P.recThrs.size(), A = P.areaRng.size(), M = P.maxDets.size();
    // This category's slices are contiguous (category-major layout).
    std::fill_n(res.precision.begin() + long(k * T * R * A * M), T * R * A * M, -1.0);
    const bool withScores = !res.scores.empty();
    if (withScores)
        std::fill_n(res.scores.begin() + long(k * T * R * A * M), T * R * A * M, -1.0);
    std::fill_n(res.recall.begin() + long(k * T * A * M), T * A * M, -1.0);
    if (buckets.empty())
        return;
    const double eps = 2.220446049250313e-16; // np.spacing(1)
    struct Ref {
        double score;
        uint32_t bucket; // position in `buckets` (image order)
        uint32_t d;      // position inside the bucket's sorted detections
    };
    // pycocotools concatenates the images' truncated lists in image order and mergesorts by
    // descending score: ties keep image order, then in-image order — one sort of the
    // largest maxDets serves every smaller one as the subsequence with d < maxDet.
    const size_t mdLast = size_t(P.maxDets.back());
    // Scratch kept per thread: this runs for every changed category of every configuration.
    thread_local std::vector<Ref> all;
    all.clear();
    for (size_t n = 0; n < buckets.size(); ++n) {
        const CocoBucketEval& e = *buckets[n].second;
        for (size_t d = 0; d < std::min(e.order.size(), mdLast); ++d)
            all.push_back({e.scores[d], uint32_t(n), uint32_t(d)});
    }
    std::sort(all.begin(), all.end(), [](const Ref& x, const Ref& y) {
        if (x.score != y.score)
            return x.score > y.score;
        return x.bucket != y.bucket ? x.bucket < y.bucket : x.d < y.d;
    });
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
            const CocoBucketEval& e = *buckets[all[n].bucket].second;
            const uint32_t d = all[n].d;
            rowsCounted[i] = e.countedBits[d];
            rowsTrue[i] = e.countedBits[d] & e.matchedBits[d];
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
            size_t np = 0;
            for (const auto& b : buckets)
                np += b.second->npig[a];
            if (np == 0)
                continue;
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
                res.recall[res.recallIndex(t, k, a, m)] = nd ? double(ntp) / double(np) : 0.0;
                for (size_t ri = 0; ri < R; ++ri) {
                    const size_t c = needTp[ri];
                    // (positions here index the full sorted list; `first` is the first kept)
                    const size_t pos = c == 0 ? first : (c <= ntp ? tpPos[c - 1] : N);
                    const size_t idx = res.precisionIndex(t, ri, k, a, m);
                    if (pos < N) {
                        // At the first position (c == 0) the precision is 0 unless it is itself
                        // a true positive, which bestFrom[0] then covers.
                        res.precision[idx] = c == 0 ? bestFrom[0] : bestFrom[c - 1];
                        if (withScores)
                            res.scores[idx] = all[pos].score;
                    } else {
                        // pycocotools leaves zeros once the index runs past the end
                        for (size_t rj = ri; rj < R; ++rj) {
                            const size_t j = res.precisionIndex(t, rj, k, a, m);
                            res.precision[j] = 0.0;
                            if (withScores)
                                res.scores[j] = 0.0;
                        }
                        break;
                    }
                }
            }
        }
    }
}

CocoEvalResult CocoEvaluator::accumulate(const std::vector<std::shared_ptr<const CocoImageEval>>& images,
                                         const CocoEvalResult* previous, const std::vector<uint8_t>* changedCategories,
                                         int threads, bool withScores) const
{
    const auto& P = params_;
    const size_t I = imageIds_.size(), K = categoryIds_.size(), T = P.iouThrs.size(), R = P.recThrs.size(),
                 A = P.areaRng.size(), M = P.maxDets.size();
    if (images.size() != I)
        throw std::logic_error("CocoEvaluator::accumulate: one evaluation per image expected");
    CocoEvalResult res;
    res.params = P;
    res.imageIds = imageIds_;
    res.categoryIds = categoryIds_;
    const bool reuse = previous && changedCategories && previous->precision.size() == T * R * K * A * M;
    if (reuse) {
        res.precision = previous->precision;
        res.recall = previous->recall;
        if (withScores)
            res.scores = previous->scores.size() == res.precision.size() ? previous->scores
                                                                         : std::vector<double>(res.precision.size(), -1.0);
    } else {
        res.precision.assign(T * R * K * A * M, -1.0);
        res.recall.assign(T * K * A * M, -1.0);
        if (withScores)
            res.scores.assign(T * R * K * A * M, -1.0);
    }
    std::vector<std::vector<std::pair<uint32_t, const CocoBucketEval*>>> byCategory(K);
    for (size_t i = 0; i < I; ++i)
        if (images[i])
            for (const auto& b : images[i]->buckets)
                byCategory[b->category].push_back({uint32_t(i), b.get()});
    std::vector<size_t> todo;
    for (size_t k = 0; k < K; ++k)
        if (!reuse || (*changedCategories)[k])
            todo.push_back(k);
    // Categories write disjoint elements of the result arrays.
    const size_t nThreads = std::min<size_t>(size_t(std::max(1, threads)), std::max<size_t>(1, todo.size() / 4));
    auto work = [&](size_t first) {
        for (size_t n = first; n < todo.size(); n += nThreads)
            accumulateCategory(todo[n], byCategory[todo[n]], res);
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < nThreads; ++t)
        pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool)
        th.join();
    summarize(res);
    return res;
}

CocoEvalResult CocoEvaluator::evaluate(const std::vector<DetectionRecord>& dts, const ProgressToken* progress,
                                       bool keepPerImage) const
{
    const size_t I = imageIds_.size(), K = categoryIds_.size(), A = params_.areaRng.size(), T = params_.iouThrs.size();
    // The detections of each image in file order, and their positions in `dts`.
    std::vector<std::vector<DetectionRecord>> perImage(I);
    std::vector<std::vector<uint32_t>> globalPos(I);
    for (size_t n = 0; n < dts.size(); ++n) {
        auto ii = imagePos_.find(dts[n].imageId);
        if (ii == imagePos_.end())
            throw InputError("detection " + std::to_string(n) + " refers to image id " + std::to_string(dts[n].imageId)
                             + ", which is not in the ground truth");
        perImage[ii->second].push_back(dts[n]);
        globalPos[ii->second].push_back(uint32_t(n));
    }
    std::vector<std::shared_ptr<const CocoImageEval>> images(I);
    for (size_t i = 0; i < I; ++i) {
        if (progress && i % 64 == 0) {
            progress->checkCancelled();
            progress->report(0.8 * double(i) / double(std::max<size_t>(1, I)), "matching detections");
        }
        images[i] = evaluateImage(i, perImage[i], nullptr, nullptr, nullptr, keepPerImage);
    }
    reportProgress(progress, 0.8, "accumulating");
    CocoEvalResult res = accumulate(images);
    if (keepPerImage) {
        // pycocotools' evalImgs order: category, image, area range.
        std::vector<std::vector<std::pair<uint32_t, const CocoBucketEval*>>> byCategory(K);
        for (size_t i = 0; i < I; ++i)
            for (const auto& b : images[i]->buckets)
                byCategory[b->category].push_back({uint32_t(i), b.get()});
        for (size_t k = 0; k < K; ++k)
            for (const auto& [i, e] : byCategory[k]) {
                const size_t D = e->order.size(), G = gtOffset_[k * I + i + 1] - gtOffset_[k * I + i];
                const GtBox* gtb = gtBoxes_.data() + gtOffset_[k * I + i];
                for (size_t a = 0; a < A; ++a) {
                    ImageCategoryEval x;
                    x.imageId = imageIds_[i];
                    x.categoryId = categoryIds_[k];
                    x.areaIndex = int(a);
                    for (size_t d = 0; d < D; ++d) {
                        x.dtIds.push_back(int64_t(globalPos[i][e->order[d]]) + 1);
                        x.dtScores.push_back(e->scores[d]);
                    }
                    for (size_t gi = 0; gi < G; ++gi) {
                        x.gtIds.push_back(gtb[e->gtOrder[a * G + gi]].id);
                        x.gtIgnore.push_back(e->gtIgnore[a * G + gi]);
                    }
                    x.dtMatches.assign(e->dtMatches.begin() + long(a * T * D), e->dtMatches.begin() + long((a + 1) * T * D));
                    for (size_t n = 0; n < T * D; ++n)
                        x.dtIgnore.push_back((e->flags[a * T * D + n] & kIgnored) ? 1 : 0);
                    for (size_t n = 0; n < T * G; ++n) {
                        const uint32_t v = e->gtMatches[a * T * G + n];
                        x.gtMatches.push_back(v ? int64_t(globalPos[i][v - 1]) + 1 : 0);
                    }
                    res.evalImgs.push_back(std::move(x));
                }
            }
    }
    reportProgress(progress, 1.0, "done");
    return res;
}

void CocoEvaluator::summarize(CocoEvalResult& res) const
{
    const auto& P = params_;
    const size_t K = categoryIds_.size(), T = P.iouThrs.size(), R = P.recThrs.size(), M = P.maxDets.size();
    // --- summarize() -------------------------------------------------------------------
    std::vector<double> buf;
    // pycocotools averages over (t, r, k) in that order; the arrays are category-major, so
    // each (area, maxDets) slice is first gathered category by category into [t][r][k].
    std::map<std::pair<size_t, size_t>, std::vector<double>> slices;
    auto sliceOf = [&](size_t a, size_t m) -> const std::vector<double>& {
        auto it = slices.find({a, m});
        if (it != slices.end())
            return it->second;
        std::vector<double> v(T * R * K);
        for (size_t k = 0; k < K; ++k) {
            const double* src = res.precision.data() + res.precisionIndex(0, 0, k, a, m); // [T][R], contiguous
            for (size_t tr = 0; tr < T * R; ++tr)
                v[tr * K + k] = src[tr];
        }
        return slices.emplace(std::make_pair(a, m), std::move(v)).first->second;
    };
    auto summarizeSlice = [&](bool ap, long tIndex, size_t a, size_t m, long onlyK) {
        buf.clear();
        const std::vector<double>* slice = ap && onlyK < 0 ? &sliceOf(a, m) : nullptr;
        for (size_t t = 0; t < T; ++t) {
            if (tIndex >= 0 && size_t(tIndex) != t)
                continue;
            if (ap) {
                for (size_t r = 0; r < R; ++r)
                    for (size_t k = 0; k < K; ++k) {
                        if (onlyK >= 0 && size_t(onlyK) != k)
                            continue;
                        const double v = slice ? (*slice)[(t * R + r) * K + k] : res.precisionAt(t, r, k, a, m);
                        if (v > -1)
                            buf.push_back(v);
                    }
            } else {
                for (size_t k = 0; k < K; ++k) {
                    if (onlyK >= 0 && size_t(onlyK) != k)
                        continue;
                    const double v = res.recall[res.recallIndex(t, k, a, m)];
                    if (v > -1)
                        buf.push_back(v);
                }
            }
        }
        return meanOfDefined(buf);
    };
    auto indexOfIou = [&](double thr) -> long {
        for (size_t t = 0; t < T; ++t)
            if (P.iouThrs[t] == thr)
                return long(t);
        return -2; // no such threshold: pycocotools gets an empty slice → -1
    };
    auto indexOfMaxDet = [&](int md) -> size_t {
        for (size_t m = 0; m < M; ++m)
            if (P.maxDets[m] == md)
                return m;
        return M - 1;
    };
    auto statsFor = [&](long onlyK) {
        std::array<double, kCocoStatCount> s{};
        const size_t m100 = indexOfMaxDet(100);
        auto ap = [&](long t, size_t a) { return t == -2 ? -1.0 : summarizeSlice(true, t, a, m100, onlyK); };
        s[0] = ap(-1, 0);
        s[1] = ap(indexOfIou(0.5), 0);
        s[2] = ap(indexOfIou(0.75), 0);
        s[3] = ap(-1, 1);
        s[4] = ap(-1, 2);
        s[5] = ap(-1, 3);
        s[6] = summarizeSlice(false, -1, 0, indexOfMaxDet(1), onlyK);
        s[7] = summarizeSlice(false, -1, 0, indexOfMaxDet(10), onlyK);
        s[8] = summarizeSlice(false, -1, 0, m100, onlyK);
        s[9] = summarizeSlice(false, -1, 1, m100, onlyK);
        s[10] = summarizeSlice(false, -1, 2, m100, onlyK);
        s[11] = summarizeSlice(false, -1, 3, m100, onlyK);
        return s;
    };
    res.stats = statsFor(-1);
    res.perCategoryAP.resize(K);
    const size_t mLast = M - 1;
    for (size_t k = 0; k < K; ++k) {
        buf.clear();
        for (size_t t = 0; t < T; ++t)
            for (size_t r = 0; r < R; ++r) {
                const double v = res.precisionAt(t, r, k, 0, mLast);
                if (v > -1)
                    buf.push_back(v);
            }
        res.perCategoryAP[k] = meanOfDefined(buf);
    }
}

std::array<double, kCocoStatCount> CocoEvalResult::categoryStats(size_t kOnly) const
{
    // Same definitions as CocoEvaluator's summarize, on one category's slice.
    std::array<double, kCocoStatCount> s{};
    std::vector<double> buf;
    auto mIndex = [&](int md) {
        for (size_t m = 0; m < M(); ++m)
            if (params.maxDets[m] == md)
                return m;
        return M() - 1;
    };
    auto tIndex = [&](double thr) -> long {
        for (size_t t = 0; t < T(); ++t)
            if (params.iouThrs[t] == thr)
                return long(t);
        return -2;
    };
    auto apOf = [&](long tOnly, size_t a) {
        if (tOnly == -2)
            return -1.0;
        buf.clear();
        for (size_t t = 0; t < T(); ++t)
            if (tOnly < 0 || size_t(tOnly) == t)
                for (size_t r = 0; r < R(); ++r) {
                    const double v = precisionAt(t, r, kOnly, a, mIndex(100));
                    if (v > -1)
                        buf.push_back(v);
                }
        return meanOfDefined(buf);
    };
    auto arOf = [&](size_t a, size_t m) {
        buf.clear();
        for (size_t t = 0; t < T(); ++t) {
            const double v = recallAt(t, kOnly, a, m);
            if (v > -1)
                buf.push_back(v);
        }
        return meanOfDefined(buf);
    };
    s[0] = apOf(-1, 0);
    s[1] = apOf(tIndex(0.5), 0);
    s[2] = apOf(tIndex(0.75), 0);
    s[3] = apOf(-1, 1);
    s[4] = apOf(-1, 2);
    s[5] = apOf(-1, 3);
    s[6] = arOf(0, mIndex(1));
    s[7] = arOf(0, mIndex(10));
    s[8] = arOf(0, mIndex(100));
    s[9] = arOf(1, mIndex(100));
    s[10] = arOf(2, mIndex(100));
    s[11] = arOf(3, mIndex(100));
    return s;
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
