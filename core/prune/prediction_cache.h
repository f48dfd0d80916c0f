// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The prediction cache (docs/design.md §1, §3, §5): one forward pass of a model over a dataset,
// keeping per image every candidate that can ever survive post-processing (score above the
// evaluation threshold; no configuration-dependent top-k applied), as struct-of-arrays
// (box in model-input pixels, score, class column, box index, level, anchor id) plus the
// per-image scale back to original pixels, the feature sizes, the ground truth and the
// model's metadata. A configuration is then evaluated without the network.
#include "data/dataset.h"
#include "eval/postprocess.h"
#include "models/model_meta.h"
#include "util/progress.h"

#include <string>
#include <vector>

namespace anchorscope {

class Detector;

struct CachedImage {
    int64_t imageId = 0;
    float scaleX = 1, scaleY = 1; // original pixels per input pixel
    std::vector<std::pair<int, int>> featureSizes;
    size_t offset = 0, count = 0; // slice of the candidate arrays, in rank order
};

class PredictionCache {
public:
    // 2: threads and batch recorded, tie rule in the model's post-processing block.
    static constexpr uint32_t kFormatVersion = 2;
    static constexpr size_t kBytesPerCandidate = sizeof(Boxf) + sizeof(float) + 2 * sizeof(int32_t) + sizeof(int16_t) + sizeof(int32_t);

    std::string identity;  // model identity + threshold: which model the cache belongs to
    std::string modelIdentity;
    ModelMeta meta;
    float threshold = 0;   // candidates have score > threshold
    // How the model ran (models/run_settings.h): part of the identity under the torchvision
    // tie rule, whose scores are bit-exact only at these settings; 0 when not known.
    int threads = 0, batch = 0;
    Dataset gt;
    std::vector<CachedImage> images; // parallel to gt.images
    CandidateList candidates;        // all images, concatenated

    CandidateView view(size_t image) const;
    size_t numCandidates() const { return candidates.size(); }

    // Writes atomically: magic, version, JSON header, arrays, FNV-1a checksum.
    void save(const std::string& path) const;
    // Throws InputError on a missing, truncated, corrupted or foreign file.
    static PredictionCache load(const std::string& path);
    // The file's bytes; `path` only names the source in error messages.
    std::string toBytes() const;
    static PredictionCache fromBytes(const std::string& bytes, const std::string& path);
    // Refuses (InputError) a cache made with another model or a threshold above `threshold`.
    void checkServes(const std::string& modelIdentity, float threshold, const std::string& path) const;
};

// The six candidate arrays (boxes, scores, labels, box indices, levels, anchor ids) as the
// cache file stores them — also the partial results of a cache build (cache_builder.cpp).
class ByteReader;
void appendCandidateArrays(std::string& out, const CandidateList& c);
void readCandidateArrays(ByteReader& in, CandidateList& c, size_t n);

// Runs the model over the dataset (batched, loading overlapped, no grad) at the calling
// thread's LibTorch thread count. threshold < 0: the model's own score threshold;
// batchSize 0: the model's default.
PredictionCache buildPredictionCache(const Detector& model, const Dataset& ds, float threshold = -1,
                                     int batchSize = 0, const ProgressToken* progress = nullptr);

// A cache's identity: the model's, the threshold and, under the torchvision tie rule, the
// thread count and batch size the scores were computed at.
std::string predictionCacheIdentity(const std::string& modelIdentity, float threshold, const ModelMeta& meta,
                                    int threads, int batch);

// From the files of shared/bench/make_ssd300_cache.py (synthetic SSD300-sized predictions).
PredictionCache importReferenceCache(const std::string& dir, float threshold, const ProgressToken* progress = nullptr);

} // namespace anchorscope
