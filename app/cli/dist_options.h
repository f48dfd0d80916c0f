// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The options and the environment of a distributed run (docs/distributed.md): under torchrun
// the commands that run a model over data join a process group; alone they run as before.
#include "args.h"

#include "dist/process_group.h"

#include <nlohmann/json.hpp>

#include <memory>

namespace anchorscope::cli {

OptionSpec distTimeoutOption();
OptionSpec deviceOption();

// The process group torchrun's environment describes (bounded by --dist-timeout), or null
// when the environment names none (a single process). `device`: where the model's tensors
// are (cuda: NCCL for them where the build has it).
std::unique_ptr<ProcessGroup> joinGroupFromArgs(const Args& a, const std::string& device = "cpu");

// Checks --device and makes it this process's device for models ("cpu" or "cuda[:N]";
// default cuda when this LibTorch has it, else cpu; under torchrun cuda:LOCAL_RANK).
// Throws InputError when CUDA is asked for and this build has none.
std::string deviceFromArgs(const Args& a);

// --threads for training: as given; 0 under torchrun: the machine's cores shared by the
// ranks on it (LOCAL_WORLD_SIZE), not all cores for each; 0 alone: 0 (all cores).
int trainingThreads(const Args& a);

// world_size and rank for a command's --json (1 and 0 without a group).
void addRankJson(nlohmann::json& j, const ProcessGroup* group);

} // namespace anchorscope::cli
