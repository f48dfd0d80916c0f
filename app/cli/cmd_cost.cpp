// SPDX-License-Identifier: GPL-3.0-or-later
// cost: head MACs, boxes and parameters of an architecture's head for an anchor
// configuration, with the anchor id table.
#include "command.h"
#include "model_options.h"

#include "anchors/anchor_set.h"
#include "util/json_access.h"
#include "models/architecture.h"
#include "models/cost.h"
#include "models/detector.h"
#include "anchors/configuration.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <tuple>

namespace anchorscope::cli {

namespace {

std::pair<int, int> parseInputSize(const std::string& s)
{
    int h = 0, w = 0;
    char x = 0, extra = 0;
    if (std::sscanf(s.c_str(), "%d%c%d%c", &h, &x, &w, &extra) == 3 && (x == 'x' || x == 'X') && h > 0 && w > 0)
        return {h, w};
    if (std::sscanf(s.c_str(), "%d%c", &h, &extra) == 1 && h > 0)
        return {h, h};
    throw InputError("option --input: expected HxW or a single size, got '" + s + "'");
}

} // namespace

Command costCommand()
{
    Command c;
    c.name = "cost";
    c.summary = "Head cost of an anchor configuration: final-conv MACs (+ per-level head work), boxes, parameters.";
    c.options = {
        {"model", "MODEL", "an .aspt model package (instead of --arch)", false, ""},
        {"arch", "ARCH", "architecture: ssd300_vgg16, ssd_small, retinanet_r18_fpn", false, ""},
        {"num-classes", "K", "classifier outputs per anchor, background included (SSD300 on COCO: 81)", false, ""},
        {"input", "HxW", "input size (default: the architecture's)", false, ""},
        {"anchors", "PRESET|FILE", "anchor preset or AnchorSet JSON (default: the architecture's)", false, ""},
        {"remove", "IDS", "removed anchor ids, e.g. 3,7,10-12", false, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        std::string archName;
        AnchorSet anchors;
        int h = 0, w = 0, K = 0;
        if (a.has("model")) {
            const Detector model = Detector::load(a.get("model"));
            archName = model.meta().architecture;
            anchors = model.meta().anchors;
            h = model.meta().inputH;
            w = model.meta().inputW;
            K = model.meta().numClasses;
        } else {
            if (!a.has("arch"))
                throw InputError("cost needs --model or --arch");
            if (!a.has("num-classes"))
                throw InputError("cost --arch needs --num-classes");
            const ArchitectureSpec& spec = architectureSpec(a.get("arch"));
            archName = spec.name;
            std::tie(h, w) = a.has("input") ? parseInputSize(a.get("input")) : std::pair<int, int>{spec.defaultInputH, spec.defaultInputW};
            anchors = anchorsFromSpec(a.has("anchors") ? a.get("anchors") : spec.defaultAnchors, h, w);
            K = int(a.getInt("num-classes"));
        }
        const ArchitectureSpec& arch = architectureSpec(archName);
        const Configuration removed = parseConfiguration(a.get("remove"));
        validateConfiguration(anchors, arch.sharedHead, removed);
        const CostReport full = computeCost(arch, anchors, K, h, w);
        const CostReport cost = computeCost(arch, anchors, K, h, w, removed);
        if (ctx.json) {
            nlohmann::json j = costToJson(full, cost, anchors, removed);
            j["arch"] = arch.name;
            j["num_classes"] = K;
            j["input"] = {h, w};
            j["anchor_set"] = anchors.name;
            printJson(j);
            return 0;
        }
        std::printf("%s, %d classes, input %dx%d, anchors %s\n", arch.name.c_str(), K, h, w, anchors.name.c_str());
        std::printf("level  feature   anchors     boxes           MACs\n");
        for (const auto& l : cost.levels)
            std::printf("%5d  %3dx%-4d  %3d/%-3d  %8lld  %13lld%s\n", l.level, l.featureH, l.featureW, l.anchors,
                        l.totalAnchors, static_cast<long long>(l.boxes), static_cast<long long>(l.macs),
                        l.enabled ? "" : "  (disabled)");
        std::printf("head MACs %lld (%.1f%% of %lld), boxes %lld, head params %lld\n",
                    static_cast<long long>(cost.headMacs), 100.0 * double(cost.headMacs) / double(full.headMacs),
                    static_cast<long long>(full.headMacs), static_cast<long long>(cost.boxes),
                    static_cast<long long>(cost.params));
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
