// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The torchvision tie rule (docs/architecture.md, "Tie rules"): the detections torchvision
// 0.14 on torch 1.13 keeps, in its order, also when scores tie exactly. Not a look-alike of
// the semantics but of the algorithms, because with equal scores the algorithm decides:
//
//  * candidates above the threshold, per group (SSD: per class in class order over the
//    boxes in box order; RetinaNet: per level over (box, class) pairs, box-major), go
//    through ATen's CPU Tensor.topk: pairs (score, position); std::partial_sort of the first
//    k when k·64 ≤ n, else std::nth_element at k−1 followed by std::sort of the first k−1,
//    comparator "a > b" (NaN first);
//  * the groups' outputs are concatenated (class / level order) and go through
//    torchvision.ops.batched_nms: above 1000 boxes the per-class loop (nms per class, kept
//    positions ascending, then Tensor.sort(descending) = std::sort of (score, index) pairs);
//    otherwise the coordinate trick (every coordinate offset by label · (max coordinate + 1)
//    in float, so the IoUs are those of the shifted boxes);
//  * nms itself: a stable descending sort of the scores, then greedy suppression with the
//    IoU computed in float and compared, as a double, with the double threshold;
//  * the first max_detections of the result.
//
// The same standard-library algorithms with the same comparator on the same sequence give
// the same permutation, which is why the element type and storage do not matter.
#include "eval/postprocess.h"

namespace anchorscope::tvsel {

// torch.topk(k, largest=True, sorted=True) on CPU over `n` scores: fills `out` with the
// positions it returns, in its order. `queue` is scratch.
void topk(const float* scores, size_t n, size_t k, std::vector<std::pair<float, int32_t>>& queue,
          std::vector<uint32_t>& out);

// The order Tensor.sort(descending=True) (not stable) gives `n` scores on CPU.
void unstableSortDescending(const float* scores, size_t n, std::vector<std::pair<float, int32_t>>& scratch,
                            std::vector<uint32_t>& out);

// selectDetections for TieRule::Torchvision (see postprocess.h for the contract).
std::vector<uint32_t> select(const CandidateView& v, const PostProcessSettings& s, SelectionWorkspace& ws,
                             const SelectionOptions& opt);

} // namespace anchorscope::tvsel
