// SPDX-License-Identifier: GPL-3.0-or-later
// ranked (Anchorscope's), built for hypervolume per evaluation: rank the units by the AP each
// one costs per unit of cost it saves when removed alone (one evaluation per unit), then
// remove them in that order, keeping every removal that stays at or above min AP (at most one
// evaluation per unit; the first is already known). The accepted removals trace the front
// from the full model down to min AP in about 2n evaluations. Then the units still in are
// ranked again from where the pass ended and passed again, until a pass removes nothing more.
#include "prune/search_strategies.h"
#include "prune/strategies/ranked_search.h"

#include <algorithm>

namespace anchorscope {

void rankedSearch(SearchContext& ctx, int root)
{
    const std::vector<SearchContext::Unit> us = ctx.unitsForHead();
    ctx.setExpected(int(3 * us.size()));
    int cur = root;
    std::vector<SearchContext::Unit> remaining = us;
    for (int round = 0; round < 8 && !remaining.empty(); ++round) {
        std::vector<std::pair<double, size_t>> order; // (AP lost per cost saved, unit)
        std::vector<SearchContext::Unit> next;
        // Every unit removed alone from cur: all children of one node, evaluated side by side.
        std::vector<size_t> units;
        std::vector<Configuration> children;
        for (size_t j = 0; j < remaining.size(); ++j) {
            const Configuration c = SearchContext::with(ctx.config(cur), remaining[j]);
            if (c.removed.size() == ctx.config(cur).removed.size())
                continue; // already removed with another unit
            if (!ctx.valid(c)) {
                next.push_back(remaining[j]); // may become valid later (shared heads)
                continue;
            }
            units.push_back(j);
            children.push_back(c);
        }
        const std::vector<int> nodes = ctx.nodes(children, cur);
        for (size_t t = 0; t < nodes.size(); ++t) {
            const int n = nodes[t];
            const double saved = ctx.cost(cur) - ctx.cost(n);
            const double lost = std::max(0.0, ctx.ap(cur) - ctx.ap(n));
            order.emplace_back(lost / std::max(saved, 1e-12), units[t]);
        }
        std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        bool removed = false;
        for (const auto& entry : order) {
            const size_t j = entry.second;
            const Configuration c = SearchContext::with(ctx.config(cur), remaining[j]);
            if (c.removed.size() == ctx.config(cur).removed.size())
                continue;
            if (!ctx.valid(c)) {
                next.push_back(remaining[j]);
                continue;
            }
            const int n = ctx.node(c, cur);
            if (ctx.ap(n) >= ctx.minAp()) {
                cur = n;
                removed = true;
            } else {
                next.push_back(remaining[j]);
            }
        }
        remaining = std::move(next);
        if (!removed)
            break;
    }
}

extern const SearchStrategy kStrategy_ranked{
    "ranked", "rank the units by AP lost per cost saved, remove them in that order while AP stays at or above min AP",
    true, kNoBudget, &rankedSearch};

} // namespace anchorscope
