// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Searches for the Pareto front of (accuracy ↑, cost ↓) over anchor configurations
// (docs/design.md §1, §5). Deterministic, memoised (through ConfigEvaluator), with progress and
// cancel; every evaluated node is recorded with its parent.
//   paper      the published search in reference mode (ascending children, LIFO stack,
//              AP rounded to 3 decimals, greedy first-better child, local fronts)
//   layerwise  the paper search one level at a time
//   shared     units are "anchor index on every level" and "whole level"
//   exhaustive every subset of the units (small spaces only)
//   greedy     Anchorscope's own: at each step evaluate every child and follow the one
//              with the best cost saved per AP lost; children on the way feed the front
//   ranked     Anchorscope's own, for hypervolume per evaluation: rank units by AP lost
//              per cost saved alone, remove them in that order while AP stays ≥ min AP,
//              re-rank what is left and repeat (about 2–3 evaluations per unit)
#include "prune/config_evaluator.h"

#include <nlohmann/json.hpp>

#include <functional>
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
    std::string strategy = "paper";
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
};

struct SearchNode {
    int index = 0;
    int parent = -1;
    ConfigResult result;
    double cost = 0;        // objective value
    bool onFront = false;
    double measuredLatencyMs = -1; // front points, latency objective: timed, not predicted
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

    nlohmann::json toJson(const AnchorSet& anchors) const;
    // Reads toJson's output back (projects, resumed sessions); throws InputError.
    static SearchResult fromJson(const nlohmann::json& j);
};

using NodeCallback = std::function<void(const SearchNode&)>;

SearchResult runSearch(ConfigEvaluator& ev, const SearchOptions& opt, const ProgressToken* progress = nullptr,
                       const NodeCallback& onNode = {});

// Indices of the points no other point dominates (cost ≤ and AP ≥, one of them strictly),
// by cost ascending: the front of what a search has evaluated so far.
std::vector<size_t> nondominated(const std::vector<std::pair<double, double>>& costAp);

// Hypervolume in (cost / full cost, AP) against the reference point (1, minAp).
double hypervolume(const std::vector<std::pair<double, double>>& costAp, double minAp);

} // namespace anchorscope
