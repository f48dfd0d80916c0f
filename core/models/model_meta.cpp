// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/model_meta.h"

#include "util/json_access.h"
#include "util/error.h"

#include <cmath>

namespace anchorscope {
using namespace jsonaccess;

nlohmann::json postProcessToJson(const PostProcessSettings& s)
{
    return {{"score_function", toString(s.scoreFunction)},
            {"background_index", s.backgroundIndex},
            {"score_threshold", s.scoreThreshold},
            {"topk_mode", toString(s.topkMode)},
            {"topk", s.topk},
            {"nms_iou", s.nmsIou},
            {"class_agnostic_nms", s.classAgnosticNms},
            {"max_detections", s.maxDetections},
            {"clip_boxes", s.clipBoxes},
            {"coder_weights", {s.coderWeights.wx, s.coderWeights.wy, s.coderWeights.ww, s.coderWeights.wh}},
            {"dwh_clamp", s.dwhClamp},
            {"tie_rule", toString(s.tieRule)}};
}

PostProcessSettings postProcessFromJson(const nlohmann::json& j, const std::string& source)
{
    const Ctx c{source, "postprocess"};
    PostProcessSettings s;
    try {
        s.scoreFunction = scoreFunctionFromString(asString(member(j, "score_function", c), c.at("score_function")));
        s.topkMode = topKModeFromString(asString(member(j, "topk_mode", c), c.at("topk_mode")));
        if (const json* v = optionalMember(j, "tie_rule")) // absent: written before the rule was named
            s.tieRule = tieRuleFromString(asString(*v, c.at("tie_rule")));
    } catch (const InputError& e) {
        if (std::string(e.what()).rfind(source, 0) == 0)
            throw;
        c.fail(e.what());
    }
    s.backgroundIndex = int(asInt(member(j, "background_index", c), c.at("background_index")));
    s.scoreThreshold = float(asNumber(member(j, "score_threshold", c), c.at("score_threshold")));
    s.topk = int(asInt(member(j, "topk", c), c.at("topk")));
    s.nmsIou = asNumber(member(j, "nms_iou", c), c.at("nms_iou"));
    if (const json* v = optionalMember(j, "class_agnostic_nms"))
        s.classAgnosticNms = asFlag(*v, c.at("class_agnostic_nms"));
    s.maxDetections = int(asInt(member(j, "max_detections", c), c.at("max_detections")));
    if (const json* v = optionalMember(j, "clip_boxes"))
        s.clipBoxes = asFlag(*v, c.at("clip_boxes"));
    const json& w = asArray(member(j, "coder_weights", c), c.at("coder_weights"));
    if (w.size() != 4)
        c.at("coder_weights").fail("expected 4 numbers");
    s.coderWeights = {float(asNumber(w[0], c)), float(asNumber(w[1], c)), float(asNumber(w[2], c)), float(asNumber(w[3], c))};
    if (const json* v = optionalMember(j, "dwh_clamp"))
        s.dwhClamp = float(asNumber(*v, c.at("dwh_clamp")));
    try {
        s.validate();
    } catch (const InputError& e) {
        throw InputError(source, e.what());
    }
    return s;
}

nlohmann::json ModelMeta::toJson() const
{
    json lp = json::array();
    for (const auto& p : levelParams)
        lp.push_back({{"cls_weight", p.clsWeight}, {"cls_bias", p.clsBias}, {"reg_weight", p.regWeight}, {"reg_bias", p.regBias}});
    json cls = json::array();
    for (const auto& c : classes)
        cls.push_back({{"name", c.name}, {"category_id", c.categoryId}});
    json enabled = json::array();
    for (bool e : levelEnabled)
        enabled.push_back(e);
    json out = {{"format", "anchorscope-model"},
            {"format_version", formatVersion},
            {"architecture", architecture},
            {"input_size", {inputH, inputW}},
            {"resize_policy", resizePolicy},
            {"normalization", {{"mean", mean}, {"std", std}}},
            {"anchors", anchors.toJson()},
            {"level_params", lp},
            {"level_enabled", enabled},
            {"shared_head", sharedHead},
            {"postprocess", postProcessToJson(postprocess)},
            {"num_classes", numClasses},
            {"classes", cls},
            {"provenance",
             {{"parent_hash", provenance.parentHash},
              {"removed_anchors", provenance.removedAnchors},
              {"id_mapping", provenance.idMapping},
              {"training_runs", provenance.trainingRuns}}}};
    if (resizePolicy == "min_max") {
        out["resize_min_size"] = resizeMinSize;
        out["resize_max_size"] = resizeMaxSize;
        out["size_divisible"] = sizeDivisible;
    }
    return out;
}

ModelMeta ModelMeta::fromJson(const nlohmann::json& j, const std::string& source)
{
    const Ctx c{source, ""};
    if (!j.is_object())
        c.fail("anchorscope.json must be an object");
    ModelMeta m;
    m.formatVersion = int(asInt(member(j, "format_version", c), c.at("format_version")));
    if (m.formatVersion != 1)
        c.fail("unsupported model format version " + std::to_string(m.formatVersion));
    m.architecture = asString(member(j, "architecture", c), c.at("architecture"));
    const json& in = asArray(member(j, "input_size", c), c.at("input_size"));
    if (in.size() != 2)
        c.at("input_size").fail("expected [height, width]");
    m.inputH = int(asInt(in[0], c.at("input_size")));
    m.inputW = int(asInt(in[1], c.at("input_size")));
    if (const json* r = optionalMember(j, "resize_policy"))
        m.resizePolicy = asString(*r, c.at("resize_policy"));
    if (m.resizePolicy != "fixed" && m.resizePolicy != "min_max")
        c.at("resize_policy").fail("unknown resize policy '" + m.resizePolicy + "' (fixed or min_max)");
    if (m.resizePolicy == "min_max") {
        m.resizeMinSize = int(asInt(member(j, "resize_min_size", c), c.at("resize_min_size")));
        m.resizeMaxSize = int(asInt(member(j, "resize_max_size", c), c.at("resize_max_size")));
        if (const json* d = optionalMember(j, "size_divisible"))
            m.sizeDivisible = int(asInt(*d, c.at("size_divisible")));
        if (m.resizeMinSize <= 0 || m.resizeMaxSize < m.resizeMinSize || m.sizeDivisible <= 0)
            c.at("resize_min_size").fail("min_max resizing needs 0 < min size <= max size and a positive divisor");
    }
    const json& norm = member(j, "normalization", c);
    m.mean.clear();
    m.std.clear();
    for (const auto& v : asArray(member(norm, "mean", c.at("normalization")), c.at("normalization.mean")))
        m.mean.push_back(float(asNumber(v, c.at("normalization.mean"))));
    for (const auto& v : asArray(member(norm, "std", c.at("normalization")), c.at("normalization.std")))
        m.std.push_back(float(asNumber(v, c.at("normalization.std"))));
    m.anchors = AnchorSet::fromJson(member(j, "anchors", c), source);
    for (const auto& p : asArray(member(j, "level_params", c), c.at("level_params")))
        m.levelParams.push_back({asString(member(p, "cls_weight", c), c), asString(member(p, "cls_bias", c), c),
                                 asString(member(p, "reg_weight", c), c), asString(member(p, "reg_bias", c), c)});
    for (const auto& e : asArray(member(j, "level_enabled", c), c.at("level_enabled")))
        m.levelEnabled.push_back(asFlag(e, c.at("level_enabled")));
    if (const json* s = optionalMember(j, "shared_head"))
        m.sharedHead = asFlag(*s, c.at("shared_head"));
    m.postprocess = postProcessFromJson(member(j, "postprocess", c), source);
    m.numClasses = int(asInt(member(j, "num_classes", c), c.at("num_classes")));
    for (const auto& cl : asArray(member(j, "classes", c), c.at("classes")))
        m.classes.push_back({asString(member(cl, "name", c.at("classes")), c.at("classes")),
                             asInt(member(cl, "category_id", c.at("classes")), c.at("classes"))});
    if (const json* p = optionalMember(j, "provenance")) {
        if (const json* v = optionalMember(*p, "parent_hash"))
            m.provenance.parentHash = asString(*v, c.at("provenance"));
        if (const json* v = optionalMember(*p, "removed_anchors"))
            for (const auto& x : asArray(*v, c.at("provenance")))
                m.provenance.removedAnchors.push_back(int(asInt(x, c.at("provenance"))));
        if (const json* v = optionalMember(*p, "id_mapping"))
            for (const auto& x : asArray(*v, c.at("provenance")))
                m.provenance.idMapping.push_back(int(asInt(x, c.at("provenance"))));
        if (const json* v = optionalMember(*p, "training_runs"))
            for (const auto& x : asArray(*v, c.at("provenance")))
                m.provenance.trainingRuns.push_back(x);
    }
    m.validate(source);
    return m;
}

void ModelMeta::validate(const std::string& source) const
{
    anchors.validate(source);
    const size_t L = size_t(anchors.numLevels());
    if (levelParams.size() != L || levelEnabled.size() != L)
        throw InputError(source, "level_params and level_enabled need one entry per anchor level (" + std::to_string(L) + ")");
    if (inputH <= 0 || inputW <= 0)
        throw InputError(source, "input size must be positive");
    if (mean.size() != 3 || std.size() != 3)
        throw InputError(source, "normalization needs 3 means and 3 standard deviations");
    for (float s : std)
        if (!(s > 0) || !std::isfinite(s))
            throw InputError(source, "normalization std must be positive");
    if (numClasses < 1 || int(classes.size()) != numClasses)
        throw InputError(source, "num_classes (" + std::to_string(numClasses) + ") must equal the number of class entries ("
                                     + std::to_string(classes.size()) + ")");
    if (postprocess.backgroundIndex >= numClasses)
        throw InputError(source, "background index is not a score column");
    for (size_t l = 0; l < L; ++l)
        if (levelEnabled[l] != (anchors.anchorsInLevel(int(l)) > 0))
            throw InputError(source, "level " + std::to_string(l) + " is " + (levelEnabled[l] ? "enabled" : "disabled")
                                         + " but has " + std::to_string(anchors.anchorsInLevel(int(l))) + " anchors");
}

int64_t ModelMeta::categoryOfColumn(int column) const
{
    if (column < 0 || column >= int(classes.size()) || column == postprocess.backgroundIndex)
        return -1;
    return classes[size_t(column)].categoryId;
}

} // namespace anchorscope
