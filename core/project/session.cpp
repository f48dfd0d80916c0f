// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/session.h"

#include "anchors/configuration.h"
#include "data/dataset_io.h"
#include "models/detector.h"
#include "models/torchvision_import.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <cstdlib>
#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

std::vector<int> Session::inactiveAnchors() const
{
    std::vector<int> out;
    for (int id = 0; id < cache->meta.anchors.numAnchors(); ++id)
        if (evaluator->imagesWithAnchor(id).empty())
            out.push_back(id);
    return out;
}

PairedBootstrap& Session::validationBootstrap(const BootstrapOptions& o)
{
    if (!validationEvaluator)
        throw InputError("this session has no validation images");
    if (!bootstrap || bootstrap->options().replicates != o.replicates || bootstrap->options().seed != o.seed
        || bootstrap->options().level != o.level)
        bootstrap = std::make_shared<PairedBootstrap>(*validationEvaluator, o);
    return *bootstrap;
}

namespace {

// Records the file's current fingerprint; true when it differs from the recorded one.
bool refreshFingerprint(FileRef& r)
{
    std::error_code ec;
    if (r.empty() || !fs::exists(r.path, ec) || fs::is_directory(r.path, ec))
        return false;
    const FileRef now = fingerprintFile(r.path);
    const bool changed = !r.hash.empty() && r.hash != now.hash;
    r = now;
    return changed;
}

} // namespace

ProjectInputs readProjectInputs(const Project& p)
{
    if (p.model.empty() || p.annotations.empty())
        throw InputError("the project needs a model and a dataset");
    ProjectInputs in;
    in.model = std::make_shared<Detector>(Detector::load(p.model.path));
    in.dataset = readDataset(p.annotations.path, datasetFormatFromString(p.datasetFormat), p.imagesDir);
    return in;
}

OpenedSession openSession(Project p, const std::string& cacheDir, bool restore, const ProgressToken* progress,
                          ProjectInputs* inputs)
{
    OpenedSession out;
    const bool modelChanged = refreshFingerprint(p.model);
    const bool dataChanged = refreshFingerprint(p.annotations);
    if (refreshFingerprint(p.validationAnnotations)) {
        p.validationCache = {};
        p.search = nullptr; // its validation no longer describes these images
    }
    if (modelChanged || dataChanged) {
        p.dropDerived();
        if (modelChanged)
            p.labelMap = {};
    }
    if (p.model.empty() && refreshFingerprint(p.cache)) {
        p.search = nullptr;
        p.selectedNode = -1;
    }
    ProjectCache pc = openProjectCache(p, cacheDir, progress, modelChanged || dataChanged ? nullptr : inputs);
    auto s = std::make_shared<Session>();
    s->cache = std::make_shared<const PredictionCache>(std::move(pc.cache));
    s->datasetCategories = std::move(pc.categories);
    s->cacheBuilt = pc.built;
    checkCancelled(progress);
    s->evaluator = std::make_shared<ConfigEvaluator>(*s->cache, 2);
    reportProgress(progress, 0.95, "evaluating the full model");
    s->baseline = s->evaluator->evaluate({});
    s->validationNote = pc.validationNote;
    if (pc.validation) {
        s->validationCache = std::make_shared<const PredictionCache>(std::move(*pc.validation));
        s->validationCacheBuilt = pc.validationBuilt;
        s->validationEvaluator = std::make_shared<ConfigEvaluator>(*s->validationCache, 2);
        s->validationBaseline = s->validationEvaluator->evaluate({});
        s->validationDescription = p.validation.source == ValidationSettings::Source::Annotations
                                       ? p.validationAnnotations.path
                                       : p.validation.describe();
    }
    if (!p.latencyModel.is_null()) {
        try {
            auto m = std::make_shared<const LatencyModel>(LatencyModel::fromJson(p.latencyModel, "project"));
            s->evaluator->setLatencyModel(*m);
            s->latency = m;
        } catch (const InputError& e) {
            out.notes.push_back(e.what());
            p.latencyModel = nullptr;
        }
    }
    if (restore && !p.search.is_null()) {
        try {
            auto r = std::make_shared<SearchResult>(SearchResult::fromJson(p.search));
            for (const auto& n : r->nodes)
                validateConfiguration(s->cache->meta.anchors, s->cache->meta.sharedHead, n.result.config);
            s->search = r;
        } catch (const InputError& e) {
            out.notes.push_back(e.what());
            p.search = nullptr;
            p.selectedNode = -1;
        }
    }
    reportProgress(progress, 1.0, "ready");
    out.project = std::move(p);
    out.session = std::move(s);
    return out;
}

Detector loadProjectModel(const Project& p, Dataset* dataset)
{
    if (p.model.empty())
        throw InputError("the project has no model (a prediction cache alone)");
    ProjectInputs in = readProjectInputs(p);
    Detector model = std::move(*in.model);
    Dataset ds = std::move(in.dataset);
    Project fitted = p; // the label map completed here is not kept
    fitModelToProject(fitted, model, ds);
    if (dataset)
        *dataset = std::move(ds);
    return model;
}

bool refreshImportedModel(Project& p, const ProgressToken* progress)
{
    if (p.modelSource.empty() || p.model.empty())
        return false;
    std::error_code ec;
    const std::string& checkpoint = p.modelSource.checkpoint.path;
    if (!fs::exists(checkpoint, ec))
        return false; // the imported model stands on its own
    const FileRef now = fingerprintFile(checkpoint);
    const bool changed = !p.modelSource.checkpoint.hash.empty() && now.hash != p.modelSource.checkpoint.hash;
    if (!changed && fs::exists(p.model.path, ec))
        return false;
    TorchvisionImportOptions o;
    o.arch = p.modelSource.architecture.empty() ? "auto" : p.modelSource.architecture;
    o.classNames = p.modelSource.classNames;
    o.minSize = p.modelSource.minSize;
    o.maxSize = p.modelSource.maxSize;
    o.trustPickle = p.modelSource.trustPickle && !changed;
    importTorchvisionCheckpoint(checkpoint, p.model.path, o, progress);
    p.modelSource.checkpoint = now;
    return true;
}

std::string importedModelPathIn(const std::string& folder, const std::string& checkpoint)
{
    const fs::path dir = fs::absolute(folder);
    const std::string stem = fs::path(checkpoint).stem().string();
    std::error_code ec;
    fs::path out = dir / (stem + ".aspt");
    for (int n = 2; fs::exists(out, ec); ++n)
        out = dir / (stem + "-" + std::to_string(n) + ".aspt");
    return out.lexically_normal().string();
}

bool moveImportedModelBesideProject(Project& project, const std::string& projectFile, const ProgressToken* progress)
{
    if (project.modelSource.empty() || project.model.empty())
        return false;
    const fs::path dir = fs::absolute(projectFile).parent_path().lexically_normal();
    if (fs::path(project.model.path).parent_path().lexically_normal() == dir)
        return false;
    const std::string to = importedModelPathIn(dir.string(), project.modelSource.checkpoint.path);
    moveFileAtomically(project.model.path, to, progress);
    project.model.path = to;
    return true;
}

std::string defaultCacheDirectory()
{
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    const fs::path base = xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : ".") / ".cache";
    return (base / "anchorscope" / "prediction-caches").string();
}

} // namespace anchorscope
