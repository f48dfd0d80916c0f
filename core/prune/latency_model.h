// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The latency objective (docs/design.md §5): a per-machine model t(boxes, candidates) of the full
// post-processing at deployment settings — score function, threshold, decode, top-k, NMS,
// cap — calibrated by timing it on synthetic raw outputs, fitted by least squares
// t = a + b·boxes + c·candidates (ms). Searches use the model; front points are measured.
#include "eval/postprocess.h"
#include "util/progress.h"

#include <nlohmann/json.hpp>

#include <string>

namespace anchorscope {

struct LatencyModel {
    double a = 0, b = 0, c = 0; // ms, ms per box, ms per candidate
    int numClasses = 0;
    std::string machine;        // what it was calibrated on
    double predict(double boxes, double candidates) const { return a + b * boxes + c * candidates; }

    nlohmann::json toJson() const;
    static LatencyModel fromJson(const nlohmann::json& j, const std::string& source);
};

// Times the post-processing of `numClasses`-column raw outputs at several box counts and
// candidate rates (median of `repeats`), then fits the model.
LatencyModel calibrateLatency(const PostProcessSettings& deployment, int numClasses, int repeats = 5,
                              const ProgressToken* progress = nullptr);

// One measurement: ms for `boxes` boxes of which about `candidates` (box, class) pairs pass
// the threshold (median of `repeats`).
double measurePostprocessMs(const PostProcessSettings& deployment, int numClasses, int boxes, int candidates,
                            int repeats = 5);

} // namespace anchorscope
