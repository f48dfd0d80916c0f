// SPDX-License-Identifier: GPL-3.0-or-later
#include "train/batch_loader.h"

#include "data/image_size.h"
#include "util/error.h"
#include "util/random.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <map>
#include <filesystem>
#include <numeric>

namespace anchorscope {

BatchLoader::BatchLoader(const Dataset& ds, const ModelMeta& meta, const AugmentOptions& aug, const MatchOptions& match,
                         int batchSize, uint64_t seed, int workers, int rank, int world)
    : ds_(ds), meta_(meta), aug_(aug), match_(match), batchSize_(std::max(1, batchSize)), seed_(seed),
      workers_(std::max(1, workers)), rank_(rank), world_(std::max(1, world)), coder_(meta.postprocess.coderWeights, meta.postprocess.dwhClamp)
{
    if (ds.images.empty())
        throw InputError(ds.source, "no training images");
    priors_ = meta.anchors.priors();
    // Category id → score column.
    std::map<int64_t, int> column;
    for (int c = 0; c < meta.numClasses; ++c)
        if (c != meta.postprocess.backgroundIndex)
            column[meta.classes[size_t(c)].categoryId] = c;
    gt_.resize(ds.images.size());
    std::map<int64_t, size_t> imageIndex;
    for (size_t i = 0; i < ds.images.size(); ++i)
        imageIndex[ds.images[i].id] = i;
    for (const auto& a : ds.annotations) {
        if (a.iscrowd)
            continue;
        auto c = column.find(a.categoryId);
        if (c == column.end())
            throw InputError(ds.source, "annotation " + std::to_string(a.id) + " has category " + std::to_string(a.categoryId)
                                            + ", which the model does not predict");
        gt_[imageIndex[a.imageId]].push_back(
            {{float(a.x), float(a.y), float(a.x + a.w), float(a.y + a.h)}, c->second});
    }
}

BatchLoader::~BatchLoader() { stop(); }

void BatchLoader::stop()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_)
        t.join();
    threads_.clear();
}

int BatchLoader::batchesPerEpoch() const
{
    const size_t mine = (ds_.images.size() + size_t(world_) - 1) / size_t(world_);
    return int((mine + size_t(batchSize_) - 1) / size_t(batchSize_));
}

void BatchLoader::makeSample(size_t i, int epoch, float* image, int64_t* labels, float* regression, int* positives) const
{
    namespace fs = std::filesystem;
    const std::string path = (fs::path(ds_.imageRoot) / ds_.images[i].fileName).string();
    cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    if (bgr.empty())
        throw InputError(path, "cannot read the image");
    std::vector<TrainBox> boxes = gt_[i];
    Rng rng = Rng::forItem(seed_ ^ (0x51ED2701ull * uint64_t(epoch + 1)), i);
    augment(bgr, boxes, aug_, rng);
    const float sx = float(meta_.inputW) / float(bgr.cols), sy = float(meta_.inputH) / float(bgr.rows);
    if (bgr.cols != meta_.inputW || bgr.rows != meta_.inputH)
        cv::resize(bgr, bgr, cv::Size(meta_.inputW, meta_.inputH), 0, 0, cv::INTER_LINEAR);
    std::vector<TrainBox> scaled;
    for (auto b : boxes) {
        b.box = {b.box.x1 * sx, b.box.y1 * sy, b.box.x2 * sx, b.box.y2 * sy};
        if (b.box.width() >= 1.f && b.box.height() >= 1.f)
            scaled.push_back(b);
    }
    const int H = meta_.inputH, W = meta_.inputW;
    for (int y = 0; y < H; ++y) {
        const uchar* row = bgr.ptr<uchar>(y);
        for (int x = 0; x < W; ++x)
            for (int c = 0; c < 3; ++c) // BGR → RGB, normalise
                image[(size_t(c) * H + y) * W + x] =
                    (float(row[3 * x + (2 - c)]) / 255.f - meta_.mean[size_t(c)]) / meta_.std[size_t(c)];
    }
    const auto match = matchPriors(priors_, scaled, match_);
    buildTargets(priors_, scaled, match, coder_, meta_.postprocess.backgroundIndex, labels, regression);
    int pos = 0;
    for (int32_t m : match)
        pos += m >= 0;
    *positives = pos;
}

void BatchLoader::startEpoch(int epoch)
{
    stop();
    stopping_ = false;
    epoch_ = epoch;
    order_.resize(ds_.images.size());
    std::iota(order_.begin(), order_.end(), size_t(0));
    Rng rng = Rng::forItem(seed_, uint64_t(epoch) + 1000003ull);
    for (size_t i = order_.size(); i > 1; --i) // Fisher–Yates
        std::swap(order_[i - 1], order_[size_t(rng.integer(0, int64_t(i) - 1))]);
    if (world_ > 1) { // DistributedSampler: pad with the order's own start, then every world-th
        const size_t n = order_.size(), padded = (n + size_t(world_) - 1) / size_t(world_) * size_t(world_);
        for (size_t i = n; i < padded; ++i)
            order_.push_back(order_[i - n]);
        std::vector<size_t> mine;
        for (size_t i = size_t(rank_); i < padded; i += size_t(world_))
            mine.push_back(order_[i]);
        order_ = std::move(mine);
    }
    ready_.clear();
    ready_.resize(size_t(batchesPerEpoch()));
    nextToProduce_ = nextToDeliver_ = 0;
    error_ = nullptr;
    const size_t P = priors_.size(), plane = size_t(3) * meta_.inputH * meta_.inputW;
    disableOpenCvThreading();
    auto work = [this, P, plane]() {
        while (true) {
            size_t b;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                // Stay at most 3 batches ahead of the consumer.
                cv_.wait(lock, [&] { return stopping_ || nextToProduce_ < nextToDeliver_ + 3; });
                if (stopping_ || nextToProduce_ >= ready_.size())
                    return;
                b = nextToProduce_++;
            }
            auto batch = std::make_unique<TrainBatch>();
            try {
                const size_t start = b * size_t(batchSize_), end = std::min(order_.size(), start + size_t(batchSize_));
                batch->size = int(end - start);
                batch->images.resize(size_t(batch->size) * plane);
                batch->labels.resize(size_t(batch->size) * P);
                batch->regression.resize(size_t(batch->size) * P * 4);
                for (size_t k = 0; k < size_t(batch->size); ++k) {
                    int pos = 0;
                    makeSample(order_[start + k], epoch_, batch->images.data() + k * plane, batch->labels.data() + k * P,
                               batch->regression.data() + k * P * 4, &pos);
                    batch->positives += pos;
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex_);
                if (!error_)
                    error_ = std::current_exception();
                stopping_ = true;
                cv_.notify_all();
                return;
            }
            {
                std::lock_guard<std::mutex> lock(mutex_);
                ready_[b] = std::move(batch);
            }
            cv_.notify_all();
        }
    };
    for (int t = 0; t < workers_; ++t)
        threads_.emplace_back(work);
}

bool BatchLoader::next(TrainBatch& out)
{
    std::unique_lock<std::mutex> lock(mutex_);
    if (nextToDeliver_ >= ready_.size())
        return false;
    cv_.wait(lock, [&] { return error_ || ready_[nextToDeliver_] != nullptr; });
    if (error_)
        std::rethrow_exception(error_);
    out = std::move(*ready_[nextToDeliver_]);
    ready_[nextToDeliver_].reset();
    ++nextToDeliver_;
    lock.unlock();
    cv_.notify_all();
    return true;
}

} // namespace anchorscope
