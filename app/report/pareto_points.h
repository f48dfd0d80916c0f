// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A search node as a point of the Pareto plot — the one conversion the window's pruning page
// and the report use (widgets see only the types they draw, so it lives here).
#include "pareto_plot.h"

#include "prune/search.h"

namespace anchorscope {

// `relativeCost` on x, AP (or AP50) on y, and for validated front points the validation AP
// with the ΔAP interval put on the accuracy axis around it.
ParetoPoint paretoPointOf(const SearchNode& n, double relativeCost, bool ap50);

} // namespace anchorscope
