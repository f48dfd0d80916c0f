// SPDX-License-Identifier: GPL-3.0-or-later
// Native architectures built as TorchScript in C++. Heads have per-level final convs
// ("cls_<l>", "reg_<l>") and per-level `enabled_<l>` flags; forward returns
// (logits [N, boxes, K], regression [N, boxes, 4], feature sizes [L, 2]).
#include "models/architecture.h"
#include "models/detector_impl.h"
#include "util/error.h"

#include <cmath>
#include <sstream>

namespace anchorscope {

namespace {

using tsb::Module;

// Final head convs: xavier-uniform weights, zero bias (torchvision SSD head init).
Module headConv(int in, int out, int kernel)
{
    Module m = tsb::conv2d(in, out, kernel, 1, kernel / 2, true);
    const double bound = std::sqrt(6.0 / double((in + out) * kernel * kernel));
    tsb::registerParameter(m, "weight", (torch::rand({out, in, kernel, kernel}) * 2 - 1) * bound);
    return m;
}

// The head part of forward(): per level, if enabled, conv → [N, H·W·A, K] / [N, H·W·A, 4].
std::string headForwardSource(int levels, int numClasses)
{
    std::ostringstream s;
    s << "    n = x.size(0)\n"
      << "    cls_list: List[Tensor] = []\n"
      << "    reg_list: List[Tensor] = []\n";
    for (int l = 0; l < levels; ++l) {
        s << "    if self.enabled_" << l << ":\n"
          << "        cls_list.append(self.cls_" << l << ".forward(f" << l << ").permute(0, 2, 3, 1).reshape(n, -1, "
          << numClasses << "))\n"
          << "        reg_list.append(self.reg_" << l << ".forward(f" << l << ").permute(0, 2, 3, 1).reshape(n, -1, 4))\n";
    }
    s << "    sizes = torch.tensor([";
    for (int l = 0; l < levels; ++l)
        s << (l ? ", " : "") << "[f" << l << ".size(2), f" << l << ".size(3)]";
    s << "])\n" // int lists give int64
      << "    return torch.cat(cls_list, 1), torch.cat(reg_list, 1), sizes\n";
    return s.str();
}

void addHead(Module& m, const ArchitectureSpec& arch, const AnchorSet& anchors, int K, ModelMeta& meta)
{
    for (int l = 0; l < anchors.numLevels(); ++l) {
        const int A = anchors.anchorsInLevel(l);
        const HeadLevelSpec& h = arch.head[size_t(l)];
        m.register_module("cls_" + std::to_string(l), headConv(h.inChannels, std::max(1, A * K), h.kernel));
        m.register_module("reg_" + std::to_string(l), headConv(h.inChannels, std::max(1, A * 4), h.kernel));
        m.register_attribute("enabled_" + std::to_string(l), c10::BoolType::get(), A > 0);
        const std::string p = std::to_string(l);
        meta.levelParams.push_back({"cls_" + p + ".weight", "cls_" + p + ".bias", "reg_" + p + ".weight", "reg_" + p + ".bias"});
        meta.levelEnabled.push_back(A > 0);
    }
}

Module buildSsdSmall(const ArchitectureSpec& arch, const AnchorSet& anchors, int K, ModelMeta& meta)
{
    // 256² → stem 3 stride-2 stages to stride 8 (64 ch), then one stride-2 stage per level.
    Module m = tsb::newModule("SsdSmall");
    m.register_module("stem", tsb::sequential({tsb::convBnRelu(3, 24, 3, 2, 1), tsb::convBnRelu(24, 32, 3, 2, 1),
                                               tsb::convBnRelu(32, 32, 3, 1, 1), tsb::convBnRelu(32, 64, 3, 2, 1),
                                               tsb::convBnRelu(64, 64, 3, 1, 1)}));
    m.register_module("stage1", tsb::sequential({tsb::convBnRelu(64, 96, 3, 2, 1), tsb::convBnRelu(96, 96, 3, 1, 1)}));
    m.register_module("stage2", tsb::sequential({tsb::convBnRelu(96, 128, 3, 2, 1), tsb::convBnRelu(128, 128, 3, 1, 1)}));
    m.register_module("stage3", tsb::sequential({tsb::convBnRelu(128, 128, 3, 2, 1), tsb::convBnRelu(128, 128, 3, 1, 1)}));
    addHead(m, arch, anchors, K, meta);
    std::string src = "def forward(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:\n"
                      "    f0 = self.stem.forward(x)\n"
                      "    f1 = self.stage1.forward(f0)\n"
                      "    f2 = self.stage2.forward(f1)\n"
                      "    f3 = self.stage3.forward(f2)\n";
    src += headForwardSource(4, K);
    m.define(src);
    return m;
}

} // namespace

torch::jit::Module buildNativeModule(const std::string& architecture, const AnchorSet& anchors, int numClasses,
                                     ModelMeta& meta)
{
    const ArchitectureSpec& arch = architectureSpec(architecture);
    if (int(arch.head.size()) != anchors.numLevels())
        throw InputError("architecture " + architecture + " has " + std::to_string(arch.head.size())
                         + " levels, anchor set '" + anchors.name + "' has " + std::to_string(anchors.numLevels()));
    meta.levelParams.clear();
    meta.levelEnabled.clear();
    if (architecture == "ssd_small")
        return buildSsdSmall(arch, anchors, numClasses, meta);
    throw InputError("architecture '" + architecture + "' cannot be built natively yet");
}

} // namespace anchorscope
