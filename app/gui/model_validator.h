// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Validates model files in a child process (`anchorscope-cli validate`) before the window
// loads them: model files come from strangers, and a crash inside LibTorch or another
// library while reading one must take down the child, not the window. Asynchronous (the GUI
// thread never waits); a file that passed is remembered by path, size and modification time
// so it is not checked again.
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace anchorscope {

class ModelValidator : public QObject {
    Q_OBJECT
public:
    explicit ModelValidator(QObject* parent = nullptr);

    // The validating program: $ANCHORSCOPE_CLI, else anchorscope-cli beside this executable,
    // else on PATH. Tests may point it elsewhere.
    void setProgram(const QString& program) { program_ = program; }
    QString program() const { return program_; }

    // Calls exactly one of the callbacks later, on this thread. `onInvalid` gets a message
    // for the user.
    void validate(const QString& modelPath, std::function<void()> onValid, std::function<void(const QString&)> onInvalid);
    int processesStarted() const { return started_; }

private:
    static QString fileKey(const QString& path);

    QString program_;
    QHash<QString, bool> validated_; // fileKey → passed
    int started_ = 0;
};

} // namespace anchorscope
