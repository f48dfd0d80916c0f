// SPDX-License-Identifier: GPL-3.0-or-later
// Exports: the end-to-end TorchScript gives the app's own detections (LibTorch and Python
// PyTorch, no torchvision), the state dict loads in Python as a plain dict, the raw package
// reloads.
#include "test_util.h"

#include "models/detector.h"
#include "models/export.h"
#include "models/inference.h"
#include "util/atomic_file.h"
#include "util/random.h"

#include <QProcess>

#include <cmath>

using namespace anchorscope;

namespace {

std::vector<float> images01(int n, int S)
{
    std::vector<float> x(size_t(n) * 3 * S * S);
    Rng rng(4);
    // Smooth blobs so the random head sees structure.
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = float(0.5 + 0.4 * std::sin(double(i % size_t(S)) * 0.07 + double(i / size_t(S * S)) * 0.3) * rng.uniform());
    return x;
}

bool sameBox(const Boxf& a, const Boxf& b)
{
    return std::fabs(a.x1 - b.x1) < 1e-3f && std::fabs(a.y1 - b.y1) < 1e-3f && std::fabs(a.x2 - b.x2) < 1e-3f
        && std::fabs(a.y2 - b.y2) < 1e-3f;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() { configureThreads(2); }

    void endToEndMatchesTheApp_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("torchvisionRule");
        QTest::addColumn<bool>("sigmoid");
        QTest::newRow("per-class top-k") << int(TopKMode::PerClass) << false << false;
        QTest::newRow("per-level top-k") << int(TopKMode::PerLevel) << false << false;
        QTest::newRow("torchvision rule, softmax per class") << int(TopKMode::PerClass) << true << false;
        QTest::newRow("torchvision rule, sigmoid per level") << int(TopKMode::PerLevel) << true << true;
    }

