// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a model's output means for a dataset, without running the model (no LibTorch):
// whether its classes fit the dataset, and kept candidates as COCO detections.
#include "data/coco_json.h"
#include "data/dataset.h"
#include "eval/postprocess.h"
#include "models/model_meta.h"

#include <string>
#include <vector>

namespace anchorscope {

// Checks that every class the model predicts is a category of the dataset (same id;
// a different name is allowed but reported through `warnings`). Throws InputError.
void checkModelFitsDataset(const ModelMeta& meta, const Dataset& ds, std::vector<std::string>* warnings = nullptr);

// Evaluating a model needs ground truth: throws InputError for a dataset without a single
// annotation (AP would be undefined for every configuration).
void checkDatasetHasGroundTruth(const Dataset& ds);

// Kept candidates → COCO detections in original pixels (scale the corners in float, as
// torchvision's resize_boxes; background / unknown columns dropped). Shared by every path.
void appendDetections(const CandidateView& cand, const std::vector<uint32_t>& kept, const ModelMeta& meta, int64_t imageId,
                      float scaleX, float scaleY, std::vector<DetectionRecord>& out);

} // namespace anchorscope
