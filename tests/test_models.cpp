// SPDX-License-Identifier: GPL-3.0-or-later
// Native TorchScript detectors and the .aspt package: shapes of the raw outputs, the
// ModuleBuilder traps (training attribute, eval before save, BatchNorm freezing, deep copy),
// package round trip, loading in Python PyTorch, every load-time check, and the tensor
// block cache that LibTorch allocates from.
#include "test_util.h"

#include "models/detector.h"
#include "models/detector_impl.h"
#include "models/preprocess.h"
#include "models/tensor_block_cache.h"
#include "util/atomic_file.h"

#include <QProcess>

#include <c10/core/CPUAllocator.h>

#include <cmath>
#include <cstring>
#include <map>
#include <thread>

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
        // Python writes its raw outputs as float32 bytes; every element is compared.
        const std::string logitsFile = testutil::tempPath(dir_, "py-logits.f32"), boxesFile = testutil::tempPath(dir_, "py-boxes.f32");
        QProcess p;
        const QString script = QStringLiteral(
            "import sys, torch\n"
            "m = torch.jit.load(sys.argv[1])\n"
            "n = 3 * 256 * 256\n"
            "x = torch.sin(torch.arange(n, dtype=torch.float64) * 0.001).float().reshape(1, 3, 256, 256) * 1.5\n"
            "c, r, s = m(x)\n"
            "open(sys.argv[2], 'wb').write(c.detach().contiguous().numpy().tobytes())\n"
            "open(sys.argv[3], 'wb').write(r.detach().contiguous().numpy().tobytes())\n"
            "print(tuple(c.shape), tuple(r.shape), s.tolist())\n");
        p.start(QStringLiteral(ANCHORSCOPE_PYTHON), {QStringLiteral("-c"), script, QString::fromStdString(path),
                                                     QString::fromStdString(logitsFile), QString::fromStdString(boxesFile)});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QString out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        QVERIFY2(out.startsWith(QStringLiteral("(1, %1, %2) (1, %1, 4)").arg(r.boxes).arg(r.classes)), qPrintable(out));
        auto floats = [](const std::string& file) {
            const std::string bytes = readWholeFile(file);
            std::vector<float> v(bytes.size() / sizeof(float));
            std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
            return v;
        };
        const double dl = testutil::worstRelativeDifference(floats(logitsFile), r.logits);
        const double dr = testutil::worstRelativeDifference(floats(boxesFile), r.regression);
        QVERIFY2(dl >= 0 && dl <= 1e-5 && dr >= 0 && dr <= 1e-5, qPrintable(QStringLiteral("%1 %2").arg(dl).arg(dr)));
    }

    void loadRejectsBadPackages()
    {
        const std::string notZip = testutil::tempPath(dir_, "text.aspt");
        testutil::writeText(notZip, "hello");
        EXPECT_INPUT_ERROR(Detector::load(notZip), "not a valid model package: too short to be a zip archive");
        EXPECT_INPUT_ERROR(Detector::load(testutil::tempPath(dir_, "missing.aspt")), "model file not found");
        const std::string zipJunk = testutil::tempPath(dir_, "junk.aspt");
        testutil::writeText(zipJunk, std::string("PK\x03\x04", 4) + std::string(100, 'x'));
        EXPECT_INPUT_ERROR(Detector::load(zipJunk), "not a valid model package: no zip end-of-directory record");
        // A zip with the right layout whose contents LibTorch cannot read: its message.
        EXPECT_INPUT_ERROR(Detector::load(ANCHORSCOPE_SOURCE_DIR "/tests/fuzz/corpus/model_archive/python_zip.aspt"),
                           "cannot open as a TorchScript model");

        Detector d = Detector::createNative("ssd_small", anchorPreset("ssd_small"), shapesClasses(), 5);
        // A package cut off in the middle (an interrupted copy).
        const std::string whole = testutil::tempPath(dir_, "whole.aspt");
        d.save(whole);
        const std::string bytes = readWholeFile(whole);
        const std::string cut = testutil::tempPath(dir_, "cut.aspt");
        testutil::writeText(cut, bytes.substr(0, bytes.size() / 2));
        EXPECT_INPUT_ERROR(Detector::load(cut), "no zip end-of-directory record (truncated or not a zip file)");
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

    void ssd300Vgg16MatchesTorchvision()
    {
        // Same parameter names and shapes as torchvision's ssd300_vgg16; loaded with its weights,
        // the same raw outputs (reference fixture generated by Python torchvision).
        const nlohmann::json ref = testutil::readJson(ANCHORSCOPE_REFERENCE_DIR "/postprocess.json")["ssd300"];
        Detector d = Detector::createNative("ssd300_vgg16", anchorPreset("ssd300_torchvision"),
                                            {{"bg", -1}, {"a", 1}, {"b", 2}, {"c", 3}}, 1);
        std::map<std::string, std::vector<int64_t>> mine;
        for (const auto& p : d.impl().module.named_parameters(true))
            mine[p.name] = p.value.sizes().vec();
        QCOMPARE(mine.size(), ref["params"].size());
        for (const auto& p : ref["params"]) {
            const std::string name = p[0].get<std::string>();
            QVERIFY2(mine.count(name), name.c_str());
            QCOMPARE(mine[name], p[1].get<std::vector<int64_t>>());
        }
        d.loadStateDict(ANCHORSCOPE_REFERENCE_DIR "/ssd300_tv.pth");
        auto readF32 = [](const std::string& path) {
            const std::string b = readWholeFile(path);
            std::vector<float> v(b.size() / sizeof(float));
            std::memcpy(v.data(), b.data(), v.size() * sizeof(float));
            return v;
        };
        const auto x = readF32(ANCHORSCOPE_REFERENCE_DIR "/ssd300_input.f32");
        const auto cls = readF32(ANCHORSCOPE_REFERENCE_DIR "/ssd300_cls.f32");
        const auto reg = readF32(ANCHORSCOPE_REFERENCE_DIR "/ssd300_reg.f32");
        const RawOutputs r = d.forward(x.data(), 1);
        QCOMPARE(r.boxes, 8732);
        QCOMPARE(r.featureSizes[2], std::make_pair(10, 10));
        auto worst = [](const std::vector<float>& a, const std::vector<float>& b) {
            double m = 0, scale = 1e-30;
            for (size_t i = 0; i < a.size(); ++i) {
                m = std::max(m, double(std::fabs(a[i] - b[i])));
                scale = std::max(scale, double(std::fabs(b[i])));
            }
            return m / scale;
        };
        QCOMPARE(r.logits.size(), cls.size());
        QVERIFY2(worst(r.logits, cls) < 1e-4, qPrintable(QString::number(worst(r.logits, cls))));
        QVERIFY2(worst(r.regression, reg) < 1e-4, qPrintable(QString::number(worst(r.regression, reg))));
        // A state dict of another class count is refused with the reason.
        Detector five = Detector::createNative("ssd300_vgg16", anchorPreset("ssd300_torchvision"),
                                               {{"bg", -1}, {"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}}, 1);
        EXPECT_INPUT_ERROR(five.loadStateDict(ANCHORSCOPE_REFERENCE_DIR "/ssd300_tv.pth"), "wrong shapes");
        const std::string junk = testutil::tempPath(dir_, "junk.pth");
        testutil::writeText(junk, "not a pickle");
        EXPECT_INPUT_ERROR(five.loadStateDict(junk), "not a readable state dict");
    }

    void evaluationTransformMatchesTorchvision()
    {
        // RGB, [0, 1], normalise, then ATen bilinear resize (align_corners false): torchvision's
        // GeneralizedRCNNTransform for SSD300 on an odd-sized image.
        const Detector d = Detector::createNative("ssd300_vgg16", anchorPreset("ssd300_torchvision"), {{"bg", -1}, {"a", 1}}, 1);
        const PreparedImage p = prepareImage(ANCHORSCOPE_REFERENCE_DIR "/transform_input.png", d.meta());
        QCOMPARE(p.originalW, 211);
        QCOMPARE(p.originalH, 173);
        QCOMPARE(p.scaleX, 211.f / 300.f);
        const std::string b = readWholeFile(ANCHORSCOPE_REFERENCE_DIR "/transform_expected.f32");
        std::vector<float> want(b.size() / sizeof(float));
        std::memcpy(want.data(), b.data(), b.size());
        QCOMPARE(p.chw.size(), want.size());
        double worst = 0;
        for (size_t i = 0; i < want.size(); ++i)
            worst = std::max(worst, double(std::fabs(p.chw[i] - want[i])));
        QVERIFY2(worst < 1e-3, qPrintable(QString::number(worst))); // values span ±130
        EXPECT_INPUT_ERROR(prepareImage(testutil::tempPath(dir_, "none.png"), d.meta()), "cannot read the image");
    }

    // Large freed blocks come back for a request of about the same size, within the
    // budget, oldest evicted first; small ones, disabled or released caches keep nothing.
    void tensorBlockCacheReusesFreedBlocks()
    {
        constexpr int64_t MiB = int64_t(1) << 20;
        auto block = [](int64_t bytes) { return torch::empty({bytes}, torch::kUInt8); };
        QVERIFY(tensorBlockCacheStats().installed);
        releaseTensorBlockCache();
        QCOMPARE(tensorBlockCacheStats().cachedBytes, size_t(0));

        at::Tensor a = block(16 * MiB);
        a.fill_(7);
        const void* where = a.data_ptr();
        QCOMPARE(reinterpret_cast<uintptr_t>(where) % 64, uintptr_t(0));
        a = at::Tensor();
        TensorBlockCacheStats s = tensorBlockCacheStats();
        QCOMPARE(s.cachedBlocks, size_t(1));
        QVERIFY(s.cachedBytes >= size_t(16 * MiB) && s.cachedBytes < size_t(16 * MiB + 8192));
        at::Tensor tooBig = block(19 * MiB);   // more than the block holds: a new one
        at::Tensor tooSmall = block(8 * MiB);  // would waste half the block: a new one
        QVERIFY(tooBig.data_ptr() != where && tooSmall.data_ptr() != where);
        at::Tensor b = block(15 * MiB);        // fits, wastes less than an eighth: the same
        QCOMPARE(b.data_ptr(), where);
        QCOMPARE(tensorBlockCacheStats().hits, s.hits + 1);
        QCOMPARE(tensorBlockCacheStats().misses, s.misses + 2);
        b.fill_(3);
        QCOMPARE(b.min().item<int>(), 3);
        QCOMPARE(b.max().item<int>(), 3);
        b = tooBig = tooSmall = at::Tensor();
        QCOMPARE(tensorBlockCacheStats().cachedBlocks, size_t(3));

        at::Tensor small = block(1000);
        small = at::Tensor();
        QCOMPARE(tensorBlockCacheStats().cachedBlocks, size_t(3));

        releaseTensorBlockCache();
        QCOMPARE(tensorBlockCacheStats().cachedBytes, size_t(0));
        installTensorBlockCache(size_t(32 * MiB));
        std::vector<at::Tensor> three = {block(10 * MiB), block(12 * MiB), block(14 * MiB)};
        const uint64_t evicted = tensorBlockCacheStats().evictions;
        three.clear(); // freed in order: the 10 MiB block is the oldest, evicted for the 14
        s = tensorBlockCacheStats();
        QCOMPARE(s.evictions, evicted + 1);
        QCOMPARE(s.cachedBlocks, size_t(2));
        QVERIFY(s.cachedBytes <= size_t(32 * MiB));
        at::Tensor again = block(10 * MiB); // evicted: allocated anew
        QCOMPARE(tensorBlockCacheStats().misses, s.misses + 1);
        at::Tensor twelve = block(12 * MiB); // kept
        QCOMPARE(tensorBlockCacheStats().hits, s.hits + 1);
        again = twelve = at::Tensor();
        installTensorBlockCache(); // back to the default budget

        setTensorBlockCacheEnabled(false);
        QCOMPARE(tensorBlockCacheStats().cachedBytes, size_t(0));
        block(4 * MiB);
        QCOMPARE(tensorBlockCacheStats().cachedBytes, size_t(0));
        setTensorBlockCacheEnabled(true);

        // oneDNN's scratch memory goes through raw_allocate / raw_deallocate (one deleter for
        // every block); empty tensors get no memory, as from LibTorch's own allocator.
        c10::Allocator* cpu = c10::GetCPUAllocator();
        void* raw = cpu->raw_allocate(size_t(3 * MiB));
        std::memset(raw, 1, size_t(3 * MiB));
        cpu->raw_deallocate(raw);
        QCOMPARE(tensorBlockCacheStats().cachedBlocks, size_t(1));
        QCOMPARE(block(3 * MiB).data_ptr(), raw);
        QCOMPARE(block(0).data_ptr(), nullptr);
        cpu->raw_deallocate(cpu->raw_allocate(0));
        releaseTensorBlockCache();
    }

    // Several threads allocating and freeing at once: every request counted once, nothing
    // lost or handed out twice (the blocks' contents stay each thread's own).
    void tensorBlockCacheFromSeveralThreads()
    {
        releaseTensorBlockCache();
        const TensorBlockCacheStats before = tensorBlockCacheStats();
        std::vector<std::thread> threads;
        std::vector<int> wrong(4, 0);
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([t, &wrong] {
                for (int i = 0; i < 100; ++i) {
                    at::Tensor x = torch::full({(1 << 18) + 1024 * (i % 3)}, float(t)); // ~1 MiB
                    std::this_thread::yield();
                    if (x.min().item<float>() != float(t) || x.max().item<float>() != float(t))
                        ++wrong[size_t(t)];
                }
            });
        for (std::thread& th : threads)
            th.join();
        QCOMPARE(wrong, std::vector<int>(4, 0));
        const TensorBlockCacheStats after = tensorBlockCacheStats();
        QCOMPARE(after.hits + after.misses - before.hits - before.misses, uint64_t(400));
        QVERIFY(after.cachedBlocks <= 12);
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
