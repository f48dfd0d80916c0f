// SPDX-License-Identifier: GPL-3.0-or-later
#include "pruning_session.h"

namespace anchorscope {

std::shared_ptr<PruningSession> PruningSession::fromCache(ProjectCache&& pc, ProgressToken& progress)
{
    auto s = std::make_shared<PruningSession>();
    s->cache = std::make_shared<const PredictionCache>(std::move(pc.cache));
    s->datasetCategories = std::move(pc.categories);
    s->cacheBuilt = pc.built;
    progress.checkCancelled();
    s->evaluator = std::make_shared<ConfigEvaluator>(*s->cache, 2);
    progress.report(0.95, "evaluating the full model");
    s->baseline = s->evaluator->evaluate({});
    progress.report(1.0, "ready");
    return s;
}

std::vector<int> PruningSession::inactiveAnchors() const
{
    std::vector<int> out;
    for (int id = 0; id < cache->meta.anchors.numAnchors(); ++id)
        if (evaluator->imagesWithAnchor(id).empty())
            out.push_back(id);
    return out;
}

} // namespace anchorscope
