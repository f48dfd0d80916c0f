// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/demo.h"

#include "anchors/anchor_set.h"
#include "data/coco_json.h"
#include "data/shapes.h"
#include "models/detector.h"
#include "prune/cache_builder.h"
#include "train/trainer.h"

#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

Project DemoFiles::project() const
{
    Project p;
    p.model.path = model;
    p.annotations.path = search;
    p.cache.path = searchCache; // reused when it still fits
    p.settings.split.clear();
    p.validation.source = ValidationSettings::Source::Annotations;
    p.validationAnnotations.path = holdout;
    p.validationCache.path = holdoutCache;
    return p;
}

DemoFiles prepareDemo(const std::string& dirName, const ProgressToken* progress)
{
    const fs::path d = fs::absolute(dirName).lexically_normal();
    DemoFiles f;
    f.dir = d.string();
    f.model = (d / "model.aspt").string();
    f.train = (d / "train.json").string();
    f.search = (d / "search.json").string();
    f.holdout = (d / "holdout.json").string();
    f.searchCache = (d / "search.cache").string();
    f.holdoutCache = (d / "holdout.cache").string();
    if (!fs::exists(d / "annotations.json")) {
        ShapesOptions o;
        o.numImages = 2000;
        o.seed = 1;
        o.size = 256;
        generateShapesDataset(f.dir, o, progress);
        f.datasetMade = true;
    }
    if (!fs::exists(f.model)) {
        const Dataset train = readCocoDataset(f.train);
        std::vector<ClassInfo> classes{{"__background__", -1}};
        for (const auto& c : train.categories)
            classes.push_back({c.name, c.id});
        Detector model = Detector::createNative("ssd_small", anchorPreset("ssd_small_overanchorized"), classes, 0);
        TrainOptions o;
        o.epochs = 12;
        o.batchSize = 16;
        o.lr = 0.02;
        o.seed = 0;
        trainDetector(model, train, o, progress);
        model.save(f.model);
        f.modelTrained = true;
    }
    if (!fs::exists(f.searchCache)) {
        const Detector model = Detector::load(f.model);
        CacheBuildOptions b; // resumable: an interrupted demo continues its cache
        b.path = f.searchCache;
        buildPredictionCache(model, readCocoDataset(f.search), b, progress);
        f.cacheBuilt = true;
    }
    if (!fs::exists(f.holdoutCache)) {
        const Detector model = Detector::load(f.model);
        CacheBuildOptions b;
        b.path = f.holdoutCache;
        buildPredictionCache(model, readCocoDataset(f.holdout), b, progress);
        f.holdoutCacheBuilt = true;
    }
    return f;
}

} // namespace anchorscope
