// SPDX-License-Identifier: GPL-3.0-or-later
// anchorscope-cli as users and the external checks drive it: --version, --help of every
// command, JSON output keys, exit codes and messages on bad input.
#include "test_util.h"

#include <QDir>
#include <QProcess>

#include <cmath>

using json = nlohmann::json;

namespace {

struct Run {
    int code = -1;
    QString out, err;
};

Run cli(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(ANCHORSCOPE_CLI), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString fixture(const char* rel) { return QStringLiteral(ANCHORSCOPE_FIXTURES_DIR "/cocoeval/") + QString::fromLatin1(rel); }

} // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void versionAndHelp()
    {
        Run r = cli({QStringLiteral("--version")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("anchorscope-cli ")));
        r = cli({QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        for (const char* c : {"make-dataset", "eval-detections", "convert-dataset", "simulate-detections", "cost"}) {
            QVERIFY2(r.out.contains(QString::fromLatin1(c)), c);
            const Run h = cli({QString::fromLatin1(c), QStringLiteral("--help")});
            QCOMPARE(h.code, 0);
            QVERIFY(h.out.startsWith(QStringLiteral("usage: anchorscope-cli ") + QString::fromLatin1(c)));
        }
        QCOMPARE(cli({}).code, 2);
        QCOMPARE(cli({QStringLiteral("frobnicate")}).code, 2);
    }

    void evalDetectionsJson()
    {
        const Run r = cli({QStringLiteral("eval-detections"), QStringLiteral("--gt"), fixture("crowd/gt.json"),
                           QStringLiteral("--dt"), fixture("crowd/dt.json"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const json got = json::parse(r.out.toStdString());
        const json want = testutil::readJson(fixture("crowd/expected.json").toStdString());
        const char* names[] = {"AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"};
        for (size_t i = 0; i < 12; ++i)
            QVERIFY2(std::fabs(got[names[i]].get<double>() - want["stats"][i].get<double>()) < 1e-12, names[i]);
        for (const auto& [id, ap] : want["per_category_ap"].items())
            QVERIFY(std::fabs(got["per_category"][id].get<double>() - ap.get<double>()) < 1e-12);
    }

    void evalDetectionsTextAndVoc()
    {
        Run r = cli({QStringLiteral("eval-detections"), QStringLiteral("--gt"), fixture("basic/gt.json"), QStringLiteral("--dt"),
                     fixture("basic/dt.json")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.464")));
        r = cli({QStringLiteral("eval-detections"), QStringLiteral("--gt"), fixture("basic/gt.json"), QStringLiteral("--dt"),
                 fixture("basic/dt.json"), QStringLiteral("--metric"), QStringLiteral("voc07"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const json j = json::parse(r.out.toStdString());
        QVERIFY(j["mAP"].get<double>() > 0.3 && j["mAP"].get<double>() <= 1.0);
        r = cli({QStringLiteral("eval-detections"), QStringLiteral("--gt"), fixture("basic/gt.json"), QStringLiteral("--dt"),
                 fixture("basic/dt.json"), QStringLiteral("--pr-iou"), QStringLiteral("0.5"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(json::parse(r.out.toStdString())["pr_curve"]["precision"].size(), size_t(101));
    }

    void costJson()
    {
        const Run r = cli({QStringLiteral("cost"), QStringLiteral("--arch"), QStringLiteral("ssd300_vgg16"), QStringLiteral("--num-classes"),
                           QStringLiteral("81"), QStringLiteral("--input"), QStringLiteral("300x300"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const json j = json::parse(r.out.toStdString());
        QCOMPARE(j["head_macs"].get<int64_t>(), int64_t(4231319040LL));
        QCOMPARE(j["boxes"].get<int64_t>(), int64_t(8732));
        QCOMPARE(j["levels"].size(), size_t(6));
        QCOMPARE(j["anchors"].size(), size_t(30));
        QCOMPARE(j["anchors"][13]["level"].get<int>(), 2);
        const Run bad = cli({QStringLiteral("cost"), QStringLiteral("--arch"), QStringLiteral("ssd300_vgg16"),
                             QStringLiteral("--num-classes"), QStringLiteral("81"), QStringLiteral("--remove"), QStringLiteral("99")});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains(QStringLiteral("anchor id 99 does not exist")));
    }

    void badInputs()
    {
        const QString bad = dir_.filePath(QStringLiteral("bad.json"));
        testutil::writeText(bad.toStdString(), "[{\"image_id\": 1, ");
        Run r = cli({QStringLiteral("eval-detections"), QStringLiteral("--gt"), fixture("basic/gt.json"), QStringLiteral("--dt"), bad});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(bad) && r.err.contains(QStringLiteral("truncated")));
        r = cli({QStringLiteral("eval-detections"), QStringLiteral("--gt"), QStringLiteral("/no/such.json"), QStringLiteral("--dt"), bad});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("/no/such.json")));
        r = cli({QStringLiteral("eval-detections"), QStringLiteral("--gt"), fixture("basic/gt.json")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("missing required option --dt")));
        r = cli({QStringLiteral("eval-detections"), QStringLiteral("--bogus")});
        QCOMPARE(r.code, 2);
        r = cli({QStringLiteral("make-dataset"), QStringLiteral("--out"), dir_.filePath(QStringLiteral("x")), QStringLiteral("--images"),
                 QStringLiteral("ten")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("--images")));
    }

    void makeAndConvertDataset()
    {
        const QString out = dir_.filePath(QStringLiteral("shapes"));
        Run r = cli({QStringLiteral("make-dataset"), QStringLiteral("--kind"), QStringLiteral("shapes"), QStringLiteral("--out"), out,
                     QStringLiteral("--images"), QStringLiteral("10"), QStringLiteral("--seed"), QStringLiteral("3"),
                     QStringLiteral("--size"), QStringLiteral("64"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const json j = json::parse(r.out.toStdString());
        QCOMPARE(j["images"].get<int>(), 10);
        QVERIFY(QFile::exists(out + QStringLiteral("/annotations.json")));
        QVERIFY(QFile::exists(out + QStringLiteral("/images/000010.png")));
        const QString conv = dir_.filePath(QStringLiteral("conv.json"));
        r = cli({QStringLiteral("convert-dataset"), QStringLiteral("--data"), out + QStringLiteral("/annotations.json"),
                 QStringLiteral("--out"), conv, QStringLiteral("--check-images"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(json::parse(r.out.toStdString())["objects"].get<int>(), j["objects"].get<int>());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
