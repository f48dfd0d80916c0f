// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/dataset_io.h"

#include "data/coco_json.h"
#include "data/voc_xml.h"
#include "data/yolo_txt.h"
#include "util/error.h"

#include <filesystem>

namespace anchorscope {
namespace fs = std::filesystem;

DatasetFormat datasetFormatFromString(const std::string& s)
{
    if (s == "auto")
        return DatasetFormat::Auto;
    if (s == "coco")
        return DatasetFormat::Coco;
    if (s == "voc")
        return DatasetFormat::Voc;
    if (s == "yolo")
        return DatasetFormat::Yolo;
    throw InputError("unknown dataset format '" + s + "' (expected auto, coco, voc or yolo)");
}

DatasetFormat detectDatasetFormat(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw InputError(path, "no such file or directory");
    if (fs::is_regular_file(path, ec))
        return DatasetFormat::Coco;
    const fs::path p(path);
    if (fs::is_directory(p / "images", ec) && (fs::is_directory(p / "labels", ec) || fs::exists(p / "classes.txt", ec)
                                               || fs::exists(p / "data.yaml", ec)))
        return DatasetFormat::Yolo;
    if (fs::is_directory(p / "Annotations", ec))
        return DatasetFormat::Voc;
    for (const auto& e : fs::directory_iterator(p, ec))
        if (e.path().extension() == ".xml")
            return DatasetFormat::Voc;
    if (fs::is_regular_file(p / "annotations.json", ec))
        return DatasetFormat::Coco;
    throw InputError(path, "cannot tell the dataset format (expected a COCO .json file, a VOC folder or a YOLO folder)");
}

Dataset readDataset(const std::string& path, DatasetFormat format, const std::string& imagesDir)
{
    if (format == DatasetFormat::Auto)
        format = detectDatasetFormat(path);
    switch (format) {
    case DatasetFormat::Coco: {
        std::error_code ec;
        const std::string file = fs::is_directory(path, ec) ? (fs::path(path) / "annotations.json").string() : path;
        return readCocoDataset(file, imagesDir);
    }
    case DatasetFormat::Voc: {
        VocReadOptions o;
        o.imagesDir = imagesDir;
        return readVocDataset(path, o);
    }
    case DatasetFormat::Yolo:
        return readYoloDataset(path);
    case DatasetFormat::Auto:
        break;
    }
    throw InputError(path, "unknown dataset format");
}

} // namespace anchorscope
