// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics_page.h"

#include "pr_curve_plot.h"
#include "session_controller.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace anchorscope {

MetricsPage::MetricsPage(SessionController* controller, QWidget* parent)
    : QWidget(parent), c_(controller), iou_(new QComboBox(this)), pr_(new PrCurvePlot(this)), table_(new QTableWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("PR curve at IoU:"), this));
    const CocoEvalParams params = CocoEvalParams::bbox();
    for (size_t t = 0; t < params.iouThrs.size(); ++t)
        iou_->addItem(QString::number(params.iouThrs[t], 'f', 2), int(t));
    bar->addWidget(iou_);
    bar->addStretch(1);
    layout->addLayout(bar);
    auto* row = new QHBoxLayout;
    row->addWidget(pr_, 3);
    table_->setColumnCount(4);
    table_->setHorizontalHeaderLabels({tr("Category"), tr("AP full model"), tr("AP selected"), tr("Δ")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->setSortingEnabled(false);
    row->addWidget(table_, 2);
    layout->addLayout(row, 1);
    connect(iou_, &QComboBox::currentIndexChanged, this, &MetricsPage::draw);
    connect(c_, &SessionController::metricsReady, this, [this](std::shared_ptr<const MetricsComparison> m) {
        last_ = std::move(m);
        draw();
        Q_EMIT metricsUpdated();
    });
    connect(c_, &SessionController::resultChanged, this, [this]() {
        if (isVisible())
            c_->refreshMetrics();
    });
}

void MetricsPage::showEvent(QShowEvent* e)
{
    QWidget::showEvent(e);
    c_->refreshMetrics();
}

void MetricsPage::draw()
{
    const auto session = c_->session();
    if (!last_ || !session)
        return;
    const size_t t = size_t(std::max(0, iou_->currentData().toInt()));
    const CocoEvalResult& full = *last_->full;
    const CocoEvalResult& chosen = last_->selected;
    const QVector<double> recall(full.params.recThrs.begin(), full.params.recThrs.end());
    pr_->clearCurves();
    const auto a = full.prCurve(t), b = chosen.prCurve(t);
    pr_->setCurve(tr("full model"), recall, QVector<double>(a.begin(), a.end()));
    pr_->setCurve(tr("selected configuration"), recall, QVector<double>(b.begin(), b.end()));
    const auto& cats = full.categoryIds;
    table_->setRowCount(int(cats.size()));
    auto number = [](double v) { return new QTableWidgetItem(v < 0 ? QStringLiteral("—") : QString::number(v, 'f', 4)); };
    for (size_t k = 0; k < cats.size(); ++k) {
        const Category* cat = session->cache->gt.category(cats[k]);
        const double x = full.perCategoryAP[k], y = chosen.perCategoryAP[k];
        table_->setItem(int(k), 0, new QTableWidgetItem(cat ? QString::fromStdString(cat->name) : QString::number(cats[k])));
        table_->setItem(int(k), 1, number(x));
        table_->setItem(int(k), 2, number(y));
        table_->setItem(int(k), 3, new QTableWidgetItem(x < 0 || y < 0 ? QStringLiteral("—") : QString::number(y - x, 'f', 4)));
    }
}

} // namespace anchorscope
