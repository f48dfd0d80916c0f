// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The redundancy heatmap: anchor × anchor, R[i][j] = share of anchor i's confident
// candidates covered by one of anchor j (core/analysis), with level separators and a colour
// scale; clicking a cell emits its (i, j). Beside it, the leave-one-out ΔAP of every anchor
// as bars. The widget only draws what it is given.
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPBars;

namespace anchorscope {

class RedundancyHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit RedundancyHeatmap(QWidget* parent = nullptr);

    // `values` row-major n × n; `levelStarts` the first anchor id of each level.
    void setMatrix(int n, const QVector<double>& values, const QVector<int>& levelStarts);
    // ΔAP per anchor (AP without it − baseline).
    void setDeltaAp(const QVector<double>& deltaAp);
    int size() const { return n_; }
    double value(int i, int j) const { return values_.value(i * n_ + j); }
    QPoint pixelOfCell(int i, int j) const; // tests
    QCustomPlot* heatmapPlot() const { return heat_; }
    QCustomPlot* deltaPlot() const { return delta_; }

Q_SIGNALS:
    void cellClicked(int i, int j);

private:
    QCustomPlot* heat_;
    QCustomPlot* delta_;
    QCPColorMap* map_;
    QCPBars* bars_;
    int n_ = 0;
    QVector<double> values_;
};

} // namespace anchorscope
