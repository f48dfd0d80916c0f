// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/coco_json.h"

#include "util/json_access.h"
#include "util/atomic_file.h"

#include <filesystem>
#include <sstream>

namespace anchorscope {
using namespace jsonaccess;

namespace jsonaccess {
json parseJson(const std::string& text, const std::string& file)
{
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        std::string msg = "not valid JSON";
        if (text.empty())
            msg = "the file is empty";
        else if (e.byte >= text.size())
            msg += " (truncated? the text ends unexpectedly at byte " + std::to_string(e.byte) + ")";
        else
            msg += " at byte " + std::to_string(e.byte);
        throw InputError(file, msg);
    } catch (const json::exception& e) {
        // e.g. out_of_range 406: a number too large for a double ("1e999").
        throw InputError(file, std::string("not valid JSON: ") + jsonaccess::describe(e));
    }
}
} // namespace jsonaccess

namespace {

// "bbox": [x, y, width, height] of an annotation or a detection.
void readBbox(const json& obj, const Ctx& c, double& x, double& y, double& w, double& h)
{
    const Ctx cb = c.at("bbox");
    const json& bb = asArray(member(obj, "bbox", c), cb);
    if (bb.size() != 4)
        cb.fail("expected 4 numbers [x, y, width, height], got " + std::to_string(bb.size()));
    x = asNumber(bb[0], cb.at(0));
    y = asNumber(bb[1], cb.at(1));
    w = asNumber(bb[2], cb.at(2));
    h = asNumber(bb[3], cb.at(3));
}

} // namespace

Dataset parseCocoDataset(const std::string& text, const std::string& sourceName)
{
    const json root = parseJson(text, sourceName);
    const Ctx top{sourceName, ""};
    if (!root.is_object())
        top.fail(std::string("expected a COCO dataset object, got ") + typeName(root));
    Dataset ds;
    ds.source = sourceName;

    const Ctx ci = top.at("images");
    const json& images = asArray(member(root, "images", top), ci);
    ds.images.reserve(images.size());
    for (size_t i = 0; i < images.size(); ++i) {
        const Ctx c = ci.at(i);
        const json& j = images[i];
        ImageInfo im;
        im.id = asInt(member(j, "id", c), c.at("id"));
        im.fileName = asString(member(j, "file_name", c), c.at("file_name"));
        if (const json* w = optionalMember(j, "width"))
            im.width = int(asInt(*w, c.at("width")));
        if (const json* h = optionalMember(j, "height"))
            im.height = int(asInt(*h, c.at("height")));
        if (im.width < 0 || im.height < 0)
            c.fail("negative image size");
        if (const json* s = optionalMember(j, "split"))
            im.split = asString(*s, c.at("split"));
        ds.images.push_back(std::move(im));
    }

    const Ctx cc = top.at("categories");
    const json& cats = asArray(member(root, "categories", top), cc);
    for (size_t i = 0; i < cats.size(); ++i) {
        const Ctx c = cc.at(i);
        Category cat;
        cat.id = asInt(member(cats[i], "id", c), c.at("id"));
        cat.name = asString(member(cats[i], "name", c), c.at("name"));
        if (const json* s = optionalMember(cats[i], "supercategory"))
            cat.supercategory = asString(*s, c.at("supercategory"));
        ds.categories.push_back(std::move(cat));
    }

    if (const json* anns = optionalMember(root, "annotations")) {
        const Ctx ca = top.at("annotations");
        asArray(*anns, ca);
        ds.annotations.reserve(anns->size());
        for (size_t i = 0; i < anns->size(); ++i) {
            const Ctx c = ca.at(i);
            const json& j = (*anns)[i];
            Annotation a;
            a.id = asInt(member(j, "id", c), c.at("id"));
            a.imageId = asInt(member(j, "image_id", c), c.at("image_id"));
            a.categoryId = asInt(member(j, "category_id", c), c.at("category_id"));
            readBbox(j, c, a.x, a.y, a.w, a.h);
            if (a.w < 0 || a.h < 0)
                c.at("bbox").fail("negative box width or height");
            if (const json* ar = optionalMember(j, "area"))
                a.area = asNumber(*ar, c.at("area"));
            else
                a.area = a.w * a.h;
            if (a.area < 0)
                c.at("area").fail("negative area");
            if (const json* cr = optionalMember(j, "iscrowd"))
                a.iscrowd = asFlag(*cr, c.at("iscrowd"));
            if (const json* d = optionalMember(j, "difficult"))
                a.difficult = asFlag(*d, c.at("difficult"));
            ds.annotations.push_back(a);
        }
    }
    ds.reindex();
    ds.validate();
    return ds;
}

