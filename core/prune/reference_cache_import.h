// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Imports the synthetic SSD300-sized predictions written by shared/bench/make_ssd300_cache.py
// (gt.json, boxes.f32 [N][B][4] xyxy in image pixels, scores.f32 [N][B][C], meta.json), so
// benchmarks and engine tests run on exactly the data the Python reference timings used.
// Candidates are every (box, class) with score > threshold, background column excluded,
// tagged with the anchor id (global over levels) and sorted in rank order.
#include "data/dataset.h"
#include "eval/postprocess.h"
#include "util/progress.h"

#include <string>
#include <vector>

namespace anchorscope {

struct ImportedPredictions {
    Dataset gt;
    std::vector<CandidateList> perImage;      // parallel to gt.images
    std::vector<int64_t> categoryIdByColumn;  // score column → COCO category id (-1: background)
    std::vector<int> anchorsPerCell;          // per level
    std::vector<int> featureSizes;            // per level (square maps)
    int numAnchors = 0;                       // ids 0 .. numAnchors-1
    int boxesPerImage = 0;
    int scoreColumns = 0;
    int backgroundColumn = -1;
    float scoreThreshold = 0;
};

ImportedPredictions importReferencePredictions(const std::string& dir, float scoreThreshold,
                                               const ProgressToken* progress = nullptr);

} // namespace anchorscope
