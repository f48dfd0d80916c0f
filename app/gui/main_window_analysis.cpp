// SPDX-License-Identifier: GPL-3.0-or-later
// The analysis view: the redundancy heatmap with leave-one-out ΔAP bars, and the per-anchor
// box distributions. analyzeCache (core) runs in a job; the job also turns its result into
// what the widgets draw.
#include "main_window.h"

#include "anchor_grid_view.h"
#include "box_distribution_plot.h"
#include "job_runner.h"
#include "pruning_session.h"
#include "redundancy_heatmap.h"

#include "analysis/anchor_analysis.h"
#include "util/progress.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>

#include <utility>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace anchorscope {

struct AnalysisView {
    QVector<double> redundancy, deltaAp;
    QVector<int> levelStarts;
    QVector<AnchorDistribution> anchors;
    QVector<QPointF> groundTruth;
    int levels = 0;
    double baselineAp = 0, bestPossibleRecall = 0;
};

void MainWindow::buildAnalysisTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* bar = new QHBoxLayout;
    auto spin = [page](double value, const QString& tip) {
        auto* s = new QDoubleSpinBox(page);
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
    bar->addWidget(new QLabel(tr("τ (IoU):"), page));
    bar->addWidget(tau_);
    bar->addWidget(new QLabel(tr("α (score share):"), page));
    bar->addWidget(alpha_);
    bar->addWidget(new QLabel(tr("score ≥"), page));
    bar->addWidget(score_);
    bar->addWidget(analyzeButton_);
    bar->addWidget(analysisInfo_, 1);
    layout->addLayout(bar);
    auto* split = new QSplitter(Qt::Horizontal, page);
    split->addWidget(heatmap_);
    split->addWidget(distribution_);
    split->setStretchFactor(1, 1);
    // Until the first analysis: what the view will show and how to get it, not empty axes.
    auto* hint = new QLabel(tr("<p><b>No analysis yet.</b></p><p>The analysis shows which anchors predict what other "
                               "anchors already predict (the redundancy heatmap, with the AP each anchor's removal "
                               "costs) and the boxes each anchor predicts against its prior and the ground truth.</p>"
                               "<p>Open a session, then press <i>Analyze</i>, or the inspect button of an anchor in "
                               "the pruning view.</p>"),
                            page);
    hint->setObjectName(QStringLiteral("analysisHint"));
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    hint->setMargin(40);
    analysisStack_ = new QStackedWidget(page);
    analysisStack_->addWidget(hint);
    analysisStack_->addWidget(split);
    layout->addWidget(analysisStack_, 1);
    analyzeButton_->setEnabled(false);
    analysisInfo_->setText(tr("Analyze the session to see which anchors duplicate which."));
    connect(analyzeButton_, &QPushButton::clicked, this, &MainWindow::runAnalysis);
    connect(heatmap_, &RedundancyHeatmap::cellClicked, this, [this](int i, int j) {
        distribution_->showAnchors(i == j ? QVector<int>{i} : QVector<int>{i, j});
        analysisInfo_->setText(tr("anchor %1 covered by anchor %2: %3 of its confident candidates")
                                   .arg(i)
                                   .arg(j)
                                   .arg(heatmap_->value(i, j), 0, 'f', 2));
    });
    // Linked selection: the anchors chosen in the distributions are highlighted in the
    // anchor grid, and the grid's inspect buttons show an anchor here (analysing first if
    // the session has not been analysed yet).
    connect(distribution_, &BoxDistributionPlot::selectionChanged, this,
            [this](const QVector<int>& ids) { grid_->setHighlighted(std::vector<int>(ids.begin(), ids.end())); });
    connect(grid_, &AnchorGridView::anchorsInspected, this, [this](const std::vector<int>& ids) {
        const QVector<int> anchors(ids.begin(), ids.end());
        tabs_->setCurrentIndex(AnalysisTab);
        if (distribution_->hasData()) {
            distribution_->showAnchors(anchors);
        } else if (session_) {
            pendingInspect_ = anchors;
            runAnalysis();
        }
    });
    tabs_->addTab(page, tr("Analysis"));
}

void MainWindow::runAnalysis()
{
    if (!session_)
        return;
    auto session = session_;
    auto view = std::make_shared<AnalysisView>();
    AnalysisOptions o;
    o.tau = float(tau_->value());
    o.alpha = float(alpha_->value());
    o.score = float(score_->value());
    const QString labelFormat = tr("#%1 (level %2) %3×%4");
    jobs_->submit(
        tr("Analysing anchors"), QStringLiteral("analysis"),
        [session, view, o, labelFormat](ProgressToken& t) {
            const PredictionCache& c = *session->cache;
            const AnalysisResult r = analyzeCache(c, *session->evaluator, o, &t);
            const AnchorSet& as = c.meta.anchors;
            view->levels = as.numLevels();
            for (int l = 0; l < as.numLevels(); ++l)
                view->levelStarts.push_back(as.globalId(l, 0));
            view->redundancy = QVector<double>(r.redundancy.begin(), r.redundancy.end());
            for (const auto& a : r.anchors) {
                view->deltaAp.push_back(a.deltaAp);
                const auto info = as.info(a.anchor);
                AnchorDistribution d;
                d.anchor = a.anchor;
                d.level = info.level;
                d.priorW = info.w;
                d.priorH = info.h;
                d.label = labelFormat.arg(a.anchor).arg(info.level).arg(std::lround(info.w)).arg(std::lround(info.h));
                for (const auto& p : a.points)
                    d.points.push_back({p.w, p.h, p.score, p.tp});
                view->anchors.push_back(d);
            }
            // Ground truth in the same units (model-input pixels).
            // (one pass over the annotations; the cache's images are parallel to gt.images)
            for (const auto& ann : c.gt.annotations) {
                const int64_t i = c.gt.imageIndex(ann.imageId);
                if (i >= 0 && !ann.iscrowd)
                    view->groundTruth.push_back(QPointF(ann.w / c.images[size_t(i)].scaleX, ann.h / c.images[size_t(i)].scaleY));
            }
            view->baselineAp = r.baselineAp;
            view->bestPossibleRecall = r.bestPossibleRecall;
        },
        [this, view]() {
            analysisStack_->setCurrentIndex(1);
            heatmap_->setMatrix(int(view->deltaAp.size()), view->redundancy, view->levelStarts);
            heatmap_->setDeltaAp(view->deltaAp);
            distribution_->setData(view->anchors, view->groundTruth, view->levels);
            if (!pendingInspect_.isEmpty())
                distribution_->showAnchors(std::exchange(pendingInspect_, {}));
            analysisInfo_->setText(tr("baseline AP %1 · best-possible recall of the anchors %2 · click a cell to compare two anchors")
                                       .arg(view->baselineAp, 0, 'f', 4)
                                       .arg(view->bestPossibleRecall, 0, 'f', 3));
            Q_EMIT analysisFinished(true);
        },
        [this](const QString& msg) {
            pendingInspect_.clear();
            reportError(tr("Analysis failed"), msg);
            Q_EMIT analysisFinished(false);
        },
        [this]() {
            pendingInspect_.clear();
            Q_EMIT analysisFinished(false);
        });
}

} // namespace anchorscope
