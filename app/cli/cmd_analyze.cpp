// SPDX-License-Identifier: GPL-3.0-or-later
// analyze: per-anchor box distributions, redundancy matrix, leave-one-out ΔAP and GT
// coverage from a prediction cache.
#include "command.h"
#include "model_options.h"
#include "project_options.h"

#include "analysis/anchor_analysis.h"
#include "util/atomic_file.h"

#include <cstdio>
#include <iostream>

namespace anchorscope::cli {

Command analyzeCommand()
{
    Command c;
    c.name = "analyze";
    c.summary = "Anchor analysis from a prediction cache: predicted-box distributions, redundancy matrix,\n"
                "leave-one-out ΔAP and GT coverage.";
    c.options = {
        {"cache", "CACHE", "prediction cache", false, ""},
        projectOption(),
        cacheDirOption(),
        labelMapOption(),
        {"tau", "IOU", "IoU for 'covered by' in the redundancy matrix", false, "0.5"},
        {"alpha", "A", "a covering candidate needs score >= A x the covered one's", false, "0.5"},
        {"score", "S", "confidence threshold for distributions and redundancy", false, "0.3"},
        {"bins", "N", "histogram bins per axis", false, "24"},
        {"max-points", "N", "raw points kept per anchor", false, "1000"},
        {"no-leave-one-out", "", "skip the leave-one-out evaluations", false, ""},
        {"threads", "N", "threads for evaluations", false, "2"},
        {"out", "JSON", "write the full result here", false, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        const CacheSource source = cacheFromArgs(a, int(a.getInt("threads")), ctx.progress);
        const PredictionCache& cache = *source.cache;
        ConfigEvaluator& ev = *source.evaluator;
        AnalysisOptions o;
        o.tau = float(a.getDouble("tau"));
        o.alpha = float(a.getDouble("alpha"));
        o.score = float(a.getDouble("score"));
        o.bins = int(a.getInt("bins"));
        o.maxPoints = int(a.getInt("max-points"));
        o.leaveOneOut = !a.flag("no-leave-one-out");
        const AnalysisResult r = analyzeCache(cache, ev, o, &ctx.progress);
        const nlohmann::json j = r.toJson(cache.meta.anchors, o);
        if (a.has("out"))
            writeFileAtomically(a.get("out"), j.dump());
        if (ctx.json) {
            printJson(j);
            return 0;
        }
        std::printf("baseline AP %.4f, best possible recall %.3f\n", r.baselineAp, r.bestPossibleRecall);
        std::printf("  id level  confident     TP  redundancy      dAP  GT served  recall w/o\n");
        for (const auto& s : r.anchors)
            std::printf("%4d %5d %10d %6d %11.3f %8.4f %10.3f %11.3f\n", s.anchor, cache.meta.anchors.info(s.anchor).level,
                        s.confident, s.truePositives, s.redundancy, s.deltaAp, s.gtServedShare, s.recallWithout);
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
