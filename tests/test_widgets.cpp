// SPDX-License-Identifier: GPL-3.0-or-later
// Widgets and the main window, offscreen: PR plot; the pruning view on a real (small)
// prediction cache — clicking a Pareto point selects that configuration in the grid and the
// metrics, toggling an anchor evaluates it, cancelling a running search leaves the window
// usable; evaluation of a results file on the worker; superseded results are dropped.
#include "test_util.h"
#include "project/session.h"
#include "unused_column_case.h"

#include "anchor_grid_view.h"
#include "box_distribution_plot.h"
#include "detection_view.h"
#include "redundancy_heatmap.h"
#include "training_curves.h"
#include "job_runner.h"
#include "label_map_dialog.h"
#include "analysis_page.h"
#include "cluster_dialog.h"
#include "detections_page.h"
#include "evaluation_page.h"
#include "main_window.h"
#include "page_registry.h"
#include "metrics_page.h"
#include "pruning_page.h"
#include "retrain_page.h"
#include "session_controller.h"
#include "model_validator.h"
#include "new_session_dialog.h"
#include "strategy_texts.h"
#include "pareto_plot.h"
#include "pr_curve_plot.h"
#include "qcustomplot_wrapper.h"

#include "data/shapes.h"
#include "eval/image_matching.h"
#include "models/detector.h"
#include "models/head_surgery.h"
#include "models/model_archive.h"
#include "util/atomic_file.h"
#include "prune/config_evaluator.h"
#include "prune/prediction_cache.h"
#include "prune/search_strategies.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QSpinBox>
#include <QMessageBox>
#include <QGuiApplication>
#include <QLabel>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QToolButton>
#include <QTranslator>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>

using namespace anchorscope;

namespace {
const std::vector<ClassInfo> kShapes{{"bg", -1}, {"square", 1}, {"bar", 2}, {"ellipse", 3}, {"triangle", 4}, {"ring", 5}};

AnchorSet threePerLevel()
{
    AnchorSet a = anchorPreset("ssd_small", 128, 128);
    for (auto& L : a.levels)
        L.anchors.resize(3);
    return a;
}

void tune(Detector& m)
{
    m.mutableMeta().postprocess.scoreThreshold = 0.19f;
    m.mutableMeta().postprocess.maxDetections = 30;
}

// The saved project without the window geometry and splitter sizes (which the platform
// and the style may adjust).
nlohmann::json withoutGeometry(const std::string& file)
{
    nlohmann::json j = testutil::readJson(file);
    j["layout"].erase("geometry");
    j["layout"].erase("state");
    j["layout"].erase("splitter"); // pixel sizes, clamped to the anchor grid's content width
    return j;
}

QString fixture(const char* rel) { return QStringLiteral(ANCHORSCOPE_FIXTURES_DIR "/cocoeval/") + QString::fromLatin1(rel); }
} // namespace

