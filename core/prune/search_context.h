// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every search strategy works with (core/prune/strategies/): the evaluator behind a
// node list — evaluate a configuration once, record it with its parent, stream it, stop at
// the budget or on cancel — the prunable units of the cache's head, and the reference
// mode's global front. A strategy is a function of this context (search_strategies.h).
#include "prune/search.h"

#include <map>
#include <set>
#include <vector>

namespace anchorscope {

class SearchContext {
public:
    using Unit = std::vector<int>; // anchor ids removed together

    // Thrown by node() when the budget is used up; runSearch catches it.
    struct BudgetExhausted {};

    SearchContext(ConfigEvaluator& ev, const SearchOptions& opt, const ProgressToken* progress, const NodeCallback& cb);

    // Evaluates (memoised) and records a node; returns its index. Throws BudgetExhausted,
    // CancelledError.
    int node(const Configuration& c, int parent);
    // The same for several children of one parent, evaluated side by side
    // (ConfigEvaluator::evaluateAll) and recorded in order. Under a budget that ends among
    // them, the ones that fit are recorded before BudgetExhausted is thrown.
    std::vector<int> nodes(const std::vector<Configuration>& cs, int parent);
    // The node of a configuration already recorded, or -1.
    int find(const Configuration& c) const;

    const SearchOptions& options() const { return opt_; }
    ConfigEvaluator& evaluator() { return ev_; }
    const AnchorSet& anchors() const { return anchors_; }
    bool sharedHead() const;
    double minAp() const { return res_.minAp; }
    const SearchResult& result() const { return res_; }
    SearchResult& mutableResult() { return res_; }

    const ConfigResult& result(int i) const { return res_.nodes[size_t(i)].result; }
    const Configuration& config(int i) const { return res_.nodes[size_t(i)].result.config; }
    double ap(int i) const { return result(i).stats[0]; }
    double cost(int i) const { return res_.nodes[size_t(i)].cost; }
    int size() const { return int(res_.nodes.size()); }

    // Single anchors (shared heads: sharedUnits()).
    std::vector<Unit> units() const;
    // Shared heads: anchor index i on every level, then whole levels.
    std::vector<Unit> sharedUnits() const;
    // The units a strategy that supports both kinds of heads works on.
    std::vector<Unit> unitsForHead() const { return sharedHead() ? sharedUnits() : units(); }

    bool valid(const Configuration& c) const;
    static Configuration with(const Configuration& c, const Unit& u);
    static Configuration without(const Configuration& c, const Unit& u);

    // The reference mode's global front update (docs/design.md §5, AP rounded to 3
    // decimals); true when n entered. The paper search's alone: every search's result front
    // is frontOf()'s, and refine keeps its own IncrementalFront.
    bool updateFront(int n);
    bool sameRounded(int a, int b) const;
    static double round3(double v);

    // How many evaluations the strategy expects; `exact` when it knows (then progress shows a
    // fraction, else evaluations and front size).
    void setExpected(int n, bool exact = false)
    {
        expected_ = n;
        expectedExact_ = exact;
    }

private:
    void reportSoFar() const;

    ConfigEvaluator& ev_;
    SearchOptions opt_;
    const ProgressToken* progress_;
    NodeCallback cb_;
    const AnchorSet& anchors_;
    SearchResult res_;
    std::map<std::vector<int>, int> nodeOf_;
    std::map<std::vector<int>, const SearchNode*> known_; // nodes of the run being resumed
    std::vector<int> front_;
    IncrementalFront progressFront_; // every node's (cost, AP): the progress line's front size
    int expected_ = 100;
    bool expectedExact_ = false;

};

} // namespace anchorscope
