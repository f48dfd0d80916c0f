// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/onnx_export.h"

#include "models/detector.h"
#include "models/torchvision_import.h"
#include "util/atomic_file.h"
#include "util/child_process.h"
#include "util/json_access.h"
#include "util/error.h"
#include "util/progress.h"

#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

std::string onnxSidecarPath(const std::string& onnxPath)
{
    fs::path p(onnxPath);
    if (p.extension() == ".onnx")
        p.replace_extension();
    return p.string() + ".anchorscope.json";
}

namespace {

// The prior of every output row (xyxy, input pixels) and its level, at the feature sizes of
// the exported input size: what a deployment's post-processing needs besides the settings.
void addPriorsToSidecar(const Detector& model, const std::string& sidecar)
{
    nlohmann::json j = jsonaccess::parseJson(readWholeFile(sidecar), sidecar);
    const ModelMeta& m = model.meta();
    std::vector<std::pair<int, int>> sizes;
    for (const auto& s : j.at("onnx").at("feature_sizes"))
        sizes.emplace_back(s.at(0).get<int>(), s.at(1).get<int>());
    const auto& in = j.at("onnx").at("input_size");
    std::vector<int16_t> level;
    const std::vector<Boxf> priors = m.anchors.priors(sizes, in.at(0).get<int>(), in.at(1).get<int>(), &level);
    nlohmann::json flat = nlohmann::json::array();
    for (const Boxf& b : priors)
        flat.push_back({b.x1, b.y1, b.x2, b.y2});
    j["onnx"]["priors"] = std::move(flat);
    j["onnx"]["box_level"] = level;
    writeFileAtomically(sidecar, j.dump());
}

} // namespace

namespace {

// Saves the model where a Python tool can read it, runs the tool, removes the copy; the
// tool's last stderr line is the message when it fails.
void runPythonTool(const Detector& model, const std::string& target, std::vector<std::string> args,
                   const ProgressToken* progress, const std::string& what)
{
    const std::string package = target + ".aspt.tmp";
    struct RemoveAfter {
        std::string file;
        ~RemoveAfter()
        {
            std::error_code ec;
            fs::remove(file, ec);
        }
    } cleanup{package};
    model.save(package);
    for (auto& a : args)
        if (a == "{package}")
            a = package;
    const ChildResult r = runChild(args, progress);
    if (r.exitCode == 127)
        throw InputError("cannot run " + args[0] + " (install python3-torch and python3-torchvision)");
    if (r.exitCode != 0) {
        throw InputError(target, what + " failed: " + lastLine(r.err));
    }
}

} // namespace

void exportTorchvision(const Detector& model, const std::string& dir, const ProgressToken* progress)
{
    reportProgress(progress, 0.2, "writing the torchvision model");
    runPythonTool(model, dir, {kPython, torchvisionExporterScript(), "--to-torchvision", "{package}", "--out", dir}, progress,
                  "the torchvision export");
    reportProgress(progress, 1.0, "exported");
}

void exportOnnx(const Detector& model, const std::string& path, const ProgressToken* progress, int opset)
{
    reportProgress(progress, 0.1, "tracing and exporting to ONNX");
    std::vector<std::string> argv{kPython, anchorscopePythonScript("export_onnx.py"), "--model", "{package}", "--out", path};
    if (opset > 0)
        argv.insert(argv.end(), {"--opset", std::to_string(opset)});
    runPythonTool(model, path, argv, progress, "the ONNX export");
    addPriorsToSidecar(model, onnxSidecarPath(path));
    reportProgress(progress, 1.0, "exported");
}

} // namespace anchorscope
