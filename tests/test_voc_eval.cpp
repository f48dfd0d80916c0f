// SPDX-License-Identifier: GPL-3.0-or-later
// Pascal VOC AP: hand-computed cases for both interpolations and difficult handling.
#include "test_util.h"

#include "eval/voc_eval.h"

#include <cmath>

using namespace anchorscope;

namespace {

Dataset smallGt()
{
    Dataset ds;
    ds.images = {{1, "a.jpg", 100, 100, ""}, {2, "b.jpg", 100, 100, ""}};
    ds.categories = {{1, "cat", ""}, {2, "dog", ""}};
    auto ann = [](int64_t id, int64_t img, int64_t cat, double x, double y, double w, double h, bool difficult) {
        Annotation a = testutil::gtBox(id, img, cat, x, y, w, h);
        a.difficult = difficult;
        return a;
    };
    ds.annotations = {ann(1, 1, 1, 0, 0, 10, 10, false), ann(2, 1, 1, 50, 50, 10, 10, false),
                      ann(3, 2, 1, 20, 20, 10, 10, false), ann(4, 2, 1, 70, 70, 10, 10, true),
                      ann(5, 2, 2, 0, 0, 20, 20, true)};
    ds.reindex();
    return ds;
}

DetectionRecord det(int64_t img, int64_t cat, double x, double y, double w, double h, double score)
{
    DetectionRecord d;
    d.imageId = img;
    d.categoryId = cat;
    d.x = x;
    d.y = y;
    d.w = w;
    d.h = h;
    d.score = score;
    return d;
}

} // namespace

class TestVocEval : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void interpolations()
    {
        // rec/prec: TP, FP, TP with 2 positives → rec [.5, .5, 1], prec [1, .5, 2/3].
        const std::vector<double> rec{0.5, 0.5, 1.0}, prec{1.0, 0.5, 2.0 / 3.0};
        // all-point: 0.5 * 1 + 0.5 * 2/3
        QVERIFY(std::fabs(vocAp(rec, prec, false) - (0.5 + 1.0 / 3.0)) < 1e-12);
        // 11-point: t = 0..0.5 → 1 (6 points), t = 0.6..1.0 → 2/3 (5 points)
        QVERIFY(std::fabs(vocAp(rec, prec, true) - (6.0 + 5.0 * 2.0 / 3.0) / 11.0) < 1e-12);
    }

    void matchingAndDifficult()
    {
        const Dataset gt = smallGt();
        const std::vector<DetectionRecord> dts = {
            det(1, 1, 0, 0, 10, 10, 0.9),   // TP
            det(1, 1, 1, 1, 10, 10, 0.8),   // duplicate of a taken GT → FP
            det(2, 1, 70, 70, 10, 10, 0.7), // matches a difficult GT → ignored
            det(2, 1, 20, 20, 10, 10, 0.6), // TP
            det(1, 1, 90, 0, 5, 5, 0.5),    // FP
            det(2, 2, 0, 0, 20, 20, 0.4),   // dog: only difficult GT → class has no positives
        };
        const VocEvalResult r = evaluateVoc(gt, dts);
        QCOMPARE(r.numPositives, (std::vector<int>{3, 0}));
        // cat, ranked: TP, FP, (ignored), TP, FP → tp 1,1,2,2 fp 0,1,1,2 over 3 positives
        // rec 1/3,1/3,2/3,2/3; prec 1,.5,2/3,.5 → all-point AP = 1/3 * 1 + 1/3 * 2/3
        QVERIFY(std::fabs(r.ap[0] - (1.0 / 3.0 + 2.0 / 9.0)) < 1e-12);
        QVERIFY(std::isnan(r.ap[1]));
        QVERIFY(std::fabs(r.mAP - r.ap[0]) < 1e-12);
        VocEvalOptions o;
        o.use07Metric = true;
        const VocEvalResult r07 = evaluateVoc(gt, dts, o);
        // t = 0..0.3 → 1 (4 points), t = 0.4..0.6 → 2/3 (3 points), t >= 0.7 → 0
        QVERIFY(std::fabs(r07.ap[0] - (4.0 + 3.0 * 2.0 / 3.0) / 11.0) < 1e-12);
    }

    void iouMustExceedThreshold()
    {
        Dataset gt = smallGt();
        // IoU exactly 0.5 with GT 1 (box 0,0,10,10): det 0,0,10,20 → inter 100, union 200.
        const VocEvalResult r = evaluateVoc(gt, {det(1, 1, 0, 0, 10, 20, 0.9)});
        QCOMPARE(r.ap[0], 0.0); // strict >: an FP
        VocEvalOptions o;
        o.legacyPlusOne = true; // (11*11)/(11*21+11*11-11*11)= 11/21 > 0.5
        QVERIFY(evaluateVoc(gt, {det(1, 1, 0, 0, 10, 20, 0.9)}, o).ap[0] > 0.0);
    }
};

QTEST_GUILESS_MAIN(TestVocEval)
#include "test_voc_eval.moc"
