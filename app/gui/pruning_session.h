// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the pruning view works on: a prediction cache and the evaluator over it. The cache
// is immutable once loaded (the GUI thread reads its anchors and metadata); the evaluator
// is used only inside jobs, which the JobRunner runs one at a time on its worker thread.
#include "prune/config_evaluator.h"
#include "prune/prediction_cache.h"
#include "prune/search.h"

#include <memory>
#include <string>

namespace anchorscope {

struct PruningSession {
    std::string cachePath;
    std::shared_ptr<const PredictionCache> cache;
    std::shared_ptr<ConfigEvaluator> evaluator;
    ConfigResult baseline;
    std::shared_ptr<SearchResult> search;

    static std::shared_ptr<PruningSession> open(const std::string& cachePath, ProgressToken& progress);
    // Ids of anchors without a single cached candidate.
    std::vector<int> inactiveAnchors() const;
};

} // namespace anchorscope
