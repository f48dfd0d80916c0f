// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// COCO bbox evaluation with the exact semantics of pycocotools' COCOeval (evaluate,
// accumulate, summarize): IoU thresholds .50:.05:.95, 101 recall points, maxDets 1/10/100,
// area ranges on the GT "area" field, crowd regions (matched many times, IoU over the
// detection's area), stable score ordering, images ordered by id, -1 where there is no data.
#include "data/coco_json.h"
#include "data/dataset.h"
#include "util/progress.h"

#include <array>
#include <functional>
#include <memory>
#include <unordered_map>
#include <string>
#include <vector>

namespace anchorscope {

struct CocoEvalParams {
    std::vector<double> iouThrs;                 // T
    std::vector<double> recThrs;                 // R
    std::vector<std::array<double, 2>> areaRng;  // A
    std::vector<std::string> areaLabels;
    std::vector<int> maxDets;                    // M, ascending

    static CocoEvalParams bbox(); // pycocotools defaults, bit-identical thresholds
};

constexpr int kCocoStatCount = 12;
extern const std::array<const char*, kCocoStatCount> kCocoStatNames; // AP AP50 ... ARl

// pycocotools evalImgs entry: one (image, category, area range) at maxDets[-1].
struct ImageCategoryEval {
    int64_t imageId = 0;
    int64_t categoryId = 0;
    int areaIndex = 0;
    std::vector<int64_t> dtIds;     // detection ids (1-based position in the results array)
    std::vector<double> dtScores;
    std::vector<int64_t> gtIds;     // in matching order (not ignored first)
    std::vector<uint8_t> gtIgnore;
    std::vector<int64_t> dtMatches; // [T][D]: matched GT id, 0 if none
    std::vector<uint8_t> dtIgnore;  // [T][D]
    std::vector<int64_t> gtMatches; // [T][G]: matched detection id, 0 if none
};

struct CocoEvalResult {
    CocoEvalParams params;
    std::vector<int64_t> imageIds;    // sorted
    std::vector<int64_t> categoryIds; // sorted
    std::array<double, kCocoStatCount> stats{};
    // Category-major ([K][A][M][T][R], [K][A][M][T]) — not pycocotools' [T][R][K][A][M] —
    // so that re-accumulating one category rewrites one contiguous slice and one (area,
    // maxDets) of a category is T·R contiguous values. Use the accessors.
    std::vector<double> precision;    // -1 where undefined
    std::vector<double> recall;
    std::vector<double> scores;
    std::vector<double> perCategoryAP; // [K]: AP@[.5:.95] of that category, -1 if undefined
    std::vector<ImageCategoryEval> evalImgs; // filled only when asked (keepPerImage)

    size_t T() const { return params.iouThrs.size(); }
    size_t R() const { return params.recThrs.size(); }
    size_t K() const { return categoryIds.size(); }
    size_t A() const { return params.areaRng.size(); }
    size_t M() const { return params.maxDets.size(); }
    size_t precisionIndex(size_t t, size_t r, size_t k, size_t a, size_t m) const
    {
        return (((k * A() + a) * M() + m) * T() + t) * R() + r;
    }
    size_t recallIndex(size_t t, size_t k, size_t a, size_t m) const { return ((k * A() + a) * M() + m) * T() + t; }
    double precisionAt(size_t t, size_t r, size_t k, size_t a, size_t m) const { return precision[precisionIndex(t, r, k, a, m)]; }
    double recallAt(size_t t, size_t k, size_t a, size_t m) const { return recall[recallIndex(t, k, a, m)]; }

