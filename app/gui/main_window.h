// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The main window: the pruning view (anchor grid, Pareto frontier, metrics of the current
// configuration, search), the detections view (images with the full model's and the
// selected configuration's detections) and an evaluation view for results files. Every
// computation is a core job on the JobRunner's worker thread; the GUI thread only shows
// results. A session is a Project (model + dataset + label map, or a cache alone); it is
// saved to and reopened from .asproj files. The class is split by purpose over
// main_window*.cpp.
#include "pareto_plot.h"
#include "project/project.h"
#include "prune/config_evaluator.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QTableWidget;
class QLabel;
class QComboBox;
class QPushButton;
class QProgressBar;
class QTabWidget;
class QSplitter;
class QMenu;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class QCheckBox;
class QStackedWidget;
class QCloseEvent;

namespace anchorscope {

class PrCurvePlot;
class AnchorGridView;
class ParetoPlot;
class DetectionView;
class RedundancyHeatmap;
class BoxDistributionPlot;
class TrainingCurves;
class JobRunner;
class ModelValidator;
struct CocoEvalResult;
struct PruningSession;
struct SearchNode;
struct ParetoPoint;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Sessions (main_window_session.cpp).
    void openCache(const QString& path);
    // Matches the model's classes to the dataset's categories; asks for the label map when
    // the match is incomplete, then builds (or reuses) the prediction cache.
    void openModelAndDataset(const QString& model, const QString& annotations, const QString& imagesDir = {});
    // Prepares the demo in `dir` (dataset, model, cache of the search split; each step only
    // when its file is missing), then opens it.
    void openDemo(const QString& dir);
    void openProject(const QString& path);
    bool saveProject(const QString& path);
    // Points a moved file of the project being opened at its new place, then goes on opening.
    void relocateFile(const QString& role, const QString& path);
    // A new label map: the cache is recomputed for it.
    void setLabelMap(const LabelMap& map);
    void editLabelMap();
    const Project& project() const { return project_; }
    QString projectPath() const { return projectPath_; }
    QStringList recentProjects() const;

    // Pruning view (main_window_pruning.cpp).
    void setConfiguration(const std::vector<int>& removed); // evaluates it (a job)
    void startSearch(const QString& strategy);
    void selectNode(int node);
    void cancelCurrentJob();
    // Times this machine's post-processing for the latency axis and objective (a job).
    void calibrateLatency();

    // Detections view (main_window_detections.cpp).
    void showImage(int index);

    // Prune and export the selected configuration (main_window_export.cpp); format:
    // torchscript | end2end | state-dict. The report goes beside it (.report.json).
    void exportSelection(const QString& path, const QString& format, bool withReport);

    // Retrain panel (main_window_retrain.cpp): prune the selection and fine-tune it.
    void startRetrain();
    QLineEdit* trainDataEdit() const { return trainData_; }
    QLineEdit* holdoutDataEdit() const { return holdoutData_; }
    QLineEdit* retrainOutputEdit() const { return retrainOut_; }
    QSpinBox* epochsSpin() const { return epochs_; }
    QTableWidget* retrainTable() const { return retrainTable_; }
    TrainingCurves* trainingCurves() const { return curves_; }

    // Metrics view (main_window_metrics.cpp): the full model against the selection.
    void refreshMetrics();
    QTableWidget* categoryTable() const { return categoryTable_; }
    PrCurvePlot* metricsPrPlot() const { return metricsPr_; }

    // Analysis view (main_window_analysis.cpp).
    void runAnalysis();
    RedundancyHeatmap* redundancyHeatmap() const { return heatmap_; }
    BoxDistributionPlot* boxDistribution() const { return distribution_; }

    // Evaluation view.
    void evaluateDetections(const QString& groundTruth, const QString& detections);

    // For tests and screenshots.
    JobRunner* jobs() const { return jobs_; }
    ModelValidator* modelValidator() const { return validator_; }
    AnchorGridView* anchorGrid() const { return grid_; }
    ParetoPlot* paretoPlot() const { return pareto_; }
    DetectionView* detectionView() const { return detections_; }
    QTableWidget* statsTable() const { return statsTable_; }
    PrCurvePlot* prCurvePlot() const { return prPlot_; }
    QTabWidget* tabs() const { return tabs_; }
    QComboBox* axisChooser() const { return xAxis_; }
    QComboBox* metricChooser() const { return yAxis_; }
    QString statusText() const;
    QStackedWidget* analysisStack() const { return analysisStack_; }
    QProgressBar* progressBar() const { return progress_; }
    QString metricsText() const;
    const ConfigResult& currentResult() const { return current_; }
    bool hasSearch() const;

