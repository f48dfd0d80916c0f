// SPDX-License-Identifier: GPL-3.0-or-later
#include "model_options.h"

#include "models/label_map.h"

#include "data/dataset_io.h"
#include "util/json_access.h"
#include "eval/coco_eval.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <algorithm>
#include <iostream>
#include <filesystem>

namespace anchorscope::cli {
namespace fs = std::filesystem;

Dataset datasetFromArgs(const Args& a, bool requireAnnotations)
{
    if (a.has("data"))
        return readDataset(a.get("data"), DatasetFormat::Auto, a.get("images"));
    if (requireAnnotations || !a.has("images"))
        throw InputError("give the dataset with --data ANN (and --images DIR if the images are elsewhere)");
    // A folder of images without annotations.
    Dataset ds;
    ds.source = a.get("images");
    ds.imageRoot = a.get("images");
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(ds.imageRoot, ec)) {
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        if (e.is_regular_file() && (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp"))
            files.push_back(e.path().filename().string());
    }
    if (ec)
        throw InputError(ds.imageRoot, "cannot list the directory: " + ec.message());
    std::sort(files.begin(), files.end());
    if (files.empty())
        throw InputError(ds.imageRoot, "no images found");
    for (size_t i = 0; i < files.size(); ++i)
        ds.images.push_back({int64_t(i) + 1, files[i], 0, 0, ""});
    ds.categories.push_back({0, "any", ""});
    ds.reindex();
    return ds;
}

CostReport modelCost(const ModelMeta& meta, const Configuration& removed)
{
    return computeCost(architectureSpec(meta.architecture), meta.anchors, meta.numClasses, meta.inputH, meta.inputW,
                       removed);
}

nlohmann::json statsJson(const CocoEvalResult& r)
{
    nlohmann::json j;
    for (int i = 0; i < kCocoStatCount; ++i)
        j[kCocoStatNames[size_t(i)]] = r.stats[size_t(i)];
    nlohmann::json per = nlohmann::json::object();
    for (size_t k = 0; k < r.K(); ++k)
        per[std::to_string(r.categoryIds[k])] = r.perCategoryAP[k];
    j["per_category"] = per;
    return j;
}

RunSettings runSettingsFromArgs(const Args& a, const ModelMeta& meta)
{
    const RunSettings run = resolveRunSettings(meta, {int(a.getInt("threads")), int(a.getInt("batch"))});
    configureThreads(run.threads);
    return run;
}

AnchorSet anchorsFromSpec(const std::string& spec, int inputH, int inputW)
{
    std::error_code ec;
    if (fs::is_regular_file(spec, ec)) {
        const auto j = jsonaccess::parseJson(readWholeFile(spec), spec);
        return AnchorSet::fromJson(j.contains("anchors") ? j["anchors"] : j, spec);
    }
    return anchorPreset(spec, inputH, inputW);
}

OptionSpec labelMapOption()
{
    return {"label-map", "FILE", "which dataset category each model class is: a project's label_map (JSON array) or a "
                                 ".asproj (default: matched by name, then id, as in the window)", false, ""};
}

void fitModelFromArgs(const Args& a, Detector& model, const Dataset& ds)
{
    if ((ds.categories.empty() || !a.has("data")) && !a.has("label-map"))
        return; // images alone: no categories to match
    std::vector<std::string> warnings;
    if (a.has("label-map")) {
        const LabelMap map = readLabelMapFile(a.get("label-map"));
        warnings = fitModelToDataset(model.mutableMeta(), ds, &map);
    } else {
        warnings = fitModelToDataset(model.mutableMeta(), ds);
    }
    for (const auto& w : warnings)
        std::cerr << "warning: " << w << "\n";
}

} // namespace anchorscope::cli
