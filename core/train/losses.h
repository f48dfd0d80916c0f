// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// INTERNAL (includes torch): detection losses on batched head outputs.
#include <ATen/ATen.h>

namespace anchorscope {

struct LossTerms {
    at::Tensor loc, cls; // scalars, already normalised
};

// SSD MultiBox (torchvision semantics): labels [N, P] (score column, background column,
// -2 ignored); smooth L1 (beta 1) over positives, cross-entropy over positives and the
// 3·positives hardest negatives per image; both divided by max(1, #positives) — or by
// `normaliser` when it is > 0 (distributed training: the positives of every rank's batch).
LossTerms multiboxLoss(const at::Tensor& logits, const at::Tensor& regression, const at::Tensor& labels,
                       const at::Tensor& regTargets, int64_t backgroundColumn, double negPosRatio = 3.0,
                       double normaliser = 0);

// RetinaNet: sigmoid focal loss (α, γ) over all non-ignored priors with one-hot targets
// (labels -1 = background, -2 ignored) + L1 over positives; divided by max(1, #positives)
// or by `normaliser` when it is > 0.
LossTerms focalLoss(const at::Tensor& logits, const at::Tensor& regression, const at::Tensor& labels,
                    const at::Tensor& regTargets, double alpha = 0.25, double gamma = 2.0, double normaliser = 0);

// The positives the losses divide by (before max(1, ·)): labels that are a class column.
int64_t countPositives(const at::Tensor& labels, bool sigmoid, int64_t backgroundColumn);

} // namespace anchorscope
