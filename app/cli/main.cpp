// SPDX-License-Identifier: GPL-3.0-or-later
// anchorscope-cli: every job of the application without a window.
#include "command.h"

#include <csignal>
#include <iostream>

using namespace anchorscope::cli;

namespace {

std::vector<Command> allCommands()
{
    return {makeDatasetCommand(), simulateDetectionsCommand(), evalDetectionsCommand(), convertDatasetCommand(), costCommand(), trainCommand(), detectCommand(), evaluateCommand(), searchCommand(), importPredictionsCommand(), pruneCommand(), retrainCommand(), exportCommand(), importTorchvisionCommand(), calibrateLatencyCommand(), analyzeCommand(), validateCommand(), demoCommand(), reportCommand()};
}

void printUsage(std::ostream& out)
{
    out << "usage: anchorscope-cli <command> [options]\n"
           "       anchorscope-cli <command> --help\n\n"
           "Anchorscope " ANCHORSCOPE_VERSION " — anchor pruning for one-stage object detectors.\n\ncommands:\n";
    for (const auto& c : allCommands()) {
        std::string name = "  " + c.name;
        name.resize(22, ' ');
        out << name << c.summary.substr(0, c.summary.find('\n')) << "\n";
    }
    out << "\nglobal options: --help, --version\n";
}

} // namespace

int main(int argc, char** argv)
{
    // Past a file-size limit (ulimit -f, quota-like setups) a write should fail with EFBIG and
    // be reported, not kill the process with SIGXFSZ halfway through.
    std::signal(SIGXFSZ, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printUsage(std::cerr);
        return 2;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printUsage(std::cout);
        return 0;
    }
    if (args[0] == "--version") {
        std::cout << "anchorscope-cli " ANCHORSCOPE_VERSION "\n";
        return 0;
    }
    for (const auto& c : allCommands())
        if (c.name == args[0])
            return runCommand(c, std::vector<std::string>(args.begin() + 1, args.end()));
    std::cerr << "anchorscope-cli: unknown command '" << args[0] << "'\n\n";
    printUsage(std::cerr);
    return 2;
}
