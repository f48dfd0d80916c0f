// SPDX-License-Identifier: GPL-3.0-or-later
// Training: losses on hand-built cases, prior matching, augmentation that keeps boxes on
// their objects, the learning-rate schedule, and a tiny detector that overfits a few images
// (loss falls by a stated factor, AP50 on them reaches a stated value); cancel and resume.
#include "test_util.h"

#include "data/coco_json.h"
#include "data/shapes.h"
#include "eval/coco_eval.h"
#include "models/detector_impl.h"
#include "models/inference.h"
#include "train/augment.h"
#include "train/losses.h"
#include "train/matcher.h"
#include "train/trainer.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace anchorscope;

namespace {

// White rectangles on black at the boxes: after a transform, each object's pixels must
// still fill its transformed box.
cv::Mat paintBoxes(int W, int H, const std::vector<TrainBox>& boxes)
{
    cv::Mat img(H, W, CV_8UC3, cv::Scalar::all(0));
    for (const auto& b : boxes)
        cv::rectangle(img, cv::Point(int(b.box.x1), int(b.box.y1)), cv::Point(int(b.box.x2) - 1, int(b.box.y2) - 1),
                      cv::Scalar::all(255), cv::FILLED);
    return img;
}

// Score columns for a dataset's categories (a background column first for softmax heads).
std::vector<ClassInfo> classesOf(const Dataset& ds, bool background)
{
    std::vector<ClassInfo> classes;
    if (background)
        classes.push_back({"__background__", -1});
    for (const auto& c : ds.categories)
        classes.push_back({c.name, c.id});
    return classes;
}

// Training without any augmentation (overfitting tests).
TrainOptions plainTraining(int epochs, int batch, double lr, double warmup)
{
    TrainOptions o;
    o.epochs = epochs;
    o.batchSize = batch;
    o.lr = lr;
    o.warmupEpochs = warmup;
    o.augment.photometric = false;
    o.augment.expandProbability = 0;
    o.augment.cropProbability = 0;
    o.augment.flip = false;
    return o;
}

} // namespace

