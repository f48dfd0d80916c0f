// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/cost.h"

#include "util/error.h"

#include <nlohmann/json.hpp>

namespace anchorscope {

CostReport computeCost(const ArchitectureSpec& arch, const AnchorSet& anchors, int numClasses, int inputH, int inputW,
                       const Configuration& removed)
{
    if (numClasses < 1)
        throw InputError("the number of classes must be at least 1");
    if (inputH <= 0 || inputW <= 0)
        throw InputError("the input size must be positive");
    if (int(arch.head.size()) != anchors.numLevels())
        throw InputError("architecture " + arch.name + " has " + std::to_string(arch.head.size())
                         + " head levels, the anchor set " + std::to_string(anchors.numLevels()));
    const auto feats = arch.featureSizes(inputH, inputW);
    CostReport r;
    for (int l = 0; l < anchors.numLevels(); ++l) {
        const HeadLevelSpec& h = arch.head[size_t(l)];
        LevelCost c;
        c.level = l;
        c.totalAnchors = anchors.anchorsInLevel(l);
        for (int a = 0; a < c.totalAnchors; ++a)
            c.anchors += removed.isRemoved(anchors.globalId(l, a)) ? 0 : 1;
        c.featureH = feats[size_t(l)].first;
        c.featureW = feats[size_t(l)].second;
        c.enabled = c.anchors > 0;
        const int64_t cells = int64_t(c.featureH) * c.featureW;
        const int64_t outPerAnchor = numClasses + 4;
        const int64_t k2 = int64_t(h.kernel) * h.kernel;
        c.boxes = cells * c.anchors;
        c.macs = cells * k2 * h.inChannels * c.anchors * outPerAnchor + (c.enabled ? cells * h.levelMacsPerCell : 0);
        c.params = (k2 * h.inChannels + 1) * c.anchors * outPerAnchor + (c.enabled ? h.levelParams : 0);
        r.headMacs += c.macs;
        r.boxes += c.boxes;
        r.params += c.params;
        r.levels.push_back(c);
    }
    return r;
}

nlohmann::json costToJson(const CostReport& full, const CostReport& cost, const AnchorSet& anchors,
                          const Configuration& removed)
{
    nlohmann::json j;
    j["head_macs"] = cost.headMacs;
    j["boxes"] = cost.boxes;
    j["params"] = cost.params;
    j["full_head_macs"] = full.headMacs;
    j["full_boxes"] = full.boxes;
    j["head_macs_reduction"] = full.headMacs > 0 ? 1.0 - double(cost.headMacs) / double(full.headMacs) : 0.0;
    j["removed"] = removed.removed;
    nlohmann::json levels = nlohmann::json::array();
    for (const auto& c : cost.levels)
        levels.push_back({{"level", c.level},
                          {"anchors", c.anchors},
                          {"total_anchors", c.totalAnchors},
                          {"feature_size", {c.featureH, c.featureW}},
                          {"boxes", c.boxes},
                          {"macs", c.macs},
                          {"params", c.params},
                          {"enabled", c.enabled}});
    j["levels"] = levels;
    nlohmann::json table = nlohmann::json::array();
    for (const auto& a : anchors.table())
        table.push_back({{"id", a.id},
                         {"level", a.level},
                         {"index", a.index},
                         {"w", a.w},
                         {"h", a.h},
                         {"scale", a.scale},
                         {"ratio", a.ratio},
                         {"removed", removed.isRemoved(a.id)}});
    j["anchors"] = table;
    return j;
}

} // namespace anchorscope
