// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/detection_output.h"

#include "util/error.h"

namespace anchorscope {

void checkModelFitsDataset(const ModelMeta& meta, const Dataset& ds, std::vector<std::string>* warnings)
{
    for (int c = 0; c < meta.numClasses; ++c) {
        if (c == meta.postprocess.backgroundIndex)
            continue;
        const ClassInfo& ci = meta.classes[size_t(c)];
        if (ci.categoryId < 0) // not mapped to the dataset (label map): ignored
            continue;
        const Category* cat = ds.category(ci.categoryId);
        if (!cat)
            throw InputError(ds.source, "the model predicts class '" + ci.name + "' as category id "
                                            + std::to_string(ci.categoryId) + ", which this dataset does not have");
        if (warnings && cat->name != ci.name)
            warnings->push_back("model class '" + ci.name + "' is dataset category " + std::to_string(ci.categoryId)
                                + " named '" + cat->name + "'");
    }
}

void checkDatasetHasGroundTruth(const Dataset& ds)
{
    if (ds.annotations.empty())
        throw InputError(ds.source, "the dataset has no ground-truth boxes (no annotations), so there is nothing to "
                                    "evaluate a model against");
}

void appendDetections(const CandidateView& cand, const std::vector<uint32_t>& kept, const ModelMeta& meta, int64_t imageId,
                      float sx, float sy, std::vector<DetectionRecord>& out)
{
    for (uint32_t c : kept) {
        const int64_t cat = meta.categoryOfColumn(cand.labels[c]);
        if (cat < 0)
            continue;
        const Boxf& b = cand.boxes[c];
        const float x1 = b.x1 * sx, y1 = b.y1 * sy, x2 = b.x2 * sx, y2 = b.y2 * sy;
        out.push_back({imageId, cat, double(x1), double(y1), double(x2 - x1), double(y2 - y1), double(cand.scores[c])});
    }
}

} // namespace anchorscope
