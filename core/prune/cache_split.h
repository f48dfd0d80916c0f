// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A prediction cache split by image into search and validation parts (data/image_split.h):
// for users with one cache, `search --cache C --validation-split F`, and the bench caches of
// docs/search.md. Each part's identity names the split, so a search on one part is never
// resumed on the other.
#include "prune/prediction_cache.h"

namespace anchorscope {

struct CacheSplit {
    PredictionCache search, validation;
};
CacheSplit splitCacheByImage(const PredictionCache& cache, double fraction, uint64_t seed);

} // namespace anchorscope
