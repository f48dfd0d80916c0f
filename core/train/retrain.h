// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Retraining a (pruned) model — the one workflow behind the CLI's `retrain` and the window's
// retrain panel: fine-tune from its weights with BatchNorm frozen (or retrain from scratch:
// the same architecture, anchors, classes and post-processing, fresh weights), with AP and
// AP50 on named evaluation splits before and after, recorded with the mode in the model's
// provenance (its last training run: `before`, `after`, `mode`).
#include "data/dataset.h"
#include "models/detector.h"
#include "train/trainer.h"
#include "util/progress.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace anchorscope {

struct RetrainOptions {
    TrainOptions train;       // its freezeBatchNorm is decided by the two fields below
    bool fromScratch = false;
    bool freezeBatchNorm = true; // fine-tuning on tiny CPU batches: keep the running statistics
    bool apEachEpoch = false; // AP on the first split after every epoch (slower)
};

struct EvaluationSplit {
    std::string name; // "search", "holdout", ...
    Dataset data;
};

struct RetrainOutcome {
    nlohmann::json before, after; // {split: {"AP": ..., "AP50": ...}}
    std::vector<EpochReport> epochs;
};

// Called after every epoch with its report and, with apEachEpoch, the first split's AP
// (else -1). Runs on the job's thread.
using RetrainEpochCallback = std::function<void(const EpochReport&, double ap)>;

// Retrains `model` in place on `train`. Throws InputError when a dataset does not fit the
// model; CancelledError when cancelled.
RetrainOutcome retrainModel(Detector& model, const Dataset& train, const std::vector<EvaluationSplit>& splits,
                            const RetrainOptions& opt, const ProgressToken* progress = nullptr,
                            const RetrainEpochCallback& onEpoch = {});

} // namespace anchorscope
