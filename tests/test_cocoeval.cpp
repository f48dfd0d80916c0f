// SPDX-License-Identifier: GPL-3.0-or-later
// The COCO evaluator against the real pycocotools outputs of the golden cases in
// shared/fixtures/cocoeval: every stat, every per-category AP and per-category stat,
// the recall and mean-precision arrays and (where given) the per-image match records.
#include "test_util.h"

#include "data/coco_json.h"
#include "eval/coco_eval.h"

#include <QDir>

#include <cmath>

using namespace anchorscope;
using json = nlohmann::json;

class TestCocoEval : public QObject {
    Q_OBJECT

    static QString fixturesDir() { return QStringLiteral(ANCHORSCOPE_FIXTURES_DIR "/cocoeval"); }

    static void compareNumber(double got, const json& want, const QString& what)
    {
        const double w = want.get<double>();
        if (!(std::fabs(got - w) <= 1e-9))
            QFAIL(qPrintable(QStringLiteral("%1: got %2, pycocotools %3").arg(what).arg(got, 0, 'g', 17).arg(w, 0, 'g', 17)));
    }

private Q_SLOTS:
    void params()
    {
        const json e = testutil::readJson((fixturesDir() + QStringLiteral("/basic/expected.json")).toStdString());
        const CocoEvalParams p = CocoEvalParams::bbox();
        QCOMPARE(p.iouThrs.size(), e["params"]["iouThrs"].size());
        for (size_t i = 0; i < p.iouThrs.size(); ++i)
            QCOMPARE(p.iouThrs[i], e["params"]["iouThrs"][i].get<double>()); // bit-identical
        for (size_t i = 0; i < p.recThrs.size(); ++i)
            QCOMPARE(p.recThrs[i], e["params"]["recThrs"][i].get<double>());
        for (size_t a = 0; a < p.areaRng.size(); ++a) {
            QCOMPARE(p.areaRng[a][0], e["params"]["areaRng"][a][0].get<double>());
            QCOMPARE(p.areaRng[a][1], e["params"]["areaRng"][a][1].get<double>());
        }
    }

    void golden_data()
    {
        QTest::addColumn<QString>("dir");
        QDir d(fixturesDir());
        QVERIFY2(d.exists(), qPrintable(QStringLiteral("fixtures not found at %1").arg(fixturesDir())));
        const auto entries = d.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY(entries.size() >= 10);
        for (const QString& name : entries)
            QTest::newRow(qPrintable(name)) << d.filePath(name);
    }

    void golden()
    {
        QFETCH(QString, dir);
        const std::string base = dir.toStdString();
        const json e = testutil::readJson(base + "/expected.json");
        const Dataset gt = readCocoDataset(base + "/gt.json");
        const auto dts = readCocoResults(base + "/dt.json", &gt);
        const CocoEvalResult r = CocoEvaluator(gt).evaluate(dts, nullptr, e.contains("eval_imgs"));

        for (int i = 0; i < kCocoStatCount; ++i)
            compareNumber(r.stats[size_t(i)], e["stats"][size_t(i)], QString::fromLatin1(kCocoStatNames[size_t(i)]));

        QCOMPARE(r.K(), e["per_category_ap"].size());
        for (size_t k = 0; k < r.K(); ++k) {
            const std::string id = std::to_string(r.categoryIds[k]);
            compareNumber(r.perCategoryAP[k], e["per_category_ap"][id], QStringLiteral("AP of category %1").arg(QString::fromStdString(id)));
        }
        for (const json& pc : e["per_category"]) {
            const int64_t id = pc["category_id"].get<int64_t>();
            const auto it = std::find(r.categoryIds.begin(), r.categoryIds.end(), id);
            QVERIFY(it != r.categoryIds.end());
            const auto s = r.categoryStats(size_t(it - r.categoryIds.begin()));
            for (int i = 0; i < kCocoStatCount; ++i)
                compareNumber(s[size_t(i)], pc[kCocoStatNames[size_t(i)]],
                              QStringLiteral("category %1 %2").arg(id).arg(QString::fromLatin1(kCocoStatNames[size_t(i)])));
        }

        // recall [T][K][A][M] and the mean of precision over recall thresholds [T][K][A][M]
        const json& rec = e["recall"];
        const json& pmean = e["precision_mean_over_recall"];
        for (size_t t = 0; t < r.T(); ++t)
            for (size_t k = 0; k < r.K(); ++k)
                for (size_t a = 0; a < r.A(); ++a)
                    for (size_t m = 0; m < r.M(); ++m) {
                        const QString where = QStringLiteral("[t%1 k%2 a%3 m%4]").arg(t).arg(k).arg(a).arg(m);
                        compareNumber(r.recallAt(t, k, a, m), rec[t][k][a][m], QStringLiteral("recall") + where);
                        double sum = 0;
                        for (size_t q = 0; q < r.R(); ++q)
                            sum += r.precisionAt(t, q, k, a, m);
                        const double mean = sum / double(r.R());
                        if (!pmean[t][k][a][m].is_null())
                            QVERIFY2(std::fabs(mean - pmean[t][k][a][m].get<double>()) <= 1e-9,
                                     qPrintable(QStringLiteral("precision mean") + where));
                    }

        if (e.contains("eval_imgs")) {
            // Records for area "all" at maxDets 100, in pycocotools order.
            std::vector<const ImageCategoryEval*> mine;
            for (const auto& rec2 : r.evalImgs)
                if (rec2.areaIndex == 0)
                    mine.push_back(&rec2);
            QCOMPARE(mine.size(), e["eval_imgs"].size());
            for (size_t n = 0; n < mine.size(); ++n) {
                const json& w = e["eval_imgs"][n];
                const ImageCategoryEval& g = *mine[n];
                QCOMPARE(g.imageId, w["image_id"].get<int64_t>());
                QCOMPARE(g.categoryId, w["category_id"].get<int64_t>());
                QCOMPARE(g.dtIds, w["dtIds"].get<std::vector<int64_t>>());
                QCOMPARE(g.gtIds, w["gtIds"].get<std::vector<int64_t>>());
                std::vector<uint8_t> gtIg;
                for (const auto& v : w["gtIgnore"])
                    gtIg.push_back(uint8_t(v.get<int>()));
                QCOMPARE(g.gtIgnore, gtIg);
                const size_t D = g.dtIds.size();
                for (size_t t = 0; t < r.T(); ++t)
                    for (size_t d = 0; d < D; ++d) {
                        QCOMPARE(g.dtMatches[t * D + d], w["dtMatches"][t][d].get<int64_t>());
                        QCOMPARE(int(g.dtIgnore[t * D + d]), int(w["dtIgnore"][t][d].get<double>() != 0));
                    }
            }
        }
    }

