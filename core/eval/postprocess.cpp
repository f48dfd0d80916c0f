// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/postprocess.h"

#include "eval/torchvision_selection.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace anchorscope {

PostProcessSettings PostProcessSettings::ssdTorchvision()
{
    PostProcessSettings s;
    s.scoreFunction = ScoreFunction::Softmax;
    s.backgroundIndex = 0;
    s.scoreThreshold = 0.01f;
    s.topkMode = TopKMode::PerClass;
    s.topk = 400;
    s.nmsIou = 0.45;
    s.maxDetections = 200;
    s.coderWeights = BoxCoderWeights::ssd();
    return s;
}

PostProcessSettings PostProcessSettings::ssdliteTorchvision()
{
    PostProcessSettings s = ssdTorchvision();
    s.scoreThreshold = 0.001f;
    s.topk = 300;
    s.nmsIou = 0.55;
    s.maxDetections = 300;
    return s;
}

PostProcessSettings PostProcessSettings::retinanetTorchvision()
{
    PostProcessSettings s;
    s.scoreFunction = ScoreFunction::Sigmoid;
    s.backgroundIndex = -1;
    s.scoreThreshold = 0.05f;
    s.topkMode = TopKMode::PerLevel;
    s.topk = 1000;
    s.nmsIou = 0.5;
    s.maxDetections = 300;
    s.coderWeights = BoxCoderWeights::retinanet();
    return s;
}

bool PostProcessSettings::operator==(const PostProcessSettings& o) const
{
    return scoreFunction == o.scoreFunction && backgroundIndex == o.backgroundIndex
        && scoreThreshold == o.scoreThreshold && topkMode == o.topkMode && topk == o.topk
        && nmsIou == o.nmsIou && classAgnosticNms == o.classAgnosticNms && maxDetections == o.maxDetections
        && clipBoxes == o.clipBoxes && coderWeights == o.coderWeights && dwhClamp == o.dwhClamp
        && tieRule == o.tieRule;
}

void PostProcessSettings::validate() const
{
    if (!std::isfinite(scoreThreshold) || scoreThreshold < 0.f || scoreThreshold >= 1.f)
        throw InputError("post-processing: score threshold must be in [0, 1), got " + std::to_string(scoreThreshold));
    if (!std::isfinite(nmsIou) || nmsIou < 0.0 || nmsIou > 1.0)
        throw InputError("post-processing: NMS IoU must be in [0, 1], got " + std::to_string(nmsIou));
    if (topkMode != TopKMode::None && topk <= 0)
        throw InputError("post-processing: top-k must be positive, got " + std::to_string(topk));
    if (backgroundIndex < -1)
        throw InputError("post-processing: background index must be -1 (none) or a column, got "
                         + std::to_string(backgroundIndex));
    for (float w : {coderWeights.wx, coderWeights.wy, coderWeights.ww, coderWeights.wh})
        if (!std::isfinite(w) || w <= 0.f)
            throw InputError("post-processing: box coder weights must be positive");
    if (!std::isfinite(dwhClamp))
        throw InputError("post-processing: dw/dh clamp must be finite");
}

std::string toString(ScoreFunction f) { return f == ScoreFunction::Softmax ? "softmax" : "sigmoid"; }
std::string toString(TopKMode m)
{
    switch (m) {
    case TopKMode::None: return "none";
    case TopKMode::PerClass: return "per_class";
    case TopKMode::PerLevel: return "per_level";
    }
    return "none";
}
std::string toString(TieRule r) { return r == TieRule::Rank ? "rank" : "torchvision"; }
TieRule tieRuleFromString(const std::string& s)
{
    if (s == "rank")
        return TieRule::Rank;
    if (s == "torchvision")
        return TieRule::Torchvision;
    throw InputError("unknown tie rule '" + s + "' (expected rank or torchvision)");
}

const TieSensitivity::Group* TieSensitivity::find(int32_t group) const
{
    auto it = std::lower_bound(groups.begin(), groups.end(), group,
                               [](const Group& g, int32_t x) { return g.group < x; });
    return it != groups.end() && it->group == group ? &*it : nullptr;
}

