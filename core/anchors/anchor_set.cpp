// SPDX-License-Identifier: GPL-3.0-or-later
#include "anchors/anchor_set.h"

#include "util/json_access.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace anchorscope {
using namespace jsonaccess;

std::string toString(StepMode m)
{
    switch (m) {
    case StepMode::Fixed: return "fixed";
    case StepMode::FitFloat: return "fit";
    case StepMode::FitFloor: return "fit_floor";
    }
    return "fixed";
}

static StepMode stepModeFromString(const std::string& s, const Ctx& c)
{
    if (s == "fixed")
        return StepMode::Fixed;
    if (s == "fit")
        return StepMode::FitFloat;
    if (s == "fit_floor")
        return StepMode::FitFloor;
    c.fail("unknown step mode '" + s + "' (expected fixed, fit or fit_floor)");
}

int AnchorSet::numAnchors() const
{
    int n = 0;
    for (const auto& l : levels)
        n += int(l.anchors.size());
    return n;
}

int AnchorSet::firstId(int level) const
{
    int n = 0;
    for (int l = 0; l < level; ++l)
        n += int(levels[size_t(l)].anchors.size());
    return n;
}

AnchorInfo AnchorSet::info(int id) const
{
    int base = 0;
    for (size_t l = 0; l < levels.size(); ++l) {
        const int A = int(levels[l].anchors.size());
        if (id >= base && id < base + A) {
            const AnchorShape& s = levels[l].anchors[size_t(id - base)];
            return {id, int(l), id - base, s.w, s.h, s.scale, s.ratio};
        }
        base += A;
    }
    throw InputError("anchor id " + std::to_string(id) + " does not exist (the model has " + std::to_string(base)
                     + " anchors, ids 0.." + std::to_string(base - 1) + ")");
}

std::vector<AnchorInfo> AnchorSet::table() const
{
    std::vector<AnchorInfo> out;
    for (int id = 0; id < numAnchors(); ++id)
        out.push_back(info(id));
    return out;
}

int AnchorSet::numBoxes() const
{
    int n = 0;
    for (const auto& l : levels)
        n += l.featureW * l.featureH * int(l.anchors.size());
    return n;
}

std::vector<Boxf> AnchorSet::priors(const std::vector<std::pair<int, int>>& featureSizes, int inH, int inW,
                                    std::vector<int16_t>* boxLevel, std::vector<int32_t>* boxAnchor) const
{
    if (featureSizes.size() != levels.size())
        throw InputError("priors: " + std::to_string(featureSizes.size()) + " feature sizes for "
                         + std::to_string(levels.size()) + " levels");
    std::vector<Boxf> out;
    if (boxLevel)
        boxLevel->clear();
    if (boxAnchor)
        boxAnchor->clear();
    // Anchor sizes scale with the input when it differs from the nominal one only for
    // fit-to-image presets; SSD-style sets are defined for their input size.
    int id0 = 0;
    for (size_t l = 0; l < levels.size(); ++l) {
        const AnchorLevel& L = levels[l];
        const int H = featureSizes[l].first, W = featureSizes[l].second;
        double sx = L.stepX, sy = L.stepY;
        if (L.stepMode == StepMode::FitFloat) {
            sx = double(inW) / W;
            sy = double(inH) / H;
        } else if (L.stepMode == StepMode::FitFloor) {
            sx = double(inW / W);
            sy = double(inH / H);
        }
        if (arithmetic == PriorArithmetic::TorchvisionDefaultBoxes) {
            // All in float32 as torchvision: shifts (x + 0.5) / f_k with f_k = input / step
            // (or the feature size), sizes relative to the nominal input, then scaled by the input.
            const float fx = L.stepMode == StepMode::Fixed ? float(double(inW) / L.stepX) : float(W);
            const float fy = L.stepMode == StepMode::Fixed ? float(double(inH) / L.stepY) : float(H);
            const float iw = float(inW), ih = float(inH);
            for (int y = 0; y < H; ++y)
                for (int x = 0; x < W; ++x) {
                    const float cx = (float(x) + float(L.offsetX)) / fx, cy = (float(y) + float(L.offsetY)) / fy;
                    for (size_t a = 0; a < L.anchors.size(); ++a) {
                        const float rw = float(L.anchors[a].w / double(inputW)), rh = float(L.anchors[a].h / double(inputH));
                        const float hw = 0.5f * rw, hh = 0.5f * rh;
                        out.push_back({(cx - hw) * iw, (cy - hh) * ih, (cx + hw) * iw, (cy + hh) * ih});
                        if (boxLevel)
                            boxLevel->push_back(int16_t(l));
                        if (boxAnchor)
                            boxAnchor->push_back(int32_t(id0 + int(a)));
                    }
                }
            id0 += int(L.anchors.size());
            continue;
        }
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                const double cx = (x + L.offsetX) * sx, cy = (y + L.offsetY) * sy;
                for (size_t a = 0; a < L.anchors.size(); ++a) {
                    const double hw = 0.5 * L.anchors[a].w, hh = 0.5 * L.anchors[a].h;
                    out.push_back({float(cx - hw), float(cy - hh), float(cx + hw), float(cy + hh)});
                    if (boxLevel)
                        boxLevel->push_back(int16_t(l));
                    if (boxAnchor)
                        boxAnchor->push_back(int32_t(id0 + int(a)));
                }
            }
        id0 += int(L.anchors.size());
    }
    return out;
}

