// SPDX-License-Identifier: GPL-3.0-or-later
// detect: a model's detections as a COCO results file.
#include "command.h"
#include "dist_options.h"
#include "model_options.h"

#include "data/coco_json.h"
#include "dist/sharded_inference.h"
#include "models/inference.h"
#include "util/error.h"

#include <iostream>

namespace anchorscope::cli {

Command detectCommand()
{
    Command c;
    c.name = "detect";
    c.summary = "Run a model over images and write its detections as a COCO results file.";
    c.options = {
        {"model", "MODEL", "the .aspt model package", true, ""},
        {"data", "ANN", "dataset whose images to run on (COCO JSON, VOC or YOLO)", false, ""},
        {"images", "DIR", "image folder (alone: every image in it)", false, ""},
        {"batch", "N", "batch size (0: the model's default)", false, "0"},
        {"threads", "N", "LibTorch threads (0: the model's default)", false, "0"},
        labelMapOption(),
        deviceOption(),
        distTimeoutOption(),
        {"out", "RESULTS", "COCO results file to write", true, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        const std::unique_ptr<ProcessGroup> group = joinGroupFromArgs(a);
        Detector model = Detector::load(a.get("model"));
        model.setDevice(deviceFromArgs(a));
        const RunSettings run = runSettingsFromArgs(a, model.meta());
        const Dataset ds = datasetFromArgs(a, false);
        fitModelFromArgs(a, model, ds);
        InferenceOptions o;
        o.batchSize = run.batch;
        const ShardRun shard = detectShard(model, ds, o, group.get(), &ctx.progress);
        nlohmann::json j{{"images", shard.images}, {"batches", shard.batches}};
        addRankJson(j, group.get());
        if (!group || group->rank() == 0) {
            writeCocoResults(shard.detections, a.get("out"));
            j["out"] = a.get("out");
            j["detections"] = shard.detections.size();
            j["dataset_images"] = ds.images.size();
        }
        if (ctx.json)
            printJson(j);
        else if (!group || group->rank() == 0)
            std::cout << "wrote " << shard.detections.size() << " detections for " << ds.images.size() << " images to "
                      << a.get("out") << "\n";
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
