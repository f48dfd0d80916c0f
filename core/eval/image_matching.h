// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// True/false positives and misses of one image, for showing detections: per category,
// detections in descending score order each take the unmatched ground-truth box of highest
// IoU ≥ the threshold (COCO's greedy rule). Crowd and VOC-difficult boxes never count as
// misses, and a detection that only overlaps them is neither a hit nor a false alarm.
//
// Because a detection is matched before every lower-scored one, raising a score threshold
// never changes the status of the detections that remain: the view filters the result of
// one matching instead of matching again for every slider position.
#include "data/coco_json.h"
#include "data/dataset.h"

#include <vector>

namespace anchorscope {

enum class MatchStatus { TruePositive, FalsePositive, Ignored };

struct ImageMatch {
    std::vector<DetectionRecord> detections; // by descending score (stable)
    std::vector<MatchStatus> status;         // per detection
    std::vector<int> matchedGt;              // per detection: index into gt, or -1
    std::vector<Annotation> gt;
    std::vector<double> gtMatchScore;        // per gt: score of the detection that found it, or -1
    std::vector<bool> gtIgnored;             // crowd or difficult

    struct Counts {
        int tp = 0, fp = 0, fn = 0;
    };
    // Counts over the detections with score ≥ minScore.
    Counts counts(double minScore) const;
};

ImageMatch matchImage(const std::vector<Annotation>& gt, std::vector<DetectionRecord> detections, double iouThreshold = 0.5);

// The annotations of one image of a dataset.
std::vector<Annotation> annotationsOfImage(const Dataset& ds, int64_t imageId);

} // namespace anchorscope
