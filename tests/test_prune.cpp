// SPDX-License-Identifier: GPL-3.0-or-later
// Physical pruning: equivalence (i) of docs/design.md §5 (the pruned model's raw outputs equal the
// full model's with the removed rows deleted, class logits and box regressions, within
// relative 1e-5), disabled levels, the
// smaller file, provenance, refusals, and the pruned package in Python PyTorch.
#include "test_util.h"

#include "data/shapes.h"
#include "models/detector.h"
#include "models/head_surgery.h"
#include "models/inference.h"
#include "util/random.h"

#include <QProcess>

#include <cmath>
#include <filesystem>

using namespace anchorscope;

namespace {

std::vector<ClassInfo> classes()
{
    return {{"__background__", -1}, {"square", 1}, {"bar", 2}, {"ellipse", 3}, {"triangle", 4}, {"ring", 5}};
}

std::vector<float> images(int n, int S)
{
    std::vector<float> x(size_t(n) * 3 * S * S);
    Rng rng(3);
    for (auto& v : x)
        v = float(rng.normal(0, 1));
    return x;
}


// The pruned outputs against the full model's with the removed anchors' rows deleted, over
// class logits and box regressions alike: the worst element difference relative to
// max(1, |full|), the worst absolute one and the largest |full| (for scale-relative checks).
struct RowDifference {
    double relative = 0, absolute = 0, scale = 1e-30;
    int keptBoxes = 0; // per image
};
RowDifference keptRowDifference(const RawOutputs& ref, const RawOutputs& got, const Configuration& c,
                                const std::vector<int32_t>& anchorOfBox, int numImages)
{
    RowDifference d;
    auto compare = [&](const std::vector<float>& want, const std::vector<float>& have, int per, int n, int b, int j) {
        for (int k = 0; k < per; ++k) {
            const double w = want[(size_t(n) * size_t(ref.boxes) + size_t(b)) * size_t(per) + size_t(k)];
            const double h = have[(size_t(n) * size_t(got.boxes) + size_t(j)) * size_t(per) + size_t(k)];
            d.relative = std::max(d.relative, std::fabs(h - w) / std::max(1.0, std::fabs(w)));
            d.absolute = std::max(d.absolute, std::fabs(h - w));
            d.scale = std::max(d.scale, std::fabs(w));
        }
    };
    for (int n = 0; n < numImages; ++n) {
        int j = 0;
        for (int b = 0; b < ref.boxes; ++b) {
            if (c.isRemoved(anchorOfBox[size_t(b)]))
                continue;
            compare(ref.logits, got.logits, ref.classes, n, b, j);
            compare(ref.regression, got.regression, 4, n, b, j);
            ++j;
        }
        d.keptBoxes = j;
    }
    return d;
}

} // namespace

