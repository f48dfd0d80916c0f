// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The main window. For now: evaluate a COCO results file against a dataset on a worker
// thread and show the COCO summary and the precision/recall curve.
#include <QMainWindow>
#include <QString>

#include <memory>

class QTableWidget;
class QLabel;

namespace anchorscope {

class PrCurvePlot;
struct CocoEvalResult;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts an evaluation; the result arrives later on the GUI thread.
    void evaluateDetections(const QString& groundTruth, const QString& detections);

    // For tests and screenshots.
    QTableWidget* statsTable() const { return statsTable_; }
    PrCurvePlot* prCurvePlot() const { return prPlot_; }
    QString statusText() const;

Q_SIGNALS:
    void evaluationFinished(bool ok);

private:
    void showResult(const CocoEvalResult& result);
    void chooseAndEvaluate();

    QTableWidget* statsTable_;
    PrCurvePlot* prPlot_;
    QLabel* statusLabel_;
    int generation_ = 0; // results of superseded requests are dropped
};

} // namespace anchorscope
