// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/torchvision_selection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace anchorscope::tvsel {

namespace {

using Pair = std::pair<float, int64_t>;

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

// Greedy NMS over boxes[0..n) in torchvision's order (stable descending sort of the scores):
// a box survives unless a kept box of its bucket overlaps it by more than `iou`. Appends
// the survivors to `kept` in processing order. Buckets stand in for the per-class loop (or
// the classes the coordinate offsets keep apart); one bucket is plain nms.
void greedyNms(const Boxf* boxes, const float* areas, const float* scores, const int32_t* bucket, size_t n,
               double iou, std::vector<uint32_t>& order, std::vector<std::vector<uint32_t>>& perBucket,
               std::vector<uint32_t>& kept)
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
        auto& mine = perBucket[size_t(bucket[j])];
        bool suppressed = false;
        for (uint32_t i : mine)
            if (double(kernelIou(boxes[i], areas[i], boxes[j], areas[j])) > iou) {
                suppressed = true;
                break;
            }
        if (!suppressed) {
            mine.push_back(j);
            kept.push_back(j);
        }
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
        queue[j] = {scores[j], int64_t(j)};
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
        scratch[j] = {scores[j], int64_t(j)};
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
    std::vector<uint32_t> topOut;
    for (size_t i = 0; i < v.size;) {
        const int32_t g = topkGroupOf(v, order[i], s.topkMode);
        members.clear();
        ws.groupScores.clear();
        for (; i < v.size && topkGroupOf(v, order[i], s.topkMode) == g; ++i) {
            const uint32_t p = order[i];
            if (!(v.scores[p] > threshold) || v.labels[p] == s.backgroundIndex)
                continue;
            if (opt.removedAnchor && v.anchorId) {
                const int32_t a = v.anchorId[p];
                if (a >= 0 && size_t(a) < opt.removedAnchor->size() && (*opt.removedAnchor)[size_t(a)])
                    continue;
            }
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
    std::vector<float> scores(m);
    std::vector<int32_t> bucket(m, 0);
    for (size_t t = 0; t < m; ++t)
        scores[t] = v.scores[P[t]];
    ws.shifted.resize(m);
    ws.areas.resize(m);
    std::vector<uint32_t> survivors;
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
        greedyNms(ws.shifted.data(), ws.areas.data(), scores.data(), bucket.data(), m, s.nmsIou, ws.order,
                  ws.keptPerClass, survivors);
    } else {
        for (size_t t = 0; t < m; ++t) {
            const Boxf& b = v.boxes[P[t]];
            ws.shifted[t] = b;
            ws.areas[t] = (b.x2 - b.x1) * (b.y2 - b.y1);
            bucket[t] = s.classAgnosticNms ? 0 : v.labels[P[t]];
        }
        greedyNms(ws.shifted.data(), ws.areas.data(), scores.data(), bucket.data(), m, s.nmsIou, ws.order,
                  ws.keptPerClass, survivors);
        if (vanilla) {
            // keep_mask → kept positions ascending → Tensor.sort(descending=True) of their scores.
            std::sort(survivors.begin(), survivors.end());
            std::vector<float> ks(survivors.size());
            for (size_t t = 0; t < survivors.size(); ++t)
                ks[t] = scores[survivors[t]];
            std::vector<uint32_t> perm;
            unstableSortDescending(ks.data(), ks.size(), ws.queue, perm);
            std::vector<uint32_t> sorted(survivors.size());
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
