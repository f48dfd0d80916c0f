// SPDX-License-Identifier: GPL-3.0-or-later
// detect: a model's detections as a COCO results file. evaluate: COCO stats and head cost
// of a model (optionally with anchors removed by masking, docs/design.md §5) on a dataset.
#include "command.h"
#include "dist_options.h"
#include "model_options.h"
#include "project_options.h"

#include "data/coco_json.h"
#include "eval/coco_eval.h"
#include "models/inference.h"
#include "prune/config_evaluator.h"
#include "anchors/configuration.h"
#include "dist/sharded_inference.h"
#include "prune/cache_builder.h"
#include "prune/prediction_cache.h"
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
        {"batch", "N", "batch size (0: the model's default)", false, "0"},
        {"threads", "N", "LibTorch threads (0: the model's default)", false, "0"},
        labelMapOption(),
        deviceOption(),
        distTimeoutOption(),
        {"out", "RESULTS", "COCO results file to write", true, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        const std::unique_ptr<ProcessGroup> group = joinGroupFromArgs(a);
        Detector model = Detector::load(a.get("model"));
        model.setDevice(deviceFromArgs(a));
        const RunSettings run = runSettingsFromArgs(a, model.meta());
        const Dataset ds = datasetFromArgs(a, false);
        fitModelFromArgs(a, model, ds);
        InferenceOptions o;
        o.batchSize = run.batch;
        const ShardRun shard = detectShard(model, ds, o, group.get(), &ctx.progress);
        nlohmann::json j{{"images", shard.images}, {"batches", shard.batches}};
        addRankJson(j, group.get());
        if (!group || group->rank() == 0) {
            writeCocoResults(shard.detections, a.get("out"));
            j["out"] = a.get("out");
            j["detections"] = shard.detections.size();
            j["dataset_images"] = ds.images.size();
        }
        if (ctx.json)
            printJson(j);
        else if (!group || group->rank() == 0)
            std::cout << "wrote " << shard.detections.size() << " detections for " << ds.images.size() << " images to "
                      << a.get("out") << "\n";
        return 0;
    };
    return c;
}

namespace {

nlohmann::json configResultJson(const ConfigResult& r, const CostReport& full)
{
    nlohmann::json j;
    for (int i = 0; i < kCocoStatCount; ++i)
        j[kCocoStatNames[size_t(i)]] = r.stats[size_t(i)];
    j["head_macs"] = r.headMacs;
    j["boxes"] = r.boxes;
    j["full_head_macs"] = full.headMacs;
    j["full_boxes"] = full.boxes;
    j["removed"] = r.config.removed;
    j["num_detections"] = r.detections;
    return j;
}

// evaluate --project: the project's selection (or --remove) on its session, as the window
// shows it; a cache made now is recorded in the project.
int evaluateProject(CommandContext& ctx)
{
    const Args& a = ctx.args;
    if (a.has("model") || a.has("cache") || a.has("data"))
        throw InputError("evaluate --project takes the model, the dataset and the cache from the project: leave out "
                         "--model, --data and --cache");
    const OpenedProject project = openProjectFromArgs(a, ctx.progress);
    const Session& s = *project.opened.session;
    const Configuration removed = selectionFromArgs(a, &project.opened.project);
    validateConfiguration(s.cache->meta.anchors, s.cache->meta.sharedHead, removed);
    nlohmann::json j = configResultJson(s.evaluator->evaluate(removed), s.evaluator->cost({}));
    j["project"] = project.path;
    j["cache"] = s.cache->identity;
    j["cache_built"] = s.cacheBuilt;
    j["project_updated"] = writeProjectBack(project, project.opened.project);
    printResult(ctx, j);
    return 0;
}

} // namespace

