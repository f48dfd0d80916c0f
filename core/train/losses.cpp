// SPDX-License-Identifier: GPL-3.0-or-later
#include "train/losses.h"

#include <limits>

namespace anchorscope {

LossTerms multiboxLoss(const at::Tensor& logits, const at::Tensor& regression, const at::Tensor& labels,
                       const at::Tensor& regTargets, int64_t backgroundColumn, double negPosRatio, double given)
{
    const int64_t K = logits.size(2);
    const at::Tensor valid = labels.ge(0);
    const at::Tensor fg = valid & labels.ne(backgroundColumn);
    const at::Tensor numFg = fg.sum(1, true);
    const at::Tensor normaliser = given > 0 ? at::full({}, given, logits.options())
                                            : at::clamp_min(numFg.sum(), 1).to(at::kFloat);

    const at::Tensor loc = at::smooth_l1_loss(regression.index({fg}), regTargets.index({fg}), at::Reduction::Sum, 1.0);

    const at::Tensor safeLabels = at::where(valid, labels, at::zeros_like(labels));
    const at::Tensor ce = at::cross_entropy_loss(logits.reshape({-1, K}), safeLabels.reshape({-1}), {}, at::Reduction::None)
                              .reshape(labels.sizes());
    // Hard negatives: rank background priors by loss, keep negPosRatio × positives per image.
    at::Tensor negLoss = ce.detach().clone();
    negLoss.masked_fill_(fg | ~valid, -std::numeric_limits<float>::infinity());
    const at::Tensor order = std::get<1>(negLoss.sort(1, true));
    const at::Tensor rank = std::get<1>(order.sort(1));
    const at::Tensor numNeg = (numFg.to(at::kFloat) * negPosRatio).to(at::kLong);
    const at::Tensor hardNeg = rank.lt(numNeg) & valid & ~fg;
    const at::Tensor cls = ce.index({fg}).sum() + ce.index({hardNeg}).sum();
    return {loc / normaliser, cls / normaliser};
}

LossTerms focalLoss(const at::Tensor& logits, const at::Tensor& regression, const at::Tensor& labels,
                    const at::Tensor& regTargets, double alpha, double gamma, double given)
{
    const int64_t K = logits.size(2);
    const at::Tensor valid = labels.ge(-1);
    const at::Tensor fg = labels.ge(0);
    const at::Tensor normaliser = given > 0 ? at::full({}, given, logits.options())
                                            : at::clamp_min(fg.sum(), 1).to(at::kFloat);
    at::Tensor target = at::zeros_like(logits);
    const at::Tensor fgIdx = at::nonzero(fg);
    if (fgIdx.size(0) > 0)
        target.index_put_({fgIdx.select(1, 0), fgIdx.select(1, 1), labels.index({fg})}, at::ones({fgIdx.size(0)}));
    const at::Tensor p = at::sigmoid(logits);
    const at::Tensor ce = at::binary_cross_entropy_with_logits(logits, target, {}, {}, at::Reduction::None);
    const at::Tensor pt = p * target + (1 - p) * (1 - target);
    at::Tensor loss = ce * at::pow(1 - pt, gamma);
    loss = loss * (alpha * target + (1 - alpha) * (1 - target));
    const at::Tensor cls = (loss * valid.unsqueeze(2).to(loss.dtype())).sum();
    const at::Tensor loc = at::l1_loss(regression.index({fg}), regTargets.index({fg}), at::Reduction::Sum);
    (void)K;
    return {loc / normaliser, cls / normaliser};
}

int64_t countPositives(const at::Tensor& labels, bool sigmoid, int64_t backgroundColumn)
{
    const at::Tensor fg = sigmoid ? labels.ge(0) : labels.ge(0) & labels.ne(backgroundColumn);
    return fg.sum().item<int64_t>();
}

} // namespace anchorscope
