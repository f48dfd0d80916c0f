// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/label_map.h"

#include "util/atomic_file.h"
#include "util/json_access.h"
#include "util/error.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace anchorscope {

namespace {

// "Traffic light", "traffic_light" and "TrafficLight" are the same class.
std::string normalisedName(const std::string& s)
{
    std::string out;
    for (unsigned char c : s)
        if (!std::isspace(c) && c != '-' && c != '_')
            out.push_back(char(std::tolower(c)));
    return out;
}

} // namespace

void LabelMap::assign(int column, int64_t datasetCategoryId)
{
    for (auto& e : entries)
        if (e.column == column) {
            e.datasetCategoryId = datasetCategoryId;
            e.matchedBy = datasetCategoryId < 0 ? "none" : "user";
            return;
        }
    throw InputError("the model has no class column " + std::to_string(column));
}

int LabelMap::mappedCount() const
{
    return int(std::count_if(entries.begin(), entries.end(), [](const LabelMapEntry& e) { return e.datasetCategoryId >= 0; }));
}

std::vector<LabelMapEntry> LabelMap::undecided() const
{
    std::vector<LabelMapEntry> out;
    for (const auto& e : entries)
        if (e.datasetCategoryId < 0 && e.matchedBy != "unused")
            out.push_back(e);
    return out;
}

bool isUnusedClassName(const std::string& name) { return name.empty() || name == "__background__"; }

std::vector<int64_t> LabelMap::unpredictedCategories(const Dataset& ds) const
{
    std::set<int64_t> used;
    for (const auto& e : entries)
        used.insert(e.datasetCategoryId);
    std::vector<int64_t> out;
    for (const auto& c : ds.categories)
        if (!used.count(c.id))
            out.push_back(c.id);
    return out;
}

nlohmann::json LabelMap::toJson() const
{
    nlohmann::json a = nlohmann::json::array();
    for (const auto& e : entries)
        a.push_back({{"column", e.column},
                     {"model_class", e.modelClass},
                     {"model_category_id", e.modelCategoryId},
                     {"dataset_category_id", e.datasetCategoryId},
                     {"matched_by", e.matchedBy}});
    return a;
}

LabelMap LabelMap::fromJson(const nlohmann::json& j)
{
    if (!j.is_array())
        throw InputError("the label map must be a JSON array");
    LabelMap m;
    static const std::set<std::string> kinds{"name", "id", "user", "none", "unused"};
    try {
        for (const auto& e : j) {
            LabelMapEntry x;
            x.column = jsonaccess::integerAt<int>(e, "column");
            x.modelClass = e.at("model_class").get<std::string>();
            x.modelCategoryId = jsonaccess::integerAt<int64_t>(e, "model_category_id");
            x.datasetCategoryId = jsonaccess::integerAt<int64_t>(e, "dataset_category_id");
            x.matchedBy = e.at("matched_by").get<std::string>();
            if (!kinds.count(x.matchedBy))
                throw InputError("unknown matched_by '" + x.matchedBy + "'");
            m.entries.push_back(x);
        }
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("malformed label map: ") + jsonaccess::describe(e));
    }
    return m;
}

LabelMap matchLabels(const ModelMeta& meta, const Dataset& ds)
{
    LabelMap m;
    for (int c = 0; c < meta.numClasses; ++c) {
        if (c == meta.postprocess.backgroundIndex)
            continue;
        const ClassInfo& ci = meta.classes[size_t(c)];
        m.entries.push_back({c, ci.name, ci.categoryId, -1, isUnusedClassName(ci.name) ? "unused" : "none"});
    }
    std::set<int64_t> used;
    auto byName = [&](auto&& same) {
        for (auto& e : m.entries) {
            if (e.datasetCategoryId >= 0 || e.matchedBy == "unused")
                continue;
            for (const auto& cat : ds.categories)
                if (!used.count(cat.id) && same(e.modelClass, cat.name)) {
                    e.datasetCategoryId = cat.id;
                    e.matchedBy = "name";
                    used.insert(cat.id);
                    break;
                }
        }
    };
    byName([](const std::string& a, const std::string& b) { return a == b; });
    byName([](const std::string& a, const std::string& b) { return normalisedName(a) == normalisedName(b); });
    for (auto& e : m.entries)
        if (e.datasetCategoryId < 0 && e.matchedBy != "unused" && ds.category(e.modelCategoryId)
            && !used.count(e.modelCategoryId)) {
            e.datasetCategoryId = e.modelCategoryId;
            e.matchedBy = "id";
            used.insert(e.modelCategoryId);
        }
    return m;
}

void applyLabelMap(ModelMeta& meta, const LabelMap& map, const Dataset& ds)
{
    const size_t expected = size_t(meta.numClasses) - (meta.postprocess.backgroundIndex >= 0 ? 1 : 0);
    if (map.entries.size() != expected)
        throw InputError("the label map has " + std::to_string(map.entries.size()) + " classes, the model "
                         + std::to_string(expected));
    for (const auto& e : map.entries) {
        if (e.column < 0 || e.column >= meta.numClasses || e.column == meta.postprocess.backgroundIndex)
            throw InputError("the label map names column " + std::to_string(e.column) + ", which is not a class of the model");
        if (meta.classes[size_t(e.column)].name != e.modelClass)
            throw InputError("the label map's column " + std::to_string(e.column) + " is '" + e.modelClass
                             + "', the model's is '" + meta.classes[size_t(e.column)].name + "' (another model?)");
        if (e.datasetCategoryId >= 0 && !ds.category(e.datasetCategoryId))
            throw InputError(ds.source, "the label map maps '" + e.modelClass + "' to category id "
                                            + std::to_string(e.datasetCategoryId) + ", which this dataset does not have");
    }
    if (map.mappedCount() == 0)
        throw InputError(ds.source, "no class of the model matches a category of this dataset (by name or id); "
                                    "map them by hand (the window's label map, or --label-map FILE)");
    for (const auto& e : map.entries)
        meta.classes[size_t(e.column)].categoryId = e.datasetCategoryId;
}

LabelMap readLabelMapFile(const std::string& path)
{
    const nlohmann::json j = jsonaccess::parseJson(readWholeFile(path), path);
    try {
        if (j.is_object()) {
            if (!j.contains("label_map") || j["label_map"].is_null())
                throw InputError("neither a label map (a JSON array) nor a project with one");
            return LabelMap::fromJson(j["label_map"]);
        }
        return LabelMap::fromJson(j);
    } catch (const InputError& e) {
        throw InputError(path, e.what());
    }
}

std::vector<std::string> fitModelToDataset(ModelMeta& meta, const Dataset& ds, const LabelMap* given)
{
    const LabelMap map = given ? *given : matchLabels(meta, ds);
    applyLabelMap(meta, map, ds);
    std::vector<std::string> warnings;
    for (const auto& e : map.undecided())
        warnings.push_back("model class '" + e.modelClass + "' (column " + std::to_string(e.column)
                           + ") is no category of this dataset: its detections are dropped");
    for (const auto& e : map.entries) {
        const Category* cat = e.datasetCategoryId >= 0 ? ds.category(e.datasetCategoryId) : nullptr;
        if (cat && e.matchedBy == "id" && cat->name != e.modelClass)
            warnings.push_back("model class '" + e.modelClass + "' is dataset category " + std::to_string(cat->id)
                               + " named '" + cat->name + "' (matched by id)");
    }
    return warnings;
}

} // namespace anchorscope
