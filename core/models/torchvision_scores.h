// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Candidates of one image computed with ATen in torchvision's own operations, shapes and
// order — softmax over [boxes, classes], sigmoid over each level's [boxes·classes],
// BoxCoder.decode_single over all boxes, clip_boxes_to_image — so that their scores (and the
// boxes of SSD / SSDlite, which torchvision decodes whole) equal torchvision's bit for bit at
// the same batch size and thread count. Vectorised exp and sigmoid give different last bits
// at different positions of a tensor; only the same call on the same shape reproduces them.
// (RetinaNet decodes only its top-k boxes, in top-k order, so box bits can differ there in the
// last place; scores do not.) Used under the torchvision tie rule. No torch in this header.
#include "eval/postprocess.h"

#include <vector>

namespace anchorscope {

CandidateList candidatesLikeTorchvision(const float* logits, const float* regression, const std::vector<Boxf>& priors,
                                        const std::vector<int16_t>& boxLevel, const std::vector<int32_t>& boxAnchor,
                                        int numClasses, float imageWidth, float imageHeight,
                                        const PostProcessSettings& s);

} // namespace anchorscope
