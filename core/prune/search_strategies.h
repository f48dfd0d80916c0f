// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The search strategies, declared once: each lives in its own file under
// core/prune/strategies/ and is listed in strategies/strategies.def. The CLI's help and
// validation, the window's strategy box (the description is its tooltip), the project file
// and the docs all read this table. Adding a strategy is one file and one line.
#include <string>
#include <vector>

namespace anchorscope {

class SearchContext;

struct SearchStrategy {
    const char* name;
    const char* description;  // one line
    bool sharedHeads;         // works on heads whose final convs all levels share
    int defaultBudget;        // evaluations; kNoBudget: runs to its own end
    void (*run)(SearchContext& ctx, int root);
};

// Every strategy, in the order the table lists them.
const std::vector<const SearchStrategy*>& searchStrategies();
// The strategy of that name; throws InputError naming the known ones.
const SearchStrategy& searchStrategy(const std::string& name);
// The default of the CLI, the window and new projects.
const std::string& defaultSearchStrategy();
// "paper, layerwise, …" for messages and help texts.
std::string searchStrategyNames();

} // namespace anchorscope
