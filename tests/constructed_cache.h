// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Prediction caches built by hand for tests with known answers: one square feature level,
// softmax scores with the background in column 0, no cost model.
#include "prune/prediction_cache.h"

#include <vector>

namespace testutil {

// `cells`×`cells` cells of `step` pixels (input = cells·step), the given anchors, classes
// (background first), threshold; the caller adds images, ground truth and candidates.
inline anchorscope::PredictionCache oneLevelCache(int cells, float step, std::vector<anchorscope::AnchorShape> anchors,
                                                  std::vector<anchorscope::ClassInfo> classes, float threshold)
{
    using namespace anchorscope;
    PredictionCache c;
    ModelMeta& m = c.meta;
    m.architecture = "constructed";
    m.inputH = m.inputW = int(float(cells) * step);
    m.anchors.name = "test";
    m.anchors.inputH = m.anchors.inputW = m.inputH;
    AnchorLevel L;
    L.stepX = L.stepY = step;
    L.featureW = L.featureH = cells;
    L.anchors = std::move(anchors);
    m.anchors.levels = {L};
    m.levelParams = {{"c.w", "c.b", "r.w", "r.b"}};
    m.levelEnabled = {true};
    m.numClasses = int(classes.size());
    m.classes = std::move(classes);
    m.postprocess = PostProcessSettings::ssdTorchvision();
    m.postprocess.scoreThreshold = threshold;
    c.threshold = threshold;
    c.modelIdentity = "constructed";
    c.identity = "constructed";
    return c;
}

// Sorts each image's candidates into rank order and stores them, one image per entry of
// gt.images (scale 1).
inline void setCandidates(anchorscope::PredictionCache& c, std::vector<anchorscope::CandidateList> perImage)
{
    const int cells = c.meta.anchors.levels[0].featureW;
    c.images.clear();
    c.candidates = {};
    for (size_t i = 0; i < perImage.size(); ++i) {
        perImage[i].sortByRank();
        c.images.push_back({c.gt.images[i].id, 1.f, 1.f, {{cells, cells}}, c.candidates.size(), perImage[i].size()});
        c.candidates.append(perImage[i]);
    }
}

} // namespace testutil
