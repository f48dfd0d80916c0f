// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "anchor_grid_view.h"
#include "job_runner.h"
#include "pareto_plot.h"
#include "pr_curve_plot.h"
#include "pruning_session.h"

#include "data/coco_json.h"
#include "data/dataset_io.h"
#include "data/shapes.h"
#include "eval/coco_eval.h"
#include "models/detector.h"
#include "train/trainer.h"
#include "util/progress.h"

#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <filesystem>

namespace anchorscope {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), jobs_(new JobRunner(this)), tabs_(new QTabWidget(this)), grid_(new AnchorGridView(this)),
      pareto_(new ParetoPlot(this)), metrics_(new QLabel(this)), strategy_(new QComboBox(this)),
      searchButton_(new QPushButton(tr("Search"), this)), statsTable_(new QTableWidget(kCocoStatCount, 1, this)),
      prPlot_(new PrCurvePlot(this)), statusLabel_(new QLabel(this)), progress_(new QProgressBar(this)),
      cancelButton_(new QPushButton(tr("Cancel"), this))
{
    setWindowTitle(tr("Anchorscope"));
    buildPruningTab();
    buildEvaluationTab();
    setCentralWidget(tabs_);

    statusBar()->addWidget(statusLabel_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancelButton_);
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(220);
    progress_->hide();
    cancelButton_->hide();
    statusLabel_->setText(tr("Open a prediction cache (File → Open cache…) or the demo (File → Open demo)."));
    connect(cancelButton_, &QPushButton::clicked, this, &MainWindow::cancelCurrentJob);
    connect(jobs_, &JobRunner::jobStarted, this, [this](int, const QString& title) {
        statusLabel_->setText(title);
        progress_->setValue(0);
        progress_->show();
        cancelButton_->show();
    });
    connect(jobs_, &JobRunner::jobProgress, this, [this](int, double f, const QString& what) {
        progress_->setValue(int(f * 1000));
        statusLabel_->setText(what);
    });
    connect(jobs_, &JobRunner::idle, this, [this]() {
        progress_->hide();
        cancelButton_->hide();
    });
    connect(jobs_, &JobRunner::jobCancelled, this, [this](int) { statusLabel_->setText(tr("Cancelled.")); });

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &cache…"), this, &MainWindow::chooseCache);
    file->addAction(tr("Open &demo"), this, [this]() { openDemo(QStringLiteral("demo")); });
    file->addAction(tr("&Evaluate detections…"), this, &MainWindow::chooseAndEvaluate);
    file->addSeparator();
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
    file->addAction(tr("&Quit"), this, &QWidget::close);
    resize(1200, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildPruningTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Strategy:"), page));
    strategy_->addItems({QStringLiteral("paper"), QStringLiteral("greedy"), QStringLiteral("layerwise"),
                         QStringLiteral("shared"), QStringLiteral("exhaustive")});
    bar->addWidget(strategy_);
    bar->addWidget(searchButton_);
    bar->addSpacing(20);
    bar->addWidget(metrics_, 1);
    layout->addLayout(bar);
    auto* split = new QSplitter(Qt::Horizontal, page);
    split->addWidget(grid_);
    split->addWidget(pareto_);
    split->setStretchFactor(1, 1);
    split->setSizes({380, 820});
    layout->addWidget(split, 1);
    searchButton_->setEnabled(false);
    metrics_->setText(tr("No configuration yet."));
    connect(searchButton_, &QPushButton::clicked, this, [this]() { startSearch(strategy_->currentText()); });
    connect(grid_, &AnchorGridView::removedChanged, this, [this](const std::vector<int>& removed) { setConfiguration(removed); });
    connect(pareto_, &ParetoPlot::nodeClicked, this, &MainWindow::selectNode);
    tabs_->addTab(page, tr("Pruning"));
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
    tabs_->addTab(page, tr("Detections"));
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

void MainWindow::chooseCache()
{
    const QString p = QFileDialog::getOpenFileName(this, tr("Prediction cache"), QString(), tr("Prediction caches (*.cache)"));
    if (!p.isEmpty())
        openCache(p);
}

void MainWindow::openCache(const QString& path)
{
    auto result = std::make_shared<std::shared_ptr<PruningSession>>();
    const std::string p = path.toStdString();
    jobs_->submit(
        tr("Opening %1").arg(path), QStringLiteral("session"),
        [result, p](ProgressToken& t) { *result = PruningSession::open(p, t); },
        [this, result]() {
            session_ = *result;
            showSession();
            Q_EMIT sessionReady(true);
        },
        [this](const QString& msg) {
            reportError(tr("Cannot open the cache"), msg);
            Q_EMIT sessionReady(false);
        });
}

void MainWindow::openDemo(const QString& dirName)
{
    namespace fs = std::filesystem;
    const std::string dir = dirName.toStdString();
    const std::string cachePath = (fs::path(dir) / "search.cache").string();
    jobs_->submit(
        tr("Preparing the demo"), QStringLiteral("session"),
        [dir, cachePath](ProgressToken& t) {
            const fs::path d(dir);
            if (!fs::exists(d / "annotations.json")) {
                ShapesOptions o;
                o.numImages = 2000;
                o.seed = 1;
                generateShapesDataset(dir, o, &t);
            }
            if (!fs::exists(d / "model.aspt")) {
                const Dataset train = readCocoDataset((d / "train.json").string());
                std::vector<ClassInfo> classes{{"__background__", -1}};
                for (const auto& c : train.categories)
                    classes.push_back({c.name, c.id});
                Detector model = Detector::createNative("ssd_small", anchorPreset("ssd_small_overanchorized"), classes, 0);
                TrainOptions o;
                o.epochs = 12;
                trainDetector(model, train, o, &t);
                model.save((d / "model.aspt").string());
            }
            if (!fs::exists(cachePath)) {
                const Detector model = Detector::load((d / "model.aspt").string());
                const Dataset search = readCocoDataset((d / "search.json").string());
                buildPredictionCache(model, search, -1, 8, &t).save(cachePath);
            }
        },
        [this, cachePath]() { openCache(QString::fromStdString(cachePath)); },
        [this](const QString& msg) { reportError(tr("Cannot prepare the demo"), msg); });
}

double MainWindow::relativeCost(const ConfigResult& r) const
{
    return session_ && session_->baseline.headMacs > 0 ? double(r.headMacs) / double(session_->baseline.headMacs) : 1.0;
}

void MainWindow::showSession()
{
    const PredictionCache& c = *session_->cache;
    grid_->setAnchors(c.meta.anchors, c.meta.sharedHead);
    grid_->setInactiveAnchors(session_->inactiveAnchors());
    ParetoPoint base{0, 1.0, session_->baseline.stats[0], true, QString()};
    pareto_->setPoints({base});
    pareto_->setBaseline(0);
    pareto_->setSelected(0);
    searchButton_->setEnabled(true);
    showResult(session_->baseline);
    statusLabel_->setText(tr("%1: %2 images, %3 candidates above %4, %5 anchors")
                              .arg(QString::fromStdString(session_->cachePath))
                              .arg(c.images.size())
                              .arg(c.numCandidates())
                              .arg(double(c.threshold))
                              .arg(c.meta.anchors.numAnchors()));
}

void MainWindow::showResult(const ConfigResult& r)
{
    current_ = r;
    const double base = session_ ? session_->baseline.stats[0] : r.stats[0];
    metrics_->setText(tr("AP %1 (Δ %2) · AP50 %3 · head MACs %4% · boxes %5 · %6 anchors removed")
                          .arg(r.stats[0], 0, 'f', 4)
                          .arg(r.stats[0] - base, 0, 'f', 4)
                          .arg(r.stats[1], 0, 'f', 4)
                          .arg(100.0 * relativeCost(r), 0, 'f', 1)
                          .arg(r.boxes)
                          .arg(r.config.removed.size()));
}

void MainWindow::setConfiguration(const std::vector<int>& removed)
{
    if (!session_)
        return;
    auto session = session_;
    auto result = std::make_shared<ConfigResult>();
    const Configuration c{removed};
    jobs_->submit(
        tr("Evaluating configuration"), QStringLiteral("evaluate"),
        [session, result, c](ProgressToken& t) {
            t.checkCancelled();
            *result = session->evaluator->evaluate(c);
        },
        [this, result]() {
            showResult(*result);
            Q_EMIT configurationEvaluated();
        },
        [this](const QString& msg) { reportError(tr("Invalid configuration"), msg); });
}

void MainWindow::startSearch(const QString& strategy)
{
    if (!session_)
        return;
    strategy_->setCurrentText(strategy);
    auto session = session_;
    auto result = std::make_shared<SearchResult>();
    const double full = double(session_->baseline.headMacs);
    pareto_->setPoints({});
    QPointer<MainWindow> self(this);
    const std::string s = strategy.toStdString();
    jobs_->submit(
        tr("Searching (%1)").arg(strategy), QStringLiteral("search"),
        [session, result, s, self, full](ProgressToken& t) {
            SearchOptions o;
            o.strategy = s;
            *result = runSearch(*session->evaluator, o, &t, [self, full](const SearchNode& n) {
                const ParetoPoint p{n.index, full > 0 ? double(n.result.headMacs) / full : 1.0, n.result.stats[0], false,
                                    QString::fromStdString(n.result.config.toString())};
                QMetaObject::invokeMethod(self, [self, p]() { // live while the search runs
                    if (self)
                        self->pareto_->addPoint(p);
                });
            });
        },
        [this, session, result]() {
            session->search = result;
            QVector<ParetoPoint> pts;
            for (const auto& n : result->nodes)
                pts.push_back({n.index, relativeCost(n.result), n.result.stats[0], n.onFront,
                               QString::fromStdString(n.result.config.toString())});
            pareto_->setPoints(pts);
            pareto_->setBaseline(0);
            statusLabel_->setText(tr("%1 configurations evaluated, %2 on the front, hypervolume %3")
                                      .arg(result->nodes.size())
                                      .arg(result->front.size())
                                      .arg(result->hypervolume, 0, 'g', 4));
            Q_EMIT searchFinished(true);
        },
        [this](const QString& msg) {
            reportError(tr("Search failed"), msg);
            Q_EMIT searchFinished(false);
        },
        [this]() { Q_EMIT searchFinished(false); });
}

void MainWindow::selectNode(int node)
{
    if (!session_ || !session_->search || node < 0 || node >= int(session_->search->nodes.size()))
        return;
    const SearchNode& n = session_->search->nodes[size_t(node)];
    pareto_->setSelected(node);
    grid_->setRemoved(n.result.config.removed);
    showResult(n.result);
    Q_EMIT configurationSelected(n.result.config.removed);
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
            tabs_->setCurrentIndex(1);
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
