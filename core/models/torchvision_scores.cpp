// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/torchvision_scores.h"

#include <ATen/ATen.h>

#include <cstring>

namespace anchorscope {

namespace {

at::Tensor view(const float* data, at::IntArrayRef shape)
{
    return at::from_blob(const_cast<float*>(data), shape, at::TensorOptions().dtype(at::kFloat));
}

// torchvision's BoxCoder.decode_single and clip_boxes_to_image, operation for operation.
at::Tensor decodeAndClip(const at::Tensor& rel, const at::Tensor& boxes, const PostProcessSettings& s, float w, float h)
{
    const at::Tensor widths = boxes.select(1, 2) - boxes.select(1, 0);
    const at::Tensor heights = boxes.select(1, 3) - boxes.select(1, 1);
    const at::Tensor ctrX = boxes.select(1, 0) + 0.5 * widths;
    const at::Tensor ctrY = boxes.select(1, 1) + 0.5 * heights;
    const BoxCoderWeights& cw = s.coderWeights;
    const at::Tensor dx = rel.slice(1, 0, c10::nullopt, 4) / double(cw.wx);
    const at::Tensor dy = rel.slice(1, 1, c10::nullopt, 4) / double(cw.wy);
    const at::Tensor dw = at::clamp(rel.slice(1, 2, c10::nullopt, 4) / double(cw.ww), c10::nullopt, double(s.dwhClamp));
    const at::Tensor dh = at::clamp(rel.slice(1, 3, c10::nullopt, 4) / double(cw.wh), c10::nullopt, double(s.dwhClamp));
    const at::Tensor predCtrX = dx * widths.unsqueeze(1) + ctrX.unsqueeze(1);
    const at::Tensor predCtrY = dy * heights.unsqueeze(1) + ctrY.unsqueeze(1);
    const at::Tensor predW = at::exp(dw) * widths.unsqueeze(1);
    const at::Tensor predH = at::exp(dh) * heights.unsqueeze(1);
    const at::Tensor half = at::scalar_tensor(0.5, at::kFloat);
    const at::Tensor cToCH = half * predH, cToCW = half * predW;
    at::Tensor out = at::stack({predCtrX - cToCW, predCtrY - cToCH, predCtrX + cToCW, predCtrY + cToCH}, 2).flatten(1);
    if (!s.clipBoxes)
        return out;
    const at::Tensor x = out.slice(1, 0, c10::nullopt, 2).clamp(0, double(w));
    const at::Tensor y = out.slice(1, 1, c10::nullopt, 2).clamp(0, double(h));
    return at::stack({x, y}, 2).reshape(out.sizes());
}

} // namespace

CandidateList candidatesLikeTorchvision(const float* logits, const float* regression, const std::vector<Boxf>& priors,
                                        const std::vector<int16_t>& boxLevel, const std::vector<int32_t>& boxAnchor,
                                        int numClasses, float imageWidth, float imageHeight,
                                        const PostProcessSettings& s)
{
    c10::InferenceMode guard;
    const int64_t B = int64_t(priors.size()), K = numClasses;
    if (B == 0)
        return {};
    at::Tensor scores;
    if (s.scoreFunction == ScoreFunction::Softmax) {
        scores = at::softmax(view(logits, {B, K}), -1);
    } else {
        // Per level, over the level's flattened (box, class) scores.
        scores = at::empty({B, K}, at::kFloat);
        int64_t start = 0;
        while (start < B) {
            int64_t end = start;
            while (end < B && boxLevel[size_t(end)] == boxLevel[size_t(start)])
                ++end;
            const at::Tensor lv = at::sigmoid(view(logits + start * K, {(end - start) * K}));
            std::memcpy(scores.data_ptr<float>() + start * K, lv.data_ptr<float>(), size_t((end - start) * K) * sizeof(float));
            start = end;
        }
    }
    scores = scores.contiguous();
    const at::Tensor boxes =
        decodeAndClip(view(regression, {B, 4}), view(&priors[0].x1, {B, 4}), s, imageWidth, imageHeight).contiguous();
    static_assert(sizeof(Boxf) == 4 * sizeof(float), "Boxf is four floats");
    return candidatesFromScores(scores.data_ptr<float>(), reinterpret_cast<const Boxf*>(boxes.data_ptr<float>()),
                                boxLevel.data(), boxAnchor.data(), size_t(B), numClasses, s);
}

} // namespace anchorscope
