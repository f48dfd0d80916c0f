// SPDX-License-Identifier: GPL-3.0-or-later
// anchorscope-cli as users and the external checks drive it: --version, --help of every
// command, JSON output keys, exit codes and messages on bad input.
#include "test_util.h"
#include "search_spaces.h"

#include "analysis/anchor_analysis.h"
#include "prune/cache_split.h"
#include "prune/config_evaluator.h"
#include "util/atomic_file.h"

#include <QDir>
#include <QProcess>

#include <cmath>
#include <set>
#include <tuple>

using json = nlohmann::json;

namespace {

using Run = testutil::CliRun;
Run cli(const QStringList& args) { return testutil::runCli(args); }

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
                              "import-torchvision", "calibrate-latency", "analyze", "validate", "demo", "report"}) {
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
        // A bad line among good ones (evaluated 16 at a time): the lines before it come out,
        // then its error.
        testutil::writeText(configs.toStdString(), "none\n0,4,8\n0,99\n3-5\n");
        r = cli({s("evaluate"), s("--cache"), searchPath, s("--configs"), configs, s("--json")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.out.trimmed().split(QLatin1Char('\n')).size(), 2);
        QCOMPARE(json::parse(r.out.trimmed().split(QLatin1Char('\n'))[1].toStdString())["AP"], e["AP"]);
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

    // simulate-detections: seeded (same seed, same bytes), and its knobs do what they say —
    // full recall without noise or false positives reports every object's own box; recall 0
    // without false positives reports nothing; the default detector scores lower.
    void simulateDetections()
    {
        auto s = [](const char* t) { return QString::fromUtf8(t); };
        const QString ds = dir_.filePath(s("sim"));
        QCOMPARE(cli({s("make-dataset"), s("--kind"), s("shapes"), s("--out"), ds, s("--images"), s("12"), s("--seed"), s("5"),
                      s("--size"), s("64")})
                     .code,
                 0);
        const QString gt = ds + s("/annotations.json");
        auto simulate = [&](const QString& out, QStringList extra) {
            const Run r = cli(QStringList{s("simulate-detections"), s("--gt"), gt, s("--out"), out, s("--json")} + extra);
            if (r.code != 0)
                qWarning("%s", qPrintable(r.err));
            return r.code == 0 ? json::parse(r.out.toStdString()) : json();
        };
        const json a = simulate(dir_.filePath(s("a.json")), {s("--seed"), s("1")});
        const json b = simulate(dir_.filePath(s("b.json")), {s("--seed"), s("1")});
        const json c = simulate(dir_.filePath(s("c.json")), {s("--seed"), s("2")});
        QVERIFY(!a.is_null() && !b.is_null() && !c.is_null());
        QCOMPARE(a["images"].get<int>(), 12);
        const std::string bytesA = testutil::readText(dir_.filePath(s("a.json")).toStdString());
        QCOMPARE(bytesA, testutil::readText(dir_.filePath(s("b.json")).toStdString()));
        QVERIFY(bytesA != testutil::readText(dir_.filePath(s("c.json")).toStdString()));
        QCOMPARE(json::parse(bytesA).size(), a["detections"].get<size_t>());

        const QString perfect = dir_.filePath(s("perfect.json"));
        QVERIFY(!simulate(perfect, {s("--recall"), s("1"), s("--box-noise"), s("0"), s("--false-positives"), s("0")}).is_null());
        // (Its class may be confused: the box is what recall and noise promise.)
        std::set<std::tuple<int64_t, double, double, double, double>> reported;
        for (const auto& d : testutil::readJson(perfect.toStdString()))
            reported.insert({d["image_id"].get<int64_t>(), d["bbox"][0].get<double>(), d["bbox"][1].get<double>(),
                             d["bbox"][2].get<double>(), d["bbox"][3].get<double>()});
        const json truth = testutil::readJson(gt.toStdString());
        QVERIFY(truth["annotations"].size() > 20);
        for (const auto& g : truth["annotations"])
            QVERIFY2(reported.count({g["image_id"].get<int64_t>(), g["bbox"][0].get<double>(), g["bbox"][1].get<double>(),
                                     g["bbox"][2].get<double>(), g["bbox"][3].get<double>()}),
                     qPrintable(QString::fromStdString(g.dump())));
        const json none = simulate(dir_.filePath(s("none.json")), {s("--recall"), s("0"), s("--false-positives"), s("0")});
        QCOMPARE(none["detections"].get<int>(), 0);
        auto ap = [&](const QString& dt) {
            const Run r = cli({s("eval-detections"), s("--gt"), gt, s("--dt"), dt, s("--json")});
            return r.code == 0 ? json::parse(r.out.toStdString())["AP"].get<double>() : -2.0;
        };
        const double apDefault = ap(dir_.filePath(s("a.json"))), apPerfect = ap(perfect);
        QVERIFY2(apDefault > 0.05 && apDefault < apPerfect && apPerfect > 0.8, qPrintable(QStringLiteral("%1 %2").arg(apDefault).arg(apPerfect)));
    }

    // analyze prints (and writes) what the library's analysis gives on the same cache.
    void analyzeEqualsTheLibrary()
    {
        using namespace anchorscope;
        auto s = [](const char* t) { return QString::fromUtf8(t); };
        const PredictionCache cache = testutil::syntheticSpace(false, 30, 3);
        const QString path = dir_.filePath(s("analyze.cache")), out = dir_.filePath(s("analysis.json"));
        cache.save(path.toStdString());
        const Run r = cli({s("analyze"), s("--cache"), path, s("--score"), s("0.4"), s("--out"), out, s("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json got = json::parse(r.out.toStdString());
        QCOMPARE(testutil::readJson(out.toStdString()), got);
        ConfigEvaluator ev(cache);
        AnalysisOptions o;
        o.score = 0.4f;
        const AnalysisResult want = analyzeCache(cache, ev, o);
        QCOMPARE(got["baseline_ap"].get<double>(), want.baselineAp);
        QCOMPARE(got["anchors"].size(), want.anchors.size());
        int changed = 0;
        for (size_t a = 0; a < want.anchors.size(); ++a) {
            QCOMPARE(got["anchors"][a]["delta_ap"].get<double>(), want.anchors[a].deltaAp);
            QCOMPARE(got["anchors"][a]["redundancy"].get<double>(), want.anchors[a].redundancy);
            QCOMPARE(got["anchors"][a]["confident"].get<int>(), want.anchors[a].confident);
            changed += want.anchors[a].deltaAp != 0;
        }
        QVERIFY(changed >= 6); // a trained-like cache: removing an anchor moves AP
        // --no-leave-one-out leaves every ΔAP at 0 and the rest as it was.
        const Run quick = cli({s("analyze"), s("--cache"), path, s("--score"), s("0.4"), s("--no-leave-one-out"), s("--json")});
        QCOMPARE(quick.code, 0);
        const json q = json::parse(quick.out.toStdString());
        for (size_t a = 0; a < want.anchors.size(); ++a) {
            QCOMPARE(q["anchors"][a]["delta_ap"].get<double>(), 0.0);
            QCOMPARE(q["anchors"][a]["redundancy"].get<double>(), want.anchors[a].redundancy);
        }
    }

    // calibrate-latency writes a model the latency objective then uses: every node's cost is
    // the model's prediction from its boxes and candidates per image.
    void calibrateLatencyFeedsTheSearch()
    {
        using namespace anchorscope;
        auto s = [](const char* t) { return QString::fromUtf8(t); };
        const PredictionCache cache = testutil::syntheticSpace(false, 20, 6);
        const QString path = dir_.filePath(s("lat.cache")), model = dir_.filePath(s("latency.json"));
        cache.save(path.toStdString());
        Run r = cli({s("calibrate-latency"), s("--cache"), path, s("--repeats"), s("1"), s("--out"), model, s("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        json m = json::parse(r.out.toStdString());
        QCOMPARE(testutil::readJson(model.toStdString()), m);
        QCOMPARE(m["num_classes"].get<int>(), cache.meta.numClasses);
        for (const char* k : {"a_ms", "b_ms_per_box", "c_ms_per_candidate"})
            QVERIFY2(std::isfinite(m[k].get<double>()), k);
        QVERIFY(!m["machine"].get<std::string>().empty());
        // A model with round numbers, so that the expected costs are exact.
        m["a_ms"] = 0.5;
        m["b_ms_per_box"] = 0.001;
        m["c_ms_per_candidate"] = 0.01;
        writeFileAtomically(model.toStdString(), m.dump());
        const QString front = dir_.filePath(s("lat-front.json"));
        r = cli({s("search"), s("--cache"), path, s("--objective"), s("latency"), s("--latency-model"), model, s("--strategy"),
                 s("ranked"), s("--max-drop"), s("0.05"), s("--out"), front, s("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json sj = testutil::readJson(front.toStdString());
        QCOMPARE(sj["objective"].get<std::string>(), std::string("latency"));
        QVERIFY(sj["nodes"].size() > 5);
        for (const auto& n : sj["nodes"])
            QCOMPARE(n["cost"].get<double>(),
                     0.5 + 0.001 * n["boxes"].get<double>() + 0.01 * n["candidates_per_image"].get<double>());
        for (int i : sj["front"].get<std::vector<int>>())
            QVERIFY(sj["nodes"][size_t(i)]["measured_latency_ms"].get<double>() > 0);
    }

    // import-predictions: a cache from the generator's files (meta.json, gt.json, boxes.f32,
    // scores.f32), written here for two images with one object each, each found exactly by
    // one anchor: AP 1; without the anchor that finds the first object, that class has AP 0.
    void importPredictions()
    {
        auto s = [](const char* t) { return QString::fromUtf8(t); };
        const QString from = dir_.filePath(s("generator"));
        constexpr int kBoxes = 18;
        QDir().mkpath(from);
        // The generator's six SSD300 levels, here 2×2 then 1×1 five times, two anchors per cell:
        // 18 boxes per image (anchor ids 0-11); columns bg, category 1, category 2.
        const json meta = {{"images", 2},
                           {"boxes_per_image", kBoxes},
                           {"score_columns", 3},
                           {"background_column", 0},
                           {"feature_maps", {2, 1, 1, 1, 1, 1}},
                           {"anchors_per_cell", {2, 2, 2, 2, 2, 2}},
                           {"category_ids_by_column", {-1, 1, 2}}};
        testutil::writeText((from + s("/meta.json")).toStdString(), meta.dump());
        const json gt = {{"images", {{{"id", 1}, {"file_name", "a.png"}, {"width", 300}, {"height", 300}},
                                     {{"id", 2}, {"file_name", "b.png"}, {"width", 300}, {"height", 300}}}},
                         {"categories", {{{"id", 1}, {"name", "one"}}, {{"id", 2}, {"name", "two"}}}},
                         {"annotations", {{{"id", 1}, {"image_id", 1}, {"category_id", 1}, {"bbox", {10, 20, 100, 80}},
                                           {"area", 8000}, {"iscrowd", 0}},
                                          {{"id", 2}, {"image_id", 2}, {"category_id", 2}, {"bbox", {150, 40, 60, 120}},
                                           {"area", 7200}, {"iscrowd", 0}}}}};
        testutil::writeText((from + s("/gt.json")).toStdString(), gt.dump());
        std::vector<float> boxes(2 * kBoxes * 4, 0.f), scores(2 * kBoxes * 3, 0.f);
        for (int i = 0; i < 2; ++i)
            for (int b = 0; b < kBoxes; ++b) {
                float* bx = &boxes[size_t(i * kBoxes + b) * 4];
                bx[0] = float(5 * b);
                bx[1] = float(5 * b);
                bx[2] = float(5 * b + 8);
                bx[3] = float(5 * b + 8);
                scores[size_t(i * kBoxes + b) * 3] = 1.f; // background elsewhere
            }
        // Image 1: box 1 (level 0, cell 0, anchor id 1) finds the class-1 object; image 2: box 8
        // (level 1's only cell, anchor id 2) the class-2 one.
        auto put = [&](int image, int box, int column, std::array<float, 4> xyxy) {
            std::copy(xyxy.begin(), xyxy.end(), &boxes[size_t(image * kBoxes + box) * 4]);
            scores[size_t(image * kBoxes + box) * 3] = 0.1f;
            scores[size_t(image * kBoxes + box) * 3 + size_t(column)] = 0.9f;
        };
        put(0, 1, 1, {10, 20, 110, 100});
        put(1, 8, 2, {150, 40, 210, 160});
        auto write = [&](const char* name, const std::vector<float>& v) {
            anchorscope::writeFileAtomically((from + s("/") + s(name)).toStdString(),
                                std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float)));
        };
        write("boxes.f32", boxes);
        write("scores.f32", scores);
        const QString cache = dir_.filePath(s("imported.cache"));
        Run r = cli({s("import-predictions"), s("--from"), from, s("--threshold"), s("0.05"), s("--out"), cache, s("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const json j = json::parse(r.out.toStdString());
        QCOMPARE(j["images"].get<int>(), 2);
        QCOMPARE(j["candidates"].get<int>(), 2); // only the two finds score above 0.05 outside the background
        auto ap = [&](QStringList extra) {
            const Run e = cli(QStringList{s("evaluate"), s("--cache"), cache, s("--json")} + extra);
            if (e.code != 0)
                qWarning("%s", qPrintable(e.err));
            return e.code == 0 ? json::parse(e.out.toStdString())["AP"].get<double>() : -2.0;
        };
        // (pycocotools divides by tp + fp + eps: a perfect AP is 1 - 2⁻⁵², QCOMPARE's fuzzy 1.)
        QCOMPARE(ap({}), 1.0);
        QCOMPARE(ap({s("--remove"), s("1")}), 0.5);
        QCOMPARE(ap({s("--remove"), s("2")}), 0.5);
        QCOMPARE(ap({s("--remove"), s("0,3")}), 1.0);
        // A prediction file of the wrong size is refused by name, and nothing is written.
        write("scores.f32", std::vector<float>(scores.begin(), scores.end() - 3));
        const QString second = dir_.filePath(s("second.cache"));
        r = cli({s("import-predictions"), s("--from"), from, s("--out"), second});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("scores.f32")) && r.err.contains(s("expected 432 bytes")), qPrintable(r.err));
        QVERIFY(!QFile::exists(second));
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
