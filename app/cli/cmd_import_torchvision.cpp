// SPDX-License-Identifier: GPL-3.0-or-later
// import-torchvision: a torchvision detector as an Anchorscope model. Two paths:
//   --weights FILE  any of ssd300_vgg16, ssdlite320_mobilenet_v3_large and
//                   retinanet_resnet50_fpn, through the Python exporter
//                   (core importTorchvisionCheckpoint; a state dict as users save it or,
//                   with --trust-pickle, a pickled model; the architecture recognised);
//   --state-dict F  ssd300_vgg16 only, in C++: a plain-dict state dict
//                   (torch.save(dict(model.state_dict()), F)) read into the native model,
//                   which has torchvision's structure and parameter names.
#include "command.h"

#include "models/detector.h"
#include "models/torchvision_import.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <cctype>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace anchorscope::cli {

namespace {

// One name per line; trailing blank lines are ignored, an inner blank line (or
// "__background__") marks an unused column.
std::vector<std::string> readClassNames(const std::string& path)
{
    std::vector<std::string> names;
    std::istringstream in(readWholeFile(path));
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
            line.pop_back();
        names.push_back(line);
    }
    while (!names.empty() && names.back().empty())
        names.pop_back();
    return names;
}

} // namespace

Command importTorchvisionCommand()
{
    Command c;
    c.name = "import-torchvision";
    c.summary = "Import a torchvision detector (your weights, any class count) as an .aspt model. Score column k\n"
                "predicts category id k (torchvision's convention); SSD column 0 is the background.";
    c.options = {
        {"arch", "ARCH", "auto (recognised from the weights), ssd300_vgg16, ssdlite320_mobilenet_v3_large or "
                         "retinanet_resnet50_fpn", false, "auto"},
        {"weights", "FILE", "state dict (OrderedDict, or a checkpoint dict holding one) or, with --trust-pickle, a pickled "
                            "model: the Python exporter", false, ""},
        {"trust-pickle", "", "unpickle a whole model (torch.save(model)): runs code from the file, so only for files you "
                             "trust", false, ""},
        {"state-dict", "FILE", "ssd300_vgg16 only: torch.save(dict(model.state_dict()), FILE), read in C++", false, ""},
        {"num-classes", "K", "classifier outputs including the background (default with --weights: from the weights)",
         false, ""},
        {"class-names", "FILE", "one name per line for the non-background columns (default: class_<k>); "
                                "__background__ or a blank line marks a column unused", false, ""},
        {"min-size", "N", "RetinaNet: shorter side after resizing (default: the model's, 800)", false, ""},
        {"max-size", "N", "RetinaNet: longest side cap (default: the model's, 1333)", false, ""},
        {"python", "EXE", "Python with torch and torchvision for --weights", false, kPython},
        {"out", "MODEL", "the .aspt package to write", true, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        const std::string arch = a.get("arch");
        if (a.has("weights") == a.has("state-dict"))
            throw InputError("import-torchvision: give either --weights (Python exporter) or --state-dict (C++, SSD300)");
        if (a.has("weights")) {
            TorchvisionImportOptions o;
            o.python = a.get("python");
            o.arch = arch;
            o.trustPickle = a.flag("trust-pickle");
            if (a.has("num-classes"))
                o.numClasses = int(a.getInt("num-classes"));
            if (a.has("class-names"))
                o.classNames = readClassNames(a.get("class-names"));
            if (a.has("min-size"))
                o.minSize = int(a.getInt("min-size"));
            if (a.has("max-size"))
                o.maxSize = int(a.getInt("max-size"));
            try {
                importTorchvisionCheckpoint(a.get("weights"), a.get("out"), o, &ctx.progress);
            } catch (const UntrustedPickleError& e) {
                throw InputError(std::string(e.what()) + " — pass --trust-pickle if you trust it");
            }
            const Detector model = Detector::load(a.get("out")); // checks what the exporter wrote
            const std::string& made = model.meta().architecture;
            if (ctx.json)
                printJson({{"out", a.get("out")}, {"architecture", made}, {"num_classes", model.meta().numClasses},
                           {"identity", model.identity()}});
            else
                std::cout << "wrote " << a.get("out") << " (" << made << ", " << model.meta().numClasses << " classes)\n";
            return 0;
        }
        if (arch != "ssd300_vgg16" && arch != "auto")
            throw InputError("import-torchvision: --state-dict is the C++ path of ssd300_vgg16; use --weights for " + arch);
        if (!a.has("num-classes"))
            throw InputError("import-torchvision: --state-dict needs --num-classes");
        const int K = int(a.getInt("num-classes"));
        if (K < 2)
            throw InputError("--num-classes must count the background and at least one class");
        std::vector<std::string> names;
        if (a.has("class-names")) {
            names = readClassNames(a.get("class-names"));
            if (int(names.size()) != K - 1)
                throw InputError(a.get("class-names"), "has " + std::to_string(names.size()) + " names, expected "
                                                           + std::to_string(K - 1));
        }
        std::vector<ClassInfo> classes{{"__background__", -1}};
        for (int k = 1; k < K; ++k) {
            const std::string name = names.empty() ? "class_" + std::to_string(k) : names[size_t(k - 1)];
            if (name.empty() || name == "__background__") // a column marked unused
                classes.push_back({"__background__", -1});
            else
                classes.push_back({name, k});
        }
        Detector model = Detector::createNative("ssd300_vgg16", anchorPreset("ssd300_torchvision"), classes, 0);
        model.loadStateDict(a.get("state-dict"));
        model.mutableMeta().provenance.trainingRuns.push_back({{"imported_from", a.get("state-dict")}, {"source", "torchvision"}});
        model.save(a.get("out"));
        if (ctx.json)
            printJson({{"out", a.get("out")}, {"architecture", "ssd300_vgg16"}, {"num_classes", K}, {"identity", model.identity()}});
        else
            std::cout << "wrote " << a.get("out") << " (ssd300_vgg16, " << K << " classes)\n";
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
