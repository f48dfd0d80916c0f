// SPDX-License-Identifier: GPL-3.0-or-later
#include "pruning_page.h"

#include "pareto_points.h"

#include "anchor_grid_view.h"
#include "session_controller.h"
#include "strategy_texts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace anchorscope {

PruningPage::PruningPage(SessionController* controller, QWidget* parent)
    : QWidget(parent), c_(controller), strategy_(new QComboBox(this)), searchButton_(new QPushButton(tr("Search"), this)),
      xAxis_(new QComboBox(this)), yAxis_(new QComboBox(this)), metrics_(new QLabel(this)), validation_(new QLabel(this)),
      errorBars_(new QCheckBox(tr("Error bars"), this)),
      grid_(new AnchorGridView(this)), pareto_(new ParetoPlot(this)), split_(new QSplitter(Qt::Horizontal, this))
{
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Strategy:"), this));
    for (const SearchStrategy* s : searchStrategies()) { // the registry, in its order (default first)
        strategy_->addItem(QString::fromLatin1(s->name));
        strategy_->setItemData(strategy_->count() - 1, strategyDescription(*s), Qt::ToolTipRole);
    }
    bar->addWidget(strategy_);
    bar->addWidget(searchButton_);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Cost:"), this));
    xAxis_->addItem(tr("head MACs"), int(Objective::Macs));
    xAxis_->addItem(tr("boxes"), int(Objective::Boxes));
    xAxis_->addItem(tr("latency"), int(Objective::Latency));
    bar->addWidget(xAxis_);
    bar->addWidget(new QLabel(tr("Accuracy:"), this));
    for (AccuracyMetric m : {AccuracyMetric::AP, AccuracyMetric::AP50})
        yAxis_->addItem(QString::fromStdString(toString(m)), int(m));
    bar->addWidget(yAxis_);
    bar->addSpacing(12);
    bar->addWidget(metrics_, 1);
    errorBars_->setChecked(true);
    errorBars_->setToolTip(tr("The 95 % paired bootstrap interval of each validated point's ΔAP, drawn around its validation marker"));
    bar->addWidget(errorBars_);
    layout->addLayout(bar);
    validation_->setWordWrap(true);
    validation_->setObjectName(QStringLiteral("validationText"));
    layout->addWidget(validation_);
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
        liveFront_ = IncrementalFront();
        shownFront_.clear();
        live_ = true;
        lastDraw_.invalidate();
        pareto_->setRecommended(-1);
        pareto_->setPoints({});
    });
    connect(c_, &SessionController::searchNode, this, &PruningPage::addLivePoint);
    connect(c_, &SessionController::searchFinished, this, [this]() {
        live_ = false;
        showSearchPoints();
    });
    connect(c_, &SessionController::validationChanged, this, &PruningPage::showValidation);
    connect(errorBars_, &QCheckBox::toggled, pareto_, &ParetoPlot::setErrorBarsVisible);
    showSettings();
}

QString PruningPage::metricsText() const { return metrics_->text(); }
QString PruningPage::validationText() const { return validation_->text(); }

namespace {

QString signedNumber(double v) { return (v < 0 ? QStringLiteral("−") : QStringLiteral("+")) + QString::number(std::abs(v), 'f', 4); }

} // namespace

// What the current configuration's validation says, in the words of docs/search.md: an
// interval that contains 0 is no measurable loss (and a gain on the search images is
// noise), one that reaches below −max drop may break the promise.
void PruningPage::showValidation()
{
    const auto session = c_->session();
    if (!session) {
        validation_->clear();
        return;
    }
    if (!c_->hasValidation()) {
        QString text = tr("Unvalidated: this session has no validation images, so AP differences of a few "
                          "thousandths may be noise and no point is recommended.");
        if (!session->validationNote.empty())
            text += QStringLiteral(" (") + QString::fromStdString(session->validationNote) + QStringLiteral(")");
        validation_->setText(text);
        return;
    }
    const int images = int(session->validationCache->images.size());
    if (!c_->currentValidationKnown()) {
        validation_->setText(tr("Validating on %1 images…").arg(images));
        return;
    }
    const NodeValidation& v = c_->currentValidation();
    const ConfigResult& r = c_->currentResult();
    if (r.config.removed.empty()) {
        validation_->setText(tr("Full model: AP %1 on %2 validation images.").arg(v.stats[0], 0, 'f', 4).arg(images));
        return;
    }
    QString verdict;
    switch (intervalVerdict(v.deltaApCi)) {
    case IntervalVerdict::NoMeasurableDifference:
        verdict = r.stats[0] > session->baseline.stats[0]
                      ? tr("no measurable loss; its gain on the search images is noise")
                      : tr("no measurable loss");
        break;
    case IntervalVerdict::MeasurableLoss:
        verdict = tr("a measurable loss");
        break;
    case IntervalVerdict::MeasurableGain:
        verdict = tr("a measurable gain over the full model");
        break;
    }
    const double maxDrop = c_->project().settings.maxDrop;
    if (v.deltaApCi[0] < -maxDrop)
        verdict += tr("; it may lose more than the allowed %1").arg(maxDrop);
    if (c_->selectedNode() >= 0 && c_->selectedNode() == c_->recommendedNode())
        verdict += tr(" · recommended");
    validation_->setText(tr("Validation: AP %1 · ΔAP %2 [%3, %4] on %5 validation images — %6")
                             .arg(v.stats[0], 0, 'f', 4)
                             .arg(signedNumber(v.deltaAp), signedNumber(v.deltaApCi[0]), signedNumber(v.deltaApCi[1]))
                             .arg(images)
                             .arg(verdict));
}

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
    showValidation();
}

ParetoPoint PruningPage::pointOf(const SearchNode& n) const
{
    return paretoPointOf(n, c_->relativeCost(n.result), c_->metric() == AccuracyMetric::AP50);
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
    pareto_->setRecommended(c_->recommendedNode());
    pareto_->setSelected(c_->selectedNode());
}

// A running search's node: its point, and the front of the points so far (core's
// IncrementalFront: a point at a time, not all points sorted again for every node of a
// search that makes tens of thousands) redrawn.
void PruningPage::addLivePoint(const SearchNode& n)
{
    livePoints_.push_back(pointOf(n));
    const ParetoPoint& p = livePoints_.back();
    liveFront_.add(size_t(livePoints_.size() - 1), p.cost, p.ap);
    for (size_t i : shownFront_)
        livePoints_[qsizetype(i)].onFront = false;
    shownFront_ = liveFront_.points();
    for (size_t i : shownFront_)
        livePoints_[qsizetype(i)].onFront = true;
    // Drawn at once, then at most every 50 ms: nodes arrive in bursts of hundreds, and
    // drawing all points for each held the GUI thread for seconds (tests/test_responsiveness).
    constexpr qint64 kRedrawMs = 50;
    auto draw = [this]() {
        redrawPending_ = false;
        if (!live_)
            return; // the search ended: showSearchPoints drew its points
        pareto_->setPoints(livePoints_);
        pareto_->setBaseline(0);
        lastDraw_.start();
    };
    if (redrawPending_)
        return;
    if (!lastDraw_.isValid() || lastDraw_.elapsed() >= kRedrawMs) {
        draw();
        return;
    }
    redrawPending_ = true;
    QTimer::singleShot(kRedrawMs - lastDraw_.elapsed(), this, draw);
}

} // namespace anchorscope
