// SPDX-License-Identifier: GPL-3.0-or-later
// validate: open a model the way a session would and report what is wrong with it. The GUI
// runs this in a child process before it loads a model it has not validated yet.
#include "command.h"

#include "data/dataset_io.h"
#include "models/model_validation.h"

#include <cstdio>

namespace anchorscope::cli {

Command validateCommand()
{
    Command c;
    c.name = "validate";
    c.summary = "Check a model package (zip layout, metadata, anchors vs head, finite weights, one forward pass) "
                "and optionally that its classes fit a dataset.";
    c.options = {
        {"model", "MODEL", "the .aspt model package", true, ""},
        {"data", "ANN", "also check the model's classes against this dataset (COCO JSON, VOC or YOLO)", false, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        Dataset ds;
        if (a.has("data"))
            ds = readDataset(a.get("data"));
        const ModelValidation v = validateModel(a.get("model"), a.has("data") ? &ds : nullptr);
        if (ctx.json) {
            printJson({{"valid", true},
                       {"architecture", v.architecture},
                       {"num_classes", v.numClasses},
                       {"num_anchors", v.numAnchors},
                       {"num_levels", v.numLevels},
                       {"input", {v.inputH, v.inputW}},
                       {"boxes", v.boxes},
                       {"parameters", v.parameters},
                       {"archive_entries", v.archiveEntries},
                       {"archive_bytes", v.archiveBytes},
                       {"warnings", v.warnings}});
            return 0;
        }
        std::printf("%s: valid — %s, %d classes, %d anchors on %d levels, %d boxes at %dx%d, %lld parameters\n",
                    a.get("model").c_str(), v.architecture.c_str(), v.numClasses, v.numAnchors, v.numLevels, v.boxes,
                    v.inputH, v.inputW, static_cast<long long>(v.parameters));
        for (const auto& w : v.warnings)
            std::printf("warning: %s\n", w.c_str());
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