std::vector<Boxf> AnchorSet::priors(std::vector<int16_t>* boxLevel, std::vector<int32_t>* boxAnchor) const
{
    std::vector<std::pair<int, int>> fs;
    for (const auto& l : levels)
        fs.emplace_back(l.featureH, l.featureW);
    return priors(fs, inputH, inputW, boxLevel, boxAnchor);
}

AnchorSet AnchorSet::without(const std::vector<int>& removedIds) const
{
    const std::set<int> removed(removedIds.begin(), removedIds.end());
    AnchorSet out = *this;
    int id = 0;
    for (auto& L : out.levels) {
        std::vector<AnchorShape> kept;
        for (const auto& a : L.anchors)
            if (!removed.count(id++))
                kept.push_back(a);
        L.anchors = std::move(kept);
    }
    return out;
}

nlohmann::json AnchorSet::toJson() const
{
    json levelsJ = json::array();
    for (const auto& L : levels) {
        json anchors = json::array();
        for (const auto& a : L.anchors)
            anchors.push_back({{"w", a.w}, {"h", a.h}, {"scale", a.scale}, {"ratio", a.ratio}});
        levelsJ.push_back({{"step_mode", toString(L.stepMode)},
                           {"step", {L.stepX, L.stepY}},
                           {"offset", {L.offsetX, L.offsetY}},
                           {"feature_size", {L.featureH, L.featureW}},
                           {"anchors", anchors}});
    }
    json out = {{"name", name}, {"input_size", {inputH, inputW}}, {"levels", levelsJ}};
    if (arithmetic == PriorArithmetic::TorchvisionDefaultBoxes)
        out["prior_arithmetic"] = "torchvision_default_boxes";
    return out;
}

