// SPDX-License-Identifier: GPL-3.0-or-later
// The window never stalls: a stall monitor (tests/stall_monitor.h) records the longest time
// the GUI thread's event loop went without running while a session opens, a search draws its
// points live, front points are clicked, every page is shown, the anchors are analysed and
// the selection is retrained for one epoch. The goal is no gap above 100 ms; the test fails
// only above 1 s (work on the GUI thread, not a slow machine), and prints each phase's worst.
#include "stall_monitor.h"
#include "test_util.h"

#include "analysis_page.h"
#include "main_window.h"
#include "page_registry.h"
#include "pareto_plot.h"
#include "pruning_page.h"
#include "qcustomplot_wrapper.h"
#include "retrain_page.h"
#include "session_controller.h"

#include "data/shapes.h"
#include "models/detector.h"
#include "prune/search_strategies.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>

using namespace anchorscope;

class TestResponsiveness : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString modelPath_, annotationsPath_;

private Q_SLOTS:
    void initTestCase()
    {
        testutil::isolateWindowTest(dir_);
        ShapesOptions so;
        so.numImages = 32;
        so.size = 128;
        so.seed = 11;
        generateShapesDataset(testutil::tempPath(dir_, "data"), so);
        // The demo's overanchorized head (60 anchors): a refine search of hundreds of live points.
        const AnchorSet anchors = anchorPreset("ssd_small_overanchorized", 128, 128);
        std::vector<ClassInfo> classes{{"bg", -1}};
        for (size_t k = 0; k < shapesClassNames().size(); ++k)
            classes.push_back({shapesClassNames()[k], int64_t(k + 1)});
        Detector m = Detector::createNative("ssd_small", anchors, classes, 3);
        m.mutableMeta().postprocess.scoreThreshold = 0.05f;
        m.mutableMeta().postprocess.maxDetections = 100;
        modelPath_ = dir_.filePath(QStringLiteral("model.aspt"));
        m.save(modelPath_.toStdString());
        annotationsPath_ = dir_.filePath(QStringLiteral("data/annotations.json"));
    }

    void theGuiThreadNeverWaits()
    {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        SessionController* c = w.controller();
        testutil::StallMonitor monitor;

        monitor.begin(QStringLiteral("open a session (model, dataset, cache, validation split)"));
        QSignalSpy ready(c, &SessionController::sessionReady);
        c->openModelAndDataset(modelPath_, annotationsPath_);
        QVERIFY(ready.wait(120000));
        QVERIFY(ready.at(0).at(0).toBool());

        monitor.begin(QStringLiteral("search (refine) with live points and validation"));
        QSignalSpy nodes(c, &SessionController::searchNode);
        QSignalSpy done(c, &SessionController::searchFinished);
        c->startSearch(QString::fromStdString(defaultSearchStrategy()));
        QVERIFY(done.wait(300000));
        QVERIFY(done.at(0).at(0).toBool());
        QVERIFY2(nodes.count() > 50, qPrintable(QString::number(nodes.count())));
        qInfo("the search drew %d live points", int(nodes.count()));

        monitor.begin(QStringLiteral("click front points"));
        ParetoPlot* plot = w.page<PruningPage>()->paretoPlot();
        plot->plot()->replot();
        QSignalSpy selected(c, &SessionController::configurationSelected);
        const int count = plot->pointCount();
        for (int node : {count / 4, count / 2, (3 * count) / 4, count - 1}) {
            QTest::mouseClick(plot->plot(), Qt::LeftButton, Qt::NoModifier, plot->pixelOf(node));
            QTest::qWait(150);
        }
        QVERIFY(selected.count() >= 1);

        monitor.begin(QStringLiteral("show every page"));
        for (const QString& name : pageNames()) {
            QVERIFY(w.showPage(name));
            QTest::qWait(300);
        }

        monitor.begin(QStringLiteral("analyse the anchors"));
        QVERIFY(w.showPage(QStringLiteral("analysis")));
        QSignalSpy analysed(c, &SessionController::analysisFinished);
        w.page<AnalysisPage>()->analyze();
        QVERIFY(analysed.wait(300000));

        monitor.begin(QStringLiteral("retrain the selection for one epoch"));
        QVERIFY(w.showPage(QStringLiteral("retrain")));
        auto* retrain = w.page<RetrainPage>();
        retrain->trainDataEdit()->setText(annotationsPath_);
        retrain->holdoutDataEdit()->clear();
        retrain->outputEdit()->setText(dir_.filePath(QStringLiteral("retrained.aspt")));
        retrain->epochsSpin()->setValue(1);
        QSignalSpy retrained(c, &SessionController::retrainFinished);
        retrain->start();
        QVERIFY(retrained.wait(300000));
        QVERIFY(retrained.at(0).at(0).toBool());

        for (const auto& p : monitor.finish()) {
            qInfo("longest GUI-thread gap %4lld ms (%d ticks): %s", static_cast<long long>(p.longestGapMs), p.ticks,
                  qPrintable(p.name));
            QVERIFY2(p.ticks > 0, qPrintable(p.name));
            QVERIFY2(p.longestGapMs < 1000, qPrintable(QStringLiteral("%1: %2 ms").arg(p.name).arg(p.longestGapMs)));
        }
    }

    // The monitor sees a stall: work on its own thread for 300 ms shows as a gap of at least
    // that, and an idle event loop as none near it.
    void theMonitorSeesAStall()
    {
        testutil::StallMonitor monitor;
        monitor.begin(QStringLiteral("idle"));
        QTest::qWait(200);
        monitor.begin(QStringLiteral("busy"));
        QTest::qWait(50);
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 300) {
        }
        QTest::qWait(50);
        const auto phases = monitor.finish();
        QCOMPARE(phases.size(), size_t(2));
        QVERIFY2(phases[0].longestGapMs < 150, qPrintable(QString::number(phases[0].longestGapMs)));
        QVERIFY2(phases[1].longestGapMs >= 300, qPrintable(QString::number(phases[1].longestGapMs)));
    }
};

QTEST_MAIN(TestResponsiveness)
#include "test_responsiveness.moc"
