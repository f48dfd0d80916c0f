// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs core jobs on one worker thread (torch-heavy jobs are serialised by construction),
// modelled on QGIS QgsTask and Hotspot's job tracker: each job reports progress through a
// core ProgressToken, can be cancelled, and delivers its result on the GUI thread — unless a
// newer job with the same key superseded it, in which case the result is dropped. Every
// exception is caught at the job boundary and reported as a message.
#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <map>
#include <memory>

namespace anchorscope {

class ProgressToken;

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    // `work` runs on the worker thread; `done` on the GUI thread if the job completed and is
    // still current, `failed` (with the message) if it threw, `cancelled` if it was cancelled
    // or superseded. Returns the job id.
    int submit(const QString& title, const QString& key, std::function<void(ProgressToken&)> work,
               std::function<void()> done, std::function<void(const QString&)> failed = {},
               std::function<void()> cancelled = {});
    void cancel(int jobId);
    void cancelAll();
    bool isBusy() const { return !jobs_.empty(); }
    int currentJob() const { return current_; }

Q_SIGNALS:
    void jobStarted(int jobId, const QString& title);
    void jobProgress(int jobId, double fraction, const QString& what);
    void jobFinished(int jobId);
    void jobFailed(int jobId, const QString& message);
    void jobCancelled(int jobId);
    void idle();

private:
    struct Job;
    void deliver(int jobId, int outcome, const QString& message);

    QThread thread_;
    QObject* worker_;
    std::map<int, std::shared_ptr<Job>> jobs_;
    std::map<QString, int> latestByKey_;
    int nextId_ = 1;
    int current_ = 0;
};

} // namespace anchorscope
