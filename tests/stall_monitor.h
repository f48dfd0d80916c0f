// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How long the GUI thread's event loop went without running: a timer ticking every few
// milliseconds on the thread it lives on records the longest gap between two ticks, phase
// by phase. Work done on the GUI thread (a page computing, a slot sorting a search's nodes)
// shows as a gap; work on the job thread does not.
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace testutil {

class StallMonitor : public QObject {
public:
    struct Phase {
        QString name;
        qint64 longestGapMs = 0;
        int ticks = 0;
    };

    explicit StallMonitor(int intervalMs = 5)
    {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(intervalMs);
        connect(&timer_, &QTimer::timeout, this, [this]() {
            const qint64 now = clock_.elapsed();
            if (!phases_.empty()) {
                phases_.back().longestGapMs = std::max(phases_.back().longestGapMs, now - lastTick_);
                ++phases_.back().ticks;
            }
            lastTick_ = now;
        });
    }

    // Ends the current phase (if any) and starts measuring the next.
    void begin(const QString& name)
    {
        if (!timer_.isActive()) {
            clock_.start();
            timer_.start();
        }
        lastTick_ = clock_.elapsed();
        phases_.push_back({name, 0, 0});
    }

    // Stops; the phases measured, in order.
    std::vector<Phase> finish()
    {
        timer_.stop();
        return phases_;
    }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 lastTick_ = 0;
    std::vector<Phase> phases_;
};

} // namespace testutil
