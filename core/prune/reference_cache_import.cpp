// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/reference_cache_import.h"

#include "data/coco_json.h"
#include "util/json_access.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <filesystem>
#include <fstream>

namespace anchorscope {
namespace fs = std::filesystem;
using namespace jsonaccess;

ImportedPredictions importReferencePredictions(const std::string& dir, float scoreThreshold,
                                               const ProgressToken* progress)
{
    const std::string metaPath = (fs::path(dir) / "meta.json").string();
    const json meta = parseJson(readWholeFile(metaPath), metaPath);
    const Ctx c{metaPath, ""};
    ImportedPredictions out;
    const int64_t n = asInt(member(meta, "images", c), c.at("images"));
    out.boxesPerImage = int(asInt(member(meta, "boxes_per_image", c), c.at("boxes_per_image")));
    out.scoreColumns = int(asInt(member(meta, "score_columns", c), c.at("score_columns")));
    out.backgroundColumn = int(asInt(member(meta, "background_column", c), c.at("background_column")));
    for (const auto& v : asArray(member(meta, "feature_maps", c), c.at("feature_maps")))
        out.featureSizes.push_back(int(asInt(v, c.at("feature_maps"))));
    for (const auto& v : asArray(member(meta, "anchors_per_cell", c), c.at("anchors_per_cell")))
        out.anchorsPerCell.push_back(int(asInt(v, c.at("anchors_per_cell"))));
    const json& ids = asArray(member(meta, "category_ids_by_column", c), c.at("category_ids_by_column"));
    out.categoryIdByColumn.assign(size_t(out.scoreColumns), -1);
    for (size_t k = 0; k < ids.size() && k < size_t(out.scoreColumns); ++k)
        out.categoryIdByColumn[k] = asInt(ids[k], c.at("category_ids_by_column").at(k));
    if (out.featureSizes.size() != out.anchorsPerCell.size() || out.featureSizes.empty())
        c.fail("feature_maps and anchors_per_cell must have the same, non-zero length");
    out.scoreThreshold = scoreThreshold;

    // Per box: level and anchor id.
    std::vector<int16_t> boxLevel;
    std::vector<int32_t> boxAnchor;
    int anchorOffset = 0;
    for (size_t l = 0; l < out.featureSizes.size(); ++l) {
        const int cells = out.featureSizes[l] * out.featureSizes[l], A = out.anchorsPerCell[l];
        for (int cell = 0; cell < cells; ++cell)
            for (int a = 0; a < A; ++a) {
                boxLevel.push_back(int16_t(l));
                boxAnchor.push_back(anchorOffset + a);
            }
        anchorOffset += A;
    }
    out.numAnchors = anchorOffset;
    if (int(boxLevel.size()) != out.boxesPerImage)
        c.fail("the anchor layout gives " + std::to_string(boxLevel.size()) + " boxes, meta says "
               + std::to_string(out.boxesPerImage));

    out.gt = readCocoDataset((fs::path(dir) / "gt.json").string());
    if (int64_t(out.gt.images.size()) != n)
        throw InputError(metaPath, "image count differs from gt.json");

    const std::string boxesPath = (fs::path(dir) / "boxes.f32").string();
    const std::string scoresPath = (fs::path(dir) / "scores.f32").string();
    std::ifstream boxesIn(boxesPath, std::ios::binary), scoresIn(scoresPath, std::ios::binary);
    if (!boxesIn)
        throw InputError(boxesPath, "cannot open");
    if (!scoresIn)
        throw InputError(scoresPath, "cannot open");
    const size_t B = size_t(out.boxesPerImage), C = size_t(out.scoreColumns);
    const uintmax_t wantBoxes = uintmax_t(n) * B * 4 * sizeof(float), wantScores = uintmax_t(n) * B * C * sizeof(float);
    if (fs::file_size(boxesPath) != wantBoxes)
        throw InputError(boxesPath, "expected " + std::to_string(wantBoxes) + " bytes");
    if (fs::file_size(scoresPath) != wantScores)
        throw InputError(scoresPath, "expected " + std::to_string(wantScores) + " bytes");
    std::vector<float> boxes(B * 4), scores(B * C);
    out.perImage.resize(size_t(n));
    for (int64_t i = 0; i < n; ++i) {
        if (progress && i % 16 == 0) {
            progress->checkCancelled();
            progress->report(double(i) / double(n), "reading predictions");
        }
        boxesIn.read(reinterpret_cast<char*>(boxes.data()), std::streamsize(boxes.size() * sizeof(float)));
        scoresIn.read(reinterpret_cast<char*>(scores.data()), std::streamsize(scores.size() * sizeof(float)));
        if (!boxesIn || !scoresIn)
            throw InputError(dir, "prediction files end early (image " + std::to_string(i) + ")");
        CandidateList& cl = out.perImage[size_t(i)];
        for (size_t b = 0; b < B; ++b) {
            const float* s = scores.data() + b * C;
            for (size_t k = 0; k < C; ++k) {
                if (int(k) == out.backgroundColumn || !(s[k] > scoreThreshold))
                    continue;
                const float* bx = boxes.data() + b * 4;
                cl.push({bx[0], bx[1], bx[2], bx[3]}, s[k], int32_t(k), int32_t(b), boxLevel[b], boxAnchor[b]);
            }
        }
        cl.sortByRank();
    }
    reportProgress(progress, 1.0, "predictions read");
    return out;
}

} // namespace anchorscope
