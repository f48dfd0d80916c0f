// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The demo recipe, one set of steps for the window's "Open demo" and scripts/demo.sh
// (`anchorscope-cli demo`): the synthetic shapes dataset (2000 images of 256 px, seed 1,
// train / search / holdout splits), the demo detector (an overanchorized ssd_small trained
// 12 epochs from seed 0), the prediction cache of the search split and that of the holdout
// split (the demo's validation images) — each step only when its file is missing, so a
// second run reuses them.
#include "project/project.h"
#include "util/progress.h"

#include <string>

namespace anchorscope {

struct DemoFiles {
    std::string dir, model, train, search, holdout, searchCache, holdoutCache;
    bool datasetMade = false, modelTrained = false, cacheBuilt = false, holdoutCacheBuilt = false;
    // The model on the search split with its cache, validated on the holdout split.
    Project project() const;
};

DemoFiles prepareDemo(const std::string& dir, const ProgressToken* progress = nullptr);

} // namespace anchorscope
