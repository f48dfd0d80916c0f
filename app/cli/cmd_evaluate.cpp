// SPDX-License-Identifier: GPL-3.0-or-later
// evaluate: COCO stats and head cost of a model (optionally with anchors removed by masking,
// docs/design.md §5) on a dataset, or of configurations of a prediction cache or a project.
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
#include "prune/search.h"
#include "prune/validation.h"
#include "util/error.h"
#include "util/atomic_file.h"
#include "util/json_access.h"
#include "data/dataset_io.h"
#include "data/image_split.h"

#include <optional>
#include <set>
#include "validation_options.h"

#include <iostream>

namespace anchorscope::cli {
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

// The configurations of --configs FILE: one removed-id list per line ("none" for the full
// model; blank lines and # comments skipped), or a search JSON (its front).
std::vector<std::pair<Configuration, int>> configsFromFile(const std::string& file)
{
    const std::string text = readWholeFile(file);
    std::vector<std::pair<Configuration, int>> out;
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{') {
        SearchResult r;
        try {
            r = SearchResult::fromJson(jsonaccess::parseJson(text, file));
        } catch (const InputError& e) {
            throw InputError(file, e.what());
        }
        for (int f : r.front)
            out.emplace_back(r.nodes[size_t(f)].result.config, f);
        return out;
    }
    size_t lineNo = 0, pos = 0;
    while (pos <= text.size()) {
        const size_t end = std::min(text.find('\n', pos), text.size());
        std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (const size_t hash = line.find('#'); hash != std::string::npos)
            line.erase(hash);
        line.erase(0, line.find_first_not_of(" \t\r"));
        line.erase(line.find_last_not_of(" \t\r") + 1);
        if (line.empty())
            continue;
        try {
            out.emplace_back(line == "none" ? Configuration{} : parseConfiguration(line), -1);
        } catch (const InputError& e) {
            throw InputError(file, "line " + std::to_string(lineNo) + ": " + e.what());
        }
        if (pos > text.size())
            break;
    }
    if (out.empty())
        throw InputError(file, "names no configuration");
    return out;
}

// evaluate --cache / --project: configurations from a prediction cache, with intervals
// (--ci) on its images and on the validation images when there are any. --project: the
// project's selection (or --remove) on its session, as the window shows it; a cache made now
// is recorded in the project.
int evaluateFromCache(CommandContext& ctx)
{
    const Args& a = ctx.args;
    if (a.has("project") && (a.has("model") || a.has("data")))
        throw InputError("evaluate --project takes the model, the dataset and the cache from the project: leave out "
                         "--model, --data and --cache");
    if (a.has("configs") && a.has("remove"))
        throw InputError("give --remove or --configs, not both");
    CacheSource src = cacheFromArgs(a, 2, ctx.progress);
    const PredictionCache& cache = *src.cache;
    ConfigEvaluator& ev = *src.evaluator;
    const bool ci = a.flag("ci");
    const BootstrapOptions bo = bootstrapFromArgs(a, 2);
    std::shared_ptr<PairedBootstrap> onSearch;
    auto resultJson = [&](const Configuration& c) {
        validateConfiguration(cache.meta.anchors, cache.meta.sharedHead, c);
        nlohmann::json j = configResultJson(ev.evaluate(c), ev.cost({}));
        if (ci) {
            if (!onSearch)
                onSearch = std::make_shared<PairedBootstrap>(ev, bo);
            j.update(intervalJson(onSearch->interval(c), bo, onSearch->images()));
        }
        if (src.validationEvaluator) {
            nlohmann::json v;
            if (ci) {
                PairedBootstrap& b = src.validationBootstrap(bo);
                const PairedBootstrap::Interval in = b.interval(c);
                v = configResultJson(in.result, ev.cost({}));
                v.update(intervalJson(in, bo, b.images()));
            } else {
                const ConfigResult r = src.validationEvaluator->evaluate(c);
                v = configResultJson(r, ev.cost({}));
                v["delta_ap"] = r.stats[0] - src.validationEvaluator->evaluate({}).stats[0];
            }
            v["images"] = src.validationCache->gt.images.size();
            v["source"] = src.validationName;
            j["validation"] = v;
        }
        j["images"] = cache.gt.images.size();
        return j;
    };
    if (a.has("configs")) { // one JSON line each
        const std::vector<std::pair<Configuration, int>> configs = configsFromFile(a.get("configs"));
        constexpr size_t kChunk = 16;
        for (size_t k = 0; k < configs.size(); ++k) {
            const auto& [c, node] = configs[k];
            ctx.progress.checkCancelled();
            if (k % kChunk == 0) {
                // The next few side by side (the memo then serves resultJson), from the
                // nearest states: a file of neighbourhoods is evaluated incrementally.
                std::vector<Configuration> chunk;
                for (size_t m = k; m < std::min(configs.size(), k + kChunk); ++m) {
                    try {
                        validateConfiguration(cache.meta.anchors, cache.meta.sharedHead, configs[m].first);
                    } catch (const InputError&) {
                        break; // its line reports it, after the lines before it
                    }
                    chunk.push_back(configs[m].first);
                }
                ev.evaluateAll(chunk, nullptr);
            }
            nlohmann::json j = resultJson(c);
            if (node >= 0)
                j["node"] = node;
            printJson(j);
        }
        return 0;
    }
    const Configuration removed = selectionFromArgs(a, src.project ? &src.project->opened.project : nullptr);
    nlohmann::json j = resultJson(removed);
    j["cache"] = cache.identity;
    j["threshold"] = cache.threshold;
    if (src.project) {
        j["project"] = src.project->path;
        j["cache_built"] = src.project->opened.session->cacheBuilt;
        j["project_updated"] = writeProjectBack(*src.project, src.project->opened.project);
    }
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
        {"configs", "FILE", "with --cache or --project: evaluate every configuration in FILE (a removed-id list per line, "
                            "or a search JSON: its front), one JSON line each", false, ""},
        {"ci", "", "with --cache or --project: ΔAP and ΔAP50 against the full model with 95 % paired bootstrap "
                   "intervals over the images", false, ""},
    };
    addValidationOptions(c.options);
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        if (a.has("project") || (!a.has("model") && a.has("cache")))
            return evaluateFromCache(ctx);
        const Configuration removed = parseConfiguration(a.get("remove"));
        if (!a.has("model"))
            throw InputError("evaluate needs --model (with --data), --cache or --project");
        if (a.has("ci") || a.has("configs"))
            throw InputError("--ci and --configs evaluate from a prediction cache: give --cache C (made now from --model "
                             "and --data if C does not exist yet, then evaluate --cache C --ci)");
        const std::unique_ptr<ProcessGroup> group = joinGroupFromArgs(a);
        Detector model = Detector::load(a.get("model"));
        model.setDevice(deviceFromArgs(a));
        const RunSettings run = runSettingsFromArgs(a, model.meta());
        const Dataset ds = datasetFromArgs(a, true);
        fitModelFromArgs(a, model, ds);
        checkDatasetHasGroundTruth(ds);
        validateConfiguration(model.meta().anchors, model.meta().sharedHead, removed);
        // --validation-split / --validation-data: the search images' cache at --cache and the
        // validation images' at --validation-cache.
        Dataset searchImages = ds;
        std::optional<Dataset> validationImages;
        if (a.has("validation-split") || a.has("validation-data")) {
            if (!a.has("cache") || !a.has("validation-cache"))
                throw InputError("--validation-split and --validation-data with --model build two caches: give --cache "
                                 "(the search images') and --validation-cache (the validation images')");
            if (a.has("validation-split") && a.has("validation-data"))
                throw InputError("give --validation-split or --validation-data, not both");
            if (a.has("validation-split")) {
                DatasetSplit parts = splitByImage(ds, a.getDouble("validation-split"), uint64_t(a.getInt("split-seed")));
                searchImages = std::move(parts.search);
                validationImages = std::move(parts.validation);
            } else {
                Dataset v = readDataset(a.get("validation-data"));
                if (v.categoryIds() != ds.categoryIds())
                    throw InputError(a.get("validation-data"), "has other categories than " + a.get("data"));
                checkDatasetHasGroundTruth(v);
                validationImages = std::move(v);
            }
        } else if (a.has("validation-cache")) {
            throw InputError("with --model, --validation-cache is where the validation images' cache is written: give "
                             "--validation-split or --validation-data too");
        }
        if (a.has("cache")) {
            CacheBuildOptions b;
            b.threshold = a.has("threshold") ? float(a.getDouble("threshold")) : -1.f;
            b.batchSize = run.batch;
            b.group = group.get();
            b.path = a.get("cache");
            CacheBuildReport did;
            const PredictionCache cache = buildPredictionCache(model, searchImages, b, &ctx.progress, &did);
            nlohmann::json validationJson;
            if (validationImages) {
                CacheBuildOptions vb = b;
                vb.path = a.get("validation-cache");
                CacheBuildReport vdid;
                const PredictionCache v = buildPredictionCache(model, *validationImages, vb, &ctx.progress, &vdid);
                validationJson = {{"cache", vb.path}, {"images", v.gt.images.size()}, {"candidates", v.numCandidates()}};
            }
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
            j["num_images"] = cache.gt.images.size();
            if (validationImages)
                j["validation"] = validationJson;
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
