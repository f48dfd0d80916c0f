// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/prediction_cache.h"

#include "data/coco_json.h"
#include "util/json_access.h"
#include "models/detector.h"
#include "models/inference.h"
#include "models/run_settings.h"
#include "prune/reference_cache_import.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <cmath>
#include <cstring>

namespace anchorscope {

std::string predictionCacheIdentity(const std::string& modelIdentity, float threshold, const ModelMeta& meta,
                                    int threads, int batch)
{
    char buf[96];
    if (meta.postprocess.tieRule == TieRule::Torchvision)
        std::snprintf(buf, sizeof buf, "@%.9g-t%d-b%d", double(threshold), threads, batch);
    else
        std::snprintf(buf, sizeof buf, "@%.9g", double(threshold));
    return modelIdentity + buf;
}

PredictionCache importReferenceCache(const std::string& dir, float threshold, const ProgressToken* progress)
{
    ImportedPredictions p = importReferencePredictions(dir, threshold, progress);
    PredictionCache c;
    c.threshold = threshold;
    c.modelIdentity = "make_ssd300_cache:" + dir;
    c.gt = std::move(p.gt);
    // The generator's layout: SSD300 grid, mmdet-style shapes (s,s), (s',s'), then for each
    // ratio r the (s√r, s/√r) and (s/√r, s√r) pair; boxes are already in image pixels.
    ModelMeta& m = c.meta;
    m.architecture = "ssd300_vgg16";
    m.inputH = m.inputW = 300;
    m.anchors.name = "make_ssd300_cache";
    m.anchors.inputH = m.anchors.inputW = 300;
    const double minS[] = {21, 45, 99, 153, 207, 261}, maxS[] = {45, 99, 153, 207, 261, 315};
    const double steps[] = {8, 16, 32, 64, 100, 300};
    for (size_t l = 0; l < p.featureSizes.size() && l < 6; ++l) {
        AnchorLevel L;
        L.stepX = L.stepY = steps[l];
        L.featureW = L.featureH = p.featureSizes[l];
        const double s = minS[l], sp = std::sqrt(minS[l] * maxS[l]);
        L.anchors.push_back({s, s, s, 1.0});
        L.anchors.push_back({sp, sp, sp, 1.0});
        for (double r : {2.0, 3.0}) {
            if (int(L.anchors.size()) >= p.anchorsPerCell[l])
                break;
            L.anchors.push_back({s * std::sqrt(r), s / std::sqrt(r), s, 1.0 / r});
            L.anchors.push_back({s / std::sqrt(r), s * std::sqrt(r), s, r});
        }
        m.anchors.levels.push_back(std::move(L));
    }
    for (size_t l = 0; l < m.anchors.levels.size(); ++l) {
        const std::string s = std::to_string(l);
        m.levelParams.push_back({"cls_" + s + ".weight", "cls_" + s + ".bias", "reg_" + s + ".weight", "reg_" + s + ".bias"});
        m.levelEnabled.push_back(true);
    }
    m.numClasses = p.scoreColumns;
    for (int k = 0; k < p.scoreColumns; ++k)
        m.classes.push_back({k == p.backgroundColumn ? "__background__" : "c" + std::to_string(p.categoryIdByColumn[size_t(k)]),
                             k == p.backgroundColumn ? -1 : p.categoryIdByColumn[size_t(k)]});
    m.postprocess = PostProcessSettings::ssdTorchvision();
    m.postprocess.backgroundIndex = p.backgroundColumn;
    m.postprocess.scoreThreshold = threshold;
    m.postprocess.topkMode = TopKMode::None;
    m.postprocess.maxDetections = 200;
    m.validate("imported cache");
    c.identity = predictionCacheIdentity(c.modelIdentity, threshold, m, 0, 0);
    size_t offset = 0;
    for (size_t i = 0; i < p.perImage.size(); ++i) {
        // The generator's boxes are in image pixels; the cache keeps model-input pixels
        // (300 × 300) and the per-image scale back, as for a real model.
        CandidateList b = p.perImage[i];
        const ImageInfo& info = c.gt.images[i];
        const float sx = info.width > 0 ? float(info.width) / 300.f : 1.f, sy = info.height > 0 ? float(info.height) / 300.f : 1.f;
        for (auto& box : b.boxes)
            box = {box.x1 / sx, box.y1 / sy, box.x2 / sx, box.y2 / sy};
        CachedImage ci;
        ci.imageId = info.id;
        ci.scaleX = sx;
        ci.scaleY = sy;
        for (int f : p.featureSizes)
            ci.featureSizes.emplace_back(f, f);
        ci.offset = offset;
        ci.count = b.size();
        offset += b.size();
        c.images.push_back(ci);
        c.candidates.append(b);
    }
    return c;
}

} // namespace anchorscope
