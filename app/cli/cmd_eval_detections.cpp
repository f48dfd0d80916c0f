// SPDX-License-Identifier: GPL-3.0-or-later
// eval-detections: COCO (pycocotools semantics) or Pascal VOC metrics of a results file.
#include "command.h"

#include "data/coco_json.h"
#include "data/dataset_io.h"
#include "eval/coco_eval.h"
#include "eval/voc_eval.h"
#include "util/error.h"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace anchorscope::cli {

namespace {

nlohmann::json numberOrNull(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

int runCoco(CommandContext& ctx, const Dataset& gt, const std::vector<DetectionRecord>& dts)
{
    const Args& a = ctx.args;
    CocoEvaluator ev(gt);
    const CocoEvalResult r = ev.evaluate(dts, &ctx.progress);
    long prT = -1;
    if (a.has("pr-iou")) {
        const double want = a.getDouble("pr-iou");
        for (size_t t = 0; t < r.T(); ++t)
            if (std::fabs(r.params.iouThrs[t] - want) < 1e-9)
                prT = long(t);
        if (prT < 0)
            throw InputError("option --pr-iou must be one of 0.50, 0.55, ..., 0.95");
    }
    if (ctx.json) {
        nlohmann::json j;
        for (int i = 0; i < kCocoStatCount; ++i)
            j[kCocoStatNames[size_t(i)]] = r.stats[size_t(i)];
        nlohmann::json perCat = nlohmann::json::object(), perCatStats = nlohmann::json::object();
        for (size_t k = 0; k < r.K(); ++k) {
            const std::string id = std::to_string(r.categoryIds[k]);
            perCat[id] = r.perCategoryAP[k];
            const auto s = r.categoryStats(k);
            nlohmann::json cs;
            for (int i = 0; i < kCocoStatCount; ++i)
                cs[kCocoStatNames[size_t(i)]] = s[size_t(i)];
            perCatStats[id] = cs;
        }
        j["per_category"] = perCat;
        j["per_category_stats"] = perCatStats;
        j["num_images"] = r.imageIds.size();
        j["num_detections"] = dts.size();
        if (prT >= 0) {
            nlohmann::json pr;
            pr["iou"] = r.params.iouThrs[size_t(prT)];
            pr["recall"] = r.params.recThrs;
            pr["precision"] = r.prCurve(size_t(prT));
            nlohmann::json perCatPr = nlohmann::json::object();
            for (size_t k = 0; k < r.K(); ++k)
                perCatPr[std::to_string(r.categoryIds[k])] = r.prCurve(size_t(prT), long(k));
            pr["per_category"] = perCatPr;
            j["pr_curve"] = pr;
        }
        printJson(j);
    } else {
        std::cout << r.summaryText();
        std::cout << "\nper-category AP@[.50:.95]:\n";
        for (size_t k = 0; k < r.K(); ++k) {
            const Category* c = gt.category(r.categoryIds[k]);
            char line[160];
            std::snprintf(line, sizeof line, "  %6lld  %-24s %7.3f\n", static_cast<long long>(r.categoryIds[k]),
                          c ? c->name.c_str() : "?", r.perCategoryAP[k]);
            std::cout << line;
        }
        if (prT >= 0) {
            const auto curve = r.prCurve(size_t(prT));
            std::cout << "\nprecision at recall (IoU " << r.params.iouThrs[size_t(prT)] << "):\n";
            for (size_t i = 0; i < curve.size(); i += 10)
                std::printf("  R=%.2f  P=%.3f\n", r.params.recThrs[i], curve[i]);
        }
    }
    return 0;
}

int runVoc(CommandContext& ctx, const Dataset& gt, const std::vector<DetectionRecord>& dts, bool use07)
{
    VocEvalOptions o;
    o.use07Metric = use07;
    o.iouThreshold = ctx.args.getDouble("voc-iou");
    o.legacyPlusOne = ctx.args.flag("voc-plus-one");
    const VocEvalResult r = evaluateVoc(gt, dts, o);
    if (ctx.json) {
        nlohmann::json j;
        j["mAP"] = numberOrNull(r.mAP);
        j["metric"] = use07 ? "voc07" : "voc";
        nlohmann::json perCat = nlohmann::json::object();
        for (size_t k = 0; k < r.categoryIds.size(); ++k)
            perCat[std::to_string(r.categoryIds[k])] = numberOrNull(r.ap[k]);
        j["per_category"] = perCat;
        printJson(j);
    } else {
        std::printf("Pascal VOC %s AP @ IoU > %.2f\n", use07 ? "2007 11-point" : "all-point", o.iouThreshold);
        for (size_t k = 0; k < r.categoryIds.size(); ++k) {
            const Category* c = gt.category(r.categoryIds[k]);
            std::printf("  %6lld  %-24s %7.4f  (%d GT)\n", static_cast<long long>(r.categoryIds[k]),
                        c ? c->name.c_str() : "?", r.ap[k], r.numPositives[k]);
        }
        std::printf("  mAP %.4f\n", r.mAP);
    }
    return 0;
}

} // namespace

Command evalDetectionsCommand()
{
    Command c;
    c.name = "eval-detections";
    c.summary = "Evaluate a COCO results file against ground truth (COCO metrics as pycocotools, or VOC AP).";
    c.options = {
        {"gt", "ANN", "ground truth: COCO JSON, VOC folder or YOLO folder", true, ""},
        {"dt", "RESULTS", "COCO results array (JSON)", true, ""},
        {"metric", "M", "coco, voc07 (11-point) or voc (all-point)", false, "coco"},
        {"pr-iou", "IOU", "also report the precision/recall curve at this IoU threshold (coco)", false, ""},
        {"voc-iou", "IOU", "IoU a VOC match must exceed", false, "0.5"},
        {"voc-plus-one", "", "VOC devkit pixel convention (width = x2 - x1 + 1)", false, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        const std::string metric = a.get("metric");
        if (metric != "coco" && metric != "voc07" && metric != "voc")
            throw InputError("option --metric must be coco, voc07 or voc");
        ctx.progress.report(0.0, "reading ground truth");
        const Dataset gt = readDataset(a.get("gt"));
        ctx.progress.report(0.0, "reading detections");
        const auto dts = readCocoResults(a.get("dt"), &gt);
        size_t unknownCategory = 0, negative = 0;
        for (const auto& d : dts) {
            unknownCategory += gt.categoryIndex(d.categoryId) < 0;
            negative += d.w < 0 || d.h < 0;
        }
        if (negative)
            std::cerr << "warning: " << negative << " detection(s) have a negative width or height; they match nothing\n";
        if (unknownCategory)
            std::cerr << "warning: " << unknownCategory
                      << " detection(s) have category ids the ground truth does not have; they are ignored\n";
        if (metric == "coco")
            return runCoco(ctx, gt, dts);
        return runVoc(ctx, gt, dts, metric == "voc07");
    };
    return c;
}

} // namespace anchorscope::cli
