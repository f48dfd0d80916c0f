// SPDX-License-Identifier: GPL-3.0-or-later
#include "pareto_plot.h"

#include "qcustomplot_wrapper.h"

#include <algorithm>

namespace anchorscope {

ParetoPlot::ParetoPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    all_ = plot_->addGraph();
    all_->setName(tr("evaluated"));
    all_->setLineStyle(QCPGraph::lsNone);
    all_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(120, 120, 120), QColor(200, 200, 200), 6));
    front_ = plot_->addGraph();
    front_->setName(tr("Pareto front"));
    front_->setLineStyle(QCPGraph::lsStepLeft);
    front_->setPen(QPen(QColor(31, 119, 180), 2));
    front_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(31, 119, 180), QColor(31, 119, 180), 7));
    baseline_ = plot_->addGraph();
    baseline_->setName(tr("full model"));
    baseline_->setLineStyle(QCPGraph::lsNone);
    baseline_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(QColor(214, 39, 40), 2), Qt::NoBrush, 14));
    selection_ = plot_->addGraph();
    selection_->setName(tr("selected"));
    selection_->setLineStyle(QCPGraph::lsNone);
    selection_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(255, 127, 14), 3), Qt::NoBrush, 16));
    links_ = plot_->addGraph();
    links_->setName(tr("search → validation"));
    links_->setLineStyle(QCPGraph::lsLine);
    links_->setPen(QPen(QColor(44, 160, 44, 110), 1, Qt::DashLine));
    links_->removeFromLegend();
    validation_ = plot_->addGraph();
    validation_->setName(tr("on the validation images"));
    validation_->setLineStyle(QCPGraph::lsNone);
    validation_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QColor(44, 160, 44), QColor(44, 160, 44), 8));
    errors_ = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
    errors_->setDataPlottable(validation_);
    errors_->setPen(QPen(QColor(44, 160, 44), 1));
    errors_->setWhiskerWidth(6);
    errors_->removeFromLegend();
    recommendedMark_ = plot_->addGraph();
    recommendedMark_->setName(tr("recommended"));
    recommendedMark_->setLineStyle(QCPGraph::lsNone);
    recommendedMark_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(QColor(44, 160, 44), 3), Qt::NoBrush, 18));
    for (QCPAbstractPlottable* p : std::initializer_list<QCPAbstractPlottable*>{links_, validation_, errors_, recommendedMark_})
        p->setSelectable(QCP::stNone);
    front_->setSelectable(QCP::stNone);
    baseline_->setSelectable(QCP::stNone);
    selection_->setSelectable(QCP::stNone);
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    setAxisLabels(tr("head MACs (fraction of the full model)"), tr("AP@[.50:.95]"));
    plot_->setMinimumSize(360, 260);
    // Our own hit test: the nearest point within 8 px, whichever graph is drawn on top.
    connect(plot_, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        int best = -1;
        double bestD = 8.0 * 8.0;
        for (const auto& p : points_)
            for (const QPoint px : {pixelOf(p.node), validationPixelOf(p.node)}) { // a marker selects its point
                if (px.isNull())
                    continue;
                const double dx = px.x() - e->position().x(), dy = px.y() - e->position().y();
                if (dx * dx + dy * dy <= bestD) {
                    bestD = dx * dx + dy * dy;
                    best = p.node;
                }
            }
        if (best >= 0)
            Q_EMIT nodeClicked(best);
    });
}

void ParetoPlot::setAxisLabels(const QString& x, const QString& y)
{
    plot_->xAxis->setLabel(x);
    plot_->yAxis->setLabel(y);
    plot_->replot();
}

void ParetoPlot::setPoints(const QVector<ParetoPoint>& points)
{
    points_ = points;
    rebuild();
}

int ParetoPlot::frontPointCount() const { return front_->dataCount(); }

void ParetoPlot::addPoint(const ParetoPoint& p)
{
    points_.push_back(p);
    rebuild();
}

const ParetoPoint* ParetoPlot::find(int node) const
{
    for (const auto& p : points_)
        if (p.node == node)
            return &p;
    return nullptr;
}

void ParetoPlot::setBaseline(int node)
{
    baselineNode_ = node;
    rebuild();
}

void ParetoPlot::setSelected(int node)
{
    selected_ = node;
    rebuild();
}

void ParetoPlot::setRecommended(int node)
{
    recommended_ = node;
    rebuild();
}

void ParetoPlot::setErrorBarsVisible(bool on)
{
    errors_->setVisible(on);
    plot_->replot();
}