Command evaluateCommand()
{
    Command c;
    c.name = "evaluate";
    c.summary = "COCO stats and head cost of a model (or of a prediction cache) on a dataset; --remove masks anchors\n"
                "(the same result as the pruned model); --cache writes or reads a prediction cache.";
    c.options = {
        {"model", "MODEL", "the .aspt model package", false, ""},
        {"data", "ANN", "annotations (COCO JSON, VOC or YOLO)", false, ""},
        {"images", "DIR", "image folder (default: next to the annotations)", false, ""},
        {"cache", "CACHE", "with --model: write the prediction cache here; alone: evaluate from it", false, ""},
        projectOption(),
        cacheDirOption(),
        {"threshold", "T", "cache score threshold (default: the model's)", false, ""},
        {"remove", "IDS", "anchor ids to remove (masked; same result as the pruned model; with --project: default its "
                          "selection)", false, ""},
        {"batch", "N", "batch size (0: the model's default)", false, "0"},
        {"threads", "N", "LibTorch threads (0: the model's default)", false, "0"},
        labelMapOption(),
        deviceOption(),
        distTimeoutOption(),
        {"dt-out", "RESULTS", "also write the detections (COCO results; model mode)", false, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        if (a.has("project"))
            return evaluateProject(ctx);
        const Configuration removed = parseConfiguration(a.get("remove"));
        if (!a.has("model")) {
            if (!a.has("cache"))
                throw InputError("evaluate needs --model (with --data) or --cache");
            if (a.has("label-map"))
                throw InputError("a prediction cache holds the label map it was made with: --label-map needs --model "
                                 "and --data (or --project)");
            const PredictionCache cache = PredictionCache::load(a.get("cache"));
            validateConfiguration(cache.meta.anchors, cache.meta.sharedHead, removed);
            ConfigEvaluator ev(cache);
            const ConfigResult r = ev.evaluate(removed);
            nlohmann::json j = configResultJson(r, ev.cost({}));
            j["cache"] = cache.identity;
            j["threshold"] = cache.threshold;
            printResult(ctx, j);
            return 0;
        }
        const std::unique_ptr<ProcessGroup> group = joinGroupFromArgs(a);
        Detector model = Detector::load(a.get("model"));
        model.setDevice(deviceFromArgs(a));
        const RunSettings run = runSettingsFromArgs(a, model.meta());
        const Dataset ds = datasetFromArgs(a, true);
        fitModelFromArgs(a, model, ds);
        checkDatasetHasGroundTruth(ds);
        validateConfiguration(model.meta().anchors, model.meta().sharedHead, removed);
        if (a.has("cache")) {
            CacheBuildOptions b;
            b.threshold = a.has("threshold") ? float(a.getDouble("threshold")) : -1.f;
            b.batchSize = run.batch;
            b.group = group.get();
            b.path = a.get("cache");
            CacheBuildReport did;
            const PredictionCache cache = buildPredictionCache(model, ds, b, &ctx.progress, &did);
            nlohmann::json mine{{"images", did.images}, {"batches", did.batches}, {"resumed_images", did.resumedImages}};
            addRankJson(mine, group.get());
            if (group && group->rank() != 0) { // rank 0 wrote the cache and reports the result
                printResult(ctx, mine);
                return 0;
            }
            ConfigEvaluator ev(cache, model.meta().postprocess.scoreThreshold >= cache.threshold
                                          ? model.meta().postprocess
                                          : cache.meta.postprocess);
            const ConfigResult r = ev.evaluate(removed);
            nlohmann::json j = configResultJson(r, ev.cost({}));
            j["cache"] = a.get("cache");
            j["cache_candidates"] = cache.numCandidates();
            j["cache_bytes_per_candidate"] = PredictionCache::kBytesPerCandidate;
            j["threads"] = cache.threads;
            j["batch"] = cache.batch;
            j["tie_rule"] = toString(cache.meta.postprocess.tieRule);
            j.update(mine);
            printResult(ctx, j);
            return 0;
        }
        const auto mask = removalMask(model.meta().anchors, removed);
        InferenceOptions o;
        o.batchSize = run.batch;
        o.removedAnchors = removed.removed.empty() ? nullptr : &mask;
        const ShardRun shard = detectShard(model, ds, o, group.get(), &ctx.progress);
        if (group && group->rank() != 0) {
            nlohmann::json mine{{"images", shard.images}, {"batches", shard.batches}};
            addRankJson(mine, group.get());
            printResult(ctx, mine);
            return 0;
        }
        const std::vector<DetectionRecord>& dets = shard.detections;
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
            j["threads"] = run.threads;
            j["batch"] = run.batch;
            j["tie_rule"] = toString(model.meta().postprocess.tieRule);
            j["images"] = shard.images;
            j["batches"] = shard.batches;
            addRankJson(j, group.get());
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
