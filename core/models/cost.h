// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Head cost of a configuration (docs/design.md §1, §5): MACs of the final convs for the kept
// anchors plus the per-level head work of enabled levels; boxes; final-conv parameters.
#include "anchors/anchor_set.h"
#include "models/architecture.h"
#include "anchors/configuration.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <vector>

namespace anchorscope {

struct LevelCost {
    int level = 0;
    int anchors = 0;        // kept
    int totalAnchors = 0;
    int featureH = 0, featureW = 0;
    int64_t boxes = 0;
    int64_t macs = 0;
    int64_t params = 0;
    bool enabled = true;
};

struct CostReport {
    int64_t headMacs = 0;
    int64_t boxes = 0;
    int64_t params = 0;     // final head convs (weights + biases) and per-level head parameters
    std::vector<LevelCost> levels;
};

// numClasses: classifier outputs per anchor, background included (SSD300 on COCO: 81).
CostReport computeCost(const ArchitectureSpec& arch, const AnchorSet& anchors, int numClasses, int inputH, int inputW,
                       const Configuration& removed = {});

nlohmann::json costToJson(const CostReport& full, const CostReport& cost, const AnchorSet& anchors,
                          const Configuration& removed);

} // namespace anchorscope