void canonicalGroupOrder(const CandidateView& v, TopKMode mode, std::vector<uint32_t>& out)
{
    out.resize(v.size);
    std::iota(out.begin(), out.end(), 0u);
    std::sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
        const int32_t ga = topkGroupOf(v, a, mode), gb = topkGroupOf(v, b, mode);
        if (ga != gb)
            return ga < gb;
        const int32_t ba = v.boxIndex ? v.boxIndex[a] : int32_t(a), bb = v.boxIndex ? v.boxIndex[b] : int32_t(b);
        if (ba != bb)
            return ba < bb;
        return v.labels[a] < v.labels[b];
    });
}

ScoreFunction scoreFunctionFromString(const std::string& s)
{
    if (s == "softmax")
        return ScoreFunction::Softmax;
    if (s == "sigmoid")
        return ScoreFunction::Sigmoid;
    throw InputError("unknown score function '" + s + "' (expected softmax or sigmoid)");
}
TopKMode topKModeFromString(const std::string& s)
{
    if (s == "none")
        return TopKMode::None;
    if (s == "per_class")
        return TopKMode::PerClass;
    if (s == "per_level")
        return TopKMode::PerLevel;
    throw InputError("unknown top-k mode '" + s + "' (expected none, per_class or per_level)");
}

void CandidateList::clear()
{
    boxes.clear();
    scores.clear();
    labels.clear();
    boxIndex.clear();
    level.clear();
    anchorId.clear();
}

void CandidateList::push(const Boxf& b, float score, int32_t label, int32_t box, int16_t lvl, int32_t anchor)
{
    boxes.push_back(b);
    scores.push_back(score);
    labels.push_back(label);
    boxIndex.push_back(box);
    level.push_back(lvl);
    anchorId.push_back(anchor);
}

void CandidateList::append(const CandidateList& o)
{
    boxes.insert(boxes.end(), o.boxes.begin(), o.boxes.end());
    scores.insert(scores.end(), o.scores.begin(), o.scores.end());
    labels.insert(labels.end(), o.labels.begin(), o.labels.end());
    boxIndex.insert(boxIndex.end(), o.boxIndex.begin(), o.boxIndex.end());
    level.insert(level.end(), o.level.begin(), o.level.end());
    anchorId.insert(anchorId.end(), o.anchorId.begin(), o.anchorId.end());
}

CandidateView CandidateList::view() const
{
    return {boxes.data(), scores.data(), labels.data(), boxIndex.data(), level.data(), anchorId.data(), scores.size()};
}

namespace {

// Ranking order of the contract: score desc, box index asc, label asc.
struct RankLess {
    const float* scores;
    const int32_t* box;
    const int32_t* labels;
    bool operator()(uint32_t a, uint32_t b) const
    {
        if (scores[a] != scores[b])
            return scores[a] > scores[b];
        const int32_t ba = box ? box[a] : int32_t(a), bb = box ? box[b] : int32_t(b);
        if (ba != bb)
            return ba < bb;
        return labels[a] < labels[b];
    }
};

template <typename T>
std::vector<T> permuted(const std::vector<T>& v, const std::vector<uint32_t>& order)
{
    std::vector<T> out(v.size());
    for (size_t i = 0; i < order.size(); ++i)
        out[i] = v[order[i]];
    return out;
}

} // namespace

void CandidateList::sortByRank()
{
    std::vector<uint32_t> order(size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), RankLess{scores.data(), boxIndex.data(), labels.data()});
    boxes = permuted(boxes, order);
    scores = permuted(scores, order);
    labels = permuted(labels, order);
    boxIndex = permuted(boxIndex, order);
    level = permuted(level, order);
    anchorId = permuted(anchorId, order);
}

void KeptBoxes::clear()
{
    x1.clear();
    y1.clear();
    x2.clear();
    y2.clear();
    area.clear();
    pos.clear();
}

void KeptBoxes::push(const Boxf& b, uint32_t position)
{
    pos.push_back(position);
    x1.push_back(b.x1);
    y1.push_back(b.y1);
    x2.push_back(b.x2);
    y2.push_back(b.y2);
    area.push_back(b.area());
}

