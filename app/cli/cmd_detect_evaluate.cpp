// SPDX-License-Identifier: GPL-3.0-or-later
// detect: a model's detections as a COCO results file. evaluate: COCO stats and head cost
// of a model (optionally with anchors removed by masking, DESIGN §5) on a dataset.
#include "command.h"
#include "model_options.h"

#include "data/coco_json.h"
#include "eval/coco_eval.h"
#include "models/inference.h"
#include "prune/configuration.h"
#include "util/error.h"

#include <iostream>

namespace anchorscope::cli {

Command detectCommand()
{
    Command c;
    c.name = "detect";
    c.summary = "Run a model over images and write its detections as a COCO results file.";
    c.options = {
        {"model", "MODEL", "the .aspt model package", true, ""},
        {"data", "ANN", "dataset whose images to run on (COCO JSON, VOC or YOLO)", false, ""},
        {"images", "DIR", "image folder (alone: every image in it)", false, ""},
        {"batch", "N", "batch size", false, "8"},
        {"threads", "N", "LibTorch threads (0: all cores)", false, "0"},
        {"out", "RESULTS", "COCO results file to write", true, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        configureThreads(int(a.getInt("threads")));
        const Detector model = Detector::load(a.get("model"));
        const Dataset ds = datasetFromArgs(a, false);
        InferenceOptions o;
        o.batchSize = int(a.getInt("batch"));
        const auto dets = detectDataset(model, ds, o, &ctx.progress);
        writeCocoResults(dets, a.get("out"));
        if (ctx.json)
            printJson({{"out", a.get("out")}, {"images", ds.images.size()}, {"detections", dets.size()}});
        else
            std::cout << "wrote " << dets.size() << " detections for " << ds.images.size() << " images to " << a.get("out") << "\n";
        return 0;
    };
    return c;
}

Command evaluateCommand()
{
    Command c;
    c.name = "evaluate";
    c.summary = "COCO stats and head cost of a model on a dataset (--remove masks anchors).";
    c.options = {
        {"model", "MODEL", "the .aspt model package", true, ""},
        {"data", "ANN", "annotations (COCO JSON, VOC or YOLO)", true, ""},
        {"images", "DIR", "image folder (default: next to the annotations)", false, ""},
        {"remove", "IDS", "anchor ids to remove (masked; same result as the pruned model)", false, ""},
        {"batch", "N", "batch size", false, "8"},
        {"threads", "N", "LibTorch threads (0: all cores)", false, "0"},
        {"dt-out", "RESULTS", "also write the detections (COCO results)", false, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        configureThreads(int(a.getInt("threads")));
        const Detector model = Detector::load(a.get("model"));
        const Dataset ds = datasetFromArgs(a, true);
        std::vector<std::string> warnings;
        checkModelFitsDataset(model.meta(), ds, &warnings);
        for (const auto& w : warnings)
            std::cerr << "warning: " << w << "\n";
        const Configuration removed = parseConfiguration(a.get("remove"));
        validateConfiguration(model.meta().anchors, model.meta().sharedHead, removed);
        const auto mask = removalMask(model.meta().anchors, removed);
        InferenceOptions o;
        o.batchSize = int(a.getInt("batch"));
        o.removedAnchors = removed.removed.empty() ? nullptr : &mask;
        const auto dets = detectDataset(model, ds, o, &ctx.progress);
        if (a.has("dt-out"))
            writeCocoResults(dets, a.get("dt-out"));
        const CocoEvalResult r = CocoEvaluator(ds).evaluate(dets, &ctx.progress);
        const CostReport full = modelCost(model.meta()), cost = modelCost(model.meta(), removed);
        if (ctx.json) {
            nlohmann::json j = statsJson(r);
            j["head_macs"] = cost.headMacs;
            j["boxes"] = cost.boxes;
            j["full_head_macs"] = full.headMacs;
            j["removed"] = removed.removed;
            j["num_images"] = ds.images.size();
            j["num_detections"] = dets.size();
            j["model"] = model.identity();
            printJson(j);
        } else {
            std::cout << r.summaryText();
            std::cout << "head MACs " << cost.headMacs << " of " << full.headMacs << ", boxes " << cost.boxes << "\n";
        }
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
