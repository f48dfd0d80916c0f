// SPDX-License-Identifier: GPL-3.0-or-later
// The prediction cache file. The input's checksum is recomputed before parsing (a wrong
// checksum would otherwise stop nearly every mutation at the first check), then the
// accepted cache is evaluated as a search would: the full configuration and one with its
// first anchor removed.
#include "fuzz_common.h"
#include "prune/config_evaluator.h"
#include "prune/prediction_cache.h"

#include <cstring>

using namespace anchorscope;

namespace {

uint64_t fnv1a(const char* p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i) {
        h ^= static_cast<unsigned char>(p[i]);
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string bytes = fuzz::text(data, size);
    if (bytes.size() >= 8) {
        const uint64_t sum = fnv1a(bytes.data(), bytes.size() - 8);
        std::memcpy(&bytes[bytes.size() - 8], &sum, 8);
    }
    fuzz::expectInputErrorOnly([&] {
        const PredictionCache c = PredictionCache::fromBytes(bytes, "fuzz.cache");
        if (c.numCandidates() > 20000 || c.gt.images.size() > 200)
            return; // keep each run short; the parser was the point
        ConfigEvaluator ev(c, 1);
        const auto full = ev.detections(Configuration{});
        ev.score(full);
        if (c.meta.anchors.numAnchors() > 1)
            ev.score(ev.childDetections(full, Configuration{{0}}));
    });
    return 0;
}
