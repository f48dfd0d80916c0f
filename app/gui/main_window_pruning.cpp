// SPDX-License-Identifier: GPL-3.0-or-later
// The pruning view: anchor grid, Pareto frontier, metrics of the current configuration and
// the search.
#include "main_window.h"

#include "anchor_grid_view.h"
#include "detection_view.h"
#include "job_runner.h"
#include "pareto_plot.h"
#include "pruning_session.h"

#include "util/progress.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace anchorscope {

void MainWindow::buildPruningTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Strategy:"), page));
    strategy_->addItems({QStringLiteral("paper"), QStringLiteral("ranked"), QStringLiteral("greedy"), QStringLiteral("layerwise"),
                         QStringLiteral("shared"), QStringLiteral("exhaustive")});
    bar->addWidget(strategy_);
    bar->addWidget(searchButton_);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Cost:"), page));
    xAxis_->addItem(tr("head MACs"), QStringLiteral("macs"));
    xAxis_->addItem(tr("boxes"), QStringLiteral("boxes"));
    xAxis_->addItem(tr("latency"), QStringLiteral("latency"));
    bar->addWidget(xAxis_);
    bar->addWidget(new QLabel(tr("Accuracy:"), page));
    yAxis_->addItem(QStringLiteral("AP"), QStringLiteral("AP"));
    yAxis_->addItem(QStringLiteral("AP50"), QStringLiteral("AP50"));
    bar->addWidget(yAxis_);
    bar->addSpacing(12);
    bar->addWidget(metrics_, 1);
    layout->addLayout(bar);
    split_ = new QSplitter(Qt::Horizontal, page);
    split_->setObjectName(QStringLiteral("pruningSplitter"));
    split_->addWidget(grid_);
    split_->addWidget(pareto_);
    split_->setStretchFactor(1, 1);
    split_->setSizes({380, 880});
    layout->addWidget(split_, 1);
    searchButton_->setEnabled(false);
    metrics_->setText(tr("No configuration yet."));
    metrics_->setWordWrap(true);
    connect(searchButton_, &QPushButton::clicked, this, [this]() { startSearch(strategy_->currentText()); });
    connect(grid_, &AnchorGridView::removedChanged, this, [this](const std::vector<int>& removed) { setConfiguration(removed); });
    connect(pareto_, &ParetoPlot::nodeClicked, this, &MainWindow::selectNode);
    auto axesChanged = [this]() {
        pareto_->setAxisLabels(tr("%1 relative to the full model").arg(xAxis_->currentText()), yAxis_->currentText());
        if (session_ && xAxis_->currentData().toString() == QStringLiteral("latency") && !session_->latency)
            calibrateLatency(); // the axis needs this machine's latency model first
        else if (session_)
            showSearchPoints();
    };
    connect(xAxis_, &QComboBox::currentIndexChanged, this, axesChanged);
    connect(yAxis_, &QComboBox::currentIndexChanged, this, axesChanged);
    axesChanged();
    tabs_->addTab(page, tr("Pruning"));
}

bool MainWindow::hasSearch() const { return session_ && session_->search; }

double MainWindow::relativeCost(const ConfigResult& r) const
{
    if (!session_)
        return 1.0;
    if (xAxis_->currentData().toString() == QStringLiteral("latency")) {
        if (!session_->latency)
            return 1.0;
        const LatencyModel& m = *session_->latency;
        const double full = m.predict(double(session_->baseline.boxes), session_->baseline.candidatesPerImage);
        return full > 0 ? m.predict(double(r.boxes), r.candidatesPerImage) / full : 1.0;
    }
    const bool boxes = xAxis_->currentData().toString() == QStringLiteral("boxes");
    const double full = boxes ? double(session_->baseline.boxes) : double(session_->baseline.headMacs);
    return full > 0 ? (boxes ? double(r.boxes) : double(r.headMacs)) / full : 1.0;
}

double MainWindow::metricOf(const ConfigResult& r) const
{
    return yAxis_->currentData().toString() == QStringLiteral("AP50") ? r.stats[1] : r.stats[0];
}

ParetoPoint MainWindow::pointOf(const SearchNode& n) const
{
    return {n.index, relativeCost(n.result), metricOf(n.result), n.onFront, QString::fromStdString(n.result.config.toString())};
}

// All points of the current search (or the baseline alone), with baseline and selection.
void MainWindow::showSearchPoints()
{
    QVector<ParetoPoint> pts;
    if (session_->search)
        for (const auto& n : session_->search->nodes)
            pts.push_back(pointOf(n));
    else
        pts.push_back({0, relativeCost(session_->baseline), metricOf(session_->baseline), true, QString()});
    pareto_->setPoints(pts);
    pareto_->setBaseline(0);
    pareto_->setSelected(selectedNode_);
}

void MainWindow::addLivePoint(const SearchNode& n)
{
    livePoints_.push_back(pointOf(n));
    std::vector<std::pair<double, double>> costAp;
    costAp.reserve(size_t(livePoints_.size()));
    for (auto& p : livePoints_) {
        costAp.emplace_back(p.cost, p.ap);
        p.onFront = false;
    }
    for (size_t i : nondominated(costAp))
        livePoints_[qsizetype(i)].onFront = true;
    pareto_->setPoints(livePoints_);
    pareto_->setBaseline(0);
}

