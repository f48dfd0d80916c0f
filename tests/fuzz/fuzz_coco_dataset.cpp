// SPDX-License-Identifier: GPL-3.0-or-later
// COCO dataset JSON: parse; what parses must survive writing and re-reading unchanged in
// shape, and be evaluable (its own boxes as detections) with every stat in [-1, 1].
#include "data/coco_json.h"
#include "eval/coco_eval.h"
#include "fuzz_common.h"

#include <cmath>

using namespace anchorscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::expectInputErrorOnly([&] {
        const Dataset ds = parseCocoDataset(fuzz::text(data, size), "fuzz.json");
        const Dataset again = parseCocoDataset(cocoDatasetToJson(ds), "fuzz-roundtrip.json");
        if (again.images.size() != ds.images.size() || again.annotations.size() != ds.annotations.size()
            || again.categories.size() != ds.categories.size())
            std::abort();
        std::vector<DetectionRecord> dets;
        for (const Annotation& a : ds.annotations)
            dets.push_back({a.imageId, a.categoryId, a.x, a.y, a.w, a.h, 1.0});
        const CocoEvalResult r = CocoEvaluator(ds).evaluate(dets);
        for (double s : r.stats)
            if (!(s >= -1 && s <= 1))
                std::abort();
    });
    return 0;
}
