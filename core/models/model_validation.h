// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Everything that can be checked about a model file before a session uses it: the zip
// layout, LibTorch loading, metadata, that the AnchorSet fits the head, finite weights, and
// one forward pass whose outputs must have the shape the metadata promises. Run by
// `anchorscope-cli validate`, which the GUI starts as a child process for a model it has not
// seen before, so that a crash inside a third-party library takes down the child only.
#include "data/dataset.h"

#include <string>
#include <vector>

namespace anchorscope {

struct ModelValidation {
    std::string architecture;
    int numClasses = 0, numAnchors = 0, numLevels = 0;
    int inputH = 0, inputW = 0;      // the size the test forward pass ran at
    int boxes = 0;                   // boxes that pass produced
    int64_t parameters = 0;
    size_t archiveEntries = 0;
    uint64_t archiveBytes = 0;       // uncompressed
    std::vector<std::string> warnings; // e.g. class names that differ from the dataset's
};

// Throws InputError naming the file and what is wrong. With `dataset`, also checks that the
// model's classes are categories of it (checkModelFitsDataset).
ModelValidation validateModel(const std::string& path, const Dataset* dataset = nullptr);

} // namespace anchorscope
