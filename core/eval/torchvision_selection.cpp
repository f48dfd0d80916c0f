// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/torchvision_selection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace anchorscope::tvsel {

namespace {

// (score, position). ATen's queue holds (accscalar_t, int64_t); the element type does not
// change which permutation the algorithms produce, only how fast they move elements.
using Pair = std::pair<float, int32_t>;

// ATen's descending comparator for top-k and sort: NaN counts as the largest value.
bool greaterNanFirst(const Pair& x, const Pair& y)
{
    return (std::isnan(x.first) && !std::isnan(y.first)) || x.first > y.first;
}

// The overlap torchvision's NMS kernel computes between a kept box (i) and a later one (j),
// in the same operation order; the caller compares it as a double.
inline float kernelIou(const Boxf& i, float areaI, const Boxf& j, float areaJ)
{
    const float xx1 = std::max(i.x1, j.x1), yy1 = std::max(i.y1, j.y1);
    const float xx2 = std::min(i.x2, j.x2), yy2 = std::min(i.y2, j.y2);
    const float w = std::max(0.f, xx2 - xx1), h = std::max(0.f, yy2 - yy1);
    const float inter = w * h;
    return inter / (areaI + areaJ - inter);
}

// The kept boxes of one NMS bucket, coordinates in separate arrays so that the test "apart
// on an axis" runs over many of them without branches.
struct KeptBoxes {
    std::vector<float> x1, y1, x2, y2;
    std::vector<uint32_t> index;
    void clear()
    {
        x1.clear();
        y1.clear();
        x2.clear();
        y2.clear();
        index.clear();
    }
    void push(const Boxf& b, uint32_t i)
    {
        x1.push_back(b.x1);
        y1.push_back(b.y1);
        x2.push_back(b.x2);
        y2.push_back(b.y2);
        index.push_back(i);
    }
};

// Whether a kept box of `kept` overlaps `b` (index j) by more than `iou`. Boxes apart on an
// axis have no intersection, an IoU of 0 (or 0/0) that is never above the threshold: the
// kernel's answer without its arithmetic, so only intersecting pairs get the kernel's IoU.
bool suppressedBy(const KeptBoxes& kept, const Boxf* boxes, const float* areas, const Boxf& b, uint32_t j, double iou)
{
    const size_t n = kept.index.size();
    for (size_t k0 = 0; k0 < n; k0 += 32) {
        const size_t e = std::min(n, k0 + 32);
        uint32_t hit = 0;
        for (size_t k = k0; k < e; ++k)
            hit |= uint32_t((b.x1 < kept.x2[k]) & (kept.x1[k] < b.x2) & (b.y1 < kept.y2[k]) & (kept.y1[k] < b.y2))
                << (k - k0);
        while (hit) {
            const uint32_t i = kept.index[k0 + size_t(__builtin_ctz(hit))];
            hit &= hit - 1;
            if (double(kernelIou(boxes[i], areas[i], b, areas[j])) > iou)
                return true;
        }
    }
    return false;
}

// Greedy NMS over boxes[0..n) in torchvision's order (stable descending sort of the scores):
// a box survives unless a kept box of its bucket overlaps it by more than `iou`. Appends
// the survivors to `kept` in processing order, stopping after `enough` of them. Buckets
// stand in for the per-class loop (or the classes the coordinate offsets keep apart); one
// bucket is plain nms.
void greedyNms(const Boxf* boxes, const float* areas, const float* scores, const int32_t* bucket, size_t n,
               double iou, std::vector<uint32_t>& order, std::vector<KeptBoxes>& perBucket,
               std::vector<uint32_t>& kept, size_t enough)
{
    order.resize(n);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return scores[a] > scores[b]; });
    int32_t maxBucket = 0;
    for (size_t t = 0; t < n; ++t)
        maxBucket = std::max(maxBucket, bucket[t]);
    if (perBucket.size() < size_t(maxBucket) + 1)
        perBucket.resize(size_t(maxBucket) + 1);
    for (int32_t b = 0; b <= maxBucket; ++b)
        perBucket[size_t(b)].clear();
    for (uint32_t j : order) {
        KeptBoxes& mine = perBucket[size_t(bucket[j])];
        if (suppressedBy(mine, boxes, areas, boxes[j], j, iou))
            continue;
        mine.push(boxes[j], j);
        kept.push_back(j);
        if (kept.size() >= enough)
            return;
    }
}

} // namespace

