// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The demo's whole job after prepareDemo (`anchorscope-cli demo --full`, scripts/demo.sh):
// the default search validated on the holdout split, the recommended configuration (or,
// when no point keeps its promise, the cheapest point within the drop, labelled
// unvalidated), prune, a short retrain, end-to-end TorchScript and ONNX exports, the report
// data — everything written under the demo folder, with a summary of what it measured.
#include "eval/coco_bootstrap.h"
#include "project/demo.h"
#include "util/progress.h"

#include <nlohmann/json.hpp>

#include <string>

namespace anchorscope {

struct DemoJobOptions {
    std::string strategy;      // empty: the default strategy
    int maxEvaluations = 600;  // the search's budget (refine: its seed's evaluations included)
    double maxDrop = 0.02;     // the promise the recommendation checks on the validation images
    int retrainEpochs = 3;
    int threads = 2;
    BootstrapOptions bootstrap;
};

struct DemoJobResult {
    std::string project, pruned, retrained, end2end, onnx, onnxSidecar, reportData;
    nlohmann::json summary;    // also in the report data, section "extra.demo"
};

// Runs the job on the files prepareDemo made; each step's output replaces the previous run's
// (atomically). Throws InputError; CancelledError.
DemoJobResult runDemoJob(const DemoFiles& files, const DemoJobOptions& options, const ProgressToken* progress = nullptr);

} // namespace anchorscope
