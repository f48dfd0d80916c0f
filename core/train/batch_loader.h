// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Training batches prepared by worker threads while the model computes: decode, augment,
// resize, normalise, match priors. Deterministic: the order of an epoch and every image's
// augmentation derive from (seed, epoch, index), whatever the thread schedule.
#include "data/dataset.h"
#include "geometry/box_coder.h"
#include "models/model_meta.h"
#include "train/augment.h"
#include "train/matcher.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace anchorscope {

struct TrainBatch {
    int size = 0;
    std::vector<float> images;     // [size][3][H][W]
    std::vector<int64_t> labels;   // [size][priors]
    std::vector<float> regression; // [size][priors][4]
    int positives = 0;
};

class BatchLoader {
public:
    // rank / world: this process's part of every epoch, split the way PyTorch's
    // DistributedSampler splits (the epoch's shuffled order, padded by its own first indices
    // to a multiple of `world`, then every world-th from `rank`); 0 / 1: the whole epoch.
    BatchLoader(const Dataset& ds, const ModelMeta& meta, const AugmentOptions& aug, const MatchOptions& match,
                int batchSize, uint64_t seed, int workers = 1, int rank = 0, int world = 1);
    ~BatchLoader();

    // Starts producing the batches of `epoch`; next() returns them in order, then empty.
    void startEpoch(int epoch);
    bool next(TrainBatch& out);
    int batchesPerEpoch() const;
    size_t numPriors() const { return priors_.size(); }

    // One training sample (exposed for tests): augmented image and its targets.
    void makeSample(size_t imageIndex, int epoch, float* image, int64_t* labels, float* regression, int* positives) const;

private:
    void stop();
    const Dataset& ds_;
    ModelMeta meta_;
    AugmentOptions aug_;
    MatchOptions match_;
    int batchSize_;
    uint64_t seed_;
    int workers_;
    int rank_, world_;
    std::vector<Boxf> priors_;
    std::vector<std::vector<TrainBox>> gt_; // per image, original pixels
    BoxCoder coder_;

    std::vector<size_t> order_;
    int epoch_ = 0;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<TrainBatch>> ready_; // by batch index
    size_t nextToProduce_ = 0, nextToDeliver_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
    std::exception_ptr error_;
};

} // namespace anchorscope
