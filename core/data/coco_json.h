// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// COCO JSON: datasets ("instances" files) and detection result arrays.
#include "data/dataset.h"

#include <string>
#include <vector>

namespace anchorscope {

// One entry of a COCO results array.
struct DetectionRecord {
    int64_t imageId = 0;
    int64_t categoryId = 0;
    double x = 0, y = 0, w = 0, h = 0;
    double score = 0;
};

// Reads a COCO dataset. `imageRoot` defaults to the "images" folder beside the file.
// Throws InputError naming the file and the offending entry.
Dataset readCocoDataset(const std::string& path, const std::string& imageRoot = {});
Dataset parseCocoDataset(const std::string& text, const std::string& sourceName);

// Writes a COCO dataset (atomically). Image "split" is written when not empty.
void writeCocoDataset(const Dataset& ds, const std::string& path);
std::string cocoDatasetToJson(const Dataset& ds);

// Results arrays. When `gt` is given, image ids must exist in it (as pycocotools requires);
// detections of categories the GT does not have are kept (COCOeval ignores them), and so
// are boxes of negative size (COCOeval evaluates them; they match nothing).
std::vector<DetectionRecord> readCocoResults(const std::string& path, const Dataset* gt = nullptr);
std::vector<DetectionRecord> parseCocoResults(const std::string& text, const std::string& sourceName,
                                              const Dataset* gt = nullptr);
void writeCocoResults(const std::vector<DetectionRecord>& dets, const std::string& path);

} // namespace anchorscope
