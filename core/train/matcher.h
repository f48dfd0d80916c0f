// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Anchor matching for training. SSD: a prior is positive when its IoU with a GT is ≥ 0.5,
// and every GT additionally claims its best prior (torchvision SSDMatcher). RetinaNet:
// positive ≥ 0.5, ignored in [0.4, 0.5), low-quality matches allowed.
#include "geometry/box_coder.h"
#include "train/augment.h"

#include <cstdint>
#include <vector>

namespace anchorscope {

struct MatchOptions {
    float positiveIou = 0.5f;
    float negativeIou = 0.5f;       // < negativeIou: background; between: ignored (-2)
    bool lowQualityMatches = false; // RetinaNet: keep every prior tied for a GT's best IoU
    bool forceBestPrior = true;     // SSD: each GT's best prior becomes positive
};

// For every prior: the matched GT index, -1 for background, -2 for ignored.
std::vector<int32_t> matchPriors(const std::vector<Boxf>& priors, const std::vector<TrainBox>& gt, const MatchOptions& opt);

// Per prior: class target (score column; backgroundColumn for background — -1 for sigmoid
// heads without one — and -2 for ignored) and
// encoded regression target (zeros where not positive).
void buildTargets(const std::vector<Boxf>& priors, const std::vector<TrainBox>& gt, const std::vector<int32_t>& match,
                  const BoxCoder& coder, int backgroundColumn, int64_t* labels, float* regression);

} // namespace anchorscope
