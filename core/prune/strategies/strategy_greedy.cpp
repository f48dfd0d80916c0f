// SPDX-License-Identifier: GPL-3.0-or-later
// greedy (Anchorscope's): at each step evaluate every child and follow the one with the most
// cost saved per AP lost; the children on the way feed the front.
#include "prune/search_strategies.h"
#include "prune/search_context.h"

#include <algorithm>

namespace anchorscope {

namespace {

void run(SearchContext& ctx, int root)
{
    const std::vector<SearchContext::Unit> us = ctx.unitsForHead();
    ctx.setExpected(int(us.size() * (us.size() + 1) / 2));
    int cur = root;
    while (true) {
        const Configuration pc = ctx.config(cur);
        int best = -1;
        double bestScore = -1e300;
        std::vector<Configuration> children; // evaluated side by side
        for (const SearchContext::Unit& u : us) {
            const Configuration c = SearchContext::with(pc, u);
            if (c.removed.size() != pc.removed.size() && ctx.valid(c))
                children.push_back(c);
        }
        for (const int n : ctx.nodes(children, cur)) {
            if (ctx.ap(n) < ctx.minAp())
                continue;
            const double saved = ctx.cost(cur) - ctx.cost(n);
            const double lost = std::max(0.0, ctx.ap(cur) - ctx.ap(n));
            const double score = saved / (lost + 1e-4);
            if (score > bestScore) {
                bestScore = score;
                best = n;
            }
        }
        if (best < 0)
            break;
        cur = best;
    }
}

} // namespace

extern const SearchStrategy kStrategy_greedy{
    "greedy", "follow the child with the most cost saved per AP lost, every child evaluated", true, kNoBudget, &run};

} // namespace anchorscope
