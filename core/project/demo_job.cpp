// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/demo_job.h"

#include "data/coco_json.h"
#include "models/cost.h"
#include "models/detector.h"
#include "models/evaluate_model.h"
#include "models/export.h"
#include "models/head_surgery.h"
#include "models/onnx_export.h"
#include "project/report_data.h"
#include "project/session.h"
#include "prune/latency_model.h"
#include "prune/search_strategies.h"
#include "prune/validation.h"
#include "train/retrain.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <chrono>
#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The cheapest front point other than the full model at or above the search's minimum AP
// (on the search images): the demo's fallback when no point keeps its promise on the
// validation images. -1 when the front is the full model alone.
int cheapestWithinDrop(const SearchResult& r)
{
    for (int i : r.front) { // by cost ascending
        const SearchNode& n = r.nodes[size_t(i)];
        if (!n.result.config.removed.empty() && n.result.stats[0] >= r.minAp)
            return i;
    }
    return -1;
}

// A sub-range of the job's progress: step `what` covers [from, to). A cancel of the job
// reaches the step's token at its next progress report (and when the step starts).
struct Step {
    const ProgressToken* token;
    ProgressToken sub;
    Step(const ProgressToken* t, double from, double to, const std::string& what) : token(t)
    {
        if (!t)
            return;
        t->report(from, what);
        sub.setCallback([this, from, to, what](double f, const std::string& w) {
            if (token->isCancelled())
                sub.cancel();
            token->report(from + (to - from) * f, what + ": " + w);
        });
    }
    Step(const Step&) = delete;
    Step& operator=(const Step&) = delete;
    const ProgressToken* get()
    {
        if (token && token->isCancelled())
            sub.cancel();
        return token ? &sub : nullptr;
    }
};

} // namespace