AnchorSet AnchorSet::fromJson(const nlohmann::json& j, const std::string& source)
{
    const Ctx c{source, "anchors"};
    if (const json* preset = optionalMember(j, "preset")) {
        // Written by the torchvision exporter: the preset that reproduces the model's generator.
        int h = 0, w = 0;
        if (const json* in = optionalMember(j, "input_size")) {
            const json& a = asArray(*in, c.at("input_size"));
            if (a.size() != 2)
                c.at("input_size").fail("expected [height, width]");
            h = int(asInt(a[0], c.at("input_size")));
            w = int(asInt(a[1], c.at("input_size")));
        }
        try {
            AnchorSet s = anchorPreset(asString(*preset, c.at("preset")), h, w);
            s.validate(source);
            return s;
        } catch (const InputError& e) {
            c.at("preset").fail(e.what());
        }
    }
    AnchorSet s;
    if (const json* n = optionalMember(j, "name"))
        s.name = asString(*n, c.at("name"));
    if (const json* a = optionalMember(j, "prior_arithmetic")) {
        const std::string v = asString(*a, c.at("prior_arithmetic"));
        if (v == "torchvision_default_boxes")
            s.arithmetic = PriorArithmetic::TorchvisionDefaultBoxes;
        else if (v != "double")
            c.at("prior_arithmetic").fail("expected double or torchvision_default_boxes, got '" + v + "'");
    }
    const json& in = asArray(member(j, "input_size", c), c.at("input_size"));
    if (in.size() != 2)
        c.at("input_size").fail("expected [height, width]");
    s.inputH = int(asInt(in[0], c.at("input_size")));
    s.inputW = int(asInt(in[1], c.at("input_size")));
    const json& lv = asArray(member(j, "levels", c), c.at("levels"));
    for (size_t l = 0; l < lv.size(); ++l) {
        const Ctx cl = c.at("levels").at(l);
        AnchorLevel L;
        L.stepMode = stepModeFromString(asString(member(lv[l], "step_mode", cl), cl.at("step_mode")), cl.at("step_mode"));
        const json& st = asArray(member(lv[l], "step", cl), cl.at("step"));
        const json& of = asArray(member(lv[l], "offset", cl), cl.at("offset"));
        const json& fs = asArray(member(lv[l], "feature_size", cl), cl.at("feature_size"));
        if (st.size() != 2 || of.size() != 2 || fs.size() != 2)
            cl.fail("step, offset and feature_size need two values each");
        L.stepX = asNumber(st[0], cl.at("step"));
        L.stepY = asNumber(st[1], cl.at("step"));
        L.offsetX = asNumber(of[0], cl.at("offset"));
        L.offsetY = asNumber(of[1], cl.at("offset"));
        L.featureH = int(asInt(fs[0], cl.at("feature_size")));
        L.featureW = int(asInt(fs[1], cl.at("feature_size")));
        const json& an = asArray(member(lv[l], "anchors", cl), cl.at("anchors"));
        for (size_t a = 0; a < an.size(); ++a) {
            const Ctx ca = cl.at("anchors").at(a);
            AnchorShape sh;
            sh.w = asNumber(member(an[a], "w", ca), ca.at("w"));
            sh.h = asNumber(member(an[a], "h", ca), ca.at("h"));
            if (const json* v = optionalMember(an[a], "scale"))
                sh.scale = asNumber(*v, ca.at("scale"));
            if (const json* v = optionalMember(an[a], "ratio"))
                sh.ratio = asNumber(*v, ca.at("ratio"));
            L.anchors.push_back(sh);
        }
        s.levels.push_back(std::move(L));
    }
    s.validate(source);
    return s;
}

void AnchorSet::validate(const std::string& source) const
{
    if (levels.empty())
        throw InputError(source, "the anchor set has no levels");
    if (inputW <= 0 || inputH <= 0)
        throw InputError(source, "the anchor set's input size must be positive");
    for (size_t l = 0; l < levels.size(); ++l) {
        const auto& L = levels[l];
        const std::string where = "anchor level " + std::to_string(l);
        if (L.featureW <= 0 || L.featureH <= 0)
            throw InputError(source, where + ": feature size must be positive");
        if (L.stepMode == StepMode::Fixed && (!(L.stepX > 0) || !(L.stepY > 0)))
            throw InputError(source, where + ": a fixed step must be positive");
        for (const auto& a : L.anchors)
            if (!(a.w > 0) || !(a.h > 0) || !std::isfinite(a.w) || !std::isfinite(a.h))
                throw InputError(source, where + ": anchor sizes must be positive and finite");
    }
}

// ---------------------------------------------------------------------------------------
// Presets

