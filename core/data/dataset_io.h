// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Opens a dataset in whichever format the path holds: a .json file (COCO), a VOC root or
// folder of .xml files, or a YOLO root (images/ + labels/).
#include "data/dataset.h"

#include <string>

namespace anchorscope {

enum class DatasetFormat { Auto, Coco, Voc, Yolo };

DatasetFormat datasetFormatFromString(const std::string& s); // throws InputError
DatasetFormat detectDatasetFormat(const std::string& path);  // throws InputError if unknown

// `imagesDir` overrides where the images are (COCO: default <dir of json>/images).
Dataset readDataset(const std::string& path, DatasetFormat format = DatasetFormat::Auto,
                    const std::string& imagesDir = {});

} // namespace anchorscope
