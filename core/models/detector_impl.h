// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// INTERNAL (includes torch): the module behind a Detector, for trainers and surgery.
#include "models/detector.h"
#include "models/torch_module_builder.h"

namespace anchorscope {

struct Detector::Impl {
    torch::jit::Module module;
    ModelMeta meta;
    c10::Device device{c10::kCPU}; // where module's tensors are
};

// Builders of native architectures (native_models.cpp).
torch::jit::Module buildNativeModule(const std::string& architecture, const AnchorSet& anchors, int numClasses,
                                     ModelMeta& meta);

// Checks that every enabled level's final convs have A·K and A·4 output channels.
void checkHeadMatchesAnchors(const torch::jit::Module& module, const ModelMeta& meta, const std::string& source);

} // namespace anchorscope
