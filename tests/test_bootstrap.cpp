// SPDX-License-Identifier: GPL-3.0-or-later
// The bootstrap over images (eval/coco_bootstrap.h) against its definition: a replicate's AP
// is pycocotools' AP on the dataset in which image i appears k_i times under new ids. The
// definition is computed here by materialising that dataset and its results and running the
// COCO evaluator on them (itself equal to pycocotools on every golden case, test_cocoeval);
// with every weight 1 the replicate equals pycocotools' own numbers in expected.json. Also:
// the weights (deterministic, N draws each), the paired percentile interval, the validation
// rules (a cache of another model or of the same images refused; the recommendation).
#include "test_util.h"
#include "constructed_cache.h"

#include "data/coco_json.h"
#include "data/image_split.h"
#include "eval/coco_bootstrap.h"
#include "prune/cache_split.h"
#include "prune/validation.h"
#include "util/random.h"

#include <QDir>

#include <cmath>
#include <map>

using namespace anchorscope;
using json = nlohmann::json;

namespace {

QString fixturesDir() { return QStringLiteral(ANCHORSCOPE_FIXTURES_DIR "/cocoeval"); }

struct Case {
    Dataset gt;
    std::vector<DetectionRecord> dts;
    json expected;
};

Case readCase(const std::string& dir)
{
    Case c;
    c.gt = readCocoDataset(dir + "/gt.json");
    c.dts = readCocoResults(dir + "/dt.json", &c.gt);
    c.expected = testutil::readJson(dir + "/expected.json");
    return c;
}

// The per-image match records of a detection set, as the configuration evaluator keeps them.
std::vector<std::shared_ptr<const CocoImageEval>> matchRecords(const CocoEvaluator& coco, const std::vector<DetectionRecord>& dts)
{
    std::map<int64_t, std::vector<DetectionRecord>> byImage;
    for (const auto& d : dts)
        byImage[d.imageId].push_back(d); // file order within an image, as COCOeval keeps it
    std::vector<std::shared_ptr<const CocoImageEval>> out;
    for (size_t i = 0; i < coco.imageIds().size(); ++i)
        out.push_back(coco.evaluateImage(i, byImage[coco.imageIds()[i]]));
    return out;
}

// The definition: image i (by sorted id) copied weights[i] times, each copy a new image with
// a new id — copies next to each other, images in id order — and its annotations and
// detections copied with it; pycocotools-exact evaluation of that.
std::array<double, 2> definition(const Case& c, const CocoEvaluator& coco, const uint16_t* weights)
{
    Dataset d;
    d.categories = c.gt.categories;
    std::map<int64_t, std::vector<const Annotation*>> annOf;
    for (const auto& a : c.gt.annotations)
        annOf[a.imageId].push_back(&a);
    std::map<int64_t, std::vector<const DetectionRecord*>> dtOf;
    for (const auto& x : c.dts)
        dtOf[x.imageId].push_back(&x);
    std::vector<DetectionRecord> dts;
    int64_t nextImage = 1, nextAnn = 1;
    for (size_t i = 0; i < coco.imageIds().size(); ++i) {
        const int64_t id = coco.imageIds()[i];
        const ImageInfo& im = *c.gt.image(id);
        for (int copy = 0; copy < weights[i]; ++copy) {
            ImageInfo n = im;
            n.id = nextImage++;
            d.images.push_back(n);
            for (const Annotation* a : annOf[id]) {
                Annotation b = *a;
                b.id = nextAnn++;
                b.imageId = n.id;
                d.annotations.push_back(b);
            }
            for (const DetectionRecord* x : dtOf[id]) {
                DetectionRecord y = *x;
                y.imageId = n.id;
                dts.push_back(y);
            }
        }
    }
    d.reindex();
    const CocoEvalResult r = CocoEvaluator(d).evaluate(dts);
    return {r.stats[0], r.stats[1]};
}

} // namespace

