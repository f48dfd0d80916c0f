// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/search.h"

#include "prune/search_context.h"
#include "prune/search_strategies.h"
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

// The final front, measured latencies and hypervolume of a finished (or stopped) search.
void finish(SearchResult& res, const ConfigEvaluator& ev, const SearchOptions& opt, const ProgressToken* progress)
{
    res.front = frontOf(res.nodes, res.minAp);
    for (int i : res.front) {
        SearchNode& n = res.nodes[size_t(i)];
        n.onFront = true;
        if (opt.objective == Objective::Latency) // front points are measured, not predicted
            n.measuredLatencyMs = measurePostprocessMs(ev.settings(), ev.cache().meta.numClasses, int(n.result.boxes),
                                                       int(std::lround(n.result.candidatesPerImage)));
    }
    // Hypervolume against evaluations.
    std::vector<std::pair<double, double>> pts;
    for (const auto& n : res.nodes) {
        pts.emplace_back(res.fullCost > 0 ? n.cost / res.fullCost : 1.0, n.result.stats[0]);
        const int k = int(pts.size());
        if (k == 1 || (k & (k - 1)) == 0 || k == int(res.nodes.size()) || k % 50 == 0)
            res.hypervolumeByEvaluations.emplace_back(k, hypervolume(pts, res.minAp));
    }
    res.hypervolume = hypervolume(pts, res.minAp);
    reportProgress(progress, 1.0, "search finished");
}

} // namespace

std::vector<int> frontOf(const std::vector<SearchNode>& nodes, double minAp)
{
    std::vector<std::pair<double, double>> costAp;
    costAp.reserve(nodes.size());
    for (const auto& n : nodes)
        costAp.emplace_back(n.cost, n.result.stats[0]);
    std::vector<int> front;
    for (size_t i : nondominated(costAp))
        if (i == 0 || nodes[i].result.stats[0] >= minAp)
            front.push_back(int(i));
    return front;
}

std::vector<size_t> nondominated(const std::vector<std::pair<double, double>>& costAp)
{
    std::vector<size_t> order(costAp.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    // By cost ascending, AP descending, then first evaluated: a point is on the front when its
    // AP beats every cheaper point's; of points equal in both, the first stands for them.
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (costAp[a].first != costAp[b].first)
            return costAp[a].first < costAp[b].first;
        return costAp[a].second > costAp[b].second;
    });
    std::vector<size_t> front;
    for (size_t i : order)
        if (front.empty() || costAp[i].second > costAp[front.back()].second)
            front.push_back(i);
    return front;
}

void IncrementalFront::add(size_t index, double cost, double ap)
{
    // nondominated()'s scan takes the new point (last among equals in cost and AP) when its
    // AP beats every AP before it in the order — the last front point before it holds that
    // maximum — and then drops the points after it whose AP it matches or beats. The front's
    // costs and APs both strictly increase.
    const size_t before = size_t(std::partition_point(cost_.begin(), cost_.end(), [&](double c) { return c < cost; })
                                 - cost_.begin());
    size_t at = before;
    if (at < cost_.size() && cost_[at] == cost && ap_[at] >= ap)
        ++at; // the point of equal cost sorts before it
    if (at > 0 && ap_[at - 1] >= ap)
        return;
    size_t end = at;
    while (end < ap_.size() && ap_[end] <= ap)
        ++end;
    points_.erase(points_.begin() + long(at), points_.begin() + long(end));
    cost_.erase(cost_.begin() + long(at), cost_.begin() + long(end));
    ap_.erase(ap_.begin() + long(at), ap_.begin() + long(end));
    points_.insert(points_.begin() + long(at), index);
    cost_.insert(cost_.begin() + long(at), cost);
    ap_.insert(ap_.begin() + long(at), ap);
}

SearchResult runSearch(ConfigEvaluator& ev, const SearchOptions& opt, const ProgressToken* progress, const NodeCallback& onNode)
{
    return runSearchWith(searchStrategy(opt.strategy), ev, opt, progress, onNode);
}

SearchResult runSearchWith(const SearchStrategy& strategy, ConfigEvaluator& ev, const SearchOptions& opt,
                           const ProgressToken* progress, const NodeCallback& onNode)
{
    if (ev.cache().meta.sharedHead && !strategy.sharedHeads)
        throw InputError(std::string("the ") + strategy.name + " search does not work on a shared head (every level shares the final "
                         "convs); use one of the strategies that do");
    SearchContext ctx(ev, opt, progress, onNode);
    SearchResult& res = ctx.mutableResult();
    res.strategy = strategy.name;
    res.objective = opt.objective;
    const int root = ctx.node({}, -1);
    res.baselineAp = ctx.ap(root);
    if (opt.resumeFrom && opt.resumeFrom->baselineAp != res.baselineAp)
        throw InputError("the search to resume was made on another cache (its baseline AP differs)");
    res.fullCost = ctx.cost(root);
    res.minAp = opt.minAp >= 0 ? opt.minAp : res.baselineAp - opt.maxDrop;
    ctx.updateFront(root);
    try {
        strategy.run(ctx, root);
    } catch (const SearchContext::BudgetExhausted&) {
        res.complete = false;
    } catch (const CancelledError&) {
        if (!opt.partialOnCancel)
            throw;
        res.complete = false;
    }
    if (!res.complete)
        res.locallyOptimal = false;
    finish(res, ev, opt, progress);
    return std::move(res);
}

