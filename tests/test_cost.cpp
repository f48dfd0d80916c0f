// SPDX-License-Identifier: GPL-3.0-or-later
// Cost model and configurations: the paper's SSD300 head MACs, disabled levels, shared-head
// rules, id parsing.
#include "test_util.h"

#include "models/cost.h"

using namespace anchorscope;

class TestCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ssd300Coco()
    {
        const auto& arch = architectureSpec("ssd300_vgg16");
        const AnchorSet a = anchorPreset("ssd300_paper");
        const CostReport r = computeCost(arch, a, 81, 300, 300);
        QCOMPARE(r.headMacs, int64_t(4231319040LL));
        QCOMPARE(r.boxes, int64_t(8732));
        QCOMPARE(r.levels[0].macs, 38LL * 38 * 9 * 512 * 4 * 85);
        // Removing anchor (1, 0) saves one anchor's share of level 1 only.
        const CostReport p = computeCost(arch, a, 81, 300, 300, parseConfiguration("4"));
        QCOMPARE(r.headMacs - p.headMacs, 19LL * 19 * 9 * 1024 * 85);
        QCOMPARE(r.boxes - p.boxes, int64_t(19 * 19));
        // A whole level: disabled, no boxes.
        const CostReport q = computeCost(arch, a, 81, 300, 300, parseConfiguration("0-3"));
        QVERIFY(!q.levels[0].enabled);
        QCOMPARE(q.levels[0].boxes, int64_t(0));
        QCOMPARE(q.levels[0].macs, int64_t(0));
        // Another input size follows the backbone's arithmetic.
        const auto f = arch.featureSizes(512, 512);
        QCOMPARE(f[0].first, 64);
        QCOMPARE(f[4].first, 6); // 3×3 valid convs: 8 → 6 → 4
        QCOMPARE(f[5].first, 4);
    }

    void towersVanishWithTheLevel()
    {
        const auto& arch = architectureSpec("retinanet_r18_fpn");
        const AnchorSet a = anchorPreset("retinanet_torchvision", 512, 512);
        const CostReport full = computeCost(arch, a, 80, 512, 512);
        const int64_t tower = 2LL * 4 * 9 * 256 * 256;
        QCOMPARE(full.levels[4].macs, 16 * (9LL * 256 * 9 * 84 + tower));
        const CostReport noP7 = computeCost(arch, a, 80, 512, 512, parseConfiguration("36-44"));
        QCOMPARE(full.headMacs - noP7.headMacs, full.levels[4].macs);
    }

    void configurations()
    {
        QCOMPARE(parseConfiguration("7, 3,5-6,3").removed, (std::vector<int>{3, 5, 6, 7}));
        QVERIFY(parseConfiguration("").removed.empty());
        EXPECT_INPUT_ERROR(parseConfiguration("3;4"), "expected ','");
        EXPECT_INPUT_ERROR(parseConfiguration("x"), "non-negative integer");
        EXPECT_INPUT_ERROR(parseConfiguration("5-2"), "empty range");
        const AnchorSet ssd = anchorPreset("ssd300_paper");
        EXPECT_INPUT_ERROR(validateConfiguration(ssd, false, parseConfiguration("30")), "anchor id 30 does not exist");
        EXPECT_INPUT_ERROR(validateConfiguration(ssd, false, parseConfiguration("0-29")), "every anchor");
        validateConfiguration(ssd, false, parseConfiguration("0-28"));
        const AnchorSet ret = anchorPreset("retinanet_torchvision", 512, 512);
        validateConfiguration(ret, true, parseConfiguration("1,10,19,28,37"));     // index 1 everywhere
        validateConfiguration(ret, true, parseConfiguration("9-17"));              // level 1
        validateConfiguration(ret, true, parseConfiguration("0-8,10,19,28,37"));   // level 0 + index 1
        EXPECT_INPUT_ERROR(validateConfiguration(ret, true, parseConfiguration("1,10")), "shared head");
        const auto mask = removalMask(ssd, parseConfiguration("2,29"));
        QCOMPARE(int(mask[2] + mask[29] + mask[0]), 2);
    }
};

QTEST_GUILESS_MAIN(TestCost)
#include "test_cost.moc"
