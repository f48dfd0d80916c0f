// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX export read back by OpenCV 4.6's DNN module (the runtime edge deployments use): its
// outputs equal LibTorch's within relative 1e-4 for the native models and the three imported
// torchvision detectors, full and pruned; a pruned file is smaller and equals the full model's
// outputs with the removed anchors' rows deleted; the sidecar carries what the
// post-processing needs, and the deployment header (app/deploy/anchorscope_deploy.h) turns
// OpenCV's outputs into the project's detections.
#include "test_util.h"

#include "anchorscope_deploy.h"
#include "anchors/configuration.h"
#include "eval/postprocess.h"
#include "models/detector.h"
#include "models/export.h"
#include "models/head_surgery.h"
#include "models/onnx_export.h"
#include "util/random.h"

#include <opencv2/dnn.hpp>

#include <cmath>
#include <filesystem>

using namespace anchorscope;

namespace {

struct Outputs {
    std::vector<float> logits, boxes;
};

Outputs runOpenCv(const std::string& onnx, std::vector<float>& image, int h, int w)
{
    cv::dnn::Net net = cv::dnn::readNetFromONNX(onnx);
    const int shape[4] = {1, 3, h, w};
    net.setInput(cv::Mat(4, shape, CV_32F, image.data()), "images");
    std::vector<cv::Mat> outs;
    net.forward(outs, std::vector<cv::String>{"logits", "boxes"});
    auto flat = [](const cv::Mat& m) { return std::vector<float>(m.ptr<float>(), m.ptr<float>() + m.total()); };
    return {flat(outs.at(0)), flat(outs.at(1))};
}

// The full model's rows of the anchors a configuration keeps (`per` values per box).
std::vector<float> keptRows(const Detector& full, const Configuration& c, const std::vector<float>& rows, int per)
{
    std::vector<int16_t> level;
    const ModelMeta& m = full.meta();
    std::vector<int32_t> anchorOfBox;
    m.anchors.priors(&level, &anchorOfBox);
    std::vector<float> out;
    for (size_t b = 0; b < anchorOfBox.size(); ++b)
        if (!c.isRemoved(anchorOfBox[b]))
            out.insert(out.end(), rows.begin() + long(b) * per, rows.begin() + long(b + 1) * per);
    return out;
}


// The deployment header on OpenCV DNN's outputs, with the sidecar's numbers, against the
// project's own post-processing of LibTorch's outputs: detections matched by label, score
// (relative 1e-4) and box (1e-3 px); returns how many of the project's have no match (ties
// that flipped, or near-ties reordered by the runtimes' last bits).
int deployedVersusProject(const Detector& model, const Outputs& cv, const RawOutputs& torch, const nlohmann::json& side,
                          int* total)
{
    namespace dep = anchorscope_deploy;
    const nlohmann::json& pp = side["postprocess"];
    dep::Settings s;
    s.sigmoid = pp["score_function"] == "sigmoid";
    s.backgroundIndex = pp["background_index"].get<int>();
    s.scoreThreshold = pp["score_threshold"].get<float>();
    s.topkPerLevel = pp["topk_mode"] == "per_level";
    s.topk = pp["topk"].get<int>();
    s.nmsIou = pp["nms_iou"].get<double>();
    s.classAgnosticNms = pp["class_agnostic_nms"].get<bool>();
    s.maxDetections = pp["max_detections"].get<int>();
    s.clipBoxes = pp["clip_boxes"].get<bool>();
    for (int k = 0; k < 4; ++k)
        s.coderWeights[k] = pp["coder_weights"][size_t(k)].get<float>();
    s.dwhClamp = pp["dwh_clamp"].get<float>();
    std::vector<dep::Box> priors;
    for (const auto& b : side["onnx"]["priors"])
        priors.push_back({b[0].get<float>(), b[1].get<float>(), b[2].get<float>(), b[3].get<float>()});
    const std::vector<int> level = side["onnx"]["box_level"].get<std::vector<int>>();
    const int h = side["onnx"]["input_size"][0].get<int>(), w = side["onnx"]["input_size"][1].get<int>();
    const auto deployed = dep::postprocess(cv.logits.data(), cv.boxes.data(), priors, level, torch.classes, h, w, s);

    const ModelMeta& m = model.meta();
    std::vector<int16_t> boxLevel;
    std::vector<int32_t> boxAnchor;
    const std::vector<Boxf> pri = m.anchors.priors(torch.featureSizes, h, w, &boxLevel, &boxAnchor);
    const CandidateList cand = candidatesFromRaw(torch.logits.data(), torch.regression.data(), pri.data(), boxLevel.data(),
                                                 boxAnchor.data(), pri.size(), torch.classes, float(w), float(h), m.postprocess);
    SelectionWorkspace ws;
    const CandidateView view = cand.view();
    const std::vector<uint32_t> kept = selectDetections(view, m.postprocess, ws);
    *total = int(kept.size());
    std::vector<bool> used(deployed.size(), false);
    int unmatched = 0;
    for (uint32_t k : kept) {
        const Boxf& b = view.boxes[k];
        bool found = false;
        for (size_t i = 0; i < deployed.size() && !found; ++i) {
            const dep::Detection& d = deployed[i];
            if (used[i] || d.label != view.labels[k] || std::fabs(d.score - view.scores[k]) > 1e-4 * std::max(1.f, view.scores[k]))
                continue;
            if (std::fabs(d.box.x1 - b.x1) <= 1e-3f && std::fabs(d.box.y1 - b.y1) <= 1e-3f && std::fabs(d.box.x2 - b.x2) <= 1e-3f
                && std::fabs(d.box.y2 - b.y2) <= 1e-3f)
                used[i] = found = true;
        }
        unmatched += !found;
    }
    return unmatched + int(deployed.size()) - (int(kept.size()) - unmatched);
}

} // namespace

