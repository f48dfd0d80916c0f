// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The tensor collectives of distributed training (internal: includes torch, so only .cpp
// files that already use torch include it).
#include "dist/process_group.h"

#include <ATen/ATen.h>

#include <vector>

namespace anchorscope {

// Sums the tensors over the ranks and divides by the world size, in place — one flat
// buffer per call (one bucket), as DistributedDataParallel does before an optimizer step.
void allReduceMean(ProcessGroup& group, const std::vector<at::Tensor>& tensors);
// Rank `root`'s values into every rank's tensors, in place (the parameters at the start).
void broadcastTensors(ProcessGroup& group, const std::vector<at::Tensor>& tensors, int root = 0);

} // namespace anchorscope