    // The 12 summary numbers restricted to category index k (pycocotools summarize on
    // that category's slice).
    std::array<double, kCocoStatCount> categoryStats(size_t k) const;
    // Interpolated precision at each recall threshold for IoU index t, area "all", the
    // largest maxDets; category index k, or the mean over categories with data when k < 0.
    std::vector<double> prCurve(size_t t, long k = -1) const;
    // pycocotools' 12-line summary text.
    std::string summaryText() const;
};

// One (category, image) of evaluate(): the detections at the largest maxDets in descending
// score order (stable) and, per area range and IoU threshold, whether each is matched or
// ignored. Immutable once made, so configurations that leave a bucket unchanged share it.
struct CocoBucketEval {
    struct Detection {
        double score;
        // Bit a·T + t (A·T ≤ 64): matched at (area a, threshold t), and counted (not ignored).
        uint64_t matched, counted;
    };
    // With details (evalImgs only): positions in the detection list it was made from (of
    // `dets`), ignore flags [A][T][D], matched GT ids [A][T][D], GT order [A][G], its ignore
    // flags [A][G], matched detection positions + 1 [A][T][G].
    struct Details {
        std::vector<uint32_t> order;
        std::vector<uint8_t> dtIgnore;
        std::vector<int64_t> dtMatches;
        std::vector<uint32_t> gtOrder;
        std::vector<uint8_t> gtIgnore;
        std::vector<uint32_t> gtMatches;
    };
    uint32_t category = 0;        // index into the evaluator's sorted category ids
    std::vector<Detection> dets;  // sorted, truncated
    std::unique_ptr<Details> details; // only when asked: a search makes millions of buckets
};

// Every bucket of one image (categories with detections or ground truth there), by category.
struct CocoImageEval {
    std::vector<std::shared_ptr<const CocoBucketEval>> buckets;
    std::vector<uint32_t> categories; // of each bucket: read without touching the buckets
};

// What summarize() reads of one category's accumulation, and nothing more: precision
// [A][P][T][R] at the P maxDets the statistics average over (the one for maxDets = 100 and
// the largest, usually one and the same) and recall [A][M][T]. Immutable once made, so a
// configuration shares the blocks of the categories it leaves unchanged with its parent
// instead of copying whole result arrays.
struct CocoCategorySummary {
    std::vector<double> precision;
    std::vector<double> recall;
};

// The statistics of an accumulation made for summarizing only (CocoEvaluator::summaryOf).
struct CocoSummary {
    std::vector<std::shared_ptr<const CocoCategorySummary>> categories; // [K]
    std::array<double, kCocoStatCount> stats{};
    std::vector<double> perCategoryAP; // [K], as CocoEvalResult's
};

class CocoEvaluator {
public:
    explicit CocoEvaluator(const Dataset& gt, CocoEvalParams params = CocoEvalParams::bbox());

    // Detections of categories the GT lacks are ignored (as COCOeval does); image ids must
    // be in the GT (InputError otherwise). Detection ids are positions + 1.
    CocoEvalResult evaluate(const std::vector<DetectionRecord>& dts, const ProgressToken* progress = nullptr,
                            bool keepPerImage = false) const;

    // The two halves of evaluate(), for evaluating many detection sets that differ in a few
    // images (the configuration evaluator):
    // evaluateImage matches one image's detections (image = index into imageIds()); with
    // `details`, the buckets keep what evalImgs reports.
    std::shared_ptr<const CocoImageEval> evaluateImage(size_t image, const std::vector<DetectionRecord>& dets,
                                                       bool details = false) const;
    // The same for detections that differ from those of a previous evaluation of the image
    // only in the categories flagged in `rebuild` (by category index): the others reuse the
    // previous buckets. `changed` gets the categories evaluated anew or vanished.
    std::shared_ptr<const CocoImageEval> evaluateImage(size_t image, const std::vector<DetectionRecord>& dets,
                                                       const CocoImageEval& previous,
                                                       const std::vector<uint8_t>& rebuild,
                                                       std::vector<uint8_t>* changed) const;
    // Index of a category id, or -1.
    long categoryIndex(int64_t id) const;
    // accumulate() + summarize() over every image (one entry per image id, in order): every
    // array, for views and reports. Categories are spread over `threads` threads.
    CocoEvalResult accumulate(const std::vector<std::shared_ptr<const CocoImageEval>>& images, int threads = 1) const;

