// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The window's model (after KDAB Hotspot's parser object): it owns the session (core
// Session), the project, the current configuration and result, the job runner and the model
// validator; it starts every job and hands results to the pages through typed signals. Pages
// own their widgets, subscribe to these signals and call back here; nothing here draws.
// Split by purpose over session_controller*.cpp.
#include "analysis/anchor_analysis.h"
#include "models/torchvision_import.h"
#include "box_distribution_plot.h"
#include "detection_view.h"
#include "project/project.h"
#include "project/session.h"
#include "prune/search.h"
#include "prune/search_strategies.h"
#include "prune/validation.h"
#include "train/retrain.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>
#include <vector>

class QFileSystemWatcher;

namespace anchorscope {

class JobRunner;
class ModelValidator;


// The analysis turned into what the analysis page draws (made inside the job).
struct AnalysisView {
    QVector<double> redundancy, deltaAp;
    QVector<int> levelStarts;
    QVector<AnchorDistribution> anchors;
    QVector<QPointF> groundTruth;
    int levels = 0;
    double baselineAp = 0, bestPossibleRecall = 0;
};

struct MetricsComparison {
    std::shared_ptr<const CocoEvalResult> full;
    CocoEvalResult selected;
};

struct RetrainRequest {
    QString trainData, holdoutData, output;
    RetrainOptions options;
};

class SessionController : public QObject {
    Q_OBJECT
public:
    explicit SessionController(QObject* parent = nullptr);
    ~SessionController() override;

    JobRunner* jobs() const { return jobs_; }
    ModelValidator* validator() const { return validator_; }

    // Sessions (session_controller.cpp) and projects (session_controller_project.cpp).
    void openCache(const QString& path);
    // Matches the model's classes to the dataset's categories; when the match is incomplete,
    // emits labelMapNeeded and waits for setLabelMap (or cancelOpening).
    void openModelAndDataset(const QString& model, const QString& annotations, const QString& imagesDir = {});
    // Where the next model-and-dataset session finds its validation images: by default a
    // seeded half of its images (docs/search.md, "Validation"); Source::None leaves the
    // session unvalidated, and the window says so.
    // `annotations`: the second dataset when v.source is Annotations.
    void setNewSessionValidation(const ValidationSettings& v, const QString& annotations = {})
    {
        newSessionValidation_ = v;
        newSessionValidationData_ = annotations;
    }
    const ValidationSettings& newSessionValidation() const { return newSessionValidation_; }
    // A torchvision checkpoint (.pt / .pth) as the model (session_controller_import.cpp):
    // asks through checkpointNeedsTrust (a pickled model) and resizeSizesNeeded (RetinaNet),
    // imports it as an .aspt beside it, then opens that with the dataset.
    static bool isCheckpoint(const QString& path);
    void openCheckpoint(const QString& checkpoint, const QString& annotations, const QString& imagesDir = {},
                        bool trusted = false);
    void trustCheckpoint();                       // answers checkpointNeedsTrust
    void setResizeSizes(int minSize, int maxSize); // answers resizeSizesNeeded
    // Prepares the demo in `dir` (core prepareDemo), then opens it.
    void openDemo(const QString& dir);
    void openProject(const QString& path);
    // Reads the open project again from disk (after it changed there).
    void reloadProject();
    // `layout`: the window's opaque state to keep with the project.
    bool saveProject(const QString& path, const std::map<std::string, std::string>& layout = {});
    // The project being opened: `role`'s file moved to `path` (after projectFilesMissing).
    void relocateFile(anchorscope::ProjectFile role, const QString& path);
    void setLabelMap(const LabelMap& map); // the open session's, or the one being opened
    void cancelOpening();
    // Where the project being opened expects `role`'s file (for the relocation question).
    QString openingPath(anchorscope::ProjectFile role) const;
    QStringList recentProjects() const;

    bool hasSession() const { return bool(session_); }
    std::shared_ptr<Session> session() const { return session_; }
    const Project& project() const { return project_; }
    QString projectPath() const { return projectPath_; }

    // The current configuration (session_controller_search.cpp).
    void setConfiguration(const std::vector<int>& removed); // evaluates it (a job)
    void startSearch(const QString& strategy);
    void selectNode(int node);
    // The session has validation images: every front point is validated, the current
    // configuration gets an interval (validationChanged), the search a recommendation.
    bool hasValidation() const { return session_ && session_->validationEvaluator; }
    // The current configuration on the validation images; stats all 0 while unknown.
    const NodeValidation& currentValidation() const { return currentValidation_; }
    bool currentValidationKnown() const { return currentValidationKnown_; }
    int recommendedNode() const; // of the current search, -1 when none
    void calibrateLatency();
    void cancelCurrentJob();
    const ConfigResult& currentResult() const { return current_; }
    int selectedNode() const { return selectedNode_; }
    QString strategy() const { return strategy_; }
    Objective objective() const { return objective_; }
    AccuracyMetric metric() const { return metric_; }
    void setStrategy(const QString& s) { strategy_ = s; }
    void setObjective(Objective o); // the latency axis calibrates first when it must
    void setMetric(AccuracyMetric m);
    // A result's cost relative to the full model under the current objective, and its metric.
    double relativeCost(const ConfigResult& r) const;
    double metricOf(const ConfigResult& r) const;

