// SPDX-License-Identifier: GPL-3.0-or-later
// refine: Pareto local search on the archive of non-dominated configurations. From a seed
// front (ranked's by default, or a finished search's), every front point's neighbourhood is
// evaluated — each unit removed in addition, each removed unit put back, and every swap of a
// removed unit for a kept one — and whatever is not dominated joins the archive; this repeats
// until no front point has an unevaluated neighbour (the front is then locally
// Pareto-optimal: no single flip or swap improves any point) or the budget ends. Anytime:
// the front only improves.
//
// The order is what makes it cheap. A whole neighbourhood is ~k·(n−k) swaps, most of them
// worse than the front, so the neighbours of all front points wait in one pool and the next
// one evaluated is the one predicted to lie furthest above the current front: its cost is
// exact (computed, not evaluated), its AP predicted from what each unit was last seen to cost
// when removed alone (ranked's first pass measures that for every unit from the full model;
// each evaluated flip and swap corrects it near the front). Neighbours predicted to improve
// the front come first, so the hypervolume rises early; the rest are still evaluated — the
// proof of local optimality needs them all — best first, so a point about to be dominated is
// usually dominated before much of its neighbourhood is spent. A point that leaves the front
// leaves its neighbours unevaluated: only front points need complete neighbourhoods.
#include "prune/search_strategies.h"
#include "prune/strategies/ranked_search.h"
#include "util/error.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace anchorscope {

namespace {

bool containsUnit(const Configuration& c, const SearchContext::Unit& u)
{
    for (int id : u)
        if (!c.isRemoved(id))
            return false;
    return true;
}

// The archive as the search's final front defines it (searchFront in search.cpp): nodes at
// or above min AP, or the root, that no node dominates — a node equal in cost and AP to an
// earlier one is represented by that one. By cost ascending; brought up to date with every
// node recorded since the last sync().
class Front {
public:
    explicit Front(const SearchContext& ctx) : ctx_(ctx) { sync(); }
    void sync()
    {
        for (; seen_ < ctx_.size(); ++seen_)
            if (seen_ == 0 || ctx_.ap(seen_) >= ctx_.minAp())
                front_.add(size_t(seen_), ctx_.cost(seen_), ctx_.ap(seen_));
        points_.assign(front_.points().begin(), front_.points().end());
    }
    const std::vector<int>& points() const { return points_; }

private:
    const SearchContext& ctx_;
    IncrementalFront front_;
    std::vector<int> points_;
    int seen_ = 0;
};

// A neighbour not evaluated yet: the units it puts back (`back`, or −1) and removes
// (`out`, or −1), and its objective cost, which needs no evaluation.
struct Neighbour {
    Configuration config;
    int back = -1, out = -1;
    double cost = 0;
};

class Refinement {
public:
    static constexpr int kBatch = 8;
    // Neighbours evaluated side by side (ConfigEvaluator::evaluateAll): a constant, not the
    // thread count, so that the search goes the same way on any machine.
    static constexpr size_t kSideBySide = 8;

    Refinement(SearchContext& ctx) : ctx_(ctx), units_(ctx.unitsForHead()), loss_(units_.size(), 0.0) {}

    void run()
    {
        learnFromRecordedNodes();
        Front front(ctx_);
        while (true) {
            size_t waiting = 0;
            for (int f : front.points()) {
                if (!pending_.count(f))
                    open(f);
                waiting += pending_[f].size();
            }
            if (waiting == 0) {
                ctx_.mutableResult().locallyOptimal = true;
                return;
            }
            ctx_.setExpected(ctx_.size() + int(waiting));
            // A few of the chosen point's best neighbours in a row: each is evaluated from
            // the point's state, which a jump to another point would make the evaluator
            // forget and make again (with ~80 front points, two evaluations in three).
            const int p = mostPromising(Staircase(ctx_, front.points())).first;
            for (int b = 0; b < kBatch && !pending_[p].empty(); b += int(kSideBySide)) {
                std::vector<Neighbour> picked;
                std::vector<Configuration> configs;
                const Staircase stairs(ctx_, front.points());
                std::vector<Neighbour>& list = pending_[p];
                while (picked.size() < kSideBySide && !list.empty()) {
                    const size_t i = mostPromisingOf(stairs, p).first;
                    picked.push_back(std::move(list[i]));
                    list[i] = std::move(list.back());
                    list.pop_back();
                    configs.push_back(picked.back().config);
                }
                const std::vector<int> ks = ctx_.nodes(configs, p);
                bool left = false;
                for (size_t j = 0; j < ks.size(); ++j) {
                    const int k = ks[j];
                    learn(p, k, picked[j].back, picked[j].out);
                    left = left || (ctx_.ap(k) >= ctx_.ap(p) && ctx_.cost(k) <= ctx_.cost(p));
                }
                front.sync();
                if (left)
                    break; // p left the front (or k stands for it)
            }
        }
    }

private:
    // What removing unit u alone costs in AP: every recorded node one unit away from its
    // parent says so (the seed's nodes; ranked's first pass removes each unit from the full
    // model), the latest most (it is nearest the front).
    void learnFromRecordedNodes()
    {
        const SearchResult& res = ctx_.result();
        for (int n = 1; n < ctx_.size(); ++n) {
            const int p = res.nodes[size_t(n)].parent;
            if (p < 0)
                continue;
            for (size_t u = 0; u < units_.size(); ++u) {
                if (ctx_.config(n) == SearchContext::with(ctx_.config(p), units_[u])
                    && !(ctx_.config(n) == ctx_.config(p)))
                    loss_[u] = ctx_.ap(p) - ctx_.ap(n);
            }
        }
    }

