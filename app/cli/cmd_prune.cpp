// SPDX-License-Identifier: GPL-3.0-or-later
// prune: the physically smaller model for a configuration.
#include "command.h"
#include "model_options.h"
#include "project_options.h"

#include "models/head_surgery.h"
#include "util/error.h"

#include <filesystem>
#include <memory>
#include <iostream>

namespace anchorscope::cli {

Command pruneCommand()
{
    Command c;
    c.name = "prune";
    c.summary = "Remove anchors from a model: row-slice each level's final convs, disable empty levels, update the\n"
                "anchor set and provenance. The result equals the masked full model (evaluate --remove).";
    c.options = {
        {"model", "MODEL", "the .aspt model package", false, ""},
        projectOption(),
        {"remove", "IDS", "anchor ids to remove, e.g. 3,7,10-12 (with --project: default its selection)", false, ""},
        {"out", "MODEL", "the pruned .aspt to write", true, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        requireOneOf(a, "model", "project");
        if (a.has("model") && !a.has("remove"))
            throw InputError("prune --model needs --remove (the anchors to remove)");
        std::unique_ptr<Project> project;
        if (a.has("project"))
            project = std::make_unique<Project>(Project::load(a.get("project")));
        const std::string parentFile = project ? project->model.path : a.get("model");
        const Detector parent = project ? loadProjectModel(*project) : Detector::load(parentFile);
        const Configuration removed = selectionFromArgs(a, project.get());
        const Detector child = pruneDetector(parent, removed);
        child.save(a.get("out"));
        const CostReport before = modelCost(parent.meta()), after = modelCost(child.meta());
        namespace fs = std::filesystem;
        const nlohmann::json j = {{"out", a.get("out")},
                                  {"removed", removed.removed},
                                  {"anchors", child.meta().anchors.numAnchors()},
                                  {"head_macs", after.headMacs},
                                  {"full_head_macs", before.headMacs},
                                  {"boxes", after.boxes},
                                  {"parameters", child.parameterCount()},
                                  {"parent_parameters", parent.parameterCount()},
                                  {"bytes", fs::file_size(a.get("out"))},
                                  {"parent_bytes", fs::file_size(parentFile)},
                                  {"id_mapping", child.meta().provenance.idMapping}};
        if (ctx.json)
            printJson(j);
        else
            std::cout << "wrote " << a.get("out") << ": " << child.meta().anchors.numAnchors() << " anchors, head MACs "
                      << after.headMacs << " (" << 100.0 * double(after.headMacs) / double(before.headMacs) << "%), "
                      << fs::file_size(a.get("out")) << " bytes (was " << fs::file_size(parentFile) << ")\n";
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
