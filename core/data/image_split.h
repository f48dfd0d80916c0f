// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A seeded split of a dataset by image into search and validation images, for users with one
// dataset (--validation-split, a project's validation setting). Deterministic: the images
// with the round(fraction · N) smallest keys hash(seed, image id) go to validation, so the
// split depends on the ids and the seed only, not on the order of the files.
#include "data/dataset.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace anchorscope {

// Flags, parallel to imageIds, of the images that go to validation. Throws InputError unless
// 0 < fraction < 1 and both parts get an image.
std::vector<uint8_t> validationImageMask(const std::vector<int64_t>& imageIds, double fraction, uint64_t seed);

struct DatasetSplit {
    Dataset search, validation;
};
DatasetSplit splitByImage(const Dataset& ds, double fraction, uint64_t seed);

// "split 0.5 (seed 0)": how a split is named in messages and identities.
std::string describeSplit(double fraction, uint64_t seed);

} // namespace anchorscope