namespace {

nlohmann::json statsToJson(const std::array<double, kCocoStatCount>& stats)
{
    nlohmann::json j;
    for (int i = 0; i < kCocoStatCount; ++i)
        j[kCocoStatNames[size_t(i)]] = stats[size_t(i)];
    return j;
}

std::array<double, kCocoStatCount> statsFromJson(const nlohmann::json& j)
{
    std::array<double, kCocoStatCount> s{};
    for (int i = 0; i < kCocoStatCount; ++i)
        s[size_t(i)] = j.at(kCocoStatNames[size_t(i)]).get<double>();
    return s;
}

nlohmann::json validationToJson(const NodeValidation& v)
{
    nlohmann::json j{{"stats", statsToJson(v.stats)}, {"delta_ap", v.deltaAp}, {"delta_ap50", v.deltaAp50}};
    j["delta_ap_ci"] = v.hasInterval ? nlohmann::json{v.deltaApCi[0], v.deltaApCi[1]} : nlohmann::json(nullptr);
    j["delta_ap50_ci"] = v.hasInterval ? nlohmann::json{v.deltaAp50Ci[0], v.deltaAp50Ci[1]} : nlohmann::json(nullptr);
    return j;
}

NodeValidation validationFromJson(const nlohmann::json& j)
{
    NodeValidation v;
    v.stats = statsFromJson(j.at("stats"));
    v.deltaAp = j.at("delta_ap").get<double>();
    v.deltaAp50 = j.at("delta_ap50").get<double>();
    const auto& ci = j.at("delta_ap_ci");
    const auto& ci50 = j.at("delta_ap50_ci");
    v.hasInterval = !ci.is_null();
    if (v.hasInterval) {
        v.deltaApCi = {ci.at(0).get<double>(), ci.at(1).get<double>()};
        v.deltaAp50Ci = {ci50.at(0).get<double>(), ci50.at(1).get<double>()};
    }
    return v;
}

} // namespace

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
    j["locally_optimal"] = locallyOptimal;
    j["neighbourhood"] = neighbourhood.empty() ? nlohmann::json(nullptr) : nlohmann::json(neighbourhood);
    j["seed"] = seed.empty() ? nlohmann::json(nullptr) : nlohmann::json(seed);
    j["seed_evaluations"] = seedNodes;
    nlohmann::json hv = nlohmann::json::array();
    for (const auto& [k, v] : hypervolumeByEvaluations)
        hv.push_back({{"evaluations", k}, {"hypervolume", v}});
    j["hypervolume_by_evaluations"] = hv;
    nlohmann::json ns = nlohmann::json::array();
    for (const auto& n : nodes) {
        const nlohmann::json stats = statsToJson(n.result.stats);
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
        if (n.validation)
            ns.back()["validation"] = validationToJson(*n.validation);
    }
    j["nodes"] = ns;
    j["front"] = front;
    if (validation) {
        const SearchValidation& v = *validation;
        j["validation"] = {{"cache", v.cache},
                           {"images", v.images},
                           {"max_drop", v.maxDrop},
                           {"baseline", statsToJson(v.baseline)},
                           {"bootstrap", {{"replicates", v.replicates}, {"seed", v.seed}, {"level", v.level}}}};
        j["recommended"] = recommended < 0 ? nlohmann::json(nullptr) : nlohmann::json(recommended);
    }
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
        r.locallyOptimal = j.value("locally_optimal", false);
        if (j.contains("neighbourhood") && j["neighbourhood"].is_string())
            r.neighbourhood = j["neighbourhood"].get<std::string>();
        if (j.contains("seed") && j["seed"].is_string())
            r.seed = j["seed"].get<std::string>();
        r.seedNodes = jsonaccess::integerOr<int>(j, "seed_evaluations", 0);
        for (const auto& h : j.at("hypervolume_by_evaluations"))
            r.hypervolumeByEvaluations.emplace_back(jsonaccess::integerAt<int>(h, "evaluations"), h.at("hypervolume").get<double>());
        for (const auto& n : j.at("nodes")) {
            SearchNode s;
            s.index = jsonaccess::integerAt<int>(n, "index");
            s.parent = jsonaccess::integerAt<int>(n, "parent");
            s.result.config = Configuration{jsonaccess::integers(n.at("removed"))};
            s.result.stats = statsFromJson(n.at("stats"));
            if (n.contains("validation"))
                s.validation = validationFromJson(n.at("validation"));
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
        if (j.contains("validation")) {
            const auto& v = j.at("validation");
            SearchValidation sv;
            sv.cache = v.at("cache").get<std::string>();
            sv.images = jsonaccess::integerAt<size_t>(v, "images");
            sv.maxDrop = v.at("max_drop").get<double>();
            sv.baseline = statsFromJson(v.at("baseline"));
            const auto& b = v.at("bootstrap");
            sv.replicates = jsonaccess::integerAt<int>(b, "replicates");
            sv.seed = jsonaccess::integerAt<uint64_t>(b, "seed");
            sv.level = b.at("level").get<double>();
            r.validation = sv;
            const auto& rec = j.at("recommended");
            r.recommended = rec.is_null() ? -1 : jsonaccess::integerAt<int>(j, "recommended");
            if (r.recommended >= int(r.nodes.size()))
                throw InputError("the search recommends node " + std::to_string(r.recommended) + ", which does not exist");
        }
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("malformed search result: ") + jsonaccess::describe(e));
    }
    return r;
}

} // namespace anchorscope
