// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/architecture.h"

#include "util/error.h"

namespace anchorscope {

namespace {

int convOut(int n, int kernel, int stride, int pad, bool ceilMode = false)
{
    const int span = n + 2 * pad - kernel;
    return (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
}

// Sizes after `skip` ceil-halvings (3×3, stride 2, padding 1), then `levels` more, one per level.
std::vector<std::pair<int, int>> ceilHalvings(int h, int w, int skip, int levels)
{
    std::vector<std::pair<int, int>> out;
    for (int i = 0; i < skip + levels; ++i) {
        if (i >= skip)
            out.emplace_back(h, w);
        h = convOut(h, 3, 2, 1);
        w = convOut(w, 3, 2, 1);
    }
    return out;
}

std::vector<ArchitectureSpec> makeSpecs()
{
    std::vector<ArchitectureSpec> specs;
    {
        // torchvision ssd300_vgg16: conv4_3 (512, L2-normalised), fc7 (1024), extras.
        ArchitectureSpec s;
        s.name = "ssd300_vgg16";
        s.defaultAnchors = "ssd300_paper";
        s.defaultInputH = s.defaultInputW = 300;
        for (int c : {512, 1024, 512, 256, 256, 256})
            s.head.push_back({c, 3, 0, 0});
        specs.push_back(s);
    }
    {
        // The demo detector: a small BatchNorm CNN, 4 levels at strides 8..64.
        ArchitectureSpec s;
        s.name = "ssd_small";
        s.defaultAnchors = "ssd_small_overanchorized";
        s.defaultInputH = s.defaultInputW = 256;
        for (int c : {64, 96, 128, 128})
            s.head.push_back({c, 3, 0, 0});
        specs.push_back(s);
    }
    {
        // ResNet-18 + FPN (P3..P7, 256 channels), RetinaNet head: 4 shared 3×3 conv + ReLU
        // towers for classification and for regression, run on every enabled level.
        ArchitectureSpec s;
        s.name = "retinanet_r18_fpn";
        s.defaultAnchors = "retinanet_torchvision";
        s.defaultInputH = s.defaultInputW = 512;
        s.sharedHead = true;
        const int64_t tower = 2LL * 4 * 9 * 256 * 256;
        for (int l = 0; l < 5; ++l)
            s.head.push_back({256, 3, tower, 0});
        specs.push_back(s);
        // torchvision retinanet_resnet50_fpn, imported (app/python/export_torchvision.py):
        // the same head on ResNet-50 + FPN; nominal input = its min size, square.
        s.name = "retinanet_resnet50_fpn";
        s.defaultInputH = s.defaultInputW = 800;
        specs.push_back(s);
    }
    {
        // torchvision ssdlite320_mobilenet_v3_large, imported: per level a 3×3 depthwise conv
        // (+ BatchNorm, ReLU6) before each 1×1 final conv — per-level work that goes with
        // the level.
        ArchitectureSpec s;
        s.name = "ssdlite320_mobilenet_v3_large";
        s.defaultAnchors = "ssdlite320_torchvision";
        s.defaultInputH = s.defaultInputW = 320;
        for (int c : {672, 480, 512, 256, 256, 128})
            s.head.push_back({c, 1, 2LL * 9 * c, 2LL * (9 * c + 2 * c)});
        specs.push_back(s);
    }
    return specs;
}

const std::vector<ArchitectureSpec>& specs()
{
    static const std::vector<ArchitectureSpec> s = makeSpecs();
    return s;
}

} // namespace

std::vector<std::pair<int, int>> ArchitectureSpec::featureSizes(int H, int W) const
{
    std::vector<std::pair<int, int>> out;
    if (name == "ssd300_vgg16") {
        // VGG16 to conv4_3: three 2×2 pools, the third with ceil_mode; pool4 then fc7 (pool5
        // is 3×3 s1 p1); extras: two 3×3 s2 p1, then two 3×3 valid convs.
        auto f = [](int n) {
            n = convOut(n, 2, 2, 0);
            n = convOut(n, 2, 2, 0);
            n = convOut(n, 2, 2, 0, true);
            return n;
        };
        int h = f(H), w = f(W);
        out.emplace_back(h, w);
        h = convOut(h, 2, 2, 0);
        w = convOut(w, 2, 2, 0);
        out.emplace_back(h, w);
        for (int i = 0; i < 2; ++i) {
            h = convOut(h, 3, 2, 1);
            w = convOut(w, 3, 2, 1);
            out.emplace_back(h, w);
        }
        for (int i = 0; i < 2; ++i) {
            h = convOut(h, 3, 1, 0);
            w = convOut(w, 3, 1, 0);
            out.emplace_back(h, w);
        }
        return out;
    }
    if (name == "ssd_small") // stride-2 3×3 convs, padding 1; levels at strides 8, 16, 32, 64
        return ceilHalvings(H, W, 3, 4);
    if (name == "ssdlite320_mobilenet_v3_large")
        // Every stride-2 layer of MobileNetV3 and of the extra blocks halves with ceil; C4
        // (stride 16), C5 (stride 32), then four extra blocks.
        return ceilHalvings(H, W, 4, 6);
    if (name == "retinanet_r18_fpn" || name == "retinanet_resnet50_fpn") {
        // conv1 7×7 s2 p3, maxpool 3×3 s2 p1, layer2..4 stride 2, P6/P7 3×3 s2 p1.
        int h = convOut(convOut(H, 7, 2, 3), 3, 2, 1), w = convOut(convOut(W, 7, 2, 3), 3, 2, 1);
        h = convOut(h, 3, 2, 1);
        w = convOut(w, 3, 2, 1);
        for (int l = 0; l < 5; ++l) {
            out.emplace_back(h, w);
            h = convOut(h, 3, 2, 1);
            w = convOut(w, 3, 2, 1);
        }
        return out;
    }
    throw InputError("no feature-size rule for architecture '" + name + "'");
}

std::vector<std::string> architectureNames()
{
    std::vector<std::string> out;
    for (const auto& s : specs())
        out.push_back(s.name);
    return out;
}

const ArchitectureSpec& architectureSpec(const std::string& name)
{
    for (const auto& s : specs())
        if (s.name == name)
            return s;
    std::string known;
    for (const auto& s : specs())
        known += (known.empty() ? "" : ", ") + s.name;
    throw InputError("unknown architecture '" + name + "' (available: " + known + ")");
}

} // namespace anchorscope
