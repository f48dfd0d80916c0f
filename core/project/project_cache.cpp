// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/project_cache.h"

#include "data/dataset_io.h"
#include "models/detector.h"
#include "models/run_settings.h"
#include "prune/cache_builder.h"
#include "project/session.h"
#include "util/error.h"

#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

namespace {

// Same images and the same ground truth (a cache carries its dataset's annotations).
bool sameImages(const Dataset& a, const Dataset& b)
{
    if (a.images.size() != b.images.size() || a.annotations.size() != b.annotations.size())
        return false;
    for (size_t i = 0; i < a.images.size(); ++i)
        if (a.images[i].id != b.images[i].id || a.images[i].fileName != b.images[i].fileName)
            return false;
    for (size_t i = 0; i < a.annotations.size(); ++i) {
        const Annotation &x = a.annotations[i], &y = b.annotations[i];
        if (x.id != y.id || x.categoryId != y.categoryId || x.x != y.x || x.y != y.y || x.w != y.w || x.h != y.h)
            return false;
    }
    return true;
}

} // namespace

void fitModelToProject(Project& project, Detector& model, Dataset& ds)
{
    if (!project.settings.split.empty()) {
        Dataset part = ds.subset(project.settings.split);
        if (!part.images.empty())
            ds = std::move(part);
    }
    if (project.labelMap.entries.empty())
        project.labelMap = matchLabels(model.meta(), ds);
    applyLabelMap(model.mutableMeta(), project.labelMap, ds);
}

ProjectCache openProjectCache(Project& project, const std::string& cacheDir, const ProgressToken* progress,
                              ProjectInputs* inputs)
{
    ProjectCache out;
    if (project.model.empty()) {
        if (project.cache.empty())
            throw InputError("the project names neither a model nor a prediction cache");
        reportProgress(progress, 0.1, "reading the prediction cache");
        out.cache = PredictionCache::load(project.cache.path);
        out.categories = out.cache.gt.categories;
        out.modelClasses = out.cache.meta.classes;
        return out;
    }
    if (project.annotations.empty())
        throw InputError("the project has a model but no dataset");
    reportProgress(progress, 0.02, "loading the model and the dataset");
    ProjectInputs read;
    if (!inputs) {
        read = readProjectInputs(project);
        inputs = &read;
    }
    Detector model = std::move(*inputs->model); // consumed
    out.modelClasses = model.meta().classes;
    Dataset ds = std::move(inputs->dataset);
    out.categories = ds.categories;
    fitModelToProject(project, model, ds);
    const float threshold = project.settings.cacheThreshold >= 0 ? project.settings.cacheThreshold
                                                                 : model.meta().postprocess.scoreThreshold;
    const std::string identity = model.identity();
    // The model's default run settings (batch 1 at LibTorch's default thread count for
    // imported torchvision models, whose cache then holds torchvision's own scores).
    const RunSettings run = defaultRunSettings(model.meta());
    const std::string cacheIdentity = predictionCacheIdentity(identity, threshold, model.meta(), run.threads, run.batch);
    checkCancelled(progress);

    if (!project.cache.empty() && fs::exists(project.cache.path)) {
        try {
            reportProgress(progress, 0.08, "reading the recorded prediction cache");
            PredictionCache c = PredictionCache::load(project.cache.path);
            if (c.identity == cacheIdentity && c.modelIdentity == identity && c.threshold == threshold
                && sameImages(c.gt, ds)) {
                out.cache = std::move(c);
                return out;
            }
        } catch (const InputError&) {
            // Unreadable or foreign: made again below.
        }
    }
    ds.checkImageFiles();
    std::error_code ec;
    fs::create_directories(cacheDir, ec);
    // Written by the builder; a build that was cancelled or killed left partial results
    // beside this path, which this one continues from.
    const std::string path = (fs::path(cacheDir) / (cacheIdentity + ".cache")).string();
    {
        const ScopedTorchThreads threads(run.threads);
        CacheBuildOptions b;
        b.threshold = threshold;
        b.batchSize = run.batch;
        b.path = path;
        out.cache = buildPredictionCache(model, ds, b, progress);
    }
    project.cache = fingerprintFile(path);
    out.built = true;
    return out;
}

} // namespace anchorscope
