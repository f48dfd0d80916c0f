// SPDX-License-Identifier: GPL-3.0-or-later
#include "train/augment.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace anchorscope {

void photometricDistort(cv::Mat& bgr, Rng& rng)
{
    cv::Mat f;
    bgr.convertTo(f, CV_32FC3);
    if (rng.bernoulli(0.5))
        f += cv::Scalar::all(rng.uniform(-32, 32)); // brightness
    const bool contrastFirst = rng.bernoulli(0.5);
    auto contrast = [&]() {
        if (rng.bernoulli(0.5))
            f *= rng.uniform(0.5, 1.5);
    };
    if (contrastFirst)
        contrast();
    if (rng.bernoulli(0.5)) { // saturation and hue in HSV
        cv::Mat clipped, hsv;
        cv::min(cv::max(f, 0.0), 255.0, clipped);
        clipped /= 255.0;
        cv::cvtColor(clipped, hsv, cv::COLOR_BGR2HSV);
        std::vector<cv::Mat> ch;
        cv::split(hsv, ch);
        ch[1] *= rng.uniform(0.5, 1.5);
        ch[0] += rng.uniform(-18, 18);
        for (int y = 0; y < ch[0].rows; ++y) {
            float* h = ch[0].ptr<float>(y);
            for (int x = 0; x < ch[0].cols; ++x)
                h[x] = h[x] < 0 ? h[x] + 360.f : h[x] >= 360.f ? h[x] - 360.f : h[x];
        }
        cv::min(ch[1], 1.0, ch[1]);
        cv::merge(ch, hsv);
        cv::cvtColor(hsv, f, cv::COLOR_HSV2BGR);
        f *= 255.0;
    }
    if (!contrastFirst)
        contrast();
    f.convertTo(bgr, CV_8UC3); // saturates to [0, 255]
}

void expandImage(cv::Mat& bgr, std::vector<TrainBox>& boxes, double maxRatio, Rng& rng)
{
    const double r = rng.uniform(1.0, maxRatio);
    const int W = int(bgr.cols * r), H = int(bgr.rows * r);
    const int left = int(rng.uniform(0, W - bgr.cols)), top = int(rng.uniform(0, H - bgr.rows));
    const cv::Scalar fill = cv::mean(bgr);
    cv::Mat canvas(H, W, bgr.type(), fill);
    bgr.copyTo(canvas(cv::Rect(left, top, bgr.cols, bgr.rows)));
    bgr = canvas;
    for (auto& b : boxes) {
        b.box.x1 += float(left);
        b.box.x2 += float(left);
        b.box.y1 += float(top);
        b.box.y2 += float(top);
    }
}

void randomCrop(cv::Mat& bgr, std::vector<TrainBox>& boxes, Rng& rng)
{
    if (boxes.empty())
        return;
    static const double minIous[] = {0.1, 0.3, 0.5, 0.7, 0.9};
    const double minIou = minIous[rng.integer(0, 4)];
    const float W = float(bgr.cols), H = float(bgr.rows);
    for (int trial = 0; trial < 50; ++trial) {
        // Integer patches, so the cropped image and the boxes agree exactly.
        const float w = std::floor(float(rng.uniform(0.3, 1.0)) * W), h = std::floor(float(rng.uniform(0.3, 1.0)) * H);
        if (w < 1 || h < 1 || h / w < 0.5f || h / w > 2.0f)
            continue;
        const float x = std::floor(float(rng.uniform(0, W - w))), y = std::floor(float(rng.uniform(0, H - h)));
        const Boxf patch{x, y, x + w, y + h};
        double best = 0;
        for (const auto& b : boxes)
            best = std::max(best, double(iou(patch, b.box)));
        if (best < minIou)
            continue;
        std::vector<TrainBox> kept;
        for (auto b : boxes) {
            const float cx = 0.5f * (b.box.x1 + b.box.x2), cy = 0.5f * (b.box.y1 + b.box.y2);
            if (cx <= patch.x1 || cx >= patch.x2 || cy <= patch.y1 || cy >= patch.y2)
                continue;
            b.box = {std::max(b.box.x1, patch.x1) - patch.x1, std::max(b.box.y1, patch.y1) - patch.y1,
                     std::min(b.box.x2, patch.x2) - patch.x1, std::min(b.box.y2, patch.y2) - patch.y1};
            kept.push_back(b);
        }
        if (kept.empty())
            continue;
        bgr = bgr(cv::Rect(int(x), int(y), int(w), int(h))).clone();
        boxes = std::move(kept);
        return;
    }
}

void horizontalFlip(cv::Mat& bgr, std::vector<TrainBox>& boxes)
{
    cv::flip(bgr, bgr, 1);
    const float W = float(bgr.cols);
    for (auto& b : boxes) {
        const float x1 = W - b.box.x2, x2 = W - b.box.x1;
        b.box.x1 = x1;
        b.box.x2 = x2;
    }
}

void augment(cv::Mat& bgr, std::vector<TrainBox>& boxes, const AugmentOptions& opt, Rng& rng)
{
    if (opt.photometric)
        photometricDistort(bgr, rng);
    if (opt.expandProbability > 0 && rng.bernoulli(opt.expandProbability))
        expandImage(bgr, boxes, opt.maxExpand, rng);
    if (opt.cropProbability > 0 && rng.bernoulli(opt.cropProbability))
        randomCrop(bgr, boxes, rng);
    if (opt.flip && rng.bernoulli(0.5))
        horizontalFlip(bgr, boxes);
}

} // namespace anchorscope
