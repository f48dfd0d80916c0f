// SPDX-License-Identifier: GPL-3.0-or-later
// The c10d process group behind ProcessGroup: torchrun's TCPStore (or one hosted by rank 0
// when ranks are started by hand), a Gloo group on it, and byte/double/tensor collectives
// that turn every c10d failure into a DistributedError naming this rank.
#include "dist/process_group.h"
#include "dist/process_group_torch.h"

#include "util/error.h"

#include <cstdlib>
#include <cstring>
#include <functional>

#ifdef ANCHORSCOPE_WITH_GLOO
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#ifdef ANCHORSCOPE_WITH_NCCL // a CUDA LibTorch with NCCL (never built here: Debian's has neither)
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace anchorscope {

#ifdef ANCHORSCOPE_WITH_GLOO

struct ProcessGroup::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroup> pg;      // Gloo: bytes, counts, CPU tensors
    c10::intrusive_ptr<c10d::ProcessGroup> tensors; // the gradients' group: NCCL for CUDA tensors, else pg
    int rank = 0, size = 1;
    std::chrono::milliseconds timeout{0};

    [[noreturn]] void fail(const std::string& what, const std::exception& e) const
    {
        std::string first = e.what();
        first = first.substr(0, first.find('\n'));
        throw DistributedError("rank " + std::to_string(rank) + " of " + std::to_string(size) + ": " + what
                               + " failed (" + first + "): another rank stopped (see its own output) or the network "
                               "failed; --dist-timeout bounds the wait");
    }
    void run(const std::string& what, const std::function<c10::intrusive_ptr<c10d::Work>()>& start) const
    {
        try {
            auto work = start();
            work->wait(timeout);
        } catch (const DistributedError&) {
            throw;
        } catch (const std::exception& e) {
            fail(what, e);
        }
    }
};

bool distributedAvailable() { return true; }

std::unique_ptr<ProcessGroup> ProcessGroup::join(const DistEnvironment& env, std::chrono::milliseconds timeout,
                                                 bool cudaTensors)
{
    (void)cudaTensors; // used with NCCL only
    auto impl = std::make_unique<Impl>();
    impl->rank = env.rank;
    impl->size = env.worldSize;
    impl->timeout = timeout;
    try {
        c10d::TCPStoreOptions o;
        o.port = uint16_t(env.masterPort);
        o.isServer = !env.agentStore && env.rank == 0;
        o.numWorkers = env.worldSize;
        o.waitWorkers = false;
        o.timeout = timeout;
        impl->store = c10::make_intrusive<c10d::TCPStore>(env.masterAddr, o);
        if (env.agentStore)
            impl->store = c10::make_intrusive<c10d::PrefixStore>("/worker/attempt_" + std::to_string(env.restartCount),
                                                                impl->store);
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        const char* iface = std::getenv("GLOO_SOCKET_IFNAME");
        options->devices.push_back(iface && *iface ? c10d::ProcessGroupGloo::createDeviceForInterface(iface)
                                                   : c10d::ProcessGroupGloo::createDefaultDevice());
        impl->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, env.rank, env.worldSize, options);
        impl->tensors = impl->pg;
#ifdef ANCHORSCOPE_WITH_NCCL
        if (cudaTensors) {
            auto nccl = c10d::ProcessGroupNCCL::Options::create();
            nccl->timeout = timeout;
            impl->tensors = c10::make_intrusive<c10d::ProcessGroupNCCL>(
                c10::make_intrusive<c10d::PrefixStore>("nccl", impl->store), env.rank, env.worldSize, nccl);
        }
#endif
    } catch (const std::exception& e) {
        impl->fail("joining the process group at " + env.masterAddr + ":" + std::to_string(env.masterPort), e);
    }
    return std::unique_ptr<ProcessGroup>(new ProcessGroup(std::move(impl)));
}

std::vector<std::string> ProcessGroup::gather(const std::string& mine, int root)
{
    Impl& d = *impl_;
    // Gloo gathers equal sizes: every rank learns the longest, pads to it, the root trims.
    std::vector<at::Tensor> in{at::full({1}, int64_t(mine.size()), at::kLong)};
    std::vector<std::vector<at::Tensor>> sizes(1);
    for (int r = 0; r < d.size; ++r)
        sizes[0].push_back(at::zeros({1}, at::kLong));
    d.run("gathering sizes", [&] { return d.pg->allgather(sizes, in); });
    int64_t longest = 1;
    for (const auto& t : sizes[0])
        longest = std::max(longest, t.item<int64_t>());
    std::vector<at::Tensor> bytes{at::zeros({longest}, at::kByte)};
    std::memcpy(bytes[0].data_ptr(), mine.data(), mine.size());
    std::vector<std::vector<at::Tensor>> all;
    if (d.rank == root) {
        all.resize(1);
        for (int r = 0; r < d.size; ++r)
            all[0].push_back(at::zeros({longest}, at::kByte));
    }
    c10d::GatherOptions o;
    o.rootRank = root;
    d.run("gathering results", [&] { return d.pg->gather(all, bytes, o); });
    std::vector<std::string> out;
    if (d.rank == root)
        for (int r = 0; r < d.size; ++r)
            out.emplace_back(static_cast<const char*>(all[0][size_t(r)].data_ptr()), size_t(sizes[0][size_t(r)].item<int64_t>()));
    return out;
}

