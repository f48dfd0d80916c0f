// SPDX-License-Identifier: GPL-3.0-or-later
// AnchorSet: presets against torchvision's generators (reference fixture), the paper's
// SSD300 layout, ids, JSON round trip and validation.
#include "test_util.h"

#include "anchors/anchor_set.h"

#include <cmath>

using namespace anchorscope;
using json = nlohmann::json;

class TestAnchors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void presetsMatchTorchvision()
    {
        const json ref = testutil::readJson(ANCHORSCOPE_REFERENCE_DIR "/postprocess.json");
        QVERIFY(ref["anchors"].size() >= 4);
        for (const json& c : ref["anchors"]) {
            const std::string name = c["preset"].get<std::string>();
            const int H = c["input"][0].get<int>(), W = c["input"][1].get<int>();
            const AnchorSet s = anchorPreset(name, H, W);
            std::vector<std::pair<int, int>> feats;
            for (const auto& f : c["features"])
                feats.emplace_back(f[0].get<int>(), f[1].get<int>());
            for (size_t l = 0; l < feats.size(); ++l) { // the preset's own backbone arithmetic
                QCOMPARE(s.levels[l].featureH, feats[l].first);
                QCOMPARE(s.levels[l].featureW, feats[l].second);
            }
            const auto priors = s.priors(feats, H, W);
            const auto want = c["priors"].get<std::vector<double>>();
            QCOMPARE(priors.size() * 4, want.size());
            for (size_t i = 0; i < priors.size(); ++i) {
                const float got[4] = {priors[i].x1, priors[i].y1, priors[i].x2, priors[i].y2};
                for (int k = 0; k < 4; ++k) {
                    const double w = want[i * 4 + size_t(k)];
                    // Bit for bit: imported models decode from these (docs/architecture.md).
                    if (got[k] != float(w))
                        QFAIL(qPrintable(QStringLiteral("%1 %2x%3 box %4 coord %5: %6 vs torchvision %7")
                                             .arg(QString::fromStdString(name)).arg(H).arg(W).arg(i).arg(k)
                                             .arg(double(got[k]), 0, 'g', 9).arg(w, 0, 'g', 9)));
                }
            }
        }
    }

    void paperSsd300Layout()
    {
        const AnchorSet s = anchorPreset("ssd300_paper");
        QCOMPARE(s.numLevels(), 6);
        QCOMPARE(s.numAnchors(), 30);
        QCOMPARE(s.numBoxes(), 8732);
        const int perLevel[] = {4, 6, 6, 6, 4, 4};
        for (int l = 0; l < 6; ++l)
            QCOMPARE(s.anchorsInLevel(l), perLevel[l]);
        // Order (s,1),(s,2),(s,3),(s,1/2),(s,1/3),(s',1); ratio = h / w.
        const auto& L1 = s.levels[1].anchors;
        QCOMPARE(L1[0].ratio, 1.0);
        QCOMPARE(L1[1].ratio, 2.0);
        QCOMPARE(L1[2].ratio, 3.0);
        QCOMPARE(L1[3].ratio, 0.5);
        QVERIFY(std::fabs(L1[4].ratio - 1.0 / 3) < 1e-12);
        QVERIFY(std::fabs(L1[5].w - std::sqrt(45.0 * 99.0)) < 1e-9);
        QVERIFY(std::fabs(L1[1].h / L1[1].w - 2.0) < 1e-12);
        QVERIFY(std::fabs(L1[1].w * L1[1].h - 45.0 * 45.0) < 1e-9);
        // Box order inside a level: (y * W + x) * A + a; centre of cell (x, y) = (x + .5) * step.
        std::vector<int16_t> lvl;
        std::vector<int32_t> anc;
        const auto pri = s.priors(&lvl, &anc);
        const int box = (2 * 38 + 5) * 4 + 3; // level 0, y 2, x 5, anchor 3
        QCOMPARE(anc[size_t(box)], 3);
        QCOMPARE(lvl[size_t(box)], int16_t(0));
        QCOMPARE(0.5 * (pri[size_t(box)].x1 + pri[size_t(box)].x2), 5.5f * 8.f);
        QCOMPARE(0.5 * (pri[size_t(box)].y1 + pri[size_t(box)].y2), 2.5f * 8.f);
        QCOMPARE(anc.back(), 29);
    }

    void idsAndTable()
    {
        const AnchorSet s = anchorPreset("ssd300_torchvision");
        QCOMPARE(s.firstId(2), 10);
        QCOMPARE(s.globalId(2, 3), 13);
        const AnchorInfo i = s.info(13);
        QCOMPARE(i.level, 2);
        QCOMPARE(i.index, 3);
        QCOMPARE(int(s.table().size()), 30);
        EXPECT_INPUT_ERROR(s.info(30), "anchor id 30 does not exist");
        const AnchorSet fewer = s.without({0, 1, 2, 3, 13});
        QCOMPARE(fewer.anchorsInLevel(0), 0);
        QCOMPARE(fewer.anchorsInLevel(2), 5);
        QCOMPARE(fewer.numAnchors(), 25);
    }

    void overanchorized()
    {
        QCOMPARE(anchorPreset("ssd300_overanchorized").numAnchors(), 90);
        const AnchorSet small = anchorPreset("ssd_small_overanchorized");
        QCOMPARE(small.numAnchors(), 60);
        QCOMPARE(anchorPreset("ssd_small").numAnchors(), 16);
        for (const auto& name : anchorPresetNames())
            anchorPreset(name).validate(name);
        EXPECT_INPUT_ERROR(anchorPreset("yolo9000"), "unknown anchor preset");
    }

    void jsonRoundTrip()
    {
        for (const auto& name : anchorPresetNames()) {
            const AnchorSet s = anchorPreset(name);
            const AnchorSet back = AnchorSet::fromJson(json::parse(s.toJson().dump()), "x.json");
            QCOMPARE(back.numAnchors(), s.numAnchors());
            QCOMPARE(back.numBoxes(), s.numBoxes());
            const auto a = s.priors(), b = back.priors();
            QCOMPARE(a.size(), b.size());
            for (size_t i = 0; i < a.size(); i += 97)
                QCOMPARE(a[i].x2, b[i].x2);
        }
        json bad = anchorPreset("ssd_small").toJson();
        bad["levels"][1]["anchors"][0]["w"] = -3;
        EXPECT_INPUT_ERROR(AnchorSet::fromJson(bad, "m.json"), "anchor sizes must be positive");
        bad = anchorPreset("ssd_small").toJson();
        bad["levels"][0].erase("step");
        EXPECT_INPUT_ERROR(AnchorSet::fromJson(bad, "m.json"), "levels[0]: missing key \"step\"");
    }
};

QTEST_GUILESS_MAIN(TestAnchors)
#include "test_anchors.moc"
