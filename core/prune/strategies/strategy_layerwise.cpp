// SPDX-License-Identifier: GPL-3.0-or-later
// layerwise: the paper search one level at a time, each level continuing from the cheapest
// configuration at or above min AP found so far.
#include "prune/search_strategies.h"
#include "prune/strategies/paper_search.h"

namespace anchorscope {

namespace {

void run(SearchContext& ctx, int root)
{
    const AnchorSet& anchors = ctx.anchors();
    int start = root;
    for (int l = 0; l < anchors.numLevels(); ++l) {
        std::vector<SearchContext::Unit> us;
        for (int a = 0; a < anchors.anchorsInLevel(l); ++a)
            us.push_back({anchors.globalId(l, a)});
        paperSearch(ctx, start, us);
        int best = start;
        for (int n = 0; n < ctx.size(); ++n)
            if (ctx.ap(n) >= ctx.minAp() && ctx.cost(n) < ctx.cost(best))
                best = n;
        start = best;
    }
}

} // namespace

extern const SearchStrategy kStrategy_layerwise{
    "layerwise", "the paper search one level at a time (heads with per-level convs)", false, kNoBudget, &run};

} // namespace anchorscope
