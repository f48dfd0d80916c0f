// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the cost model and the model builders need to know about each detector
// architecture, without torch: per level, the input channels and kernel of the final head
// convs and the per-cell head work that exists only while the level is enabled (towers,
// depthwise convs); and the backbone's feature-map arithmetic for any input size.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace anchorscope {

struct HeadLevelSpec {
    int inChannels = 0;
    int kernel = 3;
    int64_t levelMacsPerCell = 0; // work per cell that vanishes with a disabled level
    int64_t levelParams = 0;      // parameters that go with it (0 when shared across levels)
};

struct ArchitectureSpec {
    std::string name;
    std::string defaultAnchors; // anchor preset
    int defaultInputH = 0, defaultInputW = 0;
    bool sharedHead = false;    // RetinaNet-style: one final conv serves every level
    std::vector<HeadLevelSpec> head;

    // Feature-map sizes (H, W) per level for an input of H × W pixels.
    std::vector<std::pair<int, int>> featureSizes(int inputH, int inputW) const;
};

std::vector<std::string> architectureNames();
const ArchitectureSpec& architectureSpec(const std::string& name); // throws InputError

} // namespace anchorscope
