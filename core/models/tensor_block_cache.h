// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A cache of LibTorch's large CPU tensor blocks, so that a forward or training step reuses
// the memory of the previous one instead of asking the system for fresh pages.
//
// Why: every forward pass allocates and frees its activation tensors. glibc serves blocks
// above 32 MB by mmap and returns them on free, so each pass page-faults its activations in
// again — measured on ssd300_vgg16, batch 8, training: 1.3 million page faults (5 GB of
// zeroed pages) per step. A freed block ≥ 1 MiB goes back to this cache, and a later request
// of about the same size (at most 1/8 larger) takes it again. Tensors are unaffected: same
// 64-byte alignment as LibTorch's own allocator; smaller blocks are allocated and freed
// as before, with a 64-byte header like the large ones.
//
// The cache holds at most a byte budget of free blocks (oldest evicted first); jobs give it
// back with releaseTensorBlockCache() when they end. No torch in this header.
#include <cstddef>
#include <cstdint>

namespace anchorscope {

struct TensorBlockCacheStats {
    size_t cachedBytes = 0;  // free blocks held now
    size_t cachedBlocks = 0;
    size_t budgetBytes = 0;  // most free bytes held
    uint64_t hits = 0;       // requests served from the cache
    uint64_t misses = 0;     // large requests that had to allocate
    uint64_t evictions = 0;  // free blocks given back to make room
    bool installed = false;
    bool enabled = false;
};

// Makes the cache LibTorch's CPU allocator (once; later calls only change the budget).
// budgetBytes 0: a quarter of the physical memory, at most 4 GiB.
void installTensorBlockCache(size_t budgetBytes = 0);
// Disabled, every request goes to LibTorch's allocator and freed blocks are not kept (for
// benchmarks that compare); blocks already cached are released.
void setTensorBlockCacheEnabled(bool enabled);
// Frees every cached block (the blocks in use stay theirs).
void releaseTensorBlockCache();
TensorBlockCacheStats tensorBlockCacheStats();

} // namespace anchorscope
