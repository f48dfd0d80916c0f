// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/image_split.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace anchorscope {

namespace {

uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

} // namespace

std::string describeSplit(double fraction, uint64_t seed)
{
    char buf[96];
    std::snprintf(buf, sizeof buf, "split %g (seed %llu)", fraction, static_cast<unsigned long long>(seed));
    return buf;
}

std::vector<uint8_t> validationImageMask(const std::vector<int64_t>& imageIds, double fraction, uint64_t seed)
{
    if (!(fraction > 0 && fraction < 1))
        throw InputError("the validation split takes a fraction between 0 and 1 (e.g. 0.5), not "
                         + std::to_string(fraction));
    const size_t n = imageIds.size();
    const size_t take = size_t(std::llround(fraction * double(n)));
    if (take == 0 || take == n)
        throw InputError("a validation split of " + std::to_string(fraction) + " of " + std::to_string(n)
                         + " images leaves one part empty");
    std::vector<std::pair<uint64_t, size_t>> keys(n);
    for (size_t i = 0; i < n; ++i)
        keys[i] = {mix(mix(seed) ^ uint64_t(imageIds[i])), i};
    std::sort(keys.begin(), keys.end());
    std::vector<uint8_t> mask(n, 0);
    for (size_t k = 0; k < take; ++k)
        mask[keys[k].second] = 1;
    return mask;
}

DatasetSplit splitByImage(const Dataset& ds, double fraction, uint64_t seed)
{
    std::vector<int64_t> ids;
    for (const auto& im : ds.images)
        ids.push_back(im.id);
    const std::vector<uint8_t> v = validationImageMask(ids, fraction, seed);
    std::vector<uint8_t> s(v.size());
    for (size_t i = 0; i < v.size(); ++i)
        s[i] = !v[i];
    const std::string name = describeSplit(fraction, seed);
    return {ds.withImages(s, "search images of " + name), ds.withImages(v, "validation images of " + name)};
}

} // namespace anchorscope
