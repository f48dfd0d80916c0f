// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/voc_eval.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace anchorscope {

double vocAp(const std::vector<double>& rec, const std::vector<double>& prec, bool use07Metric)
{
    if (use07Metric) {
        double ap = 0;
        for (int i = 0; i <= 10; ++i) {
            const double t = double(i) * 0.1; // np.arange(0., 1.1, 0.1)
            double p = 0;
            for (size_t n = 0; n < rec.size(); ++n)
                if (rec[n] >= t)
                    p = std::max(p, prec[n]);
            ap += p / 11.0;
        }
        return ap;
    }
    std::vector<double> mrec{0.0}, mpre{0.0};
    mrec.insert(mrec.end(), rec.begin(), rec.end());
    mpre.insert(mpre.end(), prec.begin(), prec.end());
    mrec.push_back(1.0);
    mpre.push_back(0.0);
    for (size_t i = mpre.size() - 1; i > 0; --i)
        mpre[i - 1] = std::max(mpre[i - 1], mpre[i]);
    double ap = 0;
    for (size_t i = 0; i + 1 < mrec.size(); ++i)
        if (mrec[i + 1] != mrec[i])
            ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
    return ap;
}

VocEvalResult evaluateVoc(const Dataset& gt, const std::vector<DetectionRecord>& dts, const VocEvalOptions& opt)
{
    VocEvalResult res;
    for (const auto& c : gt.categories)
        res.categoryIds.push_back(c.id);
    std::sort(res.categoryIds.begin(), res.categoryIds.end());
    const double one = opt.legacyPlusOne ? 1.0 : 0.0;

    double sumAp = 0;
    int counted = 0;
    for (int64_t cat : res.categoryIds) {
        // GT of this class per image.
        std::unordered_map<int64_t, std::vector<const Annotation*>> perImage;
        int npos = 0;
        for (const auto& a : gt.annotations)
            if (a.categoryId == cat) {
                perImage[a.imageId].push_back(&a);
                npos += a.difficult ? 0 : 1;
            }
        std::vector<size_t> order;
        for (size_t n = 0; n < dts.size(); ++n)
            if (dts[n].categoryId == cat)
                order.push_back(n);
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return dts[a].score > dts[b].score; });
        std::unordered_map<const Annotation*, bool> taken;
        std::vector<double> tp(order.size(), 0), fp(order.size(), 0);
        for (size_t n = 0; n < order.size(); ++n) {
            const DetectionRecord& d = dts[order[n]];
            double ovmax = -std::numeric_limits<double>::infinity();
            const Annotation* best = nullptr;
            auto it = perImage.find(d.imageId);
            if (it != perImage.end()) {
                const double dx2 = d.x + d.w, dy2 = d.y + d.h;
                for (const Annotation* g : it->second) {
                    const double gx2 = g->x + g->w, gy2 = g->y + g->h;
                    const double iw = std::max(std::min(dx2, gx2) - std::max(d.x, g->x) + one, 0.0);
                    const double ih = std::max(std::min(dy2, gy2) - std::max(d.y, g->y) + one, 0.0);
                    const double inter = iw * ih;
                    const double uni = (d.w + one) * (d.h + one) + (g->w + one) * (g->h + one) - inter;
                    const double ov = uni > 0 ? inter / uni : 0.0;
                    if (ov > ovmax) { // first maximum, as np.argmax
                        ovmax = ov;
                        best = g;
                    }
                }
            }
            if (ovmax > opt.iouThreshold) {
                if (!best->difficult) {
                    if (!taken[best]) {
                        tp[n] = 1;
                        taken[best] = true;
                    } else {
                        fp[n] = 1;
                    }
                }
            } else {
                fp[n] = 1;
            }
        }
        res.numPositives.push_back(npos);
        if (npos == 0) {
            res.ap.push_back(std::numeric_limits<double>::quiet_NaN());
            continue;
        }
        std::vector<double> rec(order.size()), prec(order.size());
        double ctp = 0, cfp = 0;
        for (size_t n = 0; n < order.size(); ++n) {
            ctp += tp[n];
            cfp += fp[n];
            rec[n] = ctp / double(npos);
            prec[n] = ctp / std::max(ctp + cfp, std::numeric_limits<double>::epsilon());
        }
        const double ap = vocAp(rec, prec, opt.use07Metric);
        res.ap.push_back(ap);
        sumAp += ap;
        ++counted;
    }
    res.mAP = counted ? sumAp / counted : std::numeric_limits<double>::quiet_NaN();
    return res;
}

} // namespace anchorscope