void topk(const float* scores, size_t n, size_t k, std::vector<Pair>& queue, std::vector<uint32_t>& out)
{
    out.clear();
    if (k == 0)
        return;
    queue.resize(n);
    for (size_t j = 0; j < n; ++j)
        queue[j] = {scores[j], int32_t(j)};
    if (int64_t(k) * 64 <= int64_t(n)) {
        std::partial_sort(queue.begin(), queue.begin() + long(k), queue.end(), greaterNanFirst);
    } else {
        std::nth_element(queue.begin(), queue.begin() + long(k) - 1, queue.end(), greaterNanFirst);
        std::sort(queue.begin(), queue.begin() + long(k) - 1, greaterNanFirst);
    }
    for (size_t j = 0; j < k; ++j)
        out.push_back(uint32_t(queue[j].second));
}

void unstableSortDescending(const float* scores, size_t n, std::vector<Pair>& scratch, std::vector<uint32_t>& out)
{
    scratch.resize(n);
    for (size_t j = 0; j < n; ++j)
        scratch[j] = {scores[j], int32_t(j)};
    std::sort(scratch.begin(), scratch.end(), greaterNanFirst);
    out.resize(n);
    for (size_t j = 0; j < n; ++j)
        out[j] = uint32_t(scratch[j].second);
}