namespace {

AnchorLevel fixedLevel(double step, int feature)
{
    AnchorLevel L;
    L.stepMode = StepMode::Fixed;
    L.stepX = L.stepY = step;
    L.featureW = L.featureH = feature;
    return L;
}

// torchvision DefaultBoxGenerator: (s,s), (s',s'), then per ratio ar (w, h) = (s√ar, s/√ar)
// and (s/√ar, s√ar); sizes relative to the image, clamped to [0, 1] when clip.
AnchorSet torchvisionDefaultBoxes(const std::string& name, const std::vector<std::vector<double>>& ratios,
                                  const std::vector<double>& scales, const std::vector<double>* steps,
                                  const std::vector<int>& features, int inH, int inW, bool clip)
{
    AnchorSet s;
    s.name = name;
    s.inputH = inH;
    s.inputW = inW;
    s.arithmetic = PriorArithmetic::TorchvisionDefaultBoxes;
    auto add = [&](AnchorLevel& L, double wn, double hn, double scale, double ratio) {
        if (clip) {
            wn = std::clamp(wn, 0.0, 1.0);
            hn = std::clamp(hn, 0.0, 1.0);
        }
        L.anchors.push_back({wn * inW, hn * inH, scale * std::sqrt(double(inW) * inH), ratio});
    };
    for (size_t k = 0; k < ratios.size(); ++k) {
        AnchorLevel L;
        if (steps) {
            L = fixedLevel((*steps)[k], features[k]);
        } else {
            L.stepMode = StepMode::FitFloat;
            L.featureW = L.featureH = features[k];
        }
        const double sk = scales[k], sp = std::sqrt(scales[k] * scales[k + 1]);
        add(L, sk, sk, sk, 1.0);
        add(L, sp, sp, sp, 1.0);
        for (double ar : ratios[k]) {
            const double q = std::sqrt(ar);
            add(L, sk * q, sk / q, sk, 1.0 / ar);
            add(L, sk / q, sk * q, sk, ar);
        }
        s.levels.push_back(std::move(L));
    }
    return s;
}

// Banker's rounding as torch.round.
double roundHalfEven(double v) { return std::nearbyint(v); }

} // namespace

std::vector<std::string> anchorPresetNames()
{
    return {"ssd300_paper",          "ssd300_torchvision",     "ssdlite320_torchvision",
            "retinanet_torchvision", "ssd300_overanchorized",  "ssd_small",
            "ssd_small_overanchorized"};
}

