// SPDX-License-Identifier: GPL-3.0-or-later
#include "pr_curve_plot.h"

#include "qcustomplot_wrapper.h"

namespace anchorscope {

PrCurvePlot::PrCurvePlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->xAxis->setLabel(tr("Recall"));
    plot_->yAxis->setLabel(tr("Precision"));
    plot_->xAxis->setRange(0, 1);
    plot_->yAxis->setRange(0, 1.02);
    plot_->legend->setVisible(true);
    plot_->setMinimumSize(320, 240);
}

void PrCurvePlot::setCurve(const QString& name, const QVector<double>& recall, const QVector<double>& precision)
{
    QCPGraph* graph = nullptr;
    for (int i = 0; i < plot_->graphCount(); ++i)
        if (plot_->graph(i)->name() == name)
            graph = plot_->graph(i);
    if (!graph) {
        graph = plot_->addGraph();
        graph->setName(name);
        static const QColor colors[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                        QColor(214, 39, 40)};
        graph->setPen(QPen(colors[(plot_->graphCount() - 1) % 4], 2));
    }
    QVector<double> x, y;
    for (int i = 0; i < recall.size() && i < precision.size(); ++i)
        if (precision[i] >= 0) {
            x.push_back(recall[i]);
            y.push_back(precision[i]);
        }
    graph->setData(x, y, true);
    plot_->replot();
}

void PrCurvePlot::clearCurves()
{
    plot_->clearGraphs();
    plot_->replot();
}

int PrCurvePlot::curveCount() const { return plot_->graphCount(); }

} // namespace anchorscope
