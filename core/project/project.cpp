// SPDX-License-Identifier: GPL-3.0-or-later
#include "project/project.h"

#include "data/image_split.h"

#include "util/json_access.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/fnv1a.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace anchorscope {

namespace fs = std::filesystem;

namespace {

std::string hex64(uint64_t h)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

// Relative to the project's folder when the file is inside it; absolute otherwise.
std::string storedPath(const std::string& path, const fs::path& base)
{
    if (path.empty())
        return {};
    const fs::path abs = fs::absolute(path).lexically_normal();
    const fs::path rel = abs.lexically_relative(base);
    if (!rel.empty() && *rel.begin() != "..")
        return rel.generic_string();
    return abs.generic_string();
}

std::string resolvedPath(const std::string& stored, const fs::path& base)
{
    if (stored.empty())
        return {};
    const fs::path p(stored);
    return (p.is_absolute() ? p : base / p).lexically_normal().string();
}

fs::path baseOf(const std::string& projectFile) { return fs::absolute(projectFile).parent_path().lexically_normal(); }

nlohmann::json refToJson(const FileRef& r, const fs::path& base)
{
    if (r.empty())
        return nullptr;
    nlohmann::json j{{"path", storedPath(r.path, base)}};
    if (r.size >= 0)
        j["size"] = r.size;
    if (!r.hash.empty())
        j["hash"] = r.hash;
    return j;
}

FileRef refFromJson(const nlohmann::json& j, const fs::path& base)
{
    FileRef r;
    if (j.is_null())
        return r;
    const std::string stored = j.at("path").get<std::string>();
    if (stored.empty())
        throw InputError("a file reference has an empty path");
    r.path = resolvedPath(stored, base);
    r.size = jsonaccess::integerOr<int64_t>(j, "size", -1);
    if (r.size < -1)
        throw InputError("\"" + r.path + "\" has a negative size");
    r.hash = j.value("hash", std::string());
    return r;
}

FileState stateOf(const FileRef& r)
{
    std::error_code ec;
    if (!fs::exists(r.path, ec))
        return FileState::Missing;
    if (fs::is_directory(r.path, ec))
        return FileState::Ok; // VOC / YOLO roots: existence is what can be checked cheaply
    if (r.size >= 0 && int64_t(fs::file_size(r.path, ec)) != r.size)
        return FileState::Changed;
    if (!r.hash.empty() && fingerprintFile(r.path).hash != r.hash)
        return FileState::Changed;
    return FileState::Ok;
}

} // namespace

FileRef fingerprintFile(const std::string& path)
{
    FileRef r;
    r.path = fs::absolute(path).lexically_normal().string();
    std::error_code ec;
    if (fs::is_directory(r.path, ec))
        return r;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path, "cannot be read");
    uint64_t h = kFnv1aSeed;
    int64_t size = 0;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), std::streamsize(buf.size()));
        const std::streamsize n = in.gcount();
        h = fnv1a(buf.data(), size_t(n), h);
        size += n;
    }
    r.size = size;
    r.hash = hex64(h);
    return r;
}

bool Project::operator==(const Project& o) const
{
    return model == o.model && annotations == o.annotations && datasetFormat == o.datasetFormat
           && imagesDir == o.imagesDir && cache == o.cache && labelMap == o.labelMap && settings == o.settings
           && search == o.search && latencyModel == o.latencyModel && selectedRemoved == o.selectedRemoved && selectedNode == o.selectedNode
           && layout == o.layout && modelSource == o.modelSource && validation == o.validation
           && validationAnnotations == o.validationAnnotations && validationCache == o.validationCache;
}

ValidationSettings ValidationSettings::split(double fraction, uint64_t seed)
{
    ValidationSettings v;
    v.source = Source::Split;
    v.fraction = fraction;
    v.seed = seed;
    return v;
}

std::string ValidationSettings::describe() const
{
    switch (source) {
    case Source::Split:
        return describeSplit(fraction, seed);
    case Source::Annotations:
        return "annotations";
    case Source::None:
        break;
    }
    return "none";
}

nlohmann::json ValidationSettings::toJson() const
{
    const char* name = source == Source::Split ? "split" : source == Source::Annotations ? "annotations" : "none";
    return {{"source", name}, {"fraction", fraction}, {"seed", seed}};
}

