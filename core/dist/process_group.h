// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Running past one process: the environment torchrun (or Slurm through torchrun) sets, and
// a c10d process group joined from it — Gloo on CPU; NCCL where the LibTorch the project is
// built against has it (compile-guarded: Debian's has neither CUDA nor NCCL). No torch in
// this header; the tensor collectives training needs are in dist/process_group_torch.h.
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace anchorscope {

// What torchrun tells each process. Without RANK and WORLD_SIZE in the environment the run
// is a single process (present == false) and nothing distributed happens.
struct DistEnvironment {
    bool present = false;
    int rank = 0, worldSize = 1, localRank = 0;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    // torchrun's agent already hosts the store (TORCHELASTIC_USE_AGENT_STORE): every rank is
    // a client under the prefix "/worker/attempt_<restart count>". Otherwise rank 0 hosts it.
    bool agentStore = false;
    int restartCount = 0;
};

// Reads RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT, TORCHELASTIC_USE_AGENT_STORE
// and TORCHELASTIC_RESTART_COUNT; throws InputError naming the variable when one is malformed
// or the rank is outside the world.
DistEnvironment distEnvironmentFromEnv();

// A c10d process failed (a rank died, the network broke, the timeout passed): the message
// says which rank saw it and what to look at.
class DistributedError : public std::runtime_error {
public:
    explicit DistributedError(const std::string& message) : std::runtime_error(message) {}
};

class ProcessGroup {
public:
    // Joins the group the environment describes; blocks until every rank joined or
    // `timeout` passed (DistributedError). The same timeout bounds every collective, so a
    // rank that dies makes the others stop with DistributedError instead of waiting forever.
    // InputError when this build has no Gloo (see docs/distributed.md). cudaTensors: the
    // gradients live on GPUs — with a NCCL build (ANCHORSCOPE_NCCL) they go through NCCL,
    // otherwise through Gloo like everything else.
    static std::unique_ptr<ProcessGroup> join(const DistEnvironment& env, std::chrono::milliseconds timeout,
                                              bool cudaTensors = false);
    ~ProcessGroup();

    int rank() const;
    int size() const;

    // Every rank's bytes, in rank order, on rank `root` (sizes may differ); empty elsewhere.
    std::vector<std::string> gather(const std::string& mine, int root = 0);
    // Element-wise sums over the ranks, in place (equal lengths on every rank).
    void allReduceSum(std::vector<double>& values);
    // Rank `root`'s bytes on every rank.
    std::string broadcast(const std::string& bytes, int root = 0);
    void barrier();

    struct Impl;
    Impl& impl() { return *impl_; }

private:
    explicit ProcessGroup(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Whether this build can join a process group (Gloo compiled in).
bool distributedAvailable();

// Contiguous shards of whole batches, the same on every rank: batches [0, ceil(n / batch))
// split into `world` runs as evenly as possible; rank r's images are [first, end). With
// whole batches each image meets the same batch neighbours as in a single-process run, so
// its scores are bit for bit the same.
struct ImageShard {
    size_t first = 0, end = 0;
};
ImageShard shardOfWholeBatches(size_t images, int batch, int rank, int world);

} // namespace anchorscope
