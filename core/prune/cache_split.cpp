// SPDX-License-Identifier: GPL-3.0-or-later
#include "prune/cache_split.h"

#include "data/image_split.h"

namespace anchorscope {

namespace {

PredictionCache part(const PredictionCache& c, const std::vector<uint8_t>& keep, const std::string& name)
{
    PredictionCache p;
    p.identity = c.identity + " " + name;
    p.modelIdentity = c.modelIdentity;
    p.meta = c.meta;
    p.threshold = c.threshold;
    p.threads = c.threads;
    p.batch = c.batch;
    p.gt = c.gt.withImages(keep, name);
    for (size_t i = 0; i < c.images.size(); ++i) {
        if (!keep[i])
            continue;
        CachedImage im = c.images[i];
        CandidateList slice;
        const CandidateView v = c.view(i);
        for (size_t k = 0; k < v.size; ++k)
            slice.push(v.boxes[k], v.scores[k], v.labels[k], v.boxIndex[k], v.level ? v.level[k] : int16_t(0),
                       v.anchorId[k]);
        im.offset = p.candidates.size();
        im.count = slice.size();
        p.candidates.append(slice);
        p.images.push_back(std::move(im));
    }
    return p;
}

} // namespace

CacheSplit splitCacheByImage(const PredictionCache& cache, double fraction, uint64_t seed)
{
    std::vector<int64_t> ids;
    for (const auto& im : cache.gt.images)
        ids.push_back(im.id);
    const std::vector<uint8_t> v = validationImageMask(ids, fraction, seed);
    std::vector<uint8_t> s(v.size());
    for (size_t i = 0; i < v.size(); ++i)
        s[i] = !v[i];
    const std::string name = describeSplit(fraction, seed);
    return {part(cache, s, name + ": search"), part(cache, v, name + ": validation")};
}

} // namespace anchorscope
