// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/coco_bootstrap.h"

#include "util/error.h"
#include "util/random.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <thread>

namespace anchorscope {

BootstrapWeights::BootstrapWeights(size_t images, int replicates, uint64_t seed)
    : images_(images), replicates_(replicates), seed_(seed)
{
    if (replicates < 1)
        throw InputError("the bootstrap needs at least one replicate");
    if (images == 0)
        throw InputError("the bootstrap needs at least one image");
    counts_.assign(images * size_t(replicates), 0);
    for (int b = 0; b < replicates; ++b) {
        Rng rng = Rng::forItem(seed, uint64_t(b));
        uint16_t* c = counts_.data() + size_t(b) * images;
        for (size_t n = 0; n < images; ++n) {
            uint16_t& k = c[size_t(rng.integer(0, int64_t(images) - 1))];
            if (k == UINT16_MAX) // needs 65535 draws of one image: never in practice
                throw std::overflow_error("bootstrap weight overflow");
            ++k;
        }
    }
}

CocoReplicates::CocoReplicates(const CocoEvaluator& coco, const std::vector<std::shared_ptr<const CocoImageEval>>& images)
    : coco_(coco)
{
    const CocoEvalParams& P = coco.params();
    const size_t I = coco.imageIds().size(), K = coco.categoryIds().size(), T = P.iouThrs.size();
    if (images.size() != I)
        throw std::logic_error("CocoReplicates: one match record per image expected");
    if (T > 16)
        throw std::logic_error("CocoReplicates: at most 16 IoU thresholds");
    for (size_t t = 0; t < T; ++t)
        if (P.iouThrs[t] == 0.5) {
            t50_ = t;
            hasT50_ = true;
        }
    // maxDets = 100 (pycocotools' summarize falls back to the last one).
    size_t maxDet = size_t(P.maxDets.back());
    for (int m : P.maxDets)
        if (m == 100)
            maxDet = 100;
    categories_.resize(K);
    struct Sortable {
        double score;
        Entry e;
    };
    std::vector<std::vector<Sortable>> lists(K);
    for (size_t i = 0; i < I; ++i) {
        if (!images[i])
            continue;
        const CocoImageEval& im = *images[i];
        for (size_t n = 0; n < im.buckets.size(); ++n) {
            const CocoBucketEval& b = *im.buckets[n];
            const size_t k = im.categories[n];
            for (size_t d = 0; d < std::min(b.dets.size(), maxDet); ++d) {
                const auto& x = b.dets[d];
                const uint16_t mask = uint16_t((uint64_t(1) << T) - 1);
                const uint16_t counted = uint16_t(x.counted & mask), matched = uint16_t(x.matched & mask);
                lists[k].push_back({x.score, {uint32_t(i), uint16_t(counted & matched), uint16_t(counted & ~matched)}});
            }
        }
    }
    for (size_t k = 0; k < K; ++k) {
        auto& l = lists[k];
        // pycocotools concatenates the images' lists in image order and mergesorts by
        // descending score: a stable sort.
        std::stable_sort(l.begin(), l.end(), [](const Sortable& a, const Sortable& b) { return a.score > b.score; });
        Category& c = categories_[k];
        c.entries.reserve(l.size());
        for (size_t n = 0; n < l.size(); ++n) {
            if (n == 0 || l[n].e.image != l[n - 1].e.image || l[n].score != l[n - 1].score)
                c.blockStart.push_back(uint32_t(n));
            c.entries.push_back(l[n].e);
        }
        c.blockStart.push_back(uint32_t(l.size()));
        for (size_t i = 0; i < I; ++i)
            if (const uint32_t g = coco.countedGroundTruth(k, i, 0)) {
                c.gtImages.push_back(uint32_t(i));
                c.gtCounts.push_back(g);
            }
    }
}

std::array<double, 2> CocoReplicates::stats(const uint16_t* w) const
{
    const CocoEvalParams& P = coco_.params();
    const size_t K = categories_.size(), T = P.iouThrs.size(), R = P.recThrs.size();
    const double eps = 2.220446049250313e-16; // np.spacing(1)
    thread_local std::vector<double> precision; // [k][t][r]
    thread_local std::vector<std::vector<double>> tpPrecision;
    thread_local std::vector<size_t> needTp;
    precision.assign(K * T * R, -1.0);
    tpPrecision.resize(T);
    needTp.resize(R);
    for (size_t k = 0; k < K; ++k) {
        const Category& c = categories_[k];
        uint64_t npig = 0;
        for (size_t n = 0; n < c.gtImages.size(); ++n)
            npig += uint64_t(w[c.gtImages[n]]) * c.gtCounts[n];
        if (npig == 0)
            continue; // pycocotools: no counted ground truth, precision stays -1
        for (size_t r = 0; r < R; ++r) {
            const double thr = P.recThrs[r];
            size_t need = size_t(std::max(0.0, std::ceil(thr * double(npig)) - 1.0));
            while (double(need) / double(npig) < thr)
                ++need;
            needTp[r] = need;
        }
        uint32_t tp[16] = {}, fp[16] = {};
        for (size_t t = 0; t < T; ++t)
            tpPrecision[t].clear();
        uint64_t nd = 0;
        for (size_t b = 0; b + 1 < c.blockStart.size(); ++b) {
            const Entry* first = c.entries.data() + c.blockStart[b];
            const Entry* last = c.entries.data() + c.blockStart[b + 1];
            const uint16_t copies = w[first->image];
            if (!copies)
                continue;
            nd += uint64_t(copies) * uint64_t(last - first);
            // The block's copies follow one another whole: copy 1's run of tied scores,
            // then copy 2's, ...
            for (uint16_t rep = 0; rep < copies; ++rep)
                for (const Entry* e = first; e != last; ++e) {
                    for (uint32_t m = e->truePositive; m; m &= m - 1) {
                        const int t = __builtin_ctz(m);
                        const double x = double(++tp[t]);
                        tpPrecision[size_t(t)].push_back(x / (double(fp[t]) + x + eps));
                    }
                    for (uint32_t m = e->falsePositive; m; m &= m - 1)
                        ++fp[__builtin_ctz(m)];
                }
        }
        for (size_t t = 0; t < T; ++t) {
            double* out = precision.data() + (k * T + t) * R;
            std::vector<double>& pr = tpPrecision[t];
            // Interpolated precision: the best precision at or after each true positive.
            for (size_t j = pr.size(); j-- > 1;)
                pr[j - 1] = std::max(pr[j - 1], pr[j]);
            for (size_t r = 0; r < R; ++r) {
                const size_t need = needTp[r];
                if (nd == 0 || need > pr.size()) {
                    std::fill(out + r, out + R, 0.0); // past the end: pycocotools leaves zeros
                    break;
                }
                out[r] = need == 0 ? (pr.empty() ? 0.0 : pr[0]) : pr[need - 1];
            }
        }
    }
    // summarize(): means over the flattened [t][r][k] slice of the defined values, summed as
    // numpy sums (pairwise), AP50 the run of t = 0.5 inside the same gathered values.
    thread_local std::vector<double> buf;
    buf.clear();
    size_t start50 = 0, end50 = 0;
    for (size_t t = 0; t < T; ++t) {
        if (t == t50_)
            start50 = buf.size();
        for (size_t r = 0; r < R; ++r)
            for (size_t k = 0; k < K; ++k) {
                const double v = precision[(k * T + t) * R + r];
                if (v > -1)
                    buf.push_back(v);
            }
        if (t == t50_)
            end50 = buf.size();
    }
    auto mean = [](const double* p, size_t n) { return n ? 0.0 + numpyPairwiseSum(p, n) / double(n) : -1.0; };
    return {mean(buf.data(), buf.size()), hasT50_ ? mean(buf.data() + start50, end50 - start50) : -1.0};
}

std::vector<std::array<double, 2>> CocoReplicates::all(const BootstrapWeights& w, int threads) const
{
    if (w.images() != coco_.imageIds().size())
        throw std::logic_error("CocoReplicates: weights of another image set");
    std::vector<std::array<double, 2>> out(size_t(w.replicates()));
    std::atomic<int> next{0};
    auto run = [&] {
        for (int b; (b = next++) < w.replicates();)
            out[size_t(b)] = stats(w.replicate(b));
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::min(threads, w.replicates()); ++t)
        pool.emplace_back(run);
    run();
    for (auto& th : pool)
        th.join();
    return out;
}

DeltaInterval pairedInterval(const std::vector<double>& a, const std::vector<double>& b, double delta, double level,
                             int* used)
{
    std::vector<double> d;
    for (size_t n = 0; n < std::min(a.size(), b.size()); ++n)
        if (a[n] > -1 && b[n] > -1)
            d.push_back(a[n] - b[n]);
    if (used)
        *used = int(d.size());
    DeltaInterval out;
    out.delta = delta;
    if (d.empty()) {
        out.lo = out.hi = delta;
        return out;
    }
    std::sort(d.begin(), d.end());
    // numpy.quantile's default ("linear"): position p·(n − 1), interpolated.
    auto quantile = [&](double p) {
        const double h = p * double(d.size() - 1);
        const size_t lo = size_t(std::floor(h));
        const size_t hi = std::min(lo + 1, d.size() - 1);
        return d[lo] + (h - double(lo)) * (d[hi] - d[lo]);
    };
    const double alpha = 1.0 - level;
    out.lo = quantile(alpha / 2);
    out.hi = quantile(1.0 - alpha / 2);
    return out;
}

} // namespace anchorscope