void MainWindow::showSession()
{
    const PredictionCache& c = *session_->cache;
    grid_->setAnchors(c.meta.anchors, c.meta.sharedHead);
    grid_->setInactiveAnchors(session_->inactiveAnchors());
    selectedNode_ = 0;
    showSearchPoints();
    searchButton_->setEnabled(true);
    analyzeButton_->setEnabled(true);
    retrainButton_->setEnabled(!project_.model.empty());
    showResult(session_->baseline);
    statusLabel_->setText(tr("%1 images, %2 candidates above %3, %4 anchors%5")
                              .arg(c.images.size())
                              .arg(c.numCandidates())
                              .arg(double(c.threshold))
                              .arg(c.meta.anchors.numAnchors())
                              .arg(session_->cacheBuilt ? tr(" (prediction cache computed)") : QString()));
}

void MainWindow::showResult(const ConfigResult& r)
{
    current_ = r;
    const double base = session_ ? session_->baseline.stats[0] : r.stats[0];
    metrics_->setText(tr("AP %1 (Δ %2) · AP50 %3 · head MACs %4% · boxes %5 · %6 anchors removed")
                          .arg(r.stats[0], 0, 'f', 4)
                          .arg(r.stats[0] - base, 0, 'f', 4)
                          .arg(r.stats[1], 0, 'f', 4)
                          .arg(100.0 * double(r.headMacs) / double(std::max<int64_t>(1, session_ ? session_->baseline.headMacs : r.headMacs)), 0, 'f', 1)
                          .arg(r.boxes)
                          .arg(r.config.removed.size()));
    if (session_ && detections_->hasImage())
        showImage(detections_->currentIndex()); // the detections view follows the selection
    if (session_ && tabs_->currentIndex() == MetricsTab)
        refreshMetrics();
}

void MainWindow::setConfiguration(const std::vector<int>& removed)
{
    if (!session_)
        return;
    auto session = session_;
    auto result = std::make_shared<ConfigResult>();
    const Configuration c{removed};
    jobs_->submit(
        tr("Evaluating configuration"), QStringLiteral("evaluate"),
        [session, result, c](ProgressToken& t) {
            t.checkCancelled();
            *result = session->evaluator->evaluate(c);
        },
        [this, result]() {
            selectedNode_ = -1;
            pareto_->setSelected(-1);
            showResult(*result);
            Q_EMIT configurationEvaluated();
        },
        [this](const QString& msg) { reportError(tr("Invalid configuration"), msg); });
}

void MainWindow::startSearch(const QString& strategy)
{
    if (!session_)
        return;
    strategy_->setCurrentText(strategy);
    auto session = session_;
    auto result = std::make_shared<SearchResult>();
    livePoints_.clear();
    pareto_->setPoints({});
    QPointer<MainWindow> self(this);
    const std::string s = strategy.toStdString();
    const QString axis = xAxis_->currentData().toString();
    const Objective objective = axis == QStringLiteral("boxes")     ? Objective::Boxes
                                : axis == QStringLiteral("latency") ? Objective::Latency
                                                                    : Objective::Macs;
    const double maxDrop = project_.settings.maxDrop;
    jobs_->submit(
        tr("Searching (%1)").arg(strategy), QStringLiteral("search"),
        [session, result, s, self, objective, maxDrop](ProgressToken& t) {
            SearchOptions o;
            o.strategy = s;
            o.objective = objective;
            o.maxDrop = maxDrop;
            *result = runSearch(*session->evaluator, o, &t, [self](const SearchNode& n) {
                QMetaObject::invokeMethod(self, [self, n]() { // live while the search runs
                    if (self)
                        self->addLivePoint(n);
                });
            });
        },
        [this, session, result]() {
            session->search = result;
            selectedNode_ = 0;
            showSearchPoints();
            statusLabel_->setText(tr("%1 configurations evaluated, %2 on the front, hypervolume %3")
                                      .arg(result->nodes.size())
                                      .arg(result->front.size())
                                      .arg(result->hypervolume, 0, 'g', 4));
            Q_EMIT searchFinished(true);
        },
        [this](const QString& msg) {
            reportError(tr("Search failed"), msg);
            Q_EMIT searchFinished(false);
        },
        [this]() { Q_EMIT searchFinished(false); });
}

void MainWindow::calibrateLatency()
{
    if (!session_)
        return;
    auto session = session_;
    auto model = std::make_shared<LatencyModel>();
    jobs_->submit(
        tr("Calibrating the post-processing latency of this machine"), QStringLiteral("latency"),
        [session, model](ProgressToken& t) {
            const PredictionCache& c = *session->cache;
            *model = anchorscope::calibrateLatency(session->evaluator->settings(), c.meta.numClasses, 5, &t);
            session->evaluator->setLatencyModel(*model);
        },
        [this, session, model]() {
            session->latency = model;
            project_.latencyModel = model->toJson();
            if (session == session_)
                showSearchPoints();
            statusLabel_->setText(tr("Latency model: %1 ms + %2 µs per box + %3 µs per candidate")
                                      .arg(model->a, 0, 'f', 3)
                                      .arg(model->b * 1000, 0, 'f', 4)
                                      .arg(model->c * 1000, 0, 'f', 4));
            Q_EMIT latencyCalibrated(true);
        },
        [this](const QString& msg) {
            reportError(tr("Latency calibration failed"), msg);
            Q_EMIT latencyCalibrated(false);
        },
        [this]() { Q_EMIT latencyCalibrated(false); });
}

void MainWindow::selectNode(int node)
{
    if (!session_ || !session_->search || node < 0 || node >= int(session_->search->nodes.size()))
        return;
    const SearchNode& n = session_->search->nodes[size_t(node)];
    selectedNode_ = node;
    pareto_->setSelected(node);
    grid_->setRemoved(n.result.config.removed);
    showResult(n.result);
    Q_EMIT configurationSelected(n.result.config.removed);
}

} // namespace anchorscope
