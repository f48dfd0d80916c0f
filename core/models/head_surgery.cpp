// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/head_surgery.h"

#include "models/detector_impl.h"
#include "util/error.h"

namespace anchorscope {

namespace {

// Splits "cls_0.weight" into the submodule path and the parameter name.
std::pair<std::string, std::string> splitName(const std::string& full)
{
    const size_t dot = full.rfind('.');
    if (dot == std::string::npos)
        return {std::string(), full};
    return {full.substr(0, dot), full.substr(dot + 1)};
}

void sliceRows(torch::jit::Module& root, const std::string& paramName, const std::vector<int64_t>& rows)
{
    auto [path, name] = splitName(paramName);
    torch::jit::Module owner = path.empty() ? root : tsb::submodule(root, path);
    const at::Tensor old = owner.attr(name).toTensor();
    at::Tensor next;
    if (rows.empty())
        next = at::empty({0}).to(old.dtype()); // a disabled level never reads it
    else
        next = old.detach().index_select(0, at::tensor(rows, at::kLong)).contiguous(); // a leaf: trainable
    tsb::registerParameter(owner, name, next, old.requires_grad());
}

// Native heads carry `enabled_<l>` flags; heads written by the torchvision exporter (Python)
// one `level_enabled` list. A new list is set rather than edited in place, so that a clone
// never shares it with its parent.
void disableLevel(torch::jit::Module& m, int level)
{
    const std::string flag = "enabled_" + std::to_string(level);
    if (m.hasattr(flag)) {
        m.setattr(flag, false);
        return;
    }
    if (m.hasattr("level_enabled")) {
        const c10::List<bool> old = m.attr("level_enabled").toBoolList();
        if (level < int(old.size())) {
            c10::List<bool> next;
            for (size_t i = 0; i < old.size(); ++i)
                next.push_back(int(i) == level ? false : bool(old.get(i)));
            m.setattr("level_enabled", next);
            return;
        }
    }
    throw InputError("this model has no per-level enabled flag for level " + std::to_string(level)
                     + "; it cannot lose all anchors of a level");
}

} // namespace

Detector pruneDetector(const Detector& parent, const Configuration& removed)
{
    const ModelMeta& pm = parent.meta();
    validateConfiguration(pm.anchors, pm.sharedHead, removed);
    Detector child = parent.clone(); // deep copy: surgery never touches the parent
    torch::jit::Module& m = child.impl().module;
    ModelMeta& meta = child.mutableMeta();
    const int K = pm.numClasses;
    std::vector<int> mapping;
    for (int l = 0; l < pm.anchors.numLevels(); ++l) {
        std::vector<int64_t> clsRows, regRows;
        for (int a = 0; a < pm.anchors.anchorsInLevel(l); ++a) {
            const int id = pm.anchors.globalId(l, a);
            if (removed.isRemoved(id))
                continue;
            mapping.push_back(id);
            for (int k = 0; k < K; ++k)
                clsRows.push_back(int64_t(a) * K + k);
            for (int k = 0; k < 4; ++k)
                regRows.push_back(int64_t(a) * 4 + k);
        }
        if (!pm.levelEnabled[size_t(l)])
            continue;
        const LevelParams& lp = pm.levelParams[size_t(l)];
        sliceRows(m, lp.clsWeight, clsRows);
        sliceRows(m, lp.clsBias, clsRows);
        sliceRows(m, lp.regWeight, regRows);
        sliceRows(m, lp.regBias, regRows);
        if (clsRows.empty())
            disableLevel(m, l);
    }
    meta.anchors = pm.anchors.without(removed.removed);
    for (int l = 0; l < meta.anchors.numLevels(); ++l)
        meta.levelEnabled[size_t(l)] = meta.anchors.anchorsInLevel(l) > 0;
    meta.provenance.parentHash = parent.identity();
    // Ids refer to the parent's AnchorSet; idMapping[new id] = parent id.
    meta.provenance.removedAnchors = removed.removed;
    meta.provenance.idMapping = mapping;
    meta.validate("pruned model");
    checkHeadMatchesAnchors(m, meta, "pruned model");
    return child;
}

} // namespace anchorscope
