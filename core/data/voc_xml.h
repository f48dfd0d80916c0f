// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Pascal VOC annotations: one XML file per image (<annotation> with <filename>, <size>,
// <object><name>, <difficult>, <bndbox>). Boxes become COCO x, y, w, h with w = xmax - xmin
// (continuous coordinates, as torchvision reads VOC).
#include "data/dataset.h"

#include <string>
#include <vector>

namespace anchorscope {

struct VocReadOptions {
    std::string imagesDir;               // default: <root>/JPEGImages, else the XML folder
    std::vector<std::string> classNames; // fixed class list (ids 1..K in this order); default: sorted names found
    std::string imageSetFile;            // optional ImageSets/Main/<split>.txt listing the ids to read
};

// `path` is a VOC root (with Annotations/) or a folder of XML files.
Dataset readVocDataset(const std::string& path, const VocReadOptions& opt = {});

// Parses one annotation file's text (exposed for tests and fuzzing). Fills `objects` with
// (class name, xmin, ymin, xmax, ymax, difficult).
struct VocObject {
    std::string name;
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
    bool difficult = false;
};
struct VocAnnotation {
    std::string fileName;
    int width = 0, height = 0;
    std::vector<VocObject> objects;
};
VocAnnotation parseVocXml(const std::string& text, const std::string& sourceName);

} // namespace anchorscope
