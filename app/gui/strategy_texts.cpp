// SPDX-License-Identifier: GPL-3.0-or-later
#include "strategy_texts.h"

#include "prune/search_strategies.h"

#include <QCoreApplication>

namespace anchorscope {

namespace {

// The registry's descriptions as source texts, so that lupdate lists them for translators.
// Keyed by the English text: a changed description falls back to English, never to a
// translation of the old one.
[[maybe_unused]] const char* const kDescriptions[] = {
    QT_TRANSLATE_NOOP("SearchStrategy", "Pareto local search from a seed front (ranked's): flips and swaps until no front point has a better neighbour"),
    QT_TRANSLATE_NOOP("SearchStrategy", "the published search (reference mode): one more anchor per step, AP rounded to 3 decimals, local fronts"),
    QT_TRANSLATE_NOOP("SearchStrategy", "rank the units by AP lost per cost saved, remove them in that order while AP stays at or above min AP"),
    QT_TRANSLATE_NOOP("SearchStrategy", "follow the child with the most cost saved per AP lost, every child evaluated"),
    QT_TRANSLATE_NOOP("SearchStrategy", "the paper search one level at a time (heads with per-level convs)"),
    QT_TRANSLATE_NOOP("SearchStrategy", "the paper search over shared units: an anchor index on every level, or a whole level"),
    QT_TRANSLATE_NOOP("SearchStrategy", "every subset of the units: the true front, for small spaces only"),
};

} // namespace

QString strategyDescription(const SearchStrategy& s)
{
    return QCoreApplication::translate("SearchStrategy", s.description);
}

} // namespace anchorscope
