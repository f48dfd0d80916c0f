// SPDX-License-Identifier: GPL-3.0-or-later
// Widgets and the main window, offscreen: the PR plot draws what it is given, an evaluation
// runs on a worker thread and fills the window, a bad file gives a message and leaves the
// window usable, and a superseded request's result is dropped.
#include "test_util.h"

#include "main_window.h"
#include "pr_curve_plot.h"
#include "qcustomplot_wrapper.h"

#include <QSignalSpy>

using namespace anchorscope;

namespace {
QString fixture(const char* rel) { return QStringLiteral(ANCHORSCOPE_FIXTURES_DIR "/cocoeval/") + QString::fromLatin1(rel); }
} // namespace

class TestWidgets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void prCurveSkipsUndefinedPoints()
    {
        PrCurvePlot plot;
        plot.setCurve(QStringLiteral("a"), {0.0, 0.5, 1.0}, {1.0, 0.8, -1.0});
        QCOMPARE(plot.curveCount(), 1);
        QCOMPARE(plot.plot()->graph(0)->dataCount(), 2);
        plot.setCurve(QStringLiteral("a"), {0.0, 0.5, 1.0}, {1.0, 0.8, 0.1}); // same name: replaced
        QCOMPARE(plot.curveCount(), 1);
        QCOMPARE(plot.plot()->graph(0)->dataCount(), 3);
        plot.setCurve(QStringLiteral("b"), {0.0}, {1.0});
        QCOMPARE(plot.curveCount(), 2);
        plot.clearCurves();
        QCOMPARE(plot.curveCount(), 0);
    }

    void evaluationFillsTheWindow()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy spy(&w, &MainWindow::evaluationFinished);
        w.evaluateDetections(fixture("basic/gt.json"), fixture("basic/dt.json"));
        QVERIFY(spy.wait(20000));
        QCOMPARE(spy.at(0).at(0).toBool(), true);
        QCOMPARE(w.statsTable()->item(0, 0)->text(), QStringLiteral("0.4644")); // pycocotools AP 0.46436
        QCOMPARE(w.prCurvePlot()->curveCount(), 2);
        QVERIFY(w.prCurvePlot()->plot()->graph(0)->dataCount() > 10);
        const QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
    }

    void badFileLeavesWindowUsable()
    {
        MainWindow w;
        w.show();
        QSignalSpy spy(&w, &MainWindow::evaluationFinished);
        w.evaluateDetections(fixture("basic/gt.json"), QStringLiteral("/no/such/results.json"));
        QVERIFY(spy.wait(20000));
        QCOMPARE(spy.at(0).at(0).toBool(), false);
        QVERIFY(w.statusText().contains(QStringLiteral("/no/such/results.json")));
        // Still usable: a good evaluation afterwards works.
        w.evaluateDetections(fixture("basic/gt.json"), fixture("basic/dt.json"));
        QVERIFY(spy.wait(20000));
        QCOMPARE(spy.at(1).at(0).toBool(), true);
    }

    void supersededResultIsDropped()
    {
        MainWindow w;
        QSignalSpy spy(&w, &MainWindow::evaluationFinished);
        w.evaluateDetections(fixture("realistic_500/gt.json"), fixture("realistic_500/dt.json"));
        w.evaluateDetections(fixture("basic/gt.json"), fixture("basic/dt.json"));
        QVERIFY(spy.wait(30000));
        QTest::qWait(3000); // give the slow first job time to finish and be dropped
        QCOMPARE(spy.count(), 1);
        QCOMPARE(w.statsTable()->item(0, 0)->text(), QStringLiteral("0.4644"));
    }
};

QTEST_MAIN(TestWidgets)
#include "test_widgets.moc"
