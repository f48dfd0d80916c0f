// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/tensor_block_cache.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <list>
#include <map>
#include <mutex>
#include <vector>

namespace anchorscope {

namespace {

constexpr size_t kMinBlock = size_t(1) << 20; // smaller blocks are freed, not kept
constexpr size_t kAlign = 64;                 // LibTorch's CPU alignment; also the header size
constexpr size_t kPage = 4096;

size_t defaultBudget()
{
    const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
    const size_t physical = pages > 0 && pageSize > 0 ? size_t(pages) * size_t(pageSize) : (size_t(8) << 30);
    return std::min(physical / 4, size_t(4) << 30);
}

// Every block is [64-byte header holding its size][tensor bytes], small ones too: LibTorch
// (oneDNN's scratch memory) also calls raw_allocate / raw_deallocate, which need one deleter
// that takes the data pointer for every block this allocator hands out.
class BlockCache final : public c10::Allocator {
public:
    c10::DataPtr allocate(size_t n) const override
    {
        if (n == 0) // as LibTorch's allocator: no memory for an empty tensor
            return {nullptr, nullptr, &BlockCache::giveBack, c10::Device(c10::DeviceType::CPU)};
        const bool large = n >= kMinBlock;
        const size_t want = large ? (n + kAlign + kPage - 1) / kPage * kPage : n + kAlign;
        if (large && enabled_.load(std::memory_order_relaxed))
            if (void* base = take(want))
                return wrap(base);
        void* base = nullptr;
        if (posix_memalign(&base, kAlign, want) != 0) {
            release(); // the cached blocks may be what is missing
            if (posix_memalign(&base, kAlign, want) != 0)
                TORCH_CHECK(false, "not enough memory for a tensor of ", n, " bytes");
        }
        *static_cast<size_t*>(base) = want;
        return wrap(base);
    }

    c10::DeleterFnPtr raw_deleter() const override { return &BlockCache::giveBack; }

    static void giveBack(void* data);

    void release() const
    {
        std::vector<void*> drop;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (const Free& f : byAge_)
                drop.push_back(f.base);
            byAge_.clear();
            bySize_.clear();
            cachedBytes_ = 0;
        }
        for (void* p : drop)
            std::free(p);
    }

    void keep(void* base)
    {
        const size_t size = *static_cast<size_t*>(base);
        std::vector<void*> drop;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (size < kMinBlock || !enabled_.load(std::memory_order_relaxed) || size > budget_) {
                drop.push_back(base);
            } else {
                byAge_.push_back({base, size});
                bySize_.emplace(size, std::prev(byAge_.end()));
                cachedBytes_ += size;
                while (cachedBytes_ > budget_) { // oldest first: an earlier job's shapes go first
                    const Free old = byAge_.front();
                    auto range = bySize_.equal_range(old.size);
                    for (auto it = range.first; it != range.second; ++it)
                        if (it->second == byAge_.begin()) {
                            bySize_.erase(it);
                            break;
                        }
                    byAge_.pop_front();
                    cachedBytes_ -= old.size;
                    ++evictions_;
                    drop.push_back(old.base);
                }
            }
        }
        for (void* p : drop)
            std::free(p);
    }

    void setBudget(size_t bytes)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        budget_ = bytes;
    }
    void setEnabled(bool on) { enabled_.store(on); }

    TensorBlockCacheStats stats() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        TensorBlockCacheStats s;
        s.cachedBytes = cachedBytes_;
        s.cachedBlocks = byAge_.size();
        s.budgetBytes = budget_;
        s.hits = hits_;
        s.misses = misses_;
        s.evictions = evictions_;
        s.enabled = enabled_.load();
        return s;
    }

private:
    struct Free {
        void* base;
        size_t size;
    };

    // The smallest free block that fits and wastes at most an eighth; null on a miss.
    void* take(size_t want) const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = bySize_.lower_bound(want);
        if (it == bySize_.end() || it->first > want + want / 8) {
            ++misses_;
            return nullptr;
        }
        void* base = it->second->base;
        cachedBytes_ -= it->first;
        byAge_.erase(it->second);
        bySize_.erase(it);
        ++hits_;
        return base;
    }

    static c10::DataPtr wrap(void* base)
    {
        char* data = static_cast<char*>(base) + kAlign;
        return {data, data, &BlockCache::giveBack, c10::Device(c10::DeviceType::CPU)};
    }

    mutable std::mutex mutex_;
    mutable std::list<Free> byAge_; // oldest first
    mutable std::multimap<size_t, std::list<Free>::iterator> bySize_;
    mutable size_t cachedBytes_ = 0;
    mutable uint64_t hits_ = 0, misses_ = 0, evictions_ = 0;
    size_t budget_ = 0;
    std::atomic<bool> enabled_{true};
};

// Never destroyed: tensors may be freed during static destruction.
BlockCache* theCache()
{
    static BlockCache* cache = new BlockCache;
    return cache;
}

std::atomic<bool> installed{false};

void BlockCache::giveBack(void* data)
{
    if (data) // raw_deallocate passes null on
        theCache()->keep(static_cast<char*>(data) - kAlign);
}

} // namespace

void installTensorBlockCache(size_t budgetBytes)
{
    static std::once_flag once;
    BlockCache* cache = theCache();
    cache->setBudget(budgetBytes ? budgetBytes : defaultBudget());
    std::call_once(once, [cache] {
        c10::SetCPUAllocator(cache, /*priority=*/1);
        installed = true;
    });
}

void setTensorBlockCacheEnabled(bool enabled)
{
    theCache()->setEnabled(enabled);
    if (!enabled)
        theCache()->release();
}

void releaseTensorBlockCache() { theCache()->release(); }

TensorBlockCacheStats tensorBlockCacheStats()
{
    TensorBlockCacheStats s = theCache()->stats();
    s.installed = installed.load();
    return s;
}

} // namespace anchorscope