class TestWidgets : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString cachePath_, modelPath_, annotationsPath_;

    // A shown window (clicks need real geometry) with a session of the test cache.
    bool showWithCacheSession(MainWindow& w)
    {
        w.resize(1280, 800);
        w.show();
        if (!QTest::qWaitForWindowExposed(&w))
            return false;
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openCache(cachePath_);
        return ready.wait(30000) && ready.at(0).at(0).toBool();
    }

    // A session of the test model and dataset with `removed` selected and evaluated.
    bool openWithSelection(MainWindow& w, const std::vector<int>& removed)
    {
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openModelAndDataset(modelPath_, annotationsPath_);
        if (!ready.wait(60000))
            return false;
        QSignalSpy evaluated(w.controller(), &SessionController::configurationEvaluated);
        w.controller()->setConfiguration(removed);
        return evaluated.wait(30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        testutil::isolateWindowTest(dir_);
        // A small real cache: ssd_small (3 anchors per level) on 6 shapes images.
        ShapesOptions so;
        so.numImages = 6;
        so.size = 128;
        so.seed = 2;
        const Dataset ds = generateShapesDataset(testutil::tempPath(dir_, "data"), so);
        Detector m = Detector::createNative("ssd_small", threePerLevel(), kShapes, 3);
        tune(m);
        cachePath_ = dir_.filePath(QStringLiteral("t.cache"));
        buildPredictionCache(m, ds, 0.19f, 2).save(cachePath_.toStdString());
        modelPath_ = dir_.filePath(QStringLiteral("model.aspt"));
        m.save(modelPath_.toStdString());
        annotationsPath_ = dir_.filePath(QStringLiteral("data/annotations.json"));
    }

    // Validation is the window's default path: a new session holds out half of its images;
    // a search validates every front point (markers, error bars that toggle), selects the
    // recommendation and says what the interval means; the strategy box is the registry's.
    // A session of a cache alone is unvalidated, and the window says so.
    void validatedSearchInTheWindow()
    {
        {
            NewSessionDialog d;
            QCOMPARE(ValidationSettings::Source(d.validationChooser()->currentData().toInt()), ValidationSettings::Source::Split);
            QCOMPARE(d.validation().fraction, 0.5);
        }
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* page = w.page<PruningPage>();
        QComboBox* box = page->strategyChooser();
        QCOMPARE(box->count(), int(searchStrategies().size()));
        for (int i = 0; i < box->count(); ++i) {
            QCOMPARE(box->itemText(i), QString::fromLatin1(searchStrategies()[size_t(i)]->name));
            QCOMPARE(box->itemData(i, Qt::ToolTipRole).toString(), strategyDescription(*searchStrategies()[size_t(i)]));
        }
        QCOMPARE(box->currentText(), QStringLiteral("refine")); // the default
        QCOMPARE(ValidationSettings::Source(w.controller()->newSessionValidation().source), ValidationSettings::Source::Split);
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        QSignalSpy errors(w.controller(), &SessionController::errorOccurred);
        // The proposed split of a session too small for one opens unvalidated, and says why.
        w.controller()->openModelAndDataset(modelPath_, annotationsPath_);
        QVERIFY(ready.wait(60000));
        QVERIFY2(ready.at(0).at(0).toBool(), errors.isEmpty() ? "" : qPrintable(errors.at(0).at(1).toString()));
        QVERIFY(!w.controller()->hasValidation());
        QVERIFY2(page->validationText().startsWith(QStringLiteral("Unvalidated")) && page->validationText().contains(QStringLiteral("too few")),
                 qPrintable(page->validationText()));
        // A second dataset of other images as the validation images.
        ShapesOptions so;
        so.numImages = 6;
        so.size = 128;
        so.seed = 5;
        generateShapesDataset(testutil::tempPath(dir_, "validation-data"), so);
        w.controller()->setNewSessionValidation(ValidationSettings{ValidationSettings::Source::Annotations},
                                                dir_.filePath(QStringLiteral("validation-data/annotations.json")));
        ready.clear();
        w.controller()->openModelAndDataset(modelPath_, annotationsPath_);
        QVERIFY(ready.wait(60000));
        QVERIFY2(ready.at(0).at(0).toBool(), errors.isEmpty() ? "" : qPrintable(errors.at(0).at(1).toString()));
        QVERIFY(w.controller()->hasValidation());
        // The window keeps its prediction caches where the CLI's --project keeps them: core's
        // one rule (here under the test's XDG_CACHE_HOME).
        for (const FileRef* f : {&w.controller()->project().cache, &w.controller()->project().validationCache})
            QVERIFY2(QString::fromStdString(f->path).startsWith(QString::fromStdString(defaultCacheDirectory()) + QLatin1Char('/')),
                     f->path.c_str());
        const auto session = w.controller()->session();
        QCOMPARE(session->validationCache->images.size(), size_t(6));
        QCOMPARE(w.controller()->project().validation.source, ValidationSettings::Source::Annotations);
        QSignalSpy validated(w.controller(), &SessionController::validationChanged);
        QSignalSpy done(w.controller(), &SessionController::searchFinished);
        w.controller()->startSearch(QStringLiteral("ranked"));
        QVERIFY(done.wait(60000));
        QCOMPARE(done.at(0).at(0).toBool(), true);
        const SearchResult& r = *session->search;
        QVERIFY(r.validation);
        QCOMPARE(r.validation->images, session->validationCache->images.size());
        for (int f : r.front)
            QVERIFY(r.nodes[size_t(f)].validation && r.nodes[size_t(f)].validation->hasInterval);
        ParetoPlot* plot = page->paretoPlot();
        QCOMPARE(plot->validationPointCount(), int(r.front.size()));
        QCOMPARE(plot->recommended(), r.recommended);
        QCOMPARE(w.controller()->selectedNode(), r.recommended >= 0 ? r.recommended : 0);
        QVERIFY(w.controller()->currentValidationKnown()); // a validated front point brings its interval
        QVERIFY(!plot->validationPixelOf(r.front.back()).isNull());
        QVERIFY(plot->errorBarsVisible());
        page->errorBarsToggle()->setChecked(false);
        QVERIFY(!plot->errorBarsVisible());
        // A configuration off the front: validated by a job, then read in words.
        std::vector<int> removed{0, 1};
        validated.clear();
        w.controller()->setConfiguration(removed);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->currentValidationKnown()
                                     && w.controller()->currentResult().config.removed == removed, 30000);
        QVERIFY2(page->validationText().contains(QStringLiteral("on 6 validation images")), qPrintable(page->validationText()));
        QVERIFY2(page->validationText().contains(QStringLiteral("ΔAP")), qPrintable(page->validationText()));
        const NodeValidation& v = w.controller()->currentValidation();
        QVERIFY(v.hasInterval && v.deltaApCi[0] <= v.deltaAp && v.deltaAp <= v.deltaApCi[1]);
        const QString verdict = intervalVerdict(v.deltaApCi) == IntervalVerdict::NoMeasurableDifference
                                    ? QStringLiteral("no measurable loss")
                                    : QStringLiteral("measurable");
        QVERIFY2(page->validationText().contains(verdict), qPrintable(page->validationText()));
        // The project keeps the validation with the search.
        const QString file = dir_.filePath(QStringLiteral("validated.asproj"));
        QVERIFY(w.saveProject(file));
        const auto saved = testutil::readJson(file.toStdString());
        QCOMPARE(saved["validation"]["source"].get<std::string>(), std::string("annotations"));
        QVERIFY(saved["search"].contains("recommended"));

        MainWindow plain;
        QVERIFY(showWithCacheSession(plain));
        QVERIFY(!plain.controller()->hasValidation());
        QVERIFY2(plain.page<PruningPage>()->validationText().startsWith(QStringLiteral("Unvalidated")),
                 qPrintable(plain.page<PruningPage>()->validationText()));
    }

    // A session of a model and a dataset, searched, a point selected, the y-axis changed:
    // saved, reopened in a new window and saved again, it is the same project.
    void projectSavesAndReopensIdentically()
    {
        const QString p1 = dir_.filePath(QStringLiteral("a.asproj")), p2 = dir_.filePath(QStringLiteral("b.asproj"));
        std::vector<int> removed;
        QString metrics;
        int points = 0, node = 0;
        LabelMap map;
        {
            MainWindow w;
            QSignalSpy ready(w.controller(), &SessionController::sessionReady);
            w.controller()->openModelAndDataset(modelPath_, annotationsPath_);
            QVERIFY(ready.wait(60000));
            QCOMPARE(ready.at(0).at(0).toBool(), true);
            QCOMPARE(w.controller()->project().labelMap.mappedCount(), 5);
            QSignalSpy done(w.controller(), &SessionController::searchFinished);
            w.controller()->startSearch(QStringLiteral("greedy"));
            QVERIFY(done.wait(60000));
            w.page<PruningPage>()->metricChooser()->setCurrentIndex(1); // AP50
            node = w.page<PruningPage>()->paretoPlot()->pointCount() / 2;
            w.controller()->selectNode(node);
            removed = w.controller()->currentResult().config.removed;
            QVERIFY(!removed.empty());
            metrics = w.page<PruningPage>()->metricsText();
            points = w.page<PruningPage>()->paretoPlot()->pointCount();
            map = w.controller()->project().labelMap;
            QVERIFY(w.showPage(QStringLiteral("retrain")));
            QVERIFY(!w.showPage(QStringLiteral("frobnicate")));
            QVERIFY(w.saveProject(p1));
            // The page is saved by its registry name, not its position.
            QCOMPARE(testutil::readJson(p1.toStdString())["layout"]["tab"].get<std::string>(), std::string("retrain"));
            QCOMPARE(w.controller()->recentProjects().value(0), QFileInfo(p1).absoluteFilePath());
        }
        MainWindow w;
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openProject(p1);
        QVERIFY(ready.wait(60000));
        QCOMPARE(ready.at(0).at(0).toBool(), true);
        QVERIFY(!w.statusText().contains(QStringLiteral("computed"))); // the recorded cache was reused
        QCOMPARE(w.controller()->currentResult().config.removed, removed);
        QCOMPARE(w.page<PruningPage>()->anchorGrid()->removed(), removed);
        QCOMPARE(w.page<PruningPage>()->paretoPlot()->pointCount(), points);
        QCOMPARE(w.page<PruningPage>()->paretoPlot()->selected(), node);
        QCOMPARE(w.page<PruningPage>()->metricsText(), metrics);
        QCOMPARE(w.page<PruningPage>()->metricChooser()->currentText(), QStringLiteral("AP50"));
        QVERIFY(w.controller()->project().labelMap == map);
        QCOMPARE(w.currentPage(), QStringLiteral("retrain"));
        QVERIFY(w.saveProject(p2));
        QCOMPARE(withoutGeometry(p2.toStdString()), withoutGeometry(p1.toStdString()));

        // A project saved before the page list kept the tab's position: it still opens there.
        nlohmann::json old = testutil::readJson(p1.toStdString());
        old["layout"]["tab"] = "3";
        const QString p3 = dir_.filePath(QStringLiteral("c.asproj"));
        testutil::writeText(p3.toStdString(), old.dump());
        MainWindow legacy;
        QSignalSpy legacyReady(legacy.controller(), &SessionController::sessionReady);
        legacy.controller()->openProject(p3);
        QVERIFY(legacyReady.wait(60000));
        QCOMPARE(legacy.currentPage(), QString::fromLatin1(pageRegistry()[3].name));
    }

    // The tabs are the page registry's, in its order, with its translated titles.
    void pagesComeFromTheRegistry()
    {
        MainWindow w;
        QCOMPARE(w.tabs()->count(), int(pageRegistry().size()));
        for (size_t i = 0; i < pageRegistry().size(); ++i) {
            const PageEntry& p = pageRegistry()[i];
            QCOMPARE(w.tabs()->tabText(int(i)), QCoreApplication::translate("anchorscope::MainWindow", p.title));
            QCOMPARE(pageIndex(QString::fromLatin1(p.name)), int(i));
            QVERIFY(w.showPage(QString::fromLatin1(p.name)));
            QCOMPARE(w.tabs()->currentIndex(), int(i));
            QCOMPARE(w.currentPage(), QString::fromLatin1(p.name));
        }
        QCOMPARE(pageIndex(QStringLiteral("Pruning")), -1); // names are not titles
        QCOMPARE(pageNames().join(QLatin1Char(',')), QStringLiteral("pruning,detections,evaluation,analysis,metrics,retrain"));
    }

    // A model whose classes are named and numbered differently: the user completes the
    // label map, and it survives saving and reopening.
    void labelMapSurvivesARoundTrip()
    {
        std::vector<ClassInfo> classes{{"bg", -1}, {"Square", 101}, {"BAR", 102}, {"ellipse", 103}, {"triangle", 104}, {"blob", 105}};
        Detector m = Detector::createNative("ssd_small", threePerLevel(), classes, 3);
        tune(m);
        const QString model = dir_.filePath(QStringLiteral("foreign.aspt"));
        m.save(model.toStdString());
        const QString file = dir_.filePath(QStringLiteral("foreign.asproj"));
        LabelMap edited;
        {
            MainWindow w;
            QSignalSpy needed(w.controller(), &SessionController::labelMapNeeded);
            QSignalSpy ready(w.controller(), &SessionController::sessionReady);
            w.controller()->openModelAndDataset(model, annotationsPath_);
            QVERIFY(needed.wait(60000));
            auto* dialog = w.findChild<LabelMapDialog*>();
            QVERIFY(dialog);
            QCOMPARE(dialog->chooser(4)->currentIndex(), 0); // "blob": not evaluated
            dialog->chooser(4)->setCurrentIndex(dialog->chooser(4)->findData(QVariant::fromValue<qint64>(5))); // → ring
            dialog->accept();
            QVERIFY(ready.wait(60000));
            QCOMPARE(ready.at(0).at(0).toBool(), true);
            edited = w.controller()->project().labelMap;
            QCOMPARE(edited.entries[4].datasetCategoryId, int64_t(5));
            QCOMPARE(edited.entries[4].matchedBy, std::string("user"));
            QCOMPARE(edited.entries[0].datasetCategoryId, int64_t(1)); // "Square" by name
            QVERIFY(w.saveProject(file));
        }
        MainWindow w;
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openProject(file);
        QVERIFY(ready.wait(60000));
        QVERIFY(w.controller()->project().labelMap == edited);
        // Unmapping a class through the window recomputes the session with the new map.
        LabelMap fewer = edited;
        fewer.assign(5, -1);
        QSignalSpy again(w.controller(), &SessionController::sessionReady);
        w.controller()->setLabelMap(fewer);
        QVERIFY(again.wait(60000));
        QVERIFY(w.controller()->project().labelMap == fewer);
        QVERIFY(w.statusText().contains(QStringLiteral("computed")));
    }

    // Models are checked in a child process: a crash there is a message, not a dead window;
    // an invalid model is refused with the validator's reason; a valid one is checked once.
    void modelsAreValidatedInAChildProcess()
    {
        // A "validator" that dies of a segmentation fault, as LibTorch might on a hostile file.
        const QString crasher = dir_.filePath(QStringLiteral("crashing-validator.sh"));
        testutil::writeText(crasher.toStdString(), "#!/bin/sh\nkill -SEGV $$\n");
        QFile::setPermissions(crasher, QFile::permissions(crasher) | QFileDevice::ExeOwner);
        {
            MainWindow w;
            w.controller()->validator()->setProgram(crasher);
            QSignalSpy ready(w.controller(), &SessionController::sessionReady);
            w.controller()->openModelAndDataset(modelPath_, annotationsPath_);
            QVERIFY(ready.wait(30000));
            QCOMPARE(ready.at(0).at(0).toBool(), false);
            QVERIFY2(w.statusText().contains(QStringLiteral("crashed the process that checked it")), qPrintable(w.statusText()));
        }
        // NaN weights: the real validator's message reaches the user.
        Detector bad = Detector::createNative("ssd_small", threePerLevel(), kShapes, 4);
        tune(bad);
        const QString nanModel = dir_.filePath(QStringLiteral("nan.aspt"));
        {
            bad.save(nanModel.toStdString());
            // Flip one stored float of the first weight tensor to NaN, keeping the zip valid.
            std::string bytes = readWholeFile(nanModel.toStdString());
            const ModelArchiveLayout layout = checkModelArchiveBytes(bytes, "nan.aspt");
            const ModelArchiveEntry* data0 = layout.find("data/0");
            QVERIFY(data0 && data0->method == 0 && data0->size >= 4);
            const float nan = std::nanf("");
            std::memcpy(&bytes[data0->dataOffset], &nan, 4);
            writeFileAtomically(nanModel.toStdString(), bytes);
        }
        {
            MainWindow w;
            QSignalSpy ready(w.controller(), &SessionController::sessionReady);
            w.controller()->openModelAndDataset(nanModel, annotationsPath_);
            QVERIFY(ready.wait(60000));
            QCOMPARE(ready.at(0).at(0).toBool(), false);
            QVERIFY2(w.statusText().contains(QStringLiteral("NaN or Inf")), qPrintable(w.statusText()));
            QCOMPARE(w.controller()->validator()->processesStarted(), 1);
        }
        // A valid model: one child process, then remembered.
        MainWindow w;
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openModelAndDataset(modelPath_, annotationsPath_);
        QVERIFY(ready.wait(60000));
        QCOMPARE(ready.at(0).at(0).toBool(), true);
        QCOMPARE(w.controller()->validator()->processesStarted(), 1);
        w.controller()->openModelAndDataset(modelPath_, annotationsPath_);
        QVERIFY(ready.wait(60000));
        QCOMPARE(ready.at(1).at(0).toBool(), true);
        QCOMPARE(w.controller()->validator()->processesStarted(), 1);
    }

    void movedAndChangedFilesOnOpening()
    {
        const QString folder = dir_.filePath(QStringLiteral("movable"));
        QDir().mkpath(folder);
        const QString model = folder + QStringLiteral("/model.aspt");
        QVERIFY(QFile::copy(modelPath_, model));
        const QString file = folder + QStringLiteral("/p.asproj");
        {
            MainWindow w;
            QSignalSpy ready(w.controller(), &SessionController::sessionReady);
            w.controller()->openModelAndDataset(model, annotationsPath_);
            QVERIFY(ready.wait(60000));
            QSignalSpy done(w.controller(), &SessionController::searchFinished);
            w.controller()->startSearch(QStringLiteral("greedy"));
            QVERIFY(done.wait(60000));
            QVERIFY(w.saveProject(file));
        }
        const QString moved = dir_.filePath(QStringLiteral("moved-model.aspt"));
        QVERIFY(QFile::rename(model, moved));
        {
            MainWindow w;
            QSignalSpy missing(w.controller(), &SessionController::projectFilesMissing);
            QSignalSpy ready(w.controller(), &SessionController::sessionReady);
            w.controller()->openProject(file);
            QVERIFY(missing.wait(30000));
            QCOMPARE(missing.at(0).at(0).value<std::vector<ProjectFile>>(), std::vector<ProjectFile>{ProjectFile::Model});
            w.controller()->relocateFile(ProjectFile::Model, moved); // the same model: results kept
            QVERIFY(ready.wait(60000));
            QCOMPARE(ready.at(0).at(0).toBool(), true);
            QVERIFY((w.controller()->session()->search != nullptr));
            QCOMPARE(w.controller()->project().model.path, std::filesystem::path(moved.toStdString()).lexically_normal().string());
        }
        // Another model at the old place: the search no longer describes it.
        Detector other = Detector::createNative("ssd_small", threePerLevel(), kShapes, 4);
        tune(other);
        other.save(model.toStdString());
        MainWindow w;
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openProject(file);
        QVERIFY(ready.wait(60000));
        QCOMPARE(ready.at(0).at(0).toBool(), true);
        QVERIFY(!(w.controller()->session()->search != nullptr));
        QVERIFY(w.statusText().contains(QStringLiteral("computed")));
    }

    // A project saved by the window, continued headless (anchorscope-cli --project), comes
    // back: the CLI evaluates the window's selection to the window's numbers; its search is
    // stored in the project, the window notices the file changed (not after its own saves),
    // asks, and reloads it with that search and the selection kept; prune and export take
    // the selection.
    void headlessRunsContinueTheWindowsProject()
    {
        auto cli = [](const QStringList& args) {
            const testutil::CliRun r = testutil::runCli(args);
            return std::make_pair(r.code, r.outJson());
        };
        const QString file = dir_.filePath(QStringLiteral("headless.asproj"));
        const QString cacheDir = dir_.filePath(QStringLiteral("cli-caches"));
        MainWindow w;
        SessionController* c = w.controller();
        QSignalSpy ready(c, &SessionController::sessionReady);
        c->openModelAndDataset(modelPath_, annotationsPath_);
        QVERIFY(ready.wait(60000));
        QSignalSpy evaluated(c, &SessionController::configurationEvaluated);
        c->setConfiguration({1, 4});
        QVERIFY(evaluated.wait(30000));
        const ConfigResult selected = c->currentResult();
        QVERIFY(w.saveProject(file));
        QSignalSpy changed(c, &SessionController::projectChangedOnDisk);

        const auto [evalCode, e] = cli({QStringLiteral("evaluate"), QStringLiteral("--project"), file, QStringLiteral("--cache-dir"),
                                        cacheDir, QStringLiteral("--json")});
        QCOMPARE(evalCode, 0);
        QCOMPARE(e["AP"].get<double>(), selected.stats[0]);
        QCOMPARE(e["AP50"].get<double>(), selected.stats[1]);
        QCOMPARE(e["removed"], nlohmann::json({1, 4}));
        QCOMPARE(e["cache_built"].get<bool>(), false); // the window's cache, recorded in the project
        QCOMPARE(e["project_updated"].get<bool>(), false);
        QVERIFY(!QDir(cacheDir).exists());
        // An explicit --label-map wins over the project's, with a warning; the project is not
        // changed by such a run.
        {
            LabelMap other = c->project().labelMap;
            other.assign(other.entries.front().column, -1);
            const QString mapFile = dir_.filePath(QStringLiteral("headless-map.json"));
            testutil::writeText(mapFile.toStdString(), other.toJson().dump());
            const QByteArray before = testutil::readText(file.toStdString()).c_str();
            const testutil::CliRun r = testutil::runCli({QStringLiteral("evaluate"), QStringLiteral("--project"), file, QStringLiteral("--label-map"),
                                                         mapFile, QStringLiteral("--cache-dir"), cacheDir, QStringLiteral("--json")});
            const QString& err = r.err;
            QVERIFY2(r.code == 0, qPrintable(err));
            QVERIFY2(err.contains(QStringLiteral("replaces the label map")), qPrintable(err));
            QCOMPARE(QByteArray(testutil::readText(file.toStdString()).c_str()), before);
            QVERIFY(changed.count() == 0);
        }

        const auto [searchCode, s] = cli({QStringLiteral("search"), QStringLiteral("--project"), file, QStringLiteral("--strategy"),
                                          QStringLiteral("greedy"), QStringLiteral("--json")});
        QCOMPARE(searchCode, 0);
        QCOMPARE(s["project_updated"].get<bool>(), true);
        QVERIFY(changed.wait(10000));
        auto* question = w.findChild<QMessageBox*>(QStringLiteral("reloadQuestion"));
        QVERIFY(question);
        QSignalSpy reloaded(c, &SessionController::sessionReady);
        question->button(QMessageBox::Yes)->click();
        QVERIFY(reloaded.wait(60000));
        QCOMPARE(reloaded.at(0).at(0).toBool(), true);
        QVERIFY(c->session()->search);
        QCOMPARE(c->session()->search->nodes.size(), s["evaluations"].get<size_t>());
        QCOMPARE(c->strategy(), QStringLiteral("greedy"));
        QCOMPARE(w.page<PruningPage>()->paretoPlot()->pointCount(), s["evaluations"].get<int>());
        QTRY_COMPARE(c->currentResult().config.removed, selected.config.removed);
        // The window's own save is not a change to reload.
        QVERIFY(w.saveProject(file));
        QTest::qWait(300);
        QCOMPARE(changed.count(), 1);

        const QString pruned = dir_.filePath(QStringLiteral("headless-pruned.aspt"));
        const auto [pruneCode, p] = cli({QStringLiteral("prune"), QStringLiteral("--project"), file, QStringLiteral("--out"), pruned,
                                         QStringLiteral("--json")});
        QCOMPARE(pruneCode, 0);
        QCOMPARE(p["removed"], nlohmann::json({1, 4}));
        const Detector d = Detector::load(pruned.toStdString());
        QCOMPARE(d.meta().anchors.numAnchors(), 10);
        QCOMPARE(d.meta().provenance.removedAnchors, (std::vector<int>{1, 4}));
        const QString exported = dir_.filePath(QStringLiteral("headless-export.aspt"));
        const auto [exportCode, x] = cli({QStringLiteral("export"), QStringLiteral("--project"), file, QStringLiteral("--format"),
                                          QStringLiteral("torchscript"), QStringLiteral("--out"), exported, QStringLiteral("--json")});
        QCOMPARE(exportCode, 0);
        QCOMPARE(x["anchors"].get<int>(), 10);
    }

    // A torchvision checkpoint as a new session's model (New Session takes .pt / .pth): the
    // architecture recognised, the RetinaNet's resize sizes asked for with its own proposed,
    // its K + 1 columns named after the dataset by order (column 0 unused: no label map
    // question), the .aspt staged until the project is saved, then moved beside the project
    // (not the checkpoint); the full model evaluates to the stats of torchvision's own
    // detections.
    void torchvisionCheckpointOpensAsASession()
    {
        const nlohmann::json ref = testutil::readJson(ANCHORSCOPE_REFERENCE_DIR "/postprocess.json");
        const testutil::UnusedColumnCase tv =
            testutil::unusedColumnCase(ref, ANCHORSCOPE_REFERENCE_DIR, testutil::tempPath(dir_, "no-zero.json"));
        QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("checkpoints")) && QDir(dir_.path()).mkpath(QStringLiteral("project")));
        const QString checkpoint = dir_.filePath(QStringLiteral("checkpoints/k1.pth"));
        QVERIFY(QFile::copy(QString::fromStdString(tv.checkpoint), checkpoint));
        MainWindow w;
        SessionController* c = w.controller();
        QSignalSpy sizes(c, &SessionController::resizeSizesNeeded);
        QSignalSpy labels(c, &SessionController::labelMapNeeded);
        QSignalSpy ready(c, &SessionController::sessionReady);
        c->setNewSessionValidation(ValidationSettings{}); // every image: the numbers are torchvision's on the whole set
        c->openModelAndDataset(checkpoint, QString::fromStdString(tv.dataset), QString::fromStdString(tv.images));
        QVERIFY(sizes.wait(120000));
        QCOMPARE(sizes.at(0).at(0).toInt(), 800); // torchvision's defaults for a state dict
        QCOMPARE(sizes.at(0).at(1).toInt(), 1333);
        auto* dialog = w.findChild<QDialog*>(QStringLiteral("resizeDialog"));
        QVERIFY(dialog);
        dialog->findChild<QSpinBox*>(QStringLiteral("minSize"))->setValue(320);
        dialog->findChild<QSpinBox*>(QStringLiteral("maxSize"))->setValue(480);
        dialog->accept();
        QVERIFY(ready.wait(300000));
        QVERIFY2(ready.at(0).at(0).toBool(), qPrintable(w.statusText()));
        QCOMPARE(labels.count(), 0);
        const QString staged = QString::fromStdString(c->project().model.path);
        QVERIFY2(QFile::exists(staged) && !staged.startsWith(dir_.path()), qPrintable(staged));
        const LabelMap& map = c->project().labelMap;
        QCOMPARE(map.entries.front().matchedBy, std::string("unused"));
        QCOMPARE(map.mappedCount(), 4);
        const ConfigResult& full = c->session()->baseline;
        for (int i = 0; i < kCocoStatCount; ++i)
            QVERIFY2(std::fabs(full.stats[size_t(i)] - tv.want.stats[size_t(i)]) <= 1e-12,
                     qPrintable(QStringLiteral("%1: %2 vs torchvision %3").arg(QString::fromLatin1(kCocoStatNames[size_t(i)]))
                                    .arg(full.stats[size_t(i)], 0, 'g', 12).arg(tv.want.stats[size_t(i)], 0, 'g', 12)));
        // Pruned and exported from the window, back to torchvision (model.py + model.pth).
        QSignalSpy evaluated(c, &SessionController::configurationEvaluated);
        c->setConfiguration({2, 11, 20, 29, 38}); // RetinaNet: one index at every level
        QVERIFY(evaluated.wait(120000));
        QSignalSpy exported(c, &SessionController::exported);
        const QString tvDir = dir_.filePath(QStringLiteral("k1-torchvision"));
        c->exportSelection(tvDir, QStringLiteral("torchvision"), false);
        QVERIFY2(exported.wait(300000), qPrintable(w.statusText()));
        QVERIFY(QFile::exists(tvDir + QStringLiteral("/model.py")) && QFile::exists(tvDir + QStringLiteral("/model.pth")));
        QVERIFY(testutil::readText((tvDir + QStringLiteral("/model.py")).toStdString()).find("KEPT = [[0, 1, 3, 4, 5, 6, 7, 8]")
                != std::string::npos);
        // The project records the checkpoint and the answers: reopened, the model is not
        // imported again; after the checkpoint changed, it is (same sizes, no question).
        const QString file = dir_.filePath(QStringLiteral("project/k1.asproj"));
        QSignalSpy saved(c, &SessionController::projectSaved);
        QVERIFY(w.saveProject(file));
        QVERIFY(saved.count() == 2 || saved.wait(60000)); // saved again once the model moved
        const QString aspt = dir_.filePath(QStringLiteral("project/k1.aspt"));
        QVERIFY(QFile::exists(aspt) && !QFile::exists(staged));
        QCOMPARE(QString::fromStdString(c->project().model.path), aspt);
        QCOMPARE(QString::fromStdString(Project::load(file.toStdString()).model.path), aspt);
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("checkpoints/k1.aspt"))));
        const QDateTime made = QFileInfo(aspt).lastModified();
        const std::string identity = Detector::load(aspt.toStdString()).identity();
        {
            MainWindow again;
            QSignalSpy reopened(again.controller(), &SessionController::sessionReady);
            QSignalSpy asked(again.controller(), &SessionController::resizeSizesNeeded);
            again.controller()->openProject(file);
            QVERIFY(reopened.wait(300000));
            QVERIFY2(reopened.at(0).at(0).toBool(), qPrintable(again.statusText()));
            QCOMPARE(QFileInfo(aspt).lastModified(), made);
            QCOMPARE(again.controller()->project().modelSource.minSize, 320);
            QFile::remove(checkpoint);
            QVERIFY(QFile::copy(QStringLiteral(ANCHORSCOPE_REFERENCE_DIR "/parity/retinanet_resnet50_fpn.pth"), checkpoint));
            again.controller()->openProject(file);
            QVERIFY(reopened.wait(300000));
            QVERIFY2(reopened.at(1).at(0).toBool(), qPrintable(again.statusText()));
            QCOMPARE(asked.count(), 0);
            QVERIFY(Detector::load(aspt.toStdString()).identity() != identity);
            QCOMPARE(Detector::load(aspt.toStdString()).meta().inputH, 320);
            QVERIFY(again.controller()->session()->cacheBuilt);
        }
        // A file that is no checkpoint: a message, no session.
        const QString junk = dir_.filePath(QStringLiteral("junk.pth"));
        testutil::writeText(junk.toStdString(), "not a torch file");
        c->openModelAndDataset(junk, QString::fromStdString(tv.dataset), QString::fromStdString(tv.images));
        QVERIFY(ready.wait(120000));
        QCOMPARE(ready.at(1).at(0).toBool(), false);
        QVERIFY2(w.statusText().contains(QStringLiteral("cannot be read")), qPrintable(w.statusText()));
    }

    // "Run on a cluster…": the dialog shows core's torchrun command and Slurm script for what
    // the user picks (nodes, processes, device) and follows every change.
    void clusterDialogFollowsTheChoices()
    {
        ClusterJob job;
        job.project = "/data/p.asproj";
        job.trainData = "/data/train.json";
        job.output = "/data/out.aspt";
        ClusterDialog d(job);
        QVERIFY(d.command().contains(QStringLiteral("--standalone")));
        QVERIFY(d.command().contains(QStringLiteral("retrain --project /data/p.asproj --data /data/train.json")));
        d.findChild<QSpinBox*>(QStringLiteral("nodes"))->setValue(3);
        d.findChild<QSpinBox*>(QStringLiteral("processesPerNode"))->setValue(4);
        QVERIFY(d.command().contains(QStringLiteral("--nnodes=3")) && d.command().contains(QStringLiteral("--nproc_per_node=4")));
        QVERIFY(d.script().contains(QStringLiteral("#SBATCH --gpus-per-node=4")));
        auto* device = d.findChild<QComboBox*>(QStringLiteral("device"));
        device->setCurrentIndex(device->findData(QStringLiteral("cpu")));
        QVERIFY(d.command().contains(QStringLiteral("--device cpu")) && !d.script().contains(QStringLiteral("gpus-per-node")));
        QCOMPARE(d.command(), QString::fromStdString(torchrunCommand(d.job())));
    }

    // The latency axis calibrates this machine's model first; the project keeps it.
    void latencyAxis()
    {
        MainWindow w;
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openCache(cachePath_);
        QVERIFY(ready.wait(30000));
        QSignalSpy calibrated(w.controller(), &SessionController::latencyCalibrated);
        w.page<PruningPage>()->axisChooser()->setCurrentIndex(w.page<PruningPage>()->axisChooser()->findData(int(Objective::Latency)));
        QVERIFY(calibrated.wait(120000));
        QCOMPARE(calibrated.at(0).at(0).toBool(), true);
        QVERIFY(w.statusText().contains(QStringLiteral("Latency model")));
        const QString file = dir_.filePath(QStringLiteral("latency.asproj"));
        QVERIFY(w.saveProject(file));
        const nlohmann::json j = testutil::readJson(file.toStdString());
        QVERIFY(j["latency_model"].is_object());
        QCOMPARE(j["settings"]["objective"].get<std::string>(), std::string("latency"));
        MainWindow again;
        QSignalSpy reopened(again.controller(), &SessionController::sessionReady);
        QSignalSpy recalibrated(again.controller(), &SessionController::latencyCalibrated);
        again.controller()->openProject(file);
        QVERIFY(reopened.wait(30000));
        QCOMPARE(again.page<PruningPage>()->axisChooser()->currentData().toInt(), int(Objective::Latency));
        QTest::qWait(200);
        QCOMPARE(recalibrated.count(), 0); // restored, not measured again
    }

    // The detections view shows the matching of the cache's detections, per configuration,
    // and its counts follow the score slider.
    void detectionsViewShowsMatches()
    {
        MainWindow w;
        QSignalSpy shown(w.controller(), &SessionController::imageReady);
        w.controller()->openCache(cachePath_);
        QVERIFY(shown.wait(30000));
        DetectionView* view = w.page<DetectionsPage>()->view();
        QCOMPARE(view->currentIndex(), 0);
        const PredictionCache cache = PredictionCache::load(cachePath_.toStdString());
        ConfigEvaluator ev(cache, 1);
        auto expected = [&](const std::vector<int>& removed, int image) {
            return matchImage(annotationsOfImage(cache.gt, cache.images[size_t(image)].imageId),
                              ev.imageDetections(Configuration{removed}, size_t(image)));
        };
        view->setScoreThreshold(0.0);
        auto c = view->counts(0);
        auto e = expected({}, 0).counts(0.0);
        QCOMPARE(c.tp, e.tp);
        QCOMPARE(c.fp, e.fp);
        QCOMPARE(c.fn, e.fn);
        QVERIFY(c.tp + c.fp > 0);
        QCOMPARE(view->countsText(0), QStringLiteral("TP %1 · FP %2 · FN %3").arg(e.tp).arg(e.fp).arg(e.fn));
        view->setScoreThreshold(0.25);
        e = expected({}, 0).counts(0.25);
        QCOMPARE(view->counts(0).fp, e.fp);
        QCOMPARE(view->counts(0).fn, e.fn);
        // Next image.
        QVERIFY(w.showPage(QStringLiteral("detections")));
        view->findChildren<QPushButton*>().at(1)->click();
        QVERIFY(shown.wait(30000));
        QCOMPARE(view->currentIndex(), 1);
        // A configuration: the right panel follows, the left stays the full model.
        const std::vector<int> removed{0, 1, 2, 3, 4, 5};
        w.controller()->setConfiguration(removed);
        QVERIFY(QTest::qWaitFor([&]() { return shown.count() == 3; }, 30000));
        view->setScoreThreshold(0.0);
        const auto sel = expected(removed, 1).counts(0.0), base = expected({}, 1).counts(0.0);
        QCOMPARE(view->counts(1).tp + view->counts(1).fp, sel.tp + sel.fp);
        QCOMPARE(view->counts(1).fn, sel.fn);
        QCOMPARE(view->counts(0).tp + view->counts(0).fp, base.tp + base.fp);
        QVERIFY(sel.tp + sel.fp < base.tp + base.fp); // six anchors fewer, fewer detections
    }

    // The embedded Dutch and German translations load and reach the window.
    void translationsApply()
    {
        const std::vector<std::pair<QString, QString>> cases{{QStringLiteral("nl"), QStringLiteral("Snoeien")},
                                                             {QStringLiteral("de"), QStringLiteral("Beschneiden")}};
        for (const auto& [lang, pruning] : cases) {
            QTranslator t;
            QVERIFY2(t.load(QStringLiteral(":/i18n/anchorscope_") + lang), qPrintable(lang));
            QCoreApplication::installTranslator(&t);
            {
                MainWindow w;
                QCOMPARE(w.tabs()->tabText(pageIndex(QStringLiteral("pruning"))), pruning);
            }
            QCoreApplication::removeTranslator(&t);
        }
        MainWindow english;
        QCOMPARE(english.tabs()->tabText(pageIndex(QStringLiteral("pruning"))), QStringLiteral("Pruning"));
    }

    // The metrics view: per-category AP of the full model and the selection, and their Δ.
    // The page refreshes when it is shown (a shown window: a hidden page never is).
    void metricsCompareFullAndSelected()
    {
        MainWindow w;
        QVERIFY(showWithCacheSession(w));
        QSignalSpy evaluated(w.controller(), &SessionController::configurationEvaluated);
        const std::vector<int> removed{0, 3, 6, 9};
        w.controller()->setConfiguration(removed);
        QVERIFY(evaluated.wait(30000));
        QSignalSpy updated(w.page<MetricsPage>(), &MetricsPage::metricsUpdated);
        QVERIFY(w.showPage(QStringLiteral("metrics")));
        QVERIFY(updated.wait(30000));
        const PredictionCache cache = PredictionCache::load(cachePath_.toStdString());
        ConfigEvaluator ev(cache, 1);
        const ConfigResult full = ev.evaluate({}), chosen = ev.evaluate(Configuration{removed});
        QTableWidget* t = w.page<MetricsPage>()->categoryTable();
        QCOMPARE(t->rowCount(), int(full.perCategoryAP.size()));
        for (int k = 0; k < t->rowCount(); ++k) {
            if (full.perCategoryAP[size_t(k)] < 0 || chosen.perCategoryAP[size_t(k)] < 0)
                continue;
            QCOMPARE(t->item(k, 1)->text(), QString::number(full.perCategoryAP[size_t(k)], 'f', 4));
            QCOMPARE(t->item(k, 3)->text(), QString::number(chosen.perCategoryAP[size_t(k)] - full.perCategoryAP[size_t(k)], 'f', 4));
        }
        QCOMPARE(t->item(0, 0)->text(), QStringLiteral("square"));
        QCOMPARE(w.page<MetricsPage>()->prPlot()->curveCount(), 2);
    }

    // Prune and export the selection in every format; the package loads with the anchors left.
    void exportWritesFilesThatLoad()
    {
        MainWindow w;
        QVERIFY(openWithSelection(w, {1, 2, 5}));
        QSignalSpy exported(w.controller(), &SessionController::exported);
        const QString pkg = dir_.filePath(QStringLiteral("export/pruned.aspt"));
        QDir().mkpath(dir_.filePath(QStringLiteral("export")));
        w.controller()->exportSelection(pkg, QStringLiteral("torchscript"), true);
        QVERIFY(exported.wait(60000));
        const Detector d = Detector::load(pkg.toStdString());
        QCOMPARE(d.meta().anchors.numAnchors(), 9);
        QCOMPARE(d.meta().provenance.removedAnchors, (std::vector<int>{1, 2, 5}));
        const auto report = testutil::readJson(dir_.filePath(QStringLiteral("export/pruned.report.json")).toStdString());
        QCOMPARE(report["identity"].get<std::string>(), d.identity());
        QCOMPARE(report["provenance"]["removed_anchors"], nlohmann::json({1, 2, 5}));
        const QString e2e = dir_.filePath(QStringLiteral("export/pruned-e2e.pt"));
        w.controller()->exportSelection(e2e, QStringLiteral("end2end"), false);
        QVERIFY(exported.wait(60000));
        QVERIFY(QFileInfo(e2e).size() > 1000);
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("export/pruned-e2e.report.json"))));
    }

    // File > Export report: the report of the open session about the selected configuration,
    // the same data the CLI's report computes (core buildReportData) drawn by the same writer.
    void exportReportWritesThePage()
    {
        MainWindow w;
        QVERIFY(openWithSelection(w, {1, 2, 5}));
        QSignalSpy written(w.controller(), &SessionController::reportExported);
        QSignalSpy failed(w.controller(), &SessionController::errorOccurred);
        const QString out = dir_.filePath(QStringLiteral("window-report"));
        w.controller()->exportReport(out);
        QVERIFY2(written.wait(120000), failed.isEmpty() ? "no report, no error" : qPrintable(failed.at(0).at(1).toString()));
        QCOMPARE(written.at(0).at(0).toString(), out + QStringLiteral("/index.html"));
        const auto d = testutil::readJson((out + QStringLiteral("/report.json")).toStdString());
        QCOMPARE(d["selection"]["removed"], nlohmann::json({1, 2, 5}));
        QCOMPARE(d["selection"]["why"].get<std::string>(), std::string("selected"));
        QCOMPARE(d["accuracy"]["search"]["selection"]["AP"].get<double>(), w.controller()->currentResult().stats[0]);
        QCOMPARE(d["cost"][1]["parameters"].get<int64_t>(),
                 pruneDetector(Detector::load(modelPath_.toStdString()), Configuration{{1, 2, 5}}).parameterCount());
        for (const char* f : {"index.html", "anchors.png", "distributions.png", "redundancy.png", "leave_one_out.png"})
            QVERIFY2(QFileInfo(out + QStringLiteral("/") + QString::fromLatin1(f)).size() > 500, f);
        QVERIFY(!QFile::exists(out + QStringLiteral("/pareto.png"))); // no search yet: no front, and the page says so
        QVERIFY(QString::fromStdString(testutil::readText((out + QStringLiteral("/index.html")).toStdString())).contains(QStringLiteral("no front")));
        // In the window's language: the report's texts are translated like the window's.
        QTranslator dutch;
        QVERIFY(dutch.load(QStringLiteral(":/i18n/anchorscope_nl")));
        QCoreApplication::installTranslator(&dutch);
        const QString outNl = dir_.filePath(QStringLiteral("window-report-nl"));
        w.controller()->exportReport(outNl);
        const bool done = written.wait(120000);
        QCoreApplication::removeTranslator(&dutch);
        QVERIFY(done);
        const QString nl = QString::fromStdString(testutil::readText((outNl + QStringLiteral("/index.html")).toStdString()));
        QVERIFY(nl.contains(QStringLiteral("Herkomst")) && nl.contains(QStringLiteral("Geen zoekopdracht opgegeven")));
        QVERIFY(!nl.contains(QStringLiteral("Provenance")));
    }

    // A retrain job can be cancelled midway and started again; the second run completes,
    // fills the before/after table and saves a model with the anchors left.
    void retrainCancelAndRestart()
    {
        MainWindow w;
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openModelAndDataset(modelPath_, annotationsPath_);
        QVERIFY(ready.wait(60000));
        QSignalSpy evaluated(w.controller(), &SessionController::configurationEvaluated);
        w.controller()->setConfiguration({0, 4});
        QVERIFY(evaluated.wait(30000));
        w.page<RetrainPage>()->trainDataEdit()->setText(annotationsPath_);
        w.page<RetrainPage>()->holdoutDataEdit()->clear(); // the 6-image set's holdout split is empty
        const QString out = dir_.filePath(QStringLiteral("retrained.aspt"));
        w.page<RetrainPage>()->outputEdit()->setText(out);
        QSignalSpy epochs(w.controller(), &SessionController::epochTrained);
        QSignalSpy finished(w.controller(), &SessionController::retrainFinished);
        w.page<RetrainPage>()->epochsSpin()->setValue(200);
        w.page<RetrainPage>()->start();
        QVERIFY2(epochs.wait(120000), qPrintable(w.statusText())); // one epoch done: cancel the rest
        w.controller()->cancelCurrentJob();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(!QFile::exists(out));
        w.page<RetrainPage>()->epochsSpin()->setValue(2);
        w.page<RetrainPage>()->start();
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.at(1).at(0).toBool(), true);
        QCOMPARE(w.page<RetrainPage>()->curves()->epochs(), 2);
        QVERIFY(w.page<RetrainPage>()->table()->item(0, 0) && w.page<RetrainPage>()->table()->item(0, 1));
        const Detector retrained = Detector::load(out.toStdString());
        QCOMPARE(retrained.meta().anchors.numAnchors(), 10);
        // The run is recorded as the CLI records it (core retrainModel): mode, before, after.
        const nlohmann::json run = retrained.meta().provenance.trainingRuns.back();
        QCOMPARE(run["mode"].get<std::string>(), std::string("fine-tune"));
        QVERIFY(run["before"].contains("search") && run["after"].contains("search"));
        QCOMPARE(retrained.meta().provenance.removedAnchors, (std::vector<int>{0, 4}));
    }

    void heatmapCellClickEmitsThePair()
    {
        RedundancyHeatmap h;
        h.resize(500, 600);
        h.show();
        QVERIFY(QTest::qWaitForWindowExposed(&h));
        h.setMatrix(3, {1.0, 0.5, 0.0, 0.25, 1.0, 0.0, 0.0, 0.0, 1.0}, {0, 2});
        h.setDeltaAp({-0.01, 0.0, -0.2});
        h.heatmapPlot()->replot();
        QSignalSpy spy(&h, &RedundancyHeatmap::cellClicked);
        QTest::mouseClick(h.heatmapPlot(), Qt::LeftButton, Qt::NoModifier, h.pixelOfCell(1, 0));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 1);
        QCOMPARE(spy.at(0).at(1).toInt(), 0);
        QCOMPARE(h.value(1, 0), 0.25);
    }

    void distributionFiltersChooseThePoints()
    {
        BoxDistributionPlot p;
        AnchorDistribution a{0, 0, QStringLiteral("a"), 10, 20, {{10, 20, 0.9f, true}, {12, 18, 0.4f, false}, {9, 25, 0.6f, true}}};
        AnchorDistribution b{1, 1, QStringLiteral("b"), 40, 40, {{40, 44, 0.8f, false}, {38, 41, 0.35f, true}}};
        p.setData({a, b}, {QPointF(11, 19), QPointF(39, 40)}, 2);
        QCOMPARE(p.drawnPoints(), 5);
        p.setLevel(1);
        QCOMPARE(p.shownAnchors(), QVector<int>{1});
        QCOMPARE(p.drawnPoints(), 2);
        p.setLevel(-1);
        p.setTruePositivesOnly(true);
        QCOMPARE(p.drawnPoints(), 3);
        p.setMinScore(0.5);
        QCOMPARE(p.drawnPoints(), 2);
        p.setTruePositivesOnly(false);
        p.showAnchors({1});
        QCOMPARE(p.drawnPoints(), 1); // b's point at 0.8
    }

    void analysisViewLinksHeatmapAndDistributions()
    {
        MainWindow w;
        QVERIFY(showWithCacheSession(w));
        QSignalSpy done(w.controller(), &SessionController::analysisFinished);
        QVERIFY(w.showPage(QStringLiteral("analysis")));
        w.page<AnalysisPage>()->analyze();
        QVERIFY(done.wait(60000));
        QCOMPARE(done.at(0).at(0).toBool(), true);
        RedundancyHeatmap* h = w.page<AnalysisPage>()->heatmap();
        QCOMPARE(h->size(), 12);
        h->heatmapPlot()->replot();
        QTest::mouseClick(h->heatmapPlot(), Qt::LeftButton, Qt::NoModifier, h->pixelOfCell(4, 7));
        QCOMPARE(w.page<AnalysisPage>()->distribution()->shownAnchors(), (QVector<int>{4, 7}));
    }

    // Linked selection: the grid's inspect button analyses (first time) and shows that
    // anchor; heatmap cells and clicks on distribution points are highlighted in the grid.
    void anchorGridAndDistributionsAreLinked()
    {
        MainWindow w;
        QVERIFY(showWithCacheSession(w));
        AnchorGridView* grid = w.page<PruningPage>()->anchorGrid();
        QSignalSpy done(w.controller(), &SessionController::analysisFinished);
        QVERIFY(grid->inspectButton(5));
        grid->inspectButton(5)->click();
        QCOMPARE(w.tabs()->currentIndex(), pageIndex(QStringLiteral("analysis")));
        QVERIFY(done.wait(60000));
        BoxDistributionPlot* dist = w.page<AnalysisPage>()->distribution();
        QCOMPARE(dist->shownAnchors(), QVector<int>{5});
        QCOMPARE(grid->highlighted(), std::vector<int>{5});
        QVERIFY(grid->checkBox(5)->font().bold());

        RedundancyHeatmap* h = w.page<AnalysisPage>()->heatmap();
        h->heatmapPlot()->replot();
        QTest::mouseClick(h->heatmapPlot(), Qt::LeftButton, Qt::NoModifier, h->pixelOfCell(4, 7));
        QCOMPARE(grid->highlighted(), (std::vector<int>{4, 7}));
        QVERIFY(!grid->checkBox(5)->font().bold());

        // A point only anchor 7 has under the cursor: clicking it selects anchor 7 alone.
        dist->plot()->replot();
        QPoint target(-1, -1);
        for (int g = 0; g < dist->plot()->graphCount() && target.x() < 0; ++g) {
            QCPGraph* graph = dist->plot()->graph(g);
            if (graph->property("anchor").toInt() != 7)
                continue;
            for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
                const QPoint px(int(std::lround(graph->keyAxis()->coordToPixel(it->key))),
                                int(std::lround(graph->valueAxis()->coordToPixel(it->value))));
                if (dist->anchorAt(px) == 7) {
                    target = px;
                    break;
                }
            }
        }
        QVERIFY(target.x() >= 0);
        QTest::mouseClick(dist->plot(), Qt::LeftButton, Qt::NoModifier, target);
        QCOMPARE(dist->shownAnchors(), QVector<int>{7});
        QCOMPARE(grid->highlighted(), std::vector<int>{7});

        // Inspecting with the analysis there shows the anchor at once; a level filter clears.
        grid->inspectButton(2)->click();
        QCOMPARE(dist->shownAnchors(), QVector<int>{2});
        QCOMPARE(grid->highlighted(), std::vector<int>{2});
        dist->setLevel(1);
        QVERIFY(grid->highlighted().empty());
        QCOMPARE(done.count(), 1); // analysed once
    }

    void prCurveSkipsUndefinedPoints()
    {
        PrCurvePlot plot;
        plot.setCurve(QStringLiteral("a"), {0.0, 0.5, 1.0}, {1.0, 0.8, -1.0});
        QCOMPARE(plot.curveCount(), 1);
        QCOMPARE(plot.plot()->graph(0)->dataCount(), 2);
        plot.setCurve(QStringLiteral("a"), {0.0, 0.5, 1.0}, {1.0, 0.8, 0.1});
        QCOMPARE(plot.curveCount(), 1);
        QCOMPARE(plot.plot()->graph(0)->dataCount(), 3);
        plot.clearCurves();
        QCOMPARE(plot.curveCount(), 0);
    }

    void clickingAParetoPointSelectsItsConfiguration()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openCache(cachePath_);
        QVERIFY(ready.wait(30000));
        QCOMPARE(ready.at(0).at(0).toBool(), true);
        QVERIFY(w.page<PruningPage>()->anchorGrid()->checkBox(11));
        QSignalSpy done(w.controller(), &SessionController::searchFinished);
        std::map<int, std::vector<int>> removedOf; // node index → its removed anchors, as searched
        // While it runs, the page keeps the front of the points so far (core's incremental
        // front) for the plot (redrawn every 50 ms): after every node as many front points as
        // nondominated() finds among them.
        ParetoPlot* plot = w.page<PruningPage>()->paretoPlot();
        std::vector<std::pair<double, double>> seen;
        std::vector<int> drawnFront, expectedFront;
        connect(w.controller(), &SessionController::searchNode, this, [&](const SearchNode& n) {
            removedOf[n.index] = n.result.config.removed;
            seen.emplace_back(n.cost, n.result.stats[0]);
            const auto& live = w.page<PruningPage>()->livePoints();
            drawnFront.push_back(int(std::count_if(live.begin(), live.end(), [](const ParetoPoint& p) { return p.onFront; })));
            expectedFront.push_back(int(nondominated(seen).size()));
        });
        w.controller()->startSearch(QStringLiteral("greedy"));
        QVERIFY(done.wait(60000));
        QCOMPARE(done.at(0).at(0).toBool(), true);
        QCOMPARE(drawnFront, expectedFront);
        QVERIFY(*std::max_element(expectedFront.begin(), expectedFront.end()) > 1);
        QVERIFY(plot->pointCount() > 12);
        QCOMPARE(int(removedOf.size()), plot->pointCount());
        // Click the point of a node with anchors removed (not the root, not the last: a
        // click that selects a neighbour, or the newest node, must fail).
        const int node = plot->pointCount() / 2;
        QVERIFY(removedOf.at(node).size() >= 1);
        plot->plot()->replot();
        QSignalSpy clicked(plot, &ParetoPlot::nodeClicked);
        QSignalSpy selected(w.controller(), &SessionController::configurationSelected);
        QTest::mouseClick(plot->plot(), Qt::LeftButton, Qt::NoModifier, plot->pixelOf(node));
        QCOMPARE(clicked.count(), 1);
        const int got = clicked.at(0).at(0).toInt();
        QCOMPARE(got, node);
        QCOMPARE(selected.count(), 1);
        const auto removed = selected.at(0).at(0).value<std::vector<int>>();
        QCOMPARE(plot->selected(), node);
        QCOMPARE(removed, removedOf.at(node)); // the clicked node's configuration, not another's
        QCOMPARE(w.page<PruningPage>()->anchorGrid()->removed(), removed); // the grid shows it
        QCOMPARE(w.controller()->currentResult().config.removed, removed);
        const QString file = dir_.filePath(QStringLiteral("front.csv"));
        QVERIFY(plot->exportCsv(file));
        QVERIFY(testutil::readText(file.toStdString()).find("node,cost_fraction,AP") == 0);
        QVERIFY(plot->exportImage(dir_.filePath(QStringLiteral("front.png"))));
    }

    // A search without a budget cannot know its size: its progress is evaluations, front
    // size and elapsed time, never a percentage or a remaining time; and the front line is
    // drawn while it runs, not only at the end.
    void unboundedSearchProgressAndLiveFront()
    {
        MainWindow w;
        QVERIFY(showWithCacheSession(w));
        QStringList statuses;
        QVector<int> frontPoints;
        int busy = 0, progressEvents = 0;
        connect(w.controller()->jobs(), &JobRunner::jobProgress, this, [&](int, double f, const QString&) {
            if (f >= 1.0)
                return; // "search finished"
            ++progressEvents;
            QVERIFY(f < 0); // unknown size
            statuses << w.statusText();
            busy += w.progressBar()->maximum() == 0; // the bar shows activity, not a percentage
            frontPoints << w.page<PruningPage>()->paretoPlot()->frontPointCount();
        });
        QSignalSpy done(w.controller(), &SessionController::searchFinished);
        w.controller()->startSearch(QStringLiteral("paper"));
        QVERIFY(done.wait(60000));
        QVERIFY(progressEvents >= 2);
        QCOMPARE(busy, progressEvents);
        for (const QString& s : statuses) {
            QVERIFY2(!s.contains(QLatin1Char('%')) && !s.contains(QStringLiteral("left")), qPrintable(s));
            QVERIFY2(s.contains(QStringLiteral("configurations evaluated")) && s.contains(QStringLiteral("on the front")),
                     qPrintable(s));
        }
        QVERIFY(frontPoints.first() >= 1); // after the first nodes, before the search ended
    }

    // Before the first analysis the analysis page says what it will show and how to start
    // it, instead of an empty heatmap and empty axes; after it, the views.
    void analysisPageHintsBeforeTheFirstAnalysis()
    {
        MainWindow w;
        QVERIFY(showWithCacheSession(w));
        QVERIFY(w.showPage(QStringLiteral("analysis")));
        QCOMPARE(w.page<AnalysisPage>()->stack()->currentIndex(), 0);
        auto* hint = w.page<AnalysisPage>()->stack()->findChild<QLabel*>(QStringLiteral("analysisHint"));
        QVERIFY(hint && hint->isVisible() && hint->text().contains(QStringLiteral("Analyze")));
        QVERIFY(!w.page<AnalysisPage>()->heatmap()->isVisible());
        QSignalSpy done(w.controller(), &SessionController::analysisFinished);
        w.page<AnalysisPage>()->analyze();
        QVERIFY(done.wait(60000));
        QCOMPARE(w.page<AnalysisPage>()->stack()->currentIndex(), 1);
        QVERIFY(w.page<AnalysisPage>()->heatmap()->isVisible() && !hint->isVisible());
    }

    // A first window takes most of the screen; later ones take the size the user left.
    void windowSizeFollowsTheScreenThenTheUser()
    {
        QSettings().remove(QStringLiteral("window/geometry"));
        const QSize screen = QGuiApplication::primaryScreen()->availableGeometry().size();
        QSize left;
        {
            MainWindow w;
            QVERIFY(w.width() >= 0.8 * screen.width() && w.height() >= 0.8 * screen.height());
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.resize(w.width() + 37, w.height() + 23);
            QTRY_VERIFY(w.width() > 0);
            left = w.size();
            w.close();
        }
        MainWindow again;
        QCOMPARE(again.size(), left);
        QSettings().remove(QStringLiteral("window/geometry"));
    }

    void togglingAnAnchorEvaluatesIt()
    {
        MainWindow w;
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openCache(cachePath_);
        QVERIFY(ready.wait(30000));
        const QString before = w.page<PruningPage>()->metricsText();
        const int64_t fullMacs = w.controller()->currentResult().headMacs;
        QSignalSpy evaluated(w.controller(), &SessionController::configurationEvaluated);
        w.page<PruningPage>()->anchorGrid()->checkBox(0)->click(); // remove anchor 0
        QVERIFY(evaluated.wait(30000));
        QCOMPARE(w.controller()->currentResult().config.removed, std::vector<int>{0});
        QVERIFY(w.controller()->currentResult().headMacs < fullMacs);
        QVERIFY(w.page<PruningPage>()->metricsText() != before);
    }

    void cancellingLeavesTheWindowUsable()
    {
        MainWindow w;
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openCache(cachePath_);
        QVERIFY(ready.wait(30000));
        QSignalSpy done(w.controller(), &SessionController::searchFinished);
        w.controller()->startSearch(QStringLiteral("exhaustive"));
        QTest::qWait(50);
        w.controller()->cancelCurrentJob();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QVERIFY(w.statusText().contains(QStringLiteral("Cancelled")));
        // Still usable.
        QSignalSpy evaluated(w.controller(), &SessionController::configurationEvaluated);
        w.controller()->setConfiguration({1, 2});
        QVERIFY(evaluated.wait(30000));
        QCOMPARE(w.controller()->currentResult().config.removed, (std::vector<int>{1, 2}));
    }

    void badCacheGivesAMessage()
    {
        MainWindow w;
        QSignalSpy ready(w.controller(), &SessionController::sessionReady);
        w.controller()->openCache(QStringLiteral("/no/such.cache"));
        QVERIFY(ready.wait(30000));
        QCOMPARE(ready.at(0).at(0).toBool(), false);
        QVERIFY(w.statusText().contains(QStringLiteral("/no/such.cache")));
    }

    void evaluationFillsTheWindow()
    {
        MainWindow w;
        QSignalSpy spy(w.controller(), &SessionController::evaluationFinished);
        w.controller()->evaluateDetections(fixture("basic/gt.json"), fixture("basic/dt.json"));
        QVERIFY(spy.wait(20000));
        QCOMPARE(spy.at(0).at(0).toBool(), true);
        QCOMPARE(w.page<EvaluationPage>()->statsTable()->item(0, 0)->text(), QStringLiteral("0.4644")); // pycocotools AP 0.46436
        QCOMPARE(w.page<EvaluationPage>()->prCurvePlot()->curveCount(), 2);
        w.controller()->evaluateDetections(fixture("basic/gt.json"), QStringLiteral("/no/such/results.json"));
        QVERIFY(spy.wait(20000));
        QCOMPARE(spy.at(1).at(0).toBool(), false);
        QVERIFY(w.statusText().contains(QStringLiteral("/no/such/results.json")));
    }

    void supersededResultIsDropped()
    {
        MainWindow w;
        QSignalSpy spy(w.controller(), &SessionController::evaluationFinished);
        w.controller()->evaluateDetections(fixture("realistic_500/gt.json"), fixture("realistic_500/dt.json"));
        w.controller()->evaluateDetections(fixture("basic/gt.json"), fixture("basic/dt.json"));
        QVERIFY(spy.wait(30000));
        QTest::qWait(500);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(w.page<EvaluationPage>()->statsTable()->item(0, 0)->text(), QStringLiteral("0.4644"));
    }
};

QTEST_MAIN(TestWidgets)
#include "test_widgets.moc"
