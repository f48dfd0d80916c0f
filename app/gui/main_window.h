// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The main window: the pruning view (anchor grid, Pareto frontier, metrics of the current
// configuration, search) and a detections-evaluation view. Every computation is a core job
// on the JobRunner's worker thread; the GUI thread only shows results.
#include "prune/config_evaluator.h"

#include <QMainWindow>
#include <QString>

#include <memory>
#include <vector>

class QTableWidget;
class QLabel;
class QComboBox;
class QPushButton;
class QProgressBar;
class QTabWidget;

namespace anchorscope {

class PrCurvePlot;
class AnchorGridView;
class ParetoPlot;
class JobRunner;
struct CocoEvalResult;
struct PruningSession;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Pruning view.
    void openCache(const QString& path);
    // Prepares the demo in `dir` (dataset, model, cache of the search split; each step only
    // when its file is missing), then opens it.
    void openDemo(const QString& dir);
    void setConfiguration(const std::vector<int>& removed); // evaluates it (a job)
    void startSearch(const QString& strategy);
    void selectNode(int node);
    void cancelCurrentJob();

    // Evaluation view.
    void evaluateDetections(const QString& groundTruth, const QString& detections);

    // For tests and screenshots.
    JobRunner* jobs() const { return jobs_; }
    AnchorGridView* anchorGrid() const { return grid_; }
    ParetoPlot* paretoPlot() const { return pareto_; }
    QTableWidget* statsTable() const { return statsTable_; }
    PrCurvePlot* prCurvePlot() const { return prPlot_; }
    QTabWidget* tabs() const { return tabs_; }
    QString statusText() const;
    QString metricsText() const;
    const ConfigResult& currentResult() const { return current_; }

Q_SIGNALS:
    void sessionReady(bool ok);
    void configurationEvaluated();
    void configurationSelected(const std::vector<int>& removed);
    void searchFinished(bool ok);
    void evaluationFinished(bool ok);

private:
    void buildPruningTab();
    void buildEvaluationTab();
    void showSession();
    void showResult(const ConfigResult& r);
    void showCocoResult(const CocoEvalResult& result);
    void reportError(const QString& title, const QString& message);
    double relativeCost(const ConfigResult& r) const;
    void chooseAndEvaluate();
    void chooseCache();

    JobRunner* jobs_;
    std::shared_ptr<PruningSession> session_;
    ConfigResult current_;
    QTabWidget* tabs_;
    AnchorGridView* grid_;
    ParetoPlot* pareto_;
    QLabel* metrics_;
    QComboBox* strategy_;
    QPushButton* searchButton_;
    QTableWidget* statsTable_;
    PrCurvePlot* prPlot_;
    QLabel* statusLabel_;
    QProgressBar* progress_;
    QPushButton* cancelButton_;
};

} // namespace anchorscope
