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

namespace {

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
    const size_t A = params_.areaRng.size();
    npig_.assign(I * K * A, 0);
    for (size_t b = 0; b < I * K; ++b)
        for (size_t g = gtOffset_[b]; g < gtOffset_[b + 1]; ++g)
            for (size_t a = 0; a < A; ++a)
                npig_[b * A + a] += !isIgnored(gtBoxes_[g], a);
}

bool CocoEvaluator::isIgnored(const GtBox& g, size_t a) const
{
    return g.crowd || g.area < params_.areaRng[a][0] || g.area > params_.areaRng[a][1];
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
                                                                  const CocoImageEval& previous,
                                                                  const std::vector<uint8_t>& rebuild,
                                                                  std::vector<uint8_t>* changed) const
{
    return evaluateImageImpl(i, dets, &previous, &rebuild, changed, false);
}

std::shared_ptr<const CocoImageEval> CocoEvaluator::evaluateImage(size_t i, const std::vector<DetectionRecord>& dets,
                                                                  bool details) const
{
    return evaluateImageImpl(i, dets, nullptr, nullptr, nullptr, details);
}

std::shared_ptr<const CocoImageEval> CocoEvaluator::evaluateImageImpl(size_t i, const std::vector<DetectionRecord>& dets,
                                                                      const CocoImageEval* previous,
                                                                      const std::vector<uint8_t>* rebuild,
                                                                      std::vector<uint8_t>* changed, bool details) const
{
    const auto& P = params_;
    const size_t I = imageIds_.size(), K = categoryIds_.size(), T = P.iouThrs.size(), A = P.areaRng.size();
    const size_t maxDet = size_t(P.maxDets.back());
    // Positions per category, in list order (COCOeval keeps file order inside a bucket), as
    // CSR arrays. All scratch space is kept per thread: this runs for every changed image of
    // every configuration, and allocation would cost more than the matching.
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
    thread_local ByCategory pos;
    thread_local std::vector<int32_t> prevBucket; // per category: index into previous->buckets, or -1
    thread_local std::vector<double> ious, bestIou;
    thread_local std::vector<uint32_t> gtmAll, gtOrder, order;
    thread_local std::vector<int64_t> dtmAll;
    thread_local std::vector<uint8_t> dtIgAll, gtIgAll, matchedAll;
    group(dets, pos);
    const bool withPrevious = previous && rebuild;
    if (withPrevious) {
        prevBucket.assign(K, -1);
        for (size_t n = 0; n < previous->buckets.size(); ++n)
            prevBucket[previous->categories[n]] = int32_t(n);
    }
    auto image = std::make_shared<CocoImageEval>();
    image->buckets.reserve(withPrevious ? previous->buckets.size() + 2 : K);
    image->categories.reserve(image->buckets.capacity());
    for (size_t k = 0; k < K; ++k) {
        const size_t b = k * I + i;
        const size_t g0 = gtOffset_[b], G = gtOffset_[b + 1] - g0;
        const uint32_t* mine = pos.index.data() + pos.offset[k];
        const size_t mineCount = pos.offset[k + 1] - pos.offset[k];
        if (withPrevious) {
            if (!(*rebuild)[k]) {
                // Unchanged detections: the previous bucket serves.
                if (prevBucket[k] >= 0) {
                    image->buckets.push_back(previous->buckets[size_t(prevBucket[k])]);
                    image->categories.push_back(uint32_t(k));
                }
                continue;
            }
            if (changed && (prevBucket[k] >= 0 || mineCount > 0))
                (*changed)[k] = 1;
        }
        if (G == 0 && mineCount == 0)
            continue;
        auto e = std::make_shared<CocoBucketEval>();
        e->category = uint32_t(k);
        // np.argsort(-score, kind='mergesort'): stable, i.e. ties in list order (positions
        // ascending) — std::sort with that tie-break, as stable_sort would allocate.
        order.assign(mine, mine + mineCount);
        std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t c) {
            return dets[a].score != dets[c].score ? dets[a].score > dets[c].score : a < c;
        });
        if (order.size() > maxDet)
            order.resize(maxDet);
        const size_t D = order.size();
        e->dets.resize(D);
        for (size_t d = 0; d < D; ++d)
            e->dets[d] = {dets[order[d]].score, 0, 0};
        const uint32_t* det = order.data();
        const GtBox* gtb = gtBoxes_.data() + g0;
        ious.assign(D * G, 0.0);
        bestIou.assign(D, 0.0);
        for (size_t d = 0; d < D; ++d)
            for (size_t g = 0; g < G; ++g) {
                ious[d * G + g] = cocoIou(dets[det[d]], gtb[g].x, gtb[g].y, gtb[g].w, gtb[g].h, gtb[g].crowd);
                bestIou[d] = std::max(bestIou[d], ious[d * G + g]);
            }
        if (details) {
            e->details = std::make_unique<CocoBucketEval::Details>();
            e->details->order = order;
            e->details->dtIgnore.assign(A * T * D, 0);
        }
        double lowestThreshold = 1 - 1e-10;
        for (double t : P.iouThrs)
            lowestThreshold = std::min(lowestThreshold, t);
        const uint64_t allThresholds = T >= 64 ? ~uint64_t(0) : (uint64_t(1) << T) - 1;
        // The greedy matching of an area range depends on that range's ignore flags alone,
        // and is the same for "all ignored" as for "none ignored" (the order of the ground
        // truth and every comparison are then equal; only a match's ignore flag differs). When
        // a bucket's boxes all fall in one range (on the demo, most buckets), one matching
        // serves all four.
        gtIgAll.resize(A * G);
        for (size_t a = 0; a < A; ++a)
            for (size_t g = 0; g < G; ++g)
                gtIgAll[a * G + g] = isIgnored(gtb[g], a) ? 1 : 0;
        auto uniform = [&](size_t a) {
            for (size_t g = 1; g < G; ++g)
                if (gtIgAll[a * G + g] != gtIgAll[a * G])
                    return false;
            return true;
        };
        dtmAll.resize(A * T * D);
        dtIgAll.resize(A * T * D);
        matchedAll.resize(A * T * D);
        gtmAll.resize(A * T * G);
        for (size_t a = 0; a < A; ++a) {
            const double lo = P.areaRng[a][0], hi = P.areaRng[a][1];
            const uint8_t* gtIg = gtIgAll.data() + a * G;
            // Not ignored first, each group in file order (pycocotools' stable argsort).
            gtOrder.clear();
            for (uint8_t ig = 0; ig < 2; ++ig)
                for (uint32_t g = 0; g < G; ++g)
                    if (gtIg[g] == ig)
                        gtOrder.push_back(g);
            int64_t* dtm = dtmAll.data() + a * T * D;
            uint8_t* dtIg = dtIgAll.data() + a * T * D;
            uint32_t* gtm = gtmAll.data() + a * T * G;
            uint8_t* hasMatch = matchedAll.data() + a * T * D; // a match at all (an id may be 0)
            long same = -1; // an earlier range whose matching this one shares
            const bool uniformHere = uniform(a);
            for (size_t r = 0; r < a && same < 0; ++r)
                if (std::equal(gtIg, gtIg + G, gtIgAll.data() + r * G) || (uniformHere && uniform(r)))
                    same = long(r);
            if (same >= 0) {
                const size_t r = size_t(same);
                std::copy_n(dtmAll.data() + r * T * D, T * D, dtm);
                std::copy_n(gtmAll.data() + r * T * G, T * G, gtm);
                std::copy_n(matchedAll.data() + r * T * D, T * D, hasMatch);
                const uint8_t u = G ? gtIg[0] : 0; // a uniform range's flag for every match
                if (std::equal(gtIg, gtIg + G, gtIgAll.data() + r * G))
                    std::copy_n(dtIgAll.data() + r * T * D, T * D, dtIg);
                else
                    for (size_t x = 0; x < T * D; ++x)
                        dtIg[x] = hasMatch[x] ? u : 0;
            } else {
                std::fill_n(gtm, T * G, 0u);
                std::fill_n(dtm, T * D, int64_t(0));
                std::fill_n(dtIg, T * D, uint8_t(0));
                std::fill_n(hasMatch, T * D, uint8_t(0));
            }
            if (same < 0 && D > 0 && G > 0) {
                for (size_t t = 0; t < T; ++t) {
                    const double atLeast = std::min(P.iouThrs[t], 1 - 1e-10);
                    for (size_t d = 0; d < D; ++d) {
                        // A match needs an IoU of at least the threshold: a detection below
                        // it with every ground-truth box (most of a trained model's) has none.
                        if (bestIou[d] < atLeast)
                            continue;
                        double best = atLeast;
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
                        hasMatch[t * D + d] = 1;
                        gtm[t * G + size_t(m)] = det[d] + 1;
                    }
                }
            }
            for (size_t d = 0; d < D; ++d) {
                const DetectionRecord& dr = dets[det[d]];
                const double area = dr.w * dr.h;
                const bool outside = area < lo || area > hi;
                if (bestIou[d] < lowestThreshold && !details) {
                    // Matched at no threshold: counted at every one unless outside the range.
                    if (!outside)
                        e->dets[d].counted |= allThresholds << (a * T);
                    continue;
                }
                for (size_t t = 0; t < T; ++t) {
                    const bool matched = dtm[t * D + d] != 0;
                    const bool ignored = dtIg[t * D + d] || (!matched && outside);
                    const uint64_t bit = uint64_t(1) << (a * T + t);
                    if (matched)
                        e->dets[d].matched |= bit;
                    if (!ignored)
                        e->dets[d].counted |= bit;
                    if (details)
                        e->details->dtIgnore[(a * T + t) * D + d] = ignored ? 1 : 0;
                }
            }
            if (details) {
                e->details->dtMatches.insert(e->details->dtMatches.end(), dtm, dtm + T * D);
                for (size_t gi = 0; gi < G; ++gi) {
                    e->details->gtOrder.push_back(gtOrder[gi]);
                    e->details->gtIgnore.push_back(gtIg[gtOrder[gi]]);
                }
                e->details->gtMatches.insert(e->details->gtMatches.end(), gtm, gtm + T * G);
            }
        }
        image->buckets.push_back(std::move(e));
        image->categories.push_back(uint32_t(k));
    }
    return image;
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
        images[i] = evaluateImage(i, perImage[i], keepPerImage);
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
                const size_t D = e->dets.size(), G = gtOffset_[k * I + i + 1] - gtOffset_[k * I + i];
                const GtBox* gtb = gtBoxes_.data() + gtOffset_[k * I + i];
                for (size_t a = 0; a < A; ++a) {
                    ImageCategoryEval x;
                    x.imageId = imageIds_[i];
                    x.categoryId = categoryIds_[k];
                    x.areaIndex = int(a);
                    for (size_t d = 0; d < D; ++d) {
                        x.dtIds.push_back(int64_t(globalPos[i][e->details->order[d]]) + 1);
                        x.dtScores.push_back(e->dets[d].score);
                    }
                    for (size_t gi = 0; gi < G; ++gi) {
                        x.gtIds.push_back(gtb[e->details->gtOrder[a * G + gi]].id);
                        x.gtIgnore.push_back(e->details->gtIgnore[a * G + gi]);
                    }
                    x.dtMatches.assign(e->details->dtMatches.begin() + long(a * T * D), e->details->dtMatches.begin() + long((a + 1) * T * D));
                    x.dtIgnore.assign(e->details->dtIgnore.begin() + long(a * T * D), e->details->dtIgnore.begin() + long((a + 1) * T * D));
                    for (size_t n = 0; n < T * G; ++n) {
                        const uint32_t v = e->details->gtMatches[a * T * G + n];
                        x.gtMatches.push_back(v ? int64_t(globalPos[i][v - 1]) + 1 : 0);
                    }
                    res.evalImgs.push_back(std::move(x));
                }
            }
    }
    reportProgress(progress, 1.0, "done");
    return res;
}

} // namespace anchorscope
