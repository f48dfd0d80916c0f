// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Live training curves: the loss terms per epoch on the left axis and, when measured, the
// AP after each epoch on the right axis.
#include <QWidget>

class QCustomPlot;

namespace anchorscope {

class TrainingCurves : public QWidget {
    Q_OBJECT
public:
    explicit TrainingCurves(QWidget* parent = nullptr);

    void clear();
    // ap < 0: not measured for this epoch.
    void addEpoch(int epoch, double loss, double locLoss, double clsLoss, double ap);
    int epochs() const { return epochs_; }
    QCustomPlot* plot() const { return plot_; }

private:
    QCustomPlot* plot_;
    int epochs_ = 0;
};

} // namespace anchorscope
