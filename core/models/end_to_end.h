// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TorchScript sources of the end-to-end export's post-processing (models/export.h).
#include "models/model_meta.h"

#include <cstdint>
#include <string>
#include <vector>

namespace anchorscope {

// Under the torchvision tie rule: torchvision's own operations (models/end_to_end_torchvision.cpp).
// `boxesPerLevel`: boxes of each level at the model's input size, in order.
std::string endToEndTorchvisionSource(const ModelMeta& m, const std::vector<int64_t>& boxesPerLevel);

} // namespace anchorscope
