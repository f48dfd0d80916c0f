// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a report shows, computed once in core (no Qt) and written as `report.json`: the
// front (search and validation AP with intervals, the recommended and the selected point),
// the anchors and the selection, the anchor analysis (box distributions, redundancy,
// leave-one-out ΔAP), per-class AP before and after, the cost table and the provenance.
// The report renderer (app/report, Qt) only draws this file — the same widgets as the
// window — so `anchorscope-cli report`, the demo and the window's File › Export report
// show the same thing (docs/architecture.md, "Reports").
#include "analysis/anchor_analysis.h"
#include "anchors/configuration.h"
#include "prune/config_evaluator.h"
#include "prune/prediction_cache.h"
#include "prune/search.h"
#include "prune/validation.h"
#include "util/progress.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace anchorscope {

class Detector;

struct ReportInputs {
    std::string title = "Anchorscope report";
    const PredictionCache* cache = nullptr; // the search images (required)
    ConfigEvaluator* evaluator = nullptr;   // of `cache` (required)
    std::string cacheName;                  // the file or project it came from
    PairedBootstrap* validation = nullptr;  // over the validation images, when there are any
    std::string validationName;
    const SearchResult* search = nullptr;   // may be null: no front
    // The configuration the report is about; when unset (selectedNode < 0 and no removed ids)
    // the search's recommendation, else the full model.
    Configuration selection;
    int selectedNode = -1;
    bool selectionGiven = false;
    const Detector* model = nullptr;        // the full model, when at hand: parameters, file
    std::string modelPath;
    std::vector<std::string> commands;      // how the inputs were made, for the provenance
    nlohmann::json extra;                   // more sections (the demo: retraining, exports)
    AnalysisOptions analysis;
    int latencyRepeats = 5;                 // post-processing timing runs per configuration
};

// The report data (format "anchorscope-report", version 1; docs/architecture.md lists the
// keys). Throws InputError for inconsistent inputs; CancelledError.
nlohmann::json buildReportData(const ReportInputs& in, const ProgressToken* progress = nullptr);

// The configuration a report is about and why: "selected", "recommended" or "full model".
struct ReportSelection {
    Configuration config;
    int node = -1;
    std::string why;
};
ReportSelection reportSelection(const ReportInputs& in);

// One row of the report's per-class table: {"name", "AP", "per_category": {id: AP or null}}.
nlohmann::json reportPerClassRow(const std::string& name, const CocoEvalResult& r);

} // namespace anchorscope
