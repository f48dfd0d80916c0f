// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Pareto frontier view: every evaluated configuration (cost relative to the full model
// on x, AP on y), the front as a line, the baseline and the selection highlighted. Clicking
// a point emits its node index. Exports PNG, PDF and the table as CSV.
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;

namespace anchorscope {

struct ParetoPoint {
    int node = 0;
    double cost = 0; // relative to the full configuration
    double ap = 0;
    bool onFront = false;
    QString removed; // "3,7,12"
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
    int selected() const { return selected_; }
    int pointCount() const { return points_.size(); }
    int frontPointCount() const; // points drawn on the front line
    // Pixel position of a node's point (tests).
    QPoint pixelOf(int node) const;
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
    QVector<ParetoPoint> points_;
    int baselineNode_ = -1;
    int selected_ = -1;
};

} // namespace anchorscope