Dataset readCocoDataset(const std::string& path, const std::string& imageRoot)
{
    Dataset ds = parseCocoDataset(readWholeFile(path), path);
    namespace fs = std::filesystem;
    ds.imageRoot = imageRoot.empty() ? (fs::path(path).parent_path() / "images").string() : imageRoot;
    return ds;
}

std::string cocoDatasetToJson(const Dataset& ds)
{
    json root;
    root["info"] = {{"description", "written by Anchorscope"}};
    json images = json::array();
    for (const auto& im : ds.images) {
        json j = {{"id", im.id}, {"file_name", im.fileName}, {"width", im.width}, {"height", im.height}};
        if (!im.split.empty())
            j["split"] = im.split;
        images.push_back(std::move(j));
    }
    json anns = json::array();
    for (const auto& a : ds.annotations) {
        json j = {{"id", a.id},
                  {"image_id", a.imageId},
                  {"category_id", a.categoryId},
                  {"bbox", {a.x, a.y, a.w, a.h}},
                  {"area", a.area},
                  {"iscrowd", a.iscrowd ? 1 : 0}};
        if (a.difficult)
            j["difficult"] = 1;
        anns.push_back(std::move(j));
    }
    json cats = json::array();
    for (const auto& c : ds.categories)
        cats.push_back({{"id", c.id}, {"name", c.name}, {"supercategory", c.supercategory}});
    root["images"] = std::move(images);
    root["annotations"] = std::move(anns);
    root["categories"] = std::move(cats);
    return root.dump();
}

void writeCocoDataset(const Dataset& ds, const std::string& path)
{
    writeFileAtomically(path, cocoDatasetToJson(ds));
}

std::vector<DetectionRecord> parseCocoResults(const std::string& text, const std::string& sourceName,
                                              const Dataset* gt)
{
    const json root = parseJson(text, sourceName);
    const Ctx top{sourceName, ""};
    if (!root.is_array())
        top.fail(std::string("expected a COCO results array, got ") + typeName(root));
    std::vector<DetectionRecord> out;
    out.reserve(root.size());
    for (size_t i = 0; i < root.size(); ++i) {
        const Ctx c = top.at(i);
        const json& j = root[i];
        DetectionRecord d;
        d.imageId = asInt(member(j, "image_id", c), c.at("image_id"));
        d.categoryId = asInt(member(j, "category_id", c), c.at("category_id"));
        readBbox(j, c, d.x, d.y, d.w, d.h);
        // Negative sizes are kept: pycocotools evaluates them (they match nothing).
        d.score = asNumber(member(j, "score", c), c.at("score"));
        if (gt && gt->imageIndex(d.imageId) < 0)
            c.fail("image id " + std::to_string(d.imageId) + " is not in the ground truth "
                   + (gt->source.empty() ? std::string() : "(" + gt->source + ")"));
        out.push_back(d);
    }
    return out;
}

std::vector<DetectionRecord> readCocoResults(const std::string& path, const Dataset* gt)
{
    return parseCocoResults(readWholeFile(path), path, gt);
}

void writeCocoResults(const std::vector<DetectionRecord>& dets, const std::string& path)
{
    json arr = json::array();
    for (const auto& d : dets)
        arr.push_back({{"image_id", d.imageId},
                       {"category_id", d.categoryId},
                       {"bbox", {d.x, d.y, d.w, d.h}},
                       {"score", d.score}});
    writeFileAtomically(path, arr.dump());
}

} // namespace anchorscope
