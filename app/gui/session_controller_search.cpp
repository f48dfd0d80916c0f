// SPDX-License-Identifier: GPL-3.0-or-later
// The current configuration: evaluating one, searching (nodes handed to the pages live, with
// their validation statistics as they enter the front), validating the front and the current
// configuration, selecting a search node (the recommended one after a search), the latency
// model behind the latency objective.
#include "session_controller.h"

#include "job_runner.h"

#include "util/progress.h"

#include <QMetaObject>
#include <QPointer>

#include <cmath>

namespace anchorscope {

void SessionController::showResult(const ConfigResult& r)
{
    current_ = r;
    currentValidationKnown_ = false;
    currentValidation_ = {};
    // A validated front point brings its interval; anything else is validated by a job.
    if (session_ && session_->search && selectedNode_ >= 0 && selectedNode_ < int(session_->search->nodes.size())) {
        const SearchNode& n = session_->search->nodes[size_t(selectedNode_)];
        if (n.validation && n.validation->hasInterval && n.result.config.removed == r.config.removed) {
            currentValidation_ = *n.validation;
            currentValidationKnown_ = true;
        }
    }
    Q_EMIT resultChanged(current_);
    Q_EMIT validationChanged();
    if (!currentValidationKnown_ && hasValidation())
        validateCurrent();
}

void SessionController::validateCurrent()
{
    auto session = session_;
    const Configuration c = current_.config;
    jobs_->submit(
        tr("Validating the configuration"), QStringLiteral("validate"), this,
        [session, c](ProgressToken& t) {
            t.checkCancelled();
            return toNodeValidation(session->validationBootstrap(BootstrapOptions{}).interval(c));
        },
        [this, c](NodeValidation v) {
            if (current_.config.removed != c.removed)
                return; // another configuration is current by now
            currentValidation_ = v;
            currentValidationKnown_ = true;
            Q_EMIT validationChanged();
        },
        [this](const QString& msg) { fail(tr("Validation failed"), msg); });
}

int SessionController::recommendedNode() const
{
    return session_ && session_->search ? session_->search->recommended : -1;
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
    // refine after a finished search completes that search's front (its seed); on another
    // objective or drop the front is not the same question, and refine seeds itself.
    std::shared_ptr<const SearchResult> seed;
    if (o.strategy == "refine" && session->search && session->search->objective == o.objective
        && std::abs(session->search->baselineAp - session->search->minAp - o.maxDrop) < 1e-9)
        seed = session->search;
    QPointer<SessionController> self(this);
    Q_EMIT searchStarted();
    jobs_->submit(
        tr("Searching (%1)").arg(strategy), QStringLiteral("search"), this,
        [session, o, seed, self](ProgressToken& t) mutable {
            o.seedFront = seed.get();
            NodeCallback live = [self](const SearchNode& n) {
                QMetaObject::invokeMethod(self, [self, n]() { // live while the search runs
                    if (self)
                        Q_EMIT self->searchNode(n);
                });
            };
            if (session->validationEvaluator) // each point entering the front, on the validation images
                live = liveValidation(*session->validationEvaluator, session->validationBaseline, o.maxDrop, live);
            SearchResult r = runSearch(*session->evaluator, o, &t, live);
            if (session->validationEvaluator)
                validateFront(r, session->validationBootstrap(BootstrapOptions{}), session->validationDescription, &t);
            return r;
        },
        [this, session](SearchResult r) {
            session->search = std::make_shared<const SearchResult>(std::move(r));
            const SearchResult& s = *session->search;
            QString validated;
            if (s.validation)
                validated = s.recommended >= 0
                                ? tr("; recommended: node %1 (validated on %2 images)").arg(s.recommended).arg(s.validation->images)
                                : tr("; no point keeps the promise on the %1 validation images").arg(s.validation->images);
            else
                validated = tr("; unvalidated (this session has no validation images)");
            Q_EMIT statusMessage(tr("%1 configurations evaluated, %2 on the front, hypervolume %3")
                                     .arg(s.nodes.size())
                                     .arg(s.front.size())
                                     .arg(s.hypervolume, 0, 'g', 4)
                                 + validated);
            Q_EMIT searchFinished(true);
            selectNode(s.recommended >= 0 ? s.recommended : 0); // the recommendation, selected by default
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
    return r.stats[statIndex(metric_)];
}

} // namespace anchorscope
