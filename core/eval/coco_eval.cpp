// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/coco_eval.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
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

} // namespace

CocoEvaluator::CocoEvaluator(const Dataset& gt, CocoEvalParams params) : params_(std::move(params))
{
    for (const auto& im : gt.images)
        imageIds_.push_back(im.id);
    std::sort(imageIds_.begin(), imageIds_.end());
    imageIds_.erase(std::unique(imageIds_.begin(), imageIds_.end()), imageIds_.end());
    for (const auto& c : gt.categories)
        categoryIds_.push_back(c.id);
    std::sort(categoryIds_.begin(), categoryIds_.end());
    categoryIds_.erase(std::unique(categoryIds_.begin(), categoryIds_.end()), categoryIds_.end());

    std::unordered_map<int64_t, size_t> imgPos, catPos;
    for (size_t i = 0; i < imageIds_.size(); ++i)
        imgPos[imageIds_[i]] = i;
    for (size_t k = 0; k < categoryIds_.size(); ++k)
        catPos[categoryIds_[k]] = k;
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

CocoEvalResult CocoEvaluator::evaluate(const std::vector<DetectionRecord>& dts, const ProgressToken* progress,
                                       bool keepPerImage) const
{
    const auto& P = params_;
    const size_t I = imageIds_.size(), K = categoryIds_.size(), T = P.iouThrs.size(), R = P.recThrs.size(),
                 A = P.areaRng.size(), M = P.maxDets.size();
    const size_t maxDet = size_t(P.maxDets.back());

    std::unordered_map<int64_t, size_t> imgPos, catPos;
    for (size_t i = 0; i < I; ++i)
        imgPos[imageIds_[i]] = i;
    for (size_t k = 0; k < K; ++k)
        catPos[categoryIds_[k]] = k;

    // Detections per bucket (stable: file order inside a bucket).
    std::vector<size_t> dOff(I * K + 1, 0);
    std::vector<size_t> dBucket(dts.size(), size_t(-1));
    for (size_t n = 0; n < dts.size(); ++n) {
        auto ii = imgPos.find(dts[n].imageId);
        if (ii == imgPos.end())
            throw InputError("detection " + std::to_string(n) + " refers to image id " + std::to_string(dts[n].imageId)
                             + ", which is not in the ground truth");
        auto kk = catPos.find(dts[n].categoryId);
        if (kk == catPos.end())
            continue; // COCOeval only loads detections of the GT's categories
        dBucket[n] = kk->second * I + ii->second;
        ++dOff[dBucket[n] + 1];
    }
    for (size_t b = 0; b < I * K; ++b)
        dOff[b + 1] += dOff[b];
    std::vector<uint32_t> dIdx(dOff.back());
    {
        std::vector<size_t> fill(dOff.begin(), dOff.end() - 1);
        for (size_t n = 0; n < dts.size(); ++n)
            if (dBucket[n] != size_t(-1))
                dIdx[fill[dBucket[n]]++] = uint32_t(n);
    }

    // --- evaluate(): per (category, image) matching for every area range -----------------
    // Per bucket: the score-sorted, truncated detections; per (bucket, area): flags [T][D]
    // and the number of non-ignored GT.
    std::vector<uint8_t> present(I * K, 0);
    std::vector<size_t> sortedOff(I * K + 1, 0); // CSR into sortedDet
    std::vector<uint32_t> sortedDet;
    sortedDet.reserve(dIdx.size());
    std::vector<size_t> flagOff(I * K + 1, 0);   // CSR (per bucket: A * T * D flags)
    std::vector<uint8_t> flags;
    std::vector<uint32_t> npig(I * K * A, 0);

    CocoEvalResult res;
    std::vector<double> ious;
    std::vector<uint32_t> gtOrder;
    std::vector<uint8_t> gtIg, gtCrowd;
    std::vector<uint32_t> gtm; // [T][G] matched detection position + 1 (0: none)
    std::vector<int64_t> dtm;  // [T][D] matched GT id (0: none)
    std::vector<uint8_t> dtIg;
    for (size_t k = 0; k < K; ++k) {
        if (progress && (k % 4 == 0)) {
            progress->checkCancelled();
            progress->report(0.8 * double(k) / double(K), "matching detections");
        }
        for (size_t i = 0; i < I; ++i) {
            const size_t b = k * I + i;
            const size_t g0 = gtOffset_[b], G = gtOffset_[b + 1] - g0;
            const size_t d0 = dOff[b], Dall = dOff[b + 1] - d0;
            const size_t sStart = sortedDet.size();
            sortedOff[b] = sStart;
            flagOff[b] = flags.size();
            if (G == 0 && Dall == 0)
                continue;
            present[b] = 1;
            // np.argsort(-score, kind='mergesort'): stable.
            sortedDet.insert(sortedDet.end(), dIdx.begin() + long(d0), dIdx.begin() + long(d0 + Dall));
            std::stable_sort(sortedDet.begin() + long(sStart), sortedDet.end(),
                             [&](uint32_t a, uint32_t c) { return dts[a].score > dts[c].score; });
            if (Dall > maxDet)
                sortedDet.resize(sStart + maxDet);
            const size_t D = sortedDet.size() - sStart;
            const uint32_t* det = sortedDet.data() + sStart;
            const GtBox* gtb = gtBoxes_.data() + g0;

            ious.assign(D * G, 0.0);
            for (size_t d = 0; d < D; ++d)
                for (size_t g = 0; g < G; ++g)
                    ious[d * G + g] = cocoIou(dts[det[d]], gtb[g].x, gtb[g].y, gtb[g].w, gtb[g].h, gtb[g].crowd);

            flags.resize(flags.size() + A * T * D, 0);
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
                npig[b * A + a] = nonIgnored;

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
                            gtm[t * G + size_t(m)] = uint32_t(det[d]) + 1;
                        }
                    }
                }
                uint8_t* f = flags.data() + flagOff[b] + a * T * D;
                for (size_t d = 0; d < D; ++d) {
                    const DetectionRecord& dr = dts[det[d]];
                    const double area = dr.w * dr.h;
                    const bool outside = area < lo || area > hi;
                    for (size_t t = 0; t < T; ++t) {
                        const bool matched = dtm[t * D + d] != 0;
                        const bool ignored = dtIg[t * D + d] || (!matched && outside);
                        f[t * D + d] = uint8_t((matched ? kMatched : 0) | (ignored ? kIgnored : 0));
                    }
                }
                if (keepPerImage) {
                    ImageCategoryEval e;
                    e.imageId = imageIds_[i];
                    e.categoryId = categoryIds_[k];
                    e.areaIndex = int(a);
                    for (size_t d = 0; d < D; ++d) {
                        e.dtIds.push_back(int64_t(det[d]) + 1);
                        e.dtScores.push_back(dts[det[d]].score);
                    }
                    for (size_t gi = 0; gi < G; ++gi) {
                        e.gtIds.push_back(gtb[gtOrder[gi]].id);
                        e.gtIgnore.push_back(gtIg[gtOrder[gi]]);
                    }
                    e.dtMatches = dtm;
                    for (size_t n = 0; n < T * D; ++n)
                        e.dtIgnore.push_back((f[n] & kIgnored) ? 1 : 0);
                    for (uint32_t v : gtm)
                        e.gtMatches.push_back(int64_t(v));
                    res.evalImgs.push_back(std::move(e));
                }
            }
        }
    }
    sortedOff[I * K] = sortedDet.size();
    flagOff[I * K] = flags.size();

    // --- accumulate() ------------------------------------------------------------------
    res.params = P;
    res.imageIds = imageIds_;
    res.categoryIds = categoryIds_;
    res.precision.assign(T * R * K * A * M, -1.0);
    res.recall.assign(T * K * A * M, -1.0);
    res.scores.assign(T * R * K * A * M, -1.0);
    const double eps = 2.220446049250313e-16; // np.spacing(1)
    struct Ref {
        double score;
        size_t bucket;
        uint32_t d; // position inside the bucket's sorted detections
    };
    std::vector<Ref> refs;
    std::vector<double> tpSum, fpSum, rc, pr;
    for (size_t k = 0; k < K; ++k) {
        if (progress && (k % 8 == 0)) {
            progress->checkCancelled();
            progress->report(0.8 + 0.2 * double(k) / double(K), "accumulating");
        }
        for (size_t m = 0; m < M; ++m) {
            const size_t md = size_t(P.maxDets[m]);
            // Detections of all images (image id order), each truncated to maxDet, then a
            // stable sort by descending score: the concatenate + mergesort of pycocotools.
            refs.clear();
            bool any = false;
            for (size_t i = 0; i < I; ++i) {
                const size_t b = k * I + i;
                if (!present[b])
                    continue;
                any = true;
                const size_t D = sortedOff[b + 1] - sortedOff[b];
                for (size_t d = 0; d < std::min(D, md); ++d)
                    refs.push_back({dts[sortedDet[sortedOff[b] + d]].score, b, uint32_t(d)});
            }
            if (!any)
                continue;
            std::stable_sort(refs.begin(), refs.end(), [](const Ref& x, const Ref& y) { return x.score > y.score; });
            const size_t nd = refs.size();
            for (size_t a = 0; a < A; ++a) {
                size_t np = 0;
                for (size_t i = 0; i < I; ++i)
                    if (present[k * I + i])
                        np += npig[(k * I + i) * A + a];
                if (np == 0)
                    continue;
                for (size_t t = 0; t < T; ++t) {
                    tpSum.resize(nd);
                    fpSum.resize(nd);
                    double tp = 0, fp = 0;
                    for (size_t n = 0; n < nd; ++n) {
                        const Ref& r = refs[n];
                        const size_t D = sortedOff[r.bucket + 1] - sortedOff[r.bucket];
                        const uint8_t f = flags[flagOff[r.bucket] + a * T * D + t * D + r.d];
                        if (!(f & kIgnored)) {
                            if (f & kMatched)
                                tp += 1;
                            else
                                fp += 1;
                        }
                        tpSum[n] = tp;
                        fpSum[n] = fp;
                    }
                    rc.resize(nd);
                    pr.resize(nd);
                    for (size_t n = 0; n < nd; ++n) {
                        rc[n] = tpSum[n] / double(np);
                        pr[n] = tpSum[n] / (fpSum[n] + tpSum[n] + eps);
                    }
                    res.recall[((t * K + k) * A + a) * M + m] = nd ? rc[nd - 1] : 0.0;
                    for (size_t n = nd; n-- > 1;)
                        if (pr[n] > pr[n - 1])
                            pr[n - 1] = pr[n];
                    size_t pos = 0;
                    for (size_t ri = 0; ri < R; ++ri) {
                        // np.searchsorted(rc, recThr, side='left')
                        while (pos < nd && rc[pos] < P.recThrs[ri])
                            ++pos;
                        const size_t idx = (((t * R + ri) * K + k) * A + a) * M + m;
                        if (pos < nd) {
                            res.precision[idx] = pr[pos];
                            res.scores[idx] = refs[pos].score;
                        } else {
                            // pycocotools leaves zeros once the index runs past the end
                            for (size_t rj = ri; rj < R; ++rj) {
                                const size_t j = (((t * R + rj) * K + k) * A + a) * M + m;
                                res.precision[j] = 0.0;
                                res.scores[j] = 0.0;
                            }
                            break;
                        }
                    }
                }
            }
        }
    }

    // --- summarize() -------------------------------------------------------------------
    std::vector<double> buf;
    auto summarizeSlice = [&](bool ap, long tIndex, size_t a, size_t m, long onlyK) {
        buf.clear();
        for (size_t t = 0; t < T; ++t) {
            if (tIndex >= 0 && size_t(tIndex) != t)
                continue;
            if (ap) {
                for (size_t r = 0; r < R; ++r)
                    for (size_t k = 0; k < K; ++k) {
                        if (onlyK >= 0 && size_t(onlyK) != k)
                            continue;
                        const double v = res.precision[(((t * R + r) * K + k) * A + a) * M + m];
                        if (v > -1)
                            buf.push_back(v);
                    }
            } else {
                for (size_t k = 0; k < K; ++k) {
                    if (onlyK >= 0 && size_t(onlyK) != k)
                        continue;
                    const double v = res.recall[((t * K + k) * A + a) * M + m];
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
                const double v = res.precision[(((t * R + r) * K + k) * A + 0) * M + mLast];
                if (v > -1)
                    buf.push_back(v);
            }
        res.perCategoryAP[k] = meanOfDefined(buf);
    }
    reportProgress(progress, 1.0, "done");
    return res;
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
