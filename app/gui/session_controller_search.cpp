// SPDX-License-Identifier: GPL-3.0-or-later
// The current configuration: evaluating one, searching (nodes handed to the pages live),
// selecting a search node, the latency model behind the latency objective.
#include "session_controller.h"

#include "job_runner.h"

#include "util/progress.h"

#include <QMetaObject>
#include <QPointer>

namespace anchorscope {

void SessionController::showResult(const ConfigResult& r)
{
    current_ = r;
    Q_EMIT resultChanged(current_);
}

void SessionController::setConfiguration(const std::vector<int>& removed)
{
    if (!session_)
        return;
    auto session = session_;
    const Configuration c{removed};
    jobs_->submit(
        tr("Evaluating configuration"), QStringLiteral("evaluate"), this,
        [session, c](ProgressToken& t) {
            t.checkCancelled();
            return session->evaluator->evaluate(c);
        },
        [this](ConfigResult r) {
            selectedNode_ = -1;
            showResult(r);
            Q_EMIT configurationEvaluated();
        },
        [this](const QString& msg) { fail(tr("Invalid configuration"), msg); });
}

void SessionController::startSearch(const QString& strategy)
{
    if (!session_)
        return;
    strategy_ = strategy;
    auto session = session_;
    SearchOptions o;
    o.strategy = strategy.toStdString();
    o.objective = objective_;
    o.maxDrop = project_.settings.maxDrop;
    QPointer<SessionController> self(this);
    Q_EMIT searchStarted();
    jobs_->submit(
        tr("Searching (%1)").arg(strategy), QStringLiteral("search"), this,
        [session, o, self](ProgressToken& t) {
            return runSearch(*session->evaluator, o, &t, [self](const SearchNode& n) {
                QMetaObject::invokeMethod(self, [self, n]() { // live while the search runs
                    if (self)
                        Q_EMIT self->searchNode(n);
                });
            });
        },
        [this, session](SearchResult r) {
            session->search = std::make_shared<const SearchResult>(std::move(r));
            selectedNode_ = 0;
            const SearchResult& s = *session->search;
            Q_EMIT statusMessage(tr("%1 configurations evaluated, %2 on the front, hypervolume %3")
                                     .arg(s.nodes.size())
                                     .arg(s.front.size())
                                     .arg(s.hypervolume, 0, 'g', 4));
            Q_EMIT searchFinished(true);
        },
        [this](const QString& msg) {
            fail(tr("Search failed"), msg);
            Q_EMIT searchFinished(false);
        },
        [this]() {
            Q_EMIT statusMessage(tr("Cancelled."));
            Q_EMIT searchFinished(false);
        });
}

void SessionController::selectNode(int node)
{
    if (!session_ || !session_->search || node < 0 || node >= int(session_->search->nodes.size()))
        return;
    const SearchNode& n = session_->search->nodes[size_t(node)];
    selectedNode_ = node;
    showResult(n.result);
    Q_EMIT configurationSelected(n.result.config.removed);
}

void SessionController::calibrateLatency()
{
    if (!session_)
        return;
    auto session = session_;
    jobs_->submit(
        tr("Calibrating the post-processing latency of this machine"), QStringLiteral("latency"), this,
        [session](ProgressToken& t) {
            const PredictionCache& c = *session->cache;
            LatencyModel m = anchorscope::calibrateLatency(session->evaluator->settings(), c.meta.numClasses, 5, &t);
            session->evaluator->setLatencyModel(m);
            return m;
        },
        [this, session](LatencyModel m) {
            session->latency = std::make_shared<const LatencyModel>(m);
            project_.latencyModel = m.toJson();
            Q_EMIT statusMessage(tr("Latency model: %1 ms + %2 µs per box + %3 µs per candidate")
                                     .arg(m.a, 0, 'f', 3)
                                     .arg(m.b * 1000, 0, 'f', 4)
                                     .arg(m.c * 1000, 0, 'f', 4));
            Q_EMIT latencyCalibrated(true);
            Q_EMIT settingsChanged(); // the cost axis can show latency now
        },
        [this](const QString& msg) {
            fail(tr("Latency calibration failed"), msg);
            Q_EMIT latencyCalibrated(false);
        },
        [this]() { Q_EMIT latencyCalibrated(false); });
}

void SessionController::cancelCurrentJob()
{
    if (jobs_->currentJob())
        jobs_->cancel(jobs_->currentJob());
}

void SessionController::setObjective(Objective o)
{
    objective_ = o;
    if (session_ && o == Objective::Latency && !session_->latency)
        calibrateLatency(); // the axis needs this machine's latency model first
    Q_EMIT settingsChanged();
}

void SessionController::setMetric(AccuracyMetric m)
{
    metric_ = m;
    Q_EMIT settingsChanged();
}

double SessionController::relativeCost(const ConfigResult& r) const
{
    if (!session_ || (objective_ == Objective::Latency && !session_->latency))
        return 1.0;
    return relativeObjectiveCost(r, session_->baseline, objective_, session_->latency.get());
}

double SessionController::metricOf(const ConfigResult& r) const
{
    return metric_ == AccuracyMetric::AP50 ? r.stats[1] : r.stats[0];
}

} // namespace anchorscope
