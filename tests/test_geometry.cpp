// SPDX-License-Identifier: GPL-3.0-or-later
// Box formats, IoU and the box coders.
#include "test_util.h"

#include "geometry/box.h"
#include "geometry/box_coder.h"

#include <cmath>

using namespace anchorscope;

class TestGeometry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void conversionsRoundTrip()
    {
        const BoxXYWH<double> b{10, 20, 30, 40};
        const Boxd x = toXYXY(b);
        QCOMPARE(x.x2, 40.0);
        QCOMPARE(x.y2, 60.0);
        const auto back = toXYWH(x);
        QCOMPARE(back.w, 30.0);
        const auto c = toCXCYWH(x);
        QCOMPARE(c.cx, 25.0);
        QCOMPARE(c.cy, 40.0);
        const Boxd again = toXYXY(c);
        QCOMPARE(again.x1, 10.0);
        QCOMPARE(again.y2, 60.0);
    }

    void iouValues()
    {
        const Boxd a{0, 0, 10, 10}, b{5, 0, 15, 10};
        QCOMPARE(iou(a, b), 50.0 / 150.0);
        QCOMPARE(iou(a, a), 1.0);
        QCOMPARE(iou(a, Boxd{20, 20, 30, 30}), 0.0);
        QCOMPARE(iou(Boxd{0, 0, 0, 0}, Boxd{0, 0, 0, 0}), 0.0); // empty union
        QCOMPARE(iou(a, Boxd{10, 0, 20, 10}), 0.0);           // touching edges
    }

    void clipping()
    {
        const Boxf c = clipToImage(Boxf{-5, 3, 310, 400}, 300.f, 200.f);
        QCOMPARE(c.x1, 0.f);
        QCOMPARE(c.x2, 300.f);
        QCOMPARE(c.y2, 200.f);
    }

    void coderRoundTrip_data()
    {
        QTest::addColumn<bool>("ssd");
        QTest::newRow("ssd 10,10,5,5") << true;
        QTest::newRow("retinanet 1,1,1,1") << false;
    }

    void coderRoundTrip()
    {
        QFETCH(bool, ssd);
        const BoxCoder coder(ssd ? BoxCoderWeights::ssd() : BoxCoderWeights::retinanet());
        const Boxf prior{50, 60, 90, 140};
        const Boxf target{45, 70, 120, 150};
        const auto d = coder.encode(target, prior);
        const Boxf back = coder.decode(d.data(), prior);
        QVERIFY(std::fabs(back.x1 - target.x1) < 1e-3f);
        QVERIFY(std::fabs(back.y1 - target.y1) < 1e-3f);
        QVERIFY(std::fabs(back.x2 - target.x2) < 1e-3f);
        QVERIFY(std::fabs(back.y2 - target.y2) < 1e-3f);
        // Known encoding: dx = wx * (gcx - pcx) / pw.
        const float wx = ssd ? 10.f : 1.f, ww = ssd ? 5.f : 1.f;
        QVERIFY(std::fabs(d[0] - wx * (82.5f - 70.f) / 40.f) < 1e-5f);
        QVERIFY(std::fabs(d[2] - ww * std::log(75.f / 40.f)) < 1e-5f);
    }

    void decodeClampsLargeDwDh()
    {
        // torchvision clamps dw, dh (after dividing by the weights) at log(1000/16).
        const BoxCoder coder(BoxCoderWeights::retinanet());
        const Boxf prior{0, 0, 16, 16};
        const float d[4] = {0, 0, 100.f, 100.f};
        const Boxf b = coder.decode(d, prior);
        QVERIFY(std::fabs(b.width() - 1000.f) < 0.01f);
        QVERIFY(std::fabs(b.height() - 1000.f) < 0.01f);
        QVERIFY(std::isfinite(b.x1));
    }
};

QTEST_GUILESS_MAIN(TestGeometry)
#include "test_geometry.moc"
