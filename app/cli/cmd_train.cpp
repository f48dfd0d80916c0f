// SPDX-License-Identifier: GPL-3.0-or-later
// train: trains a native detector (or fine-tunes a model) on a COCO/VOC/YOLO dataset.
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

Command trainCommand()
{
    Command c;
    c.name = "train";
    c.summary = "Train a native detector (or fine-tune one with --from) and write an .aspt model package.";
    c.options = {
        {"arch", "ARCH", "architecture for a new model: ssd_small (ssd300_vgg16, retinanet_r18_fpn: see README)", false, "ssd_small"},
        {"anchors", "PRESET|FILE", "anchor preset or AnchorSet JSON (default: the architecture's)", false, ""},
        {"from", "MODEL", "fine-tune this model instead of starting from random weights", false, ""},
        {"data", "ANN", "training annotations (COCO JSON, VOC or YOLO)", true, ""},
        {"images", "DIR", "image folder (default: next to the annotations)", false, ""},
        {"epochs", "E", "epochs", false, "10"},
        {"batch", "N", "batch size", false, "16"},
        {"lr", "LR", "peak learning rate (SGD, momentum 0.9)", false, "0.02"},
        {"weight-decay", "WD", "weight decay", false, "0.0005"},
        {"warmup", "EPOCHS", "linear warm-up length in epochs", false, "1"},
        {"schedule", "S", "cosine or step", false, "cosine"},
        {"clip", "NORM", "gradient-norm clipping (0: off)", false, "10"},
        {"no-augment", "", "no photometric/expand/crop augmentation (flip stays)", false, ""},
        {"freeze-bn", "", "keep BatchNorm statistics fixed (fine-tuning)", false, ""},
        {"seed", "S", "random seed (initialisation, order, augmentation)", false, "0"},
        {"threads", "N", "LibTorch threads (0: all cores; under torchrun: the cores shared by the local ranks)", false, "0"},
        {"checkpoint", "PATH", "write PATH.aspt and PATH.optim after every epoch", false, ""},
        {"resume", "", "continue from --checkpoint", false, ""},
        {"eval", "ANN", "evaluate on this annotation file after training and record the stats", false, ""},
        deviceOption(),
        distTimeoutOption(),
        {"out", "MODEL", "the .aspt package to write (under torchrun: by rank 0)", true, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        configureThreads(trainingThreads(a));
        const std::string device = deviceFromArgs(a);
        const std::unique_ptr<ProcessGroup> group = joinGroupFromArgs(a, device);
        const Dataset ds = datasetFromArgs(a, true);
        ds.checkImageFiles();
        Detector model;
        if (a.has("from")) {
            model = Detector::load(a.get("from"));
            checkModelFitsDataset(model.meta(), ds);
        } else {
            const ArchitectureSpec& arch = architectureSpec(a.get("arch"));
            const AnchorSet anchors = anchorsFromSpec(a.has("anchors") ? a.get("anchors") : arch.defaultAnchors,
                                                      arch.defaultInputH, arch.defaultInputW);
            std::vector<ClassInfo> classes;
            if (!arch.sharedHead)
                classes.push_back({"__background__", -1});
            std::vector<Category> cats = ds.categories;
            std::sort(cats.begin(), cats.end(), [](const Category& x, const Category& y) { return x.id < y.id; });
            for (const auto& cat : cats)
                classes.push_back({cat.name, cat.id});
            model = Detector::createNative(arch.name, anchors, classes, uint64_t(a.getInt("seed")));
        }
        model.setDevice(device);
        TrainOptions o;
        o.group = group.get();
        o.epochs = int(a.getInt("epochs"));
        o.batchSize = int(a.getInt("batch"));
        o.lr = a.getDouble("lr");
        o.weightDecay = a.getDouble("weight-decay");
        o.warmupEpochs = a.getDouble("warmup");
        o.schedule = a.get("schedule");
        o.clipGradNorm = a.getDouble("clip");
        o.seed = uint64_t(a.getInt("seed"));
        o.freezeBatchNorm = a.flag("freeze-bn");
        o.checkpoint = a.get("checkpoint");
        o.resume = a.flag("resume");
        if (a.flag("no-augment")) {
            o.augment.photometric = false;
            o.augment.expandProbability = 0;
            o.augment.cropProbability = 0;
        }
        const auto t0 = std::chrono::steady_clock::now();
        nlohmann::json epochs = nlohmann::json::array();
        const auto reports = trainDetector(model, ds, o, &ctx.progress, [&](const EpochReport& r) {
            epochs.push_back({{"epoch", r.epoch}, {"loss", r.loss}, {"loc_loss", r.locLoss}, {"cls_loss", r.clsLoss},
                              {"lr", r.lr}, {"seconds", r.seconds}, {"images_per_second", r.imagesPerSecond},
                              {"images", r.images}, {"steps", r.steps}, {"step_losses", r.stepLosses}});
            if (!ctx.json)
                std::fprintf(stderr, "\nepoch %d/%d: loss %.4f (loc %.4f, cls %.4f), %.1f s, %.1f images/s\n", r.epoch,
                             r.epochs, r.loss, r.locLoss, r.clsLoss, r.seconds, r.imagesPerSecond);
        });
        const double trainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        nlohmann::json result = {{"out", a.get("out")}, {"epochs", epochs}, {"train_seconds", trainSeconds}, {"device", device}};
        addRankJson(result, group.get());
        const bool writer = !group || group->rank() == 0;
        if (a.has("eval")) {
            const Dataset ev = readDataset(a.get("eval"));
            const CocoEvalResult r = evaluateDetectorSharded(model, ev, group.get(), &ctx.progress);
            result["eval"] = statsJson(r);
            model.mutableMeta().provenance.trainingRuns.back()["eval"] = {{"data", a.get("eval")}, {"AP", r.stats[0]},
                                                                          {"AP50", r.stats[1]}};
            if (!ctx.json && writer)
                std::cout << r.summaryText();
        }
        if (writer)
            model.save(a.get("out"));
        else
            result.erase("out");
        if (ctx.json)
            printJson(result);
        else if (writer)
            std::cout << "wrote " << a.get("out") << " (" << reports.size() << " epochs in " << int(trainSeconds) << " s)\n";
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
