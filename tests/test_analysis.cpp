// SPDX-License-Identifier: GPL-3.0-or-later
// Anchor analysis on constructed caches with known answers: an exact duplicate gives R = 1
// both ways, disjoint predictions give 0, an anchor without cached candidates has ΔAP exactly
// 0, histogram counts add up, GT coverage shares add up.
#include "test_util.h"
#include "constructed_cache.h"

#include "analysis/anchor_analysis.h"

using namespace anchorscope;

namespace {

// One level of 4×4 cells (step 16, input 64), 4 anchors; anchor 3 never predicts.
PredictionCache constructedCache()
{
    PredictionCache c = testutil::oneLevelCache(4, 16, {{16, 16, 16, 1}, {16, 16, 16, 1}, {32, 16, 22, 0.5}, {8, 24, 14, 3}},
                                                {{"bg", -1}, {"cat", 1}, {"dog", 2}}, 0.05f);
    c.meta.postprocess.topkMode = TopKMode::None;
    c.gt.images = {{1, "a.png", 64, 64, ""}, {2, "b.png", 64, 64, ""}};
    c.gt.categories = {{1, "cat", ""}, {2, "dog", ""}};
    // Only the 32×16 prior at cell (2, 0) overlaps the dog by IoU ≥ 0.5.
    c.gt.annotations = {testutil::gtBox(1, 1, 1, 16, 16, 16, 16), testutil::gtBox(2, 2, 2, 24, 2, 32, 12)};
    c.gt.reindex();
    auto cell = [](int x, int y, int a) { return (y * 4 + x) * 4 + a; };
    CandidateList im1, im2;
    // Image 1: anchors 0 and 1 predict exactly the same box and score (duplicates).
    im1.push({16, 16, 32, 32}, 0.9f, 1, cell(1, 1, 0), 0, 0);
    im1.push({16, 16, 32, 32}, 0.9f, 1, cell(1, 1, 1), 0, 1);
    im1.push({0, 40, 12, 60}, 0.4f, 1, cell(0, 3, 1), 0, 1);
    im1.push({0, 40, 12, 60}, 0.4f, 1, cell(0, 3, 0), 0, 0);
    // Image 2: anchor 2 alone, elsewhere (disjoint from everything).
    im2.push({24, 2, 56, 14}, 0.8f, 2, cell(2, 0, 2), 0, 2);
    testutil::setCandidates(c, {im1, im2});
    return c;
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownAnswers()
    {
        const PredictionCache cache = constructedCache();
        ConfigEvaluator ev(cache);
        AnalysisOptions o;
        o.score = 0.3f;
        const AnalysisResult r = analyzeCache(cache, ev, o);
        const auto R = [&](int i, int j) { return r.redundancy[size_t(i) * 4 + size_t(j)]; };
        QCOMPARE(R(0, 1), 1.0); // exact duplicates: both ways
        QCOMPARE(R(1, 0), 1.0);
        QCOMPARE(R(0, 2), 0.0); // disjoint
        QCOMPARE(R(2, 0), 0.0);
        QCOMPARE(R(2, 1), 0.0);
        QCOMPARE(r.anchors[0].redundancy, 1.0);
        QCOMPARE(r.anchors[2].redundancy, 0.0);
        // No cached candidates: removing it changes nothing, exactly.
        QCOMPARE(r.anchors[3].candidates, 0);
        QCOMPARE(r.anchors[3].deltaAp, 0.0);
        QVERIFY(r.anchors[2].deltaAp < 0.0); // the only detector of the dog
        // The parallel leave-one-out equals one evaluation per anchor.
        ConfigEvaluator one(cache);
        for (int a = 0; a < 4; ++a)
            QCOMPARE(r.anchors[size_t(a)].deltaAp, one.evaluate(Configuration{{a}}).stats[0] - r.baselineAp);
        // Histograms add up; TP counted on the matching GT.
        for (const auto& a : r.anchors) {
            int sum = 0, tp = 0;
            for (int v : a.histConfident)
                sum += v;
            for (int v : a.histTp)
                tp += v;
            QCOMPARE(sum, a.confident);
            QCOMPARE(tp, a.truePositives);
            QCOMPARE(int(a.points.size()), std::min(a.confident, o.maxPoints));
        }
        QCOMPARE(r.anchors[0].confident, 2);
        QCOMPARE(r.anchors[0].truePositives, 1);
        QCOMPARE(r.anchors[2].truePositives, 1);
        int gt = 0;
        for (int v : r.gtHist)
            gt += v;
        QCOMPARE(gt, 2);
        double served = 0;
        for (const auto& a : r.anchors)
            served += a.gtServedShare;
        QVERIFY(std::fabs(served - 1.0) < 1e-12);
        QCOMPARE(r.bestPossibleRecall, 1.0); // every GT has a prior with IoU ≥ 0.5
        QCOMPARE(r.anchors[2].recallWithout, 0.5); // the dog needs the 32×16 prior
        QCOMPARE(r.gtCoverage.size(), size_t(2));
        QCOMPARE(r.gtCoverage[1].annotationId, int64_t(2));
        QCOMPARE(r.gtCoverage[1].bestAnchor, 2);
        QCOMPARE(r.gtCoverage[0].bestIou, 1.f); // the cat box is exactly a prior
        // The JSON export holds the same numbers, under the documented keys.
        const nlohmann::json j = r.toJson(cache.meta.anchors, o);
        QCOMPARE(j["baseline_ap"].get<double>(), r.baselineAp);
        QCOMPARE(j["best_possible_recall"].get<double>(), 1.0);
        QCOMPARE(j["settings"]["score"].get<float>(), 0.3f);
        QCOMPARE(j["redundancy"].size(), size_t(4));
        for (int i = 0; i < 4; ++i)
            for (int k = 0; k < 4; ++k)
                QCOMPARE(j["redundancy"][size_t(i)][size_t(k)].get<double>(), R(i, k));
        QCOMPARE(j["gt_histogram"].get<std::vector<int>>(), r.gtHist);
        QCOMPARE(j["gt_best_anchor"].size(), size_t(2));
        QCOMPARE(j["gt_best_anchor"][1][0].get<int64_t>(), int64_t(2));
        QCOMPARE(j["gt_best_anchor"][1][1].get<int>(), 2);
        QCOMPARE(j["anchors"].size(), size_t(4));
        for (size_t a = 0; a < 4; ++a) {
            const nlohmann::json& ja = j["anchors"][a];
            QCOMPARE(ja["id"].get<int>(), r.anchors[a].anchor);
            QCOMPARE(ja["confident"].get<int>(), r.anchors[a].confident);
            QCOMPARE(ja["true_positives"].get<int>(), r.anchors[a].truePositives);
            QCOMPARE(ja["delta_ap"].get<double>(), r.anchors[a].deltaAp);
            QCOMPARE(ja["redundancy"].get<double>(), r.anchors[a].redundancy);
            QCOMPARE(ja["recall_without"].get<double>(), r.anchors[a].recallWithout);
            QCOMPARE(ja["hist_confident"].get<std::vector<int>>(), r.anchors[a].histConfident);
            QCOMPARE(ja["points"].size(), r.anchors[a].points.size());
            for (size_t p = 0; p < r.anchors[a].points.size(); ++p) {
                QCOMPARE(ja["points"][p][6].get<float>(), r.anchors[a].points[p].score);
                QCOMPARE(ja["points"][p][7].get<int>(), r.anchors[a].points[p].tp ? 1 : 0);
            }
        }
    }

    void thresholdsChangeTheMatrix()
    {
        const PredictionCache cache = constructedCache();
        ConfigEvaluator ev(cache);
        AnalysisOptions o;
        o.score = 0.3f;
        o.alpha = 2.0f; // a cover must score twice as high: the duplicates no longer cover
        o.leaveOneOut = false;
        const AnalysisResult r = analyzeCache(cache, ev, o);
        QCOMPARE(r.redundancy[1], 0.0);
        o.alpha = 0.5f;
        o.score = 0.95f; // nothing is confident
        const AnalysisResult none = analyzeCache(cache, ev, o);
        QCOMPARE(none.anchors[0].confident, 0);
        QCOMPARE(none.redundancy[1], 0.0);
        o.bins = 1;
        EXPECT_INPUT_ERROR(analyzeCache(cache, ev, o), "bins");
    }
};

QTEST_GUILESS_MAIN(TestAnalysis)
#include "test_analysis.moc"