void ProcessGroup::allReduceSum(std::vector<double>& values)
{
    std::vector<at::Tensor> t{at::from_blob(values.data(), {int64_t(values.size())}, at::kDouble).clone()};
    impl_->run("summing over the ranks", [&] { return impl_->pg->allreduce(t); });
    std::memcpy(values.data(), t[0].data_ptr(), values.size() * sizeof(double));
}

std::string ProcessGroup::broadcast(const std::string& bytes, int root)
{
    Impl& d = *impl_;
    c10d::BroadcastOptions o;
    o.rootRank = root;
    std::vector<at::Tensor> size{at::full({1}, int64_t(bytes.size()), at::kLong)};
    d.run("broadcasting a size", [&] { return d.pg->broadcast(size, o); });
    std::vector<at::Tensor> data{at::zeros({std::max<int64_t>(1, size[0].item<int64_t>())}, at::kByte)};
    if (d.rank == root)
        std::memcpy(data[0].data_ptr(), bytes.data(), bytes.size());
    d.run("broadcasting", [&] { return d.pg->broadcast(data, o); });
    return std::string(static_cast<const char*>(data[0].data_ptr()), size_t(size[0].item<int64_t>()));
}

void ProcessGroup::barrier()
{
    impl_->run("waiting for every rank", [&] { return impl_->pg->barrier(); });
}

namespace {

// One flat buffer for a collective over many tensors (one bucket: one exchange per step),
// then the results copied back into the tensors.
void overOneBucket(const std::vector<at::Tensor>& tensors, const std::function<void(at::Tensor&)>& collective)
{
    if (tensors.empty())
        return;
    std::vector<at::Tensor> flat;
    for (const auto& t : tensors)
        flat.push_back(t.reshape({-1}));
    at::Tensor bucket = at::cat(flat);
    collective(bucket);
    int64_t at = 0;
    for (const auto& t : tensors) {
        t.copy_(bucket.narrow(0, at, t.numel()).view_as(t));
        at += t.numel();
    }
}

} // namespace

void allReduceMean(ProcessGroup& group, const std::vector<at::Tensor>& tensors)
{
    ProcessGroup::Impl& d = group.impl();
    overOneBucket(tensors, [&](at::Tensor& bucket) {
        std::vector<at::Tensor> one{bucket};
        d.run("averaging gradients", [&] { return d.tensors->allreduce(one); });
        bucket.div_(double(d.size));
    });
}

void broadcastTensors(ProcessGroup& group, const std::vector<at::Tensor>& tensors, int root)
{
    ProcessGroup::Impl& d = group.impl();
    c10d::BroadcastOptions o;
    o.rootRank = root;
    overOneBucket(tensors, [&](at::Tensor& bucket) {
        std::vector<at::Tensor> one{bucket};
        d.run("broadcasting parameters", [&] { return d.tensors->broadcast(one, o); });
    });
}

#else // no Gloo in this build

struct ProcessGroup::Impl {
    int rank = 0, size = 1;
};

bool distributedAvailable() { return false; }

std::unique_ptr<ProcessGroup> ProcessGroup::join(const DistEnvironment&, std::chrono::milliseconds, bool)
{
    throw InputError("this build cannot join a process group: it was built without Gloo (install libgloo-dev and "
                     "rebuild; docs/distributed.md)");
}
std::vector<std::string> ProcessGroup::gather(const std::string& mine, int) { return {mine}; }
void ProcessGroup::allReduceSum(std::vector<double>&) {}
std::string ProcessGroup::broadcast(const std::string& bytes, int) { return bytes; }
void ProcessGroup::barrier() {}
void allReduceMean(ProcessGroup&, const std::vector<at::Tensor>&) {}
void broadcastTensors(ProcessGroup&, const std::vector<at::Tensor>&, int) {}

#endif

ProcessGroup::ProcessGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ProcessGroup::~ProcessGroup() = default;
int ProcessGroup::rank() const { return impl_->rank; }
int ProcessGroup::size() const { return impl_->size; }

} // namespace anchorscope
