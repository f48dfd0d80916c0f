// SPDX-License-Identifier: GPL-3.0-or-later
// shared: the paper search over the units of a shared head — an anchor index on every level,
// and whole levels — also on heads that do not share their convs.
#include "prune/search_strategies.h"
#include "prune/strategies/paper_search.h"

namespace anchorscope {

namespace {
void run(SearchContext& ctx, int root) { paperSearch(ctx, root, ctx.sharedUnits()); }
} // namespace

extern const SearchStrategy kStrategy_shared{
    "shared", "the paper search over shared units: an anchor index on every level, or a whole level", true,
    kNoBudget, &run};

} // namespace anchorscope