    void endToEndMatchesTheApp()
    {
        QFETCH(int, mode);
        QFETCH(bool, torchvisionRule);
        QFETCH(bool, sigmoid);
        Detector model = sigmoid ? Detector::createNative("retinanet_r18_fpn", anchorPreset("retinanet_torchvision", 128, 128),
                                                          {{"a", 1}, {"b", 2}, {"c", 3}}, 5)
                                 : Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128),
                                                          {{"bg", -1}, {"a", 1}, {"b", 2}, {"c", 3}}, 5);
        PostProcessSettings& s = model.mutableMeta().postprocess;
        s.tieRule = torchvisionRule ? TieRule::Torchvision : TieRule::Rank;
        s.scoreThreshold = sigmoid ? 0.0095f : 0.3f; // a fresh focal head scores about 0.01
        s.topkMode = TopKMode(mode);
        s.topk = 40;
        s.maxDetections = 50;
        const std::string path = testutil::tempPath(dir_, "e2e.pt");
        exportModel(model, ExportFormat::EndToEnd, path);
        const int n = 2, S = 128;
        const auto x01 = images01(n, S);
        const auto e2e = runEndToEnd(path, x01.data(), n, S, S);
        QCOMPARE(int(e2e.size()), n);
        // The app's path: normalise, forward, candidates, selection.
        std::vector<float> x(x01.size());
        const auto& meta = model.meta();
        for (size_t i = 0; i < x.size(); ++i) {
            const size_t c = (i / size_t(S * S)) % 3;
            x[i] = (x01[i] - meta.mean[c]) / meta.std[c];
        }
        const RawOutputs raw = model.forward(x.data(), n);
        size_t total = 0;
        for (int k = 0; k < n; ++k) {
            const CandidateList cand = candidatesForImage(meta, raw, k);
            SelectionWorkspace ws;
            SelectionOptions opt;
            opt.presorted = true;
            const auto kept = selectDetections(cand.view(), meta.postprocess, ws, opt);
            QCOMPARE(e2e[size_t(k)].scores.size(), kept.size());
            total += kept.size();
            for (size_t j = 0; j < kept.size(); ++j) {
                const uint32_t c = kept[j];
                QCOMPARE(e2e[size_t(k)].labels[j], int64_t(cand.labels[c]));
                if (torchvisionRule) // the same ATen calls on the same shapes: the same bits
                    QCOMPARE(e2e[size_t(k)].scores[j], cand.scores[c]);
                else
                    QVERIFY(std::fabs(e2e[size_t(k)].scores[j] - cand.scores[c]) < 1e-5f);
                QVERIFY(sameBox(e2e[size_t(k)].boxes[j], cand.boxes[c]));
            }
        }
        QVERIFY(total >= 20);

        // The same module in Python PyTorch, without importing torchvision: every detection's
        // box, score and label, in order (one JSON line per image).
        const std::string input = testutil::tempPath(dir_, "x.f32");
        writeFileAtomically(input, std::string_view(reinterpret_cast<const char*>(x01.data()), x01.size() * sizeof(float)));
        QProcess p;
        p.start(QStringLiteral(ANCHORSCOPE_PYTHON),
                {QStringLiteral("-c"),
                 QStringLiteral("import sys, json, torch\nassert 'torchvision' not in sys.modules\n"
                                "m = torch.jit.load(sys.argv[1])\n"
                                "x = torch.from_file(sys.argv[2], size=%1, dtype=torch.float32).reshape(%2, 3, %3, %3)\n"
                                "for boxes, scores, labels in m(x):\n"
                                "    print(json.dumps({'boxes': boxes.tolist(), 'scores': scores.tolist(), 'labels': labels.tolist()}))\n"
                                "assert 'torchvision' not in sys.modules\n")
                     .arg(x01.size()).arg(n).arg(S),
                 QString::fromStdString(path), QString::fromStdString(input)});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), n);
        for (int k = 0; k < n; ++k) {
            const nlohmann::json py = nlohmann::json::parse(lines[k].toStdString());
            const EndToEndDetections& cpp = e2e[size_t(k)];
            QCOMPARE(py["scores"].size(), cpp.scores.size());
            QCOMPARE(py["labels"].get<std::vector<int64_t>>(), cpp.labels);
            for (size_t j = 0; j < cpp.scores.size(); ++j) {
                QVERIFY(std::fabs(py["scores"][j].get<float>() - cpp.scores[j]) < 1e-5f);
                const auto& b = py["boxes"][j];
                QVERIFY2(sameBox({b[0].get<float>(), b[1].get<float>(), b[2].get<float>(), b[3].get<float>()}, cpp.boxes[j]),
                         qPrintable(QStringLiteral("image %1, detection %2").arg(k).arg(j)));
            }
        }
    }

    void stateDictAndRawPackage()
    {
        const Detector model = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), {{"bg", -1}, {"a", 1}}, 6);
        const std::string sd = testutil::tempPath(dir_, "m.pth");
        exportModel(model, ExportFormat::StateDict, sd);
        QProcess p;
        p.start(QStringLiteral(ANCHORSCOPE_PYTHON),
                {QStringLiteral("-c"),
                 QStringLiteral("import sys, torch\nd = torch.load(sys.argv[1])\nassert type(d) is dict\n"
                                "print(len(d), tuple(d['cls_0.weight'].shape))\n"),
                 QString::fromStdString(sd)});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        QVERIFY2(out.endsWith(QStringLiteral("(8, 64, 3, 3)")), qPrintable(out)); // 4 anchors × 2 classes
        const std::string ts = testutil::tempPath(dir_, "m.aspt");
        exportModel(model, ExportFormat::TorchScript, ts);
        QCOMPARE(Detector::load(ts).identity(), model.identity());
        const auto report = exportReport(model);
        QCOMPARE(report["anchors"]["levels"].size(), size_t(4));
        QVERIFY(report["head_macs"].get<int64_t>() > 0);
        EXPECT_INPUT_ERROR(exportFormatFromString("tflite"), "tflite");
        QVERIFY(exportFormatFromString("onnx") == ExportFormat::Onnx);
        QVERIFY(exportFormatFromString("torchvision") == ExportFormat::Torchvision);
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "test_export.moc"