namespace {

// The largest float t ≤ d: a float f satisfies double(f) > d exactly when f > t, so the IoU
// test (float IoU compared as a double with the double threshold, as torchvision's kernel
// does) can stay in float.
float floatBelowOrAt(double d)
{
    float t = float(d);
    if (double(t) > d)
        t = std::nextafter(t, -std::numeric_limits<float>::infinity());
    return t;
}

// A kept box of `kept` that overlaps b by IoU > threshold (its index), or −1: the IoU in
// float with torchvision's NMS kernel arithmetic, box by box, in blocks without an early exit inside (so the compiler vectorises
// them); the first block with a hit is searched again for which box it was.
long overlapping(const KeptBoxes& kept, const Boxf& b, float areaB, float threshold)
{
    constexpr size_t kBlock = 16;
    const size_t n = kept.size();
    auto iouAbove = [&](size_t k) {
        const float iw = std::max(0.f, std::min(kept.x2[k], b.x2) - std::max(kept.x1[k], b.x1));
        const float ih = std::max(0.f, std::min(kept.y2[k], b.y2) - std::max(kept.y1[k], b.y1));
        const float inter = iw * ih;
        return inter / (kept.area[k] + areaB - inter) > threshold;
    };
    for (size_t s = 0; s < n; s += kBlock) {
        const size_t e = std::min(n, s + kBlock);
        int hit = 0;
        for (size_t k = s; k < e; ++k)
            hit |= int(iouAbove(k));
        if (hit)
            for (size_t k = s; k < e; ++k)
                if (iouAbove(k))
                    return long(k);
    }
    return -1;
}

} // namespace

