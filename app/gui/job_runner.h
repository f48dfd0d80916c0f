// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs core jobs on one worker thread (torch-heavy jobs are serialised by construction),
// modelled on QGIS QgsTask and Hotspot's job tracker: each job reports progress through a
// core ProgressToken, can be cancelled, and delivers its result on the GUI thread — unless a
// newer job with the same key superseded it, in which case the result is dropped. Every
// exception is caught at the job boundary and reported as a message.
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace anchorscope {

class ProgressToken;

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    // Typed jobs. `work(ProgressToken&)` runs on the worker thread and returns the result
    // (or nothing); `done(result)` runs on the GUI thread if the job completed and is still
    // current, `failed(message)` if it threw, `cancelled()` if it was cancelled or superseded
    // by a newer job with the same key — each only while `context` still exists, so a
    // callback never reaches a receiver that is gone. Returns the job id.
    template <typename Work, typename Done>
    int submit(const QString& title, const QString& key, QObject* context, Work work, Done done,
               std::function<void(const QString&)> failed = {}, std::function<void()> cancelled = {})
    {
        using R = std::invoke_result_t<Work&, ProgressToken&>;
        QPointer<QObject> ctx(context);
        auto guarded = [ctx](auto f) {
            return [ctx, f = std::move(f)](auto&&... args) {
                if (ctx && f)
                    f(std::forward<decltype(args)>(args)...);
            };
        };
        if constexpr (std::is_void_v<R>) {
            return enqueue(title, key, std::move(work), guarded(std::function<void()>(std::move(done))),
                           guarded(std::move(failed)), guarded(std::move(cancelled)));
        } else {
            // The result travels inside the job, from the worker to the GUI thread.
            auto result = std::make_shared<std::optional<R>>();
            return enqueue(
                title, key, [result, w = std::move(work)](ProgressToken& t) mutable { result->emplace(w(t)); },
                [ctx, result, d = std::move(done)]() mutable {
                    if (ctx && result->has_value())
                        d(std::move(**result));
                },
                guarded(std::move(failed)), guarded(std::move(cancelled)));
        }
    }
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
    int enqueue(const QString& title, const QString& key, std::function<void(ProgressToken&)> work,
                std::function<void()> done, std::function<void(const QString&)> failed, std::function<void()> cancelled);
    void deliver(int jobId, int outcome, const QString& message);

    QThread thread_;
    QObject* worker_;
    std::map<int, std::shared_ptr<Job>> jobs_;
    std::map<QString, int> latestByKey_;
    int nextId_ = 1;
    int current_ = 0;
};

} // namespace anchorscope
