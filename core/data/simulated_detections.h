// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A "noisy oracle" detector for demos, tests and benchmarks of the evaluation code: it
// derives detections from the ground truth with localisation noise, misses, duplicates,
// class confusions and background false positives. Deterministic for a seed.
#include "data/coco_json.h"
#include "data/dataset.h"

#include <cstdint>
#include <vector>

namespace anchorscope {

struct SimulatedDetectorOptions {
    uint64_t seed = 0;
    double recall = 0.85;          // chance that an object is detected
    double boxNoise = 0.08;        // sd of corner jitter, relative to the object size
    double duplicateRate = 0.2;    // chance of an extra, lower-scored box on a detected object
    double confusionRate = 0.05;   // chance that a detection gets another class
    double falsePositives = 1.5;   // mean background detections per image
};

std::vector<DetectionRecord> simulateDetections(const Dataset& gt, const SimulatedDetectorOptions& opt);

} // namespace anchorscope
