// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Running a detector over a dataset: batched forward with image loading overlapped, the
// shared post-processing, boxes mapped back to original image pixels.
#include "data/coco_json.h"
#include "data/dataset.h"
#include "eval/postprocess.h"
#include "models/detection_output.h"
#include "models/detector.h"
#include "util/progress.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace anchorscope {

struct InferenceOptions {
    int batchSize = 0; // 0: the model's default (models/run_settings.h); min_max models run one image at a time
    const std::vector<uint8_t>* removedAnchors = nullptr; // mask a configuration (docs/design.md §5)
    // Post-processing to use instead of the model's own (e.g. a prediction cache's lower
    // threshold), so callers need not copy the model to change a setting.
    const PostProcessSettings* settings = nullptr;
    // Called per image with its candidates (input pixels, rank order) before selection, the
    // scale from input to original pixels and the feature sizes (for prediction caches).
    std::function<void(size_t imageIndex, const CandidateList&, float scaleX, float scaleY,
                       const std::vector<std::pair<int, int>>& featureSizes)>
        onCandidates;
    // Only the images [firstImage, endImage) — a rank's shard — in batches that start at
    // firstImage (a multiple of the batch size keeps a single run's batch neighbours), and
    // without the batches skipBatch(start) says are done already (a resumed run).
    size_t firstImage = 0, endImage = SIZE_MAX;
    std::function<bool(size_t start)> skipBatch;
    // After each batch's images went through onCandidates (results of [start, start + count)).
    std::function<void(size_t start, size_t count)> onBatchDone;
};

// Where an image lies in the network's input: the input's size (anchors follow it) and the
// resized image inside it (boxes are clipped to it). Fixed-size models: both the model's.
struct InputGeometry {
    int height = 0, width = 0;
    int validH = 0, validW = 0;
};

// Candidates of one image from raw outputs (index i of the batch), in input pixels.
CandidateList candidatesForImage(const ModelMeta& meta, const RawOutputs& raw, int i,
                                 const PostProcessSettings* settings = nullptr, const InputGeometry* geometry = nullptr);

std::vector<DetectionRecord> detectDataset(const Detector& model, const Dataset& ds, const InferenceOptions& opt = {},
                                           const ProgressToken* progress = nullptr);

} // namespace anchorscope