class TestOnnx : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    // Exports `model` (and the pruned `c`), runs both in OpenCV DNN on one random image.
    void checkModel(const Detector& model, const Configuration& c, const std::string& name)
    {
        const int h = model.meta().inputH, w = model.meta().inputW;
        std::vector<float> image = testutil::normalisedNoise(h, w, 7);
        const std::string full = testutil::tempPath(dir_, (name + ".onnx").c_str());
        exportModel(model, ExportFormat::Onnx, full);
        const RawOutputs want = model.forward(image.data(), 1, h, w);
        const Outputs got = runOpenCv(full, image, h, w);
        const double dl = testutil::worstRelativeDifference(got.logits, want.logits);
        const double dr = testutil::worstRelativeDifference(got.boxes, want.regression);
        QVERIFY2(dl >= 0 && dl <= 1e-4 && dr >= 0 && dr <= 1e-4, qPrintable(QStringLiteral("%1 full: %2 %3").arg(QString::fromStdString(name)).arg(dl).arg(dr)));
        const nlohmann::json side = testutil::readJson(onnxSidecarPath(full));
        int total = 0;
        const int differ = deployedVersusProject(model, got, want, side, &total);
        qInfo("%s: deployment header on OpenCV outputs vs the project's detections: %d of %d differ", name.c_str(), differ, total);
        QVERIFY(total > 0);
        QVERIFY2(differ <= std::max(1, total / 100), qPrintable(QStringLiteral("%1 of %2 differ").arg(differ).arg(total)));
        QCOMPARE(side["onnx"]["input_size"], nlohmann::json({h, w}));
        QCOMPARE(side["onnx"]["feature_sizes"].size(), size_t(model.meta().anchors.numLevels()));
        QCOMPARE(side["architecture"].get<std::string>(), model.meta().architecture);

        const Detector pruned = pruneDetector(model, c);
        const std::string small = testutil::tempPath(dir_, (name + "-pruned.onnx").c_str());
        exportModel(pruned, ExportFormat::Onnx, small);
        QVERIFY(std::filesystem::file_size(small) < std::filesystem::file_size(full));
        const RawOutputs wantPruned = pruned.forward(image.data(), 1, h, w);
        const Outputs gotPruned = runOpenCv(small, image, h, w);
        const double pl = testutil::worstRelativeDifference(gotPruned.logits, wantPruned.logits);
        const double pr = testutil::worstRelativeDifference(gotPruned.boxes, wantPruned.regression);
        QVERIFY2(pl >= 0 && pl <= 1e-4 && pr >= 0 && pr <= 1e-4, qPrintable(QStringLiteral("%1 pruned: %2 %3").arg(QString::fromStdString(name)).arg(pl).arg(pr)));
        // Equivalence: the pruned graph gives the masked full outputs.
        const double ml = testutil::worstRelativeDifference(gotPruned.logits, keptRows(model, c, want.logits, want.classes));
        const double mr = testutil::worstRelativeDifference(gotPruned.boxes, keptRows(model, c, want.regression, 4));
        qInfo("%s: OpenCV vs LibTorch full %.2g/%.2g, pruned %.2g/%.2g, pruned vs masked %.2g/%.2g; %llu -> %llu bytes",
              name.c_str(), dl, dr, pl, pr, ml, mr, static_cast<unsigned long long>(std::filesystem::file_size(full)),
              static_cast<unsigned long long>(std::filesystem::file_size(small)));
        QVERIFY2(ml >= 0 && ml <= 1e-4 && mr >= 0 && mr <= 1e-4, qPrintable(QStringLiteral("%1 masked: %2 %3").arg(QString::fromStdString(name)).arg(ml).arg(mr)));
    }

