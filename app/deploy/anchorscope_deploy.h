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
// to the cap. Exactly equal scores (a trained model saturates: many scores of exactly 1.0)
// are ordered by the model's tie rule, the sidecar's postprocess.tie_rule:
//   "rank"        -> by row, then class (Anchorscope's native models);
//   "torchvision" -> as torchvision 0.14 on torch 1.13's CPU kernels order them (imported
//                    models): top-k as ATen's (std::partial_sort when k·64 <= n, else
//                    std::nth_element then std::sort, "greater, NaN first" on (score,
//                    position) pairs), batched_nms's two paths (above 1000 candidates a
//                    per-class pass, survivors by position then std::sort; otherwise one pass
//                    over boxes offset by class · (largest coordinate + 1) in float), and
//                    nms's stable descending sort. The standard library's algorithms are
//                    part of that order: build with libstdc++ (GCC's), as torch is.
// Labels are score columns; the sidecar's `classes` name them and give their category ids.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>
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
    bool torchvisionTies = false; // "tie_rule": "torchvision" (else "rank")
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

// --- The torchvision tie rule -------------------------------------------------------------

using Pair = std::pair<float, int>; // (score, position), as ATen's top-k and sort hold them

inline bool greaterNanFirst(const Pair& x, const Pair& y)
{
    return (std::isnan(x.first) && !std::isnan(y.first)) || x.first > y.first;
}

// torch.topk(k, largest=True, sorted=True) on CPU: the positions it returns, in its order.
inline std::vector<int> atenTopk(const std::vector<float>& scores, size_t k)
{
    std::vector<Pair> q(scores.size());
    for (size_t j = 0; j < scores.size(); ++j)
        q[j] = {scores[j], int(j)};
    if (k == 0)
        return {};
    if (k * 64 <= q.size()) {
        std::partial_sort(q.begin(), q.begin() + long(k), q.end(), greaterNanFirst);
    } else {
        std::nth_element(q.begin(), q.begin() + long(k) - 1, q.end(), greaterNanFirst);
        std::sort(q.begin(), q.begin() + long(k) - 1, greaterNanFirst);
    }
    std::vector<int> out(k);
    for (size_t j = 0; j < k; ++j)
        out[j] = q[j].second;
    return out;
}

// torchvision's nms kernel: a stable descending sort of the scores, then greedy suppression
// (IoU in float, compared as a double). Returns survivors in processing order, at most `cap`.
inline std::vector<size_t> kernelNms(const std::vector<Box>& boxes, const std::vector<float>& scores,
                                     const std::vector<int>& bucket, double threshold, size_t cap)
{
    std::vector<size_t> order(boxes.size()), kept;
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    for (size_t j : order) {
        if (kept.size() >= cap)
            break;
        bool suppressed = false;
        for (size_t i : kept)
            if (bucket[i] == bucket[j] && double(iou(boxes[i], boxes[j])) > threshold) {
                suppressed = true;
                break;
            }
        if (!suppressed)
            kept.push_back(j);
    }
    return kept;
}

// Top-k groups (already in group order, members in torchvision's candidate order), then
// batched_nms and the cap, as torchvision's postprocess_detections runs them.
inline std::vector<Candidate> torchvisionSelect(const std::vector<std::vector<Candidate>>& groups, const Settings& s)
{
    std::vector<Candidate> p; // the concatenated top-k outputs
    for (const std::vector<Candidate>& g : groups) {
        if (s.topk <= 0) {
            p.insert(p.end(), g.begin(), g.end());
            continue;
        }
        std::vector<float> sc(g.size());
        for (size_t j = 0; j < g.size(); ++j)
            sc[j] = g[j].score;
        for (int j : atenTopk(sc, std::min(g.size(), size_t(s.topk))))
            p.push_back(g[size_t(j)]);
    }
    const size_t m = p.size();
    const size_t cap = s.maxDetections > 0 ? size_t(s.maxDetections) : m;
    std::vector<Box> boxes(m);
    std::vector<float> scores(m);
    std::vector<int> bucket(m, 0);
    for (size_t t = 0; t < m; ++t) {
        boxes[t] = p[t].box;
        scores[t] = p[t].score;
    }
    std::vector<size_t> keep;
    if (!s.classAgnosticNms && m * 4 > 4000) {
        // The per-class loop: nms per class, kept positions ascending, then an unstable
        // descending sort of their scores (Tensor.sort on CPU is std::sort here).
        for (size_t t = 0; t < m; ++t)
            bucket[t] = p[t].label;
        keep = kernelNms(boxes, scores, bucket, s.nmsIou, m);
        std::sort(keep.begin(), keep.end());
        std::vector<Pair> q(keep.size());
        for (size_t t = 0; t < keep.size(); ++t)
            q[t] = {scores[keep[t]], int(t)};
        std::sort(q.begin(), q.end(), greaterNanFirst);
        std::vector<size_t> sorted(keep.size());
        for (size_t t = 0; t < q.size(); ++t)
            sorted[t] = keep[size_t(q[t].second)];
        keep.swap(sorted);
    } else {
        if (!s.classAgnosticNms) {
            // The coordinate trick: every coordinate offset by label · (max coordinate + 1).
            float maxc = -INFINITY;
            for (const Box& b : boxes)
                maxc = std::max({maxc, b.x1, b.y1, b.x2, b.y2});
            for (size_t t = 0; t < m; ++t) {
                const float off = float(p[t].label) * (maxc + 1.0f);
                boxes[t] = {boxes[t].x1 + off, boxes[t].y1 + off, boxes[t].x2 + off, boxes[t].y2 + off};
            }
        }
        keep = kernelNms(boxes, scores, bucket, s.nmsIou, cap);
    }
    std::vector<Candidate> out;
    for (size_t t = 0; t < keep.size() && t < cap; ++t)
        out.push_back(p[keep[t]]);
    return out;
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
    // Top-k groups: per class (SSD: boxes in row order) or per level (RetinaNet: (box, class)
    // pairs, box-major) — the order in which torchvision hands them to its top-k.
    const int numGroups = s.topkPerLevel ? (boxLevel.empty() ? 1 : *std::max_element(boxLevel.begin(), boxLevel.end()) + 1)
                                         : numClasses;
    std::vector<std::vector<Candidate>> groups(size_t(std::max(numGroups, 0)));
    for (const Candidate& c : all)
        groups[size_t(s.topkPerLevel ? c.level : c.label)].push_back(c);
    std::vector<Detection> out;
    if (s.torchvisionTies) {
        for (const Candidate& c : detail::torchvisionSelect(groups, s))
            out.push_back({c.box, c.score, c.label});
        return out;
    }
    std::vector<Candidate> kept;
    for (std::vector<Candidate>& part : groups) {
        detail::keepTop(part, s.topk);
        kept.insert(kept.end(), part.begin(), part.end());
    }
    // Greedy NMS per class (or over all), highest score first.
    std::sort(kept.begin(), kept.end(), detail::ranksBefore);
    std::vector<bool> suppressed(kept.size(), false);
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
