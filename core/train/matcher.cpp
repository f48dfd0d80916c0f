// SPDX-License-Identifier: GPL-3.0-or-later
#include "train/matcher.h"

#include <algorithm>

namespace anchorscope {

std::vector<int32_t> matchPriors(const std::vector<Boxf>& priors, const std::vector<TrainBox>& gt, const MatchOptions& opt)
{
    const size_t P = priors.size(), G = gt.size();
    std::vector<int32_t> match(P, -1);
    if (G == 0)
        return match;
    std::vector<float> bestIou(P, -1.f), gtBest(G, 0.f);
    std::vector<int32_t> gtBestPrior(G, -1);
    std::vector<float> ious(P * G);
    for (size_t p = 0; p < P; ++p)
        for (size_t g = 0; g < G; ++g) {
            const float v = iou(priors[p], gt[g].box);
            ious[p * G + g] = v;
            if (v > bestIou[p]) { // first maximum, as argmax
                bestIou[p] = v;
                match[p] = int32_t(g);
            }
            if (v > gtBest[g]) {
                gtBest[g] = v;
                gtBestPrior[g] = int32_t(p);
            }
        }
    std::vector<int32_t> best = match;
    for (size_t p = 0; p < P; ++p) {
        if (bestIou[p] < opt.negativeIou)
            match[p] = -1;
        else if (bestIou[p] < opt.positiveIou)
            match[p] = -2;
    }
    if (opt.lowQualityMatches) {
        for (size_t g = 0; g < G; ++g)
            for (size_t p = 0; p < P; ++p)
                if (gtBest[g] > 0 && ious[p * G + g] == gtBest[g])
                    match[p] = best[p];
    }
    if (opt.forceBestPrior)
        for (size_t g = 0; g < G; ++g)
            if (gtBestPrior[g] >= 0)
                match[size_t(gtBestPrior[g])] = int32_t(g);
    return match;
}

void buildTargets(const std::vector<Boxf>& priors, const std::vector<TrainBox>& gt, const std::vector<int32_t>& match,
                  const BoxCoder& coder, int backgroundColumn, int64_t* labels, float* regression)
{
    for (size_t p = 0; p < priors.size(); ++p) {
        const int32_t m = match[p];
        float* r = regression + 4 * p;
        if (m >= 0) {
            labels[p] = gt[size_t(m)].label;
            const auto t = coder.encode(gt[size_t(m)].box, priors[p]);
            std::copy(t.begin(), t.end(), r);
        } else {
            labels[p] = m == -1 ? backgroundColumn : -2;
            std::fill(r, r + 4, 0.f);
        }
    }
}

} // namespace anchorscope
