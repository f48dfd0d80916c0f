// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which dataset category each score column of a model predicts. A model trained elsewhere
// rarely uses the dataset's ids (torchvision's 91-id COCO, a VOC model's 1..20, a YOLO
// model's 0-based classes), so a session starts from an automatic match — by name first
// (exact, then ignoring case, spaces, '-' and '_'), then by id — that the user can edit.
// Applying the map rewrites the model's ClassInfo::categoryId, which is all inference and
// the prediction cache read (a column mapped to -1 is ignored).
#include "data/dataset.h"
#include "models/model_meta.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace anchorscope {

struct LabelMapEntry {
    int column = 0;                 // score column of the model
    std::string modelClass;         // its name in the model
    int64_t modelCategoryId = -1;   // the id the model itself declares
    int64_t datasetCategoryId = -1; // -1: not evaluated
    std::string matchedBy;          // "name", "id", "user", "none" or "unused"

    bool operator==(const LabelMapEntry& o) const
    {
        return column == o.column && modelClass == o.modelClass && modelCategoryId == o.modelCategoryId
               && datasetCategoryId == o.datasetCategoryId && matchedBy == o.matchedBy;
    }
};

struct LabelMap {
    std::vector<LabelMapEntry> entries; // one per non-background column, by column

    bool operator==(const LabelMap& o) const { return entries == o.entries; }
    // Sets one column's dataset category (matchedBy = "user"); throws InputError for an
    // unknown column.
    void assign(int column, int64_t datasetCategoryId);
    int mappedCount() const;
    // Columns mapped to no category that nobody decided about (not "unused"): the window
    // asks about them; the command line drops their detections with a warning.
    std::vector<LabelMapEntry> undecided() const;
    // Dataset categories that no column predicts (they can only be missed).
    std::vector<int64_t> unpredictedCategories(const Dataset& ds) const;

    nlohmann::json toJson() const;
    static LabelMap fromJson(const nlohmann::json& j); // throws InputError
};

// A class name that marks a score column as unused (torchvision's convention of training
// with num_classes = K + 1 and never using column 0): "__background__" or empty.
bool isUnusedClassName(const std::string& name);

// The automatic match described above. Each dataset category is used at most once by the
// name pass; the id pass only maps a column whose id names a still unused category. Columns
// with an unused name are "unused", mapped to nothing.
LabelMap matchLabels(const ModelMeta& meta, const Dataset& ds);

// A label map file: the JSON array a project stores under "label_map" (LabelMap::toJson),
// or a whole project file (.asproj), whose label map is taken. Throws InputError.
LabelMap readLabelMapFile(const std::string& path);

// Fits the model to the dataset the way the window does: `given` (a label map file) or the
// automatic match, applied (applyLabelMap). Returns warnings: each undecided column, whose
// detections are dropped after post-processing (it still takes its top-k and per-image
// slots, as in torchvision; pycocotools likewise ignores categories without ground truth),
// and each class matched by id to a category of another name.
std::vector<std::string> fitModelToDataset(ModelMeta& meta, const Dataset& ds, const LabelMap* given = nullptr);

// Checks the map against the model (same columns and names) and the dataset (every mapped
// id exists), then rewrites meta's category ids. At least one column must be mapped.
// Throws InputError saying what does not fit.
void applyLabelMap(ModelMeta& meta, const LabelMap& map, const Dataset& ds);

} // namespace anchorscope
