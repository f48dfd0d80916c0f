// SPDX-License-Identifier: GPL-3.0-or-later
// Native TorchScript detectors and the .aspt package: shapes of the raw outputs, the
// ModuleBuilder traps (training attribute, eval before save, BatchNorm freezing, deep copy),
// package round trip, loading in Python PyTorch, and every load-time check.
#include "test_util.h"

#include "models/detector.h"
#include "models/detector_impl.h"
#include "util/atomic_file.h"

#include <QProcess>

#include <cmath>

using namespace anchorscope;

namespace {

std::vector<ClassInfo> shapesClasses()
{
    return {{"__background__", -1}, {"square", 1}, {"bar", 2}, {"ellipse", 3}, {"triangle", 4}, {"ring", 5}};
}

std::vector<float> testImages(int n, int H, int W)
{
    std::vector<float> x(size_t(n) * 3 * H * W);
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = float(std::sin(double(i) * 0.001)) * 1.5f;
    return x;
}

double sumOf(const std::vector<float>& v)
{
    double s = 0;
    for (float f : v)
        s += f;
    return s;
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() { configureThreads(2); }

    void ssdSmallShapes()
    {
        const AnchorSet a = anchorPreset("ssd_small_overanchorized");
        const Detector d = Detector::createNative("ssd_small", a, shapesClasses(), 1);
        const auto x = testImages(2, 256, 256);
        const RawOutputs r = d.forward(x.data(), 2);
        QCOMPARE(r.n, 2);
        QCOMPARE(r.boxes, a.numBoxes());
        QCOMPARE(r.boxes, 15 * (32 * 32 + 16 * 16 + 8 * 8 + 4 * 4));
        QCOMPARE(r.classes, 6);
        QCOMPARE(r.featureSizes.size(), size_t(4));
        QCOMPARE(r.featureSizes[0], std::make_pair(32, 32));
        QCOMPARE(r.featureSizes[3], std::make_pair(4, 4));
        QCOMPARE(r.logits.size(), size_t(2) * size_t(r.boxes) * 6);
        for (float v : r.logits)
            QVERIFY(std::isfinite(v));
        QVERIFY(d.parameterCount() > 100000);
    }

    void packageRoundTripAndTraps()
    {
        Detector d = Detector::createNative("ssd_small", anchorPreset("ssd_small"), shapesClasses(), 2);
        auto& module = d.impl().module;
        // Trap: without a registered `training` attribute train()/eval() would not work.
        module.train();
        QVERIFY(module.is_training());
        // Running a batch in train mode updates BatchNorm statistics.
        const auto x = testImages(2, 256, 256);
        {
            torch::NoGradGuard g;
            module.forward({torch::from_blob(const_cast<float*>(x.data()), {2, 3, 256, 256})});
        }
        const std::string path = testutil::tempPath(dir_, "m.aspt");
        d.save(path); // saved in eval mode even though the module was training ...
        QVERIFY(module.is_training()); // ... and the caller's mode is restored
        Detector back = Detector::load(path);
        QVERIFY(!back.impl().module.is_training());
        module.eval();
        const RawOutputs a = d.forward(x.data(), 2), b = back.forward(x.data(), 2);
        QCOMPARE(a.logits, b.logits);
        QCOMPARE(a.regression, b.regression);
        QCOMPARE(d.identity(), back.identity());
        QCOMPARE(back.meta().architecture, std::string("ssd_small"));
        QCOMPARE(back.meta().anchors.numAnchors(), 16);

        // Trap: a copy shares parameters unless deep-copied; clone() must be independent.
        Detector c = d.clone();
        tsb::Module cls0 = c.impl().module.attr("cls_0").toModule();
        tsb::registerParameter(cls0, "weight", torch::zeros({1}));
        QVERIFY(c.identity() != d.identity());
        QCOMPARE(d.identity(), back.identity());
    }

    void frozenBatchNormIgnoresBatchStatistics()
    {
        Detector d = Detector::createNative("ssd_small", anchorPreset("ssd_small"), shapesClasses(), 3);
        auto& module = d.impl().module;
        tsb::setBatchNormFrozen(module, true);
        module.train();
        const auto x = testImages(1, 256, 256);
        const std::string before = d.identity();
        {
            torch::NoGradGuard g;
            module.forward({torch::from_blob(const_cast<float*>(x.data()), {1, 3, 256, 256})});
        }
        QCOMPARE(d.identity(), before); // running statistics untouched
        for (const auto& p : module.named_parameters(true))
            if (p.name.find(".bn.") != std::string::npos)
                QVERIFY(!p.value.requires_grad());
    }

    void loadsInPythonPyTorch()
    {
        const Detector d = Detector::createNative("ssd_small", anchorPreset("ssd_small"), shapesClasses(), 4);
        const std::string path = testutil::tempPath(dir_, "py.aspt");
        d.save(path);
        const auto x = testImages(1, 256, 256);
        const RawOutputs r = d.forward(x.data(), 1);
        QProcess p;
        const QString script = QStringLiteral(
            "import sys, torch\n"
            "m = torch.jit.load(sys.argv[1])\n"
            "n = 3 * 256 * 256\n"
            "x = torch.sin(torch.arange(n, dtype=torch.float64) * 0.001).float().reshape(1, 3, 256, 256) * 1.5\n"
            "c, r, s = m(x)\n"
            "print(c.double().sum().item(), r.double().sum().item(), tuple(c.shape), s.tolist())\n");
        p.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, QString::fromStdString(path)});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QStringList out = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char(' '));
        const double cs = out[0].toDouble(), rs = out[1].toDouble();
        QVERIFY2(std::fabs(cs - sumOf(r.logits)) <= 1e-3 * std::max(1.0, std::fabs(cs)), qPrintable(out.join(QLatin1Char(' '))));
        QVERIFY(std::fabs(rs - sumOf(r.regression)) <= 1e-3 * std::max(1.0, std::fabs(rs)));
    }

    void loadRejectsBadPackages()
    {
        const std::string notZip = testutil::tempPath(dir_, "text.aspt");
        testutil::writeText(notZip, "hello");
        EXPECT_INPUT_ERROR(Detector::load(notZip), "not a model package");
        EXPECT_INPUT_ERROR(Detector::load(testutil::tempPath(dir_, "missing.aspt")), "model file not found");
        const std::string zipJunk = testutil::tempPath(dir_, "junk.aspt");
        testutil::writeText(zipJunk, std::string("PK\x03\x04", 4) + std::string(100, 'x'));
        EXPECT_INPUT_ERROR(Detector::load(zipJunk), "cannot open as a TorchScript model");

        Detector d = Detector::createNative("ssd_small", anchorPreset("ssd_small"), shapesClasses(), 5);
        // Plain TorchScript without anchorscope.json.
        const std::string plain = testutil::tempPath(dir_, "plain.pt");
        d.impl().module.save(plain);
        EXPECT_INPUT_ERROR(Detector::load(plain), "no anchorscope.json");
        // Invalid JSON inside.
        const std::string badJson = testutil::tempPath(dir_, "badjson.aspt");
        d.impl().module.save(badJson, {{"anchorscope.json", "{\"format_version\": 1,"}});
        EXPECT_INPUT_ERROR(Detector::load(badJson), "not valid JSON");
        // AnchorSet that does not fit the head.
        ModelMeta m = d.meta();
        m.anchors = m.anchors.without({0});
        const std::string mismatch = testutil::tempPath(dir_, "mismatch.aspt");
        d.impl().module.save(mismatch, {{"anchorscope.json", m.toJson().dump()}});
        EXPECT_INPUT_ERROR(Detector::load(mismatch), "level 0: 'cls_0.weight' has 24 output channels, but the anchor set has 3 anchors");
        // NaN weights.
        tsb::Module reg1 = d.impl().module.attr("reg_1").toModule();
        at::Tensor w = reg1.attr("weight").toTensor().detach().clone();
        w[0][0][0][0] = std::nanf("");
        tsb::registerParameter(reg1, "weight", w);
        const std::string nan = testutil::tempPath(dir_, "nan.aspt");
        d.save(nan);
        EXPECT_INPUT_ERROR(Detector::load(nan), "'reg_1.weight' contains NaN or Inf");
        // The previous file survives a failed save.
        EXPECT_INPUT_ERROR(d.save("/nonexistent-dir/x.aspt"), "x.aspt");
    }

    void unknownArchitecture()
    {
        EXPECT_INPUT_ERROR(Detector::createNative("yolo", anchorPreset("ssd_small"), shapesClasses()), "unknown architecture");
        EXPECT_INPUT_ERROR(Detector::createNative("ssd_small", anchorPreset("ssd300_paper"), shapesClasses()), "levels");
        EXPECT_INPUT_ERROR(Detector::createNative("ssd_small", anchorPreset("ssd_small"), {{"a", 1}, {"b", 2}}), "background column");
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
