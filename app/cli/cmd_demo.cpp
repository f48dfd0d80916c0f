// SPDX-License-Identifier: GPL-3.0-or-later
// demo: the demo recipe (core prepareDemo) — the same steps as the window's "Open demo".
#include "command.h"

#include "models/detector.h"
#include "project/demo.h"

#include <iostream>

namespace anchorscope::cli {

Command demoCommand()
{
    Command c;
    c.name = "demo";
    c.summary = "Prepare the demo in DIR: the shapes dataset, the trained demo detector and the prediction cache of\n"
                "its search and holdout splits (the holdout split is the demo's validation images; each only when missing; the window's File > Open demo runs the same steps).";
    c.options = {
        {"dir", "DIR", "the demo folder", false, "demo"},
    };
    c.run = [](CommandContext& ctx) {
        configureThreads(0);
        const DemoFiles f = prepareDemo(ctx.args.get("dir"), &ctx.progress);
        const nlohmann::json j = {{"dir", f.dir},
                                  {"model", f.model},
                                  {"train", f.train},
                                  {"search", f.search},
                                  {"holdout", f.holdout},
                                  {"search_cache", f.searchCache},
                                  {"holdout_cache", f.holdoutCache},
                                  {"dataset_made", f.datasetMade},
                                  {"model_trained", f.modelTrained},
                                  {"cache_built", f.cacheBuilt},
                                  {"holdout_cache_built", f.holdoutCacheBuilt}};
        printResult(ctx, j);
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
