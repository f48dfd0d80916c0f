// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Training augmentation (SSD recipe): photometric distortion, zoom-out ("expand"),
// IoU-constrained random crop and horizontal flip, with the boxes transformed consistently.
// Operates on 8-bit BGR images; deterministic for a given Rng.
#include "geometry/box.h"
#include "util/random.h"

#include <vector>

namespace cv {
class Mat;
}

namespace anchorscope {

struct TrainBox {
    Boxf box;      // xyxy, image pixels
    int label = 0; // score column
};

struct AugmentOptions {
    bool photometric = true;
    bool flip = true;
    double expandProbability = 0.3;
    double maxExpand = 2.0;
    double cropProbability = 0.5;
};

void photometricDistort(cv::Mat& bgr, Rng& rng);
void expandImage(cv::Mat& bgr, std::vector<TrainBox>& boxes, double maxRatio, Rng& rng);
// SSD crop: a patch whose IoU with some object is at least one of {0.1, 0.3, 0.5, 0.7, 0.9}
// (chosen at random); keeps the objects whose centre lies inside and clips them.
void randomCrop(cv::Mat& bgr, std::vector<TrainBox>& boxes, Rng& rng);
void horizontalFlip(cv::Mat& bgr, std::vector<TrainBox>& boxes);

void augment(cv::Mat& bgr, std::vector<TrainBox>& boxes, const AugmentOptions& opt, Rng& rng);

} // namespace anchorscope
