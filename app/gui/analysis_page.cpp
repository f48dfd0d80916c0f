// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis_page.h"

#include "box_distribution_plot.h"
#include "redundancy_heatmap.h"
#include "session_controller.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <utility>

namespace anchorscope {

AnalysisPage::AnalysisPage(SessionController* controller, QWidget* parent)
    : QWidget(parent), c_(controller), analyzeButton_(new QPushButton(tr("Analyze"), this)), info_(new QLabel(this)),
      stack_(new QStackedWidget(this)), heatmap_(new RedundancyHeatmap(this)), distribution_(new BoxDistributionPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    auto spin = [this](double value, const QString& tip) {
        auto* s = new QDoubleSpinBox(this);
        s->setRange(0.0, 1.0);
        s->setSingleStep(0.05);
        s->setDecimals(2);
        s->setValue(value);
        s->setToolTip(tip);
        return s;
    };
    tau_ = spin(0.5, tr("IoU at which a candidate of anchor j covers one of anchor i"));
    alpha_ = spin(0.5, tr("a covering candidate needs at least this share of the covered one's score"));
    score_ = spin(0.3, tr("confidence threshold for the candidates analysed"));
    bar->addWidget(new QLabel(tr("τ (IoU):"), this));
    bar->addWidget(tau_);
    bar->addWidget(new QLabel(tr("α (score share):"), this));
    bar->addWidget(alpha_);
    bar->addWidget(new QLabel(tr("score ≥"), this));
    bar->addWidget(score_);
    bar->addWidget(analyzeButton_);
    bar->addWidget(info_, 1);
    layout->addLayout(bar);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(heatmap_);
    split->addWidget(distribution_);
    split->setStretchFactor(1, 1);
    // Until the first analysis: what the view will show and how to get it, not empty axes.
    auto* hint = new QLabel(tr("<p><b>No analysis yet.</b></p><p>The analysis shows which anchors predict what other "
                               "anchors already predict (the redundancy heatmap, with the AP each anchor's removal "
                               "costs) and the boxes each anchor predicts against its prior and the ground truth.</p>"
                               "<p>Open a session, then press <i>Analyze</i>, or the inspect button of an anchor in "
                               "the pruning view.</p>"),
                            this);
    hint->setObjectName(QStringLiteral("analysisHint"));
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    hint->setMargin(40);
    stack_->addWidget(hint);
    stack_->addWidget(split);
    layout->addWidget(stack_, 1);
    analyzeButton_->setEnabled(false);
    info_->setText(tr("Analyze the session to see which anchors duplicate which."));
    connect(analyzeButton_, &QPushButton::clicked, this, &AnalysisPage::analyze);
    connect(heatmap_, &RedundancyHeatmap::cellClicked, this, [this](int i, int j) {
        distribution_->showAnchors(i == j ? QVector<int>{i} : QVector<int>{i, j});
        info_->setText(tr("anchor %1 covered by anchor %2: %3 of its confident candidates")
                           .arg(i)
                           .arg(j)
                           .arg(heatmap_->value(i, j), 0, 'f', 2));
    });
    connect(distribution_, &BoxDistributionPlot::selectionChanged, this,
            [this](const QVector<int>& ids) { Q_EMIT anchorsChosen(std::vector<int>(ids.begin(), ids.end())); });
    connect(c_, &SessionController::sessionReady, this, [this](bool ok) {
        analyzeButton_->setEnabled(ok || c_->hasSession());
        if (ok)
            stack_->setCurrentIndex(0); // the new session is not analysed yet
    });
    connect(c_, &SessionController::analysisReady, this, &AnalysisPage::show);
    connect(c_, &SessionController::analysisFinished, this, [this](bool ok) {
        if (!ok)
            pendingInspect_.clear();
    });
}

void AnalysisPage::analyze()
{
    AnalysisOptions o;
    o.tau = float(tau_->value());
    o.alpha = float(alpha_->value());
    o.score = float(score_->value());
    c_->runAnalysis(o);
}

void AnalysisPage::inspect(const std::vector<int>& ids)
{
    const QVector<int> anchors(ids.begin(), ids.end());
    if (distribution_->hasData()) {
        distribution_->showAnchors(anchors);
    } else if (c_->hasSession()) {
        pendingInspect_ = anchors;
        analyze();
    }
}

void AnalysisPage::show(std::shared_ptr<const AnalysisView> v)
{
    stack_->setCurrentIndex(1);
    heatmap_->setMatrix(int(v->deltaAp.size()), v->redundancy, v->levelStarts);
    heatmap_->setDeltaAp(v->deltaAp);
    distribution_->setData(v->anchors, v->groundTruth, v->levels);
    if (!pendingInspect_.isEmpty())
        distribution_->showAnchors(std::exchange(pendingInspect_, {}));
    info_->setText(tr("baseline AP %1 · best-possible recall of the anchors %2 · click a cell to compare two anchors")
                       .arg(v->baselineAp, 0, 'f', 4)
                       .arg(v->bestPossibleRecall, 0, 'f', 3));
}

} // namespace anchorscope
