// SPDX-License-Identifier: GPL-3.0-or-later
// export: the model as raw-output TorchScript package, end-to-end TorchScript or a plain
// state dict, with an optional report (anchor configuration, cost, provenance).
#include "command.h"
#include "model_options.h"
#include "project_options.h"

#include "models/evaluate_model.h"

#include "data/dataset_io.h"
#include "eval/coco_eval.h"
#include "models/export.h"
#include "models/inference.h"
#include "prune/latency_model.h"
#include "util/atomic_file.h"

#include <filesystem>
#include <iostream>

namespace anchorscope::cli {

Command exportCommand()
{
    Command c;
    c.name = "export";
    c.summary = "Export a model: torchscript (raw outputs + anchorscope.json), end2end (pre-processing, decode and\n"
                "NMS inside; runs in LibTorch and PyTorch without torchvision) or state-dict (a plain dict).";
    c.options = {
        {"model", "MODEL", "the .aspt model package", false, ""},
        projectOption(),
        {"format", "F", "torchscript, end2end, state-dict, onnx (raw model at its input size; anchors and "
                        "post-processing in <name>.anchorscope.json beside it) or torchvision (a folder: model.py and "
                        "model.pth; models imported from torchvision)", false, "end2end"},
        {"out", "FILE", "file to write", true, ""},
        {"report", "JSON", "also write a report: anchors, cost, provenance (removed anchors, retraining before/after), post-processing", false, ""},
        {"data", "ANN", "with --report: evaluate the model on this dataset (AP) and time its post-processing", false, ""},
        labelMapOption(),
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        Detector model = selectedModelFromArgs(a); // with --project: its selection, pruned
        exportModel(model, exportFormatFromString(a.get("format")), a.get("out"), &ctx.progress);
        nlohmann::json report = exportReport(model);
        if (a.has("data")) {
            configureThreads(0);
            const Dataset ds = readDataset(a.get("data"));
            if (!a.has("project")) // a project's model carries its label map already
                fitModelFromArgs(a, model, ds);
            size_t candidates = 0;
            InferenceOptions o;
            o.onCandidates = [&](size_t, const CandidateList& c, float, float, const std::vector<std::pair<int, int>>&) {
                candidates += c.size();
            };
            const CocoEvalResult r = evaluateDetector(model, ds, o, &ctx.progress);
            const double perImage = ds.images.empty() ? 0.0 : double(candidates) / double(ds.images.size());
            report["evaluation"] = {{"data", a.get("data")}, {"AP", r.stats[0]}, {"AP50", r.stats[1]}, {"images", ds.images.size()}};
            report["postprocess_latency_ms"] = measurePostprocessMs(model.meta().postprocess, model.meta().numClasses,
                                                                    int(report.value("boxes", int64_t(0))), int(perImage));
            report["candidates_per_image"] = perImage;
        }
        if (a.has("report"))
            writeFileAtomically(a.get("report"), report.dump(1));
        const nlohmann::json j = {{"out", a.get("out")},
                                  {"format", a.get("format")},
                                  {"bytes", std::filesystem::is_directory(a.get("out"))
                                                ? std::filesystem::file_size(std::filesystem::path(a.get("out")) / "model.pth")
                                                : std::filesystem::file_size(a.get("out"))},
                                  {"anchors", model.meta().anchors.numAnchors()}};
        if (ctx.json)
            printJson(j);
        else
            std::cout << "wrote " << a.get("out") << " (" << a.get("format") << ", " << j["bytes"] << " bytes)\n";
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