ValidationSettings ValidationSettings::fromJson(const nlohmann::json& j)
{
    ValidationSettings v;
    if (j.is_null())
        return v;
    const std::string src = j.value("source", std::string("none"));
    if (src == "split")
        v.source = Source::Split;
    else if (src == "annotations")
        v.source = Source::Annotations;
    else if (src != "none")
        throw InputError("unknown validation source '" + src + "' (expected none, split or annotations)");
    v.fraction = j.value("fraction", v.fraction);
    v.seed = jsonaccess::integerOr<uint64_t>(j, "seed", 0);
    if (v.source == Source::Split && !(v.fraction > 0 && v.fraction < 1))
        throw InputError("the validation split's fraction must lie between 0 and 1");
    return v;
}

nlohmann::json Project::toJson(const std::string& projectFile) const
{
    const fs::path base = baseOf(projectFile);
    nlohmann::json j;
    j["format"] = "anchorscope-project";
    j["version"] = kFormatVersion;
    j["model"] = refToJson(model, base);
    if (!modelSource.empty())
        j["model_source"] = {{"checkpoint", refToJson(modelSource.checkpoint, base)},
                             {"architecture", modelSource.architecture},
                             {"class_names", modelSource.classNames},
                             {"min_size", modelSource.minSize},
                             {"max_size", modelSource.maxSize},
                             {"trust_pickle", modelSource.trustPickle}};
    j["dataset"] = {{"annotations", refToJson(annotations, base)},
                    {"format", datasetFormat},
                    {"images", imagesDir.empty() ? nlohmann::json(nullptr) : nlohmann::json(storedPath(imagesDir, base))}};
    j["cache"] = refToJson(cache, base);
    j["validation"] = validation.toJson();
    j["validation"]["annotations"] = refToJson(validationAnnotations, base);
    j["validation"]["cache"] = refToJson(validationCache, base);
    j["label_map"] = labelMap.toJson();
    j["settings"] = {{"strategy", settings.strategy},     {"objective", toString(settings.objective)},
                     {"metric", toString(settings.metric)}, {"max_drop", settings.maxDrop},
                     {"cache_threshold", settings.cacheThreshold}, {"split", settings.split}};
    j["search"] = search;
    j["latency_model"] = latencyModel;
    j["selection"] = {{"removed", selectedRemoved}, {"node", selectedNode}};
    j["layout"] = layout;
    return j;
}

Project Project::fromJson(const nlohmann::json& j, const std::string& projectFile)
{
    const fs::path base = baseOf(projectFile);
    Project p;
    try {
        if (!j.is_object() || j.value("format", std::string()) != "anchorscope-project")
            throw InputError(projectFile, "not an Anchorscope project (no \"format\": \"anchorscope-project\")");
        const int version = jsonaccess::integerAt<int>(j, "version");
        if (version > kFormatVersion)
            throw InputError(projectFile, "project format version " + std::to_string(version)
                                              + " is newer than this Anchorscope reads (" + std::to_string(kFormatVersion) + ")");
        p.model = refFromJson(j.at("model"), base);
        if (const auto* src = jsonaccess::optionalMember(j, "model_source"); src && !src->is_null()) {
            p.modelSource.checkpoint = refFromJson(src->at("checkpoint"), base);
            p.modelSource.architecture = src->value("architecture", std::string("auto"));
            p.modelSource.classNames = src->value("class_names", std::vector<std::string>());
            p.modelSource.minSize = jsonaccess::integerOr<int>(*src, "min_size", 0);
            p.modelSource.maxSize = jsonaccess::integerOr<int>(*src, "max_size", 0);
            p.modelSource.trustPickle = src->value("trust_pickle", false);
        }
        const auto& d = j.at("dataset");
        p.annotations = refFromJson(d.at("annotations"), base);
        p.datasetFormat = d.value("format", std::string("auto"));
        if (d.contains("images") && !d.at("images").is_null())
            p.imagesDir = resolvedPath(d.at("images").get<std::string>(), base);
        p.cache = refFromJson(j.value("cache", nlohmann::json(nullptr)), base);
        if (const auto* v = jsonaccess::optionalMember(j, "validation")) {
            p.validation = ValidationSettings::fromJson(*v);
            p.validationAnnotations = refFromJson(v->value("annotations", nlohmann::json(nullptr)), base);
            p.validationCache = refFromJson(v->value("cache", nlohmann::json(nullptr)), base);
        }
        p.labelMap = LabelMap::fromJson(j.value("label_map", nlohmann::json::array()));
        if (j.contains("settings")) {
            const auto& s = j.at("settings");
            p.settings.strategy = s.value("strategy", p.settings.strategy);
            searchStrategy(p.settings.strategy); // one of the table's, or an InputError naming them
            if (s.contains("objective"))
                p.settings.objective = objectiveFromString(s.at("objective").get<std::string>());
            if (s.contains("metric"))
                p.settings.metric = accuracyMetricFromString(s.at("metric").get<std::string>());
            p.settings.maxDrop = s.value("max_drop", p.settings.maxDrop);
            p.settings.cacheThreshold = jsonaccess::real32Or(s, "cache_threshold", p.settings.cacheThreshold);
            p.settings.split = s.value("split", p.settings.split);
        }
        p.search = j.value("search", nlohmann::json(nullptr));
        p.latencyModel = j.value("latency_model", nlohmann::json(nullptr));
        if (j.contains("selection")) {
            if (const auto* removed = jsonaccess::optionalMember(j.at("selection"), "removed"))
                p.selectedRemoved = jsonaccess::integers(*removed);
            p.selectedNode = jsonaccess::integerOr<int>(j.at("selection"), "node", -1);
        }
        p.layout = j.value("layout", std::map<std::string, std::string>());
    } catch (const nlohmann::json::exception& e) {
        throw InputError(projectFile, std::string("malformed project: ") + jsonaccess::describe(e));
    } catch (const InputError& e) {
        jsonaccess::rethrowNaming(e, projectFile);
    }
    return p;
}