DemoJobResult runDemoJob(const DemoFiles& f, const DemoJobOptions& o, const ProgressToken* progress)
{
    const fs::path dir(f.dir);
    DemoJobResult out;
    out.project = (dir / "demo.asproj").string();
    out.pruned = (dir / "pruned.aspt").string();
    out.retrained = (dir / "retrained.aspt").string();
    out.end2end = (dir / "retrained_end2end.pt").string();
    out.onnx = (dir / "retrained.onnx").string();
    out.onnxSidecar = onnxSidecarPath(out.onnx);
    out.reportData = (dir / "report" / "report.json").string();
    nlohmann::json times = nlohmann::json::object();

    // 1. The project of the demo, opened as the window opens it: both caches reused.
    auto t0 = std::chrono::steady_clock::now();
    Project p = f.project();
    p.settings.strategy = o.strategy.empty() ? defaultSearchStrategy() : o.strategy;
    p.settings.maxDrop = o.maxDrop;
    OpenedSession opened;
    {
        Step s(progress, 0.0, 0.02, "opening the demo project");
        opened = openSession(p, f.dir, false, s.get());
    }
    Session& session = *opened.session;
    if (!session.validationEvaluator)
        throw InputError(f.holdoutCache, "the demo's validation images (its holdout split) did not open: " + session.validationNote);

    // 2. The default search, validated on the holdout split.
    SearchOptions so;
    so.strategy = opened.project.settings.strategy;
    so.maxDrop = o.maxDrop;
    so.maxEvaluations = o.maxEvaluations;
    SearchResult r;
    {
        Step s(progress, 0.02, 0.25, "searching");
        r = runSearch(*session.evaluator, so, s.get());
    }
    times["search"] = secondsSince(t0);
    t0 = std::chrono::steady_clock::now();
    BootstrapOptions bo = o.bootstrap;
    bo.threads = o.threads;
    PairedBootstrap& bootstrap = session.validationBootstrap(bo);
    {
        Step s(progress, 0.25, 0.35, "validating the front on the holdout split");
        validateFront(r, bootstrap, f.holdoutCache, s.get());
    }
    times["validation"] = secondsSince(t0);
    int chosen = r.recommended;
    const bool validated = chosen >= 0;
    if (!validated)
        chosen = cheapestWithinDrop(r);
    const Configuration config = chosen >= 0 ? r.nodes[size_t(chosen)].result.config : Configuration{};

    // 3. The project with its search and selection, for the window to open.
    opened.project.search = r.toJson(session.cache->meta.anchors);
    opened.project.selectedNode = chosen;
    opened.project.selectedRemoved = config.removed;
    opened.project.save(out.project);

    // 4. Prune, retrain, export.
    t0 = std::chrono::steady_clock::now();
    const Detector full = loadProjectModel(opened.project);
    Detector model = pruneDetector(full, config);
    model.save(out.pruned);
    times["prune"] = secondsSince(t0);
    t0 = std::chrono::steady_clock::now();
    RetrainOutcome retrained;
    {
        Step s(progress, 0.35, 0.85, "retraining the pruned model");
        std::vector<EvaluationSplit> splits{{"search", readCocoDataset(f.search)}, {"holdout", readCocoDataset(f.holdout)}};
        RetrainOptions ro;
        ro.train.epochs = o.retrainEpochs;
        ro.train.batchSize = 16;
        ro.train.lr = 0.005;
        ro.train.warmupEpochs = 0.3;
        ro.train.seed = 0;
        retrained = retrainModel(model, readCocoDataset(f.train), splits, ro, s.get());
    }
    model.save(out.retrained);
    times["retrain"] = secondsSince(t0);
    t0 = std::chrono::steady_clock::now();
    {
        Step s(progress, 0.85, 0.88, "exporting end-to-end TorchScript");
        exportModel(model, ExportFormat::EndToEnd, out.end2end, s.get());
    }
    {
        Step s(progress, 0.88, 0.93, "exporting ONNX");
        exportModel(model, ExportFormat::Onnx, out.onnx, s.get());
    }
    times["export"] = secondsSince(t0);

    // 5. The summary, and the report data around it.
    const AnchorSet& anchors = session.cache->meta.anchors;
    const CostReport fullCost = session.evaluator->cost({}), cost = session.evaluator->cost(config);
    const auto node = [&](int i) -> const SearchNode& { return r.nodes[size_t(i)]; };
    nlohmann::json choice = {{"node", chosen < 0 ? nlohmann::json(nullptr) : nlohmann::json(chosen)},
                             {"validated", validated},
                             {"removed", config.removed},
                             {"rule", validated ? "recommended: the cheapest front point whose validation ΔAP interval lies at or above −max drop"
                                      : chosen >= 0 ? "UNVALIDATED: no front point keeps its promise on the validation images; the cheapest point "
                                                      "within the drop on the search images"
                                                    : "the full model: the front has no point within the drop"}};
    if (chosen >= 0 && node(chosen).validation) {
        const NodeValidation& v = *node(chosen).validation;
        choice["validation"] = {{"AP", v.stats[0]}, {"delta_ap", v.deltaAp}, {"delta_ap_ci", v.deltaApCi}};
    }
    const auto fileBytes = [](const std::string& path) { return fs::exists(path) ? int64_t(fs::file_size(path)) : int64_t(0); };
    nlohmann::json summary;
    summary["search"] = {{"strategy", r.strategy},
                         {"evaluations", r.nodes.size()},
                         {"front", r.front.size()},
                         {"locally_optimal", r.locallyOptimal},
                         {"max_drop", o.maxDrop},
                         {"validation_images", bootstrap.images()}};
    summary["choice"] = choice;
    summary["anchors"] = {{"kept", anchors.numAnchors() - int(config.removed.size())}, {"total", anchors.numAnchors()}};
    summary["head_macs"] = {{"pruned", cost.headMacs}, {"full", fullCost.headMacs}};
    summary["boxes"] = {{"pruned", cost.boxes}, {"full", fullCost.boxes}};
    summary["parameters"] = {{"pruned", model.parameterCount()}, {"full", full.parameterCount()}};
    // The holdout split is the demo's validation images: one set, two names.
    nlohmann::json ap;
    ap["full"]["search"] = {{"AP", session.baseline.stats[0]}, {"AP50", session.baseline.stats[1]}};
    ap["full"]["holdout"] = {{"AP", bootstrap.baseline().stats[0]}, {"AP50", bootstrap.baseline().stats[1]}};
    ap["pruned"] = retrained.before;
    ap["retrained"] = retrained.after;
    summary["ap"] = ap;
    summary["retrain_epochs"] = o.retrainEpochs;
    summary["seconds"] = times;
    nlohmann::json files;
    files["dir"] = f.dir;
    files["project"] = out.project;
    for (const auto& [key, path] : {std::pair<std::string, std::string>{"full", f.model}, {"pruned", out.pruned},
                                    {"retrained", out.retrained}, {"end2end", out.end2end}, {"onnx", out.onnx}})
        files[key] = {{"path", path}, {"bytes", fileBytes(path)}};
    files["onnx_sidecar"] = out.onnxSidecar;
    files["report"] = (dir / "report" / "index.html").string();
    summary["files"] = files;
    out.summary = summary;

    t0 = std::chrono::steady_clock::now();
    ReportInputs in;
    in.title = "Anchorscope demo";
    in.cache = session.cache.get();
    in.evaluator = session.evaluator.get();
    in.cacheName = f.searchCache;
    in.validation = &bootstrap;
    in.validationName = f.holdoutCache + " (the holdout split)";
    in.search = &r;
    in.selection = config;
    in.selectedNode = chosen;
    in.selectionGiven = true;
    in.model = &full;
    in.modelPath = f.model;
    in.commands = {"anchorscope-cli demo --full --dir " + f.dir};
    in.extra = {{"demo", summary}};
    nlohmann::json data;
    {
        Step s(progress, 0.93, 1.0, "report data");
        data = buildReportData(in, s.get());
    }
    // The post-processing measured for the report's cost table, on this machine.
    out.summary["postprocess_ms"] = {{"pruned", data["cost"][1]["postprocess_ms"]}, {"full", data["cost"][0]["postprocess_ms"]}};
    data["extra"]["demo"] = out.summary;
    // Per class after retraining, on the validation (holdout) images: beside the full model
    // and the selection there (the same images, the model's own inference).
    data["per_class"].push_back(reportPerClassRow("retrained, validation images", evaluateDetector(model, readCocoDataset(f.holdout))));
    fs::create_directories(dir / "report");
    writeFileAtomically(out.reportData, data.dump(1));
    out.summary["seconds"]["report_data"] = secondsSince(t0);
    return out;
}

} // namespace anchorscope
