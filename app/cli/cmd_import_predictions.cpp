// SPDX-License-Identifier: GPL-3.0-or-later
// import-predictions: a prediction cache from the files of shared/bench/make_ssd300_cache.py.
#include "command.h"

#include "prune/prediction_cache.h"

#include <iostream>

namespace anchorscope::cli {

Command importPredictionsCommand()
{
    Command c;
    c.name = "import-predictions";
    c.summary = "Make a prediction cache from the files of shared/bench/make_ssd300_cache.py.";
    c.options = {
        {"from", "DIR", "directory with gt.json, boxes.f32, scores.f32, meta.json", true, ""},
        {"threshold", "T", "keep candidates with score above T", false, "0.02"},
        {"out", "CACHE", "prediction cache to write", true, ""},
    };
    c.run = [](CommandContext& ctx) {
        const PredictionCache cache =
            importReferenceCache(ctx.args.get("from"), float(ctx.args.getDouble("threshold")), &ctx.progress);
        cache.save(ctx.args.get("out"));
        const nlohmann::json j = {{"out", ctx.args.get("out")},
                                  {"images", cache.images.size()},
                                  {"candidates", cache.numCandidates()},
                                  {"bytes_per_candidate", PredictionCache::kBytesPerCandidate}};
        if (ctx.json)
            printJson(j);
        else
            std::cout << j.dump() << "\n";
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
