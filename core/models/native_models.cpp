// SPDX-License-Identifier: GPL-3.0-or-later
// Native architectures built as TorchScript in C++. Heads have per-level final convs
// ("cls_<l>", "reg_<l>") and per-level `enabled_<l>` flags; forward returns
// (logits [N, boxes, K], regression [N, boxes, 4], feature sizes [L, 2]).
#include "models/architecture.h"
#include "models/detector_impl.h"
#include "util/error.h"

#include <cmath>
#include <functional>
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
// `conv(kind, level)` is the TorchScript expression of a final conv module ("cls"/"reg").
// `input(kind, level)` is what that conv is applied to (default: the feature map f<l>).
using SourceFn = std::function<std::string(const char*, int)>;
std::string headForwardSource(int levels, int numClasses,
                              const SourceFn& conv = [](const char* kind, int l) {
                                  return std::string("self.") + kind + "_" + std::to_string(l);
                              },
                              const SourceFn& input = [](const char*, int l) { return "f" + std::to_string(l); })
{
    std::ostringstream s;
    s << "    n = x.size(0)\n"
      << "    cls_list: List[Tensor] = []\n"
      << "    reg_list: List[Tensor] = []\n";
    for (int l = 0; l < levels; ++l) {
        s << "    if self.enabled_" << l << ":\n"
          << "        cls_list.append(" << conv("cls", l) << ".forward(" << input("cls", l)
          << ").permute(0, 2, 3, 1).reshape(n, -1, " << numClasses << "))\n"
          << "        reg_list.append(" << conv("reg", l) << ".forward(" << input("reg", l)
          << ").permute(0, 2, 3, 1).reshape(n, -1, 4))\n";
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

// torchvision's ssd300_vgg16 — same structure, same parameter names, so a torchvision state
// dict loads as is: backbone.features (VGG16 to conv4_3, pool3 in ceil mode),
// backbone.scale_weight (L2 normalisation of conv4_3), backbone.extra.0 (pool4, conv5_x,
// then pool5 3×3/1, fc6 dilated 6, fc7), backbone.extra.1..4, and
// head.{classification,regression}_head.module_list.<l>.
Module buildSsd300Vgg16(const ArchitectureSpec& arch, const AnchorSet& anchors, int K, ModelMeta& meta)
{
    using L = tsb::SeqLayer;
    auto conv = [](int in, int out, int k = 3, int s = 1, int p = 1, int d = 1) {
        return L::mod(tsb::conv2d(in, out, k, s, p, true, 1, d));
    };
    Module features = tsb::numberedSequential({conv(3, 64), L::relu(), conv(64, 64), L::relu(), L::pool(2, 2, 0, false),
                                               conv(64, 128), L::relu(), conv(128, 128), L::relu(), L::pool(2, 2, 0, false),
                                               conv(128, 256), L::relu(), conv(256, 256), L::relu(), conv(256, 256), L::relu(),
                                               L::pool(2, 2, 0, true), conv(256, 512), L::relu(), conv(512, 512), L::relu(),
                                               conv(512, 512), L::relu()});
    Module fc = tsb::numberedSequential({L::pool(3, 1, 1, false), conv(512, 1024, 3, 1, 6, 6), L::relu(),
                                         conv(1024, 1024, 1, 1, 0), L::relu()});
    Module extra0 = tsb::numberedSequential({L::pool(2, 2, 0, false), conv(512, 512), L::relu(), conv(512, 512), L::relu(),
                                             conv(512, 512), L::relu(), L::mod(fc)});
    auto extraBlock = [&](int in, int mid, int out, int stride, int pad) {
        return tsb::numberedSequential({conv(in, mid, 1, 1, 0), L::relu(), conv(mid, out, 3, stride, pad), L::relu()});
    };
    Module extra = tsb::newModule("ModuleList");
    extra.register_module("0", extra0);
    extra.register_module("1", extraBlock(1024, 256, 512, 2, 1));
    extra.register_module("2", extraBlock(512, 128, 256, 2, 1));
    extra.register_module("3", extraBlock(256, 128, 256, 1, 0));
    extra.register_module("4", extraBlock(256, 128, 256, 1, 0));
    Module backbone = tsb::newModule("SSDFeatureExtractorVGG");
    backbone.register_module("features", features);
    tsb::registerParameter(backbone, "scale_weight", torch::ones({512}) * 20);
    backbone.register_module("extra", extra);
    backbone.define(R"(
def forward(self, x: Tensor) -> List[Tensor]:
    x = self.features.forward(x)
    norm = torch.clamp_min(torch.norm(x, 2, [1], True), 1e-12)
    out: List[Tensor] = [self.scale_weight.view(1, -1, 1, 1) * (x / norm)]
    x = getattr(self.extra, '0').forward(x)
    out.append(x)
    x = getattr(self.extra, '1').forward(x)
    out.append(x)
    x = getattr(self.extra, '2').forward(x)
    out.append(x)
    x = getattr(self.extra, '3').forward(x)
    out.append(x)
    x = getattr(self.extra, '4').forward(x)
    out.append(x)
    return out
)");
    Module head = tsb::newModule("SSDHead");
    Module clsHead = tsb::newModule("SSDClassificationHead"), regHead = tsb::newModule("SSDRegressionHead");
    Module clsList = tsb::newModule("ModuleList"), regList = tsb::newModule("ModuleList");
    for (int l = 0; l < anchors.numLevels(); ++l) {
        const int A = anchors.anchorsInLevel(l);
        const int C = arch.head[size_t(l)].inChannels;
        clsList.register_module(std::to_string(l), headConv(C, std::max(1, A * K), 3));
        regList.register_module(std::to_string(l), headConv(C, std::max(1, A * 4), 3));
        const std::string p = std::to_string(l);
        meta.levelParams.push_back({"head.classification_head.module_list." + p + ".weight",
                                    "head.classification_head.module_list." + p + ".bias",
                                    "head.regression_head.module_list." + p + ".weight",
                                    "head.regression_head.module_list." + p + ".bias"});
        meta.levelEnabled.push_back(A > 0);
    }
    clsHead.register_module("module_list", clsList);
    regHead.register_module("module_list", regList);
    head.register_module("classification_head", clsHead);
    head.register_module("regression_head", regHead);
    Module m = tsb::newModule("SSD300VGG16");
    m.register_module("backbone", backbone);
    m.register_module("head", head);
    for (int l = 0; l < anchors.numLevels(); ++l)
        m.register_attribute("enabled_" + std::to_string(l), c10::BoolType::get(), anchors.anchorsInLevel(l) > 0);
    std::string src = "def forward(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:\n"
                      "    feats = self.backbone.forward(x)\n";
    for (int l = 0; l < 6; ++l)
        src += "    f" + std::to_string(l) + " = feats[" + std::to_string(l) + "]\n";
    src += headForwardSource(6, K, [](const char* kind, int l) {
        return std::string("getattr(self.head.") + (std::string(kind) == "cls" ? "classification_head" : "regression_head")
            + ".module_list, '" + std::to_string(l) + "')";
    });
    m.define(src);
    // torchvision's normalisation for SSD300: mean of ImageNet in [0, 1], std 1/255.
    meta.mean = {0.48235f, 0.45882f, 0.40784f};
    meta.std = {1.0f / 255.0f, 1.0f / 255.0f, 1.0f / 255.0f};
    return m;
}

// ResNet-18 BasicBlock: conv3×3(s)-BN-ReLU-conv3×3-BN + shortcut (1×1 conv s + BN when
// the shape changes), ReLU.
Module basicBlock(int in, int out, int stride)
{
    Module b = tsb::newModule("BasicBlock");
    b.register_module("conv1", tsb::conv2d(in, out, 3, stride, 1, false));
    b.register_module("bn1", tsb::batchNorm2d(out));
    b.register_module("conv2", tsb::conv2d(out, out, 3, 1, 1, false));
    b.register_module("bn2", tsb::batchNorm2d(out));
    std::string src = "def forward(self, x):\n"
                      "    y = torch.relu(self.bn1.forward(self.conv1.forward(x)))\n"
                      "    y = self.bn2.forward(self.conv2.forward(y))\n";
    if (stride != 1 || in != out) {
        b.register_module("downsample", tsb::sequential({tsb::conv2d(in, out, 1, stride, 0, false), tsb::batchNorm2d(out)}));
        src += "    return torch.relu(y + self.downsample.forward(x))\n";
    } else {
        src += "    return torch.relu(y + x)\n";
    }
    b.define(src);
    return b;
}

// RetinaNet on ResNet-18 + FPN (P3–P7, 256 channels): shared 4-conv towers for
// classification and regression, per-level final convs (focal prior init: bias
// -log((1 - 0.01) / 0.01)), the `shared` flag restricting configurations.
Module buildRetinanetR18Fpn(const ArchitectureSpec& arch, const AnchorSet& anchors, int K, ModelMeta& meta)
{
    Module body = tsb::newModule("ResNet18");
    body.register_module("conv1", tsb::conv2d(3, 64, 7, 2, 3, false));
    body.register_module("bn1", tsb::batchNorm2d(64));
    body.register_module("layer1", tsb::sequential({basicBlock(64, 64, 1), basicBlock(64, 64, 1)}));
    body.register_module("layer2", tsb::sequential({basicBlock(64, 128, 2), basicBlock(128, 128, 1)}));
    body.register_module("layer3", tsb::sequential({basicBlock(128, 256, 2), basicBlock(256, 256, 1)}));
    body.register_module("layer4", tsb::sequential({basicBlock(256, 512, 2), basicBlock(512, 512, 1)}));
    body.define(R"(
def forward(self, x: Tensor) -> List[Tensor]:
    x = torch.relu(self.bn1.forward(self.conv1.forward(x)))
    x = torch.max_pool2d(x, [3, 3], [2, 2], [1, 1], [1, 1], False)
    x = self.layer1.forward(x)
    c3 = self.layer2.forward(x)
    c4 = self.layer3.forward(c3)
    c5 = self.layer4.forward(c4)
    return [c3, c4, c5]
)");
    Module fpn = tsb::newModule("FPN");
    fpn.register_module("inner3", tsb::conv2d(128, 256, 1, 1, 0));
    fpn.register_module("inner4", tsb::conv2d(256, 256, 1, 1, 0));
    fpn.register_module("inner5", tsb::conv2d(512, 256, 1, 1, 0));
    fpn.register_module("layer3", tsb::conv2d(256, 256, 3, 1, 1));
    fpn.register_module("layer4", tsb::conv2d(256, 256, 3, 1, 1));
    fpn.register_module("layer5", tsb::conv2d(256, 256, 3, 1, 1));
    fpn.register_module("p6", tsb::conv2d(256, 256, 3, 2, 1));
    fpn.register_module("p7", tsb::conv2d(256, 256, 3, 2, 1));
    fpn.define(R"(
def forward(self, c: List[Tensor]) -> List[Tensor]:
    i5 = self.inner5.forward(c[2])
    i4 = self.inner4.forward(c[1]) + torch.upsample_nearest2d(i5, [c[1].size(2), c[1].size(3)])
    i3 = self.inner3.forward(c[0]) + torch.upsample_nearest2d(i4, [c[0].size(2), c[0].size(3)])
    p5 = self.layer5.forward(i5)
    p6 = self.p6.forward(p5)
    p7 = self.p7.forward(torch.relu(p6))
    return [self.layer3.forward(i3), self.layer4.forward(i4), p5, p6, p7]
)");
    auto tower = [&]() {
        std::vector<Module> parts;
        for (int i = 0; i < 4; ++i) {
            Module cv = tsb::conv2d(256, 256, 3, 1, 1);
            tsb::registerParameter(cv, "weight", torch::randn({256, 256, 3, 3}) * 0.01);
            Module relu = tsb::newModule("ReLU");
            relu.define("def forward(self, x):\n    return torch.relu(x)\n");
            parts.push_back(cv);
            parts.push_back(relu);
        }
        return tsb::sequential(parts);
    };
    Module m = tsb::newModule("RetinaNetR18FPN");
    m.register_module("body", body);
    m.register_module("fpn", fpn);
    m.register_module("cls_tower", tower());
    m.register_module("reg_tower", tower());
    const double prior = -std::log((1.0 - 0.01) / 0.01);
    for (int l = 0; l < anchors.numLevels(); ++l) {
        const int A = anchors.anchorsInLevel(l);
        Module cls = tsb::conv2d(256, std::max(1, A * K), 3, 1, 1);
        tsb::registerParameter(cls, "weight", torch::randn({std::max(1, A * K), 256, 3, 3}) * 0.01);
        tsb::registerParameter(cls, "bias", torch::full({std::max(1, A * K)}, prior));
        Module reg = tsb::conv2d(256, std::max(1, A * 4), 3, 1, 1);
        tsb::registerParameter(reg, "weight", torch::randn({std::max(1, A * 4), 256, 3, 3}) * 0.01);
        m.register_module("cls_" + std::to_string(l), cls);
        m.register_module("reg_" + std::to_string(l), reg);
        m.register_attribute("enabled_" + std::to_string(l), c10::BoolType::get(), A > 0);
        const std::string p = std::to_string(l);
        meta.levelParams.push_back({"cls_" + p + ".weight", "cls_" + p + ".bias", "reg_" + p + ".weight", "reg_" + p + ".bias"});
        meta.levelEnabled.push_back(A > 0);
    }
    (void)arch;
    std::string src = "def forward(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:\n"
                      "    feats = self.fpn.forward(self.body.forward(x))\n";
    for (int l = 0; l < 5; ++l)
        src += "    f" + std::to_string(l) + " = feats[" + std::to_string(l) + "]\n";
    src += headForwardSource(5, K, [](const char* kind, int l) { return std::string("self.") + kind + "_" + std::to_string(l); },
                             [](const char* kind, int l) {
                                 return std::string("self.") + kind + "_tower.forward(f" + std::to_string(l) + ")";
                             });
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
    if (architecture == "ssd300_vgg16")
        return buildSsd300Vgg16(arch, anchors, numClasses, meta);
    if (architecture == "retinanet_r18_fpn")
        return buildRetinanetR18Fpn(arch, anchors, numClasses, meta);
    throw InputError("architecture '" + architecture + "' cannot be built natively yet");
}

} // namespace anchorscope
