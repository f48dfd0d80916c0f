// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// 64-bit FNV-1a: the content hash of cache files, partial results, model identities and file
// fingerprints (fast, no dependency; a checksum against corruption, not against an adversary).
#include <cstddef>
#include <cstdint>

namespace anchorscope {

constexpr uint64_t kFnv1aSeed = 1469598103934665603ull;

// Continues hash `h` over `n` bytes (start with kFnv1aSeed).
inline uint64_t fnv1a(const void* data, size_t n, uint64_t h = kFnv1aSeed)
{
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace anchorscope