private Q_SLOTS:
    void initTestCase() { configureThreads(2); }

    void nativeSsdSmall()
    {
        const std::vector<ClassInfo> classes{{"bg", -1}, {"square", 1}, {"bar", 2}, {"ellipse", 3}};
        Detector m = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes, 3);
        checkModel(m, parseConfiguration("0,2,5-7"), "ssd_small");
    }

    // A native SSD300 (built in C++) is traced as its Python twin too: traced as it is, its L2
    // norm's clamp_min becomes a Clip whose bound OpenCV 4.6 cannot read. The pruned
    // configuration empties the last level (its conv leaves the graph).
    void nativeSsd300()
    {
        const std::vector<ClassInfo> classes{{"bg", -1}, {"square", 1}, {"bar", 2}};
        Detector m = Detector::createNative("ssd300_vgg16", anchorPreset("ssd300_torchvision"), classes, 5);
        checkModel(m, parseConfiguration("1,3,7,26-29"), "native ssd300");
    }

    // Models imported from torchvision (traced as their Python twins): SSD300 at opset 13,
    // SSDlite at opset 10 (OpenCV 4.6 rejects opset 11's Clip for ReLU6), RetinaNet at its
    // fixed input size (pruned per index: its head is shared).
    void importedModels_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("removed");
        QTest::newRow("ssd300") << QStringLiteral("ssd300_vgg16") << QStringLiteral("1,3,7,12");
        QTest::newRow("ssdlite") << QStringLiteral("ssdlite320_mobilenet_v3_large") << QStringLiteral("0,7,13,20");
        QTest::newRow("retinanet") << QStringLiteral("retinanet_resnet50_fpn") << QStringLiteral("2,11,20,29,38");
    }

    void importedModels()
    {
        QFETCH(QString, arch);
        QFETCH(QString, removed);
        const Detector m = Detector::load(std::string(ANCHORSCOPE_REFERENCE_DIR "/parity/") + arch.toStdString() + ".aspt");
        checkModel(m, parseConfiguration(removed.toStdString()), arch.toStdString());
    }

    void badInputIsAMessage()
    {
        const std::vector<ClassInfo> classes{{"bg", -1}, {"square", 1}};
        const Detector m = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes, 3);
        EXPECT_INPUT_ERROR(exportModel(m, ExportFormat::Onnx, "/no/such/dir/x.onnx"), "x.onnx");
        QVERIFY(!QFile::exists(QStringLiteral("/no/such/dir/x.onnx")));
    }
};

QTEST_GUILESS_MAIN(TestOnnx)
#include "test_onnx.moc"