void Project::save(const std::string& path) const { writeFileAtomically(path, toJson(path).dump(2) + "\n"); }

Project Project::load(const std::string& path)
{
    return fromJson(jsonaccess::parseJson(readWholeFile(path), path), path);
}

std::vector<FileCheck> Project::checkFiles() const
{
    std::vector<FileCheck> out;
    if (!model.empty())
        out.push_back({ProjectFile::Model, model.path, stateOf(model)});
    if (!annotations.empty())
        out.push_back({ProjectFile::Annotations, annotations.path, stateOf(annotations)});
    if (!imagesDir.empty()) {
        std::error_code ec;
        out.push_back({ProjectFile::Images, imagesDir, fs::is_directory(imagesDir, ec) ? FileState::Ok : FileState::Missing});
    }
    if (!cache.empty())
        out.push_back({ProjectFile::Cache, cache.path, stateOf(cache)});
    if (validation.source == ValidationSettings::Source::Annotations && !validationAnnotations.empty())
        out.push_back({ProjectFile::ValidationAnnotations, validationAnnotations.path, stateOf(validationAnnotations)});
    return out;
}

std::string toString(AccuracyMetric m) { return m == AccuracyMetric::AP50 ? "AP50" : "AP"; }

AccuracyMetric accuracyMetricFromString(const std::string& s)
{
    if (s == "AP")
        return AccuracyMetric::AP;
    if (s == "AP50")
        return AccuracyMetric::AP50;
    throw InputError("unknown accuracy metric '" + s + "' (expected AP or AP50)");
}

std::string toString(ProjectFile f)
{
    switch (f) {
    case ProjectFile::Model:
        return "model";
    case ProjectFile::Annotations:
        return "annotations";
    case ProjectFile::Images:
        return "images";
    case ProjectFile::ValidationAnnotations:
        return "validation annotations";
    case ProjectFile::Cache:
        break;
    }
    return "cache";
}

const std::string& Project::pathOf(ProjectFile role) const
{
    switch (role) {
    case ProjectFile::Model:
        return model.path;
    case ProjectFile::Annotations:
        return annotations.path;
    case ProjectFile::Images:
        return imagesDir;
    case ProjectFile::ValidationAnnotations:
        return validationAnnotations.path;
    case ProjectFile::Cache:
        break;
    }
    return cache.path;
}

bool Project::relocate(ProjectFile role, const std::string& newPath)
{
    if (role == ProjectFile::Images) {
        imagesDir = fs::absolute(newPath).lexically_normal().string();
        return true;
    }
    FileRef* ref = role == ProjectFile::Model                   ? &model
                   : role == ProjectFile::Annotations           ? &annotations
                   : role == ProjectFile::ValidationAnnotations ? &validationAnnotations
                                                                : &cache;
    const FileRef now = fingerprintFile(newPath);
    const bool same = (ref->hash.empty() || ref->hash == now.hash) && (ref->size < 0 || ref->size == now.size);
    *ref = now;
    return same;
}

void Project::dropDerived()
{
    cache = {};
    validationCache = {};
    search = nullptr;
    selectedRemoved.clear();
    selectedNode = -1;
}

} // namespace anchorscope
