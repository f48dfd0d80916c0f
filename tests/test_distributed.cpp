// SPDX-License-Identifier: GPL-3.0-or-later
// Past one process (docs/distributed.md): anchorscope-cli under torchrun (2 ranks, Gloo, CPU)
// builds the same prediction cache byte for byte and writes the same detections as one
// process; an interrupted cache build resumes; a rank that dies makes the other stop with a
// clear error within --dist-timeout, and the restarted run resumes; 2 ranks train step for
// step as one process with twice the batch; CUDA on this CPU-only LibTorch is a clear error.
#include "test_util.h"

#include "data/shapes.h"
#include "dist/cluster_command.h"
#include "models/detector.h"
#include "models/detector_impl.h"
#include "project/project.h"

#include <QProcess>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>

using json = nlohmann::json;
namespace fs = std::filesystem;
using namespace anchorscope;

namespace {

using Run = testutil::CliRun;

// A child with no rank variables of the test's own environment (a test run under torchrun
// must not leak them), plus `env`.
QProcess* start(const QString& program, const QStringList& args, const QMap<QString, QString>& env = {})
{
    testutil::CliSetup setup;
    setup.program = program;
    setup.env = env;
    setup.unset = {QStringLiteral("RANK"), QStringLiteral("WORLD_SIZE"), QStringLiteral("LOCAL_RANK"),
                   QStringLiteral("MASTER_ADDR"), QStringLiteral("MASTER_PORT")};
    return testutil::startCli(args, setup);
}

Run finish(QProcess* p, std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now())
{
    return testutil::finishCli(p, 600000, t0);
}

Run cli(const QStringList& args, const QMap<QString, QString>& env = {})
{
    return finish(start(QStringLiteral(ANCHORSCOPE_CLI), args, env));
}

// torchrun as the docs tell users to launch it (the --redirects/--tee work around Debian's
// Python 3.11 crash in the agent's default log handling).
Run torchrun(int ranks, const QString& logDir, const QStringList& args)
{
    QStringList a{QStringLiteral("--standalone"), QStringLiteral("--nproc_per_node=%1").arg(ranks), QStringLiteral("--no_python"),
                  QStringLiteral("--redirects"), QStringLiteral("2"), QStringLiteral("--tee"), QStringLiteral("2"),
                  QStringLiteral("--log_dir"), logDir, QStringLiteral(ANCHORSCOPE_CLI)};
    return finish(start(QStringLiteral("/usr/bin/torchrun"), a + args));
}

int freePort()
{
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(s);
    return ntohs(addr.sin_port);
}

// What torchrun would set for rank `rank` of 2 (ranks started by hand, rank 0 hosts the store).
QMap<QString, QString> rankEnv(int rank, int port)
{
    return {{QStringLiteral("RANK"), QString::number(rank)}, {QStringLiteral("WORLD_SIZE"), QStringLiteral("2")},
            {QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1")}, {QStringLiteral("MASTER_PORT"), QString::number(port)}};
}

std::string bytesOf(const QString& path) { return testutil::readText(path.toStdString()); }

// The largest absolute difference between two packages' parameters (same layout).
double maxWeightDifference(const QString& a, const QString& b)
{
    const Detector x = Detector::load(a.toStdString()), y = Detector::load(b.toStdString());
    auto px = x.impl().module.named_parameters(true), py = y.impl().module.named_parameters(true);
    double worst = 0;
    auto ity = py.begin();
    for (const auto& p : px) {
        worst = std::max(worst, (p.value - (*ity).value).abs().max().item<double>());
        ++ity;
    }
    return worst;
}

QString describe(const Run& r) { return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.code).arg(r.out, r.err.right(3000)); }

} // namespace

class TestDistributed : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString smallModel_, smallData_;

    QString path(const char* name) const { return dir_.filePath(QString::fromLatin1(name)); }

