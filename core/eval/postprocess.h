// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Post-processing as data (docs/design.md §5) and the ONE function that turns candidates into
// detections. Both the raw-output path (model → scores → candidates → detections) and the
// prediction-cache path (cached candidates minus removed anchors → detections) call
// selectDetections(), which is what makes cache evaluation equal to running the pruned model.
//
// Two tie rules (docs/architecture.md, "Tie rules"); both are deterministic.
//  * rank (Anchorscope's own; native models, and packages written before the rule was
//    named): candidates are ranked by (score descending, box index ascending, label
//    ascending); top-k, NMS and the per-image cap all follow that order.
//  * torchvision (imported torchvision models): the algorithms of torchvision 0.14 on
//    torch 1.13 (eval/torchvision_selection.h), so that exact score ties, which saturated
//    classifiers produce all the time, are broken as torchvision breaks them.
#include "geometry/box.h"
#include "geometry/box_coder.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace anchorscope {

enum class ScoreFunction { Softmax, Sigmoid };
enum class TieRule { Rank, Torchvision };
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
    // Suppress when IoU > nmsIou (strict); the IoU is computed in float and compared as a
    // double with this double, as torchvision's NMS kernel does (0.55 is not 0.55f).
    double nmsIou = 0.45;
    bool classAgnosticNms = false;
    int maxDetections = 200;      // per image; <= 0: unlimited
    bool clipBoxes = true;
    BoxCoderWeights coderWeights = BoxCoderWeights::ssd();
    float dwhClamp = BoxCoder::kDefaultClamp;
    // Absent from anchorscope.json: rank (what every package before the field meant).
    TieRule tieRule = TieRule::Rank;

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
std::string toString(TieRule r);
TieRule tieRuleFromString(const std::string& s);             // throws InputError
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

// The top-k group of a candidate: its class (per_class), its level (per_level), else 0.
inline int32_t topkGroupOf(const CandidateView& v, uint32_t i, TopKMode m)
{
    return m == TopKMode::PerClass ? v.labels[i] : m == TopKMode::PerLevel && v.level ? int32_t(v.level[i]) : 0;
}

// Under the torchvision rule, what decides whether taking away candidates that were not
// kept can change an image's result (the configuration evaluator's shortcut): top-k groups
// whose output depends on more than the scores (an exact tie among what top-k returned or
// at its cut) or that were cut, and the state of batched_nms (its coordinate-trick path
// depends on the largest coordinate of its input and on the input having ≤ 1000 boxes).
struct TieSensitivity {
    struct Group {
        int32_t group = 0;
        bool tied = false; // equal scores among the returned, or at the cut
        bool cut = false;  // more candidates than k
        float kth = 0;     // the smallest returned score (cut groups)
    };
    std::vector<Group> groups; // ascending group; only tied or cut groups
    bool coordinateTrick = false;
    float maxCoordinate = 0;   // of the boxes batched_nms got
    uint32_t atMaxCoordinate = 0; // how many of them reach it
    uint32_t selected = 0;     // how many boxes batched_nms got
    // batched_nms's per-class loop sorts every NMS survivor (not stable) before the cap
    // cuts: when survivors tie, removing one that the cap cut reorders the others. Those
    // survivors (positions, ascending) in that case, else empty.
    std::vector<uint32_t> cutSurvivors;
    const Group* find(int32_t group) const;
};

// Reusable scratch space so per-image selection allocates nothing in steady state.
// The boxes greedy NMS has kept in one class so far, as columns (the IoU test against all of
// them is one vectorisable loop) with each box's area computed once.
struct KeptBoxes {
    std::vector<float> x1, y1, x2, y2, area;
    std::vector<uint32_t> pos; // the kept candidates' positions
    void clear();
    void push(const Boxf& b, uint32_t position);
    size_t size() const { return area.size(); }
};

struct SelectionWorkspace {
    std::vector<uint32_t> order;
    std::vector<int32_t> perGroupCount;
    std::vector<KeptBoxes> keptPerClass;
    std::vector<KeptBoxes> newPerClass; // with a parent: kept here, not there
    std::vector<uint64_t> keptBits;     // with a parent: the positions kept so far
    // Set by selectDetections (rank rule): the candidates NMS suppressed (positions,
    // ascending) and for each a kept candidate that suppressed it — what a later selection
    // from this one reuses (SelectionOptions::parent).
    std::vector<uint32_t> suppressed, suppressor;
    // Set by selectDetections: whether the pre-NMS top-k dropped a candidate before the
    // selection ended (the per-image cap ends it early: nothing ranked after that point is
    // looked at). When it did not, removing candidates that were not kept cannot change what
    // is kept (greedy NMS only ever compares against kept boxes, and a top-k slot freed
    // below the point where the cap stopped lets in only a candidate ranked below it) — the
    // configuration evaluator's shortcut.
    bool topkCut = false;
    // Set under the torchvision rule (the shortcut needs more there).
    TieSensitivity ties;
    // Torchvision-rule scratch.
    std::vector<uint32_t> groupOrder, selected, scratchU32;
    std::vector<float> groupScores;
    std::vector<std::pair<float, int32_t>> queue;
    std::vector<Boxf> shifted;
    std::vector<float> areas;
};

