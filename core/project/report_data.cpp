// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/report_data.h"

#include "models/detector.h"
#include "models/head_surgery.h"
#include "prune/latency_model.h"
#include "util/error.h"

#include <chrono>
#include <cmath>
#include <ctime>


namespace anchorscope {

namespace {

std::string utcNow()
{
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

nlohmann::json statsPair(const std::array<double, kCocoStatCount>& s)
{
    return {{"AP", s[0]}, {"AP50", s[1]}};
}

} // namespace

nlohmann::json reportPerClassRow(const std::string& name, const CocoEvalResult& r)
{
    nlohmann::json ap = nlohmann::json::object();
    for (size_t k = 0; k < r.categoryIds.size() && k < r.perCategoryAP.size(); ++k)
        ap[std::to_string(r.categoryIds[k])] = r.perCategoryAP[k] < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.perCategoryAP[k]);
    return {{"name", name}, {"AP", r.stats[0]}, {"per_category", ap}};
}

namespace {

// The analysis as the views draw it: per anchor its prior, leave-one-out ΔAP and its
// subsampled confident boxes; the redundancy matrix; the ground-truth sizes in input pixels.
nlohmann::json analysisJson(const PredictionCache& c, const AnalysisResult& r)
{
    const AnchorSet& as = c.meta.anchors;
    nlohmann::json anchors = nlohmann::json::array();
    for (const AnchorStats& a : r.anchors) {
        const AnchorInfo info = as.info(a.anchor);
        nlohmann::json pts = nlohmann::json::array();
        for (const BoxPoint& p : a.points)
            pts.push_back({p.w, p.h, p.score, p.tp ? 1 : 0});
        anchors.push_back({{"anchor", a.anchor},
                           {"level", info.level},
                           {"prior_w", info.w},
                           {"prior_h", info.h},
                           {"confident", a.confident},
                           {"true_positives", a.truePositives},
                           {"redundancy", a.redundancy},
                           {"delta_ap", a.deltaAp},
                           {"points", pts}});
    }
    nlohmann::json gt = nlohmann::json::array();
    for (const auto& ann : c.gt.annotations) {
        const int64_t i = c.gt.imageIndex(ann.imageId);
        if (i >= 0 && !ann.iscrowd)
            gt.push_back({ann.w / c.images[size_t(i)].scaleX, ann.h / c.images[size_t(i)].scaleY});
    }
    std::vector<int> levelStarts;
    for (int l = 0; l < as.numLevels(); ++l)
        levelStarts.push_back(as.globalId(l, 0));
    return {{"baseline_ap", r.baselineAp},
            {"best_possible_recall", r.bestPossibleRecall},
            {"level_starts", levelStarts},
            {"redundancy", r.redundancy},
            {"anchors", anchors},
            {"ground_truth", gt}};
}

} // namespace

ReportSelection reportSelection(const ReportInputs& in)
{
    ReportSelection s;
    if (in.selectionGiven || in.selectedNode >= 0 || !in.selection.removed.empty()) {
        s.config = in.selection;
        s.node = in.selectedNode;
        if (in.search && s.node < 0)
            for (const SearchNode& n : in.search->nodes)
                if (n.result.config.removed == s.config.removed) {
                    s.node = n.index;
                    break;
                }
        if (in.search && s.node >= 0 && size_t(s.node) < in.search->nodes.size())
            s.config = in.search->nodes[size_t(s.node)].result.config;
        s.why = s.config.removed.empty()                                        ? "full model"
                : in.search && s.node >= 0 && s.node == in.search->recommended ? "recommended"
                                                                                : "selected";
        return s;
    }
    if (in.search && in.search->recommended >= 0) {
        s.node = in.search->recommended;
        s.config = in.search->nodes[size_t(s.node)].result.config;
        s.why = "recommended";
        return s;
    }
    s.node = in.search && !in.search->nodes.empty() ? 0 : -1;
    s.why = "full model";
    return s;
}

nlohmann::json buildReportData(const ReportInputs& in, const ProgressToken* progress)
{
    if (!in.cache || !in.evaluator)
        throw InputError("a report needs a prediction cache");
    const PredictionCache& c = *in.cache;
    const AnchorSet& anchors = c.meta.anchors;
    if (in.search && !in.search->nodes.empty()) {
        const int n = anchors.numAnchors();
        for (const SearchNode& node : in.search->nodes)
            for (int id : node.result.config.removed)
                if (id < 0 || id >= n)
                    throw InputError(in.cacheName, "the search removes anchor " + std::to_string(id) + ", but the cache's model has "
                                                       + std::to_string(n) + " anchors: the search was made on another model");
    }
    const ReportSelection sel = reportSelection(in);
    validateConfiguration(anchors, c.meta.sharedHead, sel.config);

    nlohmann::json j;
    j["format"] = "anchorscope-report";
    j["version"] = 1;
    j["title"] = in.title;
    j["created"] = utcNow();

    // Provenance: what the numbers were computed from and how.
    nlohmann::json prov;
    prov["model"] = {{"file", in.modelPath},
                     {"identity", c.modelIdentity},
                     {"architecture", c.meta.architecture},
                     {"input", {c.meta.inputH, c.meta.inputW}},
                     {"anchors", anchors.numAnchors()},
                     {"levels", anchors.numLevels()},
                     {"shared_head", c.meta.sharedHead}};
    nlohmann::json classes = nlohmann::json::array();
    for (const Category& cat : c.gt.categories)
        classes.push_back({{"id", cat.id}, {"name", cat.name}});
    prov["categories"] = classes;
    prov["search_images"] = {{"source", in.cacheName}, {"images", c.images.size()}, {"cache", c.identity},
                             {"candidates", c.numCandidates()}, {"threshold", c.threshold}};
    if (in.validation)
        prov["validation_images"] = {{"source", in.validationName},
                                     {"images", in.validation->images()},
                                     {"replicates", in.validation->options().replicates},
                                     {"seed", in.validation->options().seed}};
    else
        prov["validation_images"] = nullptr;
    prov["postprocess"] = postProcessToJson(c.meta.postprocess);
    prov["versions"] = {{"anchorscope", ANCHORSCOPE_VERSION}, {"libtorch", libtorchVersion()}};
    prov["commands"] = in.commands;
    j["provenance"] = prov;

    j["anchors"] = anchors.toJson();
    j["shared_head"] = c.meta.sharedHead;
    std::vector<int> inactive;
    for (int id = 0; id < anchors.numAnchors(); ++id)
        if (in.evaluator->imagesWithAnchor(id).empty())
            inactive.push_back(id);
    j["inactive_anchors"] = inactive;
    j["selection"] = {{"removed", sel.config.removed}, {"node", sel.node < 0 ? nlohmann::json(nullptr) : nlohmann::json(sel.node)},
                      {"why", sel.why}};
    if (in.search) {
        j["search"] = in.search->toJson(anchors);
        j["recommended"] = in.search->recommended < 0 ? nlohmann::json(nullptr) : nlohmann::json(in.search->recommended);
    } else {
        j["search"] = nullptr;
        j["recommended"] = nullptr;
    }
    if (progress)
        progress->checkCancelled();

    // The anchor analysis (leave-one-out included) on the search images.
    const AnalysisResult analysis = analyzeCache(c, *in.evaluator, in.analysis, progress);
    j["analysis"] = analysisJson(c, analysis);

    // Accuracy: the full model against the selection, per class, on both image sets.
    const CocoEvalResult fullSearch = in.evaluator->cocoEvaluation({});
    const CocoEvalResult selSearch = in.evaluator->cocoEvaluation(sel.config);
    nlohmann::json rows = nlohmann::json::array({reportPerClassRow("full model, search images", fullSearch),
                                                 reportPerClassRow("selection, search images", selSearch)});
    nlohmann::json accuracy = {{"search", {{"full", statsPair(fullSearch.stats)}, {"selection", statsPair(selSearch.stats)}}}};
    if (in.validation) {
        ConfigEvaluator& vev = in.validation->evaluator();
        rows.push_back(reportPerClassRow("full model, validation images", vev.cocoEvaluation({})));
        rows.push_back(reportPerClassRow("selection, validation images", vev.cocoEvaluation(sel.config)));
        const PairedBootstrap::Interval v = in.validation->interval(sel.config);
        accuracy["validation"] = {{"full", statsPair(in.validation->baseline().stats)},
                                  {"selection", statsPair(v.result.stats)},
                                  {"delta_ap", v.ap.delta},
                                  {"delta_ap_ci", {v.ap.lo, v.ap.hi}},
                                  {"delta_ap50", v.ap50.delta},
                                  {"delta_ap50_ci", {v.ap50.lo, v.ap50.hi}},
                                  {"verdict", intervalVerdict({v.ap.lo, v.ap.hi}) == IntervalVerdict::MeasurableLoss
                                                  ? "measurable loss"
                                                  : intervalVerdict({v.ap.lo, v.ap.hi}) == IntervalVerdict::MeasurableGain
                                                        ? "measurable gain"
                                                        : "no measurable loss"}};
    } else {
        accuracy["validation"] = nullptr;
    }
    j["accuracy"] = accuracy;
    j["per_class"] = rows;
    if (progress)
        progress->checkCancelled();

    // Cost: the full model against the selection, post-processing timed on this machine.
    nlohmann::json cost = nlohmann::json::array();
    for (const auto& [name, config] : {std::pair<std::string, Configuration>{"full model", {}}, {"selection", sel.config}}) {
        const CostReport r = in.evaluator->cost(config);
        // What the post-processing of the pruned model sees, for its measured latency.
        const double candidates = in.evaluator->candidatesPerImage(config);
        nlohmann::json row = {{"name", name},
                              {"anchors", anchors.numAnchors() - int(config.removed.size())},
                              {"head_macs", r.headMacs},
                              {"boxes", r.boxes},
                              {"head_parameters", r.params},
                              {"candidates_per_image", candidates},
                              {"postprocess_ms", measurePostprocessMs(c.meta.postprocess, c.meta.numClasses, int(r.boxes),
                                                                      int(std::lround(candidates)), in.latencyRepeats)}};
        if (in.model)
            row["parameters"] = config.removed.empty() ? in.model->parameterCount()
                                                       : pruneDetector(*in.model, config).parameterCount();
        cost.push_back(row);
        if (progress)
            progress->checkCancelled();
    }
    j["cost"] = cost;
    j["extra"] = in.extra.is_null() ? nlohmann::json::object() : in.extra;
    return j;
}

} // namespace anchorscope
