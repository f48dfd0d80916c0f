// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
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
    QCommandLineOption gtOpt(QStringLiteral("gt"), QStringLiteral("Ground truth to evaluate against."), QStringLiteral("ANN"));
    QCommandLineOption dtOpt(QStringLiteral("dt"), QStringLiteral("COCO results to evaluate."), QStringLiteral("RESULTS"));
    QCommandLineOption shotOpt(QStringLiteral("screenshot"), QStringLiteral("Save a screenshot of the window and quit."),
                               QStringLiteral("PNG"));
    parser.addOptions({gtOpt, dtOpt, shotOpt});
    parser.process(app);

    anchorscope::MainWindow w;
    w.show();
    const QString shot = parser.value(shotOpt);
    auto takeShot = [&w, shot]() {
        if (!shot.isEmpty()) {
            w.grab().save(shot);
            QApplication::quit();
        }
    };
    if (parser.isSet(gtOpt) && parser.isSet(dtOpt)) {
        QObject::connect(&w, &anchorscope::MainWindow::evaluationFinished, &w, [takeShot](bool) {
            QTimer::singleShot(200, takeShot);
        });
        w.evaluateDetections(parser.value(gtOpt), parser.value(dtOpt));
    } else if (!shot.isEmpty()) {
        QTimer::singleShot(500, takeShot);
    }
    return app.exec();
}