class TestBootstrap : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void weights()
    {
        const BootstrapWeights a(37, 50, 7), b(37, 50, 7), c(37, 50, 8);
        bool differs = false;
        for (int r = 0; r < 50; ++r) {
            int sum = 0;
            for (size_t i = 0; i < 37; ++i) {
                sum += a.replicate(r)[i];
                QCOMPARE(a.replicate(r)[i], b.replicate(r)[i]); // deterministic
                differs |= a.replicate(r)[i] != c.replicate(r)[i];
            }
            QCOMPARE(sum, 37); // N draws with replacement
        }
        QVERIFY(differs); // the seed matters
        EXPECT_INPUT_ERROR(BootstrapWeights(10, 0, 0), "at least one replicate");
    }

    void replicatesEqualTheDefinition_data()
    {
        QTest::addColumn<QString>("name");
        for (const char* n : {"basic", "crowd", "duplicates", "tied_scores", "empty_images_and_categories",
                              "many_categories_noncontiguous", "maxdets_truncation", "area_ranges", "realistic_500"})
            QTest::newRow(n) << QString::fromLatin1(n);
    }

    void replicatesEqualTheDefinition()
    {
        QFETCH(QString, name);
        const Case c = readCase((fixturesDir() + "/" + name).toStdString());
        const CocoEvaluator coco(c.gt);
        const CocoReplicates reps(coco, matchRecords(coco, c.dts));
        // Every weight 1: pycocotools' own AP and AP50 on the case.
        const std::vector<uint16_t> ones(coco.imageIds().size(), 1);
        const auto same = reps.stats(ones.data());
        QVERIFY(std::fabs(same[0] - c.expected["stats"][0].get<double>()) <= 1e-12);
        QVERIFY(std::fabs(same[1] - c.expected["stats"][1].get<double>()) <= 1e-12);
        // Replicates: the re-weighted accumulation equals the evaluation of the copied dataset.
        const BootstrapWeights w(coco.imageIds().size(), name == "realistic_500" ? 4 : 12, 3);
        const auto all = reps.all(w, 2);
        int moved = 0;
        for (int b = 0; b < w.replicates(); ++b) {
            const auto want = definition(c, coco, w.replicate(b));
            QVERIFY2(std::fabs(all[size_t(b)][0] - want[0]) <= 1e-12 && std::fabs(all[size_t(b)][1] - want[1]) <= 1e-12,
                     qPrintable(QStringLiteral("replicate %1: AP %2 / %3, AP50 %4 / %5")
                                    .arg(b)
                                    .arg(all[size_t(b)][0], 0, 'g', 17)
                                    .arg(want[0], 0, 'g', 17)
                                    .arg(all[size_t(b)][1], 0, 'g', 17)
                                    .arg(want[1], 0, 'g', 17)));
            moved += all[size_t(b)][0] != same[0];
        }
        QVERIFY(moved > 0 || coco.imageIds().size() == 1); // replicates are not the original
    }

    // Ties inside an image repeat as a block in a replicate: an image whose tied detections
    // are a true positive then a false positive, drawn twice, gives TP FP TP FP (precision 2/3
    // at the second true positive) — not TP TP FP FP (precision 1).
    void tiedRunsRepeatAsBlocks()
    {
        Dataset gt;
        gt.categories = {{1, "a", ""}};
        gt.images = {{1, "1.png", 100, 100, ""}, {2, "2.png", 100, 100, ""}};
        gt.annotations = {testutil::gtBox(1, 1, 1, 10, 10, 20, 20), testutil::gtBox(2, 2, 1, 50, 50, 20, 20)};
        gt.reindex();
        std::vector<DetectionRecord> dts{{1, 1, 10, 10, 20, 20, 1.0}, {1, 1, 60, 60, 20, 20, 1.0}, {2, 1, 50, 50, 20, 20, 0.5}};
        Case c{gt, dts, {}};
        const CocoEvaluator coco(gt);
        const CocoReplicates reps(coco, matchRecords(coco, dts));
        const uint16_t twice[] = {2, 0};
        const auto got = reps.stats(twice);
        QVERIFY(got[1] < 1.0); // the second true positive comes after a false positive
        QCOMPARE(got[0], definition(c, coco, twice)[0]);
        QCOMPARE(got[1], definition(c, coco, twice)[1]);
        const uint16_t both[] = {2, 1};
        QCOMPARE(reps.stats(both)[0], definition(c, coco, both)[0]);
    }

    void pairedPercentileInterval()
    {
        std::vector<double> a, b;
        for (int i = 0; i < 101; ++i) {
            a.push_back(0.5 + 0.001 * i);
            b.push_back(0.5);
        }
        int used = 0;
        const DeltaInterval d = pairedInterval(a, b, 0.05, 0.9, &used);
        QCOMPARE(used, 101);
        QCOMPARE(d.delta, 0.05);
        QVERIFY(std::fabs(d.lo - 0.005) < 1e-12); // numpy.quantile(0.05) of 0, 0.001, …, 0.1
        QVERIFY(std::fabs(d.hi - 0.095) < 1e-12);
        a[3] = -1; // undefined replicates are left out
        pairedInterval(a, b, 0.05, 0.9, &used);
        QCOMPARE(used, 100);
    }

    void splitByImage()
    {
        std::vector<int64_t> ids;
        for (int i = 0; i < 100; ++i)
            ids.push_back(1000 + 7 * i);
        const auto m = validationImageMask(ids, 0.3, 5);
        int n = 0;
        for (auto v : m)
            n += v;
        QCOMPARE(n, 30);
        // The split follows the ids, not their order.
        std::vector<int64_t> reversed(ids.rbegin(), ids.rend());
        const auto r = validationImageMask(reversed, 0.3, 5);
        for (size_t i = 0; i < ids.size(); ++i)
            QCOMPARE(m[i], r[ids.size() - 1 - i]);
        QVERIFY(validationImageMask(ids, 0.3, 6) != m);
        EXPECT_INPUT_ERROR(validationImageMask(ids, 1.0, 0), "between 0 and 1");
        EXPECT_INPUT_ERROR(validationImageMask({1, 2}, 0.1, 0), "empty");
    }
};

QTEST_GUILESS_MAIN(TestBootstrap)
#include "test_bootstrap.moc"
