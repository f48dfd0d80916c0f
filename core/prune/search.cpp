// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/search.h"

#include "util/json_access.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace anchorscope {

std::string toString(Objective o)
{
    return o == Objective::Boxes ? "boxes" : o == Objective::Latency ? "latency" : "macs";
}

double objectiveCost(const ConfigResult& r, Objective o, const LatencyModel* latency)
{
    if (o == Objective::Boxes)
        return double(r.boxes);
    if (o == Objective::Latency)
        return latency ? latency->predict(double(r.boxes), r.candidatesPerImage) : r.latencyMs;
    return double(r.headMacs);
}

double relativeObjectiveCost(const ConfigResult& r, const ConfigResult& full, Objective o, const LatencyModel* latency)
{
    const double f = objectiveCost(full, o, latency);
    return f > 0 ? objectiveCost(r, o, latency) / f : 1.0;
}

Objective objectiveFromString(const std::string& s)
{
    if (s == "macs")
        return Objective::Macs;
    if (s == "boxes")
        return Objective::Boxes;
    if (s == "latency")
        return Objective::Latency;
    throw InputError("unknown objective '" + s + "' (expected macs, boxes or latency)");
}

double hypervolume(const std::vector<std::pair<double, double>>& pts, double minAp)
{
    std::vector<std::pair<double, double>> p;
    for (const auto& q : pts)
        if (q.second > minAp && q.first < 1.0)
            p.push_back(q);
    std::sort(p.begin(), p.end());
    double hv = 0, best = minAp;
    for (size_t i = 0; i < p.size(); ++i) {
        best = std::max(best, p[i].second);
        const double next = i + 1 < p.size() ? p[i + 1].first : 1.0;
        hv += (next - p[i].first) * (best - minAp);
    }
    return hv;
}

namespace {

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

class Searcher {
public:
    Searcher(ConfigEvaluator& ev, const SearchOptions& opt, const ProgressToken* progress, const NodeCallback& cb)
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

    SearchResult run()
    {
        res_.strategy = opt_.strategy;
        res_.objective = opt_.objective;
        const int root = node({}, -1);
        res_.baselineAp = res_.nodes[size_t(root)].result.stats[0];
        if (opt_.resumeFrom && opt_.resumeFrom->baselineAp != res_.baselineAp)
            throw InputError("the search to resume was made on another cache (its baseline AP differs)");
        res_.fullCost = res_.nodes[size_t(root)].cost;
        res_.minAp = opt_.minAp >= 0 ? opt_.minAp : res_.baselineAp - opt_.maxDrop;
        updateFront(root);
        try {
            dispatch(root);
        } catch (const CancelledError&) {
            if (!opt_.partialOnCancel)
                throw;
            res_.complete = false;
        }
        finish();
        return std::move(res_);
    }

private:
    void dispatch(int root)
    {
        if (opt_.strategy == "paper")
            paper(root, units());
        else if (opt_.strategy == "layerwise")
            layerwise(root);
        else if (opt_.strategy == "shared")
            paper(root, sharedUnits());
        else if (opt_.strategy == "exhaustive")
            exhaustive(ev_.cache().meta.sharedHead ? sharedUnits() : units());
        else if (opt_.strategy == "greedy")
            greedy(root, ev_.cache().meta.sharedHead ? sharedUnits() : units());
        else if (opt_.strategy == "ranked")
            ranked(root, ev_.cache().meta.sharedHead ? sharedUnits() : units());
        else
            throw InputError("unknown search strategy '" + opt_.strategy
                             + "' (expected paper, layerwise, shared, exhaustive, greedy or ranked)");
    }

    using Unit = std::vector<int>; // anchor ids removed together

    std::vector<Unit> units() const
    {
        if (ev_.cache().meta.sharedHead)
            return sharedUnits();
        std::vector<Unit> u;
        for (int id = 0; id < anchors_.numAnchors(); ++id)
            u.push_back({id});
        return u;
    }

    // Shared heads: anchor index i on every level, then whole levels.
    std::vector<Unit> sharedUnits() const
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

    double costOf(const ConfigResult& r) const { return objectiveCost(r, opt_.objective); }

    bool valid(const Configuration& c) const
    {
        try {
            validateConfiguration(anchors_, ev_.cache().meta.sharedHead, c);
            return true;
        } catch (const InputError&) {
            return false;
        }
    }

    Configuration with(const Configuration& c, const Unit& u) const
    {
        std::set<int> s(c.removed.begin(), c.removed.end());
        s.insert(u.begin(), u.end());
        return {std::vector<int>(s.begin(), s.end())};
    }

