// SPDX-License-Identifier: GPL-3.0-or-later
#include "pruning_page.h"

#include "anchor_grid_view.h"
#include "session_controller.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QVBoxLayout>

namespace anchorscope {

PruningPage::PruningPage(SessionController* controller, QWidget* parent)
    : QWidget(parent), c_(controller), strategy_(new QComboBox(this)), searchButton_(new QPushButton(tr("Search"), this)),
      xAxis_(new QComboBox(this)), yAxis_(new QComboBox(this)), metrics_(new QLabel(this)),
      grid_(new AnchorGridView(this)), pareto_(new ParetoPlot(this)), split_(new QSplitter(Qt::Horizontal, this))
{
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Strategy:"), this));
    strategy_->addItems({QStringLiteral("paper"), QStringLiteral("ranked"), QStringLiteral("greedy"), QStringLiteral("layerwise"),
                         QStringLiteral("shared"), QStringLiteral("exhaustive")});
    bar->addWidget(strategy_);
    bar->addWidget(searchButton_);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Cost:"), this));
    xAxis_->addItem(tr("head MACs"), int(Objective::Macs));
    xAxis_->addItem(tr("boxes"), int(Objective::Boxes));
    xAxis_->addItem(tr("latency"), int(Objective::Latency));
    bar->addWidget(xAxis_);
    bar->addWidget(new QLabel(tr("Accuracy:"), this));
    yAxis_->addItem(QStringLiteral("AP"), int(AccuracyMetric::AP));
    yAxis_->addItem(QStringLiteral("AP50"), int(AccuracyMetric::AP50));
    bar->addWidget(yAxis_);
    bar->addSpacing(12);
    bar->addWidget(metrics_, 1);
    layout->addLayout(bar);
    split_->setObjectName(QStringLiteral("pruningSplitter"));
    split_->addWidget(grid_);
    split_->addWidget(pareto_);
    split_->setStretchFactor(1, 1);
    split_->setSizes({380, 880});
    layout->addWidget(split_, 1);
    searchButton_->setEnabled(false);
    metrics_->setText(tr("No configuration yet."));
    metrics_->setWordWrap(true);

    connect(searchButton_, &QPushButton::clicked, this, [this]() { c_->startSearch(strategy_->currentText()); });
    connect(strategy_, &QComboBox::currentTextChanged, c_, &SessionController::setStrategy);
    connect(grid_, &AnchorGridView::removedChanged, c_, &SessionController::setConfiguration);
    connect(pareto_, &ParetoPlot::nodeClicked, c_, &SessionController::selectNode);
    connect(xAxis_, &QComboBox::currentIndexChanged, this,
            [this]() { c_->setObjective(Objective(xAxis_->currentData().toInt())); });
    connect(yAxis_, &QComboBox::currentIndexChanged, this,
            [this]() { c_->setMetric(AccuracyMetric(yAxis_->currentData().toInt())); });
    connect(c_, &SessionController::sessionReady, this, &PruningPage::sessionReady);
    connect(c_, &SessionController::settingsChanged, this, &PruningPage::showSettings);
    connect(c_, &SessionController::resultChanged, this, &PruningPage::showResult);
    connect(c_, &SessionController::searchStarted, this, [this]() {
        livePoints_.clear();
        pareto_->setPoints({});
    });
    connect(c_, &SessionController::searchNode, this, &PruningPage::addLivePoint);
    connect(c_, &SessionController::searchFinished, this, [this]() { showSearchPoints(); });
    showSettings();
}

QString PruningPage::metricsText() const { return metrics_->text(); }

void PruningPage::sessionReady(bool ok)
{
    if (!ok)
        return;
    const PredictionCache& c = *c_->session()->cache;
    grid_->setAnchors(c.meta.anchors, c.meta.sharedHead);
    grid_->setInactiveAnchors(c_->session()->inactiveAnchors());
    searchButton_->setEnabled(true);
    showSearchPoints();
}

void PruningPage::showSettings()
{
    const QSignalBlocker a(strategy_), b(xAxis_), d(yAxis_);
    strategy_->setCurrentText(c_->strategy());
    xAxis_->setCurrentIndex(std::max(0, xAxis_->findData(int(c_->objective()))));
    yAxis_->setCurrentIndex(std::max(0, yAxis_->findData(int(c_->metric()))));
    pareto_->setAxisLabels(tr("%1 relative to the full model").arg(xAxis_->currentText()), yAxis_->currentText());
    if (c_->hasSession())
        showSearchPoints();
}

void PruningPage::showResult(const ConfigResult& r)
{
    const auto session = c_->session();
    const ConfigResult& base = session ? session->baseline : r;
    metrics_->setText(tr("AP %1 (Δ %2) · AP50 %3 · head MACs %4% · boxes %5 · %6 anchors removed")
                          .arg(r.stats[0], 0, 'f', 4)
                          .arg(r.stats[0] - base.stats[0], 0, 'f', 4)
                          .arg(r.stats[1], 0, 'f', 4)
                          .arg(100.0 * double(r.headMacs) / double(std::max<int64_t>(1, base.headMacs)), 0, 'f', 1)
                          .arg(r.boxes)
                          .arg(r.config.removed.size()));
    if (grid_->removed() != r.config.removed)
        grid_->setRemoved(r.config.removed);
    pareto_->setSelected(c_->selectedNode());
}

ParetoPoint PruningPage::pointOf(const SearchNode& n) const
{
    return {n.index, c_->relativeCost(n.result), c_->metricOf(n.result), n.onFront,
            QString::fromStdString(n.result.config.toString())};
}

// All points of the current search (or the baseline alone), with baseline and selection.
void PruningPage::showSearchPoints()
{
    const auto session = c_->session();
    if (!session)
        return;
    QVector<ParetoPoint> pts;
    if (session->search)
        for (const auto& n : session->search->nodes)
            pts.push_back(pointOf(n));
    else
        pts.push_back({0, c_->relativeCost(session->baseline), c_->metricOf(session->baseline), true, QString()});
    pareto_->setPoints(pts);
    pareto_->setBaseline(0);
    pareto_->setSelected(c_->selectedNode());
}

// A running search's node: its point, and the front of the points so far (core) redrawn.
void PruningPage::addLivePoint(const SearchNode& n)
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

} // namespace anchorscope