enum : uint8_t { kAnchorSame = 0, kAnchorAdded = 1, kAnchorRestored = 2 };

struct SelectionOptions {
    // Optional: removedAnchor[anchorId] != 0 drops that anchor's candidates first.
    const std::vector<uint8_t>* removedAnchor = nullptr;
    // Optional: a threshold above the settings' (e.g. evaluating at 0.05 from a 0.02 cache).
    float minScore = -std::numeric_limits<float>::infinity();
    // True when the view is already in ranking order (skips the sort).
    bool presorted = false;
    // Torchvision rule, optional: every position of the view ordered by (top-k group, box
    // index, label) — its canonical order — so that selection need not sort (the
    // configuration evaluator computes it once per cache).
    const uint32_t* groupOrder = nullptr;
    // Rank rule, presorted view, optional: a selection of the same view (the configuration
    // evaluator's parent) that differs from this one only by some anchors' candidates
    // (`anchorChange[anchor]`: kAnchorAdded — gone here, present there; kAnchorRestored —
    // present here, gone there): its kept positions, the positions NMS suppressed there with
    // a suppressor each (SelectionWorkspace::suppressed/suppressor, ascending) and the end of
    // what it looked at. Its decisions then spare most IoU tests: a candidate it kept can only
    // be suppressed by a box kept here and not there; one it suppressed by a box still kept
    // here is suppressed again.
    struct Parent {
        const std::vector<uint32_t>* kept = nullptr;
        const std::vector<uint32_t>* suppressed = nullptr;
        const std::vector<uint32_t>* suppressor = nullptr;
        uint32_t stop = 0;
    };
    const Parent* parent = nullptr;
    const std::vector<uint8_t>* anchorChange = nullptr;
    // Optional, presorted view: a byte per position — the candidate's anchor id when it is a
    // candidate at these settings (above the threshold, not background) and the id is below
    // 255, else 255 — and a 256-entry table, non-zero for the codes that do not exist here
    // (removed anchors, and 255). Positions are then skipped without reading the candidate.
    const uint8_t* anchorCode = nullptr;
    const uint8_t* codeGone = nullptr;
};

// Whether candidate i exists for selection: above `threshold` (strict), not the background
// column, not of a removed anchor.
inline bool candidateExists(const CandidateView& v, uint32_t i, float threshold, int backgroundIndex,
                            const SelectionOptions& opt)
{
    if (!(v.scores[i] > threshold) || v.labels[i] == backgroundIndex)
        return false;
    if (opt.removedAnchor && v.anchorId) {
        const int32_t a = v.anchorId[i];
        if (a >= 0 && size_t(a) < opt.removedAnchor->size() && (*opt.removedAnchor)[size_t(a)])
            return false;
    }
    return true;
}

// The canonical order above for a view (positions of all its candidates).
void canonicalGroupOrder(const CandidateView& v, TopKMode mode, std::vector<uint32_t>& out);

// Top-k, per-class (or class-agnostic) greedy NMS and the per-image cap. Returns indices
// into `view` in the order of the result: ranking order under the rank rule (ascending for a
// presorted view), torchvision's order under the torchvision rule. The score threshold is
// applied too (strict >).
std::vector<uint32_t> selectDetections(const CandidateView& view, const PostProcessSettings& s,
                                       SelectionWorkspace& ws, const SelectionOptions& opt = {});

// Plain greedy NMS over boxes (IoU > iou suppresses), per label unless labels is null.
// Processing order: score descending, then index ascending. Returns kept indices in that
// order. Same semantics as torchvision.ops.batched_nms up to its unstable tie order.
std::vector<uint32_t> batchedNms(const std::vector<Boxf>& boxes, const std::vector<float>& scores,
                                 const std::vector<int32_t>* labels, double iou);

// Raw head outputs of one image → candidates (score function, strict threshold, decode,
// clip), sorted by rank. logits: [numBoxes][numClasses]; regression: [numBoxes][4];
// priors: [numBoxes] xyxy in model-input pixels; boxLevel/boxAnchor: per box.
CandidateList candidatesFromRaw(const float* logits, const float* regression, const Boxf* priors,
                                const int16_t* boxLevel, const int32_t* boxAnchor, size_t numBoxes,
                                int numClasses, float imageWidth, float imageHeight,
                                const PostProcessSettings& s);

// The same from scores already computed ([numBoxes][numClasses]) and boxes already decoded
// and clipped ([numBoxes]) — for callers that compute them elsewhere (with ATen, to get
// torchvision's bits).
CandidateList candidatesFromScores(const float* scores, const Boxf* boxes, const int16_t* boxLevel,
                                   const int32_t* boxAnchor, size_t numBoxes, int numClasses,
                                   const PostProcessSettings& s);

} // namespace anchorscope
