// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Searches for the Pareto front of (accuracy ↑, cost ↓) over anchor configurations
// (docs/design.md §1, §5). Deterministic, memoised (through ConfigEvaluator), with progress and
// cancel; every evaluated node is recorded with its parent. The strategies (paper, layerwise,
// shared, exhaustive, greedy, ranked, refine) are listed in prune/search_strategies.h, each
// in its own file under prune/strategies/.
#include "prune/config_evaluator.h"

#include <nlohmann/json.hpp>

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace anchorscope {

// maxEvaluations meaning "no budget": the search's size is then unknown in advance.
constexpr int kNoBudget = 100000;

enum class Objective { Macs, Boxes, Latency };
Objective objectiveFromString(const std::string& s); // throws InputError
std::string toString(Objective o);                  // macs, boxes, latency

// A result's cost under an objective: head MACs, boxes, or the post-processing latency —
// predicted by `latency` when given, else the result's own prediction (ConfigResult::latencyMs).
double objectiveCost(const ConfigResult& r, Objective o, const LatencyModel* latency = nullptr);
// The same relative to the full configuration's cost (1 when that is not positive).
double relativeObjectiveCost(const ConfigResult& r, const ConfigResult& full, Objective o,
                             const LatencyModel* latency = nullptr);

struct SearchOptions {
    std::string strategy = "refine"; // a name of searchStrategies()
    Objective objective = Objective::Macs;
    double minAp = -1;          // absolute; < 0: baseline AP − maxDrop
    double maxDrop = 0.01;
    int maxEvaluations = kNoBudget; // a budget below kNoBudget bounds the progress fraction
    int maxUnits = 18;          // exhaustive: refuse larger spaces
    // Resume: the nodes of an earlier, interrupted run of the same search on the same cache.
    // The deterministic strategy replays them without evaluating and goes on from there.
    const struct SearchResult* resumeFrom = nullptr;
    // On cancel, return what was found (complete = false) instead of throwing.
    bool partialOnCancel = false;
    // refine: the front to start from (a finished search on the same cache); null: refine
    // runs `ranked` first and starts from its front.
    const struct SearchResult* seedFront = nullptr;
};

// A front point on the validation images (prune/validation.h): its statistics there and
// ΔAP / ΔAP50 against the full model with paired bootstrap intervals.
struct NodeValidation {
    std::array<double, kCocoStatCount> stats{};
    double deltaAp = 0, deltaAp50 = 0;
    std::array<double, 2> deltaApCi{}, deltaAp50Ci{};
    bool hasInterval = false; // false: evaluated live, the interval not computed yet
};

// Which images validated a search and how.
struct SearchValidation {
    std::string cache;  // identity of the validation cache
    size_t images = 0;
    int replicates = 0;
    uint64_t seed = 0;
    double level = 0.95;
    double maxDrop = 0;  // the promise checked: ΔAP interval at or above −maxDrop
    std::array<double, kCocoStatCount> baseline{}; // the full model on the validation images
};

struct SearchNode {
    int index = 0;
    int parent = -1;
    ConfigResult result;
    double cost = 0;        // objective value
    bool onFront = false;
    double measuredLatencyMs = -1; // front points, latency objective: timed, not predicted
    std::optional<NodeValidation> validation; // front points of a validated search
};

struct SearchResult {
    std::string strategy;
    Objective objective = Objective::Macs;
    double minAp = 0;
    double baselineAp = 0;
    double fullCost = 0;
    std::vector<SearchNode> nodes;          // in evaluation order
    std::vector<int> front;                 // node indices, by cost ascending
    std::vector<std::pair<int, double>> hypervolumeByEvaluations;
    double hypervolume = 0;
    bool complete = true;    // false: cancelled or out of evaluations; can be resumed
    int replayed = 0;        // nodes taken from the resumed run
    // refine: every front point's whole neighbourhood was evaluated (no neighbour dominates
    // a front point), and what the neighbourhood is; where the seed front came from.
    bool locallyOptimal = false;
    std::string neighbourhood;
    std::string seed;
    int seedNodes = 0;       // evaluations spent on making the seed front
    std::optional<SearchValidation> validation;
    int recommended = -1;    // validated searches: the recommended node, or -1 (none)

    nlohmann::json toJson(const AnchorSet& anchors) const;
    // Reads toJson's output back (projects, resumed sessions); throws InputError.
    static SearchResult fromJson(const nlohmann::json& j);
};

using NodeCallback = std::function<void(const SearchNode&)>;

// Runs the strategy named by opt.strategy (prune/search_strategies.h); throws InputError for
// an unknown name or a strategy that cannot search the cache's head.
SearchResult runSearch(ConfigEvaluator& ev, const SearchOptions& opt, const ProgressToken* progress = nullptr,
                       const NodeCallback& onNode = {});
// The same with a strategy given directly (tests try strategies that are not registered).
struct SearchStrategy;
SearchResult runSearchWith(const SearchStrategy& strategy, ConfigEvaluator& ev, const SearchOptions& opt,
                           const ProgressToken* progress = nullptr, const NodeCallback& onNode = {});

// Indices of the points no other point dominates (cost ≤ and AP ≥, one of them strictly),
// by cost ascending: the front of what a search has evaluated so far. Of points equal in
// cost and AP, the first stands for all of them.
std::vector<size_t> nondominated(const std::vector<std::pair<double, double>>& costAp);
// The same kept up to date point by point, for a list that only grows: after each add()
// (indices in the order the points were made), points() is nondominated() of every point
// added — without sorting them all again, which over a search's tens of thousands of nodes
// would cost more than many evaluations.
class IncrementalFront {
public:
    void add(size_t index, double cost, double ap);
    const std::vector<size_t>& points() const { return points_; }

private:
    std::vector<size_t> points_;
    std::vector<double> cost_, ap_; // of points_
};
// A search's front: the non-dominated nodes at or above minAp, and the root (node 0) when
// nothing dominates it; by cost ascending. The one definition the search, the window and
// the reports use.
std::vector<int> frontOf(const std::vector<SearchNode>& nodes, double minAp);

// Hypervolume in (cost / full cost, AP) against the reference point (1, minAp).
double hypervolume(const std::vector<std::pair<double, double>>& costAp, double minAp);

} // namespace anchorscope