    // Evaluates (memoised) and records a node; returns its index.
    int node(const Configuration& c, int parent)
    {
        auto it = nodeOf_.find(c.removed);
        if (it != nodeOf_.end())
            return it->second;
        if (progress_)
            progress_->checkCancelled();
        if (int(res_.nodes.size()) >= opt_.maxEvaluations) {
            res_.complete = false;
            throw BudgetExhausted();
        }
        SearchNode n;
        n.index = int(res_.nodes.size());
        n.parent = parent;
        auto k = c.removed.empty() ? known_.end() : known_.find(c.removed);
        if (k != known_.end()) { // replayed from the run being resumed (the root is re-evaluated: a check)
            n.result = k->second->result;
            n.measuredLatencyMs = k->second->measuredLatencyMs;
            ++res_.replayed;
        } else {
            n.result = ev_.evaluate(c);
        }
        n.cost = costOf(n.result);
        res_.nodes.push_back(n);
        nodeOf_[c.removed] = n.index;
        if (cb_)
            cb_(res_.nodes.back());
        if (progress_ && res_.nodes.size() % 4 == 0)
            reportSoFar();
        return n.index;
    }

    // How far the search got. Its size is known only for exhaustive searches and under a
    // budget; otherwise the fraction is unknown and the message says evaluations and front.
    void reportSoFar() const
    {
        const size_t n = res_.nodes.size();
        double fraction = kUnknownFraction;
        if (opt_.strategy == "exhaustive")
            fraction = double(n) / double(std::max(1, std::min(expected_, opt_.maxEvaluations)));
        else if (opt_.maxEvaluations < kNoBudget)
            fraction = double(n) / double(opt_.maxEvaluations);
        std::vector<std::pair<double, double>> pts;
        pts.reserve(n);
        for (const auto& node : res_.nodes)
            pts.emplace_back(node.cost, node.result.stats[0]);
        progress_->report(fraction < 0 ? fraction : std::min(0.99, fraction),
                          std::to_string(n) + " configurations evaluated, " + std::to_string(nondominated(pts).size())
                              + " on the front");
    }

    struct BudgetExhausted {};

    const ConfigResult& result(int i) const { return res_.nodes[size_t(i)].result; }
    double ap(int i) const { return result(i).stats[0]; }

    bool sameRounded(int a, int b) const
    {
        for (int k = 0; k < kCocoStatCount; ++k)
            if (round3(result(a).stats[size_t(k)]) != round3(result(b).stats[size_t(k)]))
                return false;
        return true;
    }

    // Global front update of the reference mode; returns true when n entered the front.
    bool updateFront(int n)
    {
        const double nAp = round3(ap(n)), nCost = res_.nodes[size_t(n)].cost;
        for (int f : front_) {
            const double fAp = round3(ap(f)), fCost = res_.nodes[size_t(f)].cost;
            if (nAp <= fAp && nCost >= fCost)
                return false;
        }
        std::vector<int> kept;
        for (int f : front_) {
            const double fAp = round3(ap(f)), fCost = res_.nodes[size_t(f)].cost;
            const bool dominated = fAp < nAp && fCost >= nCost;
            const bool sameButCostlier = sameRounded(f, n) && fCost > nCost;
            if (!dominated && !sameButCostlier)
                kept.push_back(f);
        }
        kept.push_back(n);
        front_ = kept;
        return true;
    }

    void paper(int root, const std::vector<Unit>& us)
    {
        expected_ = int(us.size() * us.size() / 2);
        std::vector<int> stack{root};
        std::set<std::vector<int>> expanded;
        try {
            while (!stack.empty()) {
                const int p = stack.back();
                stack.pop_back();
                const Configuration pc = result(p).config;
                if (!expanded.insert(pc.removed).second)
                    continue;
                std::vector<int> siblings;
                int taken = -1;
                for (const Unit& u : us) {
                    const Configuration c = with(pc, u);
                    if (c.removed.size() == pc.removed.size() || !valid(c))
                        continue;
                    const int n = node(c, p);
                    if (round3(ap(n)) > round3(ap(p)) || sameRounded(n, p)) {
                        taken = n; // the first better-or-equal child, alone
                        break;
                    }
                    siblings.push_back(n);
                }
                if (taken >= 0) {
                    updateFront(taken);
                    stack.push_back(taken);
                    continue;
                }
                // Local front of the siblings at or above min AP.
                std::vector<int> local;
                for (int s : siblings) {
                    if (ap(s) < res_.minAp)
                        continue;
                    bool dominated = false;
                    for (int t : siblings)
                        if (t != s && ap(t) >= res_.minAp && round3(ap(t)) >= round3(ap(s))
                            && res_.nodes[size_t(t)].cost <= res_.nodes[size_t(s)].cost
                            && (round3(ap(t)) > round3(ap(s)) || res_.nodes[size_t(t)].cost < res_.nodes[size_t(s)].cost))
                            dominated = true;
                    if (!dominated)
                        local.push_back(s);
                }
                // Push in reverse so the lowest id is expanded first (LIFO).
                std::vector<int> toPush;
                for (int s : local)
                    if (updateFront(s))
                        toPush.push_back(s);
                for (auto it = toPush.rbegin(); it != toPush.rend(); ++it)
                    stack.push_back(*it);
            }
        } catch (const BudgetExhausted&) {
        }
    }

