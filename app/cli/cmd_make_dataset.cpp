// SPDX-License-Identifier: GPL-3.0-or-later
// make-dataset: generates the synthetic shapes dataset (COCO JSON + PNG images).
#include "command.h"

#include "data/shapes.h"
#include "util/error.h"

#include <iostream>
#include <map>

namespace anchorscope::cli {

Command makeDatasetCommand()
{
    Command c;
    c.name = "make-dataset";
    c.summary = "Generate a synthetic detection dataset (COCO JSON + PNG images).\n"
                "Writes DIR/annotations.json (all images, each with its split), DIR/train.json,\n"
                "DIR/search.json, DIR/holdout.json and DIR/images/.";
    c.options = {
        {"kind", "KIND", "dataset kind: shapes", false, "shapes"},
        {"out", "DIR", "output directory", true, ""},
        {"images", "N", "number of images", false, "200"},
        {"seed", "S", "random seed (same seed, same dataset)", false, "0"},
        {"size", "PX", "image width and height in pixels", false, "256"},
        {"min-objects", "N", "fewest objects per image", false, "1"},
        {"max-objects", "N", "most objects per image", false, "6"},
        {"train-fraction", "F", "share of images in the train split; the rest is halved into search and holdout",
         false, "0.7"},
    };
    c.run = [](CommandContext& ctx) {
        const Args& a = ctx.args;
        if (a.get("kind") != "shapes")
            throw InputError("unknown dataset kind '" + a.get("kind") + "' (available: shapes)");
        ShapesOptions o;
        o.numImages = int(a.getInt("images"));
        const long long seed = a.getInt("seed");
        o.seed = uint64_t(seed);
        o.size = int(a.getInt("size"));
        o.minObjects = int(a.getInt("min-objects"));
        o.maxObjects = int(a.getInt("max-objects"));
        o.trainFraction = a.getDouble("train-fraction");
        if (o.trainFraction < 0 || o.trainFraction > 1)
            throw InputError("option --train-fraction must be in [0, 1]");
        const Dataset ds = generateShapesDataset(a.get("out"), o, &ctx.progress);
        std::map<std::string, int> perSplit;
        for (const auto& im : ds.images)
            ++perSplit[im.split];
        if (ctx.json) {
            nlohmann::json j;
            j["out"] = a.get("out");
            j["annotations_file"] = ds.source;
            j["images"] = ds.images.size();
            j["objects"] = ds.annotations.size();
            j["splits"] = perSplit;
            nlohmann::json cats = nlohmann::json::array();
            for (const auto& cat : ds.categories)
                cats.push_back({{"id", cat.id}, {"name", cat.name}});
            j["categories"] = cats;
            printJson(j);
        } else {
            std::cout << "wrote " << ds.images.size() << " images with " << ds.annotations.size() << " objects to "
                      << a.get("out") << " (train " << perSplit["train"] << ", search " << perSplit["search"]
                      << ", holdout " << perSplit["holdout"] << ")\n";
        }
        return 0;
    };
    return c;
}

} // namespace anchorscope::cli
