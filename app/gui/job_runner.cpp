// SPDX-License-Identifier: GPL-3.0-or-later
#include "job_runner.h"

#include "models/detector.h"
#include "models/tensor_block_cache.h"
#include "util/error.h"
#include "util/progress.h"

#include <QMetaObject>
#include <QPointer>

namespace anchorscope {

struct JobRunner::Job {
    int id = 0;
    QString title, key;
    std::function<void(ProgressToken&)> work;
    std::function<void()> done;
    std::function<void(const QString&)> failed;
    std::function<void()> cancelled;
    ProgressToken token;
};

namespace {
enum Outcome { Finished, Failed, Cancelled };

// Library errors (LibTorch's c10::Error) append a C++ stack trace to their message: the
// user gets the sentence, not the frames.
QString userMessage(const char* what)
{
    std::string s(what);
    for (const char* marker : {"\nframe #", "\nException raised from"}) {
        const size_t cut = s.find(marker);
        if (cut != std::string::npos)
            s.resize(cut);
    }
    return QString::fromStdString(s);
}
} // namespace

JobRunner::JobRunner(QObject* parent) : QObject(parent), worker_(new QObject)
{
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.setObjectName(QStringLiteral("anchorscope-jobs"));
    thread_.start();
    QMetaObject::invokeMethod(worker_, []() { configureThreads(2); });
}

JobRunner::~JobRunner()
{
    cancelAll();
    thread_.quit();
    thread_.wait();
}

int JobRunner::enqueue(const QString& title, const QString& key, std::function<void(ProgressToken&)> work,
                       std::function<void()> done, std::function<void(const QString&)> failed,
                       std::function<void()> cancelled)
{
    auto job = std::make_shared<Job>();
    job->id = nextId_++;
    job->title = title;
    job->key = key;
    job->work = std::move(work);
    job->done = std::move(done);
    job->failed = std::move(failed);
    job->cancelled = std::move(cancelled);
    if (!key.isEmpty()) {
        auto it = latestByKey_.find(key);
        if (it != latestByKey_.end())
            cancel(it->second); // superseded
        latestByKey_[key] = job->id;
    }
    jobs_[job->id] = job;
    QPointer<JobRunner> self(this);
    // Queued on the worker thread: jobs run one after another in submission order.
    QMetaObject::invokeMethod(worker_, [self, job]() {
        if (job->token.isCancelled()) {
            QMetaObject::invokeMethod(self, [self, job]() {
                if (self)
                    self->deliver(job->id, Cancelled, QString());
            });
            return;
        }
        QMetaObject::invokeMethod(self, [self, job]() {
            if (self) {
                self->current_ = job->id;
                Q_EMIT self->jobStarted(job->id, job->title);
            }
        });
        // The id only: the job owns its token, so capturing the job here would be a cycle.
        const int id = job->id;
        job->token.setCallback([self, id](double f, const std::string& what) {
            const QString w = QString::fromStdString(what);
            QMetaObject::invokeMethod(self, [self, id, f, w]() {
                if (self)
                    Q_EMIT self->jobProgress(id, f, w);
            });
        });
        int outcome = Finished;
        QString message;
        try {
            job->work(job->token);
            if (job->token.isCancelled())
                outcome = Cancelled;
        } catch (const CancelledError&) {
            outcome = Cancelled;
        } catch (const std::exception& e) {
            outcome = Failed;
            message = userMessage(e.what());
        } catch (...) {
            outcome = Failed;
            message = QStringLiteral("unknown error");
        }
        job->token.setCallback({});
        // The job's tensors are gone: an idle window holds no cached activation memory.
        releaseTensorBlockCache();
        QMetaObject::invokeMethod(self, [self, job, outcome, message]() {
            if (self)
                self->deliver(job->id, outcome, message);
        });
    });
    return job->id;
}

void JobRunner::deliver(int jobId, int outcome, const QString& message)
{
    auto it = jobs_.find(jobId);
    if (it == jobs_.end())
        return;
    const std::shared_ptr<Job> job = it->second;
    jobs_.erase(it);
    if (current_ == jobId)
        current_ = 0;
    const bool superseded = !job->key.isEmpty() && latestByKey_[job->key] != jobId;
    if (outcome == Finished && !superseded && !job->token.isCancelled()) {
        if (job->done)
            job->done();
        Q_EMIT jobFinished(jobId);
    } else if (outcome == Failed && !superseded) {
        if (job->failed)
            job->failed(message);
        Q_EMIT jobFailed(jobId, message);
    } else {
        if (job->cancelled)
            job->cancelled();
        Q_EMIT jobCancelled(jobId);
    }
    if (jobs_.empty())
        Q_EMIT idle();
}

void JobRunner::cancel(int jobId)
{
    auto it = jobs_.find(jobId);
    if (it != jobs_.end())
        it->second->token.cancel();
}

void JobRunner::cancelAll()
{
    for (auto& [id, job] : jobs_)
        job->token.cancel();
}

} // namespace anchorscope
