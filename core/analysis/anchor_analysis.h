// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the analysis views show, computed from a prediction cache and its ground truth
// (docs/design.md §1 "Redundancy"): per-anchor predicted-box distributions, the redundancy matrix,
// leave-one-out ΔAP and GT coverage by the model's own matcher.
#include "prune/config_evaluator.h"
#include "prune/prediction_cache.h"
#include "util/progress.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace anchorscope {

struct AnalysisOptions {
    float tau = 0.5f;         // IoU for "covered by" in the redundancy matrix
    float alpha = 0.5f;       // a covering candidate needs score ≥ alpha · the covered one's
    float score = 0.3f;       // confidence threshold for candidates in distributions and R
    float matchIou = 0.5f;    // TP / GT coverage IoU
    int maxPoints = 1000;     // raw points kept per anchor (deterministic subsample)
    int bins = 24;            // 2-D histogram bins per axis (log w, log h)
    bool leaveOneOut = true;
};

struct BoxPoint {
    float w = 0, h = 0;       // input pixels
    float ratio = 0;          // h / w
    float scaleToPrior = 0;   // √(w·h) / √(prior w · prior h)
    float offsetX = 0, offsetY = 0; // centre offset within the cell, in cells
    float score = 0;
    bool tp = false;
};

struct AnchorStats {
    int anchor = 0;
    int confident = 0, truePositives = 0, candidates = 0;
    std::vector<BoxPoint> points;      // subsampled
    std::vector<int> histConfident;    // bins × bins over (log w, log h)
    std::vector<int> histTp;
    double redundancy = 0;             // share of its confident candidates covered by any other anchor
    double deltaAp = 0;                // AP without this anchor − baseline AP (shared head: without
                                       // this anchor's index on every level, the prunable unit)
    double gtServedShare = 0;          // share of GT whose best prior is this anchor's
    double recallWithout = 0;          // best-possible recall without this anchor
};

struct AnalysisResult {
    int numAnchors = 0;
    double histMin = 0, histMax = 0;   // log-pixel range of both histogram axes
    int bins = 0;
    std::vector<AnchorStats> anchors;
    std::vector<double> redundancy;    // [i][j]: share of i's confident candidates covered by j
    std::vector<int> gtHist;           // GT boxes (input pixels) on the same axes
    struct GtCoverage {
        int64_t annotationId = 0;
        int bestAnchor = -1;
        float bestIou = 0;
    };
    std::vector<GtCoverage> gtCoverage; // per GT (non-crowd): its best prior's anchor
    double bestPossibleRecall = 0;
    std::vector<double> levelRedundancy; // mean redundancy of the anchors of each level
    double baselineAp = 0;

    nlohmann::json toJson(const AnchorSet& anchors, const AnalysisOptions& opt) const;
};

AnalysisResult analyzeCache(const PredictionCache& cache, ConfigEvaluator& ev, const AnalysisOptions& opt = {},
                            const ProgressToken* progress = nullptr);

} // namespace anchorscope
