// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// YOLO txt datasets: images under <root>/images[/<split>]/ mirrored by label files under
// <root>/labels[/<split>]/ with one "class cx cy w h" line per object (normalised to the
// image size). Class names from <root>/classes.txt or <root>/data.yaml ("names:" as a list
// or a mapping). Category ids are class index + 1; the split is the image subfolder name.
#include "data/dataset.h"

#include <string>
#include <vector>

namespace anchorscope {

Dataset readYoloDataset(const std::string& root, const std::string& classesFile = {});

// Exposed for tests and fuzzing.
std::vector<std::string> parseYoloClassesTxt(const std::string& text);
std::vector<std::string> parseDataYamlNames(const std::string& text, const std::string& sourceName);
struct YoloLabel {
    int classIndex = 0;
    double cx = 0, cy = 0, w = 0, h = 0;
};
std::vector<YoloLabel> parseYoloLabels(const std::string& text, const std::string& sourceName, size_t numClasses);

} // namespace anchorscope