bool ParetoPlot::errorBarsVisible() const { return errors_->visible(); }

int ParetoPlot::validationPointCount() const { return validation_->dataCount(); }

void ParetoPlot::rebuild()
{
    QVector<ParetoPoint> sorted = points_;
    std::stable_sort(sorted.begin(), sorted.end(), [](const ParetoPoint& a, const ParetoPoint& b) { return a.cost < b.cost; });
    QVector<double> x, y, fx, fy;
    for (const auto& p : sorted) {
        x.push_back(p.cost);
        y.push_back(p.ap);
        if (p.onFront) {
            fx.push_back(p.cost);
            fy.push_back(p.ap);
        }
    }
    all_->setData(x, y, true);
    front_->setData(fx, fy, true);
    // Validation markers at the search points' costs, each linked to its search point; the
    // error bars are index-aligned with the markers (NaN-free: a live point's bar is empty).
    QVector<double> vx, vy, lx, ly, minus, plus;
    for (const auto& p : sorted) {
        if (!p.validated() || !p.onFront) // a live point that left the front takes its marker along
            continue;
        vx.push_back(p.cost);
        vy.push_back(p.validationAp);
        const bool ci = !qIsNaN(p.validationLo) && !qIsNaN(p.validationHi);
        minus.push_back(ci ? std::max(0.0, p.validationAp - p.validationLo) : 0.0);
        plus.push_back(ci ? std::max(0.0, p.validationHi - p.validationAp) : 0.0);
        lx << p.cost << p.cost << p.cost;
        ly << p.ap << p.validationAp << qQNaN(); // NaN: a gap before the next link
    }
    validation_->setData(vx, vy, true);
    links_->setData(lx, ly, true);
    errors_->setData(minus, plus);
    recommendedMark_->data()->clear();
    if (const ParetoPoint* r = find(recommended_))
        recommendedMark_->addData(r->cost, r->validated() ? r->validationAp : r->ap);
    baseline_->data()->clear();
    selection_->data()->clear();
    if (const ParetoPoint* b = find(baselineNode_))
        baseline_->addData(b->cost, b->ap);
    if (const ParetoPoint* s = find(selected_))
        selection_->addData(s->cost, s->ap);
    if (!points_.isEmpty()) {
        double lo = 1e300, hi = -1e300;
        for (const auto& p : points_) {
            lo = std::min(lo, p.ap);
            hi = std::max(hi, p.ap);
            for (double v : {p.validationAp, p.validationLo, p.validationHi})
                if (!qIsNaN(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
        }
        const double pad = std::max(0.005, (hi - lo) * 0.08);
        plot_->yAxis->setRange(lo - pad, hi + pad);
        double xl = 1e300;
        for (const auto& p : points_)
            xl = std::min(xl, p.cost);
        plot_->xAxis->setRange(std::max(0.0, xl - 0.05), 1.03);
    }
    plot_->replot();
}

QPoint ParetoPlot::pixelOf(int node) const
{
    const ParetoPoint* p = find(node);
    if (!p)
        return {};
    return QPoint(qRound(plot_->xAxis->coordToPixel(p->cost)), qRound(plot_->yAxis->coordToPixel(p->ap)));
}

QPoint ParetoPlot::validationPixelOf(int node) const
{
    const ParetoPoint* p = find(node);
    if (!p || !p->validated())
        return {};
    return QPoint(qRound(plot_->xAxis->coordToPixel(p->cost)), qRound(plot_->yAxis->coordToPixel(p->validationAp)));
}

bool ParetoPlot::exportImage(const QString& path) const
{
    if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
        return plot_->savePdf(path);
    return plot_->savePng(path);
}

bool ParetoPlot::exportCsv(const QString& path) const
{
    QSaveFile f(path); // written to a temporary file and renamed on commit
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    QTextStream out(&f);
    out << "node,cost_fraction,AP,on_front,removed,validation_AP,validation_lo,validation_hi,recommended\n";
    auto number = [](double v) { return qIsNaN(v) ? QString() : QString::number(v, 'g', 10); };
    for (const auto& p : points_)
        out << p.node << ',' << p.cost << ',' << p.ap << ',' << (p.onFront ? 1 : 0) << ",\"" << p.removed << "\","
            << number(p.validationAp) << ',' << number(p.validationLo) << ',' << number(p.validationHi) << ','
            << (p.node == recommended_ ? 1 : 0) << '\n';
    out.flush();
    return f.commit();
}

} // namespace anchorscope
