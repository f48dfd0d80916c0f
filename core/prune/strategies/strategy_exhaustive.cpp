// SPDX-License-Identifier: GPL-3.0-or-later
// exhaustive: every valid subset of the units (small spaces only: --max-units, 18 by
// default), each evaluated as the child of the subset without its highest unit.
#include "prune/search_strategies.h"
#include "prune/search_context.h"
#include "util/error.h"

namespace anchorscope {

namespace {

void run(SearchContext& ctx, int /*root*/)
{
    const std::vector<SearchContext::Unit> us = ctx.unitsForHead();
    if (int(us.size()) > ctx.options().maxUnits)
        throw InputError("exhaustive search over " + std::to_string(us.size()) + " units is too large (limit "
                         + std::to_string(ctx.options().maxUnits) + ")");
    const uint64_t total = uint64_t(1) << us.size();
    ctx.setExpected(int(total), true);
    auto configOf = [&](uint64_t mask) {
        Configuration c;
        for (size_t u = 0; u < us.size(); ++u)
            if (mask >> u & 1)
                c = SearchContext::with(c, us[u]);
        return c;
    };
    for (uint64_t mask = 1; mask < total; ++mask) {
        const Configuration c = configOf(mask);
        if (!ctx.valid(c))
            continue;
        // Parent: the configuration without the highest unit (already evaluated).
        const uint64_t pm = mask & (mask - 1) ? mask ^ (uint64_t(1) << (63 - __builtin_clzll(mask))) : 0;
        const int parent = ctx.find(configOf(pm));
        ctx.node(c, parent < 0 ? 0 : parent);
    }
}

} // namespace

extern const SearchStrategy kStrategy_exhaustive{
    "exhaustive", "every subset of the units: the true front, for small spaces only", true, kNoBudget, &run};

} // namespace anchorscope
