// SPDX-License-Identifier: GPL-3.0-or-later
// torchvision models through the exporter (app/python/export_torchvision.py, run by the
// python_reference_outputs fixture): Anchorscope's detections equal torchvision's own
// model(images) on images of several sizes — matched one to one (same label, IoU > 0.999,
// |Δscore| < 1e-5) — for ssd300_vgg16, ssdlite320_mobilenet_v3_large and
// retinanet_resnet50_fpn (resized by scale and padded, one image at a time); imported models
// prune like native ones (docs/design.md §5 equivalence); bad exporter input gives a message.
#include "test_util.h"
#include "unused_column_case.h"

#include "data/coco_json.h"
#include "models/cost.h"
#include "models/detector.h"
#include "models/export.h"
#include "models/head_surgery.h"
#include "models/inference.h"
#include "models/torchvision_import.h"
#include "util/random.h"
#include "analysis/anchor_analysis.h"
#include "eval/coco_eval.h"
#include "models/preprocess.h"
#include "models/run_settings.h"
#include "prune/config_evaluator.h"
#include "anchors/configuration.h"
#include "prune/prediction_cache.h"

#include <QProcess>

#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <set>

using namespace anchorscope;

namespace {

const std::string kRef = ANCHORSCOPE_REFERENCE_DIR;

double iou(const DetectionRecord& d, const std::vector<double>& b)
{
    const double x1 = std::max(d.x, b[0]), y1 = std::max(d.y, b[1]);
    const double x2 = std::min(d.x + d.w, b[2]), y2 = std::min(d.y + d.h, b[3]);
    const double inter = std::max(0.0, x2 - x1) * std::max(0.0, y2 - y1);
    return inter / (d.w * d.h + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

Dataset parityImages() { return readCocoDataset(kRef + "/parity/images.json", kRef + "/parity/images"); }

// How many of torchvision's detections (image_id, label, box xyxy, score) ours reproduce:
// same image and label, score within 1e-5, IoU > 0.999, each of ours used once.
int matchedDetections(const std::vector<DetectionRecord>& ours, const nlohmann::json& theirs)
{
    std::vector<bool> used(ours.size(), false);
    int matched = 0;
    for (const auto& t : theirs) {
        const std::vector<double> box = t["box"].get<std::vector<double>>();
        const double score = t["score"].get<double>();
        for (size_t i = 0; i < ours.size(); ++i) {
            const DetectionRecord& d = ours[i];
            if (used[i] || d.imageId != t["image_id"].get<int64_t>() || d.categoryId != t["label"].get<int64_t>())
                continue;
            if (std::fabs(d.score - score) < 1e-5 && iou(d, box) > 0.999) {
                used[i] = true;
                ++matched;
                break;
            }
        }
    }
    return matched;
}

// The largest relative difference between the pruned model's raw outputs and the full
// model's with the removed rows deleted (equivalence (i)); -1 if the box counts differ.
double prunedDifference(const Detector& full, const Detector& pruned, const Configuration& c, const PreparedImage& img)
{
    const RawOutputs ref = full.forward(img.chw.data(), 1, img.height, img.width);
    const RawOutputs got = pruned.forward(img.chw.data(), 1, img.height, img.width);
    std::vector<int32_t> anchorOfBox;
    full.meta().anchors.priors(ref.featureSizes, img.height, img.width, nullptr, &anchorOfBox);
    const int K = ref.classes;
    double worst = 0;
    int j = 0;
    for (int b = 0; b < ref.boxes; ++b) {
        if (c.isRemoved(anchorOfBox[size_t(b)]))
            continue;
        if (j >= got.boxes)
            return -1;
        for (int k = 0; k < K; ++k) {
            const double want = ref.logits[size_t(b) * K + k], have = got.logits[size_t(j) * K + k];
            worst = std::max(worst, std::fabs(have - want) / std::max(1.0, std::fabs(want)));
        }
        for (int k = 0; k < 4; ++k) {
            const double want = ref.regression[size_t(b) * 4 + k], have = got.regression[size_t(j) * 4 + k];
            worst = std::max(worst, std::fabs(have - want) / std::max(1.0, std::fabs(want)));
        }
        ++j;
    }
    return j == got.boxes ? worst : -1;
}

// One image's detections against torchvision's (flat xyxy boxes, scores, labels) in order:
// same length, label, score bits, corners within 1e-4 px (with `exactCorner`, the top-left
// corner bit for bit). Empty when equal.
QString differenceFrom(const std::vector<DetectionRecord>& ours, const nlohmann::json& want, bool exactCorner = false)
{
    const auto boxes = want["boxes"].get<std::vector<double>>();
    const auto scores = want["scores"].get<std::vector<float>>();
    const auto labels = want["labels"].get<std::vector<int64_t>>();
    if (ours.size() != scores.size())
        return QStringLiteral("%1 detections, torchvision %2").arg(ours.size()).arg(scores.size());
    for (size_t i = 0; i < ours.size(); ++i) {
        const DetectionRecord& d = ours[i];
        const float score = float(d.score);
        const double corners[4] = {d.x, d.y, d.x + d.w, d.y + d.h};
        bool boxOk = true;
        for (int k = 0; k < 4; ++k)
            boxOk = boxOk && std::fabs(corners[k] - boxes[i * 4 + size_t(k)]) <= 1e-4;
        if (exactCorner)
            boxOk = boxOk && float(d.x) == float(boxes[i * 4]) && float(d.y) == float(boxes[i * 4 + 1]);
        if (d.categoryId != labels[i] || std::memcmp(&score, &scores[i], sizeof score) != 0 || !boxOk)
            return QStringLiteral("detection %1: label %2 score %3 vs torchvision label %4 score %5")
                .arg(i).arg(d.categoryId).arg(double(score), 0, 'g', 9).arg(labels[i]).arg(double(scores[i]), 0, 'g', 9);
    }
    return {};
}

const std::string kSat = kRef + "/saturated/";

} // namespace

class TestTorchvisionImport : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    nlohmann::json ref_, saturated_;
    int refThreads_ = 1;

private Q_SLOTS:
    void initTestCase()
    {
        const nlohmann::json all = testutil::readJson(kRef + "/postprocess.json");
        refThreads_ = all["threads"].get<int>();
        configureThreads(refThreads_); // the reference's: the bits depend on it
        ref_ = all["torchvision_parity"];
        saturated_ = all["saturated"];
    }

    void detectionsEqualTorchvision_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::newRow("ssd300") << QStringLiteral("ssd300_vgg16");
        QTest::newRow("ssdlite") << QStringLiteral("ssdlite320_mobilenet_v3_large");
        QTest::newRow("retinanet") << QStringLiteral("retinanet_resnet50_fpn");
    }

