// SPDX-License-Identifier: GPL-3.0-or-later
// The demo command, whole (label "slow": it trains the demo detector, ~7 minutes on 2 cores):
// dataset, trained model, search and holdout caches; the model meets docs/demo-model.md's
// promise (holdout AP50 >= 0.8); a second run reuses everything; the caches evaluate to the
// model's own holdout AP. Then `demo --full`, the whole job: a validated search, the
// recommended configuration (its interval keeps the promise) or one labelled unvalidated,
// prune, retrain (better than before it on the holdout split), end2end and ONNX files, the
// project the window opens, and a report a browser loads.
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

    void demoFullJob()
    {
        const QString demo = dir_.filePath(QStringLiteral("demo"));
        testutil::CliRun r = cli({QStringLiteral("demo"), QStringLiteral("--dir"), demo, QStringLiteral("--full"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json out = json::parse(r.out.toStdString());
        QVERIFY2(!out["model_trained"].get<bool>(), "the full job reuses the prepared demo");
        const json& j = out["job"];
        qInfo("%s", j.dump().c_str());
        const json& choice = j["choice"];
        const std::vector<int> removed = choice["removed"].get<std::vector<int>>();
        if (choice["validated"].get<bool>()) {
            QVERIFY(!removed.empty());
            QVERIFY(choice["validation"]["delta_ap_ci"][0].get<double>() >= -j["search"]["max_drop"].get<double>());
        } else {
            QVERIFY2(QString::fromStdString(choice["rule"].get<std::string>()).startsWith(QStringLiteral("UNVALIDATED"))
                         || removed.empty(),
                     "an unvalidated choice says so");
        }
        QCOMPARE(j["anchors"]["kept"].get<int>(), j["anchors"]["total"].get<int>() - int(removed.size()));
        QVERIFY(j["head_macs"]["pruned"].get<int64_t>() <= j["head_macs"]["full"].get<int64_t>());
        for (const char* k : {"full", "pruned", "retrained", "end2end", "onnx"}) {
            const QString f = QString::fromStdString(j["files"][k]["path"].get<std::string>());
            QVERIFY2(f.startsWith(demo), k);
            QCOMPARE(QFileInfo(f).size(), qint64(j["files"][k]["bytes"].get<int64_t>()));
            QVERIFY2(QFileInfo(f).size() > 10000, k);
        }
        QVERIFY(QFile::exists(QString::fromStdString(j["files"]["onnx_sidecar"].get<std::string>())));
        // The pruned model, before retraining, is the searched configuration (inference
        // against the cache's evaluation: the pruned model equals the masked one to 1e-5).
        r = cli({QStringLiteral("evaluate"), QStringLiteral("--cache"), demo + QStringLiteral("/search.cache"), QStringLiteral("--remove"),
                 QString::fromStdString(nlohmann::json(removed).dump()).remove(QLatin1Char('[')).remove(QLatin1Char(']')),
                 QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(std::fabs(json::parse(r.out.toStdString())["AP"].get<double>() - j["ap"]["pruned"]["search"]["AP"].get<double>()) < 2e-3);
        QVERIFY2(j["ap"]["retrained"]["holdout"]["AP"].get<double>() > j["ap"]["pruned"]["holdout"]["AP"].get<double>(),
                 "3 epochs of fine-tuning recover AP on images they never saw");
        // The project holds the search and the selection the window opens on.
        const json project = testutil::readJson(j["files"]["project"].get<std::string>());
        QCOMPARE(project["selection"]["removed"].get<std::vector<int>>(), removed);
        QVERIFY(!project["search"].is_null());
        // The report: the job's numbers, and it loads.
        const QString index = QString::fromStdString(j["files"]["report"].get<std::string>());
        const json data = testutil::readJson(QFileInfo(index).dir().filePath(QStringLiteral("report.json")).toStdString());
        QCOMPARE(data["selection"]["removed"].get<std::vector<int>>(), removed);
        QCOMPARE(data["extra"]["demo"]["ap"], j["ap"]);
        // Per class after retraining on the validation images: the retrained model's own AP.
        QCOMPARE(data["per_class"].size(), size_t(5));
        QVERIFY(std::fabs(data["per_class"][4]["AP"].get<double>() - j["ap"]["retrained"]["holdout"]["AP"].get<double>()) <= 1e-9);
        QCOMPARE(testutil::reportStatus(index), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "test_demo.moc"
