// SPDX-License-Identifier: GPL-3.0-or-later
#include "project_options.h"

#include "util/json_access.h"
#include "util/atomic_file.h"

#include "data/image_split.h"
#include "models/head_surgery.h"
#include "prune/cache_split.h"
#include "util/error.h"
#include "util/progress.h"

#include <iostream>

namespace anchorscope::cli {

OptionSpec projectOption()
{
    return {"project", "ASPROJ", "a project saved by the window: its model, dataset, label map, cache and selection", false, ""};
}

OptionSpec cacheDirOption()
{
    return {"cache-dir", "DIR", "with --project: where prediction caches are found or made (default: ~/.cache/anchorscope)",
            false, ""};
}

OpenedProject openProjectFromArgs(const Args& a, const ProgressToken& progress)
{
    OpenedProject o;
    o.path = a.get("project");
    o.saved = Project::load(o.path);
    Project p = o.saved;
    if (refreshImportedModel(p, &progress)) // its checkpoint changed since the window imported it
        std::cerr << "note: " << p.model.path << " imported again from " << p.modelSource.checkpoint.path << "\n";
    if (a.has("label-map")) {
        const LabelMap given = readLabelMapFile(a.get("label-map"));
        if (!(given == p.labelMap)) {
            if (!p.labelMap.entries.empty())
                std::cerr << "warning: --label-map " << a.get("label-map") << " replaces the label map of " << o.path
                          << " for this run; the project is not changed\n";
            p.labelMap = given;
            p.search = nullptr; // its APs belong to the other label map
            p.selectedNode = -1;
            o.labelMapReplaced = true;
        }
    }
    if (a.has("validation-cache"))
        throw InputError("--validation-cache goes with --cache; a project makes the cache of its validation images "
                         "(--validation-split or --validation-data)");
    if (a.has("validation-split") && a.has("validation-data"))
        throw InputError("give --validation-split or --validation-data, not both");
    if (a.has("validation-split")) {
        const ValidationSettings v = ValidationSettings::split(a.getDouble("validation-split"), uint64_t(a.getInt("split-seed")));
        if (!(v == p.validation)) {
            p.validation = v;
            p.validationCache = {};
            p.cache = {}; // the search images change with the split
            p.search = nullptr;
        }
    } else if (a.has("validation-data")) {
        const FileRef ref = fingerprintFile(a.get("validation-data"));
        if (p.validation.source != ValidationSettings::Source::Annotations || !(ref == p.validationAnnotations)) {
            if (p.validation.source == ValidationSettings::Source::Split)
                p.cache = {}; // all the images are search images again
            p.validation.source = ValidationSettings::Source::Annotations;
            p.validationAnnotations = ref;
            p.validationCache = {};
            p.search = nullptr;
        }
    }
    const std::string cacheDir = a.has("cache-dir") ? a.get("cache-dir") : defaultCacheDirectory();
    try {
        o.opened = openSession(p, cacheDir, true, &progress);
    } catch (const InputError& e) {
        throw InputError(o.path, e.what());
    }
    return o;
}

CacheSource cacheFromArgs(const Args& a, int threads, const ProgressToken& progress)
{
    requireOneOf(a, "cache", "project");
    if (a.has("cache") && a.has("label-map"))
        throw InputError("a prediction cache holds the label map it was made with: --label-map needs --project (or "
                         "evaluate --model --data)");
    CacheSource s;
    if (a.has("project")) {
        s.project = openProjectFromArgs(a, progress);
        const Session& session = *s.project->opened.session;
        s.cache = session.cache;
        s.evaluator = session.evaluator;
        s.validationCache = session.validationCache;
        s.validationEvaluator = session.validationEvaluator;
        s.validationName = session.validationDescription;
        return s;
    }
    if (a.has("validation-data"))
        throw InputError("--validation-data needs --project; with --cache give the validation images' cache "
                         "(--validation-cache, made by evaluate --model M --data ANN --cache V) or --validation-split");
    if (a.has("validation-cache") && a.has("validation-split"))
        throw InputError("give --validation-cache or --validation-split, not both");
    PredictionCache cache = PredictionCache::load(a.get("cache"));
    if (a.has("validation-split")) {
        CacheSplit parts = splitCacheByImage(cache, a.getDouble("validation-split"), uint64_t(a.getInt("split-seed")));
        s.cache = std::make_shared<const PredictionCache>(std::move(parts.search));
        s.validationCache = std::make_shared<const PredictionCache>(std::move(parts.validation));
        s.validationName = a.get("cache") + " (" + describeSplit(a.getDouble("validation-split"), uint64_t(a.getInt("split-seed")))
                           + ")";
    } else {
        s.cache = std::make_shared<const PredictionCache>(std::move(cache));
        if (a.has("validation-cache")) {
            auto v = std::make_shared<const PredictionCache>(PredictionCache::load(a.get("validation-cache")));
            checkValidationCache(*s.cache, *v, a.get("validation-cache"));
            s.validationCache = v;
            s.validationName = a.get("validation-cache");
        }
    }
    s.evaluator = std::make_shared<ConfigEvaluator>(*s.cache, threads);
    if (s.validationCache)
        s.validationEvaluator = std::make_shared<ConfigEvaluator>(*s.validationCache, threads);
    return s;
}

PairedBootstrap& CacheSource::validationBootstrap(const BootstrapOptions& o)
{
    if (project)
        return project->opened.session->validationBootstrap(o);
    if (!validationEvaluator)
        throw InputError("no validation images");
    if (!bootstrap)
        bootstrap = std::make_shared<PairedBootstrap>(*validationEvaluator, o);
    return *bootstrap;
}

bool writeProjectBack(const OpenedProject& o, const Project& p)
{
    if (p == o.saved || o.labelMapReplaced)
        return false;
    p.save(o.path);
    return true;
}

Configuration selectionFromArgs(const Args& a, const Project* project)
{
    if (a.has("remove") || !project)
        return parseConfiguration(a.get("remove"));
    return Configuration{project->selectedRemoved};
}

Detector selectedModelFromArgs(const Args& a, Configuration* removed, Dataset* projectData)
{
    requireOneOf(a, "model", "project");
    if (a.has("model")) {
        if (removed)
            *removed = {};
        return Detector::load(a.get("model"));
    }
    const std::string path = a.get("project");
    Project p = Project::load(path);
    refreshImportedModel(p);
    const Configuration c = selectionFromArgs(a, &p);
    try {
        Detector model = loadProjectModel(p, projectData);
        if (removed)
            *removed = c;
        if (c.removed.empty())
            return model;
        return pruneDetector(model, c);
    } catch (const InputError& e) {
        throw InputError(path, e.what());
    }
}

void requireOneOf(const Args& a, const std::string& first, const std::string& second)
{
    if (a.has(first) == a.has(second))
        throw InputError("give --" + first + " or --" + second + " (one of them)");
}

SearchResult readSearchFile(const std::string& file, const PredictionCache& cache, const std::string& cacheName)
{
    const nlohmann::json j = jsonaccess::parseJson(readWholeFile(file), file);
    const std::string madeWith = j.is_object() ? j.value("cache", std::string()) : std::string();
    if (!madeWith.empty() && madeWith != cache.identity)
        throw InputError(file, "this search was made with another prediction cache (" + madeWith + "), not with "
                                   + cacheName + " (" + cache.identity + ")");
    try {
        return SearchResult::fromJson(j);
    } catch (const InputError& e) {
        throw InputError(file, e.what());
    }
}

} // namespace anchorscope::cli