    void detectionsEqualTorchvision()
    {
        QFETCH(QString, arch);
        const std::string a = arch.toStdString();
        const Detector model = Detector::load(kRef + "/parity/" + a + ".aspt");
        QCOMPARE(model.meta().architecture, a);
        const Dataset ds = parityImages();
        const auto ours = detectDataset(model, ds);
        const auto& theirs = ref_[a];
        QVERIFY(theirs.size() >= 150);
        QCOMPARE(ours.size(), theirs.size());
        const int matched = matchedDetections(ours, theirs);
        QCOMPARE(matched, int(theirs.size()));
    }

    void saturatedModels_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::newRow("ssd300") << QStringLiteral("ssd300_vgg16");
        QTest::newRow("ssdlite") << QStringLiteral("ssdlite320_mobilenet_v3_large");
        QTest::newRow("retinanet") << QStringLiteral("retinanet_resnet50_fpn");
    }

    // Saturated scores (many exactly 1.0): every detection of torchvision's model([img]), in
    // its order, with its score bits — ties broken as torchvision breaks them.
    void saturatedModels()
    {
        QFETCH(QString, arch);
        const std::string a = arch.toStdString();
        const nlohmann::json& ref = saturated_[a];
        QVERIFY(ref["ones"].get<int>() >= 40 && ref["ones"].get<int>() < ref["total"].get<int>());
        const Detector model = Detector::load(kSat + a + ".aspt");
        QVERIFY(model.meta().postprocess.tieRule == TieRule::Torchvision);
        QCOMPARE(defaultRunSettings(model.meta()).batch, 1);
        const Dataset ds = readCocoDataset(kSat + a + ".json", kSat + "images");
        const auto dets = detectDataset(model, ds);
        for (size_t i = 0; i < ds.images.size(); ++i) {
            std::vector<DetectionRecord> mine;
            for (const auto& d : dets)
                if (d.imageId == ds.images[i].id)
                    mine.push_back(d);
            // SSD / SSDlite decode every box as torchvision does: the same bits.
            const QString diff = differenceFrom(mine, ref["model_detections"][i], !model.meta().sharedHead);
            QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("image %1: ").arg(i) + diff));
        }
    }

    void saturatedRawScores_data() { saturatedModels_data(); }

    // The scores themselves, bit for bit: every candidate of the first image against the
    // [boxes, classes] scores torchvision computes inside model([img]).
    void saturatedRawScores()
    {
        QFETCH(QString, arch);
        const std::string a = arch.toStdString();
        const Detector model = Detector::load(kSat + a + ".aspt");
        const Dataset ds = readCocoDataset(kSat + a + ".json", kSat + "images");
        const std::string bytes = testutil::readText(kSat + a + "-scores0.f32");
        const PreparedImage img = prepareImage(kSat + "images/" + ds.images[0].fileName, model.meta());
        const RawOutputs raw = model.forward(img.chw.data(), 1, img.height, img.width);
        const size_t K = size_t(raw.classes);
        QCOMPARE(bytes.size(), size_t(raw.boxes) * K * sizeof(float));
        const float* theirs = reinterpret_cast<const float*>(bytes.data());
        const InputGeometry g{img.height, img.width, img.validH, img.validW};
        const CandidateList cand = candidatesForImage(model.meta(), raw, 0, nullptr, &g);
        size_t above = 0, ones = 0;
        for (size_t i = 0; i < size_t(raw.boxes) * K; ++i)
            if (theirs[i] > model.meta().postprocess.scoreThreshold && int(i % K) != model.meta().postprocess.backgroundIndex) {
                ++above;
                ones += theirs[i] == 1.0f;
            }
        QCOMPARE(cand.size(), above);
        QVERIFY(ones > 0);
        for (size_t c = 0; c < cand.size(); ++c) {
            const float t = theirs[size_t(cand.boxIndex[c]) * K + size_t(cand.labels[c])];
            QVERIFY2(std::memcmp(&t, &cand.scores[c], sizeof t) == 0,
                     qPrintable(QStringLiteral("box %1 class %2: %3 vs torchvision %4").arg(cand.boxIndex[c])
                                    .arg(cand.labels[c]).arg(double(cand.scores[c]), 0, 'g', 9).arg(double(t), 0, 'g', 9)));
        }
    }

    void saturatedConfigurations_data() { saturatedModels_data(); }

    // Configurations of a saturated model: torchvision's masked post-processing (scores and
    // boxes of the full model, removed anchors' boxes deleted before its selection) against
    // the prediction cache and the configuration evaluator, from scratch, incrementally and
    // in the leave-one-out analysis — the same detections in the same order, and COCO stats
    // (the project's pycocotools-exact evaluator on torchvision's detections) equal to 1e-12.
    void saturatedConfigurations()
    {
        QFETCH(QString, arch);
        const std::string a = arch.toStdString();
        const nlohmann::json& ref = saturated_[a];
        const Detector model = Detector::load(kSat + a + ".aspt");
        const Dataset ds = readCocoDataset(kSat + a + ".json", kSat + "images");
        const PredictionCache cache = buildPredictionCache(model, ds);
        QCOMPARE(cache.batch, 1);
        QVERIFY(cache.identity.find("-b1") != std::string::npos);
        ConfigEvaluator ev(cache);
        const CocoEvaluator coco(ds);
        const ConfigEvaluator::State root = ev.detections({});
        std::map<std::vector<int>, double> apOf;
        std::set<double> distinctAps;
        for (const auto& conf : ref["configurations"]) {
            const Configuration c{conf["removed"].get<std::vector<int>>()};
            std::vector<DetectionRecord> theirs;
            for (size_t i = 0; i < conf["detections"].size(); ++i) {
                const auto& d = conf["detections"][i];
                const auto b = d["boxes"].get<std::vector<float>>();
                const auto sc = d["scores"].get<std::vector<float>>();
                const auto lb = d["labels"].get<std::vector<int64_t>>();
                for (size_t j = 0; j < sc.size(); ++j)
                    theirs.push_back({ds.images[i].id, lb[j], double(b[4 * j]), double(b[4 * j + 1]),
                                      double(b[4 * j + 2] - b[4 * j]), double(b[4 * j + 3] - b[4 * j + 1]), double(sc[j])});
            }
            const auto want = coco.evaluate(theirs).stats;
            const ConfigEvaluator::State scratch = ev.detections(c);
            const ConfigEvaluator::State child = ev.childDetections(root, c);
            for (size_t i = 0; i < cache.images.size(); ++i) {
                const size_t r = size_t(ds.imageIndex(cache.images[i].imageId));
                for (const ConfigEvaluator::State* s : {&scratch, &child}) {
                    const QString diff = differenceFrom(ev.detectionsOf(*s, i), conf["detections"][r]);
                    QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("removed %1, image %2 (%3): ")
                                                            .arg(QString::fromStdString(conf["removed"].dump()))
                                                            .arg(r)
                                                            .arg(s == &scratch ? "from scratch" : "incremental")
                                                        + diff));
                }
            }
            const ConfigResult got = ev.evaluate(c);
            for (int k = 0; k < kCocoStatCount; ++k)
                QVERIFY2(std::fabs(got.stats[size_t(k)] - want[size_t(k)]) <= 1e-12,
                         qPrintable(QStringLiteral("removed %1, %2: %3 vs %4")
                                        .arg(QString::fromStdString(conf["removed"].dump()))
                                        .arg(QString::fromLatin1(kCocoStatNames[size_t(k)]))
                                        .arg(got.stats[size_t(k)], 0, 'g', 17).arg(want[size_t(k)], 0, 'g', 17)));
            apOf[c.removed] = want[0];
            distinctAps.insert(want[0]);
        }
        // The ground truth (jittered copies of some of the model's own detections) gives the
        // configurations APs of a few percent that differ from one another.
        QVERIFY2(distinctAps.size() >= 5 && *distinctAps.rbegin() > 0.02, "the configurations have no AP to compare");
        // Leave-one-out: ΔAP of single anchors as torchvision's pipeline would give it.
        AnalysisOptions opt;
        const AnalysisResult an = analyzeCache(cache, ev, opt);
        // The units are single anchors, or in a shared head an anchor index on every level
        // (each of its anchors carries the unit's ΔAP).
        const AnchorSet& as = model.meta().anchors;
        int checked = 0;
        for (const auto& [removed, ap] : apOf) {
            const bool unit = model.meta().sharedHead
                                  ? int(removed.size()) == as.numLevels()
                                        && std::all_of(removed.begin(), removed.end(), [&](int a) {
                                               return as.info(a).index == as.info(removed[0]).index;
                                           })
                                  : removed.size() == 1;
            if (!unit)
                continue;
            for (int a : removed)
                QVERIFY2(std::fabs(an.anchors[size_t(a)].deltaAp - (ap - apOf[{}])) <= 1e-12,
                         qPrintable(QStringLiteral("anchor %1: %2 vs %3").arg(a).arg(an.anchors[size_t(a)].deltaAp).arg(ap - apOf[{}])));
            ++checked;
        }
        QVERIFY2(checked >= 2, qPrintable(QString::number(checked)));
    }

    void saturatedEndToEnd_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("image");
        QTest::newRow("ssd300") << QStringLiteral("ssd300_vgg16") << 3;    // 300 × 300
        QTest::newRow("ssdlite") << QStringLiteral("ssdlite320_mobilenet_v3_large") << 5; // 320 × 320
    }

    // The end-to-end TorchScript export selects as torchvision does: on an image already at
    // the input size (no resize), its detections are torchvision's model([img]), bit for bit.
    void saturatedEndToEnd()
    {
        QFETCH(QString, arch);
        QFETCH(int, image);
        const std::string a = arch.toStdString();
        const Detector model = Detector::load(kSat + a + ".aspt");
        const std::string path = testutil::tempPath(dir_, "e2e-saturated.pt");
        exportModel(model, ExportFormat::EndToEnd, path);
        const Dataset ds = readCocoDataset(kSat + a + ".json", kSat + "images");
        const cv::Mat bgr = cv::imread(kSat + "images/" + ds.images[size_t(image)].fileName, cv::IMREAD_COLOR);
        QCOMPARE(bgr.rows, model.meta().inputH);
        QCOMPARE(bgr.cols, model.meta().inputW);
        std::vector<float> x01(size_t(3 * bgr.rows * bgr.cols));
        for (int y = 0; y < bgr.rows; ++y)
            for (int x = 0; x < bgr.cols; ++x)
                for (int c = 0; c < 3; ++c) // RGB planes, / 255 as torchvision's input
                    x01[(size_t(c) * size_t(bgr.rows) + size_t(y)) * size_t(bgr.cols) + size_t(x)] =
                        float(bgr.at<cv::Vec3b>(y, x)[2 - c]) / 255.0f;
        const auto e2e = runEndToEnd(path, x01.data(), 1, bgr.rows, bgr.cols);
        QCOMPARE(e2e.size(), size_t(1));
        const nlohmann::json& want = saturated_[a]["model_detections"][size_t(image)];
        const auto boxes = want["boxes"].get<std::vector<float>>();
        const auto scores = want["scores"].get<std::vector<float>>();
        const auto labels = want["labels"].get<std::vector<int64_t>>();
        QCOMPARE(e2e[0].scores.size(), scores.size());
        for (size_t i = 0; i < scores.size(); ++i) {
            QCOMPARE(e2e[0].labels[i], labels[i]);
            QVERIFY(std::memcmp(&e2e[0].scores[i], &scores[i], sizeof(float)) == 0);
            QVERIFY(std::memcmp(&e2e[0].boxes[i], &boxes[4 * i], sizeof(Boxf)) == 0);
        }

        // Pruned, then exported end to end: torchvision's pipeline on the full model with the
        // removed anchors' boxes deleted (the reference's masked detections), in order — a
        // single anchor, a whole level and a large random set. The narrower convolutions may
        // sum in another order, so scores agree to relative 1e-5 and boxes to 1e-3 px (exact
        // ties of the saturated scores stay exact, and their order is checked).
        const nlohmann::json& confs = saturated_[a]["configurations"];
        int tiedChecked = 0;
        for (size_t k : {size_t(1), size_t(4), size_t(6)}) {
            const nlohmann::json& conf = confs[k];
            const Configuration c{conf["removed"].get<std::vector<int>>()};
            const Detector pruned = pruneDetector(model, c);
            const std::string prunedPath = testutil::tempPath(dir_, "e2e-saturated-pruned.pt");
            exportModel(pruned, ExportFormat::EndToEnd, prunedPath);
            const auto got = runEndToEnd(prunedPath, x01.data(), 1, bgr.rows, bgr.cols);
            const nlohmann::json& masked = conf["detections"][size_t(image)];
            const auto mb = masked["boxes"].get<std::vector<double>>();
            const auto ms = masked["scores"].get<std::vector<float>>();
            const auto ml = masked["labels"].get<std::vector<int64_t>>();
            const QString what = QStringLiteral("%1 without %2").arg(arch, QString::fromStdString(c.toString()));
            QVERIFY2(got[0].scores.size() == ms.size(),
                     qPrintable(what + QStringLiteral(": %1 vs %2 detections").arg(got[0].scores.size()).arg(ms.size())));
            QVERIFY(!ms.empty());
            for (size_t i = 0; i < ms.size(); ++i) {
                const Boxf& b = got[0].boxes[i];
                // The reference's boxes are torchvision's xyxy in image pixels (= input pixels here).
                const double corners[4] = {b.x1, b.y1, b.x2, b.y2};
                bool boxOk = true;
                for (int q = 0; q < 4; ++q)
                    boxOk = boxOk && std::fabs(corners[q] - mb[4 * i + size_t(q)]) <= 1e-3;
                QVERIFY2(got[0].labels[i] == ml[i] && std::fabs(got[0].scores[i] - ms[i]) <= 1e-5f * std::max(1.f, ms[i]) && boxOk,
                         qPrintable(what + QStringLiteral(", detection %1: label %2 score %3 vs torchvision label %4 score %5")
                                               .arg(i).arg(got[0].labels[i]).arg(double(got[0].scores[i]), 0, 'g', 9)
                                               .arg(ml[i]).arg(double(ms[i]), 0, 'g', 9)));
                tiedChecked += i > 0 && ms[i] == ms[i - 1];
            }
        }
        QVERIFY2(tiedChecked >= 10, qPrintable(QString::number(tiedChecked))); // the hard case: tied scores
    }

    void resizeByScaleAsTorchvision()
    {
        const Detector model = Detector::load(kRef + "/parity/retinanet_resnet50_fpn.aspt");
        const ModelMeta& m = model.meta();
        QCOMPARE(m.resizePolicy, std::string("min_max"));
        QCOMPARE(m.resizeMinSize, 320);
        QCOMPARE(m.resizeMaxSize, 480);
        // 311 × 257: scale = 320 / 257 in float32 (a hair under), so floor gives 387 × 319
        // — torchvision's own sizes — padded to 416 × 320.
        const PreparedImage p = prepareImage(kRef + "/parity/images/p1.png", m);
        QCOMPARE(p.validH, 387);
        QCOMPARE(p.validW, 319);
        QCOMPARE(p.height, 416);
        QCOMPARE(p.width, 320);
        // The padding is zero after normalisation, as torchvision's batching.
        QCOMPARE(p.chw[size_t(415) * 320 + 5], 0.0f);
        QCOMPARE(resizedSize(m, 380, 400), std::make_pair(320, 336));
        // A long image hits the max size: scale (1/400)·480 in float32 is a hair under 1.2, so
        // torchvision resizes 100 × 400 to 119 × 479 (checked with torchvision 0.14).
        QCOMPARE(resizedSize(m, 100, 400), std::make_pair(119, 479));
    }

    void importedSsdlitePrunes()
    {
        const Detector full = Detector::load(kRef + "/parity/ssdlite320_mobilenet_v3_large.aspt");
        const PreparedImage img = prepareImage(kRef + "/parity/images/p2.png", full.meta());
        // Anchors of level 0 and 2 thinned, level 5 (1 × 1) removed whole.
        const Configuration c = parseConfiguration("0,3,5,13,14,30-35");
        const Detector pruned = pruneDetector(full, c);
        QVERIFY(!pruned.meta().levelEnabled[5]);
        const double d = prunedDifference(full, pruned, c, img);
        QVERIFY2(d >= 0 && d <= 1e-5, qPrintable(QString::number(d)));
        // Fewer MACs, and the level's depthwise block goes with it.
        const ArchitectureSpec& spec = architectureSpec(full.meta().architecture);
        const CostReport before = computeCost(spec, full.meta().anchors, full.meta().numClasses, 320, 320);
        const CostReport after = computeCost(spec, pruned.meta().anchors, pruned.meta().numClasses, 320, 320);
        QVERIFY(after.headMacs < before.headMacs);
        // Saved and loaded again, it detects as the masked full model.
        const std::string path = testutil::tempPath(dir_, "lite-pruned.aspt");
        pruned.save(path);
        const Dataset ds = parityImages();
        const auto mask = removalMask(full.meta().anchors, c);
        InferenceOptions masked;
        masked.batchSize = 1;
        masked.removedAnchors = &mask;
        InferenceOptions plain;
        plain.batchSize = 1;
        const auto a = detectDataset(full, ds, masked);
        const auto b = detectDataset(Detector::load(path), ds, plain);
        QVERIFY(a.size() > 100);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].categoryId, b[i].categoryId);
            QVERIFY(std::fabs(a[i].score - b[i].score) < 1e-5);
            QVERIFY(std::fabs(a[i].x - b[i].x) < 1e-3 && std::fabs(a[i].w - b[i].w) < 1e-3);
        }
    }

    void importedRetinanetPrunesPerIndex()
    {
        const Detector full = Detector::load(kRef + "/parity/retinanet_resnet50_fpn.aspt");
        QVERIFY(full.meta().sharedHead);
        const PreparedImage img = prepareImage(kRef + "/parity/images/p0.png", full.meta());
        const Configuration c = parseConfiguration("2,11,20,29,38"); // index 2 on every level
        const Detector pruned = pruneDetector(full, c);
        const double d = prunedDifference(full, pruned, c, img);
        QVERIFY2(d >= 0 && d <= 1e-5, qPrintable(QString::number(d)));
        EXPECT_INPUT_ERROR(pruneDetector(full, parseConfiguration("2")), "shared head");
    }

    // torchvision's convention: a RetinaNet trained with num_classes = K + 1 never uses
    // column 0. Imported with column 0 marked unused (__background__, or a name no category
    // has), it evaluates from the CLI — label map by default matching — to exactly the stats
    // the pycocotools-exact evaluator gives torchvision's own detections, whose label-0 boxes
    // pycocotools ignores (no ground truth of that category).
    void retinanetWithAnUnusedColumnZero_data()
    {
        QTest::addColumn<QString>("firstName");
        QTest::addColumn<bool>("warned");
        QTest::newRow("__background__") << QStringLiteral("__background__") << false;
        QTest::newRow("unused") << QStringLiteral("unused") << true;
    }

    void retinanetWithAnUnusedColumnZero()
    {
        QFETCH(QString, firstName);
        QFETCH(bool, warned);
        const testutil::UnusedColumnCase c =
            testutil::unusedColumnCase(testutil::readJson(kRef + "/postprocess.json"), kRef, testutil::tempPath(dir_, "no-zero.json"));
        QVERIFY(c.labelZero > 50); // column 0 does fire: its boxes must be dropped, not evaluated
        QVERIFY(c.want.stats[0] > 0.05);
        const std::string data = c.dataset;
        const CocoEvalResult& want = c.want;

        const std::string names = testutil::tempPath(dir_, "names.txt");
        testutil::writeText(names, firstName.toStdString() + "\nclass_1\nclass_2\nclass_3\nclass_4\n");
        const QString model = QString::fromStdString(testutil::tempPath(dir_, "retina-k1.aspt"));
        auto cli = [](const QStringList& args) {
            const testutil::CliRun r = testutil::runCli(args, 600000);
            return std::make_tuple(r.code, r.out, r.err);
        };
        auto [code, out, err] = cli({QStringLiteral("import-torchvision"), QStringLiteral("--weights"),
                                     QString::fromStdString(c.checkpoint), QStringLiteral("--class-names"),
                                     QString::fromStdString(names), QStringLiteral("--min-size"), QStringLiteral("320"),
                                     QStringLiteral("--max-size"), QStringLiteral("480"), QStringLiteral("--out"), model, QStringLiteral("--json")});
        QVERIFY2(code == 0, qPrintable(err));
        QVERIFY(out.contains(QStringLiteral("\"architecture\":\"retinanet_resnet50_fpn\""))); // --arch auto
        std::tie(code, out, err) = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), model, QStringLiteral("--data"),
                                        QString::fromStdString(data), QStringLiteral("--images"), QString::fromStdString(kRef + "/parity/images"),
                                        QStringLiteral("--threads"), QString::number(refThreads_), QStringLiteral("--batch"),
                                        QStringLiteral("1"), QStringLiteral("--json")});
        QVERIFY2(code == 0, qPrintable(err));
        QCOMPARE(err.contains(QStringLiteral("'unused' (column 0) is no category of this dataset")), warned);
        const nlohmann::json got = nlohmann::json::parse(out.toStdString());
        for (int i = 0; i < kCocoStatCount; ++i)
            QCOMPARE(got[kCocoStatNames[size_t(i)]].get<double>(), want.stats[size_t(i)]);
    }

    // Back to torchvision: a pruned imported model exported as model.py + model.pth builds
    // torchvision's own detector with exactly the kept anchors; its model([img]) gives the
    // pruned package's detections (scores within 1e-5, boxes IoU > 0.999).
    void exportsBackToTorchvision_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("removed");
        QTest::newRow("ssd300") << QStringLiteral("ssd300_vgg16") << QStringLiteral("1,3,7,12,20");
        QTest::newRow("ssdlite") << QStringLiteral("ssdlite320_mobilenet_v3_large") << QStringLiteral("0,7,13,20,33");
        QTest::newRow("retinanet") << QStringLiteral("retinanet_resnet50_fpn") << QStringLiteral("2,11,20,29,38");
    }

    void exportsBackToTorchvision()
    {
        QFETCH(QString, arch);
        QFETCH(QString, removed);
        const Detector full = Detector::load(kRef + "/parity/" + arch.toStdString() + ".aspt");
        const Detector pruned = pruneDetector(full, parseConfiguration(removed.toStdString()));
        const QString out = dir_.filePath(QStringLiteral("tv-") + arch);
        exportModel(pruned, ExportFormat::Torchvision, out.toStdString());
        QVERIFY(QFile::exists(out + QStringLiteral("/model.py")) && QFile::exists(out + QStringLiteral("/model.pth")));
        const QString script = QStringLiteral(
            "import json, sys, torch\n"
            "from torchvision.io import read_image\n"
            "sys.path.insert(0, sys.argv[1])\n"
            "import model as tv\n"
            "torch.set_num_threads(int(sys.argv[3]))\n"
            "m = tv.build(); m.load_state_dict(torch.load(sys.argv[1] + '/model.pth')['model']); m.eval()\n"
            "coco = json.load(open(sys.argv[2] + '/images.json'))\n"
            "dets = []\n"
            "with torch.no_grad():\n"
            "    for im in coco['images']:\n"
            "        r = m([read_image(sys.argv[2] + '/images/' + im['file_name']).float() / 255.0])[0]\n"
            "        dets += [{'image_id': im['id'], 'label': l, 'box': b, 'score': s} for b, s, l in\n"
            "                 zip(r['boxes'].tolist(), r['scores'].tolist(), r['labels'].tolist())]\n"
            "print(json.dumps(dets))\n");
        QProcess p;
        p.start(QStringLiteral(ANCHORSCOPE_PYTHON), {QStringLiteral("-c"), script, out, QString::fromStdString(kRef + "/parity"),
                                                      QString::number(refThreads_)});
        QVERIFY(p.waitForFinished(600000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const nlohmann::json theirs = nlohmann::json::parse(p.readAllStandardOutput().toStdString());
        const auto ours = detectDataset(pruned, parityImages());
        QVERIFY(theirs.size() >= 150);
        QCOMPARE(ours.size(), theirs.size());
        const int matched = matchedDetections(ours, theirs);
        QCOMPARE(matched, int(theirs.size()));
        // ... and its weights import back: the same pruned model (raw outputs within 1e-5).
        const std::string back = testutil::tempPath(dir_, "back.aspt");
        TorchvisionImportOptions o;
        if (arch == QStringLiteral("retinanet_resnet50_fpn")) {
            o.minSize = 320;
            o.maxSize = 480;
        }
        importTorchvisionCheckpoint((out + QStringLiteral("/model.pth")).toStdString(), back, o);
        const Detector again = Detector::load(back);
        QCOMPARE(again.meta().anchors.numAnchors(), pruned.meta().anchors.numAnchors());
        const int h = pruned.meta().inputH, w = pruned.meta().inputW;
        const std::vector<float> image = testutil::normalisedNoise(h, w, 3);
        const RawOutputs want = pruned.forward(image.data(), 1, h, w), got = again.forward(image.data(), 1, h, w);
        const double wl = testutil::worstRelativeDifference(got.logits, want.logits);
        const double wr = testutil::worstRelativeDifference(got.regression, want.regression);
        QVERIFY(wl >= 0 && wr >= 0); // same shapes
        const double worst = std::max(wl, wr);
        QVERIFY2(worst <= 1e-5, qPrintable(QString::number(worst)));
        // A native model has no torchvision counterpart: a message.
        const std::vector<ClassInfo> classes{{"bg", -1}, {"a", 1}};
        const Detector native = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes, 1);
        EXPECT_INPUT_ERROR(exportModel(native, ExportFormat::Torchvision, dir_.filePath(QStringLiteral("native-tv")).toStdString()),
                           "no torchvision counterpart");
    }

    void exporterRefusesBadInput()
    {
        const QString script = QStringLiteral(ANCHORSCOPE_SOURCE_DIR "/app/python/export_torchvision.py");
        const QString out = dir_.filePath(QStringLiteral("x.aspt"));
        auto run = [&](const QStringList& args) {
            testutil::CliSetup python;
            python.program = QStringLiteral(ANCHORSCOPE_PYTHON);
            python.timeoutMs = 120000;
            const testutil::CliRun r = testutil::runCli(QStringList{script} + args, python);
            return std::make_pair(r.code, r.err);
        };
        // The SSD300 weights given as SSDlite.
        auto [code, err] = run({QStringLiteral("--arch"), QStringLiteral("ssdlite320_mobilenet_v3_large"), QStringLiteral("--weights"),
                                QString::fromStdString(kRef + "/parity/ssd300_vgg16.pth"), QStringLiteral("--out"), out});
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("no classification head")), qPrintable(err));
        const QString junk = dir_.filePath(QStringLiteral("junk.pth"));
        testutil::writeText(junk.toStdString(), "not a torch file");
        std::tie(code, err) = run({QStringLiteral("--arch"), QStringLiteral("ssd300_vgg16"), QStringLiteral("--weights"), junk,
                                   QStringLiteral("--out"), out});
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("cannot be read")), qPrintable(err));
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestTorchvisionImport)
#include "test_torchvision_import.moc"