    // A model and a dataset per row: a native ssd_small made to saturate as trained models
    // do (class logits scaled: softmax scores of exactly 1.0, ties everywhere) on 22 shapes
    // images (batches of 4: the last one short), and torchvision's saturated SSD300 on its 6
    // images (the torchvision tie rule, whose cache identity holds threads and batch).
    QStringList modelArgs(const QString& row) const
    {
        if (row == QStringLiteral("ssd_small"))
            return {QStringLiteral("--model"), smallModel_, QStringLiteral("--data"), smallData_, QStringLiteral("--batch"),
                    QStringLiteral("4"), QStringLiteral("--threads"), QStringLiteral("1")};
        const QString sat = QStringLiteral(ANCHORSCOPE_REFERENCE_DIR "/saturated/");
        return {QStringLiteral("--model"), sat + QStringLiteral("ssd300_vgg16.aspt"), QStringLiteral("--data"),
                sat + QStringLiteral("ssd300_vgg16.json"), QStringLiteral("--batch"), QStringLiteral("2"),
                QStringLiteral("--threads"), QStringLiteral("1")};
    }

private Q_SLOTS:
    void initTestCase()
    {
        ShapesOptions so;
        so.numImages = 22;
        so.size = 128;
        so.seed = 7;
        so.trainFraction = 1.0;
        generateShapesDataset(testutil::tempPath(dir_, "shapes"), so);
        smallData_ = path("shapes/annotations.json");
        const std::vector<ClassInfo> classes = testutil::shapesModelClasses();
        Detector m = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes, 11);
        {
            torch::NoGradGuard g;
            for (const auto& p : m.impl().module.named_parameters(true))
                if (p.name.rfind("cls_", 0) == 0)
                    p.value.mul_(60.0);
        }
        smallModel_ = path("small.aspt");
        m.save(smallModel_.toStdString());
    }

    void cacheUnderTorchrunEqualsOneProcess_data()
    {
        QTest::addColumn<QString>("row");
        QTest::newRow("ssd_small") << QStringLiteral("ssd_small");
        QTest::newRow("ssd300 saturated") << QStringLiteral("ssd300");
    }

    void cacheUnderTorchrunEqualsOneProcess()
    {
        QFETCH(QString, row);
        const QString one = path("one.cache"), two = path("two.cache");
        QFile::remove(one);
        QFile::remove(two);
        const QStringList common = modelArgs(row) + QStringList{QStringLiteral("--json")};
        const Run single = cli(QStringList{QStringLiteral("evaluate"), QStringLiteral("--cache"), one} + common);
        QVERIFY2(single.code == 0, qPrintable(describe(single)));
        const Run dist = torchrun(2, path("logs"), QStringList{QStringLiteral("evaluate"), QStringLiteral("--cache"), two} + common);
        QVERIFY2(dist.code == 0, qPrintable(describe(dist)));
        QVERIFY(bytesOf(one) == bytesOf(two));
        // Each rank says what it did; rank 0 reports the result, equal to the single run's.
        const json s = single.lastJson();
        QCOMPARE(s["world_size"].get<int>(), 1);
        const std::vector<json> lines = dist.jsonLines();
        QCOMPARE(int(lines.size()), 2);
        size_t images = 0;
        for (const json& j : lines) {
            QCOMPARE(j["world_size"].get<int>(), 2);
            QVERIFY(j["images"].get<size_t>() > 0);
            images += j["images"].get<size_t>();
            if (j["rank"] == 0) {
                QCOMPARE(j["AP"].get<double>(), s["AP"].get<double>());
                QCOMPARE(j["cache_candidates"].get<size_t>(), s["cache_candidates"].get<size_t>());
            }
        }
        QCOMPARE(images, s["images"].get<size_t>());
        // And the cache holds what the model detects: evaluated from it, the stats equal
        // those of the model run directly (the shards' candidates arrived whole).
        const Run direct = cli(QStringList{QStringLiteral("evaluate")} + common);
        QVERIFY2(direct.code == 0, qPrintable(describe(direct)));
        QVERIFY(direct.lastJson()["num_detections"].get<int>() > 0);
        for (const char* stat : {"AP", "AP50", "AR100"})
            QVERIFY2(std::fabs(direct.lastJson()[stat].get<double>() - s[stat].get<double>()) <= 1e-12, stat);
        QCOMPARE(s["num_detections"], direct.lastJson()["num_detections"]);
        // Nothing left beside the cache.
        for (const QString& f : QDir(dir_.path()).entryList({QStringLiteral("*.partial.*")}))
            QFAIL(qPrintable(f));
    }

    // detect: the gathered results file is the single run's, byte for byte.
    void detectUnderTorchrunEqualsOneProcess()
    {
        const QStringList common = modelArgs(QStringLiteral("ssd_small"));
        const Run single = cli(QStringList{QStringLiteral("detect"), QStringLiteral("--out"), path("one.json")} + common);
        QVERIFY2(single.code == 0, qPrintable(describe(single)));
        const Run dist = torchrun(2, path("logs"),
                                  QStringList{QStringLiteral("detect"), QStringLiteral("--out"), path("two.json"), QStringLiteral("--json")} + common);
        QVERIFY2(dist.code == 0, qPrintable(describe(dist)));
        QVERIFY(!testutil::readJson(path("one.json").toStdString()).empty());
        QVERIFY(bytesOf(path("one.json")) == bytesOf(path("two.json")));
    }

    // A run killed after two batches (as by kill -9) leaves its partial results; the next run
    // takes them and builds the same cache.
    void interruptedCacheBuildResumes()
    {
        const QStringList args = QStringList{QStringLiteral("evaluate"), QStringLiteral("--cache"), path("resumed.cache"),
                                             QStringLiteral("--json")} + modelArgs(QStringLiteral("ssd_small"));
        const Run whole = cli(QStringList{QStringLiteral("evaluate"), QStringLiteral("--cache"), path("whole.cache")}
                              + modelArgs(QStringLiteral("ssd_small")));
        QVERIFY2(whole.code == 0, qPrintable(describe(whole)));
        const Run killed = cli(args, {{QStringLiteral("ANCHORSCOPE_TEST_KILL_AFTER_BATCHES"), QStringLiteral("2")}});
        QVERIFY(killed.crashed);
        QVERIFY(!QFile::exists(path("resumed.cache")));
        QVERIFY(QFile::exists(path("resumed.cache.partial.0")));
        const Run again = cli(args);
        QVERIFY2(again.code == 0, qPrintable(describe(again)));
        const json j = again.lastJson();
        QCOMPARE(j["resumed_images"].get<int>(), 8);
        QCOMPARE(j["images"].get<int>(), 14);
        QVERIFY(bytesOf(path("whole.cache")) == bytesOf(path("resumed.cache")));
        QVERIFY(!QFile::exists(path("resumed.cache.partial.0")));
    }

    // Ranks started by hand (torchrun's agent would kill the survivors itself): rank 1 dies
    // after one batch, rank 0 stops with a clear error well within --dist-timeout; both
    // started again resume from the partial files and build the single run's cache.
    void deadRankStopsTheOtherAndTheRestartResumes()
    {
        const QString cache = path("hand.cache");
        const QStringList args = QStringList{QStringLiteral("evaluate"), QStringLiteral("--cache"), cache, QStringLiteral("--json"),
                                             QStringLiteral("--dist-timeout"), QStringLiteral("60")}
                                 + modelArgs(QStringLiteral("ssd_small"));
        int port = freePort();
        const auto t0 = std::chrono::steady_clock::now();
        QProcess* r0 = start(QStringLiteral(ANCHORSCOPE_CLI), args, rankEnv(0, port));
        QMap<QString, QString> dying = rankEnv(1, port);
        dying.insert(QStringLiteral("ANCHORSCOPE_TEST_KILL_AFTER_BATCHES"), QStringLiteral("1"));
        const Run died = finish(start(QStringLiteral(ANCHORSCOPE_CLI), args, dying));
        QVERIFY(died.crashed);
        const Run survivor = finish(r0, t0);
        QCOMPARE(survivor.code, 1);
        QVERIFY2(survivor.err.contains(QStringLiteral("rank 0 of 2")) && survivor.err.contains(QStringLiteral("another rank stopped")),
                 qPrintable(survivor.err));
        QVERIFY2(survivor.seconds < 60, qPrintable(QString::number(survivor.seconds)));
        QVERIFY(!QFile::exists(cache));

        port = freePort();
        QProcess* a = start(QStringLiteral(ANCHORSCOPE_CLI), args, rankEnv(0, port));
        QProcess* b = start(QStringLiteral(ANCHORSCOPE_CLI), args, rankEnv(1, port));
        const Run ra = finish(a), rb = finish(b);
        QVERIFY2(ra.code == 0, qPrintable(describe(ra)));
        QVERIFY2(rb.code == 0, qPrintable(describe(rb)));
        QCOMPARE(rb.lastJson()["resumed_images"].get<int>(), 4);
        QVERIFY(bytesOf(path("whole.cache")) == bytesOf(cache));
    }

    // DistributedDataParallel semantics: with augmentation off and BatchNorm frozen, 2 ranks ×
    // batch 2 follow 1 process × batch 4 step for step (22 images: both end on a short
    // batch); the package loads and evaluates. A moderate learning rate: float32 sums over
    // one batch of 4 and two of 2 differ in the last bits (1e-7 after an epoch), and at
    // lr 0.01 hard-negative mining turns near-ties into different choices, which SGD
    // amplifies to 2e-5 within two epochs — as any change of summation order would.
    void trainingFollowsOneProcess()
    {
        const Run base = cli({QStringLiteral("train"), QStringLiteral("--data"), smallData_, QStringLiteral("--epochs"), QStringLiteral("1"),
                              QStringLiteral("--batch"), QStringLiteral("8"), QStringLiteral("--no-augment"), QStringLiteral("--out"), path("base.aspt")});
        QVERIFY2(base.code == 0, qPrintable(describe(base)));
        const QStringList common{QStringLiteral("train"), QStringLiteral("--from"), path("base.aspt"), QStringLiteral("--data"), smallData_,
                                 QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--lr"), QStringLiteral("0.002"),
                                 QStringLiteral("--warmup"), QStringLiteral("0.5"), QStringLiteral("--no-augment"), QStringLiteral("--freeze-bn"),
                                 QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--json")};
        const Run one = cli(common + QStringList{QStringLiteral("--batch"), QStringLiteral("4"), QStringLiteral("--out"), path("one.aspt")});
        QVERIFY2(one.code == 0, qPrintable(describe(one)));
        const Run two = torchrun(2, path("logs"), common + QStringList{QStringLiteral("--batch"), QStringLiteral("2"), QStringLiteral("--out"), path("two.aspt")});
        QVERIFY2(two.code == 0, qPrintable(describe(two)));
        const json a = one.lastJson();
        int steps = 0;
        for (const json& rank : two.jsonLines()) {
            QCOMPARE(rank["world_size"].get<int>(), 2);
            QCOMPARE(rank.contains("out"), rank["rank"] == 0); // rank 0 writes
            for (size_t e = 0; e < 3; ++e) {
                const json& want = a["epochs"][e]["step_losses"];
                const json& got = rank["epochs"][e]["step_losses"];
                QCOMPARE(got.size(), want.size());
                QCOMPARE(rank["epochs"][e]["images"].get<int>(), 11);
                for (size_t k = 0; k < want.size(); ++k) {
                    const double w = want[k], g = got[k];
                    QVERIFY2(std::fabs(g - w) <= 1e-5 * std::max(1.0, std::fabs(w)),
                             qPrintable(QStringLiteral("epoch %1 step %2: %3 vs %4").arg(e + 1).arg(k).arg(g, 0, 'g', 10).arg(w, 0, 'g', 10)));
                    ++steps;
                }
            }
        }
        QCOMPARE(steps, 2 * 18);
        qInfo("weights differ by %.3g at most", maxWeightDifference(path("one.aspt"), path("two.aspt")));
        QVERIFY(maxWeightDifference(path("one.aspt"), path("two.aspt")) <= 1e-5);
        QVERIFY(maxWeightDifference(path("one.aspt"), path("base.aspt")) > 1e-3); // it did train
        const Run ev = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), path("two.aspt"), QStringLiteral("--data"), smallData_,
                            QStringLiteral("--json")});
        QVERIFY2(ev.code == 0 && ev.lastJson().contains("AP"), qPrintable(describe(ev)));
    }

    // A rank that dies mid-training (started by hand: torchrun's agent would kill the other
    // itself) stops the other with a clear error within --dist-timeout; both restarted with
    // --resume continue from rank 0's checkpoint and end where the uninterrupted run ended.
    void deadRankStopsTrainingAndTheRestartResumes()
    {
        QVERIFY(QFile::exists(path("two.aspt")));
        const QStringList args{QStringLiteral("train"), QStringLiteral("--from"), path("base.aspt"), QStringLiteral("--data"), smallData_,
                               QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--lr"), QStringLiteral("0.002"),
                               QStringLiteral("--warmup"), QStringLiteral("0.5"), QStringLiteral("--no-augment"), QStringLiteral("--freeze-bn"),
                               QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--json"), QStringLiteral("--batch"), QStringLiteral("2"),
                               QStringLiteral("--checkpoint"), path("ck"), QStringLiteral("--dist-timeout"), QStringLiteral("60"),
                               QStringLiteral("--out"), path("resumed.aspt")};
        int port = freePort();
        const auto t0 = std::chrono::steady_clock::now();
        QProcess* r0 = start(QStringLiteral(ANCHORSCOPE_CLI), args, rankEnv(0, port));
        QMap<QString, QString> dying = rankEnv(1, port);
        dying.insert(QStringLiteral("ANCHORSCOPE_TEST_KILL_AFTER_STEPS"), QStringLiteral("8")); // in epoch 2
        const Run died = finish(start(QStringLiteral(ANCHORSCOPE_CLI), args, dying));
        QVERIFY(died.crashed);
        const Run survivor = finish(r0, t0);
        QCOMPARE(survivor.code, 1);
        QVERIFY2(survivor.err.contains(QStringLiteral("another rank stopped")), qPrintable(survivor.err));
        QVERIFY2(survivor.seconds < 60, qPrintable(QString::number(survivor.seconds)));
        QVERIFY(!QFile::exists(path("resumed.aspt")) && QFile::exists(path("ck.aspt")));

        port = freePort();
        const QStringList again = args + QStringList{QStringLiteral("--resume")};
        QProcess* a = start(QStringLiteral(ANCHORSCOPE_CLI), again, rankEnv(0, port));
        QProcess* b = start(QStringLiteral(ANCHORSCOPE_CLI), again, rankEnv(1, port));
        const Run ra = finish(a), rb = finish(b);
        QVERIFY2(ra.code == 0, qPrintable(describe(ra)));
        QVERIFY2(rb.code == 0, qPrintable(describe(rb)));
        QCOMPARE(ra.lastJson()["epochs"].size(), size_t(2)); // epochs 2 and 3
        QVERIFY(maxWeightDifference(path("resumed.aspt"), path("two.aspt")) <= 1e-5);
    }

    // The window's "Run on a cluster…" command, run here as written (one node, 2 processes,
    // cpu): retrains the project's selected configuration under torchrun; rank 0 writes the
    // model. The Slurm script has the multi-node rendezvous and resumes after a requeue.
    void clusterCommandRunsAsWritten()
    {
        Project p;
        p.model = fingerprintFile(path("base.aspt").toStdString());
        p.annotations = fingerprintFile(smallData_.toStdString());
        p.selectedRemoved = {1, 4};
        const QString project = path("cluster.asproj");
        p.save(project.toStdString());
        ClusterJob job;
        job.cli = ANCHORSCOPE_CLI;
        job.project = project.toStdString();
        job.trainData = smallData_.toStdString();
        job.output = path("cluster out.aspt").toStdString(); // a space: the command quotes it
        job.epochs = 1;
        job.batchPerRank = 4;
        job.processesPerNode = 2;
        job.device = "cpu";
        const std::string command = torchrunCommand(job);
        QVERIFY(command.find("--standalone") != std::string::npos && command.find("'") != std::string::npos);
        const Run r = finish(start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QString::fromStdString(command)}));
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
        const std::vector<json> lines = r.jsonLines();
        QCOMPARE(int(lines.size()), 2);
        for (const json& j : lines) {
            QCOMPARE(j["world_size"].get<int>(), 2);
            QCOMPARE(j["removed"], json({1, 4}));
            QCOMPARE(j["images"].get<int>(), 11);
        }
        const Detector out = Detector::load(job.output);
        QCOMPARE(out.meta().anchors.numAnchors(), Detector::load(path("base.aspt").toStdString()).meta().anchors.numAnchors() - 2);

        job.nodes = 4;
        job.device = "cuda";
        const std::string script = slurmScript(job);
        for (const char* want : {"#SBATCH --nodes=4", "#SBATCH --gpus-per-node=2", "--nnodes=4", "--rdzv_backend=c10d",
                                 "--rdzv_endpoint=$MASTER_ADDR:29500", "--device cuda", "$RESUME", "--requeue"})
            QVERIFY2(script.find(want) != std::string::npos, want);
        QVERIFY(torchrunCommand(job).find("--nnodes=4") != std::string::npos);
    }

    void badEnvironmentAndDevice()
    {
        const QStringList args = QStringList{QStringLiteral("evaluate")} + modelArgs(QStringLiteral("ssd_small"));
        Run r = cli(args, {{QStringLiteral("RANK"), QStringLiteral("0")}});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("RANK and WORLD_SIZE must be set together")), qPrintable(r.err));
        r = cli(args, {{QStringLiteral("RANK"), QStringLiteral("2")}, {QStringLiteral("WORLD_SIZE"), QStringLiteral("2")}});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("not below WORLD_SIZE")), qPrintable(r.err));
        r = cli(args + QStringList{QStringLiteral("--device"), QStringLiteral("tpu")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("unknown device")), qPrintable(r.err));
    }

    // CUDA: on a CPU-only LibTorch (Debian's) a clear message; on a CUDA LibTorch without a
    // GPU another one, and the rows are skipped saying so; with a GPU, evaluation and
    // detection on cuda give the CPU's results.
    void cudaRows()
    {
        const QStringList args = QStringList{QStringLiteral("evaluate")} + modelArgs(QStringLiteral("ssd_small"))
                                 + QStringList{QStringLiteral("--json")};
        const QStringList onCuda{QStringLiteral("--device"), QStringLiteral("cuda")};
        Run r = cli(args + onCuda);
        if (!cudaInBuild()) {
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(QStringLiteral("this build's LibTorch has no CUDA")), qPrintable(r.err));
            return;
        }
        if (!cudaAvailable()) {
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(QStringLiteral("no GPU")), qPrintable(r.err));
            QSKIP("this LibTorch has CUDA but the machine has no GPU: the CUDA rows need one");
        }
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
        const Run cpu = cli(args);
        QVERIFY2(cpu.code == 0, qPrintable(describe(cpu)));
        const json a = json::parse(r.out.toStdString()), b = json::parse(cpu.out.toStdString());
        for (const char* k : {"AP", "AP50", "AR100"})
            QVERIFY2(std::fabs(a[k].get<double>() - b[k].get<double>()) <= 1e-4, k);
        QCOMPARE(a["num_detections"], b["num_detections"]);
        r = cli(args + QStringList{QStringLiteral("--device"), QStringLiteral("cuda:99")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("GPU(s)")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
