// SPDX-License-Identifier: GPL-3.0-or-later
// anchorscope-cli report and its renderer: the page's numbers are the library's (the
// baseline, per-class AP, the selection's interval, leave-one-out ΔAP, cost), the selection
// is the search's recommendation, every picture the page names is there, a real browser
// (headless Chromium) loads it with no missing image and no script error, and bad inputs
// are refused with a message while the previous report stays whole. The cache is shaped like
// a trained detector's (scores saturating at 1.0, ties, every anchor firing in most images).
#include "search_spaces.h"
#include "test_util.h"

#include "analysis/anchor_analysis.h"
#include "prune/cache_split.h"
#include "prune/config_evaluator.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using testutil::CliRun;
using testutil::runCli;

namespace {

QString s(const char* t)
{
    return QString::fromUtf8(t);
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString searchCache_, validationCache_, pareto_, report_;
    anchorscope::PredictionCache search_;

    QString path(const char* name) const { return dir_.filePath(s(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        using namespace anchorscope;
        QVERIFY(dir_.isValid());
        const PredictionCache whole = testutil::syntheticSpace(false, 120, 9);
        const CacheSplit parts = splitCacheByImage(whole, 0.5, 1);
        search_ = parts.search;
        searchCache_ = path("s.cache");
        validationCache_ = path("v.cache");
        parts.search.save(searchCache_.toStdString());
        parts.validation.save(validationCache_.toStdString());
        pareto_ = path("p.json");
        const CliRun r = runCli({s("search"), s("--cache"), searchCache_, s("--validation-cache"), validationCache_, s("--max-drop"),
                                 s("0.03"), s("--out"), pareto_});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        report_ = path("report");
        const CliRun rep = runCli({s("report"), s("--cache"), searchCache_, s("--validation-cache"), validationCache_, s("--search"),
                                   pareto_, s("--out"), report_, s("--json")});
        QVERIFY2(rep.code == 0, qPrintable(rep.err));
    }

    // The numbers on the page are the library's, and the selection is the recommendation.
    void dataIsTheLibrarys()
    {
        using namespace anchorscope;
        const nlohmann::json p = testutil::readJson(pareto_.toStdString());
        const nlohmann::json d = testutil::readJson((report_ + s("/report.json")).toStdString());
        QCOMPARE(QString::fromStdString(d["format"].get<std::string>()), s("anchorscope-report"));
        QVERIFY2(!p["recommended"].is_null(), "the case must have a recommendation (max drop 0.03 on a trained-like cache)");
        const int rec = p["recommended"].get<int>();
        QCOMPARE(d["recommended"].get<int>(), rec);
        QCOMPARE(d["selection"]["node"].get<int>(), rec);
        QCOMPARE(QString::fromStdString(d["selection"]["why"].get<std::string>()), s("recommended"));
        const std::vector<int> removed = p["nodes"][size_t(rec)]["removed"].get<std::vector<int>>();
        QCOMPARE(d["selection"]["removed"].get<std::vector<int>>(), removed);
        QVERIFY(!removed.empty());

        ConfigEvaluator ev(search_, 2);
        const CocoEvalResult full = ev.cocoEvaluation({}), sel = ev.cocoEvaluation({removed});
        QCOMPARE(d["accuracy"]["search"]["full"]["AP"].get<double>(), full.stats[0]);
        QCOMPARE(d["accuracy"]["search"]["full"]["AP"].get<double>(), p["baseline_ap"].get<double>());
        QCOMPARE(d["accuracy"]["search"]["selection"]["AP"].get<double>(), sel.stats[0]);
        QCOMPARE(d["per_class"].size(), size_t(4)); // full and selection on both image sets
        for (size_t k = 0; k < sel.categoryIds.size(); ++k) {
            const std::string id = std::to_string(sel.categoryIds[k]);
            QCOMPARE(d["per_class"][0]["per_category"][id].get<double>(), full.perCategoryAP[k]);
            QCOMPARE(d["per_class"][1]["per_category"][id].get<double>(), sel.perCategoryAP[k]);
        }
        // The selection's interval is the one the search's validation gave that node (same
        // replicates, same seed).
        const auto& v = p["nodes"][size_t(rec)]["validation"];
        QCOMPARE(d["accuracy"]["validation"]["delta_ap"].get<double>(), v["delta_ap"].get<double>());
        QCOMPARE(d["accuracy"]["validation"]["delta_ap_ci"], v["delta_ap_ci"]);
        QVERIFY(d["accuracy"]["validation"]["delta_ap_ci"][0].get<double>() >= -0.03);
        // Leave-one-out ΔAP and the redundancy matrix: the analysis's.
        const AnalysisResult a = analyzeCache(search_, ev);
        QCOMPARE(d["analysis"]["anchors"].size(), a.anchors.size());
        for (size_t i = 0; i < a.anchors.size(); ++i)
            QCOMPARE(d["analysis"]["anchors"][i]["delta_ap"].get<double>(), a.anchors[i].deltaAp);
        QCOMPARE(d["analysis"]["redundancy"].get<std::vector<double>>(), a.redundancy);
        // Cost rows: the cost model's.
        QCOMPARE(d["cost"][0]["head_macs"].get<int64_t>(), ev.cost({}).headMacs);
        QCOMPARE(d["cost"][1]["head_macs"].get<int64_t>(), ev.cost({removed}).headMacs);
        QCOMPARE(d["cost"][1]["anchors"].get<int>(), search_.meta.anchors.numAnchors() - int(removed.size()));
        QVERIFY(d["cost"][1]["postprocess_ms"].get<double>() > 0);
        QCOMPARE(QString::fromStdString(d["provenance"]["commands"][0].get<std::string>()).section(QLatin1Char(' '), 0, 1),
                 s("anchorscope-cli report"));
    }

    // The page names every picture, each is there, and reads the interval as the rule says.
    void pageShowsTheStory()
    {
        const nlohmann::json d = testutil::readJson((report_ + s("/report.json")).toStdString());
        const QString html = QString::fromStdString(testutil::readText((report_ + s("/index.html")).toStdString()));
        QStringList images;
        for (const auto& m : QRegularExpression(s("<img src=\"([^\"]+)\"")).globalMatch(html))
            images << m.captured(1);
        for (const char* stem : {"pareto", "anchors", "distributions", "redundancy", "leave_one_out"})
            QVERIFY2(images.contains(s(stem) + s(".png")), stem);
        QCOMPARE(images.filter(QRegularExpression(s("^distributions_level\\d+\\.png$"))).size(), qsizetype(d["anchors"]["levels"].size()));
        for (const QString& img : images)
            QVERIFY2(QFileInfo(report_ + s("/") + img).size() > 1000, qPrintable(img));
        for (const char* stem : {"pareto", "distributions", "redundancy", "leave_one_out"}) {
            QVERIFY2(QFileInfo(report_ + s("/") + s(stem) + s(".pdf")).size() > 1000, stem);
            QVERIFY2(html.contains(s("href=\"") + s(stem) + s(".svg\"")), stem);
            // The SVG is a whole document with drawing in it, not an empty page.
            QFile svg(report_ + s("/") + s(stem) + s(".svg"));
            QVERIFY2(svg.open(QIODevice::ReadOnly), stem);
            QXmlStreamReader xml(&svg);
            int drawn = 0;
            while (!xml.atEnd())
                if (xml.readNext() == QXmlStreamReader::StartElement
                    && (xml.name() == s("path") || xml.name() == s("polyline") || xml.name() == s("text")))
                    ++drawn;
            QVERIFY2(!xml.hasError(), qPrintable(s(stem) + s(": ") + xml.errorString()));
            QVERIFY2(drawn > 20, stem);
        }
        const auto& v = d["accuracy"]["validation"];
        const QString ci = QString::number(v["delta_ap_ci"][0].get<double>(), 'f', 4);
        QVERIFY2(html.contains(s("Recommended configuration")), "the decision box names the recommendation");
        QVERIFY2(html.contains(ci), qPrintable(s("the interval's lower bound %1 is on the page").arg(ci)));
        QVERIFY(html.contains(s("on 60 validation images")));
        QVERIFY(html.contains(s("<td>recommended")));
        // One row per front point in the front table, each category in the per-class table.
        QCOMPARE(html.count(s("<td>recommended")), 1);
        for (const auto& c : d["provenance"]["categories"])
            QVERIFY(html.contains(s("<td>") + QString::fromStdString(c["name"].get<std::string>()) + s("</td>")));
    }

    // A real browser loads the page: every image decoded, no script error. Removing a
    // picture is caught by the same check.
    void browserLoadsIt()
    {
        QVERIFY2(!QStandardPaths::findExecutable(s("chromium")).isEmpty(),
                 "Debian's chromium is needed (bash scripts/install-deps.sh test installs it)");
        QCOMPARE(testutil::reportStatus((report_ + s("/index.html"))), s("ok"));
        const QString copy = path("broken");
        QDir().mkpath(copy);
        for (const QString& f : QDir(report_).entryList(QDir::Files))
            QFile::copy(report_ + s("/") + f, copy + s("/") + f);
        QVERIFY(QFile::remove(copy + s("/anchors.png")));
        QCOMPARE(testutil::reportStatus((copy + s("/index.html"))), s("broken: anchors.png"));
    }

    // Another model's file, a search of another cache, a malformed report: a message, exit 1,
    // and the report already on disk is left whole.
    void badInputsAreRefused()
    {
        const QByteArray before = QByteArray::fromStdString(testutil::readText((report_ + s("/index.html")).toStdString()));
        anchorscope::PredictionCache other = search_;
        other.identity = other.modelIdentity = "someone else's model";
        other.save(path("other.cache").toStdString());
        CliRun r = runCli({s("report"), s("--cache"), path("other.cache"), s("--search"), pareto_, s("--out"), report_});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("another prediction cache")), qPrintable(r.err));
        r = runCli({s("report"), s("--cache"), searchCache_, s("--validation-cache"), path("other.cache"), s("--out"), report_});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("another model")), qPrintable(r.err));
        r = runCli({s("report"), s("--cache"), path("missing.cache"), s("--out"), report_});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("missing.cache")), qPrintable(r.err));

        const QString renderer = QFileInfo(s(ANCHORSCOPE_CLI)).dir().filePath(s("anchorscope-report"));
        testutil::writeText(path("bad.json").toStdString(), "{\"format\": \"anchorscope-report\", \"version\": 1, \"anchors\": 3}");
        testutil::writeText(path("truncated.json").toStdString(), "{\"format\": \"anchorscope-rep");
        testutil::writeText(path("other.json").toStdString(), "{\"format\": \"something else\"}");
        for (const char* f : {"bad.json", "truncated.json", "other.json"}) {
            QProcess p;
            p.start(renderer, {s("--data"), path(f), s("--out"), report_});
            QVERIFY(p.waitForFinished(60000));
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);
            QCOMPARE(p.exitCode(), 1);
            const QString err = QString::fromUtf8(p.readAllStandardError());
            QVERIFY2(err.contains(s("anchorscope-report: error:")), qPrintable(err));
        }
        QCOMPARE(QByteArray::fromStdString(testutil::readText((report_ + s("/index.html")).toStdString())), before);
        QCOMPARE(testutil::reportStatus((report_ + s("/index.html"))), s("ok"));
    }

    // Without validation images the page says the front is unvalidated; with --remove the
    // report is about that configuration.
    void unvalidatedAndChosen()
    {
        const QString out = path("plain");
        const CliRun r = runCli({s("report"), s("--cache"), searchCache_, s("--search"), pareto_, s("--remove"), s("0,1"),
                                 s("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const nlohmann::json d = testutil::readJson((out + s("/report.json")).toStdString());
        QVERIFY(d["accuracy"]["validation"].is_null());
        QCOMPARE(d["selection"]["removed"].get<std::vector<int>>(), (std::vector<int>{0, 1}));
        QCOMPARE(QString::fromStdString(d["selection"]["why"].get<std::string>()), s("selected"));
        const QString html = QString::fromStdString(testutil::readText((out + s("/index.html")).toStdString()));
        QVERIFY(html.contains(s("Not validated")));
        QVERIFY(html.contains(s("Selected configuration")));
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "test_report.moc"
