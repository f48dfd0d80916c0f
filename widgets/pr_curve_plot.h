// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Precision/recall curves (COCO's 101-point interpolated precision) for one or more
// named series, e.g. "baseline" and "selected configuration".
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;

namespace anchorscope {

class PrCurvePlot : public QWidget {
    Q_OBJECT
public:
    explicit PrCurvePlot(QWidget* parent = nullptr);

    // recall and precision of equal length; precision < 0 (no data) is not drawn.
    void setCurve(const QString& name, const QVector<double>& recall, const QVector<double>& precision);
    void clearCurves();
    int curveCount() const;
    QCustomPlot* plot() const { return plot_; }

private:
    QCustomPlot* plot_;
};

} // namespace anchorscope
