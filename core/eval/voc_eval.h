// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Pascal VOC average precision (the devkit's voc_eval): per class, detections ranked by
// score, each matched to the unmatched GT of its image with the highest IoU > 0.5;
// "difficult" GT are neither true nor false positives. 2007 11-point or all-point AP.
#include "data/coco_json.h"
#include "data/dataset.h"

#include <vector>

namespace anchorscope {

struct VocEvalOptions {
    bool use07Metric = false;   // 11-point interpolation (VOC2007) instead of all points
    double iouThreshold = 0.5;  // a match needs IoU > threshold (strict, as the devkit)
    bool legacyPlusOne = false; // devkit pixel convention: widths are x2 - x1 + 1
};

struct VocEvalResult {
    std::vector<int64_t> categoryIds;
    std::vector<double> ap;       // per category; NaN when it has no non-difficult GT
    std::vector<int> numPositives; // non-difficult GT per category
    double mAP = 0;               // mean over categories with positives
};

VocEvalResult evaluateVoc(const Dataset& gt, const std::vector<DetectionRecord>& dts, const VocEvalOptions& opt = {});

// The two interpolations on a recall/precision curve (exposed for tests).
double vocAp(const std::vector<double>& recall, const std::vector<double>& precision, bool use07Metric);

} // namespace anchorscope
