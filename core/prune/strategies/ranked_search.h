// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The ranked search, also refine's default seed.
#include "prune/search_context.h"

namespace anchorscope {

void rankedSearch(SearchContext& ctx, int root);

} // namespace anchorscope
