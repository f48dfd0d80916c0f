// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The evaluation-time transform, as torchvision's (docs/design.md §5): decode ignoring EXIF
// orientation, BGR → RGB, [0, 1] floats, normalise, then resize with ATen bilinear
// (align_corners = false, no antialias) to the model's input size — or, for min_max models,
// by torchvision's scale factor, then zero-padded to a multiple of the size divisor (as a
// batch of one: docs/design.md §5).
#include "models/model_meta.h"

#include <string>
#include <vector>

namespace cv {
class Mat;
}

namespace anchorscope {

struct PreparedImage {
    std::vector<float> chw; // 3 × height × width
    int height = 0, width = 0;           // the network's input (padded)
    int validH = 0, validW = 0;          // the resized image inside it (boxes are clipped to it)
    int originalW = 0, originalH = 0;
    float scaleX = 1, scaleY = 1; // original pixels per input pixel
};

// The resized size (height, width) of an image for a model, before padding.
std::pair<int, int> resizedSize(const ModelMeta& meta, int originalH, int originalW);

// Throws InputError naming the file if it cannot be decoded.
PreparedImage prepareImage(const std::string& path, const ModelMeta& meta);
// From an already decoded 8-bit BGR image.
PreparedImage prepareImage(const cv::Mat& bgr, const ModelMeta& meta);

} // namespace anchorscope
