// SPDX-License-Identifier: GPL-3.0-or-later
// retrain: retrains a (pruned) model, from its weights or from scratch, and reports AP on the
// search and holdout splits before and after.
#include "command.h"
#include "dist_options.h"
#include "model_options.h"
#include "project_options.h"

#include "data/dataset_io.h"
#include "dist/sharded_inference.h"
#include "eval/coco_eval.h"
#include "models/inference.h"
#include "train/retrain.h"
#include "train/trainer.h"
#include "util/error.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace anchorscope::cli {

Command retrainCommand()
{
    Command c;
    c.name = "retrain";
    c.summary = "Retrain a (pruned) model: fine-tune from its weights with BatchNorm frozen (default) or from\n"
                "scratch; reports AP on the search and holdout splits before and after.";
    c.options = {
        {"model", "MODEL", "the (pruned) .aspt model", false, ""},
        projectOption(),
        {"data", "ANN", "training annotations", true, ""},
        {"images", "DIR", "image folder (default: next to the annotations)", false, ""},
        {"search", "ANN", "search-split annotations to report AP on (with --project: default its dataset)", false, ""},
        {"holdout", "ANN", "holdout-split annotations to report AP on", false, ""},
        {"epochs", "E", "epochs", false, "3"},
        {"batch", "N", "batch size", false, "16"},
        {"lr", "LR", "peak learning rate", false, "0.005"},
        {"warmup", "EPOCHS", "warm-up length in epochs", false, "0.3"},
        {"from-scratch", "", "re-initialise the weights (same architecture, anchors and classes)", false, ""},
        {"seed", "S", "random seed", false, "0"},
        {"threads", "N", "LibTorch threads (0: all cores; under torchrun: the cores shared by the local ranks)", false, "0"},
        {"checkpoint", "PATH", "write PATH.aspt and PATH.optim after every epoch", false, ""},
        {"resume", "", "continue from --checkpoint", false, ""},
        {"no-augment", "", "no photometric/expand/crop augmentation (flip stays)", false, ""},
        deviceOption(),
        distTimeoutOption(),
        {"out", "MODEL", "the retrained .aspt to write (under torchrun: by rank 0)", true, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        configureThreads(trainingThreads(a));
        const std::string device = deviceFromArgs(a);
        const std::unique_ptr<ProcessGroup> group = joinGroupFromArgs(a, device);
        Configuration removed;
        Dataset projectData; // with --project: the images its search ran on
        Detector model = selectedModelFromArgs(a, &removed, &projectData); // with --project: its selection, pruned
        const Dataset train = datasetFromArgs(a, true);
        std::vector<EvaluationSplit> splits;
        if (a.has("project") && !a.has("search"))
            splits.push_back({"search", std::move(projectData)});
        for (const char* s : {"search", "holdout"})
            if (a.has(s))
                splits.push_back({s, readDataset(a.get(s))});
        model.setDevice(device);
        RetrainOptions o;
        o.train.group = group.get();
        if (a.flag("no-augment")) {
            o.train.augment.photometric = false;
            o.train.augment.expandProbability = 0;
            o.train.augment.cropProbability = 0;
        }
        o.train.epochs = int(a.getInt("epochs"));
        o.train.batchSize = int(a.getInt("batch"));
        o.train.lr = a.getDouble("lr");
        o.train.warmupEpochs = a.getDouble("warmup");
        o.train.seed = uint64_t(a.getInt("seed"));
        o.train.checkpoint = a.get("checkpoint");
        o.train.resume = a.flag("resume");
        o.fromScratch = a.flag("from-scratch");
        const RetrainOutcome r = retrainModel(model, train, splits, o, &ctx.progress);
        nlohmann::json j = {{"removed", removed.removed}, {"before", r.before}, {"after", r.after}, {"device", device}};
        int images = 0, steps = 0;
        for (const EpochReport& e : r.epochs) {
            images += e.images;
            steps += e.steps;
        }
        j["images"] = images;
        j["steps"] = steps;
        addRankJson(j, group.get());
        if (!group || group->rank() == 0) {
            model.save(a.get("out"));
            j["out"] = a.get("out");
        }
        printResult(ctx, j);
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
