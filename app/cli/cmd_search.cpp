// SPDX-License-Identifier: GPL-3.0-or-later
// search: the Pareto front of accuracy against head cost over anchor configurations,
// evaluated from a prediction cache.
#include "command.h"
#include "model_options.h"
#include "project_options.h"
#include "util/json_access.h"

#include "prune/prediction_cache.h"
#include "prune/latency_model.h"
#include "prune/search.h"
#include "prune/search_strategies.h"
#include "validation_options.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace anchorscope::cli {

namespace {

std::string strategyHelp()
{
    std::string h;
    for (const SearchStrategy* s : searchStrategies())
        h += std::string(h.empty() ? "" : "; ") + s->name + ": " + s->description;
    return h + " (default " + defaultSearchStrategy() + "; with --project: its setting)";
}

// The search into the project, as the window stores it: with its settings, the latency
// model used, and the selection kept (as a node of the new search when it is one).
bool storeSearch(const OpenedProject& project, const SearchResult& r, const SearchOptions& o, const ConfigEvaluator& ev)
{
    Project p = project.opened.project;
    p.search = r.toJson(project.opened.session->cache->meta.anchors);
    p.settings.strategy = o.strategy;
    p.settings.objective = o.objective;
    p.settings.maxDrop = o.maxDrop;
    if (ev.hasLatencyModel())
        p.latencyModel = ev.latencyModel().toJson();
    p.selectedNode = -1;
    for (const SearchNode& n : r.nodes)
        if (n.result.config.removed == p.selectedRemoved) {
            p.selectedNode = n.index;
            break;
        }
    if (p.selectedNode < 0 && r.recommended >= 0) { // nothing chosen yet: the recommendation
        p.selectedNode = r.recommended;
        p.selectedRemoved = r.nodes[size_t(r.recommended)].result.config.removed;
    }
    return writeProjectBack(project, p);
}

} // namespace

