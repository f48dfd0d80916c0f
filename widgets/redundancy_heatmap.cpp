// SPDX-License-Identifier: GPL-3.0-or-later
#include "redundancy_heatmap.h"

#include "qcustomplot_wrapper.h"

#include <QSplitter>

#include <cmath>

namespace anchorscope {

namespace {
// A perceptually ordered dark-to-bright scale (QCustomPlot has no viridis preset).
QCPColorGradient redundancyGradient()
{
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(48, 18, 59));
    g.setColorStopAt(0.25, QColor(65, 105, 225));
    g.setColorStopAt(0.5, QColor(32, 178, 170));
    g.setColorStopAt(0.75, QColor(173, 216, 47));
    g.setColorStopAt(1.0, QColor(253, 231, 37));
    return g;
}
} // namespace

RedundancyHeatmap::RedundancyHeatmap(QWidget* parent)
    : QWidget(parent), heat_(new QCustomPlot(this)), delta_(new QCustomPlot(this)), map_(nullptr), bars_(nullptr)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(heat_);
    split->addWidget(delta_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split);

    map_ = new QCPColorMap(heat_->xAxis, heat_->yAxis);
    map_->setInterpolate(false);
    map_->setGradient(redundancyGradient());
    map_->setDataRange(QCPRange(0, 1));
    auto* scale = new QCPColorScale(heat_);
    heat_->plotLayout()->addElement(0, 1, scale);
    scale->setLabel(tr("share of i covered by j"));
    map_->setColorScale(scale);
    scale->setDataRange(QCPRange(0, 1));
    scale->setGradient(redundancyGradient());
    heat_->xAxis->setLabel(tr("anchor j (covering)"));
    heat_->yAxis->setLabel(tr("anchor i (covered)"));
    heat_->yAxis->setRangeReversed(true);
    heat_->setMinimumSize(320, 280);
    connect(heat_, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        if (n_ == 0)
            return;
        const int j = int(std::lround(heat_->xAxis->pixelToCoord(e->position().x())));
        const int i = int(std::lround(heat_->yAxis->pixelToCoord(e->position().y())));
        if (i >= 0 && j >= 0 && i < n_ && j < n_)
            Q_EMIT cellClicked(i, j);
    });

    bars_ = new QCPBars(delta_->xAxis, delta_->yAxis);
    bars_->setPen(QPen(QColor(214, 39, 40)));
    bars_->setBrush(QColor(214, 39, 40, 120));
    delta_->xAxis->setLabel(tr("anchor"));
    delta_->yAxis->setLabel(tr("ΔAP without it"));
    delta_->setMinimumSize(320, 140);
}

void RedundancyHeatmap::setMatrix(int n, const QVector<double>& values, const QVector<int>& levelStarts)
{
    n_ = n;
    values_ = values;
    map_->data()->setSize(n, n);
    map_->data()->setRange(QCPRange(0, std::max(0, n - 1)), QCPRange(0, std::max(0, n - 1)));
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            map_->data()->setCell(j, i, values.value(i * n + j));
    heat_->clearItems();
    for (int s : levelStarts) {
        if (s <= 0)
            continue;
        for (bool vertical : {true, false}) {
            auto* line = new QCPItemStraightLine(heat_);
            line->setPen(QPen(Qt::white, 1.5));
            if (vertical) {
                line->point1->setCoords(s - 0.5, 0);
                line->point2->setCoords(s - 0.5, 1);
            } else {
                line->point1->setCoords(0, s - 0.5);
                line->point2->setCoords(1, s - 0.5);
            }
        }
    }
    heat_->xAxis->setRange(-0.5, n - 0.5);
    heat_->yAxis->setRange(-0.5, n - 0.5);
    heat_->replot();
}

void RedundancyHeatmap::setDeltaAp(const QVector<double>& deltaAp)
{
    QVector<double> x(deltaAp.size());
    for (int i = 0; i < deltaAp.size(); ++i)
        x[i] = i;
    bars_->setData(x, deltaAp);
    delta_->xAxis->setRange(-0.5, deltaAp.size() - 0.5);
    delta_->yAxis->rescale();
    delta_->replot();
}

QPoint RedundancyHeatmap::pixelOfCell(int i, int j) const
{
    return QPoint(int(std::lround(heat_->xAxis->coordToPixel(j))), int(std::lround(heat_->yAxis->coordToPixel(i))));
}

} // namespace anchorscope
