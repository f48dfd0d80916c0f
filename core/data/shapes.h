// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The synthetic "shapes" detection dataset: textured, noisy backgrounds with several,
// partly occluding objects of five classes. Sizes and aspect ratios are skewed on purpose
// (many small objects, few large; horizontal bars common, vertical bars rare) so that
// anchors of a detector trained on it differ in usefulness. Deterministic for a seed on
// every machine and any thread count.
#include "data/dataset.h"
#include "util/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cv {
class Mat;
}

namespace anchorscope {

struct ShapesOptions {
    int numImages = 200;
    uint64_t seed = 0;
    int size = 256;              // square images of size × size pixels
    int minObjects = 1;
    int maxObjects = 6;
    double trainFraction = 0.7;  // the rest is split evenly into "search" and "holdout"
    int threads = 2;
};

// Class names in category id order (ids 1..5).
const std::vector<std::string>& shapesClassNames();

// Renders image `index` of the dataset (BGR, 8-bit) and its annotations (ids left 0).
struct ShapesImage {
    std::vector<Annotation> objects;
    std::string split;
};
ShapesImage renderShapesImage(const ShapesOptions& opt, int index, cv::Mat& image);

// Writes <outDir>/images/NNNNNN.png, <outDir>/annotations.json (all images, each with its
// "split") and <outDir>/{train,search,holdout}.json. Returns the full dataset.
Dataset generateShapesDataset(const std::string& outDir, const ShapesOptions& opt, const ProgressToken* progress = nullptr);

} // namespace anchorscope
