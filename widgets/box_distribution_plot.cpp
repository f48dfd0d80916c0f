// SPDX-License-Identifier: GPL-3.0-or-later
#include "box_distribution_plot.h"

#include "qcustomplot_wrapper.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>

#include <cmath>

namespace anchorscope {

namespace {
QColor anchorColour(int k)
{
    static const QColor palette[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),  QColor(214, 39, 40),
                                     QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(188, 189, 34),
                                     QColor(23, 190, 207)};
    return palette[k % 9];
}
} // namespace

BoxDistributionPlot::BoxDistributionPlot(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), level_(new QComboBox(this)), tpOnly_(new QCheckBox(tr("true positives only"), this)),
      minScore_(new QDoubleSpinBox(this)), info_(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Level:"), this));
    bar->addWidget(level_);
    bar->addWidget(tpOnly_);
    bar->addWidget(new QLabel(tr("Minimum score:"), this));
    minScore_->setRange(0.0, 1.0);
    minScore_->setSingleStep(0.05);
    minScore_->setDecimals(2);
    bar->addWidget(minScore_);
    bar->addWidget(info_, 1);
    layout->addLayout(bar);
    layout->addWidget(plot_, 1);
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    }
    plot_->xAxis->setLabel(tr("box width (input pixels)"));
    plot_->yAxis->setLabel(tr("box height (input pixels)"));
    plot_->legend->setVisible(true);
    plot_->setMinimumSize(360, 300);
    connect(level_, &QComboBox::currentIndexChanged, this, [this]() {
        choose({});
        rebuild();
    });
    connect(tpOnly_, &QCheckBox::toggled, this, &BoxDistributionPlot::rebuild);
    connect(minScore_, &QDoubleSpinBox::valueChanged, this, &BoxDistributionPlot::rebuild);
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        double key = 0, value = 0;
        if (const QCPGraph* g = nearestPoint(e->position(), &key, &value))
            QToolTip::showText(e->globalPosition().toPoint(),
                               tr("%1: %2 × %3 px").arg(g->name()).arg(key, 0, 'f', 1).arg(value, 0, 'f', 1), plot_);
    });
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        const int anchor = anchorAt(e->position());
        if (anchor >= 0 && e->button() == Qt::LeftButton)
            showAnchors({anchor});
    });
}

QCPGraph* BoxDistributionPlot::nearestPoint(const QPointF& pixel, double* key, double* value) const
{
    QCPGraph* best = nullptr;
    double bestD = 36;
    for (int g = 0; g < plot_->graphCount(); ++g) {
        QCPGraph* graph = plot_->graph(g);
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            const double dx = graph->keyAxis()->coordToPixel(it->key) - pixel.x();
            const double dy = graph->valueAxis()->coordToPixel(it->value) - pixel.y();
            if (dx * dx + dy * dy < bestD) {
                bestD = dx * dx + dy * dy;
                best = graph;
                if (key)
                    *key = it->key;
                if (value)
                    *value = it->value;
            }
        }
    }
    return best;
}

int BoxDistributionPlot::anchorAt(const QPointF& pixel) const
{
    const QCPGraph* g = nearestPoint(pixel);
    return g ? g->property("anchor").toInt() : -1;
}

void BoxDistributionPlot::choose(const QVector<int>& anchors)
{
    const bool changed = anchors != chosen_;
    chosen_ = anchors;
    if (changed)
        Q_EMIT selectionChanged(chosen_);
}

void BoxDistributionPlot::setData(const QVector<AnchorDistribution>& anchors, const QVector<QPointF>& groundTruth, int levels)
{
    anchors_ = anchors;
    gt_ = groundTruth;
    choose({});
    QSignalBlocker block(level_);
    level_->clear();
    level_->addItem(tr("all"), -1);
    for (int l = 0; l < levels; ++l)
        level_->addItem(tr("level %1").arg(l), l);
    // Dozens of anchors at once are a blur: start with the first level then.
    if (anchors.size() > 12 && levels > 0)
        level_->setCurrentIndex(1);
    rebuild();
}

void BoxDistributionPlot::showAnchors(const QVector<int>& anchors)
{
    choose(anchors);
    rebuild();
}

void BoxDistributionPlot::setLevel(int level) { level_->setCurrentIndex(std::max(0, level_->findData(level))); }
void BoxDistributionPlot::setTruePositivesOnly(bool on) { tpOnly_->setChecked(on); }
void BoxDistributionPlot::setMinScore(double score) { minScore_->setValue(score); }

QVector<int> BoxDistributionPlot::shownAnchors() const
{
    QVector<int> out;
    const int level = level_->currentData().toInt();
    for (const auto& a : anchors_)
        if (chosen_.isEmpty() ? (level < 0 || a.level == level) : chosen_.contains(a.anchor))
            out.push_back(a.anchor);
    return out;
}

void BoxDistributionPlot::rebuild()
{
    plot_->clearGraphs();
    drawn_ = 0;
    if (!gt_.isEmpty()) {
        QCPGraph* g = plot_->addGraph();
        g->setName(tr("ground truth"));
        g->setProperty("anchor", -1);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDot, QColor(160, 160, 160), 2));
        QVector<double> x, y;
        for (const QPointF& p : gt_)
            if (p.x() > 0 && p.y() > 0) {
                x.push_back(p.x());
                y.push_back(p.y());
            }
        g->setData(x, y);
    }
    const QVector<int> shown = shownAnchors();
    const double minScore = minScore_->value();
    int colour = 0;
    for (const auto& a : anchors_) {
        if (!shown.contains(a.anchor))
            continue;
        const QColor c = anchorColour(colour++);
        QCPGraph* g = plot_->addGraph();
        g->setName(a.label);
        g->setProperty("anchor", a.anchor);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, 3));
        QVector<double> x, y;
        for (const auto& p : a.points) {
            if ((tpOnly_->isChecked() && !p.tp) || p.score < minScore || p.w <= 0 || p.h <= 0)
                continue;
            x.push_back(p.w);
            y.push_back(p.h);
        }
        drawn_ += x.size();
        g->setData(x, y);
        QCPGraph* prior = plot_->addGraph();
        prior->setName(tr("prior %1").arg(a.anchor));
        prior->removeFromLegend();
        prior->setProperty("anchor", a.anchor);
        prior->setLineStyle(QCPGraph::lsNone);
        prior->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(c.darker(150), 2.5), Qt::NoBrush, 16));
        prior->setData(QVector<double>{a.priorW}, QVector<double>{a.priorH});
    }
    info_->setText(tr("%n point(s)", nullptr, drawn_));
    plot_->legend->setVisible(shown.size() <= 10); // a longer legend would cover the points
    plot_->rescaleAxes();
    plot_->xAxis->scaleRange(1.15);
    plot_->yAxis->scaleRange(1.15);
    plot_->replot();
}

} // namespace anchorscope
