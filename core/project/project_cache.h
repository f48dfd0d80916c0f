// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The prediction cache a project works on, found or made: the job behind opening a model
// and a dataset in the application (and the CLI's --project option).
#include "project/project.h"
#include "prune/prediction_cache.h"
#include "util/progress.h"

#include <optional>
#include <string>
#include <vector>

namespace anchorscope {

struct ProjectCache {
    PredictionCache cache;
    std::vector<Category> categories;    // the dataset's (for editing the label map)
    std::vector<ClassInfo> modelClasses; // the model's own, before the label map
    bool built = false;                  // false: the recorded cache file was reused
    // The validation images' cache, when the project validates (Project::validation): the
    // recorded one when it still fits, else made now beside the search cache.
    std::optional<PredictionCache> validation;
    bool validationBuilt = false;
    // Why a project that asks for validation images has none (a split of too few images).
    std::string validationNote;
};

class Detector;
class Dataset;

// Fits a project's model to its data, the one way every workflow does it: `dataset` becomes
// the project's split (settings.split, when the dataset has images of it); the project's
// label map, completed by the automatic match when it has none, is applied to the model.
void fitModelToProject(Project& project, Detector& model, Dataset& dataset);

// With a model and a dataset: opens both, completes the label map (the automatic match
// when the project has none), selects the split (settings.split, when the dataset has
// images of it), and returns the cache of model × images at the settings' threshold — the
// recorded cache file when it still belongs to exactly this model, label map, threshold and
// images, else a new one written atomically to `cacheDir`/<identity>.cache. Updates the
// project's label map and cache reference. Without a model: the recorded cache file alone.
// Throws InputError for anything that does not fit; CancelledError when cancelled.
// `inputs`: the project's model (as loaded, before the label map) and dataset (whole), when
// an earlier step already read them — they are used (and consumed) instead of reading the
// files again.
struct ProjectInputs;
ProjectCache openProjectCache(Project& project, const std::string& cacheDir, const ProgressToken* progress = nullptr,
                              ProjectInputs* inputs = nullptr);

} // namespace anchorscope
