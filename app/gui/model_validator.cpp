// SPDX-License-Identifier: GPL-3.0-or-later
#include "model_validator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

namespace anchorscope {

namespace {
constexpr int kTimeoutMs = 300000; // a large model's forward pass on a slow machine
}

ModelValidator::ModelValidator(QObject* parent) : QObject(parent)
{
    program_ = qEnvironmentVariable("ANCHORSCOPE_CLI");
    if (program_.isEmpty()) {
        const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("anchorscope-cli"));
        program_ = QFileInfo(beside).isExecutable() ? beside : QStandardPaths::findExecutable(QStringLiteral("anchorscope-cli"));
    }
}

QString ModelValidator::fileKey(const QString& path)
{
    const QFileInfo fi(path);
    return fi.absoluteFilePath() + QLatin1Char('|') + QString::number(fi.size()) + QLatin1Char('|')
           + QString::number(fi.lastModified().toMSecsSinceEpoch());
}

void ModelValidator::validate(const QString& modelPath, std::function<void()> onValid,
                              std::function<void(const QString&)> onInvalid)
{
    const QString key = fileKey(modelPath);
    if (validated_.value(key)) {
        QTimer::singleShot(0, this, [onValid]() { onValid(); });
        return;
    }
    if (program_.isEmpty()) {
        QTimer::singleShot(0, this, [onInvalid]() {
            onInvalid(tr("anchorscope-cli was not found, so the model cannot be checked safely before it is "
                         "opened. Install it beside the application or set ANCHORSCOPE_CLI."));
        });
        return;
    }
    auto* process = new QProcess(this);
    process->setProgram(program_);
    process->setArguments({QStringLiteral("validate"), QStringLiteral("--model"), modelPath});
    process->setProcessChannelMode(QProcess::SeparateChannels);
    auto* timer = new QTimer(process);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, process, [process]() { process->kill(); });
    auto done = std::make_shared<bool>(false);
    connect(process, &QProcess::finished, this,
            [this, process, key, onValid, onInvalid, done, timer](int code, QProcess::ExitStatus status) {
                if (*done)
                    return;
                *done = true;
                const bool timedOut = !timer->isActive() && status == QProcess::CrashExit;
                timer->stop();
                QString err = QString::fromUtf8(process->readAllStandardError()).trimmed();
                process->deleteLater();
                // The CLI's own prefix says nothing to someone using the window.
                const QString prefix = QStringLiteral("anchorscope-cli validate: error: ");
                const int at = err.lastIndexOf(prefix);
                if (at >= 0)
                    err = err.mid(at + prefix.size());
                if (status == QProcess::NormalExit && code == 0) {
                    validated_.insert(key, true);
                    onValid();
                } else if (timedOut) {
                    onInvalid(tr("checking the model took longer than %1 s and was stopped").arg(kTimeoutMs / 1000));
                } else if (status == QProcess::CrashExit) {
                    onInvalid(tr("the model crashed the process that checked it, so it was not opened "
                                 "(it would have taken Anchorscope down). It may be damaged or made for "
                                 "another version of LibTorch."));
                } else {
                    onInvalid(err.isEmpty() ? tr("the model is not valid (exit code %1)").arg(code) : err);
                }
            });
    connect(process, &QProcess::errorOccurred, this, [this, process, onInvalid, done](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart || *done)
            return; // crashes and timeouts arrive through finished()
        *done = true;
        process->deleteLater();
        onInvalid(tr("cannot start %1 to check the model: %2").arg(program_, process->errorString()));
    });
    ++started_;
    timer->start(kTimeoutMs);
    process->start();
}

} // namespace anchorscope
