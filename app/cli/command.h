// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The frame every anchorscope-cli command runs in: option parsing, --help, progress on
// stderr, Ctrl-C → cancel, and one place that turns errors into messages and exit codes
// (0 ok, 1 bad input or failure, 2 bad usage, 130 cancelled).
#include "args.h"

#include "util/progress.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace anchorscope::cli {

struct CommandContext {
    const Args& args;
    ProgressToken& progress;
    bool json = false;
    std::string commandLine; // "anchorscope-cli <command> <args…>", for provenance
};

struct Command {
    std::string name;
    std::string summary;
    std::vector<OptionSpec> options;
    std::function<int(CommandContext&)> run;
};

int runCommand(const Command& cmd, const std::vector<std::string>& argv);

// Prints a JSON object on stdout (one line).
void printJson(const nlohmann::json& j);
// A command's result: one line with --json, else indented for reading.
void printResult(const CommandContext& ctx, const nlohmann::json& j);

// Commands (one file each).
Command makeDatasetCommand();
Command evalDetectionsCommand();
Command convertDatasetCommand();
Command simulateDetectionsCommand();
Command costCommand();
Command trainCommand();
Command detectCommand();
Command evaluateCommand();
Command searchCommand();
Command importPredictionsCommand();
Command pruneCommand();
Command retrainCommand();
Command exportCommand();
Command importTorchvisionCommand();
Command calibrateLatencyCommand();
Command analyzeCommand();
Command validateCommand();
Command demoCommand();
Command reportCommand();

} // namespace anchorscope::cli
