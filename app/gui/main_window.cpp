// SPDX-License-Identifier: GPL-3.0-or-later
// The window's frame: tabs, menus, status bar with the job progress and Cancel, error
// reporting, and the evaluation view for COCO results files.
#include "main_window.h"

#include "anchor_grid_view.h"
#include "box_distribution_plot.h"
#include "redundancy_heatmap.h"
#include "training_curves.h"
#include "detection_view.h"
#include "job_runner.h"
#include "model_validator.h"
#include "pareto_plot.h"
#include "pr_curve_plot.h"
#include "pruning_session.h"

#include "data/coco_json.h"
#include "data/dataset_io.h"
#include "eval/coco_eval.h"
#include "util/progress.h"

#include <QApplication>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QScreen>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace anchorscope {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), jobs_(new JobRunner(this)), validator_(new ModelValidator(this)), tabs_(new QTabWidget(this)), split_(nullptr),
      grid_(new AnchorGridView(this)), pareto_(new ParetoPlot(this)), detections_(new DetectionView(this)),
      metrics_(new QLabel(this)), strategy_(new QComboBox(this)), xAxis_(new QComboBox(this)), yAxis_(new QComboBox(this)),
      searchButton_(new QPushButton(tr("Search"), this)), statsTable_(new QTableWidget(kCocoStatCount, 1, this)),
      prPlot_(new PrCurvePlot(this)), statusLabel_(new QLabel(this)), progress_(new QProgressBar(this)),
      cancelButton_(new QPushButton(tr("Cancel"), this)), heatmap_(new RedundancyHeatmap(this)),
      distribution_(new BoxDistributionPlot(this)), analyzeButton_(new QPushButton(tr("Analyze"), this)),
      analysisInfo_(new QLabel(this)), metricsIou_(new QComboBox(this)), metricsPr_(new PrCurvePlot(this)),
      categoryTable_(new QTableWidget(this)), trainData_(new QLineEdit(this)), holdoutData_(new QLineEdit(this)),
      retrainOut_(new QLineEdit(this)), epochs_(new QSpinBox(this)), learningRate_(new QDoubleSpinBox(this)),
      freezeBn_(new QCheckBox(tr("fine-tune: keep BatchNorm statistics frozen"), this)),
      apEachEpoch_(new QCheckBox(tr("measure AP on the session's images after every epoch"), this)),
      retrainButton_(new QPushButton(tr("Prune and retrain the selection"), this)), retrainTable_(new QTableWidget(this)),
      curves_(new TrainingCurves(this))
{
    setWindowTitle(tr("Anchorscope"));
    setObjectName(QStringLiteral("MainWindow"));
    buildPruningTab();
    buildDetectionsTab();
    buildEvaluationTab();
    buildAnalysisTab();
    buildMetricsTab();
    buildRetrainTab();
    setCentralWidget(tabs_);
    buildMenus();

    statusBar()->addWidget(statusLabel_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancelButton_);
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(220);
    progress_->hide();
    cancelButton_->hide();
    statusLabel_->setText(tr("Open a model and a dataset, a project, a prediction cache or the demo (File menu)."));
    connect(cancelButton_, &QPushButton::clicked, this, &MainWindow::cancelCurrentJob);
    connect(jobs_, &JobRunner::jobStarted, this, [this](int, const QString& title) {
        jobClock_.start();
        statusLabel_->setText(title);
        progress_->setRange(0, 1000);
        progress_->setValue(0);
        progress_->show();
        cancelButton_->show();
    });
    connect(jobs_, &JobRunner::jobProgress, this, [this](int, double f, const QString& what) {
        const double elapsed = jobClock_.isValid() ? jobClock_.elapsed() / 1000.0 : 0.0;
        if (f < 0) { // the job cannot know its size (a search without a budget): no percentage
            progress_->setRange(0, 0);
            statusLabel_->setText(tr("%1 — %2 s").arg(what).arg(qRound(elapsed)));
            return;
        }
        progress_->setRange(0, 1000);
        progress_->setValue(int(f * 1000));
        // The remaining time at the average rate so far, once there is something to go by.
        if (f > 0.02 && f < 1.0 && elapsed > 2.0)
            statusLabel_->setText(tr("%1 — about %2 s left").arg(what).arg(qRound(elapsed * (1.0 - f) / f)));
        else
            statusLabel_->setText(what);
    });
    connect(jobs_, &JobRunner::idle, this, [this]() {
        progress_->hide();
        cancelButton_->hide();
    });
    connect(jobs_, &JobRunner::jobCancelled, this, [this](int) { statusLabel_->setText(tr("Cancelled.")); });
    // The user's last size, else most of the screen.
    if (!restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray())) {
        const QRect screen = QGuiApplication::primaryScreen() ? QGuiApplication::primaryScreen()->availableGeometry()
                                                              : QRect(0, 0, 1280, 800);
        resize(screen.size() * 0.85);
        move(screen.center() - rect().center());
    }
}

