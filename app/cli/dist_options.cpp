// SPDX-License-Identifier: GPL-3.0-or-later
#include "dist_options.h"

#include "models/detector.h"
#include "util/error.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <iostream>

namespace anchorscope::cli {

OptionSpec distTimeoutOption()
{
    return {"dist-timeout", "SECONDS",
            "under torchrun: how long to wait for the other ranks (joining, each exchange) before stopping with an "
            "error",
            false, "1800"};
}

OptionSpec deviceOption()
{
    return {"device", "DEVICE", "cpu or cuda (default: cuda when this build has it, else cpu)", false, ""};
}

std::unique_ptr<ProcessGroup> joinGroupFromArgs(const Args& a, const std::string& device)
{
    const DistEnvironment env = distEnvironmentFromEnv();
    if (!env.present)
        return nullptr;
    const double seconds = a.getDouble("dist-timeout");
    if (!(seconds > 0))
        throw InputError("--dist-timeout must be a positive number of seconds");
    auto group = ProcessGroup::join(env, std::chrono::milliseconds(static_cast<long long>(seconds * 1000)),
                                    device.rfind("cuda", 0) == 0);
    std::cerr << "rank " << group->rank() << " of " << group->size() << " joined the process group at "
              << env.masterAddr << ":" << env.masterPort << "\n";
    return group;
}

std::string deviceFromArgs(const Args& a)
{
    const DistEnvironment env = distEnvironmentFromEnv();
    std::string d = a.get("device");
    if (d.empty())
        d = cudaAvailable() ? "cuda" : "cpu";
    if (d == "cuda" && env.present)
        d = "cuda:" + std::to_string(env.localRank); // one GPU per local rank, as torchrun expects
    checkDevice(d); // InputError for an unknown device or CUDA in a CPU-only build
    return d;
}

int trainingThreads(const Args& a)
{
    const int requested = int(a.getInt("threads"));
    const char* local = std::getenv("LOCAL_WORLD_SIZE");
    if (requested > 0 || !distEnvironmentFromEnv().present || !local)
        return requested;
    const int ranks = std::max(1, std::atoi(local));
    return std::max(1, int(std::thread::hardware_concurrency()) / ranks);
}

void addRankJson(nlohmann::json& j, const ProcessGroup* group)
{
    j["world_size"] = group ? group->size() : 1;
    j["rank"] = group ? group->rank() : 0;
}

} // namespace anchorscope::cli
