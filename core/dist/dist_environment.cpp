// SPDX-License-Identifier: GPL-3.0-or-later
// torchrun's environment and the sharding of a dataset over ranks (no torch needed).
#include "dist/process_group.h"

#include "util/error.h"

#include <algorithm>
#include <cstdlib>

namespace anchorscope {

namespace {

const char* env(const char* name)
{
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
}

int intFromEnv(const char* name, int fallback, int lowest)
{
    const char* v = env(name);
    if (!v)
        return fallback;
    char* end = nullptr;
    const long x = std::strtol(v, &end, 10);
    if (*end != '\0' || x < lowest || x > 1000000)
        throw InputError(std::string("the environment variable ") + name + " is '" + v + "', not a number >= "
                         + std::to_string(lowest));
    return int(x);
}

} // namespace

DistEnvironment distEnvironmentFromEnv()
{
    DistEnvironment e;
    if (!env("RANK") && !env("WORLD_SIZE"))
        return e;
    if (!env("RANK") || !env("WORLD_SIZE"))
        throw InputError("RANK and WORLD_SIZE must be set together (torchrun sets both)");
    e.present = true;
    e.rank = intFromEnv("RANK", 0, 0);
    e.worldSize = intFromEnv("WORLD_SIZE", 1, 1);
    e.localRank = intFromEnv("LOCAL_RANK", e.rank, 0);
    if (e.rank >= e.worldSize)
        throw InputError("RANK " + std::to_string(e.rank) + " is not below WORLD_SIZE " + std::to_string(e.worldSize));
    if (const char* a = env("MASTER_ADDR"))
        e.masterAddr = a;
    e.masterPort = intFromEnv("MASTER_PORT", e.masterPort, 1);
    if (e.masterPort > 65535)
        throw InputError("MASTER_PORT " + std::to_string(e.masterPort) + " is not a port");
    const char* agent = env("TORCHELASTIC_USE_AGENT_STORE");
    e.agentStore = agent && (std::string(agent) == "True" || std::string(agent) == "true" || std::string(agent) == "1");
    e.restartCount = intFromEnv("TORCHELASTIC_RESTART_COUNT", 0, 0);
    return e;
}

ImageShard shardOfWholeBatches(size_t images, int batch, int rank, int world)
{
    const size_t b = size_t(std::max(1, batch)), w = size_t(std::max(1, world)), r = size_t(std::max(0, rank));
    const size_t batches = (images + b - 1) / b;
    auto start = [&](size_t k) { return std::min(images, (batches * k / w) * b); };
    return {start(r), start(r + 1)};
}

} // namespace anchorscope
