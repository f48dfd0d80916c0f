// SPDX-License-Identifier: GPL-3.0-or-later
// import-torchvision: a torchvision detector's weights as an Anchorscope model. The C++ path
// reads a plain-dict state dict (torch.save(dict(model.state_dict()), path)) into the native
// ssd300_vgg16, which has torchvision's structure and parameter names.
#include "command.h"

#include "models/detector.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <iostream>
#include <sstream>

namespace anchorscope::cli {

Command importTorchvisionCommand()
{
    Command c;
    c.name = "import-torchvision";
    c.summary = "Import a torchvision ssd300_vgg16 state dict (a plain dict) as an .aspt model. Score column k\n"
                "predicts category id k (torchvision's convention); column 0 is the background.";
    c.options = {
        {"arch", "ARCH", "ssd300_vgg16 (SSDlite and RetinaNet: through the Python exporter, not yet)", false, "ssd300_vgg16"},
        {"state-dict", "FILE", "torch.save(dict(model.state_dict()), FILE) from Python", true, ""},
        {"num-classes", "K", "classifier outputs including the background (COCO: 91)", true, ""},
        {"class-names", "FILE", "one name per line for columns 1..K-1 (default: class_<k>)", false, ""},
        {"out", "MODEL", "the .aspt package to write", true, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        if (a.get("arch") != "ssd300_vgg16")
            throw InputError("import-torchvision: only ssd300_vgg16 has the C++ path so far");
        const int K = int(a.getInt("num-classes"));
        if (K < 2)
            throw InputError("--num-classes must count the background and at least one class");
        std::vector<std::string> names;
        if (a.has("class-names")) {
            std::istringstream in(readWholeFile(a.get("class-names")));
            for (std::string line; std::getline(in, line);)
                if (!line.empty())
                    names.push_back(line);
            if (int(names.size()) != K - 1)
                throw InputError(a.get("class-names"), "has " + std::to_string(names.size()) + " names, expected "
                                                           + std::to_string(K - 1));
        }
        std::vector<ClassInfo> classes{{"__background__", -1}};
        for (int k = 1; k < K; ++k)
            classes.push_back({names.empty() ? "class_" + std::to_string(k) : names[size_t(k - 1)], k});
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
