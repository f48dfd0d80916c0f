// SPDX-License-Identifier: GPL-3.0-or-later
#include "train/retrain.h"

#include "dist/sharded_inference.h"
#include "models/detection_output.h"

namespace anchorscope {

RetrainOutcome retrainModel(Detector& model, const Dataset& train, const std::vector<EvaluationSplit>& splits,
                            const RetrainOptions& opt, const ProgressToken* progress, const RetrainEpochCallback& onEpoch)
{
    checkModelFitsDataset(model.meta(), train);
    for (const auto& s : splits)
        checkModelFitsDataset(model.meta(), s.data);
    auto apOn = [&](const Detector& m) {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& s : splits) {
            const CocoEvalResult r = evaluateDetectorSharded(m, s.data, opt.train.group, progress);
            j[s.name] = {{"AP", r.stats[0]}, {"AP50", r.stats[1]}};
        }
        return j;
    };
    RetrainOutcome out;
    out.before = apOn(model);
    TrainOptions o = opt.train;
    if (opt.fromScratch) {
        const ModelMeta m = model.meta();
        Detector fresh = Detector::createNative(m.architecture, m.anchors, m.classes, o.seed);
        fresh.mutableMeta().postprocess = m.postprocess;
        fresh.mutableMeta().provenance = m.provenance;
        model = std::move(fresh);
    } else {
        o.freezeBatchNorm = opt.freezeBatchNorm;
    }
    out.epochs = trainDetector(model, train, o, progress, [&](const EpochReport& e) {
        double ap = -1;
        if (opt.apEachEpoch && !splits.empty())
            ap = evaluateDetectorSharded(model, splits.front().data, opt.train.group, progress).stats[0];
        if (onEpoch)
            onEpoch(e, ap);
    });
    out.after = apOn(model);
    auto& run = model.mutableMeta().provenance.trainingRuns.back();
    run["before"] = out.before;
    run["after"] = out.after;
    run["mode"] = opt.fromScratch ? "scratch" : "fine-tune";
    return out;
}

} // namespace anchorscope
