// SPDX-License-Identifier: GPL-3.0-or-later
// anchorscope-cli as users and the external checks drive it: --version, --help of every
// command, JSON output keys, exit codes and messages on bad input.
#include "test_util.h"
#include "search_spaces.h"

#include "prune/cache_split.h"

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
        for (const char* c : {"make-dataset", "eval-detections", "convert-dataset", "simulate-detections", "cost", "train",
                              "detect", "evaluate", "search", "prune", "retrain", "import-predictions", "export",
                              "import-torchvision"}) {
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

    void trainDetectEvaluate()
    {
        const QString data = dir_.filePath(QStringLiteral("tiny"));
        QCOMPARE(cli({QStringLiteral("make-dataset"), QStringLiteral("--out"), data, QStringLiteral("--images"), QStringLiteral("8"),
                      QStringLiteral("--size"), QStringLiteral("128")})
                     .code,
                 0);
        const QString model = dir_.filePath(QStringLiteral("tiny.aspt"));
        Run r = cli({QStringLiteral("train"), QStringLiteral("--arch"), QStringLiteral("ssd_small"), QStringLiteral("--anchors"),
                     QStringLiteral("ssd_small"), QStringLiteral("--data"), data + QStringLiteral("/annotations.json"),
                     QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch"), QStringLiteral("4"),
                     QStringLiteral("--out"), model, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(json::parse(r.out.toStdString())["epochs"].size(), size_t(1));
        r = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), model, QStringLiteral("--data"),
                 data + QStringLiteral("/annotations.json"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const json full = json::parse(r.out.toStdString());
        for (const char* k : {"AP", "AP50", "AR100", "per_category", "head_macs", "boxes"})
            QVERIFY2(full.contains(k), k);
        // --label-map in the format projects store: "square" left unmapped → its detections
        // dropped with one warning naming it, its AP 0; a cache alone refuses the option; a
        // malformed file is a message.
        {
            const json cats = testutil::readJson((data + QStringLiteral("/annotations.json")).toStdString())["categories"];
            json map = json::array();
            int column = 1, squareId = -1;
            for (const auto& c : cats) {
                const bool square = c["name"] == "square";
                if (square)
                    squareId = c["id"].get<int>();
                map.push_back({{"column", column++}, {"model_class", c["name"]}, {"model_category_id", c["id"]},
                               {"dataset_category_id", square ? -1 : c["id"].get<int>()}, {"matched_by", square ? "none" : "name"}});
            }
            QVERIFY(squareId >= 0);
            const QString mapFile = dir_.filePath(QStringLiteral("label-map.json"));
            testutil::writeText(mapFile.toStdString(), map.dump());
            r = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), model, QStringLiteral("--data"),
                     data + QStringLiteral("/annotations.json"), QStringLiteral("--label-map"), mapFile, QStringLiteral("--json")});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QVERIFY2(r.err.contains(QStringLiteral("model class 'square' (column 1) is no category of this dataset")), qPrintable(r.err));
            QCOMPARE(r.err.count(QStringLiteral("warning:")), 1);
            const json mapped = json::parse(r.out.toStdString());
            QCOMPARE(mapped["per_category"][std::to_string(squareId)].get<double>(), 0.0);
            QVERIFY(mapped["num_detections"].get<int64_t>() < full["num_detections"].get<int64_t>());
            testutil::writeText(mapFile.toStdString(), "[{\"column\": 1}]");
            r = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), model, QStringLiteral("--data"),
                     data + QStringLiteral("/annotations.json"), QStringLiteral("--label-map"), mapFile});
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(QStringLiteral("label-map.json")) && r.err.contains(QStringLiteral("malformed label map")),
                     qPrintable(r.err));
        }
        r = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), model, QStringLiteral("--data"),
                 data + QStringLiteral("/annotations.json"), QStringLiteral("--remove"), QStringLiteral("0-3"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const json pruned = json::parse(r.out.toStdString());
        QVERIFY(pruned["head_macs"].get<int64_t>() < full["head_macs"].get<int64_t>());
        QCOMPARE(pruned["boxes"].get<int64_t>(), full["boxes"].get<int64_t>() - 32 * 32 * 4);
        const Run c = cli({QStringLiteral("cost"), QStringLiteral("--model"), model, QStringLiteral("--json")});
        QCOMPARE(c.code, 0);
        QCOMPARE(json::parse(c.out.toStdString())["head_macs"].get<int64_t>(), full["head_macs"].get<int64_t>());
        const QString results = dir_.filePath(QStringLiteral("dets.json"));
        r = cli({QStringLiteral("detect"), QStringLiteral("--model"), model, QStringLiteral("--images"), data + QStringLiteral("/images"),
                 QStringLiteral("--out"), results, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(json::parse(r.out.toStdString())["images"].get<int>(), 8);
        QVERIFY(testutil::readJson(results.toStdString()).is_array());
        // Prune, then retrain with AP before/after on a split.
        const QString prunedModel = dir_.filePath(QStringLiteral("tiny_pruned.aspt"));
        r = cli({QStringLiteral("prune"), QStringLiteral("--model"), model, QStringLiteral("--remove"), QStringLiteral("0-3,9"),
                 QStringLiteral("--out"), prunedModel, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(json::parse(r.out.toStdString())["anchors"].get<int>(), 11);
        r = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), prunedModel, QStringLiteral("--data"),
                 data + QStringLiteral("/annotations.json"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const json prunedStats = json::parse(r.out.toStdString());
        const QString retrained = dir_.filePath(QStringLiteral("tiny_retrained.aspt"));
        r = cli({QStringLiteral("retrain"), QStringLiteral("--model"), prunedModel, QStringLiteral("--data"),
                 data + QStringLiteral("/annotations.json"), QStringLiteral("--search"), data + QStringLiteral("/annotations.json"),
                 QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch"), QStringLiteral("4"),
                 QStringLiteral("--out"), retrained, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const json rt = json::parse(r.out.toStdString());
        QVERIFY(std::fabs(rt["before"]["search"]["AP"].get<double>() - prunedStats["AP"].get<double>()) < 1e-12);
        QVERIFY(rt["after"]["search"].contains("AP50"));
        QVERIFY(QFile::exists(retrained));
        r = cli({QStringLiteral("retrain"), QStringLiteral("--model"), prunedModel, QStringLiteral("--data"),
                 data + QStringLiteral("/annotations.json"), QStringLiteral("--holdout"), data + QStringLiteral("/annotations.json"),
                 QStringLiteral("--from-scratch"), QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch"),
                 QStringLiteral("4"), QStringLiteral("--out"), retrained, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QVERIFY(json::parse(r.out.toStdString())["after"]["holdout"].contains("AP"));
        // Export with a report evaluated on data.
        const QString e2e = dir_.filePath(QStringLiteral("tiny_e2e.pt")), report = dir_.filePath(QStringLiteral("report.json"));
        r = cli({QStringLiteral("export"), QStringLiteral("--model"), retrained, QStringLiteral("--format"), QStringLiteral("end2end"),
                 QStringLiteral("--out"), e2e, QStringLiteral("--report"), report, QStringLiteral("--data"),
                 data + QStringLiteral("/annotations.json")});
        QCOMPARE(r.code, 0);
        const json rep = testutil::readJson(report.toStdString());
        for (const char* k : {"anchors", "head_macs", "boxes", "provenance", "evaluation", "postprocess_latency_ms"})
            QVERIFY2(rep.contains(k), k);
        QVERIFY(!rep["provenance"]["removed_anchors"].empty());
        // A model none of whose classes fits the dataset (by name or id) is refused with a message.
        const QString other = dir_.filePath(QStringLiteral("other.json"));
        testutil::writeText(other.toStdString(),
                            "{\"images\": [{\"id\": 1, \"file_name\": \"000001.png\"}], \"categories\": [{\"id\": 9, \"name\": \"cat\"}]}");
        r = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), model, QStringLiteral("--data"), other, QStringLiteral("--images"),
                 data + QStringLiteral("/images")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no class of the model matches a category of this dataset")), qPrintable(r.err));
    }

    void importTorchvisionSsd300()
    {
        const QString out = dir_.filePath(QStringLiteral("tv.aspt"));
        Run r = cli({QStringLiteral("import-torchvision"), QStringLiteral("--state-dict"),
                     QStringLiteral(ANCHORSCOPE_REFERENCE_DIR "/ssd300_tv.pth"), QStringLiteral("--num-classes"), QStringLiteral("4"),
                     QStringLiteral("--out"), out, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        r = cli({QStringLiteral("cost"), QStringLiteral("--model"), out, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(json::parse(r.out.toStdString())["boxes"].get<int64_t>(), int64_t(8732));
        r = cli({QStringLiteral("import-torchvision"), QStringLiteral("--state-dict"),
                 QStringLiteral(ANCHORSCOPE_REFERENCE_DIR "/ssd300_tv.pth"), QStringLiteral("--num-classes"), QStringLiteral("91"),
                 QStringLiteral("--out"), out});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("wrong shapes")));
    }

    // The Python path: an SSDlite state dict (OrderedDict, as users save it) through the
    // exporter; the package then runs a cache like a native model.
    void importTorchvisionThroughTheExporter()
    {
        const QString out = dir_.filePath(QStringLiteral("lite.aspt"));
        Run r = cli({QStringLiteral("import-torchvision"), QStringLiteral("--arch"), QStringLiteral("ssdlite320_mobilenet_v3_large"),
                     QStringLiteral("--weights"), QStringLiteral(ANCHORSCOPE_REFERENCE_DIR "/parity/ssdlite320_mobilenet_v3_large.pth"),
                     QStringLiteral("--out"), out, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = json::parse(r.out.toStdString().substr(r.out.toStdString().rfind('{')));
        QCOMPARE(j["num_classes"].get<int>(), 5);
        r = cli({QStringLiteral("cost"), QStringLiteral("--model"), out, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(json::parse(r.out.toStdString())["boxes"].get<int64_t>(), int64_t(3234)); // 6 × (400+100+25+9+4+1)
        r = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), out, QStringLiteral("--data"),
                 QStringLiteral(ANCHORSCOPE_REFERENCE_DIR "/parity/images.json"), QStringLiteral("--images"),
                 QStringLiteral(ANCHORSCOPE_REFERENCE_DIR "/parity/images"), QStringLiteral("--cache"), dir_.filePath(QStringLiteral("lite.cache"))});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // A search over that cache, cut short by its budget, then resumed.
        const QString pareto = dir_.filePath(QStringLiteral("lite-pareto.json"));
        r = cli({QStringLiteral("search"), QStringLiteral("--cache"), dir_.filePath(QStringLiteral("lite.cache")), QStringLiteral("--strategy"),
                 QStringLiteral("ranked"), QStringLiteral("--max-evaluations"), QStringLiteral("5"), QStringLiteral("--out"), pareto,
                 QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(testutil::readJson(pareto.toStdString())["complete"].get<bool>(), false);
        r = cli({QStringLiteral("search"), QStringLiteral("--cache"), dir_.filePath(QStringLiteral("lite.cache")), QStringLiteral("--strategy"),
                 QStringLiteral("ranked"), QStringLiteral("--resume"), pareto, QStringLiteral("--out"), pareto, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto resumed = testutil::readJson(pareto.toStdString());
        QCOMPARE(resumed["complete"].get<bool>(), true);
        QCOMPARE(resumed["replayed"].get<int>(), 4);
        r = cli({QStringLiteral("search"), QStringLiteral("--cache"), dir_.filePath(QStringLiteral("lite.cache")), QStringLiteral("--strategy"),
                 QStringLiteral("paper"), QStringLiteral("--resume"), pareto, QStringLiteral("--out"), dir_.filePath(QStringLiteral("x.json"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("same options")), qPrintable(r.err));
        // The same model pickled whole (torch.save(model)): refused unless the user trusts the
        // file (unpickling runs its code), then it imports to the same model, architecture
        // recognised.
        const QString fromPickle = dir_.filePath(QStringLiteral("lite-pickled.aspt"));
        const QString pickled = QStringLiteral(ANCHORSCOPE_REFERENCE_DIR "/parity/ssdlite320_mobilenet_v3_large-model.pt");
        Run p = cli({QStringLiteral("import-torchvision"), QStringLiteral("--weights"), pickled, QStringLiteral("--out"), fromPickle});
        QCOMPARE(p.code, 1);
        QVERIFY2(p.err.contains(QStringLiteral("--trust-pickle")) && p.err.contains(QStringLiteral("Unsupported class")), qPrintable(p.err));
        QVERIFY(!QFile::exists(fromPickle));
        p = cli({QStringLiteral("import-torchvision"), QStringLiteral("--weights"), pickled, QStringLiteral("--trust-pickle"),
                 QStringLiteral("--out"), fromPickle, QStringLiteral("--json")});
        QVERIFY2(p.code == 0, qPrintable(p.err));
        QCOMPARE(json::parse(p.out.toStdString().substr(p.out.toStdString().rfind('{')))["identity"], j["identity"]);
        // Wrong architecture for the weights: the exporter's message, exit 1.
        r = cli({QStringLiteral("import-torchvision"), QStringLiteral("--arch"), QStringLiteral("retinanet_resnet50_fpn"),
                 QStringLiteral("--weights"), QStringLiteral(ANCHORSCOPE_REFERENCE_DIR "/parity/ssd300_vgg16.pth"),
                 QStringLiteral("--out"), dir_.filePath(QStringLiteral("wrong.aspt"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no classification head")) && r.err.contains(QStringLiteral("exporter failed")),
                 qPrintable(r.err));
        r = cli({QStringLiteral("import-torchvision"), QStringLiteral("--out"), out});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("either --weights")));
    }


    // Validation through the CLI contracts of docs/search.md: search with --validation-split
    // and --validation-cache (per-node validation, "recommended" by the rule), refine as the
    // default and seeded by --seed-front, evaluate --ci and --configs, foreign validation
    // caches refused with the difference named. A trained-like 12-anchor cache (ties, scores
    // of 1.0, every anchor firing in most images).
    void searchWithValidation()
    {
        using namespace anchorscope;
        auto s = [](const char* t) { return QString::fromUtf8(t); };
        const anchorscope::PredictionCache whole = testutil::syntheticSpace(false, 120, 9);
        const QString wholePath = dir_.filePath(s("whole.cache")), searchPath = dir_.filePath(s("s.cache")),
                      valPath = dir_.filePath(s("v.cache")), otherPath = dir_.filePath(s("other.cache"));
        whole.save(wholePath.toStdString());
        const CacheSplit parts = splitCacheByImage(whole, 0.5, 1);
        parts.search.save(searchPath.toStdString());
        parts.validation.save(valPath.toStdString());
        PredictionCache other = parts.validation;
        other.modelIdentity = "someone else's model";
        other.save(otherPath.toStdString());

        // One cache split in the call: the same split as splitCacheByImage's.
        const QString split = dir_.filePath(s("split.json"));
        Run r = cli({s("search"), s("--cache"), wholePath, s("--validation-split"), s("0.5"), s("--split-seed"), s("1"),
                     s("--strategy"), s("ranked"), s("--max-drop"), s("0.03"), s("--bootstrap"), s("200"), s("--out"), split,
                     s("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json summary = json::parse(r.out.toStdString());
        QCOMPARE(summary["strategy"].get<std::string>(), std::string("ranked"));
        QCOMPARE(summary["validated"].get<bool>(), true);
        QCOMPARE(summary["validation_images"].get<size_t>(), parts.validation.images.size());
        const json sj = testutil::readJson(split.toStdString());
        QCOMPARE(sj["validation"]["images"].get<size_t>(), parts.validation.images.size());
        QCOMPARE(sj["validation"]["bootstrap"]["replicates"].get<int>(), 200);
        QVERIFY(sj.contains("recommended"));

        // Separate caches; refine by default; the recommendation follows the rule.
        const QString refined = dir_.filePath(s("refined.json"));
        r = cli({s("search"), s("--cache"), searchPath, s("--validation-cache"), valPath, s("--max-drop"), s("0.03"),
                 s("--bootstrap"), s("200"), s("--out"), refined, s("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json rj = testutil::readJson(refined.toStdString());
        QCOMPARE(rj["strategy"].get<std::string>(), std::string("refine"));
        QCOMPARE(rj["locally_optimal"].get<bool>(), true);
        QVERIFY(!rj["neighbourhood"].get<std::string>().empty());
        const double maxDrop = rj["validation"]["max_drop"].get<double>();
        QVERIFY(std::fabs(maxDrop - 0.03) < 1e-12);
        int expected = -1;
        double expectedCost = 0;
        size_t validated = 0;
        for (const auto& n : rj["nodes"]) {
            if (!n["on_front"].get<bool>()) {
                QVERIFY(!n.contains("validation") || n["validation"].is_null());
                continue;
            }
            const json& v = n["validation"];
            for (const char* k : {"stats", "delta_ap", "delta_ap_ci", "delta_ap50", "delta_ap50_ci"})
                QVERIFY2(v.contains(k), k);
            QVERIFY(v["delta_ap_ci"][0].get<double>() <= v["delta_ap"].get<double>() + 1e-12);
            QVERIFY(v["delta_ap_ci"][1].get<double>() >= v["delta_ap"].get<double>() - 1e-12);
            ++validated;
            if (n["removed"].empty() || v["delta_ap_ci"][0].get<double>() < -maxDrop)
                continue;
            if (expected < 0 || n["cost"].get<double>() < expectedCost) {
                expected = n["index"].get<int>();
                expectedCost = n["cost"].get<double>();
            }
        }
        QVERIFY(validated >= 3);
        QCOMPARE(rj["recommended"].is_null() ? -1 : rj["recommended"].get<int>(), expected);

        // refine seeded by a finished search's front (--seed-front).
        const QString ranked = dir_.filePath(s("ranked.json")), seeded = dir_.filePath(s("seeded.json"));
        r = cli({s("search"), s("--cache"), searchPath, s("--strategy"), s("ranked"), s("--max-drop"), s("0.03"), s("--out"), ranked});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({s("search"), s("--cache"), searchPath, s("--strategy"), s("refine"), s("--seed-front"), ranked, s("--max-drop"),
                 s("0.03"), s("--out"), seeded});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json seededJ = testutil::readJson(seeded.toStdString());
        QVERIFY2(QString::fromStdString(seededJ["seed"].get<std::string>()).contains(s("ranked search")),
                 seededJ["seed"].dump().c_str());
        QVERIFY(seededJ["hypervolume"].get<double>() >= testutil::readJson(ranked.toStdString())["hypervolume"].get<double>());
        QVERIFY(!seededJ.contains("recommended") || seededJ["recommended"].is_null()); // nothing validated it

        // Validation caches that do not fit are refused, naming the difference.
        r = cli({s("search"), s("--cache"), searchPath, s("--validation-cache"), wholePath, s("--out"), dir_.filePath(s("x.json"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("also search images")), qPrintable(r.err));
        r = cli({s("search"), s("--cache"), searchPath, s("--validation-cache"), otherPath, s("--out"), dir_.filePath(s("x.json"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("another model")) && r.err.contains(s("other.cache")), qPrintable(r.err));
        QVERIFY(!QFile::exists(dir_.filePath(s("x.json"))));

        // evaluate --ci: ΔAP with its paired interval, seeded and repeatable.
        const QStringList ci{s("evaluate"), s("--cache"), searchPath, s("--remove"), s("0,4,8"), s("--ci"), s("--bootstrap"),
                             s("150"), s("--json")};
        r = cli(ci);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json e = json::parse(r.out.toStdString());
        for (const char* k : {"AP", "delta_ap", "delta_ap_ci", "delta_ap50", "delta_ap50_ci", "bootstrap"})
            QVERIFY2(e.contains(k), k);
        QCOMPARE(e["bootstrap"]["replicates"].get<int>(), 150);
        QCOMPARE(e["bootstrap"]["seed"].get<int>(), 0);
        QCOMPARE(e["delta_ap_ci"].size(), size_t(2));
        QVERIFY(e["delta_ap_ci"][0].get<double>() <= e["delta_ap"].get<double>());
        QVERIFY(e["delta_ap_ci"][1].get<double>() >= e["delta_ap"].get<double>());
        QVERIFY(e["delta_ap_ci"][1].get<double>() > e["delta_ap_ci"][0].get<double>());
        QCOMPARE(json::parse(cli(ci).out.toStdString()), e);
        const Run full = cli({s("evaluate"), s("--cache"), searchPath, s("--json")});
        QCOMPARE(e["delta_ap"].get<double>(), e["AP"].get<double>() - json::parse(full.out.toStdString())["AP"].get<double>());
        // ... and on the validation images too.
        r = cli({s("evaluate"), s("--cache"), searchPath, s("--validation-cache"), valPath, s("--remove"), s("0,4,8"), s("--ci"),
                 s("--bootstrap"), s("150"), s("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json ev = json::parse(r.out.toStdString());
        QCOMPARE(ev["validation"]["images"].get<size_t>(), parts.validation.images.size());
        QVERIFY(ev["validation"].contains("delta_ap_ci"));
        QVERIFY(ev["validation"]["AP"].get<double>() != ev["AP"].get<double>());

        // --configs: one JSON line per configuration, the same numbers as one at a time.
        const QString configs = dir_.filePath(s("configs.txt"));
        testutil::writeText(configs.toStdString(), "# a comment\nnone\n0,4,8\n\n3-5\n");
        r = cli({s("evaluate"), s("--cache"), searchPath, s("--configs"), configs, s("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = r.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(json::parse(lines[0].toStdString())["AP"], json::parse(full.out.toStdString())["AP"]);
        QCOMPARE(json::parse(lines[1].toStdString())["AP"], e["AP"]);
        // A search JSON: its front, each line naming its node.
        r = cli({s("evaluate"), s("--cache"), searchPath, s("--configs"), refined, s("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList frontLines = r.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(size_t(frontLines.size()), validated);
        for (const QString& l : frontLines) {
            const json j = json::parse(l.toStdString());
            QCOMPARE(j["AP"], rj["nodes"][j["node"].get<size_t>()]["stats"]["AP"]);
        }
        testutil::writeText(configs.toStdString(), "0,99\n");
        r = cli({s("evaluate"), s("--cache"), searchPath, s("--configs"), configs, s("--json")});
        QCOMPARE(r.code, 1);
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
