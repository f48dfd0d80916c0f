// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the commands that take a model and a dataset.
#include "args.h"

#include "data/dataset.h"
#include "models/cost.h"
#include "models/detector.h"
#include "models/run_settings.h"

#include <nlohmann/json.hpp>

#include <string>

namespace anchorscope {
struct CocoEvalResult;
}

namespace anchorscope::cli {

// --data ANN (any format) with optional --images DIR; or --images DIR alone (no GT).
Dataset datasetFromArgs(const Args& a, bool requireAnnotations);
// Cost of a model's head under a configuration.
CostReport modelCost(const ModelMeta& meta, const Configuration& removed = {});
nlohmann::json statsJson(const CocoEvalResult& r);
AnchorSet anchorsFromSpec(const std::string& presetOrFile, int inputH, int inputW);
OptionSpec labelMapOption();
// Which dataset category each score column predicts, the way the window decides it: the
// --label-map FILE (a project's "label_map", or a whole .asproj), else the automatic match
// (name, normalised name, id). Columns that map to nothing are dropped after
// post-processing, with one warning each on stderr. A dataset without categories (images
// alone) keeps the model's own ids, unless --label-map is given.
void fitModelFromArgs(const Args& a, Detector& model, const Dataset& ds);

// --threads / --batch (0: the model's default, models/run_settings.h); configures LibTorch's
// threads for this process.
RunSettings runSettingsFromArgs(const Args& a, const ModelMeta& meta);

} // namespace anchorscope::cli
