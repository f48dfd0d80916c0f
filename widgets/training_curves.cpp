// SPDX-License-Identifier: GPL-3.0-or-later
#include "training_curves.h"

#include "qcustomplot_wrapper.h"

#include <algorithm>

namespace anchorscope {

TrainingCurves::TrainingCurves(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    const QColor colours[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44)};
    const QString names[] = {tr("loss"), tr("box regression loss"), tr("classification loss")};
    for (int i = 0; i < 3; ++i) {
        QCPGraph* g = plot_->addGraph();
        g->setName(names[i]);
        g->setPen(QPen(colours[i], i == 0 ? 2.5 : 1.5));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    }
    plot_->yAxis2->setVisible(true);
    QCPGraph* ap = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
    ap->setName(tr("AP after the epoch"));
    ap->setPen(QPen(QColor(214, 39, 40), 2, Qt::DashLine));
    ap->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 8));
    plot_->xAxis->setLabel(tr("epoch"));
    plot_->yAxis->setLabel(tr("loss"));
    plot_->yAxis2->setLabel(tr("AP"));
    // Whole epochs only on the x axis.
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot_->xAxis->setTicker(ticker);
    // The legend goes below the axes, in one row, so that it never covers the last epochs.
    plot_->legend->setVisible(true);
    plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->plotLayout()->addElement(1, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(1, 0.001);
    plot_->setMinimumSize(360, 240);
}

void TrainingCurves::clear()
{
    for (int i = 0; i < plot_->graphCount(); ++i)
        plot_->graph(i)->data()->clear();
    epochs_ = 0;
    plot_->replot();
}

void TrainingCurves::addEpoch(int epoch, double loss, double locLoss, double clsLoss, double ap)
{
    plot_->graph(0)->addData(epoch, loss);
    plot_->graph(1)->addData(epoch, locLoss);
    plot_->graph(2)->addData(epoch, clsLoss);
    if (ap >= 0)
        plot_->graph(3)->addData(epoch, ap);
    ++epochs_;
    plot_->xAxis->setRange(0.5, epochs_ + 0.5);
    // Margins so that no point sits on the frame: loss from 0 to 8 % above its maximum, AP
    // padded by a tenth of its span (at least ±0.005).
    plot_->yAxis->rescale();
    plot_->yAxis->setRange(0, std::max(1e-6, plot_->yAxis->range().upper * 1.08));
    plot_->yAxis2->rescale();
    const QCPRange r = plot_->yAxis2->range();
    const double pad = std::max(0.005, 0.1 * r.size());
    plot_->yAxis2->setRange(r.lower - pad, r.upper + pad);
    plot_->replot();
}

} // namespace anchorscope
