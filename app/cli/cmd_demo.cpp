// SPDX-License-Identifier: GPL-3.0-or-later
// demo: the demo recipe (core prepareDemo) — the same steps as the window's "Open demo" —
// and with --full the whole job after it (core runDemoJob) and its report.
#include "command.h"
#include "report_renderer.h"

#include "models/detector.h"
#include "project/demo.h"
#include "project/demo_job.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace anchorscope::cli {

namespace {

std::string megabytes(const nlohmann::json& file)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f MB", double(file.value("bytes", int64_t(0))) / 1e6);
    return buf;
}

// What the whole job found, for a person: a dozen lines.
void printSummary(const nlohmann::json& s)
{
    const auto& ap = s["ap"];
    const auto& f = s["files"];
    const auto pct = [](const nlohmann::json& x) { return 100.0 * x["pruned"].get<double>() / x["full"].get<double>(); };
    std::printf("\nDemo summary\n");
    std::printf("  search: %s, %d configurations, %d front points%s, validated on %d holdout images\n",
                s["search"]["strategy"].get<std::string>().c_str(), s["search"]["evaluations"].get<int>(),
                s["search"]["front"].get<int>(), s["search"]["locally_optimal"].get<bool>() ? " (locally optimal)" : "",
                s["search"]["validation_images"].get<int>());
    const auto& ch = s["choice"];
    std::printf("  configuration: %s\n", ch["rule"].get<std::string>().c_str());
    if (ch.contains("validation"))
        std::printf("    validation ΔAP %+.4f [%+.4f, %+.4f]\n", ch["validation"]["delta_ap"].get<double>(),
                    ch["validation"]["delta_ap_ci"][0].get<double>(), ch["validation"]["delta_ap_ci"][1].get<double>());
    std::printf("  anchors kept: %d of %d\n", s["anchors"]["kept"].get<int>(), s["anchors"]["total"].get<int>());
    std::printf("  head MACs: %lld of %lld (%.1f %%)\n", s["head_macs"]["pruned"].get<long long>(),
                s["head_macs"]["full"].get<long long>(), pct(s["head_macs"]));
    std::printf("  boxes: %lld of %lld (%.1f %%)\n", s["boxes"]["pruned"].get<long long>(), s["boxes"]["full"].get<long long>(),
                pct(s["boxes"]));
    std::printf("  post-processing on this machine: %.3f ms (full model %.3f ms)\n", s["postprocess_ms"]["pruned"].get<double>(),
                s["postprocess_ms"]["full"].get<double>());
    std::printf("  AP@[.5:.95]            search   holdout (= validation)\n");
    for (const char* row : {"full", "pruned", "retrained"})
        std::printf("    %-20s %.4f   %.4f\n",
                    std::string(row) == "retrained" ? ("retrained " + std::to_string(s["retrain_epochs"].get<int>()) + " epochs").c_str()
                                                    : row,
                    ap[row]["search"]["AP"].get<double>(), ap[row]["holdout"]["AP"].get<double>());
    std::printf("  seconds: search %.0f, validation %.0f, retrain %.0f, export %.0f\n", s["seconds"]["search"].get<double>(),
                s["seconds"]["validation"].get<double>(), s["seconds"]["retrain"].get<double>(),
                s["seconds"]["export"].get<double>());
    std::printf("  files (in %s):\n", f["dir"].get<std::string>().c_str());
    std::printf("    project    %s\n", f["project"].get<std::string>().c_str());
    for (const char* k : {"full", "pruned", "retrained", "end2end", "onnx"})
        std::printf("    %-10s %s (%s)\n", k, f[k]["path"].get<std::string>().c_str(), megabytes(f[k]).c_str());
    std::printf("    sidecar    %s\n", f["onnx_sidecar"].get<std::string>().c_str());
    std::printf("    report     %s\n", f["report"].get<std::string>().c_str());
}

} // namespace

Command demoCommand()
{
    Command c;
    c.name = "demo";
    c.summary = "Prepare the demo in DIR: the shapes dataset, the trained demo detector and the prediction cache of\n"
                "its search and holdout splits (the holdout split is the demo's validation images; each only when missing; the window's File > Open demo runs the same steps).\n"
                "With --full, then the whole job: the default search validated on the holdout split, the recommended\n"
                "configuration, prune, a short retrain, end-to-end TorchScript and ONNX exports and DIR/report/index.html.";
    c.options = {
        {"dir", "DIR", "the demo folder", false, "demo"},
        {"full", "", "run the whole job after preparing (search, prune, retrain, export, report)", false, ""},
        {"max-evaluations", "N", "--full: the search's budget", false, "600"},
        {"max-drop", "D", "--full: the allowed AP drop the recommendation checks on the validation images", false, "0.02"},
        {"retrain-epochs", "E", "--full: fine-tuning epochs of the pruned model", false, "3"},
    };
    c.run = [](CommandContext& ctx) {
        configureThreads(0);
        const auto t0 = std::chrono::steady_clock::now();
        const DemoFiles f = prepareDemo(ctx.args.get("dir"), &ctx.progress);
        nlohmann::json j = {{"dir", f.dir},
                            {"model", f.model},
                            {"train", f.train},
                            {"search", f.search},
                            {"holdout", f.holdout},
                            {"search_cache", f.searchCache},
                            {"holdout_cache", f.holdoutCache},
                            {"dataset_made", f.datasetMade},
                            {"model_trained", f.modelTrained},
                            {"cache_built", f.cacheBuilt},
                            {"holdout_cache_built", f.holdoutCacheBuilt}};
        if (ctx.args.flag("full")) {
            DemoJobOptions o;
            o.maxEvaluations = int(ctx.args.getInt("max-evaluations"));
            o.maxDrop = ctx.args.getDouble("max-drop");
            o.retrainEpochs = int(ctx.args.getInt("retrain-epochs"));
            const DemoJobResult r = runDemoJob(f, o, &ctx.progress);
            const std::string reportDir = std::filesystem::path(r.reportData).parent_path().string();
            renderReport(r.reportData, reportDir, ctx.progress);
            j["job"] = r.summary;
            j["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (!ctx.json) {
                printSummary(r.summary);
                std::printf("  demo command: %.0f s\n", j["seconds"].get<double>());
                return 0;
            }
        }
        printResult(ctx, j);
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
