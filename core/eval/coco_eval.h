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
    std::vector<double> precision;    // [T][R][K][A][M], -1 where undefined
    std::vector<double> recall;       // [T][K][A][M]
    std::vector<double> scores;       // [T][R][K][A][M]
    std::vector<double> perCategoryAP; // [K]: AP@[.5:.95] of that category, -1 if undefined
    std::vector<ImageCategoryEval> evalImgs; // filled only when asked (keepPerImage)

    size_t T() const { return params.iouThrs.size(); }
    size_t R() const { return params.recThrs.size(); }
    size_t K() const { return categoryIds.size(); }
    size_t A() const { return params.areaRng.size(); }
    size_t M() const { return params.maxDets.size(); }
    double precisionAt(size_t t, size_t r, size_t k, size_t a, size_t m) const
    {
        return precision[(((t * R() + r) * K() + k) * A() + a) * M() + m];
    }
    double recallAt(size_t t, size_t k, size_t a, size_t m) const { return recall[((t * K() + k) * A() + a) * M() + m]; }

    // The 12 summary numbers restricted to category index k (pycocotools summarize on
    // that category's slice).
    std::array<double, kCocoStatCount> categoryStats(size_t k) const;
    // Interpolated precision at each recall threshold for IoU index t, area "all", the
    // largest maxDets; category index k, or the mean over categories with data when k < 0.
    std::vector<double> prCurve(size_t t, long k = -1) const;
    // pycocotools' 12-line summary text.
    std::string summaryText() const;
};

class CocoEvaluator {
public:
    explicit CocoEvaluator(const Dataset& gt, CocoEvalParams params = CocoEvalParams::bbox());

    // Detections of categories the GT lacks are ignored (as COCOeval does); image ids must
    // be in the GT (InputError otherwise). Detection ids are positions + 1.
    CocoEvalResult evaluate(const std::vector<DetectionRecord>& dts, const ProgressToken* progress = nullptr,
                            bool keepPerImage = false) const;

private:
    struct GtBox {
        int64_t id;
        double x, y, w, h, area;
        bool crowd;
    };
    CocoEvalParams params_;
    std::vector<int64_t> imageIds_, categoryIds_;
    std::vector<size_t> gtOffset_;  // CSR over bucket = k * I + i
    std::vector<GtBox> gtBoxes_;
};

// numpy's pairwise summation (np.add.reduce on a contiguous float64 array), so means of
// many values match pycocotools to the last bit.
double numpyPairwiseSum(const double* a, size_t n);

} // namespace anchorscope
