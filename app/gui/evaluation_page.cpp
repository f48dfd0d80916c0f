// SPDX-License-Identifier: GPL-3.0-or-later
#include "evaluation_page.h"

#include "pr_curve_plot.h"
#include "session_controller.h"

#include "eval/coco_eval.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QTableWidget>

namespace anchorscope {

EvaluationPage::EvaluationPage(SessionController* controller, QWidget* parent)
    : QWidget(parent), stats_(new QTableWidget(kCocoStatCount, 1, this)), pr_(new PrCurvePlot(this))
{
    auto* layout = new QHBoxLayout(this);
    stats_->setHorizontalHeaderLabels({tr("Value")});
    for (int i = 0; i < kCocoStatCount; ++i)
        stats_->setVerticalHeaderItem(i, new QTableWidgetItem(QString::fromLatin1(kCocoStatNames[size_t(i)])));
    stats_->horizontalHeader()->setStretchLastSection(true);
    stats_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    stats_->setMaximumWidth(220);
    layout->addWidget(stats_);
    layout->addWidget(pr_, 1);
    connect(controller, &SessionController::evaluationReady, this, &EvaluationPage::show);
}

void EvaluationPage::show(std::shared_ptr<const CocoEvalResult> r)
{
    for (int i = 0; i < kCocoStatCount; ++i)
        stats_->setItem(i, 0, new QTableWidgetItem(QString::number(r->stats[size_t(i)], 'f', 4)));
    const QVector<double> recall(r->params.recThrs.begin(), r->params.recThrs.end());
    for (size_t t : {size_t(0), size_t(5)}) {
        const auto curve = r->prCurve(t);
        pr_->setCurve(tr("IoU %1").arg(r->params.iouThrs[t], 0, 'f', 2), recall, QVector<double>(curve.begin(), curve.end()));
    }
}

} // namespace anchorscope
