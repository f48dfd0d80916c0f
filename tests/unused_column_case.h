// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The torchvision K + 1 case (make_reference_outputs.py, retinanet_unused_column_zero): a
// RetinaNet whose column 0 — never meant to be used — fires for about half its boxes.
// Ground truth: the parity images with every fourth of torchvision's own detections of
// columns 1..4 as boxes of categories 1..4 (no category 0), so that the stats depend on
// exactly which detections survive; `want` is what the pycocotools-exact evaluator gives
// torchvision's detections (their label-0 boxes ignored, as pycocotools ignores categories
// without ground truth).
#include "test_util.h"

#include "data/coco_json.h"
#include "data/dataset_io.h"
#include "eval/coco_eval.h"

namespace testutil {

struct UnusedColumnCase {
    std::string checkpoint, dataset, images;
    int labelZero = 0; // torchvision's detections in column 0
    anchorscope::CocoEvalResult want;
};

inline UnusedColumnCase unusedColumnCase(const nlohmann::json& reference, const std::string& refDir, const std::string& datasetOut)
{
    using anchorscope::DetectionRecord;
    UnusedColumnCase c;
    c.checkpoint = refDir + "/parity/retinanet_k1.pth";
    c.images = refDir + "/parity/images";
    c.dataset = datasetOut;
    std::vector<DetectionRecord> theirs;
    for (const auto& t : reference["torchvision_parity"]["retinanet_k1"]) {
        const auto b = t["box"].get<std::vector<double>>();
        theirs.push_back({t["image_id"].get<int64_t>(), t["label"].get<int64_t>(), b[0], b[1], b[2] - b[0], b[3] - b[1],
                          t["score"].get<double>()});
        c.labelZero += t["label"].get<int>() == 0;
    }
    nlohmann::json coco = readJson(refDir + "/parity/images.json");
    nlohmann::json cats = nlohmann::json::array(), anns = nlohmann::json::array();
    for (const auto& cat : coco["categories"])
        if (cat["id"].get<int>() != 0)
            cats.push_back(cat);
    int n = 0;
    for (const DetectionRecord& d : theirs)
        if (d.categoryId != 0 && n++ % 4 == 0)
            anns.push_back({{"id", n}, {"image_id", d.imageId}, {"category_id", d.categoryId}, {"bbox", {d.x, d.y, d.w, d.h}},
                            {"area", d.w * d.h}, {"iscrowd", 0}});
    coco["categories"] = cats;
    coco["annotations"] = anns;
    writeText(datasetOut, coco.dump());
    c.want = anchorscope::CocoEvaluator(anchorscope::readCocoDataset(datasetOut, c.images)).evaluate(theirs);
    return c;
}

} // namespace testutil
