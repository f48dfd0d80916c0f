// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/preprocess.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>

#include <ATen/ATen.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace anchorscope {

PreparedImage prepareImage(const cv::Mat& bgr, const ModelMeta& meta)
{
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    PreparedImage p;
    p.originalW = rgb.cols;
    p.originalH = rgb.rows;
    const int H = rgb.rows, W = rgb.cols;
    at::Tensor t = at::empty({1, 3, H, W}, at::kFloat);
    float* d = t.data_ptr<float>();
    for (int y = 0; y < H; ++y) {
        const uchar* row = rgb.ptr<uchar>(y);
        for (int x = 0; x < W; ++x)
            for (int c = 0; c < 3; ++c)
                d[(size_t(c) * H + y) * W + x] = (float(row[3 * x + c]) / 255.0f - meta.mean[size_t(c)]) / meta.std[size_t(c)];
    }
    const auto [outH, outW] = resizedSize(meta, H, W);
    if (H != outH || W != outW)
        t = at::upsample_bilinear2d(t, {outH, outW}, /*align_corners=*/false);
    p.validH = outH;
    p.validW = outW;
    p.height = outH;
    p.width = outW;
    if (meta.resizePolicy == "min_max" && meta.sizeDivisible > 1) {
        const int d = meta.sizeDivisible;
        p.height = (outH + d - 1) / d * d;
        p.width = (outW + d - 1) / d * d;
        if (p.height != outH || p.width != outW)
            t = at::constant_pad_nd(t, {0, p.width - outW, 0, p.height - outH}, 0.0);
    }
    t = t.contiguous();
    p.chw.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    p.scaleX = float(W) / float(outW);
    p.scaleY = float(H) / float(outH);
    return p;
}

std::pair<int, int> resizedSize(const ModelMeta& meta, int H, int W)
{
    if (meta.resizePolicy != "min_max")
        return {meta.inputH, meta.inputW};
    // torchvision: scale = min(min_size / shorter, max_size / longer) in float32, where a
    // Python number over a tensor is the tensor's reciprocal times the number; the output
    // size is floor(size · scale) in double.
    const float shorter = float(std::min(H, W)), longer = float(std::max(H, W));
    const float a = (1.0f / shorter) * float(meta.resizeMinSize);
    const float b = (1.0f / longer) * float(meta.resizeMaxSize);
    const double scale = double(std::min(a, b));
    return {int(std::floor(double(H) * scale)), int(std::floor(double(W) * scale))};
}

PreparedImage prepareImage(const std::string& path, const ModelMeta& meta)
{
    const cv::Mat img = cv::imread(path, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    if (img.empty())
        throw InputError(path, "cannot read the image (missing or not an image)");
    return prepareImage(img, meta);
}

} // namespace anchorscope
