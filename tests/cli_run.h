// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Running anchorscope-cli (or torchrun, or the window) from a test: the one helper every
// suite that drives a command line uses.
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <vector>

namespace testutil {

// One finished run: exit code (-1 when it crashed or did not finish), stdout, stderr.
struct CliRun {
    int code = -1;
    bool crashed = false; // killed by a signal, or still running at the timeout
    QString out, err;
    double seconds = 0; // from the start to the end of the wait
    // The whole of stdout as JSON (a command's --json output), or a discarded value.
    nlohmann::json outJson() const { return nlohmann::json::parse(out.toStdString(), nullptr, false); }
    // The last line of stdout as JSON (the commands' --json summary), or null.
    nlohmann::json lastJson() const
    {
        const QStringList lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        return lines.isEmpty() ? nlohmann::json() : nlohmann::json::parse(lines.last().toStdString(), nullptr, false);
    }
    // Every stdout line that is a JSON object (one per rank, per configuration, ...).
    std::vector<nlohmann::json> jsonLines() const
    {
        std::vector<nlohmann::json> all;
        for (const QString& l : out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            if (l.startsWith(QLatin1Char('{')))
                all.push_back(nlohmann::json::parse(l.toStdString(), nullptr, false));
        return all;
    }
};

// How the child is started.
struct CliSetup {
    QString program = QStringLiteral(ANCHORSCOPE_CLI);
    QMap<QString, QString> env; // added to (or replacing in) the test's environment
    QStringList unset;          // removed from it
    // Runs in the child between fork and exec (resource limits, another user).
    std::function<void()> childModifier;
    int timeoutMs = 300000;
};

// Starts a child (the caller finishes it with finishCli; several may run at once).
inline QProcess* startCli(const QStringList& args, const CliSetup& setup = {})
{
    auto* p = new QProcess;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& k : setup.unset)
        env.remove(k);
    for (auto it = setup.env.begin(); it != setup.env.end(); ++it)
        env.insert(it.key(), it.value());
    p->setProcessEnvironment(env);
    if (setup.childModifier)
        p->setChildProcessModifier(setup.childModifier);
    p->start(setup.program, args);
    return p;
}

// Waits for a child started by startCli, collects what it wrote and deletes it.
inline CliRun finishCli(QProcess* p, int timeoutMs = 300000,
                        std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now())
{
    p->waitForFinished(timeoutMs);
    CliRun r;
    r.crashed = p->state() != QProcess::NotRunning || p->exitStatus() != QProcess::NormalExit;
    if (p->state() != QProcess::NotRunning) {
        p->kill();
        p->waitForFinished(10000);
    }
    r.code = r.crashed ? -1 : p->exitCode();
    r.out = QString::fromUtf8(p->readAllStandardOutput());
    r.err = QString::fromUtf8(p->readAllStandardError());
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    delete p;
    return r;
}

inline CliRun runCli(const QStringList& args, const CliSetup& setup = {})
{
    const auto started = std::chrono::steady_clock::now();
    return finishCli(startCli(args, setup), setup.timeoutMs, started);
}

inline CliRun runCli(const QStringList& args, int timeoutMs)
{
    CliSetup setup;
    setup.timeoutMs = timeoutMs;
    return runCli(args, setup);
}

} // namespace testutil
