// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/search_context.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>

namespace anchorscope {

SearchContext::SearchContext(ConfigEvaluator& ev, const SearchOptions& opt, const ProgressToken* progress,
                             const NodeCallback& cb)
    : ev_(ev), opt_(opt), progress_(progress), cb_(cb), anchors_(ev.cache().meta.anchors)
{
    if (opt.objective == Objective::Latency && !ev.hasLatencyModel())
        throw InputError("the latency objective needs a calibrated latency model (calibrate-latency, or let "
                         "search calibrate one)");
    if (opt.resumeFrom) {
        const SearchResult& r = *opt.resumeFrom;
        if (r.strategy != opt.strategy || r.objective != opt.objective)
            throw InputError("the search to resume used strategy " + r.strategy
                             + " (and maybe another objective); resume it with the same options");
        for (const auto& n : r.nodes)
            known_[n.result.config.removed] = &n;
    }
}

bool SearchContext::sharedHead() const { return ev_.cache().meta.sharedHead; }

int SearchContext::find(const Configuration& c) const
{
    auto it = nodeOf_.find(c.removed);
    return it == nodeOf_.end() ? -1 : it->second;
}

int SearchContext::node(const Configuration& c, int parent) { return nodes({c}, parent).front(); }

std::vector<int> SearchContext::nodes(const std::vector<Configuration>& cs, int parent)
{
    std::vector<int> out(cs.size(), -1);
    std::vector<size_t> fresh; // not recorded yet, each once, in order
    bool exhausted = false;
    for (size_t i = 0; i < cs.size() && !exhausted; ++i) {
        if (auto it = nodeOf_.find(cs[i].removed); it != nodeOf_.end()) {
            out[i] = it->second;
            continue;
        }
        if (std::any_of(fresh.begin(), fresh.end(), [&](size_t j) { return cs[j] == cs[i]; }))
            continue;
        if (progress_)
            progress_->checkCancelled();
        if (res_.nodes.size() + fresh.size() >= size_t(std::max(0, opt_.maxEvaluations)))
            exhausted = true;
        else
            fresh.push_back(i);
    }
    // Replayed from the run being resumed (the root is re-evaluated: a check), or evaluated.
    std::vector<Configuration> evaluate;
    for (size_t i : fresh)
        if (cs[i].removed.empty() || !known_.count(cs[i].removed))
            evaluate.push_back(cs[i]);
    const Configuration* near = parent >= 0 ? &res_.nodes[size_t(parent)].result.config : nullptr;
    const std::vector<ConfigResult> results = ev_.evaluateAll(evaluate, near);
    size_t next = 0;
    for (size_t i : fresh) {
        if (progress_ && i != fresh.front())
            progress_->checkCancelled(); // a cancel from the callback ends the search at this node
        SearchNode n;
        n.index = int(res_.nodes.size());
        n.parent = parent;
        auto k = cs[i].removed.empty() ? known_.end() : known_.find(cs[i].removed);
        if (k != known_.end()) {
            n.result = k->second->result;
            n.measuredLatencyMs = k->second->measuredLatencyMs;
            ++res_.replayed;
        } else {
            n.result = results[next++];
        }
        n.cost = objectiveCost(n.result, opt_.objective);
        res_.nodes.push_back(n);
        nodeOf_[cs[i].removed] = n.index;
        progressFront_.add(size_t(n.index), n.cost, n.result.stats[0]);
        if (cb_)
            cb_(res_.nodes.back());
        if (progress_ && res_.nodes.size() % 4 == 0)
            reportSoFar();
    }
    for (size_t i = 0; i < cs.size(); ++i)
        if (out[i] < 0 && nodeOf_.count(cs[i].removed))
            out[i] = nodeOf_.at(cs[i].removed);
    if (exhausted) {
        res_.complete = false;
        throw BudgetExhausted();
    }
    return out;
}

// How far the search got. Its size is known only for exhaustive searches and under a
// budget; otherwise the fraction is unknown and the message says evaluations and front.
void SearchContext::reportSoFar() const
{
    const size_t n = res_.nodes.size();
    double fraction = kUnknownFraction;
    if (expectedExact_)
        fraction = double(n) / double(std::max(1, std::min(expected_, opt_.maxEvaluations)));
    else if (opt_.maxEvaluations < kNoBudget)
        fraction = double(n) / double(opt_.maxEvaluations);
    progress_->report(fraction < 0 ? fraction : std::min(0.99, fraction),
                      std::to_string(n) + " configurations evaluated, " + std::to_string(progressFront_.points().size())
                          + " on the front");
}

std::vector<SearchContext::Unit> SearchContext::units() const
{
    if (sharedHead())
        return sharedUnits();
    std::vector<Unit> u;
    for (int id = 0; id < anchors_.numAnchors(); ++id)
        u.push_back({id});
    return u;
}

std::vector<SearchContext::Unit> SearchContext::sharedUnits() const
{
    std::vector<Unit> u;
    int maxA = 0;
    for (int l = 0; l < anchors_.numLevels(); ++l)
        maxA = std::max(maxA, anchors_.anchorsInLevel(l));
    for (int a = 0; a < maxA; ++a) {
        Unit x;
        for (int l = 0; l < anchors_.numLevels(); ++l)
            if (a < anchors_.anchorsInLevel(l))
                x.push_back(anchors_.globalId(l, a));
        u.push_back(x);
    }
    for (int l = 0; l < anchors_.numLevels(); ++l) {
        Unit x;
        for (int a = 0; a < anchors_.anchorsInLevel(l); ++a)
            x.push_back(anchors_.globalId(l, a));
        u.push_back(x);
    }
    return u;
}

bool SearchContext::valid(const Configuration& c) const
{
    try {
        validateConfiguration(anchors_, sharedHead(), c);
        return true;
    } catch (const InputError&) {
        return false;
    }
}

Configuration SearchContext::with(const Configuration& c, const Unit& u)
{
    std::vector<int> out;
    std::vector<int> add(u);
    std::sort(add.begin(), add.end());
    std::set_union(c.removed.begin(), c.removed.end(), add.begin(), add.end(), std::back_inserter(out));
    return {out};
}

Configuration SearchContext::without(const Configuration& c, const Unit& u)
{
    std::vector<int> out;
    std::vector<int> back(u);
    std::sort(back.begin(), back.end());
    std::set_difference(c.removed.begin(), c.removed.end(), back.begin(), back.end(), std::back_inserter(out));
    return {out};
}

double SearchContext::round3(double v) { return std::round(v * 1000.0) / 1000.0; }

bool SearchContext::sameRounded(int a, int b) const
{
    for (int k = 0; k < kCocoStatCount; ++k)
        if (round3(result(a).stats[size_t(k)]) != round3(result(b).stats[size_t(k)]))
            return false;
    return true;
}

bool SearchContext::updateFront(int n)
{
    const double nAp = round3(ap(n)), nCost = cost(n);
    for (int f : front_) {
        const double fAp = round3(ap(f)), fCost = cost(f);
        if (nAp <= fAp && nCost >= fCost)
            return false;
    }
    std::vector<int> kept;
    for (int f : front_) {
        const double fAp = round3(ap(f)), fCost = cost(f);
        const bool dominated = fAp < nAp && fCost >= nCost;
        const bool sameButCostlier = sameRounded(f, n) && fCost > nCost;
        if (!dominated && !sameButCostlier)
            kept.push_back(f);
    }
    kept.push_back(n);
    front_ = kept;
    return true;
}

} // namespace anchorscope