std::vector<uint32_t> select(const CandidateView& v, const PostProcessSettings& s, SelectionWorkspace& ws,
                             const SelectionOptions& opt)
{
    std::vector<uint32_t> kept;
    ws.topkCut = false;
    TieSensitivity& ties = ws.ties;
    ties.groups.clear();
    ties.coordinateTrick = false;
    ties.maxCoordinate = 0;
    ties.atMaxCoordinate = 0;
    ties.selected = 0;
    ties.cutSurvivors.clear();
    if (v.size == 0)
        return kept;
    const float threshold = std::max(s.scoreThreshold, opt.minScore);
    const uint32_t* order = opt.groupOrder;
    if (!order) {
        canonicalGroupOrder(v, s.topkMode, ws.groupOrder);
        order = ws.groupOrder.data();
    }

    // 1. Per top-k group, in group order: the candidates that exist (threshold, background,
    //    removed anchors) in box order, through torch.topk; outputs concatenated.
    std::vector<uint32_t>& P = ws.selected;
    P.clear();
    std::vector<uint32_t>& members = ws.scratchU32;
    // Scratch kept between calls of this thread (no allocations in steady state).
    thread_local struct {
        std::vector<uint32_t> topOut, survivors, perm, sorted;
        std::vector<float> scores, ks;
        std::vector<int32_t> bucket;
        std::vector<KeptBoxes> keptBoxes;
    } tl;
    std::vector<uint32_t>& topOut = tl.topOut;
    for (size_t i = 0; i < v.size;) {
        const int32_t g = topkGroupOf(v, order[i], s.topkMode);
        members.clear();
        ws.groupScores.clear();
        for (; i < v.size && topkGroupOf(v, order[i], s.topkMode) == g; ++i) {
            const uint32_t p = order[i];
            if (!candidateExists(v, p, threshold, s.backgroundIndex, opt))
                continue;
            members.push_back(p);
            ws.groupScores.push_back(v.scores[p]);
        }
        const size_t n = members.size();
        if (n == 0)
            continue;
        if (s.topkMode == TopKMode::None) {
            P.insert(P.end(), members.begin(), members.end());
            continue;
        }
        const size_t k = std::min(n, size_t(s.topk));
        topk(ws.groupScores.data(), n, k, ws.queue, topOut);
        // The output is non-increasing (nth_element leaves the k-th largest last), so a tie
        // among what was returned shows between neighbours.
        TieSensitivity::Group mark;
        mark.group = g;
        for (size_t t = 1; t < k && !mark.tied; ++t)
            mark.tied = ws.groupScores[topOut[t]] == ws.groupScores[topOut[t - 1]];
        mark.cut = n > k;
        if (mark.cut) {
            ws.topkCut = true;
            mark.kth = ws.groupScores[topOut[k - 1]];
            for (size_t t = k; t < n && !mark.tied; ++t)
                mark.tied = float(ws.queue[t].first) == mark.kth;
        }
        if (mark.tied || mark.cut)
            ties.groups.push_back(mark);
        for (uint32_t t : topOut)
            P.push_back(members[t]);
    }
    const size_t m = P.size();
    ties.selected = uint32_t(m);
    if (m == 0)
        return kept;

    // 2. batched_nms (or nms when class-agnostic) over the concatenation.
    std::vector<float>& scores = tl.scores;
    std::vector<int32_t>& bucket = tl.bucket;
    scores.resize(m);
    bucket.assign(m, 0);
    for (size_t t = 0; t < m; ++t)
        scores[t] = v.scores[P[t]];
    ws.shifted.resize(m);
    ws.areas.resize(m);
    std::vector<uint32_t>& survivors = tl.survivors;
    survivors.clear();
    std::vector<KeptBoxes>& keptBoxes = tl.keptBoxes;
    const bool vanilla = !s.classAgnosticNms && m * 4 > 4000;
    if (!s.classAgnosticNms && !vanilla) {
        // Coordinate trick: offset = label · (max coordinate + 1), all in float.
        float maxc = -std::numeric_limits<float>::infinity(), minc = std::numeric_limits<float>::infinity();
        for (uint32_t p : P) {
            const Boxf& b = v.boxes[p];
            maxc = std::max({maxc, b.x1, b.y1, b.x2, b.y2});
            minc = std::min({minc, b.x1, b.y1, b.x2, b.y2});
        }
        uint32_t atMax = 0;
        for (uint32_t p : P) {
            const Boxf& b = v.boxes[p];
            atMax += (b.x1 == maxc || b.y1 == maxc || b.x2 == maxc || b.y2 == maxc) ? 1u : 0u;
        }
        ties.coordinateTrick = true;
        ties.maxCoordinate = maxc;
        ties.atMaxCoordinate = atMax;
        const float step = maxc + 1.0f;
        for (size_t t = 0; t < m; ++t) {
            const Boxf& b = v.boxes[P[t]];
            const float off = float(v.labels[P[t]]) * step;
            Boxf& o = ws.shifted[t];
            o = {b.x1 + off, b.y1 + off, b.x2 + off, b.y2 + off};
            ws.areas[t] = (o.x2 - o.x1) * (o.y2 - o.y1);
            // With non-negative coordinates the offsets keep classes apart, so per-class
            // buckets give what one greedy pass over the shifted boxes gives.
            bucket[t] = minc >= 0.f ? v.labels[P[t]] : 0;
        }
        // Survivors come in the order of the result: the cap's first ones are all it takes.
        greedyNms(ws.shifted.data(), ws.areas.data(), scores.data(), bucket.data(), m, s.nmsIou, ws.order,
                  keptBoxes, survivors, s.maxDetections > 0 ? size_t(s.maxDetections) : m);
    } else {
        for (size_t t = 0; t < m; ++t) {
            const Boxf& b = v.boxes[P[t]];
            ws.shifted[t] = b;
            ws.areas[t] = (b.x2 - b.x1) * (b.y2 - b.y1);
            bucket[t] = s.classAgnosticNms ? 0 : v.labels[P[t]];
        }
        // The per-class loop sorts every survivor before the cap: all of them are needed.
        greedyNms(ws.shifted.data(), ws.areas.data(), scores.data(), bucket.data(), m, s.nmsIou, ws.order,
                  keptBoxes, survivors, vanilla || s.maxDetections <= 0 ? m : size_t(s.maxDetections));
        if (vanilla) {
            // keep_mask → kept positions ascending → Tensor.sort(descending=True) of their scores.
            std::sort(survivors.begin(), survivors.end());
            std::vector<float>& ks = tl.ks;
            ks.resize(survivors.size());
            for (size_t t = 0; t < survivors.size(); ++t)
                ks[t] = scores[survivors[t]];
            std::vector<uint32_t>& perm = tl.perm;
            unstableSortDescending(ks.data(), ks.size(), ws.queue, perm);
            std::vector<uint32_t>& sorted = tl.sorted;
            sorted.resize(survivors.size());
            for (size_t t = 0; t < perm.size(); ++t)
                sorted[t] = survivors[perm[t]];
            survivors.swap(sorted);
            const size_t cap = s.maxDetections > 0 ? size_t(s.maxDetections) : survivors.size();
            if (survivors.size() > cap) {
                bool tied = false;
                for (size_t t = 1; t < survivors.size() && !tied; ++t)
                    tied = scores[survivors[t]] == scores[survivors[t - 1]];
                if (tied) {
                    for (size_t t = cap; t < survivors.size(); ++t)
                        ties.cutSurvivors.push_back(P[survivors[t]]);
                    std::sort(ties.cutSurvivors.begin(), ties.cutSurvivors.end());
                }
            }
        }
    }

    // 3. The first max_detections.
    const size_t cap = s.maxDetections > 0 ? std::min(survivors.size(), size_t(s.maxDetections)) : survivors.size();
    kept.reserve(cap);
    for (size_t t = 0; t < cap; ++t)
        kept.push_back(P[survivors[t]]);
    return kept;
}

} // namespace anchorscope::tvsel
