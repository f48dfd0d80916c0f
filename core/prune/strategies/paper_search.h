// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The published search in reference mode over a set of units, shared by the strategies
// paper, shared and layerwise (docs/design.md §5).
#include "prune/search_context.h"

namespace anchorscope {

void paperSearch(SearchContext& ctx, int root, const std::vector<SearchContext::Unit>& units);

} // namespace anchorscope