    void layerwise(int root)
    {
        int start = root;
        for (int l = 0; l < anchors_.numLevels(); ++l) {
            std::vector<Unit> us;
            for (int a = 0; a < anchors_.anchorsInLevel(l); ++a)
                us.push_back({anchors_.globalId(l, a)});
            paper(start, us);
            // Continue from the cheapest configuration that keeps min AP.
            int best = start;
            for (const auto& n : res_.nodes)
                if (n.result.stats[0] >= res_.minAp && n.cost < res_.nodes[size_t(best)].cost)
                    best = n.index;
            start = best;
        }
    }

    void exhaustive(const std::vector<Unit>& us)
    {
        if (int(us.size()) > opt_.maxUnits)
            throw InputError("exhaustive search over " + std::to_string(us.size()) + " units is too large (limit "
                             + std::to_string(opt_.maxUnits) + ")");
        const uint64_t total = uint64_t(1) << us.size();
        expected_ = int(total);
        try {
            for (uint64_t mask = 1; mask < total; ++mask) {
                Configuration c;
                for (size_t u = 0; u < us.size(); ++u)
                    if (mask >> u & 1)
                        c = with(c, us[u]);
                if (!valid(c))
                    continue;
                // Parent: the configuration without the highest unit (already evaluated).
                uint64_t pm = mask & (mask - 1) ? mask ^ (uint64_t(1) << (63 - __builtin_clzll(mask))) : 0;
                Configuration pc;
                for (size_t u = 0; u < us.size(); ++u)
                    if (pm >> u & 1)
                        pc = with(pc, us[u]);
                auto it = nodeOf_.find(pc.removed);
                node(c, it == nodeOf_.end() ? 0 : it->second);
            }
        } catch (const BudgetExhausted&) {
        }
    }

    void greedy(int root, const std::vector<Unit>& us)
    {
        expected_ = int(us.size() * (us.size() + 1) / 2);
        int cur = root;
        try {
            while (true) {
                const Configuration pc = result(cur).config;
                int best = -1;
                double bestScore = -1e300;
                for (const Unit& u : us) {
                    const Configuration c = with(pc, u);
                    if (c.removed.size() == pc.removed.size() || !valid(c))
                        continue;
                    const int n = node(c, cur);
                    updateFront(n);
                    if (ap(n) < res_.minAp)
                        continue;
                    const double saved = res_.nodes[size_t(cur)].cost - res_.nodes[size_t(n)].cost;
                    const double lost = std::max(0.0, ap(cur) - ap(n));
                    const double score = saved / (lost + 1e-4);
                    if (score > bestScore) {
                        bestScore = score;
                        best = n;
                    }
                }
                if (best < 0)
                    break;
                cur = best;
            }
        } catch (const BudgetExhausted&) {
        }
    }