std::vector<uint32_t> selectDetections(const CandidateView& v, const PostProcessSettings& s,
                                       SelectionWorkspace& ws, const SelectionOptions& opt)
{
    if (s.tieRule == TieRule::Torchvision)
        return tvsel::select(v, s, ws, opt);
    std::vector<uint32_t> kept;
    ws.topkCut = false;
    ws.suppressed.clear();
    ws.suppressor.clear();
    if (v.size == 0)
        return kept;
    const float threshold = std::max(s.scoreThreshold, opt.minScore);
    const float iouAbove = floatBelowOrAt(s.nmsIou);
    const size_t cap = s.maxDetections > 0 ? size_t(s.maxDetections) : std::numeric_limits<size_t>::max();
    // One allocation where the per-image cap bounds the result (a search selects millions
    // of images, and growing by doubling was part of its ~12 % spent in malloc/free).
    if (cap <= v.size)
        kept.reserve(cap);
    const bool perLevel = s.topkMode == TopKMode::PerLevel && v.level;
    ws.perGroupCount.clear();
    for (auto& bucket : ws.keptPerClass)
        bucket.clear();
    for (auto& bucket : ws.newPerClass)
        bucket.clear();

    // A parent's selection (SelectionOptions::parent): what it decided at each position.
    const bool reuse = opt.parent && opt.anchorChange && opt.presorted;
    size_t nextKept = 0, nextSuppressed = 0;
    auto parentKeeps = [&](uint32_t i) {
        const std::vector<uint32_t>& list = *opt.parent->kept;
        while (nextKept < list.size() && list[nextKept] < i)
            ++nextKept;
        return nextKept < list.size() && list[nextKept] == i;
    };
    auto parentSuppressor = [&](uint32_t i) {
        const std::vector<uint32_t>& list = *opt.parent->suppressed;
        while (nextSuppressed < list.size() && list[nextSuppressed] < i)
            ++nextSuppressed;
        return nextSuppressed < list.size() && list[nextSuppressed] == i ? (*opt.parent->suppressor)[nextSuppressed]
                                                                         : std::numeric_limits<uint32_t>::max();
    };
    auto restored = [&](uint32_t i) {
        const int32_t a = v.anchorId[i];
        return a >= 0 && size_t(a) < opt.anchorChange->size() && (*opt.anchorChange)[size_t(a)] == kAnchorRestored;
    };
    auto bucketOf = [&](std::vector<KeptBoxes>& buckets, size_t c) -> KeptBoxes& {
        if (c >= buckets.size())
            buckets.resize(c + 1);
        return buckets[c];
    };
    // Positions whose candidate is gone here: skipped by a byte-table lookup (the evaluator's
    // codes) instead of reading the candidate.
    const uint8_t* code = opt.anchorCode;
    const bool fastSkip = code && opt.codeGone && opt.presorted;

    // One pass in rank order over the candidates that exist under this configuration and
    // threshold: the pre-NMS top-k (per class or per level), then greedy NMS per class (a
    // candidate survives unless a kept, better-ranked box of its class overlaps it by IoU >
    // nmsIou), ending at the per-image cap — with ~15,000 candidates an image and the cap
    // reached after ~1,000 of them, nothing after that point is even read.
    auto consider = [&](uint32_t i) {
        if (!fastSkip && !candidateExists(v, i, threshold, s.backgroundIndex, opt))
            return true;
        if (s.topkMode != TopKMode::None) {
            const size_t g = size_t(perLevel ? int32_t(v.level[i]) : v.labels[i]);
            if (g >= ws.perGroupCount.size())
                ws.perGroupCount.resize(g + 1, 0);
            if (ws.perGroupCount[g]++ >= s.topk) {
                ws.topkCut = true;
                return true;
            }
        }
        const size_t c = s.classAgnosticNms ? 0 : size_t(v.labels[i]);
        KeptBoxes& bucket = bucketOf(ws.keptPerClass, c);
        const Boxf& b = v.boxes[i];
        const float area = b.area();
        // The kept boxes of the class before i are the parent's (those still kept) and the
        // new ones. The parent kept i: none of its boxes overlaps i, so only the new ones can.
        // The parent suppressed i by a box still kept here: suppressed again. Otherwise (a
        // new candidate, the parent's suppressor gone, a position the parent did not reach
        // or cut by its top-k) i is tested against all of them.
        bool fresh = true;
        uint32_t by = std::numeric_limits<uint32_t>::max();
        if (reuse && i < opt.parent->stop && !restored(i)) {
            if (parentKeeps(i)) {
                fresh = false;
                const KeptBoxes& added = bucketOf(ws.newPerClass, c);
                if (const long k = overlapping(added, b, area, iouAbove); k >= 0)
                    by = added.pos[size_t(k)];
            } else if (const uint32_t p = parentSuppressor(i);
                       p != std::numeric_limits<uint32_t>::max() && (ws.keptBits[p / 64] >> (p % 64) & 1)) {
                by = p;
            } else if (const long k = overlapping(bucket, b, area, iouAbove); k >= 0) {
                by = bucket.pos[size_t(k)];
            }
        } else if (const long k = overlapping(bucket, b, area, iouAbove); k >= 0) {
            by = bucket.pos[size_t(k)];
        }
        if (by != std::numeric_limits<uint32_t>::max()) {
            ws.suppressed.push_back(i);
            ws.suppressor.push_back(by);
            return true;
        }
        bucket.push(b, i);
        if (reuse)
            ws.keptBits[i / 64] |= uint64_t(1) << (i % 64);
        if (reuse && fresh)
            bucketOf(ws.newPerClass, c).push(b, i);
        kept.push_back(i);
        return kept.size() < cap;
    };
    if (reuse && ws.keptBits.size() < (v.size + 63) / 64)
        ws.keptBits.resize((v.size + 63) / 64, 0);
    if (opt.presorted) {
        const uint32_t n = uint32_t(v.size);
        for (uint32_t i = 0; i < n; ++i) {
            if (fastSkip) {
                while (i < n && opt.codeGone[code[i]])
                    ++i;
                if (i == n)
                    break;
            }
            if (!consider(i))
                break;
        }
    } else {
        ws.order.resize(v.size);
        std::iota(ws.order.begin(), ws.order.end(), 0u);
        std::sort(ws.order.begin(), ws.order.end(), RankLess{v.scores, v.boxIndex, v.labels});
        for (uint32_t i : ws.order)
            if (!consider(i))
                break;
    }
    if (reuse)
        for (uint32_t i : kept) // leave the bitmap all zero, touching only what was set
            ws.keptBits[i / 64] = 0;
    return kept;
}

