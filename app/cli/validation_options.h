// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Validation images and bootstrap intervals on the command line (docs/search.md,
// "Validation"): --validation-cache V with --cache; --validation-split F (and --split-seed)
// splitting --cache by image, or recorded in a --project; --validation-data ANN recorded in a
// --project; --bootstrap B and --bootstrap-seed S for the paired intervals.
#include "args.h"

#include "eval/coco_bootstrap.h"
#include "prune/validation.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace anchorscope::cli {

// --validation-cache, --validation-split, --split-seed, --validation-data.
std::vector<OptionSpec> validationOptions();
// --bootstrap, --bootstrap-seed.
std::vector<OptionSpec> bootstrapOptions();
// Both of the above, appended to a command's options.
void addValidationOptions(std::vector<OptionSpec>& options);
BootstrapOptions bootstrapFromArgs(const Args& a, int threads);

// ΔAP and ΔAP50 with their intervals and how they were made:
// {"delta_ap", "delta_ap_ci": [lo, hi], "delta_ap50", "delta_ap50_ci", "bootstrap": {...}}.
nlohmann::json intervalJson(const PairedBootstrap::Interval& v, const BootstrapOptions& o, size_t images);

} // namespace anchorscope::cli
