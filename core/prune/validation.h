// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Claims that hold on images the search has not seen (docs/search.md, "Validation"): paired
// bootstrap intervals of a configuration's ΔAP against the full model, the front of a search
// evaluated on validation images, and the recommendation read from those — never from the
// search images, whose best-looking configurations are the luckiest among hundreds tried.
#include "eval/coco_bootstrap.h"
#include "prune/config_evaluator.h"
#include "prune/search.h"

#include <map>
#include <string>
#include <vector>

namespace anchorscope {

// ΔAP and ΔAP50 of configurations against the full model on one cache's images, with
// percentile intervals from a seeded paired bootstrap over the images: every configuration
// is re-weighted with the same replicates as the full model.
class PairedBootstrap {
public:
    PairedBootstrap(ConfigEvaluator& ev, const BootstrapOptions& options);

    struct Interval {
        ConfigResult result;    // on these images
        DeltaInterval ap, ap50; // against the full model
        int replicates = 0;     // replicates where both were defined
    };
    Interval interval(const Configuration& c); // memoised
    const BootstrapOptions& options() const { return options_; }
    size_t images() const { return weights_.images(); }
    const ConfigResult& baseline() const { return baseline_; }
    ConfigEvaluator& evaluator() { return ev_; }

private:
    ConfigEvaluator& ev_;
    BootstrapOptions options_;
    BootstrapWeights weights_;
    ConfigResult baseline_;
    std::vector<double> baseAp_, baseAp50_;
    std::map<std::vector<int>, Interval> memo_;
};

NodeValidation toNodeValidation(const PairedBootstrap::Interval& v);

// Refuses (InputError naming the file and the difference) a validation cache made with
// another model, threshold, label map or run settings than the search cache, or one that
// holds some of the search images.
void checkValidationCache(const PredictionCache& search, const PredictionCache& validation, const std::string& path);

// A node's statistics on the validation images without an interval (the window's live view
// while a search runs).
NodeValidation quickValidation(ConfigEvaluator& validation, const ConfigResult& baseline, const Configuration& c);

// Wraps a search's node callback: each node that enters the front so far (non-dominated
// among the nodes before it, at or above the root's AP − maxDrop) reaches `next` with its
// validation statistics (no interval; validateFront adds those after the search). The
// window's live validation markers; `validation` is used on the search's thread.
NodeCallback liveValidation(ConfigEvaluator& validation, const ConfigResult& baseline, double maxDrop, NodeCallback next);

// How a ΔAP interval reads (docs/search.md, "Reading an interval"): it contains 0 — no
// measurable difference; it lies below 0 — a measurable loss; above 0 — a measurable gain.
enum class IntervalVerdict { NoMeasurableDifference, MeasurableLoss, MeasurableGain };
IntervalVerdict intervalVerdict(const std::array<double, 2>& deltaCi);

// Evaluates every front node of `r` on the validation images (statistics, ΔAP with its
// interval), records how (r.validation) and sets r.recommended. Cancellable.
void validateFront(SearchResult& r, PairedBootstrap& bootstrap, const std::string& validationCache,
                   const ProgressToken* progress = nullptr);

// The recommendation rule: the cheapest front point other than the full model whose
// validation ΔAP interval lies at or above −maxDrop (maxDrop = baseline AP − min AP of the
// search); -1 when there is none — the full model is then the honest answer.
int recommendedNode(const SearchResult& r);

} // namespace anchorscope
