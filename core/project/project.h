// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An Anchorscope project (.asproj, JSON): which model, dataset and prediction cache a session
// works on, the label map between them, the settings, the search results, the selected
// configuration and the window layout — everything to reopen a session as it was left.
//
// Paths are stored relative to the project file when they lie beside or below it (so a
// project folder can be moved or shared) and absolute otherwise. Each referenced file also
// records its size and a content hash, so that on opening a moved file (missing) and a file
// replaced by another one (changed) are told apart: the first is relocated, the second means
// the cache and the search results no longer describe the model and must be recomputed.
#include "models/label_map.h"
#include "prune/search.h"
#include "prune/search_strategies.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace anchorscope {

struct FileRef {
    std::string path;      // absolute while in memory; empty: none
    int64_t size = -1;     // -1: not recorded
    std::string hash;      // 64-bit FNV-1a of the content, hex; empty: not recorded

    bool empty() const { return path.empty(); }
    bool operator==(const FileRef& o) const { return path == o.path && size == o.size && hash == o.hash; }
};

// Size and content hash of an existing file; throws InputError if it cannot be read.
FileRef fingerprintFile(const std::string& path);

enum class FileState { Ok, Missing, Changed };

// The files a project refers to.
enum class ProjectFile { Model, Annotations, Images, Cache, ValidationAnnotations };
std::string toString(ProjectFile f); // "model", "annotations", "images", "cache", "validation annotations"

struct FileCheck {
    ProjectFile role;
    std::string path;
    FileState state = FileState::Ok;
};

// The Pareto plot's accuracy axis: which COCO statistic a point's height is.
enum class AccuracyMetric { AP, AP50 };
std::string toString(AccuracyMetric m);                  // "AP", "AP50"
AccuracyMetric accuracyMetricFromString(const std::string& s); // throws InputError
inline size_t statIndex(AccuracyMetric m) { return m == AccuracyMetric::AP50 ? 1 : 0; } // into ConfigResult::stats

struct ProjectSettings {
    std::string strategy = defaultSearchStrategy(); // a name of prune/search_strategies.h
    Objective objective = Objective::Macs;          // search objective and Pareto x-axis
    AccuracyMetric metric = AccuracyMetric::AP;     // Pareto y-axis
    double maxDrop = 0.01;
    float cacheThreshold = -1;      // < 0: the model's own score threshold
    std::string split = "search";   // dataset split the cache is built on; empty: all images

    bool operator==(const ProjectSettings& o) const
    {
        return strategy == o.strategy && objective == o.objective && metric == o.metric && maxDrop == o.maxDrop
               && cacheThreshold == o.cacheThreshold && split == o.split;
    }
};

// Where a project's validation images come from (docs/search.md, "Validation"): none, a
// seeded split of the project's images by image, or a second annotation file
// (Project::validationAnnotations). One parse and one format: the project file, the CLI's
// --validation-split / --validation-data and the window all go through this type.
struct ValidationSettings {
    enum class Source { None, Split, Annotations };
    Source source = Source::None;
    double fraction = 0.5; // Split: the share of the images held out for validation
    uint64_t seed = 0;     // Split

    bool enabled() const { return source != Source::None; }
    static ValidationSettings split(double fraction, uint64_t seed = 0);
    // "none", "split 0.5 (seed 0)", "annotations"
    std::string describe() const;
    nlohmann::json toJson() const; // {"source": "none" | "split" | "annotations", "fraction", "seed"}
    static ValidationSettings fromJson(const nlohmann::json& j); // throws InputError
    bool operator==(const ValidationSettings& o) const
    {
        return source == o.source && fraction == o.fraction && seed == o.seed;
    }
};

// The torchvision checkpoint a project's model was imported from, and how, so that the
// model is imported again — with the same answers — only when the checkpoint changed.
struct ModelSource {
    FileRef checkpoint; // empty: the model is an .aspt of its own
    std::string architecture;
    std::vector<std::string> classNames; // as given to the exporter (empty: class_<k>)
    int minSize = 0, maxSize = 0;        // RetinaNet's resize; 0: the model's
    bool trustPickle = false;            // the user agreed to unpickle it

    bool empty() const { return checkpoint.empty(); }
    bool operator==(const ModelSource& o) const
    {
        return checkpoint == o.checkpoint && architecture == o.architecture && classNames == o.classNames
               && minSize == o.minSize && maxSize == o.maxSize && trustPickle == o.trustPickle;
    }
};

struct Project {
    static constexpr int kFormatVersion = 1;

    FileRef model;         // .aspt
    ModelSource modelSource; // the checkpoint the .aspt was imported from, if any
    FileRef annotations;   // COCO .json, VOC root or YOLO root
    std::string datasetFormat = "auto";
    std::string imagesDir; // empty: the format's default
    FileRef cache;         // prediction cache of model × dataset split (its search images)
    ValidationSettings validation;
    FileRef validationAnnotations; // validation.source == Annotations
    FileRef validationCache;       // prediction cache of the validation images
    LabelMap labelMap;
    ProjectSettings settings;
    nlohmann::json search;         // SearchResult::toJson, or null
    nlohmann::json latencyModel;   // LatencyModel::toJson of this machine, or null
    std::vector<int> selectedRemoved;
    int selectedNode = -1;         // node of `search`, or -1
    std::map<std::string, std::string> layout; // opaque window state from the GUI

    bool operator==(const Project& o) const;

    // `projectFile` is where the JSON lives (paths are made relative to its folder).
    nlohmann::json toJson(const std::string& projectFile) const;
    static Project fromJson(const nlohmann::json& j, const std::string& projectFile); // throws InputError
    void save(const std::string& path) const;           // atomic
    static Project load(const std::string& path);        // throws InputError

    // State of every referenced file on disk (content hashed: call from a job).
    std::vector<FileCheck> checkFiles() const;
    // Points `role` at `newPath` and records its fingerprint; returns whether the content is
    // the one recorded (false: the file changed, derived results are stale).
    bool relocate(ProjectFile role, const std::string& newPath);
    // Where the project expects `role`'s file (empty: none).
    const std::string& pathOf(ProjectFile role) const;
    // Forgets what was derived from the model and the dataset (caches, search, selection).
    void dropDerived();
};

} // namespace anchorscope
