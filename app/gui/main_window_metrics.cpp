// SPDX-License-Identifier: GPL-3.0-or-later
// The metrics view: PR curves at a chosen IoU and the per-category AP table, the full model
// against the selected configuration (Δ column). The evaluations run in a job.
#include "main_window.h"

#include "job_runner.h"
#include "pr_curve_plot.h"
#include "pruning_session.h"

#include "eval/coco_eval.h"
#include "util/progress.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace anchorscope {

void MainWindow::buildMetricsTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("PR curve at IoU:"), page));
    const CocoEvalParams params = CocoEvalParams::bbox();
    for (size_t t = 0; t < params.iouThrs.size(); ++t)
        metricsIou_->addItem(QString::number(params.iouThrs[t], 'f', 2), int(t));
    bar->addWidget(metricsIou_);
    bar->addStretch(1);
    layout->addLayout(bar);
    auto* row = new QHBoxLayout;
    row->addWidget(metricsPr_, 3);
    categoryTable_->setColumnCount(4);
    categoryTable_->setHorizontalHeaderLabels({tr("Category"), tr("AP full model"), tr("AP selected"), tr("Δ")});
    categoryTable_->horizontalHeader()->setStretchLastSection(true);
    categoryTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    categoryTable_->verticalHeader()->hide();
    categoryTable_->setSortingEnabled(false);
    row->addWidget(categoryTable_, 2);
    layout->addLayout(row, 1);
    connect(metricsIou_, &QComboBox::currentIndexChanged, this, &MainWindow::refreshMetrics);
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == MetricsTab)
            refreshMetrics();
    });
    tabs_->addTab(page, tr("Metrics"));
}

void MainWindow::refreshMetrics()
{
    if (!session_)
        return;
    auto session = session_;
    const Configuration selected = current_.config;
    const size_t t = size_t(std::max(0, metricsIou_->currentData().toInt()));
    struct Metrics {
        CocoEvalResult full, chosen;
    };
    auto out = std::make_shared<Metrics>();
    jobs_->submit(
        tr("Evaluating the metrics"), QStringLiteral("metrics"),
        [session, selected, out](ProgressToken& token) {
            // The full model's evaluation never changes within a session: made once (jobs run
            // one at a time on the worker thread, so the session field is not raced).
            if (!session->fullEvaluation)
                session->fullEvaluation = std::make_shared<const CocoEvalResult>(session->evaluator->cocoEvaluation({}));
            out->full = *session->fullEvaluation;
            token.checkCancelled();
            out->chosen = session->evaluator->cocoEvaluation(selected);
        },
        [this, out, t, session]() {
            const QVector<double> recall(out->full.params.recThrs.begin(), out->full.params.recThrs.end());
            metricsPr_->clearCurves();
            const auto a = out->full.prCurve(t), b = out->chosen.prCurve(t);
            metricsPr_->setCurve(tr("full model"), recall, QVector<double>(a.begin(), a.end()));
            metricsPr_->setCurve(tr("selected configuration"), recall, QVector<double>(b.begin(), b.end()));
            const auto& cats = out->full.categoryIds;
            categoryTable_->setRowCount(int(cats.size()));
            for (size_t k = 0; k < cats.size(); ++k) {
                const Category* c = session->cache->gt.category(cats[k]);
                const double x = out->full.perCategoryAP[k], y = out->chosen.perCategoryAP[k];
                auto number = [](double v) {
                    return new QTableWidgetItem(v < 0 ? QStringLiteral("—") : QString::number(v, 'f', 4));
                };
                categoryTable_->setItem(int(k), 0, new QTableWidgetItem(c ? QString::fromStdString(c->name) : QString::number(cats[k])));
                categoryTable_->setItem(int(k), 1, number(x));
                categoryTable_->setItem(int(k), 2, number(y));
                categoryTable_->setItem(int(k), 3,
                                        new QTableWidgetItem(x < 0 || y < 0 ? QStringLiteral("—") : QString::number(y - x, 'f', 4)));
            }
            statusLabel_->setText(tr("Metrics updated: the full model against the selected configuration."));
            Q_EMIT metricsUpdated();
        },
        [this](const QString& msg) { reportError(tr("Metrics failed"), msg); });
}

} // namespace anchorscope
