// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Evaluating configurations from a prediction cache (docs/design.md §1, §5): drop the removed
// anchors' candidates, run the shared post-processing per image, COCO-evaluate, cost.
// Incremental: a child (parent + more removed anchors) re-selects only the images where a
// newly removed candidate was kept by the parent — or could enter through a top-k cap that
// bound there, or (torchvision tie rule) could reorder tied scores in what top-k returns or
// change batched_nms's path or its coordinate offsets — and re-selects each such image
// whole, so every cap (top-k, per-image maximum) that may free slots for other classes is
// honoured; it re-matches only the categories whose detections changed in those images (in
// content or order) and re-accumulates only the categories that changed anywhere. Results
// are memoised. Under the rank rule each re-selected image also starts from the parent's
// decisions (SelectionOptions::Parent): IoU tests only where the change can reach.
#include "eval/coco_eval.h"
#include "models/cost.h"
#include "anchors/configuration.h"
#include "prune/latency_model.h"
#include "prune/prediction_cache.h"

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace anchorscope {

struct ConfigResult {
    Configuration config;
    std::array<double, kCocoStatCount> stats{};
    std::vector<double> perCategoryAP;
    int64_t headMacs = 0;
    int64_t boxes = 0;
    double latencyMs = -1; // predicted by the latency model, when one is set
    double candidatesPerImage = 0;
    size_t detections = 0;
};

class ConfigEvaluator {
public:
    // `settings` default to the cache's; their threshold must be ≥ the cache's.
    explicit ConfigEvaluator(const PredictionCache& cache, int threads = 2);
    ConfigEvaluator(const PredictionCache& cache, const PostProcessSettings& settings, int threads = 2);

    // What the post-processing keeps of one cached image: positions in its candidate view,
    // in the order of the result (rank rule: ascending, the cache being in rank order).
    struct ImageSelection {
        std::vector<uint32_t> kept;
        std::vector<uint32_t> keptSorted; // torchvision rule: `kept` ascending (for lookups)
        size_t detections = 0; // kept candidates of a dataset category
        bool topkCut = false;  // the pre-NMS top-k dropped a candidate here
        // Rank rule: NMS-suppressed positions (ascending) and a suppressor of each, for the
        // selections of children (SelectionOptions::Parent).
        std::vector<uint32_t> suppressed, suppressor;
        TieSensitivity ties;   // torchvision rule: what else a removal can change
        const std::vector<uint32_t>& ascending() const { return keptSorted.empty() ? kept : keptSorted; }
    };
    // A state's per-image records and summary blocks are immutable, shared with the parent
    // wherever nothing changed.
    struct State {
        Configuration config;
        std::vector<std::shared_ptr<const ImageSelection>> perImage; // by cache image
        // The COCO matching of each image (by COCO image index); the categories whose
        // buckets changed against the parent; the parent's summary (if scored) and this
        // state's, once scored with keep.
        std::vector<std::shared_ptr<const CocoImageEval>> evals;
        std::vector<uint8_t> changedCategories;
        std::shared_ptr<const CocoSummary> parentCoco, coco;
        size_t reselectedImages = 0; // images whose post-processing ran for this state
    };

    State detections(const Configuration& c) const; // from scratch
    // Incremental from any other state: images are selected again where an anchor `child`
    // adds had a candidate the parent kept (or could let one in), and wherever an anchor
    // `child` puts back has a candidate.
    State childDetections(const State& parent, const Configuration& child) const;
    ConfigResult score(const State& s) const;       // COCO stats + cost
    // The same, keeping the COCO result in the state so that its children accumulate only
    // the categories they change.
    ConfigResult scoreAndKeep(State& s) const;
    // The full COCO evaluation of a configuration (PR curves, per-category arrays), from
    // scratch and not memoised: for views that show more than the summary.
    CocoEvalResult cocoEvaluation(const Configuration& c) const;
    // The detections of one cached image (index into cache().images) under a configuration.
    std::vector<DetectionRecord> imageDetections(const Configuration& c, size_t image) const;
    // The detections of one cached image in a state.
    std::vector<DetectionRecord> detectionsOf(const State& s, size_t image) const;

    // Memoised evaluation from the nearest remembered state — or, given `near` (the node a
    // search is expanding), from near's state, made again when it is no longer remembered.
    ConfigResult evaluate(const Configuration& c, const Configuration* near = nullptr);
    // The same for several configurations near one node, evaluated concurrently — each
    // worker takes the next configuration and selects its images alone — and memoised in
    // order: a search's neighbourhood uses both cores even where a change re-selects too few
    // images to split. Equals evaluate() one by one.
    std::vector<ConfigResult> evaluateAll(const std::vector<Configuration>& configs, const Configuration* near);
    // The per-image COCO match records of a configuration (by COCO image index), made from
    // the nearest state there is: what the bootstrap re-weights.
    std::vector<std::shared_ptr<const CocoImageEval>> imageEvaluations(const Configuration& c);
    const CocoEvaluator& coco() const { return coco_; }
    size_t evaluations() const { return evaluations_; }
    // States made again to serve as parents (evaluations not counted above).
    size_t statesRemade() const { return statesRemade_; }
    const ConfigResult* memo(const Configuration& c) const;

    // With a latency model, every result also carries the predicted post-processing time.
    void setLatencyModel(const LatencyModel& m) { latency_ = m; hasLatency_ = true; }
    bool hasLatencyModel() const { return hasLatency_; }
    const LatencyModel& latencyModel() const { return latency_; }
    // Mean cached candidates per image above the evaluation threshold for a configuration.
    double candidatesPerImage(const Configuration& c) const;

    const PredictionCache& cache() const { return cache_; }
    const PostProcessSettings& settings() const { return settings_; }
    CostReport cost(const Configuration& c) const;
    const std::vector<uint32_t>& imagesWithAnchor(int anchor) const { return imagesWithAnchor_[size_t(anchor)]; }

private:
    // Selects the detections of `images` into out.perImage and, unless `detectionsOnly`,
    // evaluates them (reusing the parent's unchanged buckets) into out.evals.
    // With a parent and `anchorChange` (per anchor: kAnchorAdded, kAnchorRestored or
    // kAnchorSame against the parent; rank rule), each image's selection takes the parent's
    // decisions for the classes the change leaves alone (SelectionOptions::parentKept).
    void selectImages(const std::vector<uint32_t>& images, const std::vector<uint8_t>& mask, State& out,
                      const State* parent, bool detectionsOnly = false,
                      const std::vector<uint8_t>* anchorChange = nullptr) const;
    // The images whose selection can differ from the parent's once `added` anchors go too.
    std::vector<uint32_t> affectedImages(const State& parent, const std::vector<int>& added) const;
    void affectedUnderTorchvisionRule(const State& parent, const std::vector<int>& added,
                                      std::vector<uint8_t>& affected) const;
    ConfigResult resultOf(const State& s, const CocoSummary& coco) const;
    // The state c is best made from: the closest remembered one (near's, made again when
    // it is no longer remembered), or null for from scratch.
    std::shared_ptr<State> parentFor(const Configuration& c, const Configuration* near = nullptr);
    // The state of c, made from parentFor(c, near).
    std::shared_ptr<State> stateFor(const Configuration& c, const Configuration* near = nullptr);
    std::shared_ptr<State> nearestState(const std::vector<int>& target, size_t& distance) const;
    static size_t distance(const std::vector<int>& to, const std::vector<int>& from);
    // Threads for one evaluation: 1 inside evaluateAll's workers (they run side by side).
    int innerThreads() const;
    void remember(const std::shared_ptr<State>& state);
    // Forgets a remembered state; it is freed later, by an idle worker (evaluateAll).
    void retire(const std::vector<int>& key);
    // A state a search named as `near` (a node it expands): kept in its own tier, so the
    // children evaluated since do not push it out before the search comes back to it.
    void keepAsNode(const std::shared_ptr<State>& state);

    const PredictionCache& cache_;
    PostProcessSettings settings_;
    int threads_;
    CocoEvaluator coco_;
    const ArchitectureSpec* arch_ = nullptr;
    std::vector<std::vector<uint32_t>> imagesWithAnchor_;
    // Per anchor, its candidates as (cache image, position in the image's view), by image.
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> candidatesByAnchor_;
    std::vector<size_t> cocoIndex_; // cache image → COCO image index
    std::vector<int32_t> categoryOfLabel_; // score column → COCO category index, or -1
    // Per cached candidate: its anchor id if it is a candidate at these settings, else 255
    // (SelectionOptions::anchorCode); empty with 255 anchors or more.
    std::vector<uint8_t> anchorCode_;
    std::vector<size_t> candidatesOfAnchor_; // above the evaluation threshold
    // Torchvision rule: every cached image's positions in canonical top-k group order.
    std::vector<uint32_t> groupOrder_;
    LatencyModel latency_;
    bool hasLatency_ = false;
    std::map<std::vector<int>, ConfigResult> memo_;
    std::map<std::vector<int>, std::shared_ptr<State>> states_; // recent states, as parents
    std::vector<std::vector<int>> stateOrder_; // least recently used first
    std::vector<std::vector<int>> nodeOrder_;  // the expanded nodes' tier, the same way
    // A state costs a few KB per image that changed against its parent: 32 for up to 500
    // images (an expanded SSD300 node's 30 children and the node itself fit), fewer for
    // larger caches, at least 8. The expanded nodes: twice as many, up to 128 (refine returns
    // to each of its ~60 front points again and again; 108 on the 295-image demo).
    size_t rememberedStates_ = 32, rememberedNodes_ = 64;
    // Configurations evaluateAll makes at a time (their states alive together), at least one
    // per thread.
    static constexpr size_t kInFlight = 8;
    std::vector<std::shared_ptr<State>> retired_; // forgotten, not freed yet
    size_t evaluations_ = 0, statesRemade_ = 0;
};

} // namespace anchorscope
