// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The search strategies as the window names them: the registry's (prune/search_strategies.h)
// one-line descriptions, translated where the .ts files have them, in English otherwise (a
// newly added strategy shows its own description until someone translates it).
#include <QString>

namespace anchorscope {

struct SearchStrategy;

QString strategyDescription(const SearchStrategy& s);

} // namespace anchorscope
