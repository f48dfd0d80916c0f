// SPDX-License-Identifier: GPL-3.0-or-later
// The shapes dataset generator: determinism, splits, annotation validity and the skewed
// size / aspect-ratio distribution that makes anchors differ in usefulness.
#include "test_util.h"

#include "data/coco_json.h"
#include "data/shapes.h"
#include "util/atomic_file.h"

#include <opencv2/core.hpp>

#include <QDir>

#include <map>

using namespace anchorscope;

class TestShapes : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void deterministicForASeed()
    {
        ShapesOptions o;
        o.numImages = 12;
        o.size = 96;
        o.seed = 42;
        const std::string a = testutil::tempPath(dir_, "a"), b = testutil::tempPath(dir_, "b"), c = testutil::tempPath(dir_, "c");
        o.threads = 2;
        generateShapesDataset(a, o);
        o.threads = 1; // thread count must not matter
        generateShapesDataset(b, o);
        o.seed = 43;
        generateShapesDataset(c, o);
        QCOMPARE(readWholeFile(a + "/annotations.json"), readWholeFile(b + "/annotations.json"));
        QCOMPARE(readWholeFile(a + "/images/000007.png"), readWholeFile(b + "/images/000007.png"));
        QVERIFY(readWholeFile(a + "/annotations.json") != readWholeFile(c + "/annotations.json"));
        QVERIFY(readWholeFile(a + "/images/000007.png") != readWholeFile(c + "/images/000007.png"));
    }

    void filesAndSplits()
    {
        ShapesOptions o;
        o.numImages = 60;
        o.size = 64;
        o.seed = 1;
        const std::string out = testutil::tempPath(dir_, "splits");
        const Dataset ds = generateShapesDataset(out, o);
        const Dataset back = readCocoDataset(out + "/annotations.json");
        back.checkImageFiles();
        QCOMPARE(back.images.size(), size_t(60));
        QCOMPARE(back.annotations.size(), ds.annotations.size());
        size_t total = 0;
        for (const char* split : {"train", "search", "holdout"}) {
            const Dataset s = readCocoDataset(out + "/" + split + ".json");
            QVERIFY2(!s.images.empty(), split);
            for (const auto& im : s.images)
                QCOMPARE(im.split, std::string(split));
            total += s.images.size();
        }
        QCOMPARE(total, size_t(60));
        QVERIFY(back.subset("train").images.size() > back.subset("holdout").images.size());
    }

    void annotationsAreValidAndSkewed()
    {
        ShapesOptions o;
        o.size = 128;
        o.seed = 7;
        std::map<std::string, int> count;
        int objects = 0, multi = 0, occluded = 0;
        for (int i = 0; i < 300; ++i) {
            cv::Mat img;
            const ShapesImage s = renderShapesImage(o, i, img);
            QCOMPARE(img.rows, 128);
            QCOMPARE(img.type(), CV_8UC3);
            multi += s.objects.size() > 1;
            for (const auto& a : s.objects) {
                ++objects;
                QVERIFY(a.categoryId >= 1 && a.categoryId <= 5);
                QVERIFY(a.x >= 0 && a.y >= 0 && a.x + a.w <= 128 && a.y + a.h <= 128);
                QVERIFY(a.w >= 2 && a.h >= 2);
                QVERIFY(a.area > 0 && a.area <= a.w * a.h);
                const double side = std::sqrt(a.w * a.h);
                count[side < 0.15 * 128 ? "small" : side > 0.32 * 128 ? "large" : "medium"]++;
                if (a.categoryId == 2)
                    count[a.w > a.h ? "bar_horizontal" : "bar_vertical"]++;
                // Visible area well below the filled shape's box: partly hidden by a later object.
                if (a.categoryId == 1 && a.area < 0.9 * a.w * a.h)
                    ++occluded;
            }
        }
        QVERIFY(objects > 600);
        QVERIFY(multi > 200);
        QVERIFY(occluded > 5);
        QVERIFY(count["small"] > count["medium"]);
        QVERIFY(count["medium"] > count["large"]);
        QVERIFY(count["large"] > 20);
        QVERIFY(count["bar_horizontal"] > 2 * count["bar_vertical"]); // rare ratio on purpose
        QVERIFY(count["bar_vertical"] > 10);
    }

    void badOptions()
    {
        ShapesOptions o;
        o.numImages = 0;
        EXPECT_INPUT_ERROR(generateShapesDataset(testutil::tempPath(dir_, "bad"), o), "--images");
        o.numImages = 2;
        o.size = 8;
        EXPECT_INPUT_ERROR(generateShapesDataset(testutil::tempPath(dir_, "bad"), o), "--size");
    }

    void cancellation()
    {
        ShapesOptions o;
        o.numImages = 200;
        o.size = 64;
        ProgressToken token;
        token.cancel();
        QVERIFY_THROWS_EXCEPTION(CancelledError, generateShapesDataset(testutil::tempPath(dir_, "cancel"), o, &token));
    }
};

QTEST_GUILESS_MAIN(TestShapes)
#include "test_shapes.moc"
