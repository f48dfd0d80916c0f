// SPDX-License-Identifier: GPL-3.0-or-later
// The demo command, whole (label "slow": it trains the demo detector, ~7 minutes on 2 cores):
// dataset, trained model, search and holdout caches; the model meets docs/demo-model.md's
// promise (holdout AP50 >= 0.8); a second run reuses everything; the caches evaluate to the
// model's own holdout AP.
#include "test_util.h"

using json = nlohmann::json;

namespace {

// Training the demo detector takes minutes: up to 30 per run.
testutil::CliRun cli(const QStringList& args) { return testutil::runCli(args, 1800000); }

} // namespace

class TestDemo : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void demoWhole()
    {
        const QString demo = dir_.filePath(QStringLiteral("demo"));
        testutil::CliRun r = cli({QStringLiteral("demo"), QStringLiteral("--dir"), demo, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json first = json::parse(r.out.toStdString());
        for (const char* k : {"dataset_made", "model_trained", "cache_built", "holdout_cache_built"})
            QVERIFY2(first[k].get<bool>(), k);
        for (const char* k : {"model", "train", "search", "holdout", "search_cache", "holdout_cache"})
            QVERIFY2(QFile::exists(QString::fromStdString(first[k].get<std::string>())), k);

        // The promise of docs/demo-model.md, on images the model never trained on.
        r = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), QString::fromStdString(first["model"].get<std::string>()),
                 QStringLiteral("--data"), QString::fromStdString(first["holdout"].get<std::string>()), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json model = json::parse(r.out.toStdString());
        qInfo("holdout AP %.4f, AP50 %.4f", model["AP"].get<double>(), model["AP50"].get<double>());
        QVERIFY2(model["AP50"].get<double>() >= 0.8, qPrintable(QString::number(model["AP50"].get<double>())));
        // The holdout cache evaluates to the model's own result.
        r = cli({QStringLiteral("evaluate"), QStringLiteral("--cache"), QString::fromStdString(first["holdout_cache"].get<std::string>()),
                 QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(std::fabs(json::parse(r.out.toStdString())["AP"].get<double>() - model["AP"].get<double>()) <= 1e-9);

        // Again: everything is there, nothing is redone.
        r = cli({QStringLiteral("demo"), QStringLiteral("--dir"), demo, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json second = json::parse(r.out.toStdString());
        for (const char* k : {"dataset_made", "model_trained", "cache_built", "holdout_cache_built"})
            QVERIFY2(!second[k].get<bool>(), k);
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "test_demo.moc"
