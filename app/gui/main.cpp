// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTabWidget>
#include <QTimer>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Anchorscope"));
    QApplication::setApplicationVersion(QStringLiteral(ANCHORSCOPE_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Anchor pruning for one-stage object detectors"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption cacheOpt(QStringLiteral("cache"), QStringLiteral("Open this prediction cache."), QStringLiteral("CACHE"));
    const QCommandLineOption demoOpt(QStringLiteral("demo"), QStringLiteral("Prepare and open the demo in DIR."), QStringLiteral("DIR"));
    const QCommandLineOption searchOpt(QStringLiteral("search"), QStringLiteral("Run this search strategy once open."),
                                       QStringLiteral("STRATEGY"));
    const QCommandLineOption selectOpt(QStringLiteral("select"), QStringLiteral("Select this front point after the search (index into the front)."),
                                       QStringLiteral("N"));
    const QCommandLineOption gtOpt(QStringLiteral("gt"), QStringLiteral("Ground truth to evaluate against."), QStringLiteral("ANN"));
    const QCommandLineOption dtOpt(QStringLiteral("dt"), QStringLiteral("COCO results to evaluate."), QStringLiteral("RESULTS"));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"), QStringLiteral("Save a screenshot when done and quit."),
                                     QStringLiteral("PNG"));
    parser.addOptions({cacheOpt, demoOpt, searchOpt, selectOpt, gtOpt, dtOpt, shotOpt});
    parser.process(app);

    anchorscope::MainWindow w;
    w.show();
    const QString shot = parser.value(shotOpt);
    auto finish = [&w, shot]() {
        if (!shot.isEmpty())
            QTimer::singleShot(300, &w, [&w, shot]() {
                w.grab().save(shot);
                QApplication::quit();
            });
    };
    if (parser.isSet(gtOpt) && parser.isSet(dtOpt)) {
        QObject::connect(&w, &anchorscope::MainWindow::evaluationFinished, &w, finish);
        w.evaluateDetections(parser.value(gtOpt), parser.value(dtOpt));
    } else if (parser.isSet(cacheOpt) || parser.isSet(demoOpt)) {
        const QString strategy = parser.value(searchOpt);
        const int select = parser.value(selectOpt).toInt();
        QObject::connect(&w, &anchorscope::MainWindow::sessionReady, &w, [&w, strategy, finish](bool ok) {
            if (ok && !strategy.isEmpty())
                w.startSearch(strategy);
            else
                finish();
        });
        QObject::connect(&w, &anchorscope::MainWindow::searchFinished, &w, [&w, select, finish, &parser, &selectOpt](bool) {
            if (parser.isSet(selectOpt))
                w.selectNode(select);
            finish();
        });
        if (parser.isSet(cacheOpt))
            w.openCache(parser.value(cacheOpt));
        else
            w.openDemo(parser.value(demoOpt));
    } else if (!shot.isEmpty()) {
        finish();
    }
    return app.exec();
}
