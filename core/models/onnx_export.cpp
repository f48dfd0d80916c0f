// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/onnx_export.h"

#include "models/detector.h"
#include "models/torchvision_import.h"
#include "util/child_process.h"
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

void exportOnnx(const Detector& model, const std::string& path, const ProgressToken* progress, int opset)
{
    reportProgress(progress, 0.1, "writing the model for the ONNX exporter");
    const std::string package = path + ".aspt.tmp";
    struct RemoveAfter {
        std::string file;
        ~RemoveAfter()
        {
            std::error_code ec;
            fs::remove(file, ec);
        }
    } cleanup{package};
    model.save(package);
    std::vector<std::string> argv{kPython, anchorscopePythonScript("export_onnx.py"), "--model", package, "--out", path};
    if (opset > 0)
        argv.insert(argv.end(), {"--opset", std::to_string(opset)});
    reportProgress(progress, 0.3, "tracing and exporting to ONNX");
    const ChildResult r = runChild(argv, progress);
    if (r.exitCode == 127)
        throw InputError("cannot run " + argv[0] + " (install python3-torch)");
    if (r.exitCode != 0) {
        std::string msg = r.err;
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
            msg.pop_back();
        const size_t nl = msg.rfind('\n');
        throw InputError(path, "the ONNX export failed: " + (nl == std::string::npos ? msg : msg.substr(nl + 1)));
    }
    reportProgress(progress, 1.0, "exported");
}

} // namespace anchorscope
