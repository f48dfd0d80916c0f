// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/image_matching.h"

#include <algorithm>
#include <numeric>

namespace anchorscope {

namespace {

double iouXywh(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh)
{
    const double iw = std::min(ax + aw, bx + bw) - std::max(ax, bx);
    const double ih = std::min(ay + ah, by + bh) - std::max(ay, by);
    if (iw <= 0 || ih <= 0)
        return 0;
    const double inter = iw * ih;
    return inter / (aw * ah + bw * bh - inter);
}

} // namespace

ImageMatch::Counts ImageMatch::counts(double minScore) const
{
    Counts c;
    for (size_t d = 0; d < detections.size(); ++d)
        if (detections[d].score >= minScore) {
            c.tp += status[d] == MatchStatus::TruePositive;
            c.fp += status[d] == MatchStatus::FalsePositive;
        }
    for (size_t g = 0; g < gt.size(); ++g)
        if (!gtIgnored[g] && gtMatchScore[g] < minScore)
            ++c.fn;
    return c;
}

ImageMatch matchImage(const std::vector<Annotation>& gt, std::vector<DetectionRecord> detections, double iouThreshold)
{
    ImageMatch m;
    std::stable_sort(detections.begin(), detections.end(),
                     [](const DetectionRecord& a, const DetectionRecord& b) { return a.score > b.score; });
    m.detections = std::move(detections);
    m.gt = gt;
    m.status.assign(m.detections.size(), MatchStatus::FalsePositive);
    m.matchedGt.assign(m.detections.size(), -1);
    m.gtMatchScore.assign(gt.size(), -1.0);
    m.gtIgnored.resize(gt.size());
    for (size_t g = 0; g < gt.size(); ++g)
        m.gtIgnored[g] = gt[g].iscrowd || gt[g].difficult;
    for (size_t d = 0; d < m.detections.size(); ++d) {
        const DetectionRecord& det = m.detections[d];
        // As COCO: a real box is preferred to an ignored one whatever the IoUs; among equals
        // the later box wins a tie; a crowd box's overlap is measured over the detection's area.
        auto bestOf = [&](bool ignored) {
            int best = -1;
            double bestIou = iouThreshold;
            for (size_t g = 0; g < gt.size(); ++g) {
                if (gt[g].categoryId != det.categoryId || m.gtIgnored[g] != ignored)
                    continue;
                if (!ignored && m.gtMatchScore[g] >= 0)
                    continue; // already found by a higher-scored detection
                double iou = iouXywh(det.x, det.y, det.w, det.h, gt[g].x, gt[g].y, gt[g].w, gt[g].h);
                if (gt[g].iscrowd && iou > 0) {
                    const double inter = iou * (det.w * det.h + gt[g].w * gt[g].h) / (1 + iou);
                    iou = det.w * det.h > 0 ? inter / (det.w * det.h) : 0;
                }
                if (iou >= bestIou) {
                    best = int(g);
                    bestIou = iou;
                }
            }
            return best;
        };
        int best = bestOf(false);
        if (best >= 0) {
            m.status[d] = MatchStatus::TruePositive;
            m.gtMatchScore[size_t(best)] = det.score;
        } else if ((best = bestOf(true)) >= 0) {
            m.status[d] = MatchStatus::Ignored;
        }
        m.matchedGt[d] = best;
    }
    return m;
}

std::vector<Annotation> annotationsOfImage(const Dataset& ds, int64_t imageId)
{
    std::vector<Annotation> out;
    for (const auto& a : ds.annotations)
        if (a.imageId == imageId)
            out.push_back(a);
    return out;
}

} // namespace anchorscope
