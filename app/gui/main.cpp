// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis_page.h"
#include "main_window.h"
#include "page_registry.h"
#include "retrain_page.h"
#include "session_controller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <memory>
#include <string>

namespace {

// The interface language: --language, else the saved setting, else the system locale.
// Dutch and German are embedded (:/i18n); anything else stays English.
void installTranslations(QApplication& app, const QString& requested)
{
    QString lang = requested;
    if (lang.isEmpty())
        lang = QSettings().value(QStringLiteral("language")).toString();
    if (lang.isEmpty())
        lang = QLocale::system().name();
    lang = lang.left(2);
    if (lang != QStringLiteral("nl") && lang != QStringLiteral("de"))
        return;
    auto* own = new QTranslator(&app);
    if (own->load(QStringLiteral(":/i18n/anchorscope_") + lang))
        QApplication::installTranslator(own);
    auto* qt = new QTranslator(&app); // Qt's own dialogs and buttons
    if (qt->load(QLocale(lang), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

// --help and --version print and exit: a QCoreApplication answers them, so they work
// without a display (a QApplication cannot even start there).
bool onlyPrints(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-h" || a == "-?" || a == "--help" || a == "--help-all" || a == "-v" || a == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    std::unique_ptr<QCoreApplication> core;
    if (onlyPrints(argc, argv))
        core = std::make_unique<QCoreApplication>(argc, argv);
    else
        core = std::make_unique<QApplication>(argc, argv);
    QCoreApplication& app = *core;
    QApplication::setOrganizationName(QStringLiteral("Anchorscope"));
    QApplication::setApplicationName(QStringLiteral("Anchorscope"));
    QApplication::setApplicationVersion(QStringLiteral(ANCHORSCOPE_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Anchor pruning for one-stage object detectors"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("An Anchorscope project (.asproj) to open."), QStringLiteral("[project]"));
    const QCommandLineOption cacheOpt(QStringLiteral("cache"), QStringLiteral("Open this prediction cache."), QStringLiteral("CACHE"));
    const QCommandLineOption modelOpt(QStringLiteral("model"), QStringLiteral("Open this model (.aspt) with --data."), QStringLiteral("MODEL"));
    const QCommandLineOption dataOpt(QStringLiteral("data"), QStringLiteral("The dataset for --model (COCO .json, VOC or YOLO folder)."),
                                     QStringLiteral("DATA"));
    const QCommandLineOption demoOpt(QStringLiteral("demo"), QStringLiteral("Prepare and open the demo in DIR."), QStringLiteral("DIR"));
    const QCommandLineOption searchOpt(QStringLiteral("search"), QStringLiteral("Run this search strategy once open."),
                                       QStringLiteral("STRATEGY"));
    const QCommandLineOption selectOpt(QStringLiteral("select"), QStringLiteral("Select this search node after the search."),
                                       QStringLiteral("N"));
    const QCommandLineOption tabOpt(QStringLiteral("tab"),
                                    QStringLiteral("Show this view: %1.").arg(anchorscope::pageNames().join(QStringLiteral(", "))),
                                    QStringLiteral("VIEW"));
    const QCommandLineOption imageOpt(QStringLiteral("image"), QStringLiteral("Show this image (0-based) in the detections view."),
                                      QStringLiteral("N"));
    const QCommandLineOption gtOpt(QStringLiteral("gt"), QStringLiteral("Ground truth to evaluate against."), QStringLiteral("ANN"));
    const QCommandLineOption dtOpt(QStringLiteral("dt"), QStringLiteral("COCO results to evaluate."), QStringLiteral("RESULTS"));
    const QCommandLineOption langOpt(QStringLiteral("language"), QStringLiteral("Interface language: en, nl or de (default: the setting, else the system's)."),
                                     QStringLiteral("LANG"));
    const QCommandLineOption retrainOpt(QStringLiteral("retrain"),
                                        QStringLiteral("Retrain the selected configuration for N epochs (screenshots)."),
                                        QStringLiteral("N"));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"), QStringLiteral("Save a screenshot when done and quit."),
                                     QStringLiteral("PNG"));
    parser.addOptions({cacheOpt, modelOpt, dataOpt, demoOpt, searchOpt, selectOpt, tabOpt, imageOpt, gtOpt, dtOpt, langOpt, retrainOpt, shotOpt});
    parser.process(app); // --help and --version end here
    if (parser.isSet(tabOpt) && anchorscope::pageIndex(parser.value(tabOpt)) < 0) {
        std::fprintf(stderr, "anchorscope: no view '%s' (expected %s)\n", qPrintable(parser.value(tabOpt)),
                     qPrintable(anchorscope::pageNames().join(QStringLiteral(", "))));
        return 2;
    }
    installTranslations(static_cast<QApplication&>(app), parser.value(langOpt));

    anchorscope::MainWindow w;
    w.show();
    const QString shot = parser.value(shotOpt);
    auto finish = [&w, shot]() {
        if (!shot.isEmpty())
            QTimer::singleShot(400, &w, [&w, shot]() {
                QSaveFile file(shot); // temporary file + rename, as every file the project writes
                if (file.open(QIODevice::WriteOnly) && w.grab().save(&file, "PNG"))
                    file.commit();
                QApplication::quit();
            });
    };
    const QString tab = parser.isSet(tabOpt) ? parser.value(tabOpt) : QString::fromLatin1(anchorscope::pageRegistry().front().name);
    anchorscope::SessionController* c = w.controller();
    using anchorscope::SessionController;
    // After everything asked for is shown: the chosen view (and image), then the screenshot.
    auto settle = [&w, c, &parser, &imageOpt, &tabOpt, &retrainOpt, tab, finish]() {
        if (parser.isSet(tabOpt))
            w.showPage(tab);
        if (parser.isSet(retrainOpt)) {
            QObject::connect(c, &SessionController::retrainFinished, &w, finish, Qt::SingleShotConnection);
            auto* retrain = w.page<anchorscope::RetrainPage>();
            retrain->epochsSpin()->setValue(parser.value(retrainOpt).toInt());
            retrain->start();
        } else if (tab == QStringLiteral("metrics")) {
            QObject::connect(c, &SessionController::metricsReady, &w, finish, Qt::SingleShotConnection);
            c->refreshMetrics();
        } else if (parser.isSet(imageOpt)) {
            QObject::connect(c, &SessionController::imageReady, &w, finish, Qt::SingleShotConnection);
            c->showImage(parser.value(imageOpt).toInt());
        } else {
            finish();
        }
    };
    if (parser.isSet(gtOpt) && parser.isSet(dtOpt)) {
        QObject::connect(c, &SessionController::evaluationFinished, &w, finish);
        c->evaluateDetections(parser.value(gtOpt), parser.value(dtOpt));
    } else if (parser.isSet(cacheOpt) || parser.isSet(demoOpt) || parser.isSet(modelOpt) || !parser.positionalArguments().isEmpty()) {
        const QString strategy = parser.value(searchOpt);
        QObject::connect(c, &SessionController::sessionReady, &w, [&w, c, strategy, settle, tab](bool ok) {
            if (ok && !strategy.isEmpty())
                c->startSearch(strategy);
            else if (ok && tab == QStringLiteral("analysis")) {
                QObject::connect(c, &SessionController::analysisFinished, &w, settle, Qt::SingleShotConnection);
                w.page<anchorscope::AnalysisPage>()->analyze();
            } else
                settle();
        }, Qt::SingleShotConnection);
        QObject::connect(c, &SessionController::searchFinished, &w, [c, settle, &parser, &selectOpt](bool) {
            if (parser.isSet(selectOpt))
                c->selectNode(parser.value(selectOpt).toInt());
            settle();
        });
        if (!parser.positionalArguments().isEmpty())
            c->openProject(parser.positionalArguments().front());
        else if (parser.isSet(cacheOpt))
            c->openCache(parser.value(cacheOpt));
        else if (parser.isSet(modelOpt))
            c->openModelAndDataset(parser.value(modelOpt), parser.value(dataOpt));
        else
            c->openDemo(parser.value(demoOpt));
    } else if (!shot.isEmpty()) {
        finish();
    }
    return app.exec();
}
