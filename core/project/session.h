// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Opening a project as a working session — the workflow behind the window's sessions and the
// CLI's --project option, so both continue exactly where the other left off: the model and
// the dataset are loaded once, the label map applied, the prediction cache found or made,
// and the saved search and latency model restored after they are checked against the cache.
#include "eval/coco_eval.h"
#include "project/project.h"
#include "project/project_cache.h"
#include "prune/config_evaluator.h"
#include "prune/latency_model.h"
#include "prune/search.h"
#include "prune/validation.h"
#include "util/progress.h"

#include <memory>
#include <string>
#include <vector>

namespace anchorscope {

class Detector;

// A project's model and dataset read from disk once, for the steps that need both.
struct ProjectInputs {
    std::shared_ptr<Detector> model; // as loaded: no label map applied
    Dataset dataset;                 // the whole dataset (all splits)
};
// Reads the project's model and dataset (throws InputError).
ProjectInputs readProjectInputs(const Project& project);

// What a session works on. The cache is immutable once made; the evaluator is used by one
// job at a time.
struct Session {
    std::shared_ptr<const PredictionCache> cache;
    std::shared_ptr<ConfigEvaluator> evaluator;
    ConfigResult baseline;                      // the full configuration
    std::shared_ptr<const SearchResult> search; // restored or run; may be null
    std::shared_ptr<const LatencyModel> latency; // this machine's, when calibrated
    std::vector<Category> datasetCategories;
    bool cacheBuilt = false; // made now (not reused)
    // The validation images (Project::validation), when the project has them: their cache,
    // an evaluator of it and the full model there; the paired bootstrap made on first use.
    std::shared_ptr<const PredictionCache> validationCache;
    std::shared_ptr<ConfigEvaluator> validationEvaluator;
    ConfigResult validationBaseline;
    bool validationCacheBuilt = false;
    std::string validationDescription; // "split 0.5 (seed 0)", or the annotation file
    std::shared_ptr<PairedBootstrap> bootstrap;
    std::string validationNote; // why a project that asks for validation has none
    // The bootstrap over the validation images with these options (made again when they differ).
    PairedBootstrap& validationBootstrap(const BootstrapOptions& options);
    // The full model's complete COCO evaluation (PR curves), made on first use.
    std::shared_ptr<const CocoEvalResult> fullEvaluation;

    // Ids of anchors without a single cached candidate.
    std::vector<int> inactiveAnchors() const;
};

struct OpenedSession {
    Project project;                // fingerprints refreshed; stale results dropped
    std::shared_ptr<Session> session;
    std::vector<std::string> notes; // what could not be restored, and why
};

// Refreshes the fingerprints of the model and the dataset (a changed file drops the cache,
// the search and the selection; a changed model also the label map), opens or makes the
// prediction cache (openProjectCache) in `cacheDir`, evaluates the full configuration and —
// when `restore` — restores the saved search (every node validated against the cache's
// anchors) and latency model. Throws InputError; CancelledError when cancelled.
OpenedSession openSession(Project project, const std::string& cacheDir, bool restore,
                          const ProgressToken* progress = nullptr, ProjectInputs* inputs = nullptr);

// The project's model with its label map applied and, when `dataset` is given, the project's
// dataset (its split, when the split has images) read into it: the one way every workflow
// loads a model for a project's data.
Detector loadProjectModel(const Project& project, Dataset* dataset = nullptr);

// A project whose model was imported from a torchvision checkpoint (modelSource): imports
// it again with the recorded answers when the checkpoint changed since, or when the .aspt is
// gone; updates the recorded fingerprint. Returns whether it imported. A changed pickled
// checkpoint is not unpickled on the strength of the old consent (UntrustedPickleError).
// Throws InputError; CancelledError.
bool refreshImportedModel(Project& project, const ProgressToken* progress = nullptr);

// A free name for the model imported from `checkpoint` in `folder`: `<stem>.aspt`, or
// `<stem>-2.aspt`… when another file has that name. Beside the project, the folder is the
// project file's.
std::string importedModelPathIn(const std::string& folder, const std::string& checkpoint);

// Moves a project's imported model (modelSource set) beside the project file when it is not
// already in the project's folder — the import writes it to a staging folder before the
// project has a file — and updates project.model. Returns whether it moved. Throws
// InputError; CancelledError (then nothing changed).
bool moveImportedModelBesideProject(Project& project, const std::string& projectFile,
                                    const ProgressToken* progress = nullptr);

// Where prediction caches are kept when nobody says: $XDG_CACHE_HOME (or ~/.cache)
// /anchorscope/prediction-caches.
std::string defaultCacheDirectory();

} // namespace anchorscope