    enum Tab { PruningTab = 0, DetectionsTab = 1, EvaluationTab = 2, AnalysisTab = 3, MetricsTab = 4, RetrainTab = 5 };

Q_SIGNALS:
    void sessionReady(bool ok);
    // Files of a project being opened that moved (roles: model, annotations, images).
    void projectFilesMissing(const QStringList& roles);
    void labelMapNeeded();
    void configurationEvaluated();
    void configurationSelected(const std::vector<int>& removed);
    void searchFinished(bool ok);
    void latencyCalibrated(bool ok);
    void imageShown(int index);
    void analysisFinished(bool ok);
    void metricsUpdated();
    void exported(const QString& path);
    void epochTrained(int epoch);
    void retrainFinished(bool ok);
    void evaluationFinished(bool ok);

protected:
    void closeEvent(QCloseEvent* e) override; // remembers the window's size

private:
    void buildMenus();
    void buildPruningTab();
    void buildDetectionsTab();
    void buildEvaluationTab();
    void buildAnalysisTab();
    void buildMetricsTab();
    void chooseExport();
    void buildRetrainTab();
    void suggestRetrainPaths();
    // Checks the project's model in a child process first (ModelValidator), then opens.
    void startSession(const Project& p, const QString& projectPath, bool restore);
    void startValidatedSession(const Project& p, const QString& projectPath, bool restore);
    void openValidatedModelAndDataset(const QString& model, const QString& annotations, const QString& imagesDir);
    // Opens the pending project, or first asks where its first missing file went.
    void continueOrRelocate(const QStringList& missing);
    void restoreProjectState();
    void askToRelocate(const QStringList& roles);
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    void chooseModelAndDataset();
    void showSession();
    void showResult(const ConfigResult& r);
    void showSearchPoints();
    // A running search's node: its point, and the front of the points so far redrawn.
    void addLivePoint(const SearchNode& n);
    ParetoPoint pointOf(const SearchNode& n) const;
    void showCocoResult(const CocoEvalResult& result);
    void reportError(const QString& title, const QString& message);
    double relativeCost(const ConfigResult& r) const;
    double metricOf(const ConfigResult& r) const;
    void chooseAndEvaluate();
    void chooseCache();

    JobRunner* jobs_;
    ModelValidator* validator_;
    std::shared_ptr<PruningSession> session_;
    Project project_;
    QString projectPath_;
    Project pending_; // a project being opened (relocation)
    QString pendingPath_;
    ConfigResult current_;
    int selectedNode_ = -1;
    QTabWidget* tabs_;
    QSplitter* split_;
    AnchorGridView* grid_;
    ParetoPlot* pareto_;
    DetectionView* detections_;
    QLabel* metrics_;
    QComboBox* strategy_;
    QComboBox* xAxis_;
    QComboBox* yAxis_;
    QPushButton* searchButton_;
    QTableWidget* statsTable_;
    PrCurvePlot* prPlot_;
    QLabel* statusLabel_;
    QProgressBar* progress_;
    QPushButton* cancelButton_;
    QMenu* recentMenu_ = nullptr;
    RedundancyHeatmap* heatmap_;
    BoxDistributionPlot* distribution_;
    QVector<int> pendingInspect_; // anchors to show once the running analysis ends
    QDoubleSpinBox* tau_ = nullptr;
    QDoubleSpinBox* alpha_ = nullptr;
    QDoubleSpinBox* score_ = nullptr;
    QPushButton* analyzeButton_;
    QLabel* analysisInfo_;
    QComboBox* metricsIou_;
    PrCurvePlot* metricsPr_;
    QTableWidget* categoryTable_;
    QLineEdit* trainData_;
    QLineEdit* holdoutData_;
    QLineEdit* retrainOut_;
    QSpinBox* epochs_;
    QDoubleSpinBox* learningRate_;
    QCheckBox* freezeBn_;
    QCheckBox* apEachEpoch_;
    QPushButton* retrainButton_;
    QTableWidget* retrainTable_;
    TrainingCurves* curves_;
    QElapsedTimer jobClock_;
    QStackedWidget* analysisStack_ = nullptr; // a hint until the first analysis, then the views
    QVector<ParetoPoint> livePoints_;         // a running search's points (front drawn live)
};

} // namespace anchorscope