    // The same statistics and per-category APs as accumulate(), computing only what
    // summarize() reads — the precision curves at the maxDets of the AP statistics, and
    // recall — and sharing the unchanged categories' blocks with `previous`.
    CocoSummary summaryOf(const std::vector<std::shared_ptr<const CocoImageEval>>& images,
                          const CocoSummary* previous = nullptr,
                          const std::vector<uint8_t>* changedCategories = nullptr, int threads = 1) const;

    const std::vector<int64_t>& imageIds() const { return imageIds_; }
    const std::vector<int64_t>& categoryIds() const { return categoryIds_; }
    // Index of an image id, or -1.
    long imageIndex(int64_t imageId) const;
    const CocoEvalParams& params() const { return params_; }
    // Ground truth of category index k in image index i that area range a does not ignore
    // (pycocotools' npig, one image's share).
    uint32_t countedGroundTruth(size_t k, size_t i, size_t a) const
    {
        return npig_[(k * imageIds_.size() + i) * params_.areaRng.size() + a];
    }

private:
    // The buckets of one category as (image index, bucket), in image order.
    struct BucketSpan {
        const std::pair<uint32_t, const CocoBucketEval*>* first;
        size_t count;
        const std::pair<uint32_t, const CocoBucketEval*>* begin() const { return first; }
        const std::pair<uint32_t, const CocoBucketEval*>* end() const { return first + count; }
        size_t size() const { return count; }
        bool empty() const { return count == 0; }
        const std::pair<uint32_t, const CocoBucketEval*>& operator[](size_t n) const { return first[n]; }
    };
    // Where accumulateCategory writes one category's numbers (pointers to T·R or T values
    // per (area, maxDets)); a null precision block means "recall only" for that maxDets.
    struct CategoryOutput {
        std::function<double*(size_t a, size_t m)> precision, scores, recall;
    };
    void accumulateCategory(size_t k, BucketSpan buckets,
                            const CategoryOutput& out) const;
    // Groups the images' buckets by category and runs `work(k, buckets)` for the categories
    // flagged in `todo` (all when null), spread over `threads` threads.
    void forEachCategory(const std::vector<std::shared_ptr<const CocoImageEval>>& images,
                         const std::vector<uint8_t>* todo, int threads,
                         const std::function<void(size_t, BucketSpan)>& work) const;
    // The maxDets indices whose precision the statistics read (maxDets = 100, the largest).
    std::vector<size_t> summaryMaxDets() const;

    struct GtBox {
        int64_t id;
        double x, y, w, h, area;
        bool crowd;
    };
    CocoEvalParams params_;
    std::vector<int64_t> imageIds_, categoryIds_;
    std::vector<size_t> gtOffset_;  // CSR over bucket = k * I + i
    std::vector<uint32_t> npig_;    // [k * I + i][A]: ground truth there that no area range ignores
    std::vector<GtBox> gtBoxes_;
    std::unordered_map<int64_t, size_t> imagePos_, categoryPos_;
    std::vector<int32_t> categoryLut_; // id → index for ids in [0, size) (-1: none); faster than the map
    std::shared_ptr<const CocoImageEval> evaluateImageImpl(size_t image, const std::vector<DetectionRecord>& dets,
                                                           const CocoImageEval* previous,
                                                           const std::vector<uint8_t>* rebuild,
                                                           std::vector<uint8_t>* changed, bool details) const;
    bool isIgnored(const GtBox& g, size_t area) const; // crowd, or outside the area range
};

// numpy's pairwise summation (np.add.reduce on a contiguous float64 array), so means of
// many values match pycocotools to the last bit.
double numpyPairwiseSum(const double* a, size_t n);

} // namespace anchorscope