    // Anchorscope's second strategy, built for hypervolume per evaluation: rank the units by
    // the AP each one costs per unit of cost it saves when removed alone (one evaluation per
    // unit), then remove them in that order, keeping every removal that stays at or above
    // min AP (at most one evaluation per unit; the first is already known). The accepted
    // removals trace the front from the full model down to min AP in about 2n evaluations.
    // Then the units still in are ranked again from where the pass ended and passed again,
    // until a pass removes nothing more.
    void ranked(int root, const std::vector<Unit>& us)
    {
        expected_ = int(3 * us.size());
        int cur = root;
        std::vector<Unit> remaining = us;
        try {
            for (int round = 0; round < 8 && !remaining.empty(); ++round) {
                std::vector<std::pair<double, size_t>> order; // (AP lost per cost saved, unit)
                std::vector<Unit> next;
                for (size_t j = 0; j < remaining.size(); ++j) {
                    const Configuration c = with(result(cur).config, remaining[j]);
                    if (c.removed.size() == result(cur).config.removed.size())
                        continue; // already removed with another unit
                    if (!valid(c)) {
                        next.push_back(remaining[j]); // may become valid later (shared heads)
                        continue;
                    }
                    const int n = node(c, cur);
                    updateFront(n);
                    const double saved = res_.nodes[size_t(cur)].cost - res_.nodes[size_t(n)].cost;
                    const double lost = std::max(0.0, ap(cur) - ap(n));
                    order.emplace_back(lost / std::max(saved, 1e-12), j);
                }
                std::stable_sort(order.begin(), order.end(),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
                bool removed = false;
                for (const auto& [score, j] : order) {
                    (void)score;
                    const Configuration c = with(result(cur).config, remaining[j]);
                    if (c.removed.size() == result(cur).config.removed.size())
                        continue;
                    if (!valid(c)) {
                        next.push_back(remaining[j]);
                        continue;
                    }
                    const int n = node(c, cur);
                    updateFront(n);
                    if (ap(n) >= res_.minAp) {
                        cur = n;
                        removed = true;
                    } else {
                        next.push_back(remaining[j]);
                    }
                }
                remaining = std::move(next);
                if (!removed)
                    break;
            }
        } catch (const BudgetExhausted&) {
        }
    }

    void finish()
    {
        // The final front: non-dominated nodes (exact AP) at or above min AP, by cost.
        std::vector<int> f;
        for (const auto& n : res_.nodes) {
            if (n.result.stats[0] < res_.minAp && n.index != 0)
                continue;
            bool dominated = false;
            for (const auto& m : res_.nodes)
                if (m.index != n.index && m.result.stats[0] >= n.result.stats[0] && m.cost <= n.cost
                    && (m.result.stats[0] > n.result.stats[0] || m.cost < n.cost))
                    dominated = true;
            if (!dominated)
                f.push_back(n.index);
        }
        std::sort(f.begin(), f.end(), [&](int a, int b) { return res_.nodes[size_t(a)].cost < res_.nodes[size_t(b)].cost; });
        res_.front = f;
        for (int i : f) {
            SearchNode& n = res_.nodes[size_t(i)];
            n.onFront = true;
            if (opt_.objective == Objective::Latency) // front points are measured, not predicted
                n.measuredLatencyMs = measurePostprocessMs(ev_.settings(), ev_.cache().meta.numClasses, int(n.result.boxes),
                                                           int(std::lround(n.result.candidatesPerImage)));
        }
        // Hypervolume against evaluations.
        std::vector<std::pair<double, double>> pts;
        for (const auto& n : res_.nodes) {
            pts.emplace_back(res_.fullCost > 0 ? n.cost / res_.fullCost : 1.0, n.result.stats[0]);
            const int k = int(pts.size());
            if (k == 1 || (k & (k - 1)) == 0 || k == int(res_.nodes.size()) || k % 50 == 0)
                res_.hypervolumeByEvaluations.emplace_back(k, hypervolume(pts, res_.minAp));
        }
        res_.hypervolume = hypervolume(pts, res_.minAp);
        reportProgress(progress_, 1.0, "search finished");
    }

    ConfigEvaluator& ev_;
    SearchOptions opt_;
    const ProgressToken* progress_;
    NodeCallback cb_;
    const AnchorSet& anchors_;
    SearchResult res_;
    std::map<std::vector<int>, int> nodeOf_;
    std::map<std::vector<int>, const SearchNode*> known_; // nodes of the run being resumed
    std::vector<int> front_;
    int expected_ = 100;
};

} // namespace

std::vector<size_t> nondominated(const std::vector<std::pair<double, double>>& costAp)
{
    std::vector<size_t> order(costAp.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    // By cost ascending, AP descending: a point is on the front when its AP beats every
    // cheaper point's (ties in both kept: neither dominates the other).
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (costAp[a].first != costAp[b].first)
            return costAp[a].first < costAp[b].first;
        return costAp[a].second > costAp[b].second;
    });
    std::vector<size_t> front;
    for (size_t i : order) {
        if (!front.empty()) {
            const auto& last = costAp[front.back()];
            const bool same = last.first == costAp[i].first && last.second == costAp[i].second;
            if (!same && costAp[i].second <= last.second)
                continue;
        }
        front.push_back(i);
    }
    return front;
}

SearchResult runSearch(ConfigEvaluator& ev, const SearchOptions& opt, const ProgressToken* progress, const NodeCallback& onNode)
{
    return Searcher(ev, opt, progress, onNode).run();
}