class TestTrain : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() { configureThreads(2); }

    void multiboxHandBuilt()
    {
        // 1 image, 5 priors, K = 2 (background column 0): one positive, three negatives,
        // one ignored. Zero logits: every CE = log 2.
        at::Tensor logits = at::zeros({1, 5, 2});
        at::Tensor reg = at::zeros({1, 5, 4});
        at::Tensor labels = at::tensor({1, 0, 0, 0, -2}, at::kLong).reshape({1, 5});
        at::Tensor regT = at::zeros({1, 5, 4});
        regT[0][0][0] = 1.0;
        regT[0][0][1] = 0.5;
        LossTerms l = multiboxLoss(logits, reg, labels, regT, 0);
        // smooth L1 (beta 1): |1| → 0.5, |0.5| → 0.125
        QVERIFY(std::fabs(l.loc.item<double>() - 0.625) < 1e-6);
        // positive + all 3 negatives (3:1 allows 3), the ignored prior excluded
        QVERIFY(std::fabs(l.cls.item<double>() - 4 * std::log(2.0)) < 1e-5);
        // Hard-negative mining keeps the 3 hardest of 4 negatives when only 3 are allowed.
        at::Tensor logits2 = at::zeros({1, 5, 2});
        labels = at::tensor({1, 0, 0, 0, 0}, at::kLong).reshape({1, 5});
        logits2[0][4][1] = 5.0; // confidently wrong: the hardest negative
        logits2[0][1][0] = 5.0; // confidently right: the easiest, left out
        l = multiboxLoss(logits2, reg, labels, regT, 0);
        const double hard = std::log(1 + std::exp(5.0)); // CE of the wrong one
        QVERIFY(std::fabs(l.cls.item<double>() - (std::log(2.0) * 3 + hard)) < 1e-4);
    }

    void focalHandBuilt()
    {
        at::Tensor logits = at::zeros({1, 2, 1});
        at::Tensor reg = at::zeros({1, 2, 4});
        at::Tensor labels = at::tensor({0, -1}, at::kLong).reshape({1, 2}); // one positive, one background
        at::Tensor regT = at::zeros({1, 2, 4});
        regT[0][0][2] = -2.0;
        const LossTerms l = focalLoss(logits, reg, labels, regT);
        // p = 0.5: positive 0.25 · 0.5² · log 2, background 0.75 · 0.5² · log 2
        QVERIFY(std::fabs(l.cls.item<double>() - (0.25 + 0.75) * 0.25 * std::log(2.0)) < 1e-6);
        QVERIFY(std::fabs(l.loc.item<double>() - 2.0) < 1e-6);
    }

    void matching()
    {
        const std::vector<Boxf> priors = {{0, 0, 10, 10}, {0, 0, 10, 20}, {50, 50, 60, 60}, {100, 100, 110, 110}};
        const std::vector<TrainBox> gt = {{{0, 0, 10, 11}, 3}, {{52, 52, 62, 62}, 1}};
        auto m = matchPriors(priors, gt, MatchOptions{});
        QCOMPARE(m[0], 0);  // IoU 0.91
        QCOMPARE(m[1], 0);  // IoU 0.55
        QCOMPARE(m[2], 1);  // IoU 0.47 < 0.5, but it is this GT's best prior: forced
        QCOMPARE(m[3], -1);
        MatchOptions retina;
        retina.negativeIou = 0.4f;
        retina.forceBestPrior = false;
        retina.lowQualityMatches = true;
        m = matchPriors(priors, gt, retina);
        QCOMPARE(m[2], 1); // low-quality match: the GT's best prior
        MatchOptions noForce;
        noForce.forceBestPrior = false;
        noForce.negativeIou = 0.4f;
        QCOMPARE(matchPriors(priors, gt, noForce)[2], -2); // 0.4 ≤ IoU < 0.5: ignored
        std::vector<int64_t> labels(4);
        std::vector<float> reg(16);
        buildTargets(priors, gt, matchPriors(priors, gt, MatchOptions{}), BoxCoder(BoxCoderWeights::ssd()), 0, labels.data(),
                     reg.data());
        QCOMPARE(labels, (std::vector<int64_t>{3, 3, 1, 0}));
        const Boxf back = BoxCoder(BoxCoderWeights::ssd()).decode(reg.data() + 8, priors[2]);
        QVERIFY(std::fabs(back.x1 - 52.f) < 1e-3f && std::fabs(back.y2 - 62.f) < 1e-3f);
    }

    void augmentationKeepsBoxesOnObjects()
    {
        for (uint64_t seed = 0; seed < 40; ++seed) {
            std::vector<TrainBox> boxes = {{{20, 30, 60, 50}, 1}, {{100, 80, 140, 150}, 2}};
            cv::Mat img = paintBoxes(200, 180, boxes);
            Rng rng(seed);
            AugmentOptions o;
            o.photometric = false; // keep pixel values for the check
            o.expandProbability = 0.5;
            o.cropProbability = 0.7;
            augment(img, boxes, o, rng);
            QVERIFY(!boxes.empty());
            for (const auto& b : boxes) {
                // The box interior is (almost) all object pixels; the box sits inside the image.
                QVERIFY(b.box.x1 >= -0.01f && b.box.y1 >= -0.01f && b.box.x2 <= img.cols + 0.01f && b.box.y2 <= img.rows + 0.01f);
                const int x1 = int(std::ceil(b.box.x1)), y1 = int(std::ceil(b.box.y1));
                const cv::Rect r(x1, y1, std::max(1, int(std::floor(b.box.x2)) - x1), std::max(1, int(std::floor(b.box.y2)) - y1));
                const cv::Rect inside = r & cv::Rect(0, 0, img.cols, img.rows);
                cv::Mat gray;
                cv::cvtColor(img(inside), gray, cv::COLOR_BGR2GRAY);
                const double filled = double(cv::countNonZero(gray > 128)) / double(inside.area());
                QVERIFY2(filled > 0.9, qPrintable(QStringLiteral("seed %1: box filled %2").arg(seed).arg(filled)));
            }
        }
        // Flip maps x to W - x.
        std::vector<TrainBox> b = {{{10, 0, 30, 5}, 1}};
        cv::Mat img(10, 100, CV_8UC3, cv::Scalar::all(0));
        horizontalFlip(img, b);
        QCOMPARE(b[0].box.x1, 70.f);
        QCOMPARE(b[0].box.x2, 90.f);
    }

    void learningRateSchedule()
    {
        TrainOptions o;
        o.epochs = 10;
        o.lr = 0.1;
        o.warmupEpochs = 1;
        QVERIFY(learningRateAt(o, 0.0) < 0.001);
        QVERIFY(std::fabs(learningRateAt(o, 1.0) - 0.1) < 1e-12);
        QVERIFY(std::fabs(learningRateAt(o, 5.5) - 0.05) < 1e-12); // cosine half way
        QVERIFY(learningRateAt(o, 10.0) < 1e-12);
        o.schedule = "step";
        QVERIFY(std::fabs(learningRateAt(o, 7.0) - 0.01) < 1e-12);
        QVERIFY(std::fabs(learningRateAt(o, 9.0) - 0.001) < 1e-12);
    }

    void tinyDetectorOverfits()
    {
        ShapesOptions so;
        so.numImages = 8;
        so.size = 128;
        so.seed = 5;
        so.maxObjects = 3;
        const std::string dir = testutil::tempPath(dir_, "overfit");
        const Dataset ds = generateShapesDataset(dir, so);
        Detector model = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classesOf(ds, true), 7);
        const TrainOptions o = plainTraining(60, 8, 0.05, 3);
        const auto reports = trainDetector(model, ds, o);
        QCOMPARE(int(reports.size()), 60);
        const double first = reports.front().loss, last = reports.back().loss;
        QVERIFY2(last < first / 4, qPrintable(QStringLiteral("loss %1 → %2").arg(first).arg(last)));
        const auto dets = detectDataset(model, ds);
        const CocoEvalResult r = CocoEvaluator(ds).evaluate(dets);
        QVERIFY2(r.stats[1] >= 0.7, qPrintable(QStringLiteral("AP50 on the training images %1").arg(r.stats[1])));
        QCOMPARE(model.meta().provenance.trainingRuns.size(), size_t(1));
    }

    void retinanetFocalTrainingLearns()
    {
        ShapesOptions so;
        so.numImages = 4;
        so.size = 128;
        so.seed = 9;
        const Dataset ds = generateShapesDataset(testutil::tempPath(dir_, "retina"), so);
        Detector model = Detector::createNative("retinanet_r18_fpn", anchorPreset("retinanet_torchvision", 128, 128),
                                                classesOf(ds, false), 2);
        const TrainOptions o = plainTraining(30, 4, 0.02, 1);
        const auto reports = trainDetector(model, ds, o);
        QVERIFY2(reports.back().loss < 0.5 * reports.front().loss,
                 qPrintable(QStringLiteral("%1 → %2").arg(reports.front().loss).arg(reports.back().loss)));
    }

    void cancelAndResume()
    {
        ShapesOptions so;
        so.numImages = 6;
        so.size = 128;
        const std::string dir = testutil::tempPath(dir_, "resume");
        const Dataset ds = generateShapesDataset(dir, so);
        const std::vector<ClassInfo> classes = classesOf(ds, true);
        Detector model = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes, 1);
        TrainOptions o;
        o.epochs = 3;
        o.batchSize = 2;
        o.checkpoint = testutil::tempPath(dir_, "ck");
        ProgressToken token;
        int calls = 0;
        token.setCallback([&](double, const std::string&) {
            if (++calls == 4) // during epoch 2 (3 steps per epoch)
                token.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(CancelledError, trainDetector(model, ds, o, &token));
        // Epoch 1 was checkpointed; resuming runs epochs 2 and 3 only.
        Detector resumed = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes, 1);
        o.resume = true;
        const auto reports = trainDetector(resumed, ds, o);
        QCOMPARE(int(reports.size()), 2);
        QCOMPARE(reports.front().epoch, 2);
    }
};

QTEST_GUILESS_MAIN(TestTrain)
#include "test_train.moc"