    // Corrects the unit losses from an evaluated neighbour: a flip measures its unit, a swap
    // the difference of two, split between them.
    void learn(int p, int k, int back, int out)
    {
        const double observed = ctx_.ap(k) - ctx_.ap(p);
        if (back < 0)
            loss_[size_t(out)] = -observed;
        else if (out < 0)
            loss_[size_t(back)] = observed;
        else {
            const double error = observed - (loss_[size_t(back)] - loss_[size_t(out)]);
            loss_[size_t(back)] += error / 2;
            loss_[size_t(out)] -= error / 2;
        }
    }

    // The cost a configuration will have, without evaluating it.
    double costOf(const Configuration& c)
    {
        const CostReport r = ctx_.evaluator().cost(c);
        switch (ctx_.options().objective) {
        case Objective::Boxes: return double(r.boxes);
        case Objective::Latency:
            if (ctx_.evaluator().hasLatencyModel())
                return ctx_.evaluator().latencyModel().predict(double(r.boxes), ctx_.evaluator().candidatesPerImage(c));
            return double(r.boxes);
        case Objective::Macs: break;
        }
        return double(r.headMacs);
    }

    // p's neighbours not evaluated yet: removals, puts-back and swaps.
    void open(int p)
    {
        std::vector<Neighbour>& list = pending_[p];
        const Configuration c = ctx_.config(p);
        std::vector<int> in, out;
        for (size_t u = 0; u < units_.size(); ++u)
            (containsUnit(c, units_[u]) ? out : in).push_back(int(u));
        auto add = [&](Configuration n, int back, int removed) {
            if (n.removed == c.removed || ctx_.find(n) >= 0 || !ctx_.valid(n))
                return;
            const double cost = costOf(n);
            list.push_back({std::move(n), back, removed, cost});
        };
        for (int b : in)
            add(SearchContext::with(c, units_[size_t(b)]), -1, b);
        for (int a : out)
            add(SearchContext::without(c, units_[size_t(a)]), a, -1);
        for (int a : out)
            for (int b : in)
                add(SearchContext::with(SearchContext::without(c, units_[size_t(a)]), units_[size_t(b)]), a, b);
    }

    // The front as a staircase: the best AP at or below each cost, never below min AP.
    struct Staircase {
        Staircase(const SearchContext& ctx, const std::vector<int>& front) : minAp(ctx.minAp())
        {
            for (int f : front) { // cost ascending, and so AP ascending
                costs.push_back(ctx.cost(f));
                aps.push_back(ctx.ap(f));
            }
            points = front;
            std::sort(points.begin(), points.end());
        }
        double at(double cost) const
        {
            const auto it = std::upper_bound(costs.begin(), costs.end(), cost);
            return it == costs.begin() ? minAp : std::max(minAp, aps[size_t(it - costs.begin()) - 1]);
        }
        double minAp;
        std::vector<double> costs, aps;
        std::vector<int> points;
    };

    // How far above the front a waiting neighbour of f is predicted to lie.
    double margin(const Staircase& front, int f, const Neighbour& n) const
    {
        double ap = ctx_.ap(f);
        if (n.back >= 0)
            ap += loss_[size_t(n.back)];
        if (n.out >= 0)
            ap -= loss_[size_t(n.out)];
        return ap - front.at(n.cost);
    }

    // f's most promising waiting neighbour: (its place in f's list, its margin).
    std::pair<size_t, double> mostPromisingOf(const Staircase& front, int f) const
    {
        const std::vector<Neighbour>& list = pending_.at(f);
        std::pair<size_t, double> best{0, -std::numeric_limits<double>::infinity()};
        for (size_t i = 0; i < list.size(); ++i) {
            const double m = margin(front, f, list[i]);
            if (m > best.second)
                best = {i, m};
        }
        return best;
    }

    // The front point with the most promising waiting neighbour, and that margin.
    std::pair<int, double> mostPromising(const Staircase& front) const
    {
        std::pair<int, double> best{-1, -std::numeric_limits<double>::infinity()};
        for (const auto& [f, list] : pending_) {
            if (list.empty() || !std::binary_search(front.points.begin(), front.points.end(), f))
                continue;
            const double m = mostPromisingOf(front, f).second;
            if (m > best.second)
                best = {f, m};
        }
        return best;
    }

    SearchContext& ctx_;
    const std::vector<SearchContext::Unit> units_;
    std::vector<double> loss_; // AP lost when the unit is removed alone, as last seen
    std::map<int, std::vector<Neighbour>> pending_; // by front point
};

void run(SearchContext& ctx, int root)
{
    SearchResult& res = ctx.mutableResult();
    if (const SearchResult* seed = ctx.options().seedFront) {
        if (seed->baselineAp != ctx.ap(root))
            throw InputError("the seed front was searched on another prediction cache (its baseline AP differs)");
        for (int f : seed->front) {
            const Configuration& s = seed->nodes[size_t(f)].result.config;
            if (!s.removed.empty() && ctx.valid(s))
                ctx.node(s, root);
        }
        res.seed = "the front of a " + seed->strategy + " search (" + std::to_string(seed->front.size()) + " points)";
    } else {
        rankedSearch(ctx, root);
        res.seed = "ranked";
    }
    res.seedNodes = ctx.size();
    res.neighbourhood = ctx.sharedHead()
                            ? "one unit (an anchor index on every level, or a level) removed or put back, or a removed "
                              "unit swapped for a kept one"
                            : "one anchor removed or put back, or a removed anchor swapped for a kept one";
    Refinement(ctx).run();
}

} // namespace

extern const SearchStrategy kStrategy_refine{
    "refine",
    "Pareto local search from a seed front (ranked's): flips and swaps until no front point has a better neighbour",
    true, kNoBudget, &run};

} // namespace anchorscope