nlohmann::json SearchResult::toJson(const AnchorSet& anchors) const
{
    nlohmann::json j;
    j["strategy"] = strategy;
    j["objective"] = toString(objective);
    j["min_ap"] = minAp;
    j["baseline_ap"] = baselineAp;
    j["full_cost"] = fullCost;
    j["evaluations"] = nodes.size();
    j["hypervolume"] = hypervolume;
    j["complete"] = complete;
    j["replayed"] = replayed;
    nlohmann::json hv = nlohmann::json::array();
    for (const auto& [k, v] : hypervolumeByEvaluations)
        hv.push_back({{"evaluations", k}, {"hypervolume", v}});
    j["hypervolume_by_evaluations"] = hv;
    nlohmann::json ns = nlohmann::json::array();
    for (const auto& n : nodes) {
        nlohmann::json stats;
        for (int i = 0; i < kCocoStatCount; ++i)
            stats[kCocoStatNames[size_t(i)]] = n.result.stats[size_t(i)];
        std::vector<int> kept;
        for (int l = 0; l < anchors.numLevels(); ++l) {
            int k = 0;
            for (int a = 0; a < anchors.anchorsInLevel(l); ++a)
                k += n.result.config.isRemoved(anchors.globalId(l, a)) ? 0 : 1;
            kept.push_back(k);
        }
        ns.push_back({{"index", n.index},
                      {"parent", n.parent},
                      {"removed", n.result.config.removed},
                      {"kept_per_level", kept},
                      {"stats", stats},
                      {"head_macs", n.result.headMacs},
                      {"boxes", n.result.boxes},
                      {"latency_ms", n.result.latencyMs < 0 ? nlohmann::json(nullptr) : nlohmann::json(n.result.latencyMs)},
                      {"measured_latency_ms", n.measuredLatencyMs < 0 ? nlohmann::json(nullptr) : nlohmann::json(n.measuredLatencyMs)},
                      {"candidates_per_image", n.result.candidatesPerImage},
                      {"cost", n.cost},
                      {"on_front", n.onFront}});
    }
    j["nodes"] = ns;
    j["front"] = front;
    return j;
}

SearchResult SearchResult::fromJson(const nlohmann::json& j)
{
    SearchResult r;
    try {
        r.strategy = j.at("strategy").get<std::string>();
        r.objective = objectiveFromString(j.at("objective").get<std::string>());
        r.minAp = j.at("min_ap").get<double>();
        r.baselineAp = j.at("baseline_ap").get<double>();
        r.fullCost = j.at("full_cost").get<double>();
        r.hypervolume = j.at("hypervolume").get<double>();
        r.complete = j.value("complete", true);
        r.replayed = jsonaccess::integerOr<int>(j, "replayed", 0);
        for (const auto& h : j.at("hypervolume_by_evaluations"))
            r.hypervolumeByEvaluations.emplace_back(jsonaccess::integerAt<int>(h, "evaluations"), h.at("hypervolume").get<double>());
        for (const auto& n : j.at("nodes")) {
            SearchNode s;
            s.index = jsonaccess::integerAt<int>(n, "index");
            s.parent = jsonaccess::integerAt<int>(n, "parent");
            s.result.config = Configuration{jsonaccess::integers(n.at("removed"))};
            for (int i = 0; i < kCocoStatCount; ++i)
                s.result.stats[size_t(i)] = n.at("stats").at(kCocoStatNames[size_t(i)]).get<double>();
            s.result.headMacs = jsonaccess::integerAt<int64_t>(n, "head_macs");
            s.result.boxes = jsonaccess::integerAt<int64_t>(n, "boxes");
            const auto& lat = n.at("latency_ms");
            s.result.latencyMs = lat.is_null() ? -1 : lat.get<double>();
            const auto& mlat = n.at("measured_latency_ms");
            s.measuredLatencyMs = mlat.is_null() ? -1 : mlat.get<double>();
            s.result.candidatesPerImage = n.at("candidates_per_image").get<double>();
            s.cost = n.at("cost").get<double>();
            s.onFront = n.at("on_front").get<bool>();
            if (s.index != int(r.nodes.size()) || s.parent >= s.index)
                throw InputError("search node " + std::to_string(s.index) + " is out of order");
            r.nodes.push_back(std::move(s));
        }
        r.front = jsonaccess::integers(j.at("front"));
        for (int f : r.front)
            if (f < 0 || f >= int(r.nodes.size()))
                throw InputError("the search front names node " + std::to_string(f) + ", which does not exist");
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("malformed search result: ") + jsonaccess::describe(e));
    }
    return r;
}

} // namespace anchorscope
