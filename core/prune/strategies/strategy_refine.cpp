// SPDX-License-Identifier: GPL-3.0-or-later
// refine: Pareto local search on the archive of non-dominated configurations. From a seed
// front (ranked's by default, or a finished search's), every front point's neighbourhood is
// evaluated — each unit removed in addition, each removed unit put back, and every swap of a
// removed unit for a kept one — and whatever is not dominated joins the archive; this repeats
// until no front point has an unevaluated neighbour (the front is then locally
// Pareto-optimal: no single flip or swap improves any point) or the budget ends. Anytime:
// the front only improves. A point dominated while its neighbourhood is being evaluated is
// left (it is no longer on the front), and the point that beat it is explored in turn.
#include "prune/search_strategies.h"
#include "prune/strategies/ranked_search.h"
#include "util/error.h"

#include <algorithm>
#include <set>

namespace anchorscope {

namespace {

bool dominates(const SearchContext& ctx, int a, int b)
{
    return ctx.ap(a) >= ctx.ap(b) && ctx.cost(a) <= ctx.cost(b) && (ctx.ap(a) > ctx.ap(b) || ctx.cost(a) < ctx.cost(b));
}

bool containsUnit(const Configuration& c, const SearchContext::Unit& u)
{
    for (int id : u)
        if (!c.isRemoved(id))
            return false;
    return true;
}

// The archive as the search's final front defines it (searchFront in search.cpp): nodes at
// or above min AP, or the root, that no node dominates — a node equal in cost and AP to an
// earlier one is represented by that one. By cost ascending.
std::vector<int> archive(const SearchContext& ctx)
{
    std::vector<int> order;
    for (int n = 0; n < ctx.size(); ++n)
        if (n == 0 || ctx.ap(n) >= ctx.minAp())
            order.push_back(n);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if (ctx.cost(a) != ctx.cost(b))
            return ctx.cost(a) < ctx.cost(b);
        return ctx.ap(a) > ctx.ap(b);
    });
    std::vector<int> front;
    for (int n : order)
        if (front.empty() || ctx.ap(n) > ctx.ap(front.back()))
            front.push_back(n);
    return front;
}

// Evaluates p's neighbourhood: removals first (cheaper, and they dominate p whenever AP
// holds), then swaps that save cost, swaps that do not, and putting units back. Returns false
// when a neighbour dominated p before the neighbourhood was finished.
bool explore(SearchContext& ctx, int p, const std::vector<SearchContext::Unit>& units)
{
    const Configuration c = ctx.config(p);
    std::vector<Configuration> removals, cheaperSwaps, otherSwaps, backs;
    std::vector<const SearchContext::Unit*> in, out;
    for (const auto& u : units)
        (containsUnit(c, u) ? out : in).push_back(&u);
    for (const auto* u : in)
        removals.push_back(SearchContext::with(c, *u));
    const int64_t macs = ctx.result(p).headMacs;
    for (const auto* a : out)
        for (const auto* b : in) {
            Configuration s = SearchContext::with(SearchContext::without(c, *a), *b);
            // Cheaper in head MACs, the cost every objective falls with (boxes follow anchors).
            const bool cheaper = ctx.evaluator().cost(s).headMacs < macs;
            (cheaper ? cheaperSwaps : otherSwaps).push_back(std::move(s));
        }
    for (const auto* a : out)
        backs.push_back(SearchContext::without(c, *a));
    for (const auto* list : {&removals, &cheaperSwaps, &otherSwaps, &backs})
        for (const Configuration& n : *list) {
            if (n.removed == c.removed || !ctx.valid(n))
                continue;
            const int k = ctx.node(n, p);
            if (dominates(ctx, k, p))
                return false;
        }
    return true;
}

void run(SearchContext& ctx, int root)
{
    SearchResult& res = ctx.mutableResult();
    if (const SearchResult* seed = ctx.options().seedFront) {
        if (seed->baselineAp != ctx.ap(root))
            throw InputError("the seed front was searched on another prediction cache (its baseline AP differs)");
        for (int f : seed->front) {
            const Configuration& s = seed->nodes[size_t(f)].result.config;
            if (!s.removed.empty() && ctx.valid(s))
                ctx.node(s, root);
        }
        res.seed = "the front of a " + seed->strategy + " search (" + std::to_string(seed->front.size()) + " points)";
    } else {
        rankedSearch(ctx, root);
        res.seed = "ranked";
    }
    res.seedNodes = ctx.size();
    res.neighbourhood = ctx.sharedHead()
                            ? "one unit (an anchor index on every level, or a level) removed or put back, or a removed "
                              "unit swapped for a kept one"
                            : "one anchor removed or put back, or a removed anchor swapped for a kept one";
    const std::vector<SearchContext::Unit> units = ctx.unitsForHead();
    std::set<int> explored;
    while (true) {
        int next = -1;
        for (int f : archive(ctx))
            if (!explored.count(f)) {
                next = f; // the cheapest unexplored point
                break;
            }
        if (next < 0) {
            res.locallyOptimal = true;
            return;
        }
        explore(ctx, next, units);
        explored.insert(next);
    }
}

} // namespace

extern const SearchStrategy kStrategy_refine{
    "refine",
    "Pareto local search from a seed front (ranked's): flips and swaps until no front point has a better neighbour",
    true, kNoBudget, &run};

} // namespace anchorscope
