// SPDX-License-Identifier: GPL-3.0-or-later
#include "command.h"

#include "util/error.h"

#include <csignal>
#include <cstdio>
#include <iostream>

namespace anchorscope::cli {

namespace {

ProgressToken* g_activeToken = nullptr;

void onSignal(int)
{
    if (g_activeToken)
        g_activeToken->cancel(); // atomic store: async-signal-safe
}

} // namespace

void printJson(const nlohmann::json& j)
{
    std::cout << j.dump() << std::endl;
}

int runCommand(const Command& cmd, const std::vector<std::string>& argv)
{
    Args args(cmd.name, cmd.summary, cmd.options);
    if (!args.parse(argv)) {
        std::cerr << "anchorscope-cli " << cmd.name << ": " << args.error() << "\n"
                  << "Try 'anchorscope-cli " << cmd.name << " --help'.\n";
        return 2;
    }
    if (args.helpRequested()) {
        std::cout << args.helpText();
        return 0;
    }
    ProgressToken token;
    const bool json = args.flag("json");
    int lastPercent = -1;
    std::string lastWhat;
    token.setCallback([&](double f, const std::string& what) {
        const int p = int(f * 100.0);
        if (p == lastPercent && what == lastWhat)
            return;
        lastPercent = p;
        lastWhat = what;
        std::fprintf(stderr, "\r[%3d%%] %-40s", p, what.c_str());
        if (p >= 100)
            std::fprintf(stderr, "\n");
        std::fflush(stderr);
    });
    g_activeToken = &token;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    CommandContext ctx{args, token, json};
    int rc = 1;
    try {
        rc = cmd.run(ctx);
    } catch (const CancelledError&) {
        std::cerr << "\nanchorscope-cli " << cmd.name << ": cancelled\n";
        rc = 130;
    } catch (const InputError& e) {
        std::cerr << "\nanchorscope-cli " << cmd.name << ": error: " << e.what() << "\n";
        rc = 1;
    } catch (const std::exception& e) {
        std::cerr << "\nanchorscope-cli " << cmd.name << ": internal error: " << e.what() << "\n";
        rc = 1;
    }
    g_activeToken = nullptr;
    return rc;
}

} // namespace anchorscope::cli
