// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/torchvision_import.h"

#include "data/dataset.h"
#include "models/detector.h"
#include "models/head_surgery.h"
#include "util/atomic_file.h"
#include "util/child_process.h"
#include "util/json_access.h"
#include "util/progress.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

namespace {

constexpr int kExitUntrustedPickle = 3; // the exporter's exit code for "pickled, not trusted"

std::vector<std::string> exporterArgs(const std::string& path, const TorchvisionImportOptions& opt)
{
    std::vector<std::string> argv{opt.python, torchvisionExporterScript(), "--arch", opt.arch, "--weights", path};
    if (opt.trustPickle)
        argv.push_back("--trust-pickle");
    return argv;
}

// The exporter's own message (its last stderr line), else its exit code.
ChildResult runExporter(const std::vector<std::string>& argv, const ProgressToken* progress)
{
    ChildResult r = runChild(argv, progress);
    if (r.exitCode == 0)
        return r;
    if (r.exitCode == 127)
        throw InputError("cannot run " + argv[0] + " (install python3-torchvision)");
    std::string msg = lastLine(r.err);
    const std::string prefix = "export_torchvision: ";
    if (msg.rfind(prefix, 0) == 0)
        msg = msg.substr(prefix.size());
    if (msg.empty())
        msg = "exit " + std::to_string(r.exitCode);
    if (r.exitCode == kExitUntrustedPickle)
        throw UntrustedPickleError(msg);
    throw InputError("the torchvision exporter failed: " + msg);
}

} // namespace

std::string anchorscopePythonScript(const std::string& name)
{
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = self.parent_path().parent_path() / "share" / "anchorscope" / name;
        if (fs::exists(installed, ec))
            return installed.string();
    }
    return (fs::path(ANCHORSCOPE_SOURCE_DIR) / "app" / "python" / name).string();
}

std::string torchvisionExporterScript()
{
    if (const char* e = std::getenv("ANCHORSCOPE_EXPORTER"))
        return e;
    return anchorscopePythonScript("export_torchvision.py");
}

TorchvisionCheckpoint inspectTorchvisionCheckpoint(const std::string& path, const TorchvisionImportOptions& opt,
                                                   const ProgressToken* progress)
{
    reportProgress(progress, 0.1, "reading the checkpoint");
    std::vector<std::string> argv = exporterArgs(path, opt);
    argv.push_back("--inspect");
    const ChildResult r = runExporter(argv, progress);
    const nlohmann::json j = jsonaccess::parseJson(r.out.substr(r.out.find('{') == std::string::npos ? 0 : r.out.find('{')),
                                                   "the exporter's answer");
    TorchvisionCheckpoint c;
    try {
        c.architecture = j.at("architecture").get<std::string>();
        c.numClasses = j.at("num_classes").get<int>();
        c.pickled = j.at("pickled").get<bool>();
        c.minSize = j.value("min_size", 0);
        c.maxSize = j.value("max_size", 0);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("the exporter's answer: ") + jsonaccess::describe(e));
    }
    return c;
}

void importTorchvisionCheckpoint(const std::string& path, const std::string& out, const TorchvisionImportOptions& opt,
                                 const ProgressToken* progress)
{
    reportProgress(progress, 0.05, "exporting the torchvision model");
    std::vector<std::string> argv = exporterArgs(path, opt);
    argv.insert(argv.end(), {"--out", out});
    if (opt.numClasses > 0)
        argv.insert(argv.end(), {"--num-classes", std::to_string(opt.numClasses)});
    if (opt.minSize > 0)
        argv.insert(argv.end(), {"--min-size", std::to_string(opt.minSize)});
    if (opt.maxSize > 0)
        argv.insert(argv.end(), {"--max-size", std::to_string(opt.maxSize)});
    std::string namesFile;
    if (!opt.classNames.empty()) {
        namesFile = out + ".names.tmp";
        std::string text;
        for (const auto& n : opt.classNames)
            text += n + "\n";
        writeFileAtomically(namesFile, text);
        argv.insert(argv.end(), {"--class-names", namesFile});
    }
    struct RemoveAfter {
        std::string file;
        ~RemoveAfter()
        {
            std::error_code ec;
            if (!file.empty())
                fs::remove(file, ec);
        }
    } cleanup{namesFile};
    const ChildResult r = runExporter(argv, progress);
    // A checkpoint Anchorscope exported with anchors pruned comes back full size with the
    // removed anchors named: pruned again here, to the same head.
    const size_t brace = r.out.rfind('{');
    const nlohmann::json j = jsonaccess::parseJson(brace == std::string::npos ? r.out : r.out.substr(brace), "the exporter's answer");
    const std::vector<int> removed = j.value("removed", std::vector<int>());
    if (!removed.empty()) {
        reportProgress(progress, 0.9, "pruning the anchors the checkpoint does not have");
        const Detector full = Detector::load(out);
        pruneDetector(full, Configuration{removed}).save(out);
    }
    reportProgress(progress, 1.0, "exported");
}

std::vector<std::string> columnNamesForDataset(const TorchvisionCheckpoint& c, const Dataset& ds)
{
    if (ds.categories.empty())
        return {};
    const bool ssd = c.architecture != "retinanet_resnet50_fpn"; // column 0 is the background
    int64_t maxId = 0;
    for (const auto& cat : ds.categories)
        maxId = std::max(maxId, cat.id);
    std::vector<std::string> names(size_t(c.numClasses), "__background__");
    if (c.numClasses == maxId + 1) {
        for (const auto& cat : ds.categories)
            names[size_t(cat.id)] = cat.name;
    } else if (c.numClasses == int(ds.categories.size()) + 1) {
        std::vector<Category> cats = ds.categories;
        std::sort(cats.begin(), cats.end(), [](const Category& a, const Category& b) { return a.id < b.id; });
        for (size_t k = 0; k < cats.size(); ++k)
            names[k + 1] = cats[k].name;
    } else {
        return {};
    }
    if (ssd)
        names.erase(names.begin()); // the exporter names the non-background columns
    return names;
}

} // namespace anchorscope