Command searchCommand()
{
    Command c;
    c.name = "search";
    c.summary = "Search the Pareto front of AP against head cost over anchor configurations of a prediction cache.";
    c.options = {
        {"cache", "CACHE", "prediction cache (evaluate --cache, import-predictions)", false, ""},
        projectOption(),
        cacheDirOption(),
        labelMapOption(),
        {"strategy", "S", strategyHelp(), false, defaultSearchStrategy()},
        {"seed-front", "PARETO", "refine: start from the front of this finished search on the same cache (default: the "
                                 "project's search, else ranked's front)", false, ""},
        {"objective", "O", "macs, boxes or latency (predicted by a per-machine model; front points measured)", false, "macs"},
        {"latency-model", "JSON", "latency model from calibrate-latency (default: calibrate now)", false, ""},
        {"min-ap", "X", "lowest AP a configuration may have (default: baseline − --max-drop)", false, ""},
        {"max-drop", "D", "allowed AP drop below the baseline when --min-ap is not given", false, "0.01"},
        {"max-evaluations", "N", "stop after N evaluated configurations", false, "100000"},
        {"threads", "N", "threads for evaluation", false, "2"},
        {"resume", "PARETO", "an interrupted search's output (same cache and options): replay it and go on", false, ""},
        {"out", "PARETO", "JSON with every evaluated node and the front (written also when interrupted); with --project "
                          "the search is also stored in the project", false, ""},
    };
    addValidationOptions(c.options);
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        if (!a.has("out") && !a.has("project"))
            throw InputError("search needs --out (or --project, which stores the search)");
        CacheSource source = cacheFromArgs(a, int(a.getInt("threads")), ctx.progress);
        const PredictionCache& cache = *source.cache;
        ConfigEvaluator& ev = *source.evaluator;
        // The project's settings unless the command line says otherwise.
        const ProjectSettings* saved = source.project ? &source.project->opened.project.settings : nullptr;
        SearchOptions o;
        o.strategy = saved && !a.has("strategy") ? saved->strategy : a.get("strategy");
        searchStrategy(o.strategy); // an unknown name is refused before anything runs
        o.objective = saved && !a.has("objective") ? saved->objective : objectiveFromString(a.get("objective"));
        if (a.has("latency-model"))
            ev.setLatencyModel(LatencyModel::fromJson(jsonaccess::parseJson(readWholeFile(a.get("latency-model")), a.get("latency-model")), a.get("latency-model")));
        else if (o.objective == Objective::Latency && !ev.hasLatencyModel())
            ev.setLatencyModel(calibrateLatency(ev.settings(), cache.meta.numClasses, 5, &ctx.progress));
        if (a.has("min-ap"))
            o.minAp = a.getDouble("min-ap");
        o.maxDrop = saved && !a.has("max-drop") ? saved->maxDrop : a.getDouble("max-drop");
        o.maxEvaluations = int(a.getInt("max-evaluations"));
        o.partialOnCancel = true; // Ctrl-C still writes what was found, for --resume
        const std::string cacheName = a.has("cache") ? a.get("cache") : a.get("project");
        SearchResult previous, seed;
        if (a.has("resume")) {
            previous = readSearchFile(a.get("resume"), cache, cacheName);
            o.resumeFrom = &previous;
        }
        if (a.has("seed-front")) {
            if (o.strategy != "refine")
                throw InputError("--seed-front is refine's starting point; it goes with --strategy refine");
            seed = readSearchFile(a.get("seed-front"), cache, cacheName);
            o.seedFront = &seed;
        } else if (o.strategy == "refine" && source.project && source.project->opened.session->search) {
            seed = *source.project->opened.session->search; // refine what the project's search found
            o.seedFront = &seed;
        }
        const auto t0 = std::chrono::steady_clock::now();
        SearchResult r = runSearch(ev, o, &ctx.progress);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        double validationSeconds = 0;
        if (source.validationEvaluator && !ctx.progress.isCancelled()) {
            const auto v0 = std::chrono::steady_clock::now();
            const BootstrapOptions bo = bootstrapFromArgs(a, int(a.getInt("threads")));
            validateFront(r, source.validationBootstrap(bo), source.validationName, &ctx.progress);
            validationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - v0).count();
        }
        nlohmann::json j = r.toJson(cache.meta.anchors);
        j["cache"] = cache.identity;
        j["seconds"] = seconds;
        if (r.validation)
            j["validation_seconds"] = validationSeconds;
        if (ev.hasLatencyModel())
            j["latency_model"] = ev.latencyModel().toJson();
        // Anchors without a single cached candidate: removing them cannot change any result.
        std::vector<int> inactive;
        for (int id = 0; id < cache.meta.anchors.numAnchors(); ++id)
            if (ev.imagesWithAnchor(id).empty())
                inactive.push_back(id);
        j["anchors_without_candidates"] = inactive;
        j["head_macs_without_them"] = ev.cost({inactive}).headMacs;
        if (a.has("out"))
            writeFileAtomically(a.get("out"), j.dump(1));
        bool projectUpdated = false;
        if (source.project)
            projectUpdated = storeSearch(*source.project, r, o, ev);
        if (ctx.progress.isCancelled()) {
            if (a.has("out"))
                std::fprintf(stderr, "search interrupted after %zu configurations; written to %s — continue with --resume %s\n",
                             r.nodes.size(), a.get("out").c_str(), a.get("out").c_str());
            else
                std::fprintf(stderr, "search interrupted after %zu configurations; stored in %s\n", r.nodes.size(),
                             a.get("project").c_str());
            return 130;
        }
        if (ctx.json) {
            nlohmann::json s = {{"out", a.get("out")},       {"project_updated", projectUpdated},       {"evaluations", r.nodes.size()}, {"front_size", r.front.size()},
                                {"complete", r.complete}, {"replayed", r.replayed},
                                {"hypervolume", r.hypervolume}, {"seconds", seconds},          {"baseline_ap", r.baselineAp},
                                {"min_ap", r.minAp}, {"strategy", r.strategy}, {"locally_optimal", r.locallyOptimal}};
            s["recommended"] = r.recommended < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.recommended);
            s["validated"] = bool(r.validation);
            if (r.validation)
                s["validation_images"] = r.validation->images;
            printJson(s);
        } else {
            std::printf("%s search: %zu configurations (%d replayed) in %.1f s, baseline AP %.4f, min AP %.4f, hypervolume "
                        "%.5f%s\n",
                        r.strategy.c_str(), r.nodes.size(), r.replayed, seconds, r.baselineAp, r.minAp, r.hypervolume,
                        r.complete ? "" : " (incomplete: resume with --resume)");
            if (r.strategy == "refine")
                std::printf("%s\n", r.locallyOptimal ? "locally Pareto-optimal: no flip or swap improves a front point"
                                                      : "not refined to the end (budget or cancel): not locally optimal");
            if (!r.validation) {
                std::printf("front (cost / full, AP, removed) — not validated: these APs are on the search images, "
                            "where the best-looking points are the luckiest (give --validation-cache or --validation-split):\n");
                for (int i : r.front) {
                    const SearchNode& n = r.nodes[size_t(i)];
                    std::printf("  %.4f  %.4f  %s\n", r.fullCost > 0 ? n.cost / r.fullCost : 0.0, n.result.stats[0],
                                n.result.config.toString().c_str());
                }
            } else {
                std::printf("front on %zu validation images (cost / full, search AP, validation AP, ΔAP [95 %% interval], "
                            "removed):\n",
                            r.validation->images);
                for (int i : r.front) {
                    const SearchNode& n = r.nodes[size_t(i)];
                    const NodeValidation& v = *n.validation;
                    std::printf("%s %.4f  %.4f  %.4f  %+.4f [%+.4f, %+.4f]  %s\n", i == r.recommended ? "*" : " ",
                                r.fullCost > 0 ? n.cost / r.fullCost : 0.0, n.result.stats[0], v.stats[0], v.deltaAp,
                                v.deltaApCi[0], v.deltaApCi[1], n.result.config.toString().c_str());
                }
                if (r.recommended >= 0)
                    std::printf("recommended (*): the cheapest point whose validation ΔAP interval lies at or above −%.4f\n",
                                r.validation->maxDrop);
                else
                    std::printf("no front point keeps ΔAP ≥ −%.4f on the validation images: keep the full model\n",
                                r.validation->maxDrop);
            }
        }
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
