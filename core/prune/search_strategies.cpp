// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/search_strategies.h"

#include "prune/search.h"
#include "util/error.h"

namespace anchorscope {

#define STRATEGY(name) extern const SearchStrategy kStrategy_##name;
#include "prune/strategies/strategies.def"
#undef STRATEGY

const std::vector<const SearchStrategy*>& searchStrategies()
{
#define STRATEGY(name) &kStrategy_##name,
    static const std::vector<const SearchStrategy*> all{
#include "prune/strategies/strategies.def"
    };
#undef STRATEGY
    return all;
}

std::string searchStrategyNames()
{
    std::string out;
    for (const SearchStrategy* s : searchStrategies())
        out += (out.empty() ? "" : ", ") + std::string(s->name);
    return out;
}

const SearchStrategy& searchStrategy(const std::string& name)
{
    for (const SearchStrategy* s : searchStrategies())
        if (name == s->name)
            return *s;
    throw InputError("unknown search strategy '" + name + "' (expected " + searchStrategyNames() + ")");
}

const std::string& defaultSearchStrategy()
{
    static const std::string name = searchStrategies().front()->name;
    return name;
}

} // namespace anchorscope
