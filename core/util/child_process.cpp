// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/child_process.h"

#include "util/error.h"
#include "util/progress.h"

#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace anchorscope {

namespace {

// Appends what the pipe has; false at its end.
bool drain(int fd, std::string& into)
{
    char buf[4096];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
        into.append(buf, size_t(n));
        return true;
    }
    return n < 0 && (errno == EINTR || errno == EAGAIN);
}

} // namespace

std::string lastLine(const std::string& text)
{
    std::string s = text;
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    const size_t nl = s.rfind('\n');
    return nl == std::string::npos ? s : s.substr(nl + 1);
}

ChildResult runChild(const std::vector<std::string>& argv, const ProgressToken* progress)
{
    if (argv.empty())
        throw InputError("runChild: no program");
    int out[2], err[2];
    if (pipe(out) != 0)
        throw InputError("cannot start " + argv[0] + ": no pipe");
    if (pipe(err) != 0) {
        close(out[0]);
        close(out[1]);
        throw InputError("cannot start " + argv[0] + ": no pipe");
    }
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0)
        throw InputError("cannot start " + argv[0]);
    if (pid == 0) { // the child: only async-signal-safe calls until exec
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        close(out[0]);
        close(err[0]);
        execv(args[0], args.data());
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    ChildResult r;
    bool outOpen = true, errOpen = true;
    while (outOpen || errOpen) {
        pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
        const int ready = poll(fds, 2, 200); // wake up now and then to look at Cancel
        if (progress && progress->isCancelled()) {
            kill(pid, SIGTERM);
            close(out[0]);
            close(err[0]);
            while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
            }
            throw CancelledError();
        }
        if (ready <= 0)
            continue;
        if (outOpen && (fds[0].revents & (POLLIN | POLLHUP)))
            outOpen = drain(out[0], r.out);
        if (errOpen && (fds[1].revents & (POLLIN | POLLHUP)))
            errOpen = drain(err[0], r.err);
    }
    close(out[0]);
    close(err[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

} // namespace anchorscope
