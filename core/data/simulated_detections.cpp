// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/simulated_detections.h"

#include "util/random.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>

namespace anchorscope {

std::vector<DetectionRecord> simulateDetections(const Dataset& gt, const SimulatedDetectorOptions& opt)
{
    std::vector<DetectionRecord> out;
    std::unordered_map<int64_t, std::vector<const Annotation*>> perImage;
    for (const auto& a : gt.annotations)
        perImage[a.imageId].push_back(&a);
    for (size_t i = 0; i < gt.images.size(); ++i) {
        const ImageInfo& im = gt.images[i];
        Rng rng = Rng::forItem(opt.seed, uint64_t(i));
        const double W = im.width > 0 ? im.width : 640, H = im.height > 0 ? im.height : 480;
        auto emit = [&](int64_t cat, double x, double y, double w, double h, double score) {
            x = std::clamp(x, 0.0, W - 1);
            y = std::clamp(y, 0.0, H - 1);
            w = std::clamp(w, 1.0, W - x);
            h = std::clamp(h, 1.0, H - y);
            out.push_back({im.id, cat, x, y, w, h, std::clamp(score, 0.001, 0.999)});
        };
        auto otherCategory = [&](int64_t cat) {
            if (gt.categories.size() < 2)
                return cat;
            int64_t c = cat;
            while (c == cat)
                c = gt.categories[size_t(rng.integer(0, int64_t(gt.categories.size()) - 1))].id;
            return c;
        };
        for (const Annotation* a : perImage[im.id]) {
            if (a->iscrowd || !rng.bernoulli(opt.recall))
                continue;
            const double s = opt.boxNoise;
            auto jittered = [&](double scale) {
                const double x1 = a->x + rng.normal(0, s * scale) * a->w, y1 = a->y + rng.normal(0, s * scale) * a->h;
                const double x2 = a->x + a->w + rng.normal(0, s * scale) * a->w;
                const double y2 = a->y + a->h + rng.normal(0, s * scale) * a->h;
                return std::array<double, 4>{x1, y1, std::max(1.0, x2 - x1), std::max(1.0, y2 - y1)};
            };
            const auto b = jittered(1.0);
            // Larger objects get higher scores, as real detectors do.
            const double sizeBonus = std::min(0.25, std::sqrt(a->w * a->h) / std::max(W, H));
            const double score = rng.uniform(0.45, 0.95) + sizeBonus;
            const int64_t cat = rng.bernoulli(opt.confusionRate) ? otherCategory(a->categoryId) : a->categoryId;
            emit(cat, b[0], b[1], b[2], b[3], score);
            if (rng.bernoulli(opt.duplicateRate)) {
                const auto d = jittered(2.5);
                emit(cat, d[0], d[1], d[2], d[3], score * rng.uniform(0.3, 0.8));
            }
        }
        // Background false positives: Poisson by inversion.
        const double L = std::exp(-opt.falsePositives);
        double p = rng.uniform();
        int n = 0;
        while (p > L && n < 100) {
            p *= rng.uniform();
            ++n;
        }
        for (int k = 0; k < n && !gt.categories.empty(); ++k) {
            const double w = rng.uniform(0.05, 0.4) * W, h = rng.uniform(0.05, 0.4) * H;
            const int64_t cat = gt.categories[size_t(rng.integer(0, int64_t(gt.categories.size()) - 1))].id;
            emit(cat, rng.uniform(0, W - w), rng.uniform(0, H - h), w, h, rng.uniform(0.02, 0.6));
        }
    }
    return out;
}

} // namespace anchorscope