void MainWindow::closeEvent(QCloseEvent* e)
{
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    QMainWindow::closeEvent(e);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New session (model + dataset)…"), this, &MainWindow::chooseModelAndDataset)->setShortcut(QKeySequence::New);
    file->addAction(tr("&Open project…"), this, [this]() {
        const QString p = QFileDialog::getOpenFileName(this, tr("Open project"), QString(), tr("Anchorscope projects (*.asproj)"));
        if (!p.isEmpty())
            openProject(p);
    })->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addAction(tr("&Save project"), this, [this]() {
        if (!projectPath_.isEmpty())
            saveProject(projectPath_);
        else if (const QString p = QFileDialog::getSaveFileName(this, tr("Save project"), QString(), tr("Anchorscope projects (*.asproj)")); !p.isEmpty())
            saveProject(p);
    })->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save project &as…"), this, [this]() {
        const QString p = QFileDialog::getSaveFileName(this, tr("Save project"), QString(), tr("Anchorscope projects (*.asproj)"));
        if (!p.isEmpty())
            saveProject(p);
    })->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    file->addAction(tr("Open prediction &cache…"), this, &MainWindow::chooseCache);
    file->addAction(tr("Open &demo"), this, [this]() { openDemo(QStringLiteral("demo")); });
    file->addAction(tr("&Evaluate detections…"), this, &MainWindow::chooseAndEvaluate);
    file->addSeparator();
    file->addAction(tr("&Prune and export the selection…"), this, &MainWindow::chooseExport);
    file->addAction(tr("Export frontier as &PNG/PDF…"), this, [this]() {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export frontier"), QString(), tr("Images (*.png *.pdf)"));
        if (!p.isEmpty() && !pareto_->exportImage(p))
            reportError(tr("Export failed"), tr("Could not write %1").arg(p));
    });
    file->addAction(tr("Export frontier table as CS&V…"), this, [this]() {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export table"), QString(), tr("CSV (*.csv)"));
        if (!p.isEmpty() && !pareto_->exportCsv(p))
            reportError(tr("Export failed"), tr("Could not write %1").arg(p));
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);
    QMenu* session = menuBar()->addMenu(tr("&Session"));
    session->addAction(tr("&Label map…"), this, &MainWindow::editLabelMap);
    session->addAction(tr("&Calibrate latency"), this, &MainWindow::calibrateLatency);
    QMenu* settings = menuBar()->addMenu(tr("Se&ttings"));
    QMenu* language = settings->addMenu(tr("&Language"));
    const QString current = QSettings().value(QStringLiteral("language")).toString();
    for (const auto& [code, name] : {std::pair<QString, QString>{QString(), tr("System default")},
                                     {QStringLiteral("en"), QStringLiteral("English")},
                                     {QStringLiteral("nl"), QStringLiteral("Nederlands")},
                                     {QStringLiteral("de"), QStringLiteral("Deutsch")}}) {
        QAction* a = language->addAction(name);
        a->setCheckable(true);
        a->setChecked(code == current);
        const QString c = code;
        connect(a, &QAction::triggered, this, [this, c]() {
            QSettings().setValue(QStringLiteral("language"), c);
            statusLabel_->setText(tr("The language changes when Anchorscope is started again."));
        });
    }
}

void MainWindow::buildEvaluationTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QHBoxLayout(page);
    statsTable_->setHorizontalHeaderLabels({tr("Value")});
    for (int i = 0; i < kCocoStatCount; ++i)
        statsTable_->setVerticalHeaderItem(i, new QTableWidgetItem(QString::fromLatin1(kCocoStatNames[size_t(i)])));
    statsTable_->horizontalHeader()->setStretchLastSection(true);
    statsTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    statsTable_->setMaximumWidth(220);
    layout->addWidget(statsTable_);
    layout->addWidget(prPlot_, 1);
    tabs_->addTab(page, tr("Evaluation"));
}

QString MainWindow::statusText() const { return statusLabel_->text(); }
QString MainWindow::metricsText() const { return metrics_->text(); }

void MainWindow::reportError(const QString& title, const QString& message)
{
    statusLabel_->setText(title + QStringLiteral(": ") + message);
    // Non-modal: the GUI thread never waits, not even for the user.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::cancelCurrentJob()
{
    if (jobs_->currentJob())
        jobs_->cancel(jobs_->currentJob());
}

void MainWindow::chooseAndEvaluate()
{
    const QString gt = QFileDialog::getOpenFileName(this, tr("Ground truth (COCO JSON)"), QString(), tr("COCO JSON (*.json)"));
    if (gt.isEmpty())
        return;
    const QString dt = QFileDialog::getOpenFileName(this, tr("Detections (COCO results)"), QString(), tr("COCO results (*.json)"));
    if (!dt.isEmpty())
        evaluateDetections(gt, dt);
}

void MainWindow::evaluateDetections(const QString& groundTruth, const QString& detections)
{
    auto result = std::make_shared<CocoEvalResult>();
    const std::string gtPath = groundTruth.toStdString(), dtPath = detections.toStdString();
    jobs_->submit(
        tr("Evaluating detections"), QStringLiteral("eval-detections"),
        [result, gtPath, dtPath](ProgressToken& t) {
            const Dataset gt = readDataset(gtPath);
            const auto dts = readCocoResults(dtPath, &gt);
            *result = CocoEvaluator(gt).evaluate(dts, &t);
        },
        [this, result]() {
            showCocoResult(*result);
            tabs_->setCurrentIndex(EvaluationTab);
            Q_EMIT evaluationFinished(true);
        },
        [this](const QString& msg) {
            reportError(tr("Evaluation failed"), msg);
            Q_EMIT evaluationFinished(false);
        });
}

void MainWindow::showCocoResult(const CocoEvalResult& r)
{
    for (int i = 0; i < kCocoStatCount; ++i)
        statsTable_->setItem(i, 0, new QTableWidgetItem(QString::number(r.stats[size_t(i)], 'f', 4)));
    const QVector<double> recall(r.params.recThrs.begin(), r.params.recThrs.end());
    for (size_t t : {size_t(0), size_t(5)}) {
        const auto curve = r.prCurve(t);
        prPlot_->setCurve(tr("IoU %1").arg(r.params.iouThrs[t], 0, 'f', 2), recall, QVector<double>(curve.begin(), curve.end()));
    }
    statusLabel_->setText(tr("AP %1, AP50 %2 over %3 images").arg(r.stats[0], 0, 'f', 3).arg(r.stats[1], 0, 'f', 3).arg(r.imageIds.size()));
}

} // namespace anchorscope
