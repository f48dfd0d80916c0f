// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Progress reporting and cooperative cancellation for every long core job.
// Plain C++ (no Qt): the GUI adapts it to signals, the CLI prints to stderr, tests poll it.
#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>

namespace anchorscope {

// Thrown by ProgressToken::checkCancelled(); jobs let it propagate to their boundary.
class CancelledError : public std::runtime_error {
public:
    CancelledError() : std::runtime_error("cancelled") {}
};

class ProgressToken {
public:
    // fraction in [0, 1], or negative when the job cannot know its size (a search without a
    // budget): then `what` says how far it got; `what` says what the job is doing right now.
    using Callback = std::function<void(double fraction, const std::string& what)>;

    ProgressToken() = default;
    explicit ProgressToken(Callback cb) : callback_(std::move(cb)) {}
    ProgressToken(const ProgressToken&) = delete;
    ProgressToken& operator=(const ProgressToken&) = delete;

    void setCallback(Callback cb) { callback_ = std::move(cb); }
    void report(double fraction, const std::string& what) const
    {
        if (callback_)
            callback_(fraction, what);
    }

    // Safe to call from any thread.
    void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return cancelled_.load(std::memory_order_relaxed); }
    void checkCancelled() const
    {
        if (isCancelled())
            throw CancelledError();
    }

private:
    Callback callback_;
    std::atomic<bool> cancelled_{false};
};

// Reported as the fraction of a job whose size is unknown.
constexpr double kUnknownFraction = -1.0;

// Helpers for jobs that accept an optional token.
inline void reportProgress(const ProgressToken* token, double fraction, const std::string& what)
{
    if (token)
        token->report(fraction, what);
}
inline void checkCancelled(const ProgressToken* token)
{
    if (token)
        token->checkCancelled();
}

} // namespace anchorscope
