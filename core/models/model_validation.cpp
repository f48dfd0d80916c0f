// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/model_validation.h"

#include "models/detection_output.h"
#include "models/detector.h"
#include "models/model_archive.h"
#include "util/error.h"

#include <cmath>
#include <exception>

namespace anchorscope {

ModelValidation validateModel(const std::string& path, const Dataset* dataset)
{
    ModelValidation v;
    const ModelArchiveLayout layout = checkModelArchive(path);
    v.archiveEntries = layout.entries.size();
    v.archiveBytes = layout.totalSize;
    const Detector model = Detector::load(path); // metadata, head vs anchors, finite weights
    const ModelMeta& m = model.meta();
    v.architecture = m.architecture;
    v.numClasses = m.numClasses;
    v.numAnchors = m.anchors.numAnchors();
    v.numLevels = m.anchors.numLevels();
    v.parameters = model.parameterCount();
    // One forward pass of an image of the mean colour (zeros after normalisation) at the
    // nominal input size (min_max models: rounded up to a multiple of sizeDivisible, as
    // their transform pads).
    int h = m.inputH, w = m.inputW;
    if (m.resizePolicy == "min_max" && m.sizeDivisible > 1) {
        h = (h + m.sizeDivisible - 1) / m.sizeDivisible * m.sizeDivisible;
        w = (w + m.sizeDivisible - 1) / m.sizeDivisible * m.sizeDivisible;
    }
    if (h <= 0 || w <= 0 || h > 4096 || w > 4096)
        throw InputError(path, "the model's input size " + std::to_string(h) + "×" + std::to_string(w) + " is not usable");
    v.inputH = h;
    v.inputW = w;
    const std::vector<float> image(size_t(3) * size_t(h) * size_t(w), 0.0f);
    RawOutputs raw;
    try {
        raw = model.forward(image.data(), 1, h, w);
    } catch (const InputError&) {
        throw;
    } catch (const std::exception& e) {
        std::string what = e.what();
        if (what.size() > 400)
            what = what.substr(0, 400) + "...";
        throw InputError(path, "the model's forward pass fails: " + what);
    }
    v.boxes = raw.boxes;
    if (raw.classes != m.numClasses)
        throw InputError(path, "the model outputs " + std::to_string(raw.classes) + " scores per box, its metadata says "
                                   + std::to_string(m.numClasses) + " classes");
    if (int(raw.featureSizes.size()) != m.anchors.numLevels())
        throw InputError(path, "the model reports " + std::to_string(raw.featureSizes.size()) + " feature maps, its anchor set has "
                                   + std::to_string(m.anchors.numLevels()) + " levels");
    const size_t priors = m.anchors.priors(raw.featureSizes, h, w).size();
    if (size_t(raw.boxes) != priors)
        throw InputError(path, "the model produced " + std::to_string(raw.boxes) + " boxes, its anchor set describes "
                                   + std::to_string(priors));
    for (float x : raw.logits)
        if (!std::isfinite(x))
            throw InputError(path, "the model's scores are NaN or Inf on a plain image");
    for (float x : raw.regression)
        if (!std::isfinite(x))
            throw InputError(path, "the model's box regression is NaN or Inf on a plain image");
    if (dataset)
        checkModelFitsDataset(m, *dataset, &v.warnings);
    return v;
}

} // namespace anchorscope
