// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Pareto frontier view: every evaluated configuration (cost relative to the full model
// on x, AP on y), the front as a line, the baseline and the selection highlighted. Front
// points validated on other images get a validation marker at the same cost, linked to the
// search point by a thin line, with the paired interval as an error bar (toggle); the
// recommended point is marked. Clicking a point emits its node index. Exports PNG, PDF and
// the table as CSV.
#include <QString>
#include <QtNumeric>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QCPErrorBars;

namespace anchorscope {

struct ParetoPoint {
    int node = 0;
    double cost = 0; // relative to the full configuration
    double ap = 0;
    bool onFront = false;
    QString removed; // "3,7,12"
    // On the validation images (NaN when the point is not validated): the accuracy, and the
    // paired interval's bounds on the same axis (validation baseline + ΔAP bounds; NaN while
    // only the live value is known).
    double validationAp = qQNaN();
    double validationLo = qQNaN(), validationHi = qQNaN();
    bool validated() const { return !qIsNaN(validationAp); }
};

class ParetoPlot : public QWidget {
    Q_OBJECT
public:
    explicit ParetoPlot(QWidget* parent = nullptr);

    void setAxisLabels(const QString& x, const QString& y);
    void setPoints(const QVector<ParetoPoint>& points);
    void addPoint(const ParetoPoint& p); // live while a search runs
    void setBaseline(int node);
    void setSelected(int node);
    void setRecommended(int node); // -1: none
    void setErrorBarsVisible(bool on);
    bool errorBarsVisible() const;
    int selected() const { return selected_; }
    int recommended() const { return recommended_; }
    int validationPointCount() const; // validation markers drawn
    int pointCount() const { return points_.size(); }
    int frontPointCount() const; // points drawn on the front line
    // Pixel position of a node's point (tests).
    QPoint pixelOf(int node) const;
    QPoint validationPixelOf(int node) const; // null when the node has no validation marker
    QCustomPlot* plot() const { return plot_; }

    bool exportImage(const QString& path) const; // .png or .pdf
    bool exportCsv(const QString& path) const;

Q_SIGNALS:
    void nodeClicked(int node);

private:
    void rebuild();
    const ParetoPoint* find(int node) const;

    QCustomPlot* plot_;
    QCPGraph* all_;
    QCPGraph* front_;
    QCPGraph* baseline_;
    QCPGraph* selection_;
    QCPGraph* validation_;
    QCPGraph* links_;
    QCPErrorBars* errors_;
    QCPGraph* recommendedMark_;
    QVector<ParetoPoint> points_;
    int baselineNode_ = -1;
    int selected_ = -1;
    int recommended_ = -1;
};

} // namespace anchorscope
