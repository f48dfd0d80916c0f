// SPDX-License-Identifier: GPL-3.0-or-later
// COCO results JSON against a fixed small ground truth: parse, then evaluate what parsed.
#include "data/coco_json.h"
#include "eval/coco_eval.h"
#include "fuzz_common.h"

using namespace anchorscope;

namespace {

const Dataset& groundTruth()
{
    static const Dataset gt = parseCocoDataset(R"({
        "images": [{"id": 1, "width": 64, "height": 48, "file_name": "a.png"},
                   {"id": 2, "width": 32, "height": 32, "file_name": "b.png"}],
        "categories": [{"id": 1, "name": "circle"}, {"id": 3, "name": "square"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 1, "bbox": [4, 4, 20, 10], "area": 200, "iscrowd": 0},
            {"id": 2, "image_id": 1, "category_id": 3, "bbox": [30, 20, 30, 25], "area": 750, "iscrowd": 0},
            {"id": 3, "image_id": 2, "category_id": 3, "bbox": [0, 0, 32, 32], "area": 1024, "iscrowd": 1}]})",
                                               "fuzz-gt.json");
    return gt;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::expectInputErrorOnly([&] {
        const auto dets = parseCocoResults(fuzz::text(data, size), "fuzz-results.json", &groundTruth());
        const CocoEvalResult r = CocoEvaluator(groundTruth()).evaluate(dets);
        for (double s : r.stats)
            if (!(s >= -1 && s <= 1))
                std::abort();
    });
    fuzz::expectInputErrorOnly([&] { parseCocoResults(fuzz::text(data, size), "fuzz-results.json"); });
    return 0;
}
