// SPDX-License-Identifier: GPL-3.0-or-later
// report: a self-contained HTML page of a cache's (or a project's) story — the front with its
// validation, the anchors, the analysis, per-class AP, cost and provenance. Core computes
// DIR/report.json; the renderer (report_renderer.h) draws the window's plots and the page.
#include "command.h"
#include "model_options.h"
#include "project_options.h"
#include "report_renderer.h"
#include "validation_options.h"

#include "project/report_data.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <filesystem>
#include <memory>
#include <optional>

namespace anchorscope::cli {

Command reportCommand()
{
    Command c;
    c.name = "report";
    c.summary = "Write DIR/index.html (opens offline in any browser) with the Pareto front and its validation,\n"
                "the anchor grid of the selection, box distributions, redundancy heatmap, leave-one-out ΔAP, per-class\n"
                "AP, cost and provenance; the plots also as PNG and PDF beside it, the data as DIR/report.json.";
    c.options = {
        {"cache", "CACHE", "prediction cache of the search images", false, ""},
        projectOption(),
        cacheDirOption(),
        labelMapOption(),
        {"search", "PARETO", "a search of the same cache (search --out; default: the project's)", false, ""},
        {"model", "MODEL", "the cache's full model (.aspt): parameter counts and its file in the provenance", false, ""},
        {"remove", "IDS", "the configuration the report is about (default: the project's selection, else the "
                          "search's recommendation, else the full model)", false, ""},
        {"title", "TEXT", "the page's title", false, "Anchorscope report"},
        {"threads", "N", "threads for evaluations", false, "2"},
        {"out", "DIR", "folder to write (created; files in it are replaced)", true, ""},
    };
    addValidationOptions(c.options);
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        const int threads = int(a.getInt("threads"));
        CacheSource source = cacheFromArgs(a, threads, ctx.progress);
        const std::string cacheName = a.has("cache") ? a.get("cache") : a.get("project");
        ReportInputs in;
        in.title = a.get("title");
        in.cache = source.cache.get();
        in.evaluator = source.evaluator.get();
        in.cacheName = cacheName;
        if (source.validationEvaluator) {
            in.validation = &source.validationBootstrap(bootstrapFromArgs(a, threads));
            in.validationName = source.validationName;
        }
        std::optional<SearchResult> search;
        if (a.has("search"))
            search = readSearchFile(a.get("search"), *source.cache, cacheName);
        else if (source.project && source.project->opened.session->search)
            search = *source.project->opened.session->search;
        // Validated searches carry their validation; an unvalidated one is validated here
        // when there are validation images, so the page never shows an unchecked promise.
        if (search && !search->validation && in.validation)
            validateFront(*search, *in.validation, in.validationName, &ctx.progress);
        in.search = search ? &*search : nullptr;
        const Project* project = source.project ? &source.project->opened.project : nullptr;
        if (a.has("remove") || (project && !project->selectedRemoved.empty())) {
            in.selection = selectionFromArgs(a, project);
            in.selectionGiven = true;
            if (!a.has("remove") && project)
                in.selectedNode = project->selectedNode;
        }
        std::unique_ptr<Detector> model;
        if (a.has("model")) {
            model = std::make_unique<Detector>(Detector::load(a.get("model")));
            if (model->identity() != source.cache->modelIdentity)
                throw InputError(a.get("model"), "this model is not the one the cache " + cacheName + " was made with (its identity "
                                                     + model->identity() + ", the cache's " + source.cache->modelIdentity + ")");
            in.modelPath = a.get("model");
        } else if (project) {
            model = std::make_unique<Detector>(loadProjectModel(*project));
            in.modelPath = project->model.path;
        }
        in.model = model.get();
        in.commands = {ctx.commandLine};
        const nlohmann::json data = buildReportData(in, &ctx.progress);
        namespace fs = std::filesystem;
        const fs::path out(a.get("out"));
        fs::create_directories(out);
        const std::string dataFile = (out / "report.json").string();
        writeFileAtomically(dataFile, data.dump(1));
        renderReport(dataFile, out.string(), ctx.progress);
        printResult(ctx, {{"out", out.string()},
                          {"index", (out / "index.html").string()},
                          {"data", dataFile},
                          {"selection", data["selection"]},
                          {"validated", !data["accuracy"]["validation"].is_null()}});
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
