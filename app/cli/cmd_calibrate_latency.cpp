// SPDX-License-Identifier: GPL-3.0-or-later
// calibrate-latency: the post-processing time model of a cache's model on this machine, for
// search --objective latency.
#include "command.h"

#include "prune/latency_model.h"
#include "prune/prediction_cache.h"
#include "util/atomic_file.h"

#include <iostream>

namespace anchorscope::cli {

Command calibrateLatencyCommand()
{
    Command c;
    c.name = "calibrate-latency";
    c.summary = "Time the post-processing (scores, threshold, decode, top-k, NMS) of a cache's model on this machine\n"
                "and fit t = a + b·boxes + c·candidates (ms), for search --objective latency.";
    c.options = {
        {"cache", "CACHE", "prediction cache whose post-processing settings and class count to use", true, ""},
        {"repeats", "N", "timed runs per grid point (median)", false, "5"},
        {"out", "JSON", "latency model to write", true, ""},
    };
    c.run = [](CommandContext& ctx) {
        const PredictionCache cache = PredictionCache::load(ctx.args.get("cache"));
        const LatencyModel m = calibrateLatency(cache.meta.postprocess, cache.meta.numClasses, int(ctx.args.getInt("repeats")),
                                                &ctx.progress);
        writeFileAtomically(ctx.args.get("out"), m.toJson().dump(1));
        if (ctx.json)
            printJson(m.toJson());
        else
            std::cout << m.toJson().dump(1) << "\n";
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
