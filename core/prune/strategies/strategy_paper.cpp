// SPDX-License-Identifier: GPL-3.0-or-later
// paper: the published search in reference mode — children in ascending unit order, a LIFO
// stack, AP rounded to 3 decimals, the first better-or-equal child taken alone, otherwise
// the siblings' local front pushed (docs/design.md §5).
#include "prune/search_strategies.h"
#include "prune/strategies/paper_search.h"

#include <set>

namespace anchorscope {

void paperSearch(SearchContext& ctx, int root, const std::vector<SearchContext::Unit>& us)
{
    ctx.setExpected(int(us.size() * us.size() / 2));
    std::vector<int> stack{root};
    std::set<std::vector<int>> expanded;
    const double minAp = ctx.minAp();
    auto r3 = &SearchContext::round3;
    while (!stack.empty()) {
        const int p = stack.back();
        stack.pop_back();
        const Configuration pc = ctx.config(p);
        if (!expanded.insert(pc.removed).second)
            continue;
        std::vector<int> siblings;
        int taken = -1;
        for (const SearchContext::Unit& u : us) {
            const Configuration c = SearchContext::with(pc, u);
            if (c.removed.size() == pc.removed.size() || !ctx.valid(c))
                continue;
            const int n = ctx.node(c, p);
            if (r3(ctx.ap(n)) > r3(ctx.ap(p)) || ctx.sameRounded(n, p)) {
                taken = n; // the first better-or-equal child, alone
                break;
            }
            siblings.push_back(n);
        }
        if (taken >= 0) {
            ctx.updateFront(taken);
            stack.push_back(taken);
            continue;
        }
        // Local front of the siblings at or above min AP.
        std::vector<int> local;
        for (int s : siblings) {
            if (ctx.ap(s) < minAp)
                continue;
            bool dominated = false;
            for (int t : siblings)
                if (t != s && ctx.ap(t) >= minAp && r3(ctx.ap(t)) >= r3(ctx.ap(s)) && ctx.cost(t) <= ctx.cost(s)
                    && (r3(ctx.ap(t)) > r3(ctx.ap(s)) || ctx.cost(t) < ctx.cost(s)))
                    dominated = true;
            if (!dominated)
                local.push_back(s);
        }
        // Push in reverse so the lowest id is expanded first (LIFO).
        std::vector<int> toPush;
        for (int s : local)
            if (ctx.updateFront(s))
                toPush.push_back(s);
        for (auto it = toPush.rbegin(); it != toPush.rend(); ++it)
            stack.push_back(*it);
    }
}

namespace {
void run(SearchContext& ctx, int root) { paperSearch(ctx, root, ctx.units()); }
} // namespace

extern const SearchStrategy kStrategy_paper{
    "paper", "the published search (reference mode): one more anchor per step, AP rounded to 3 decimals, local fronts",
    true, kNoBudget, &run};

} // namespace anchorscope
