// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The content of anchorscope.json inside an .aspt model package (docs/design.md §3): everything
// needed to run, evaluate, cost and prune the TorchScript module next to it.
#include "anchors/anchor_set.h"
#include "eval/postprocess.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace anchorscope {

struct ClassInfo {
    std::string name;
    int64_t categoryId = 0; // dataset category id this score column predicts
};

struct LevelParams {              // which parameters are a level's final convs
    std::string clsWeight, clsBias;
    std::string regWeight, regBias;
};

struct Provenance {
    std::string parentHash;       // identity of the model this one was pruned/retrained from
    std::vector<int> removedAnchors; // ids of the parent's AnchorSet
    std::vector<int> idMapping;   // new id → parent id
    std::vector<nlohmann::json> trainingRuns;
};

struct ModelMeta {
    int formatVersion = 1;
    std::string architecture;
    int inputH = 0, inputW = 0;
    // fixed: every image is resized to inputH × inputW. min_max (torchvision's
    // GeneralizedRCNNTransform): scaled so the shorter side is resizeMinSize unless the longer
    // would exceed resizeMaxSize, then zero-padded to a multiple of sizeDivisible; inputH ×
    // inputW is then only the nominal size the cost model uses.
    std::string resizePolicy = "fixed";
    int resizeMinSize = 0, resizeMaxSize = 0, sizeDivisible = 1;
    std::vector<float> mean{0.485f, 0.456f, 0.406f}; // normalisation of RGB in [0, 1]
    std::vector<float> std{0.229f, 0.224f, 0.225f};
    AnchorSet anchors;
    std::vector<LevelParams> levelParams;
    std::vector<bool> levelEnabled;
    bool sharedHead = false;
    PostProcessSettings postprocess;
    int numClasses = 0;                       // score columns, background included
    std::vector<ClassInfo> classes;           // per score column; the background column's id is -1
    Provenance provenance;

    nlohmann::json toJson() const;
    static ModelMeta fromJson(const nlohmann::json& j, const std::string& source); // throws InputError
    void validate(const std::string& source) const;
    // Score column → category id (-1 for background or unknown).
    int64_t categoryOfColumn(int column) const;
};

nlohmann::json postProcessToJson(const PostProcessSettings& s);
PostProcessSettings postProcessFromJson(const nlohmann::json& j, const std::string& source);

} // namespace anchorscope
