// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Anchorscope post-processing for deployment: one header, C++17, no dependencies (no torch,
// no OpenCV). It turns the raw outputs of an exported ONNX model (`logits` [boxes, classes],
// `boxes` [boxes, 4] box regressions, e.g. from OpenCV DNN) into detections, with the
// numbers of the sidecar <name>.anchorscope.json that the export writes beside the model:
//   postprocess.*   -> Settings (score function, background column, threshold, top-k mode and
//                      k, NMS IoU, class-agnostic or not, per-image cap, clipping, coder
//                      weights, dw/dh clamp)
//   onnx.priors     -> the prior boxes, xyxy in input pixels, one per output row
//   onnx.box_level  -> the feature level of each row (for RetinaNet's per-level top-k)
//   onnx.input_size -> [H, W] (clipping)
// The semantics are torchvision's: decode as BoxCoder.decode_single (float), a candidate
// needs score > threshold, top-k per class (SSD) or per level over (box, class) pairs
// (RetinaNet), greedy NMS per class (IoU > threshold suppresses), then the highest scores up
// to the cap. Equal scores are ranked by row, then class (torchvision's own order among
// exact ties depends on its sort kernels; Anchorscope reproduces it in its own evaluation).
// Labels are score columns; the sidecar's `classes` name them and give their category ids.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

namespace anchorscope_deploy {

struct Box {
    float x1 = 0, y1 = 0, x2 = 0, y2 = 0;
};

struct Detection {
    Box box; // input pixels of the model
    float score = 0;
    int label = 0; // score column
};

struct Settings {
    bool sigmoid = false;     // "score_function": "sigmoid" (else softmax)
    int backgroundIndex = 0;  // "background_index"; -1: none
    float scoreThreshold = 0.01f;
    bool topkPerLevel = false; // "topk_mode": "per_level" (else "per_class"; topk <= 0: no cap)
    int topk = 400;
    double nmsIou = 0.45;
    bool classAgnosticNms = false;
    int maxDetections = 200;   // <= 0: unlimited
    bool clipBoxes = true;
    float coderWeights[4] = {10, 10, 5, 5};
    float dwhClamp = 4.135166556742356f; // log(1000 / 16)
};

namespace detail {

struct Candidate {
    Box box;
    float score;
    int label;
    int row;
    int level;
};

// Higher score first; equal scores by row, then class.
inline bool ranksBefore(const Candidate& a, const Candidate& b)
{
    if (a.score != b.score)
        return a.score > b.score;
    if (a.row != b.row)
        return a.row < b.row;
    return a.label < b.label;
}

inline Box decode(const float* r, const Box& prior, const Settings& s)
{
    const float w = prior.x2 - prior.x1, h = prior.y2 - prior.y1;
    const float cx = prior.x1 + 0.5f * w, cy = prior.y1 + 0.5f * h;
    const float dx = r[0] / s.coderWeights[0], dy = r[1] / s.coderWeights[1];
    const float dw = std::min(r[2] / s.coderWeights[2], s.dwhClamp), dh = std::min(r[3] / s.coderWeights[3], s.dwhClamp);
    const float pcx = dx * w + cx, pcy = dy * h + cy, pw = std::exp(dw) * w, ph = std::exp(dh) * h;
    return {pcx - 0.5f * pw, pcy - 0.5f * ph, pcx + 0.5f * pw, pcy + 0.5f * ph};
}

inline float iou(const Box& a, const Box& b)
{
    const float areaA = (a.x2 - a.x1) * (a.y2 - a.y1), areaB = (b.x2 - b.x1) * (b.y2 - b.y1);
    const float w = std::max(0.f, std::min(a.x2, b.x2) - std::max(a.x1, b.x1));
    const float h = std::max(0.f, std::min(a.y2, b.y2) - std::max(a.y1, b.y1));
    const float inter = w * h;
    return inter / (areaA + areaB - inter);
}

// The top k of `c` (all when k <= 0 or fewer), in rank order.
inline void keepTop(std::vector<Candidate>& c, int k)
{
    std::sort(c.begin(), c.end(), ranksBefore);
    if (k > 0 && int(c.size()) > k)
        c.resize(size_t(k));
}

} // namespace detail

// One image. logits: [numBoxes][numClasses]; regression: [numBoxes][4]; priors and
// boxLevel: one per row; inputH/W: the model's input size (for clipping).
inline std::vector<Detection> postprocess(const float* logits, const float* regression, const std::vector<Box>& priors,
                                          const std::vector<int>& boxLevel, int numClasses, int inputH, int inputW,
                                          const Settings& s)
{
    using detail::Candidate;
    const int numBoxes = int(priors.size());
    std::vector<float> prob(static_cast<size_t>(numClasses));
    std::vector<Candidate> all;
    for (int b = 0; b < numBoxes; ++b) {
        const float* x = logits + size_t(b) * size_t(numClasses);
        if (s.sigmoid) {
            for (int k = 0; k < numClasses; ++k)
                prob[size_t(k)] = 1.f / (1.f + std::exp(-x[k]));
        } else {
            const float m = *std::max_element(x, x + numClasses);
            float sum = 0;
            for (int k = 0; k < numClasses; ++k)
                sum += prob[size_t(k)] = std::exp(x[k] - m);
            for (float& p : prob)
                p /= sum;
        }
        bool decoded = false;
        Box box;
        for (int k = 0; k < numClasses; ++k) {
            if (k == s.backgroundIndex || !(prob[size_t(k)] > s.scoreThreshold))
                continue;
            if (!decoded) {
                box = detail::decode(regression + size_t(b) * 4, priors[size_t(b)], s);
                if (s.clipBoxes) {
                    box.x1 = std::clamp(box.x1, 0.f, float(inputW));
                    box.x2 = std::clamp(box.x2, 0.f, float(inputW));
                    box.y1 = std::clamp(box.y1, 0.f, float(inputH));
                    box.y2 = std::clamp(box.y2, 0.f, float(inputH));
                }
                decoded = true;
            }
            all.push_back({box, prob[size_t(k)], k, b, boxLevel.empty() ? 0 : boxLevel[size_t(b)]});
        }
    }
    // Top-k per class (SSD) or per level (RetinaNet).
    std::vector<Candidate> kept;
    const int groups = s.topkPerLevel ? (boxLevel.empty() ? 1 : *std::max_element(boxLevel.begin(), boxLevel.end()) + 1)
                                      : numClasses;
    for (int g = 0; g < groups; ++g) {
        std::vector<Candidate> part;
        for (const Candidate& c : all)
            if ((s.topkPerLevel ? c.level : c.label) == g)
                part.push_back(c);
        detail::keepTop(part, s.topk);
        kept.insert(kept.end(), part.begin(), part.end());
    }
    // Greedy NMS per class (or over all), highest score first.
    std::sort(kept.begin(), kept.end(), detail::ranksBefore);
    std::vector<bool> suppressed(kept.size(), false);
    std::vector<Detection> out;
    for (size_t i = 0; i < kept.size(); ++i) {
        if (suppressed[i])
            continue;
        out.push_back({kept[i].box, kept[i].score, kept[i].label});
        if (s.maxDetections > 0 && int(out.size()) == s.maxDetections)
            break;
        for (size_t j = i + 1; j < kept.size(); ++j)
            if (!suppressed[j] && (s.classAgnosticNms || kept[j].label == kept[i].label)
                && double(detail::iou(kept[i].box, kept[j].box)) > s.nmsIou)
                suppressed[j] = true;
    }
    return out;
}

} // namespace anchorscope_deploy