std::vector<uint32_t> batchedNms(const std::vector<Boxf>& boxes, const std::vector<float>& scores,
                                 const std::vector<int32_t>* labels, double iou)
{
    // Dense label ids (labels may be any integers) so selectDetections can bucket them.
    std::vector<int32_t> dense(scores.size(), 0);
    if (labels) {
        std::vector<int32_t> uniq(*labels);
        std::sort(uniq.begin(), uniq.end());
        uniq.erase(std::unique(uniq.begin(), uniq.end()), uniq.end());
        for (size_t i = 0; i < dense.size(); ++i)
            dense[i] = int32_t(std::lower_bound(uniq.begin(), uniq.end(), (*labels)[i]) - uniq.begin());
    }
    CandidateView v;
    v.boxes = boxes.data();
    v.scores = scores.data();
    v.labels = dense.data();
    v.size = scores.size();
    PostProcessSettings s;
    s.backgroundIndex = -1;
    s.scoreThreshold = -std::numeric_limits<float>::infinity(); // plain NMS: any score
    s.topkMode = TopKMode::None;
    s.nmsIou = iou;
    s.maxDetections = 0;
    s.classAgnosticNms = labels == nullptr;
    SelectionWorkspace ws;
    return selectDetections(v, s, ws);
}

CandidateList candidatesFromRaw(const float* logits, const float* regression, const Boxf* priors,
                                const int16_t* boxLevel, const int32_t* boxAnchor, size_t numBoxes,
                                int numClasses, float imageWidth, float imageHeight,
                                const PostProcessSettings& s)
{
    CandidateList out;
    const BoxCoder coder(s.coderWeights, s.dwhClamp);
    std::vector<float> prob(static_cast<size_t>(numClasses));
    for (size_t b = 0; b < numBoxes; ++b) {
        const float* x = logits + b * size_t(numClasses);
        if (s.scoreFunction == ScoreFunction::Softmax) {
            float mx = x[0];
            for (int k = 1; k < numClasses; ++k)
                mx = std::max(mx, x[k]);
            float sum = 0.f;
            for (int k = 0; k < numClasses; ++k) {
                prob[size_t(k)] = std::exp(x[k] - mx);
                sum += prob[size_t(k)];
            }
            for (int k = 0; k < numClasses; ++k)
                prob[size_t(k)] /= sum;
        } else {
            for (int k = 0; k < numClasses; ++k)
                prob[size_t(k)] = 1.f / (1.f + std::exp(-x[k]));
        }
        bool decoded = false;
        Boxf box;
        for (int k = 0; k < numClasses; ++k) {
            if (k == s.backgroundIndex || !(prob[size_t(k)] > s.scoreThreshold))
                continue;
            if (!decoded) {
                box = coder.decode(regression + 4 * b, priors[b]);
                if (s.clipBoxes)
                    box = clipToImage(box, imageWidth, imageHeight);
                decoded = true;
            }
            out.push(box, prob[size_t(k)], k, int32_t(b), boxLevel ? boxLevel[b] : int16_t(0),
                     boxAnchor ? boxAnchor[b] : -1);
        }
    }
    out.sortByRank();
    return out;
}

CandidateList candidatesFromScores(const float* scores, const Boxf* boxes, const int16_t* boxLevel,
                                   const int32_t* boxAnchor, size_t numBoxes, int numClasses,
                                   const PostProcessSettings& s)
{
    CandidateList out;
    for (size_t b = 0; b < numBoxes; ++b) {
        const float* p = scores + b * size_t(numClasses);
        for (int k = 0; k < numClasses; ++k)
            if (k != s.backgroundIndex && p[k] > s.scoreThreshold)
                out.push(boxes[b], p[k], k, int32_t(b), boxLevel ? boxLevel[b] : int16_t(0),
                         boxAnchor ? boxAnchor[b] : -1);
    }
    out.sortByRank();
    return out;
}

} // namespace anchorscope
