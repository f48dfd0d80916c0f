// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// detect / evaluate over a process group: each rank runs its shard of whole batches
// (dist/process_group.h), rank 0 gathers the detections in image order.
#include "eval/coco_eval.h"
#include "models/inference.h"

#include <vector>

namespace anchorscope {

class ProcessGroup;

struct ShardRun {
    std::vector<DetectionRecord> detections; // rank 0 (or a single process): every image's; else empty
    size_t images = 0, batches = 0;          // run by this rank
};

// `options`' image range and batch callbacks are this function's; the rest is passed on.
ShardRun detectShard(const Detector& model, const Dataset& ds, InferenceOptions options, ProcessGroup* group,
                     const ProgressToken* progress = nullptr);

// evaluateDetector over a process group: the ranks share the inference, rank 0 evaluates
// and every rank gets its stats (the same numbers everywhere). Without a group: as
// evaluateDetector. Throws InputError, DistributedError.
CocoEvalResult evaluateDetectorSharded(const Detector& model, const Dataset& ds, ProcessGroup* group,
                                       const ProgressToken* progress = nullptr);

} // namespace anchorscope
