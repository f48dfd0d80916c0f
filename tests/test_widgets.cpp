// SPDX-License-Identifier: GPL-3.0-or-later
// Widgets and the main window, offscreen: PR plot; the pruning view on a real (small)
// prediction cache — clicking a Pareto point selects that configuration in the grid and the
// metrics, toggling an anchor evaluates it, cancelling a running search leaves the window
// usable; evaluation of a results file on the worker; superseded results are dropped.
#include "test_util.h"

#include "anchor_grid_view.h"
#include "job_runner.h"
#include "main_window.h"
#include "pareto_plot.h"
#include "pr_curve_plot.h"
#include "qcustomplot_wrapper.h"

#include "data/shapes.h"
#include "models/detector.h"
#include "prune/prediction_cache.h"

#include <QSignalSpy>

using namespace anchorscope;

namespace {
QString fixture(const char* rel) { return QStringLiteral(ANCHORSCOPE_FIXTURES_DIR "/cocoeval/") + QString::fromLatin1(rel); }
} // namespace

class TestWidgets : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString cachePath_;

private Q_SLOTS:
    void initTestCase()
    {
        configureThreads(2);
        // A small real cache: ssd_small (3 anchors per level) on 6 shapes images.
        ShapesOptions so;
        so.numImages = 6;
        so.size = 128;
        so.seed = 2;
        const Dataset ds = generateShapesDataset(testutil::tempPath(dir_, "data"), so);
        AnchorSet a = anchorPreset("ssd_small", 128, 128);
        for (auto& L : a.levels)
            L.anchors.resize(3);
        Detector m = Detector::createNative("ssd_small", a,
                                            {{"bg", -1}, {"square", 1}, {"bar", 2}, {"ellipse", 3}, {"triangle", 4}, {"ring", 5}}, 3);
        m.mutableMeta().postprocess.scoreThreshold = 0.19f;
        m.mutableMeta().postprocess.maxDetections = 30;
        cachePath_ = dir_.filePath(QStringLiteral("t.cache"));
        buildPredictionCache(m, ds, 0.19f, 2).save(cachePath_.toStdString());
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
        QSignalSpy ready(&w, &MainWindow::sessionReady);
        w.openCache(cachePath_);
        QVERIFY(ready.wait(30000));
        QCOMPARE(ready.at(0).at(0).toBool(), true);
        QVERIFY(w.anchorGrid()->checkBox(11));
        QSignalSpy done(&w, &MainWindow::searchFinished);
        w.startSearch(QStringLiteral("greedy"));
        QVERIFY(done.wait(60000));
        QCOMPARE(done.at(0).at(0).toBool(), true);
        ParetoPlot* plot = w.paretoPlot();
        QVERIFY(plot->pointCount() > 12);
        // Click the point of a node with anchors removed.
        const int node = plot->pointCount() - 1;
        plot->plot()->replot();
        QSignalSpy clicked(plot, &ParetoPlot::nodeClicked);
        QSignalSpy selected(&w, &MainWindow::configurationSelected);
        QTest::mouseClick(plot->plot(), Qt::LeftButton, Qt::NoModifier, plot->pixelOf(node));
        QCOMPARE(clicked.count(), 1);
        const int got = clicked.at(0).at(0).toInt();
        QCOMPARE(selected.count(), 1);
        const auto removed = selected.at(0).at(0).value<std::vector<int>>();
        QCOMPARE(plot->selected(), got);
        QVERIFY(!removed.empty() || got == 0);
        QCOMPARE(w.anchorGrid()->removed(), removed); // the grid shows it
        QCOMPARE(w.currentResult().config.removed, removed);
        const QString file = dir_.filePath(QStringLiteral("front.csv"));
        QVERIFY(plot->exportCsv(file));
        QVERIFY(testutil::readText(file.toStdString()).find("node,cost_fraction,AP") == 0);
        QVERIFY(plot->exportImage(dir_.filePath(QStringLiteral("front.png"))));
    }

    void togglingAnAnchorEvaluatesIt()
    {
        MainWindow w;
        QSignalSpy ready(&w, &MainWindow::sessionReady);
        w.openCache(cachePath_);
        QVERIFY(ready.wait(30000));
        const QString before = w.metricsText();
        const int64_t fullMacs = w.currentResult().headMacs;
        QSignalSpy evaluated(&w, &MainWindow::configurationEvaluated);
        w.anchorGrid()->checkBox(0)->click(); // remove anchor 0
        QVERIFY(evaluated.wait(30000));
        QCOMPARE(w.currentResult().config.removed, std::vector<int>{0});
        QVERIFY(w.currentResult().headMacs < fullMacs);
        QVERIFY(w.metricsText() != before);
    }

    void cancellingLeavesTheWindowUsable()
    {
        MainWindow w;
        QSignalSpy ready(&w, &MainWindow::sessionReady);
        w.openCache(cachePath_);
        QVERIFY(ready.wait(30000));
        QSignalSpy done(&w, &MainWindow::searchFinished);
        w.startSearch(QStringLiteral("exhaustive"));
        QTest::qWait(50);
        w.cancelCurrentJob();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QVERIFY(w.statusText().contains(QStringLiteral("Cancelled")));
        // Still usable.
        QSignalSpy evaluated(&w, &MainWindow::configurationEvaluated);
        w.setConfiguration({1, 2});
        QVERIFY(evaluated.wait(30000));
        QCOMPARE(w.currentResult().config.removed, (std::vector<int>{1, 2}));
    }

    void badCacheGivesAMessage()
    {
        MainWindow w;
        QSignalSpy ready(&w, &MainWindow::sessionReady);
        w.openCache(QStringLiteral("/no/such.cache"));
        QVERIFY(ready.wait(30000));
        QCOMPARE(ready.at(0).at(0).toBool(), false);
        QVERIFY(w.statusText().contains(QStringLiteral("/no/such.cache")));
    }

    void evaluationFillsTheWindow()
    {
        MainWindow w;
        QSignalSpy spy(&w, &MainWindow::evaluationFinished);
        w.evaluateDetections(fixture("basic/gt.json"), fixture("basic/dt.json"));
        QVERIFY(spy.wait(20000));
        QCOMPARE(spy.at(0).at(0).toBool(), true);
        QCOMPARE(w.statsTable()->item(0, 0)->text(), QStringLiteral("0.4644")); // pycocotools AP 0.46436
        QCOMPARE(w.prCurvePlot()->curveCount(), 2);
        w.evaluateDetections(fixture("basic/gt.json"), QStringLiteral("/no/such/results.json"));
        QVERIFY(spy.wait(20000));
        QCOMPARE(spy.at(1).at(0).toBool(), false);
        QVERIFY(w.statusText().contains(QStringLiteral("/no/such/results.json")));
    }

    void supersededResultIsDropped()
    {
        MainWindow w;
        QSignalSpy spy(&w, &MainWindow::evaluationFinished);
        w.evaluateDetections(fixture("realistic_500/gt.json"), fixture("realistic_500/dt.json"));
        w.evaluateDetections(fixture("basic/gt.json"), fixture("basic/dt.json"));
        QVERIFY(spy.wait(30000));
        QTest::qWait(500);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(w.statsTable()->item(0, 0)->text(), QStringLiteral("0.4644"));
    }
};

QTEST_MAIN(TestWidgets)
#include "test_widgets.moc"