AnchorSet anchorPreset(const std::string& name, int inputH, int inputW)
{
    if (name == "ssd300_paper") {
        // SSD300 on COCO: basesizes 21..261 (s' = √(min·max)), steps 8..300, offset 0.5.
        const double minS[] = {21, 45, 99, 153, 207, 261}, maxS[] = {45, 99, 153, 207, 261, 315};
        const int steps[] = {8, 16, 32, 64, 100, 300}, feat[] = {38, 19, 10, 5, 3, 1};
        const bool three[] = {false, true, true, true, false, false};
        AnchorSet s;
        s.name = name;
        s.inputH = s.inputW = 300;
        for (int l = 0; l < 6; ++l) {
            AnchorLevel L = fixedLevel(steps[l], feat[l]);
            const double sk = minS[l], sp = std::sqrt(minS[l] * maxS[l]);
            std::vector<double> ratios = three[l] ? std::vector<double>{1, 2, 3, 0.5, 1.0 / 3} : std::vector<double>{1, 2, 0.5};
            for (double r : ratios) // ratio = h / w
                L.anchors.push_back({sk / std::sqrt(r), sk * std::sqrt(r), sk, r});
            L.anchors.push_back({sp, sp, sp, 1.0});
            s.levels.push_back(std::move(L));
        }
        return s;
    }
    if (name == "ssd300_torchvision") {
        const std::vector<double> steps = {8, 16, 32, 64, 100, 300};
        return torchvisionDefaultBoxes(name, {{2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}},
                                       {0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05}, &steps, {38, 19, 10, 5, 3, 1}, 300,
                                       300, true);
    }
    if (name == "ssdlite320_torchvision") {
        std::vector<double> scales;
        for (int k = 0; k < 6; ++k)
            scales.push_back(0.2 + (0.95 - 0.2) * k / (6 - 1.0));
        scales.push_back(1.0);
        return torchvisionDefaultBoxes(name, std::vector<std::vector<double>>(6, {2, 3}), scales, nullptr,
                                       {20, 10, 5, 3, 2, 1}, 320, 320, true);
    }
    if (name == "retinanet_torchvision") {
        // AnchorGenerator(sizes=((32,40,50),(64,80,101),...), aspect_ratios=(0.5,1,2) per level):
        // ratio-major, w = s/√r, h = s·√r, corners rounded half-to-even; stride = input // feature.
        const int H = inputH > 0 ? inputH : 800, W = inputW > 0 ? inputW : 800;
        AnchorSet s;
        s.name = name;
        s.inputH = H;
        s.inputW = W;
        int fh = H, fw = W;
        // ResNet + FPN P3..P7: strides 8..128 with convolution arithmetic ceil((n)/2) per stage.
        auto half = [](int n) { return (n + 1) / 2; };
        fh = half(half(half(fh)));
        fw = half(half(half(fw)));
        for (int base : {32, 64, 128, 256, 512}) {
            AnchorLevel L;
            L.stepMode = StepMode::FitFloor;
            L.offsetX = L.offsetY = 0.0;
            L.featureH = fh;
            L.featureW = fw;
            const double sizes[] = {double(base), double(int(base * std::pow(2.0, 1.0 / 3))),
                                    double(int(base * std::pow(2.0, 2.0 / 3)))};
            for (double r : {0.5, 1.0, 2.0})
                for (double sz : sizes) {
                    const float hr = std::sqrt(float(r)), wr = 1.0f / hr; // float32 as torchvision
                    const float ws = wr * float(sz), hs = hr * float(sz);
                    const double w = 2.0 * roundHalfEven(double(ws / 2.0f)), h = 2.0 * roundHalfEven(double(hs / 2.0f));
                    L.anchors.push_back({w, h, sz, r});
                }
            s.levels.push_back(std::move(L));
            fh = half(fh);
            fw = half(fw);
        }
        return s;
    }
    if (name == "ssd300_overanchorized") {
        // 3 scales (min, √(min·max), max) × 5 ratios {1/3, 1/2, 1, 2, 3} on SSD300's grid.
        AnchorSet s = anchorPreset("ssd300_paper");
        s.name = name;
        const double minS[] = {21, 45, 99, 153, 207, 261}, maxS[] = {45, 99, 153, 207, 261, 315};
        for (size_t l = 0; l < s.levels.size(); ++l) {
            auto& L = s.levels[l];
            L.anchors.clear();
            for (double sc : {minS[l], std::sqrt(minS[l] * maxS[l]), maxS[l]})
                for (double r : {1.0 / 3, 0.5, 1.0, 2.0, 3.0})
                    L.anchors.push_back({sc / std::sqrt(r), sc * std::sqrt(r), sc, r});
        }
        return s;
    }
    if (name == "ssd_small" || name == "ssd_small_overanchorized") {
        // The demo detector (models: ssd_small): 4 levels at strides 8, 16, 32, 64 on a
        // 256 × 256 input; scales 0.1 .. 0.7 of the image.
        const int S = inputH > 0 ? inputH : 256;
        const int strides[] = {8, 16, 32, 64};
        const double scales[] = {0.08, 0.16, 0.32, 0.56, 0.9};
        AnchorSet s;
        s.name = name;
        s.inputH = s.inputW = S;
        const bool over = name == "ssd_small_overanchorized";
        for (int l = 0; l < 4; ++l) {
            AnchorLevel L = fixedLevel(strides[l], (S + strides[l] - 1) / strides[l]);
            const double sk = scales[l] * S, sn = scales[l + 1] * S;
            const std::vector<double> ratios = over ? std::vector<double>{1.0 / 3, 0.5, 1.0, 2.0, 3.0}
                                                    : std::vector<double>{1.0, 0.5, 2.0};
            const std::vector<double> sizes = over ? std::vector<double>{sk, std::sqrt(sk * sn), sn * 0.85}
                                                   : std::vector<double>{sk, std::sqrt(sk * sn)};
            for (double sc : sizes)
                for (double r : ratios) {
                    if (!over && sc != sk && r != 1.0)
                        continue; // plain set: ratios at s, and (s', 1)
                    L.anchors.push_back({sc / std::sqrt(r), sc * std::sqrt(r), sc, r});
                }
            s.levels.push_back(std::move(L));
        }
        return s;
    }
    throw InputError("unknown anchor preset '" + name + "'");
}

} // namespace anchorscope
