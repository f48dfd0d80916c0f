// SPDX-License-Identifier: GPL-3.0-or-later
// convert-dataset: reads COCO, VOC or YOLO and writes COCO JSON.
#include "command.h"

#include "data/coco_json.h"
#include "data/dataset_io.h"

#include <iostream>

namespace anchorscope::cli {

Command convertDatasetCommand()
{
    Command c;
    c.name = "convert-dataset";
    c.summary = "Read a COCO, Pascal VOC or YOLO dataset, check it, and write it as COCO JSON.";
    c.options = {
        {"data", "PATH", "COCO JSON file, VOC root / folder of XML files, or YOLO root", true, ""},
        {"format", "F", "auto, coco, voc or yolo", false, "auto"},
        {"images", "DIR", "image folder (default: next to the annotations)", false, ""},
        {"out", "ANN", "COCO JSON file to write", true, ""},
        {"check-images", "", "fail if an image file is missing", false, ""},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        const Dataset ds = readDataset(a.get("data"), datasetFormatFromString(a.get("format")), a.get("images"));
        if (a.flag("check-images"))
            ds.checkImageFiles();
        writeCocoDataset(ds, a.get("out"));
        if (ctx.json)
            printJson({{"out", a.get("out")},
                       {"images", ds.images.size()},
                       {"objects", ds.annotations.size()},
                       {"categories", ds.categories.size()},
                       {"image_root", ds.imageRoot}});
        else
            std::cout << "wrote " << a.get("out") << ": " << ds.images.size() << " images, " << ds.annotations.size()
                      << " objects, " << ds.categories.size() << " categories (images in " << ds.imageRoot << ")\n";
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
