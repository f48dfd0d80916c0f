// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// AnchorSet: the explicit per-level anchor lists of a detection head (docs/design.md §1, §5).
// One *anchor* = (level, index); its global id counts levels in order. A *box* = one
// anchor at one cell; boxes of a level are ordered (y * W + x) * A + a.
#include "geometry/box.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace anchorscope {

// How the distance between cell centres follows the input size.
enum class StepMode {
    Fixed,    // step in input pixels, whatever the input (torchvision SSD300 `steps`)
    FitFloat, // step = input / feature size (torchvision SSDlite, steps=None)
    FitFloor  // step = input // feature size, integer (torchvision AnchorGenerator)
};

struct AnchorShape {
    double w = 0, h = 0;  // prior size in input pixels at the nominal input size
    double scale = 0;     // what it came from: scale in pixels ...
    double ratio = 1;     // ... and aspect ratio h / w
};

struct AnchorLevel {
    StepMode stepMode = StepMode::Fixed;
    double stepX = 0, stepY = 0;       // for StepMode::Fixed
    double offsetX = 0.5, offsetY = 0.5; // centre of cell (x, y) = ((x + offset) * step)
    int featureW = 0, featureH = 0;    // at the nominal input size
    std::vector<AnchorShape> anchors;
};

struct AnchorInfo { // one row of the id table
    int id = 0, level = 0, index = 0;
    double w = 0, h = 0, scale = 0, ratio = 0;
};

// How prior boxes are computed. Double: centre ± half size in double, rounded once.
// TorchvisionDefaultBoxes: DefaultBoxGenerator's float32 arithmetic — relative centre
// (x + 0.5) / (input / step) and relative size, then (centre ∓ 0.5·size) · input — so that
// an imported SSD / SSDlite decodes from torchvision's own anchors, bit for bit.
enum class PriorArithmetic { Double, TorchvisionDefaultBoxes };

class AnchorSet {
public:
    std::string name;
    int inputW = 0, inputH = 0; // nominal input size the (w, h) and feature sizes refer to
    std::vector<AnchorLevel> levels;
    PriorArithmetic arithmetic = PriorArithmetic::Double;

    int numLevels() const { return int(levels.size()); }
    int numAnchors() const;
    int anchorsInLevel(int level) const { return int(levels[size_t(level)].anchors.size()); }
    int firstId(int level) const;
    int globalId(int level, int index) const { return firstId(level) + index; }
    AnchorInfo info(int id) const; // throws InputError for an id out of range
    std::vector<AnchorInfo> table() const;

    // Boxes for the nominal input and feature sizes.
    int numBoxes() const;
    // Prior boxes (xyxy, input pixels) for feature sizes [L] (H, W) of an input H × W,
    // in box order; also the level and anchor id of every box when asked.
    std::vector<Boxf> priors(const std::vector<std::pair<int, int>>& featureSizes, int inputH, int inputW,
                             std::vector<int16_t>* boxLevel = nullptr, std::vector<int32_t>* boxAnchor = nullptr) const;
    std::vector<Boxf> priors(std::vector<int16_t>* boxLevel = nullptr, std::vector<int32_t>* boxAnchor = nullptr) const;

    // The same set with some anchors removed (ids renumbered); empty levels stay, empty.
    AnchorSet without(const std::vector<int>& removedIds) const;

    nlohmann::json toJson() const;
    static AnchorSet fromJson(const nlohmann::json& j, const std::string& source); // throws InputError
    void validate(const std::string& source) const;
};

std::string toString(StepMode m);

// Presets (docs/design.md §5), each reproducing its source exactly.
//   ssd300_paper            SSD300 on COCO, the paper's order (s,1),(s,2),(s,3),(s,1/2),(s,1/3),(s',1)
//   ssd300_torchvision      torchvision ssd300_vgg16 DefaultBoxGenerator (clipped to the image)
//   ssdlite320_torchvision  torchvision ssdlite320_mobilenet_v3_large
//   retinanet_torchvision   torchvision retinanet_resnet50_fpn AnchorGenerator (integer-rounded), for an input H × W
//   ssd300_overanchorized   3 scales × 5 ratios {1/3,1/2,1,2,3} on SSD300's grid
//   ssd_small / ssd_small_overanchorized  the demo detector's grid (see models)
std::vector<std::string> anchorPresetNames();
AnchorSet anchorPreset(const std::string& name, int inputH = 0, int inputW = 0); // 0: the preset's own size

} // namespace anchorscope