class TestPrune : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() { configureThreads(2); }

    void prunedOutputsEqualDeletedRows()
    {
        const Detector full = Detector::createNative("ssd_small", anchorPreset("ssd_small_overanchorized", 128, 128), classes(), 4);
        const auto x = images(2, 128);
        const RawOutputs ref = full.forward(x.data(), 2);
        std::vector<int32_t> anchorOfBox;
        full.meta().anchors.priors(ref.featureSizes, 128, 128, nullptr, &anchorOfBox);
        Rng rng(8);
        std::vector<Configuration> configs = {parseConfiguration("0-14"),           // level 0 disabled
                                              parseConfiguration("15-29,31,59"),   // level 1 disabled + more
                                              parseConfiguration("2")};
        for (int t = 0; t < 5; ++t) {
            Configuration c;
            for (int id = 0; id < 60; ++id)
                if (rng.bernoulli(0.4))
                    c.removed.push_back(id);
            configs.push_back(c);
        }
        const std::string parentPath = testutil::tempPath(dir_, "full.aspt");
        full.save(parentPath);
        for (const Configuration& c : configs) {
            const Detector pruned = pruneDetector(full, c);
            QCOMPARE(pruned.meta().anchors.numAnchors(), 60 - int(c.removed.size()));
            const RawOutputs got = pruned.forward(x.data(), 2);
            const RowDifference d = keptRowDifference(ref, got, c, anchorOfBox, 2);
            QCOMPARE(got.boxes, d.keptBoxes);
            const double worst = d.relative;
            QVERIFY2(worst <= 1e-5, qPrintable(QStringLiteral("%1: relative difference %2").arg(QString::fromStdString(c.toString())).arg(worst)));
            // Provenance and the smaller file.
            QCOMPARE(pruned.meta().provenance.parentHash, full.identity());
            QCOMPARE(pruned.meta().provenance.removedAnchors, c.removed);
            QCOMPARE(int(pruned.meta().provenance.idMapping.size()), pruned.meta().anchors.numAnchors());
            const std::string path = testutil::tempPath(dir_, "pruned.aspt");
            pruned.save(path);
            QVERIFY(std::filesystem::file_size(path) < std::filesystem::file_size(parentPath));
            const Detector back = Detector::load(path);
            QCOMPARE(back.forward(x.data(), 2).logits, got.logits);
        }
        // The parent is untouched.
        QCOMPARE(full.forward(x.data(), 2).logits, ref.logits);
    }

    void retinanetSharedHead()
    {
        const AnchorSet a = anchorPreset("retinanet_torchvision", 256, 256);
        const Detector full = Detector::createNative("retinanet_r18_fpn", a, {{"a", 1}, {"b", 2}, {"c", 3}}, 3);
        QVERIFY(full.meta().sharedHead);
        QVERIFY(full.meta().postprocess.scoreFunction == ScoreFunction::Sigmoid);
        const auto x = images(1, 256);
        const RawOutputs ref = full.forward(x.data(), 1);
        QCOMPARE(ref.boxes, 9 * (32 * 32 + 16 * 16 + 8 * 8 + 4 * 4 + 2 * 2));
        QCOMPARE(ref.classes, 3);
        // Focal prior: every initial score is about 0.01.
        QVERIFY(std::fabs(1.0 / (1.0 + std::exp(-double(ref.logits[0]))) - 0.01) < 0.005);
        std::vector<int32_t> anchorOfBox;
        a.priors(ref.featureSizes, 256, 256, nullptr, &anchorOfBox);
        // Index 4 on every level, plus the whole of level 4 (P7).
        const Configuration c = parseConfiguration("4,13,22,31,36-44");
        const Detector pruned = pruneDetector(full, c);
        const RawOutputs got = pruned.forward(x.data(), 1);
        const RowDifference d = keptRowDifference(ref, got, c, anchorOfBox, 1);
        QCOMPARE(d.keptBoxes, got.boxes);
        QVERIFY2(d.relative <= 1e-5, qPrintable(QString::number(d.relative)));
        EXPECT_INPUT_ERROR(pruneDetector(full, parseConfiguration("4,13")), "shared head");
    }

    void importedTorchvisionSsd300()
    {
        // A torchvision ssd300_vgg16 imported through its state dict, then pruned.
        Detector full = Detector::createNative("ssd300_vgg16", anchorPreset("ssd300_torchvision"),
                                               {{"bg", -1}, {"a", 1}, {"b", 2}, {"c", 3}}, 1);
        full.loadStateDict(ANCHORSCOPE_REFERENCE_DIR "/ssd300_tv.pth");
        const auto x = images(1, 300);
        const RawOutputs ref = full.forward(x.data(), 1);
        std::vector<int32_t> anchorOfBox;
        full.meta().anchors.priors(ref.featureSizes, 300, 300, nullptr, &anchorOfBox);
        const Configuration c = parseConfiguration("1,5,9,10-15,26-29"); // level 2 partly, level 5 whole
        const Detector pruned = pruneDetector(full, c);
        QVERIFY(!pruned.meta().levelEnabled[5]);
        const RawOutputs got = pruned.forward(x.data(), 1);
        const RowDifference d = keptRowDifference(ref, got, c, anchorOfBox, 1);
        QCOMPARE(d.keptBoxes, got.boxes);
        QVERIFY2(d.absolute / d.scale <= 1e-5, qPrintable(QString::number(d.absolute / d.scale)));
    }

    void prunedModelDetectsAsTheMaskedModel()
    {
        ShapesOptions so;
        so.numImages = 4;
        so.size = 128;
        const Dataset ds = generateShapesDataset(testutil::tempPath(dir_, "data"), so);
        Detector full = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes(), 6);
        full.mutableMeta().postprocess.scoreThreshold = 0.19f;
        const Configuration c = parseConfiguration("1,5,6,7,14");
        const auto mask = removalMask(full.meta().anchors, c);
        InferenceOptions masked;
        masked.batchSize = 1;
        masked.removedAnchors = &mask;
        const auto a = detectDataset(full, ds, masked);
        InferenceOptions plain;
        plain.batchSize = 1;
        const auto b = detectDataset(pruneDetector(full, c), ds, plain);
        QVERIFY(a.size() > 20);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].categoryId, b[i].categoryId);
            QVERIFY(std::fabs(a[i].score - b[i].score) < 1e-5);
            QVERIFY(std::fabs(a[i].x - b[i].x) < 1e-3 && std::fabs(a[i].h - b[i].h) < 1e-3);
        }
    }

    void refusals()
    {
        const Detector full = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes(), 1);
        EXPECT_INPUT_ERROR(pruneDetector(full, parseConfiguration("0-15")), "every anchor");
        EXPECT_INPUT_ERROR(pruneDetector(full, parseConfiguration("16")), "anchor id 16 does not exist");
        // Pruning a pruned model again: ids refer to the current AnchorSet.
        const Detector once = pruneDetector(full, parseConfiguration("0,1"));
        const Detector twice = pruneDetector(once, parseConfiguration("0"));
        QCOMPARE(twice.meta().anchors.numAnchors(), 13);
        QCOMPARE(twice.meta().provenance.idMapping.front(), 1); // once's id 1 = full's id 3
    }

    void prunedPackageRunsInPython()
    {
        const Detector full = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes(), 2);
        const Detector pruned = pruneDetector(full, parseConfiguration("0-3,9"));
        const std::string path = testutil::tempPath(dir_, "py.aspt");
        pruned.save(path);
        QProcess p;
        p.start(QStringLiteral(ANCHORSCOPE_PYTHON),
                {QStringLiteral("-c"),
                 QStringLiteral("import sys, torch\nm = torch.jit.load(sys.argv[1])\nc, r, s = m(torch.zeros(1, 3, 128, 128))\n"
                                "print(c.shape[1], c.shape[2], r.shape[1])\n"),
                 QString::fromStdString(path)});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        // Level 0 disabled (16×16 cells gone), 3 anchors left on level 2: 0 + 8²·4 + 4²·3 + 2²·4.
        const int boxes = 8 * 8 * 4 + 4 * 4 * 3 + 2 * 2 * 4;
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()).trimmed(), QStringLiteral("%1 6 %1").arg(boxes));
    }
};

QTEST_GUILESS_MAIN(TestPrune)
#include "test_prune.moc"
