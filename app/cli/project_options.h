// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// --project P.asproj: a project saved by the window as the starting point of a headless
// command (evaluate, search, analyze, prune, retrain, export), opened the way the window
// opens it (core openSession), so that the command continues where the window left off;
// what a command adds to the project (a search, the cache it built) is written back
// atomically, and the window, watching the file, offers to reload it.
#include "args.h"

#include "anchors/configuration.h"
#include "models/detector.h"
#include "project/project.h"
#include "project/session.h"
#include "prune/validation.h"

#include <memory>
#include <optional>
#include <string>

namespace anchorscope {
class ProgressToken;
}

namespace anchorscope::cli {

OptionSpec projectOption();
OptionSpec cacheDirOption(); // where a project's prediction cache is found or made

struct OpenedProject {
    std::string path;
    Project saved;       // as read from disk
    OpenedSession opened; // its session; opened.project is what to write back
    bool labelMapReplaced = false; // --label-map differs from the project's: nothing is written back
};

// The --project's session (InputError when the project or its files do not open). An
// explicit --label-map wins over the project's, with a warning; --validation-split and
// --validation-data (when the command has them) set the project's validation images.
OpenedProject openProjectFromArgs(const Args& a, const ProgressToken& progress);
// Writes `p` to the project file when it differs from what was read (atomic, keeps the
// window's layout) and the run used the project's own label map; returns whether it wrote.
bool writeProjectBack(const OpenedProject& o, const Project& p);

// The prediction cache a command works on and an evaluator of it: --cache, or the --project's
// session (its cache found or made, its latency model restored).
struct CacheSource {
    std::optional<OpenedProject> project;
    std::shared_ptr<const PredictionCache> cache;
    std::shared_ptr<ConfigEvaluator> evaluator;
    // The validation images when there are any (--validation-cache, --validation-split, or
    // the project's): their cache, an evaluator of it, and what they are.
    std::shared_ptr<const PredictionCache> validationCache;
    std::shared_ptr<ConfigEvaluator> validationEvaluator;
    std::string validationName;
    std::shared_ptr<PairedBootstrap> bootstrap; // over the validation images, made on first use
    PairedBootstrap& validationBootstrap(const BootstrapOptions& o);
};
CacheSource cacheFromArgs(const Args& a, int threads, const ProgressToken& progress);

// --remove when given, else the project's selected configuration, else none.
Configuration selectionFromArgs(const Args& a, const Project* project);

// The model a command works on: --model as it is, or the --project's model with its label
// map, pruned to the selection (selectionFromArgs); throws InputError when neither is given.
// `removed`, when given, receives the configuration applied; `projectData` the project's
// dataset (its split), read once with the model (left alone with --model).
Detector selectedModelFromArgs(const Args& a, Configuration* removed = nullptr, Dataset* projectData = nullptr);

// Throws InputError unless exactly one of --a / --b is given.
void requireOneOf(const Args& a, const std::string& first, const std::string& second);

// A search result read from a file (search --resume / --seed-front, report --search), refused
// (InputError) when it was made with another prediction cache than `cache` (named `cacheName`).
SearchResult readSearchFile(const std::string& file, const PredictionCache& cache, const std::string& cacheName);

} // namespace anchorscope::cli
