// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the window works on: a prediction cache and the evaluator over it, plus what the
// project knows about the model and dataset behind it. The cache is immutable once loaded
// (the GUI thread reads its anchors and metadata); the evaluator is used only inside jobs,
// which the JobRunner runs one at a time on its worker thread.
#include "project/project_cache.h"
#include "prune/config_evaluator.h"
#include "prune/latency_model.h"
#include "prune/prediction_cache.h"
#include "prune/search.h"

#include <memory>
#include <string>

namespace anchorscope {

struct PruningSession {
    std::shared_ptr<const PredictionCache> cache;
    std::shared_ptr<ConfigEvaluator> evaluator;
    ConfigResult baseline;
    std::shared_ptr<SearchResult> search;
    std::vector<Category> datasetCategories;
    bool cacheBuilt = false; // made by this session (not reused)
    // The full model's complete COCO evaluation (metrics view), made once inside a job.
    std::shared_ptr<const CocoEvalResult> fullEvaluation;
    // Set on the GUI thread once calibrated (the evaluator's copy is set inside the job).
    std::shared_ptr<const LatencyModel> latency;

    // Evaluates the full model on the cache.
    static std::shared_ptr<PruningSession> fromCache(ProjectCache&& pc, ProgressToken& progress);
    // Ids of anchors without a single cached candidate.
    std::vector<int> inactiveAnchors() const;
};

} // namespace anchorscope
