// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Post-processing as data (DESIGN §5) and the ONE function that turns candidates into
// detections. Both the raw-output path (model → scores → candidates → detections) and the
// prediction-cache path (cached candidates minus removed anchors → detections) call
// selectDetections(), which is what makes cache evaluation equal to running the pruned model.
//
// Order contract: candidates are ranked by (score descending, box index ascending, label
// ascending). Top-k, NMS and the per-image cap all follow that order, so the result is
// deterministic even on exact score ties.
#include "geometry/box.h"
#include "geometry/box_coder.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace anchorscope {

enum class ScoreFunction { Softmax, Sigmoid };
enum class TopKMode {
    None,     // no pre-NMS cap
    PerClass, // top-k per class over the whole image (torchvision SSD / SSDlite)
    PerLevel  // top-k per feature level over (box, class) pairs (torchvision RetinaNet)
};

struct PostProcessSettings {
    ScoreFunction scoreFunction = ScoreFunction::Softmax;
    int backgroundIndex = 0;      // score column that is never a detection; -1: none
    float scoreThreshold = 0.01f; // a candidate needs score > threshold (strict)
    TopKMode topkMode = TopKMode::PerClass;
    int topk = 400;
    float nmsIou = 0.45f;         // suppress when IoU > nmsIou (strict)
    bool classAgnosticNms = false;
    int maxDetections = 200;      // per image; <= 0: unlimited
    bool clipBoxes = true;
    BoxCoderWeights coderWeights = BoxCoderWeights::ssd();
    float dwhClamp = BoxCoder::kDefaultClamp;

    static PostProcessSettings ssdTorchvision();       // softmax, bg 0, >0.01, top 400/class, IoU .45, 200
    static PostProcessSettings ssdliteTorchvision();   // softmax, bg 0, >0.001, top 300/class, IoU .55, 300
    static PostProcessSettings retinanetTorchvision(); // sigmoid, no bg, >0.05, top 1000/level, IoU .5, 300

    bool operator==(const PostProcessSettings& o) const;
    bool operator!=(const PostProcessSettings& o) const { return !(*this == o); }
    // Throws InputError if a value is out of range (negative IoU, NaN threshold, ...).
    void validate() const;
};

std::string toString(ScoreFunction f);
std::string toString(TopKMode m);
ScoreFunction scoreFunctionFromString(const std::string& s); // throws InputError
TopKMode topKModeFromString(const std::string& s);           // throws InputError

// Candidates of one image as parallel arrays (struct-of-arrays, as the cache stores them).
// `level` is only read for TopKMode::PerLevel; `anchorId` only when a removal mask is given.
struct CandidateView {
    const Boxf* boxes = nullptr;
    const float* scores = nullptr;
    const int32_t* labels = nullptr;   // score column
    const int32_t* boxIndex = nullptr; // flat box index in the image (levels in order)
    const int16_t* level = nullptr;
    const int32_t* anchorId = nullptr;
    size_t size = 0;
};

// Owned candidates, e.g. produced from raw outputs.
struct CandidateList {
    std::vector<Boxf> boxes;
    std::vector<float> scores;
    std::vector<int32_t> labels;
    std::vector<int32_t> boxIndex;
    std::vector<int16_t> level;
    std::vector<int32_t> anchorId;

    size_t size() const { return scores.size(); }
    void clear();
    void push(const Boxf& b, float score, int32_t label, int32_t box, int16_t lvl, int32_t anchor);
    void append(const CandidateList& other);
    CandidateView view() const;
    // Sorts into the ranking order of the contract above (stable, deterministic).
    void sortByRank();
};

// Reusable scratch space so per-image selection allocates nothing in steady state.
struct SelectionWorkspace {
    std::vector<uint32_t> order;
    std::vector<int32_t> perGroupCount;
    std::vector<std::vector<uint32_t>> keptPerClass;
    // Set by selectDetections: whether the pre-NMS top-k dropped a candidate. When it did
    // not, removing candidates that were not kept cannot change what is kept (greedy NMS
    // only ever compares against kept boxes) — the configuration evaluator's shortcut.
    bool topkCut = false;
};

struct SelectionOptions {
    // Optional: removedAnchor[anchorId] != 0 drops that anchor's candidates first.
    const std::vector<uint8_t>* removedAnchor = nullptr;
    // Optional: a threshold above the settings' (e.g. evaluating at 0.05 from a 0.02 cache).
    float minScore = -std::numeric_limits<float>::infinity();
    // True when the view is already in ranking order (skips the sort).
    bool presorted = false;
};

// Top-k, per-class (or class-agnostic) greedy NMS and the per-image cap. Returns indices
// into `view`, in ranking order. The score threshold is applied too (strict >).
std::vector<uint32_t> selectDetections(const CandidateView& view, const PostProcessSettings& s,
                                       SelectionWorkspace& ws, const SelectionOptions& opt = {});

// Plain greedy NMS over boxes (IoU > iou suppresses), per label unless labels is null.
// Processing order: score descending, then index ascending. Returns kept indices in that
// order. Same semantics as torchvision.ops.batched_nms up to its unstable tie order.
std::vector<uint32_t> batchedNms(const std::vector<Boxf>& boxes, const std::vector<float>& scores,
                                 const std::vector<int32_t>* labels, float iou);

// Raw head outputs of one image → candidates (score function, strict threshold, decode,
// clip), sorted by rank. logits: [numBoxes][numClasses]; regression: [numBoxes][4];
// priors: [numBoxes] xyxy in model-input pixels; boxLevel/boxAnchor: per box.
CandidateList candidatesFromRaw(const float* logits, const float* regression, const Boxf* priors,
                                const int16_t* boxLevel, const int32_t* boxAnchor, size_t numBoxes,
                                int numClasses, float imageWidth, float imageHeight,
                                const PostProcessSettings& s);

} // namespace anchorscope
