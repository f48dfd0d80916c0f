// SPDX-License-Identifier: GPL-3.0-or-later
#include "dist/sharded_inference.h"

#include "dist/process_group.h"
#include "models/run_settings.h"
#include "util/error.h"

#include <cstring>
#include <type_traits>

namespace anchorscope {

ShardRun detectShard(const Detector& model, const Dataset& ds, InferenceOptions o, ProcessGroup* group,
                     const ProgressToken* progress)
{
    static_assert(std::is_trivially_copyable_v<DetectionRecord>, "detections travel as bytes");
    const int batch = resolveRunSettings(model.meta(), {0, o.batchSize}).batch;
    const ImageShard shard = shardOfWholeBatches(ds.images.size(), batch, group ? group->rank() : 0, group ? group->size() : 1);
    ShardRun r;
    o.batchSize = batch;
    o.firstImage = shard.first;
    o.endImage = shard.end;
    o.onBatchDone = [&](size_t, size_t count) {
        r.images += count;
        r.batches += 1;
    };
    r.detections = detectDataset(model, ds, o, progress);
    if (!group)
        return r;
    const std::string mine(reinterpret_cast<const char*>(r.detections.data()), r.detections.size() * sizeof(DetectionRecord));
    const std::vector<std::string> all = group->gather(mine, 0);
    r.detections.clear();
    if (group->rank() != 0)
        return r;
    for (const std::string& part : all) {
        if (part.size() % sizeof(DetectionRecord) != 0)
            throw InputError("a rank sent a broken list of detections");
        const size_t n = part.size() / sizeof(DetectionRecord);
        const size_t at = r.detections.size();
        r.detections.resize(at + n);
        std::memcpy(static_cast<void*>(r.detections.data() + at), part.data(), part.size());
    }
    return r;
}

CocoEvalResult evaluateDetectorSharded(const Detector& model, const Dataset& ds, ProcessGroup* group,
                                       const ProgressToken* progress)
{
    checkDatasetHasGroundTruth(ds);
    const ShardRun run = detectShard(model, ds, {}, group, progress);
    CocoEvalResult r;
    if (!group || group->rank() == 0)
        r = CocoEvaluator(ds).evaluate(run.detections);
    if (!group)
        return r;
    // The stats travel as bytes; the curves stay on rank 0 (the other ranks only report).
    const std::string stats = group->broadcast(
        std::string(reinterpret_cast<const char*>(r.stats.data()), r.stats.size() * sizeof(double)), 0);
    std::memcpy(r.stats.data(), stats.data(), std::min(stats.size(), r.stats.size() * sizeof(double)));
    return r;
}

} // namespace anchorscope