    // The views' jobs (session_controller_views.cpp).
    void runAnalysis(const AnalysisOptions& o);
    void refreshMetrics(); // the full model against the current configuration
    void showImage(int index);
    void startRetrain(const RetrainRequest& r);
    void exportSelection(const QString& path, const QString& format, bool withReport);
    // The report of the open session (core buildReportData on the worker thread, the page
    // drawn by app/report's writer on this thread): what `anchorscope-cli report` writes.
    void exportReport(const QString& dir);
    void evaluateDetections(const QString& groundTruth, const QString& detections);

Q_SIGNALS:
    void statusMessage(const QString& text);
    void errorOccurred(const QString& title, const QString& message);
    void sessionReady(bool ok);
    // Files of the project being opened that are gone; answer: relocateFile or cancelOpening.
    void projectFilesMissing(const std::vector<anchorscope::ProjectFile>& roles);
    void labelMapNeeded(const LabelMap& proposed, const std::vector<Category>& categories);
    void checkpointNeedsTrust(const QString& path);      // answer: trustCheckpoint or cancelOpening
    void resizeSizesNeeded(int minSize, int maxSize);    // the model's own; answer: setResizeSizes or cancelOpening
    void projectChangedOnDisk(const QString& path);    // answer: reloadProject, or nothing
    void projectSaved(const QString& path);
    void settingsChanged();                            // strategy, objective or metric
    void resultChanged(const ConfigResult& r);         // evaluated or selected
    void configurationEvaluated();
    void configurationSelected(const std::vector<int>& removed);
    void searchStarted();
    void searchNode(const anchorscope::SearchNode& node);
    void searchFinished(bool ok);
    void validationChanged(); // currentValidation() holds the current configuration's, or none
    void latencyCalibrated(bool ok);
    void analysisReady(std::shared_ptr<const anchorscope::AnalysisView> view);
    void analysisFinished(bool ok);
    void metricsReady(std::shared_ptr<const anchorscope::MetricsComparison> m);
    void imageReady(const anchorscope::DetectionImage& image);
    void epochTrained(const anchorscope::EpochReport& e, double ap);
    void retrainFinished(bool ok, std::shared_ptr<const anchorscope::RetrainOutcome> outcome);
    void exported(const QString& path);
    void reportExported(const QString& indexHtml);
    void evaluationReady(std::shared_ptr<const anchorscope::CocoEvalResult> r);
    void evaluationFinished(bool ok);

private:
    void fail(const QString& title, const QString& message);
    // Checks the project's model in a child process first (ModelValidator), then opens.
    void startSession(const Project& p, const QString& projectPath, bool restore);
    void startValidation(const Project& p, const QString& projectPath, bool restore);
    void openValidated(const Project& p, const QString& projectPath, bool restore);
    void sessionOpened(OpenedSession&& opened, const QString& projectPath, bool restore);
    void continueOrRelocate(const std::vector<ProjectFile>& missing);
    void addRecent(const QString& path);
    void watch(const QString& projectPath);
    void projectFileChanged(const QString& path);
    void showResult(const ConfigResult& r);
    void validateCurrent(); // a job: the current configuration's interval on the validation images
    void importCheckpoint();
    void moveImportedModel(); // beside the saved project, as a job; then saves again

    struct PendingImport {
        QString checkpoint, annotations, imagesDir;
        TorchvisionImportOptions options;
    };

    JobRunner* jobs_;
    ModelValidator* validator_;
    QFileSystemWatcher* watcher_;
    std::shared_ptr<Session> session_;
    Project project_;
    QString projectPath_;
    Project pending_; // a project being opened (relocation, label map)
    QString pendingPath_;
    std::shared_ptr<ProjectInputs> pendingInputs_; // read while matching labels; used once
    PendingImport importing_;                      // a checkpoint being imported
    ModelSource importedSource_;                   // the one just imported, for the project
    ConfigResult current_;
    int selectedNode_ = -1;
    QString strategy_ = QString::fromStdString(defaultSearchStrategy());
    ValidationSettings newSessionValidation_ = ValidationSettings::split(0.5);
    QString newSessionValidationData_;
    NodeValidation currentValidation_;
    bool currentValidationKnown_ = false;
    Objective objective_ = Objective::Macs;
    AccuracyMetric metric_ = AccuracyMetric::AP;
    std::string savedHash_; // the project file as this window read or wrote it
};

} // namespace anchorscope