    void summaryTextMatchesPycocotools()
    {
        const std::string base = (fixturesDir() + QStringLiteral("/basic")).toStdString();
        const json e = testutil::readJson(base + "/expected.json");
        const Dataset gt = readCocoDataset(base + "/gt.json");
        const CocoEvalResult r = CocoEvaluator(gt).evaluate(readCocoResults(base + "/dt.json", &gt));
        std::string expected;
        for (const auto& line : e["summary_lines"])
            expected += line.get<std::string>() + "\n";
        QCOMPARE(QString::fromStdString(r.summaryText()), QString::fromStdString(expected));
    }

    void noDetectionsGivesZeroAp()
    {
        const std::string base = (fixturesDir() + QStringLiteral("/basic")).toStdString();
        const Dataset gt = readCocoDataset(base + "/gt.json");
        const CocoEvalResult r = CocoEvaluator(gt).evaluate({});
        QCOMPARE(r.stats[0], 0.0);
        QCOMPARE(r.stats[8], 0.0);
        QCOMPARE(r.stats[3], -1.0); // no small GT
    }

    void onlyTheScoreOrderCounts()
    {
        // Scores enter only through their order (ties in file order): shifting every score
        // by -1 — all negative then — changes nothing, and +0 and -0 are one tied score.
        const std::string base = (fixturesDir() + QStringLiteral("/realistic_500")).toStdString();
        const Dataset gt = readCocoDataset(base + "/gt.json");
        std::vector<DetectionRecord> a = readCocoResults(base + "/dt.json", &gt);
        QVERIFY(a.size() > 100);
        a[3].score = 0.0;
        a[7].score = -0.0;
        a[11].score = 0.0;
        std::vector<DetectionRecord> b = a;
        for (auto& d : b)
            d.score = d.score == 0 ? -1.0 : d.score - 1.0;
        for (size_t i = 0; i < a.size(); i += 7) // the shift keeps the order, ties included
            for (size_t j = 0; j < a.size(); j += 5)
                QCOMPARE(a[i].score < a[j].score, b[i].score < b[j].score);
        const CocoEvaluator ev(gt);
        const CocoEvalResult ra = ev.evaluate(a), rb = ev.evaluate(b);
        QCOMPARE(ra.stats, rb.stats);
        QCOMPARE(ra.precision, rb.precision);
        QVERIFY(ra.stats[0] > 0.1);
    }

    void unknownImageIsAnError()
    {
        const std::string base = (fixturesDir() + QStringLiteral("/basic")).toStdString();
        const Dataset gt = readCocoDataset(base + "/gt.json");
        std::vector<DetectionRecord> d(1);
        d[0].imageId = 999;
        d[0].categoryId = 1;
        d[0].w = d[0].h = 5;
        EXPECT_INPUT_ERROR(CocoEvaluator(gt).evaluate(d), "999");
    }

    void cancellation()
    {
        const std::string base = (fixturesDir() + QStringLiteral("/realistic_500")).toStdString();
        const Dataset gt = readCocoDataset(base + "/gt.json");
        const auto dts = readCocoResults(base + "/dt.json", &gt);
        ProgressToken token;
        int reports = 0;
        token.setCallback([&](double, const std::string&) {
            if (++reports == 2)
                token.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(CancelledError, CocoEvaluator(gt).evaluate(dts, &token));
    }
};

QTEST_GUILESS_MAIN(TestCocoEval)
#include "test_cocoeval.moc"
