// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Building a prediction cache the long way: on one process or as one rank of a process
// group (each rank a contiguous shard of whole batches, rank 0 gathers and writes), and
// resumable — every finished batch is appended to `<cache>.partial.<rank>` (framed and
// checksummed, so a run killed mid-write loses at most the batch it was writing), and a new
// run over the same model, dataset, threshold, threads and batch skips the batches any
// partial file holds. Whole batches at the single run's boundaries keep every image's batch
// neighbours, so on CPU the cache is byte for byte the single-process one.
#include "prune/prediction_cache.h"

#include <string>

namespace anchorscope {

class ProcessGroup;

struct CacheBuildOptions {
    float threshold = -1; // < 0: the model's score threshold
    int batchSize = 0;    // 0: the model's default
    ProcessGroup* group = nullptr; // nullptr: this process runs every image
    // The cache file: rank 0 writes it atomically, partial results go beside it and are
    // removed once it is written. Empty: nothing written, nothing resumed (one process only).
    std::string path;
};

// What this rank did (for --json and the logs).
struct CacheBuildReport {
    int rank = 0, worldSize = 1;
    size_t images = 0, batches = 0; // run by this rank now
    size_t resumedImages = 0;       // of this rank's shard, taken from partial files
};

// Rank 0 (or the single process) returns the whole cache, already saved to options.path;
// the other ranks return a cache without images. Throws InputError, CancelledError (the
// partial files stay for the next run), DistributedError.
PredictionCache buildPredictionCache(const Detector& model, const Dataset& ds, const CacheBuildOptions& options,
                                     const ProgressToken* progress = nullptr, CacheBuildReport* report = nullptr);

} // namespace anchorscope
