// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The evaluation-time transform, as torchvision's (DESIGN §5): decode ignoring EXIF
// orientation, BGR → RGB, [0, 1] floats, normalise, then resize with ATen bilinear
// (align_corners = false, no antialias) to the model's input size.
#include "models/model_meta.h"

#include <string>
#include <vector>

namespace cv {
class Mat;
}

namespace anchorscope {

struct PreparedImage {
    std::vector<float> chw; // 3 × inputH × inputW
    int originalW = 0, originalH = 0;
    float scaleX = 1, scaleY = 1; // original pixels per input pixel
};

// Throws InputError naming the file if it cannot be decoded.
PreparedImage prepareImage(const std::string& path, const ModelMeta& meta);
// From an already decoded 8-bit BGR image.
PreparedImage prepareImage(const cv::Mat& bgr, const ModelMeta& meta);

} // namespace anchorscope
