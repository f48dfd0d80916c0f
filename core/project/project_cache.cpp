// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/project_cache.h"

#include "data/dataset_io.h"
#include "data/image_split.h"
#include "models/detector.h"
#include "models/run_settings.h"
#include "prune/cache_builder.h"
#include "prune/validation.h"
#include "project/session.h"
#include "util/error.h"
#include "util/fnv1a.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include <cmath>
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

// A short hash of which images a cache holds, for its file name.
std::string imagesTag(const Dataset& d)
{
    uint64_t h = kFnv1aSeed;
    for (const auto& im : d.images) {
        h = fnv1a(&im.id, sizeof im.id, h);
        h = fnv1a(im.fileName.data(), im.fileName.size(), h);
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return std::string(buf, 8);
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
        if (project.validation.enabled() && !project.validationCache.empty()) {
            out.validation = PredictionCache::load(project.validationCache.path);
            checkValidationCache(out.cache, *out.validation, project.validationCache.path);
        }
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

    // The validation images: a seeded split of the project's images, or another dataset.
    std::optional<Dataset> validation;
    const ValidationSettings& vs = project.validation;
    const size_t held = size_t(std::llround(vs.fraction * double(ds.images.size())));
    if (vs.source == ValidationSettings::Source::Split && (held == 0 || held == ds.images.size())) {
        // The window proposes a split for every new session; on a handful of images it
        // would leave one part empty: the session opens unvalidated and says why.
        out.validationNote = "the " + std::to_string(ds.images.size()) + " images are too few to hold out "
                             + vs.describe() + " for validation: the front is unvalidated";
    } else if (vs.source == ValidationSettings::Source::Split) {
        DatasetSplit parts = splitByImage(ds, vs.fraction, vs.seed);
        ds = std::move(parts.search);
        validation = std::move(parts.validation);
    } else if (vs.source == ValidationSettings::Source::Annotations) {
        if (project.validationAnnotations.empty())
            throw InputError("the project validates on a second dataset but names none");
        Dataset v = readDataset(project.validationAnnotations.path, DatasetFormat::Auto, "");
        if (v.categoryIds() != ds.categoryIds())
            throw InputError(project.validationAnnotations.path,
                             "the validation dataset has other categories than the project's dataset");
        validation = std::move(v);
    }

    // The recorded cache when it still belongs to exactly this model, threshold and images,
    // else one made now at `path` (resumable: a build that was cancelled or killed left
    // partial results beside it, which this one continues from).
    auto cacheOf = [&](const Dataset& images, FileRef& recorded, const std::string& name, const char* what,
                       double from, bool& built) {
        if (!recorded.empty() && fs::exists(recorded.path)) {
            try {
                reportProgress(progress, from, std::string("reading the recorded ") + what);
                PredictionCache c = PredictionCache::load(recorded.path);
                if (c.identity == cacheIdentity && c.modelIdentity == identity && c.threshold == threshold
                    && sameImages(c.gt, images))
                    return c;
            } catch (const InputError&) {
                // Unreadable or foreign: made again below.
            }
        }
        images.checkImageFiles();
        std::error_code ec;
        fs::create_directories(cacheDir, ec);
        const std::string path = (fs::path(cacheDir) / (name + ".cache")).string();
        PredictionCache c;
        {
            const ScopedTorchThreads threads(run.threads);
            CacheBuildOptions b;
            b.threshold = threshold;
            b.batchSize = run.batch;
            b.path = path;
            c = buildPredictionCache(model, images, b, progress);
        }
        recorded = fingerprintFile(path);
        built = true;
        return c;
    };
    // A split's search part is another set of images than the whole: its own file name.
    const std::string searchName = validation ? cacheIdentity + "-" + imagesTag(ds) : cacheIdentity;
    out.cache = cacheOf(ds, project.cache, searchName, "prediction cache", 0.08, out.built);
    if (validation) {
        out.validation = cacheOf(*validation, project.validationCache, cacheIdentity + "-validation-" + imagesTag(*validation),
                                 "validation cache", 0.6, out.validationBuilt);
        checkValidationCache(out.cache, *out.validation, project.validationCache.path); // e.g. shared images
    } else {
        project.validationCache = {};
    }
    return out;
}

} // namespace anchorscope
