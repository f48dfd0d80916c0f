// SPDX-License-Identifier: GPL-3.0-or-later
#include "command.h"

#include "dist/process_group.h"
#include "util/error.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace anchorscope::cli {

namespace {

ProgressToken* g_activeToken = nullptr;

void onSignal(int)
{
    if (g_activeToken)
        g_activeToken->cancel(); // atomic store: async-signal-safe
}

} // namespace

void printResult(const CommandContext& ctx, const nlohmann::json& j)
{
    if (ctx.json)
        printJson(j);
    else
        std::cout << j.dump(1) << "\n";
}

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
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    auto lastUnknown = std::chrono::steady_clock::time_point{};
    token.setCallback([&](double f, const std::string& what) {
        if (f < 0) { // size unknown: say how far it got, on a log at most every 5 s
            const auto now = std::chrono::steady_clock::now();
            if (!tty && now - lastUnknown < std::chrono::seconds(5))
                return;
            lastUnknown = now;
            std::fprintf(stderr, tty ? "\r[ .. ] %-60s" : "[ .. ] %s\n", what.c_str());
            std::fflush(stderr);
            return;
        }
        // On a terminal: one line rewritten in place; in logs: a line per 10% step.
        const int p = tty ? int(f * 100.0) : int(f * 10.0) * 10;
        if (p == lastPercent && what == lastWhat)
            return;
        lastPercent = p;
        lastWhat = what;
        if (tty)
            std::fprintf(stderr, "\r[%3d%%] %-40s%s", p, what.c_str(), p >= 100 ? "\n" : "");
        else
            std::fprintf(stderr, "[%3d%%] %s\n", p, what.c_str());
        std::fflush(stderr);
    });
    g_activeToken = &token;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    CommandContext ctx{args, token, json, "anchorscope-cli " + cmd.name};
    for (const std::string& arg : argv)
        ctx.commandLine += " " + arg;
    int rc = 1;
    try {
        rc = cmd.run(ctx);
    } catch (const CancelledError&) {
        std::cerr << "\nanchorscope-cli " << cmd.name << ": cancelled\n";
        rc = 130;
    } catch (const InputError& e) {
        std::cerr << "\nanchorscope-cli " << cmd.name << ": error: " << e.what() << "\n";
        rc = 1;
    } catch (const DistributedError& e) {
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
