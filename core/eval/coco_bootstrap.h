// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The bootstrap over images for COCO AP (docs/search.md, "Intervals"). A replicate draws the
// N images of the evaluation with replacement; image i is drawn k_i times. Its AP is, by
// definition, pycocotools' AP on the dataset in which image i appears k_i times — each copy
// a new image with its own id, the copies of an image next to each other and the images in
// their original id order — with the detections copied alike. Matching is per image, so a
// copy matches exactly as its original; a replicate therefore only re-weights the
// accumulation of the per-image match records a configuration already has, in the order
// pycocotools would see them (the copies of a run of tied scores in one image repeat that
// run, they do not interleave with other images). The same weights serve every
// configuration, so differences between configurations are paired.
#include "eval/coco_eval.h"

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace anchorscope {

struct BootstrapOptions {
    int replicates = 1000;
    uint64_t seed = 0;
    double level = 0.95; // two-sided coverage of the percentile interval
    int threads = 2;
};

// How often each image is drawn in each replicate: replicate b draws N times an image index
// uniformly (Rng::forItem(seed, b), integer(0, N − 1)).
class BootstrapWeights {
public:
    BootstrapWeights() = default;
    BootstrapWeights(size_t images, int replicates, uint64_t seed);
    size_t images() const { return images_; }
    int replicates() const { return replicates_; }
    uint64_t seed() const { return seed_; }
    // Counts of replicate b, one per image index.
    const uint16_t* replicate(int b) const { return counts_.data() + size_t(b) * images_; }

private:
    size_t images_ = 0;
    int replicates_ = 0;
    uint64_t seed_ = 0;
    std::vector<uint16_t> counts_;
};

// AP@[.5:.95] and AP50 (area all, maxDets 100) — stats[0] and stats[1] — of weighted copies
// of one detection set's per-image match records.
class CocoReplicates {
public:
    // `images`: one match record per image index of `coco` (as CocoEvaluator::accumulate).
    CocoReplicates(const CocoEvaluator& coco, const std::vector<std::shared_ptr<const CocoImageEval>>& images);
    // The statistics of the dataset with image i taken weights[i] times (-1 where undefined).
    std::array<double, 2> stats(const uint16_t* weights) const;
    // Every replicate's, spread over `threads` threads.
    std::vector<std::array<double, 2>> all(const BootstrapWeights& w, int threads) const;

private:
    struct Entry {
        uint32_t image;
        uint16_t truePositive; // bit t: matched and counted at IoU threshold t (area all)
        uint16_t falsePositive; // bit t: counted and unmatched
    };
    struct Category {
        std::vector<Entry> entries;       // in pycocotools' accumulation order
        std::vector<uint32_t> blockStart; // runs of one image and one score, + end
        std::vector<uint32_t> gtImages;   // images with counted ground truth
        std::vector<uint32_t> gtCounts;
    };
    const CocoEvaluator& coco_;
    std::vector<Category> categories_;
    size_t t50_ = 0;
    bool hasT50_ = false;
};

// A percentile interval of paired differences.
struct DeltaInterval {
    double delta = 0; // on the images themselves (every weight 1)
    double lo = 0, hi = 0;
};
// The `level` percentile interval of a − b over replicates where both are defined, with
// numpy's default (linear) quantile. `used` receives how many replicates counted.
DeltaInterval pairedInterval(const std::vector<double>& a, const std::vector<double>& b, double delta, double level,
                             int* used = nullptr);

} // namespace anchorscope
