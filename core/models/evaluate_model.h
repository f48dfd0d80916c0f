// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A detector's COCO evaluation on a dataset: inference + the COCO evaluator, the one call
// behind every "AP before / after" (retrain, export reports, the GUI's retrain panel).
#include "eval/coco_eval.h"
#include "models/inference.h"

namespace anchorscope {

inline CocoEvalResult evaluateDetector(const Detector& model, const Dataset& ds, const InferenceOptions& opt = {},
                                       const ProgressToken* progress = nullptr)
{
    checkDatasetHasGroundTruth(ds);
    return CocoEvaluator(ds).evaluate(detectDataset(model, ds, opt, progress));
}

} // namespace anchorscope
