// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/preprocess.h"

#include "util/error.h"

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
    if (H != meta.inputH || W != meta.inputW)
        t = at::upsample_bilinear2d(t, {meta.inputH, meta.inputW}, /*align_corners=*/false);
    t = t.contiguous();
    p.chw.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    p.scaleX = float(W) / float(meta.inputW);
    p.scaleY = float(H) / float(meta.inputH);
    return p;
}

PreparedImage prepareImage(const std::string& path, const ModelMeta& meta)
{
    const cv::Mat img = cv::imread(path, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    if (img.empty())
        throw InputError(path, "cannot read the image (missing or not an image)");
    return prepareImage(img, meta);
}

} // namespace anchorscope
