// SPDX-License-Identifier: GPL-3.0-or-later
// Bad input and lost data (issue #10). Every row of docs/bad-inputs.md is a scenario here:
// the file is damaged the way the row says, the user's path is driven (mostly the CLI, as a
// child process), and the message the user sees must contain the row's text — and a
// scenario without a row, or a row without a scenario, fails. Then every kind of file the
// application writes is written by a process that is killed halfway: the old file survives.
#include "test_util.h"

#include "data/shapes.h"
#include "models/detector.h"
#include "models/detector_impl.h"
#include "project/project.h"
#include "prune/prediction_cache.h"
#include "util/atomic_file.h"

#include <QRegularExpression>
#include <QSettings>

#include <csignal>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace anchorscope;

namespace {

using Run = testutil::CliRun;

// How the child process is started: as another user (an unreadable directory must be
// unreadable even when the tests run as root), with a file-size limit (a full disk), or
// with the kill-after-bytes fault injection of writeFileAtomically.
struct ChildSetup {
    bool asNobody = false;
    long fileSizeLimit = -1;
    long long killAfterBytes = -1;
};

Run cli(const QStringList& args, const ChildSetup& setup = {})
{
    testutil::CliSetup child;
    if (setup.killAfterBytes >= 0)
        child.env.insert(QStringLiteral("ANCHORSCOPE_TEST_KILL_AFTER_BYTES"), QString::number(setup.killAfterBytes));
    child.childModifier = [setup]() {
        if (setup.fileSizeLimit >= 0) {
            const rlimit lim{rlim_t(setup.fileSizeLimit), rlim_t(setup.fileSizeLimit)};
            ::setrlimit(RLIMIT_FSIZE, &lim);
        }
        if (setup.asNobody && ::geteuid() == 0) {
            if (::setgid(65534) != 0 || ::setuid(65534) != 0)
                ::_exit(111);
        }
    };
    return testutil::runCli(args, child);
}

// The message a user of the CLI reads: stderr without the "anchorscope-cli CMD: error: "
// prefix. A crash or a success is not a message.
QString failureMessage(const Run& r)
{
    if (r.crashed)
        return QStringLiteral("<crashed>");
    if (r.code == 0)
        return QStringLiteral("<succeeded>");
    if (r.code != 1)
        return QStringLiteral("<exit code %1> ").arg(r.code) + r.err;
    static const QRegularExpression prefix(QStringLiteral("^anchorscope-cli [a-z-]+: error: "),
                                           QRegularExpression::MultilineOption);
    QString msg = r.err.trimmed();
    const QRegularExpressionMatch m = prefix.match(msg);
    return m.hasMatch() ? msg.mid(m.capturedEnd()) : msg;
}

QString caught(const std::function<void()>& f)
{
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        return QStringLiteral("<not an InputError> ") + QString::fromStdString(e.what());
    }
    return QStringLiteral("<succeeded>");
}

std::string bytesOf(const QString& path) { return readWholeFile(path.toStdString()); }

const std::vector<ClassInfo> kShapes{{"bg", -1}, {"square", 1}, {"bar", 2}, {"ellipse", 3}, {"triangle", 4}, {"ring", 5}};

// One row of docs/bad-inputs.md: | `id` | case | `message` |
struct Row {
    QString id, message;
};

QList<Row> documentedRows()
{
    const QString doc = QString::fromStdString(testutil::readText(ANCHORSCOPE_SOURCE_DIR "/docs/bad-inputs.md"));
    static const QRegularExpression row(QStringLiteral("^\\| `([a-z0-9-]+)` \\|[^|]*\\|[^`]*`([^`]+)`"),
                                        QRegularExpression::MultilineOption);
    QList<Row> rows;
    for (auto it = row.globalMatch(doc); it.hasNext();) {
        const auto m = it.next();
        rows.push_back({m.captured(1), m.captured(2)});
    }
    return rows;
}

} // namespace

class TestReliability : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_, model_, cache_, search_;
    std::map<QString, std::function<QString()>> scenarios_;

    QString path(const char* name) const { return dir_.filePath(QString::fromLatin1(name)); }
    QString write(const char* name, const std::string& content) const
    {
        const QString p = path(name);
        QDir().mkpath(QFileInfo(p).absolutePath());
        testutil::writeText(p.toStdString(), content);
        return p;
    }
    QString cut(const char* name, const QString& from, double share) const
    {
        const std::string b = bytesOf(from);
        return write(name, b.substr(0, size_t(double(b.size()) * share)));
    }
    static QStringList args(std::initializer_list<const char*> a, std::initializer_list<QString> paths = {})
    {
        QStringList out;
        for (const char* s : a)
            out << QString::fromLatin1(s);
        for (const QString& p : paths)
            out << p;
        return out;
    }
    // "cmd --opt" pairs built from literal options and the paths that follow them.
    static QString run(const QStringList& a, const ChildSetup& s = {}) { return failureMessage(cli(a, s)); }

    void addScenarios();

private Q_SLOTS:
    void initTestCase()
    {
        configureThreads(2);
        // The chmod-based cases run as "nobody" under root: the folder must be reachable.
        QFile::setPermissions(dir_.path(), QFileDevice::Permissions(0x7755));
        ShapesOptions so;
        so.numImages = 4;
        so.size = 96;
        so.seed = 7;
        generateShapesDataset(testutil::tempPath(dir_, "data"), so);
        data_ = path("data/annotations.json");
        AnchorSet anchors = anchorPreset("ssd_small", 96, 96);
        for (auto& L : anchors.levels)
            L.anchors.resize(2);
        Detector m = Detector::createNative("ssd_small", anchors, kShapes, 5);
        m.mutableMeta().inputH = m.mutableMeta().inputW = 96;
        m.mutableMeta().postprocess.scoreThreshold = 0.15f;
        model_ = path("model.aspt");
        m.save(model_.toStdString());
        cache_ = path("good.cache");
        Run r = cli(args({"evaluate", "--model"}, {model_}) << QStringLiteral("--data") << data_ << QStringLiteral("--cache") << cache_);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        search_ = path("good-search.json");
        r = cli(QStringList{QStringLiteral("search"), QStringLiteral("--cache"), cache_, QStringLiteral("--strategy"),
                            QStringLiteral("greedy"), QStringLiteral("--max-evaluations"), QStringLiteral("4"),
                            QStringLiteral("--out"), search_});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        addScenarios();
    }

    // Each documented row's scenario fails with exit code 1 and a message containing the
    // documented text; nothing crashes.
    void documentedBadInputs_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("message");
        const QList<Row> rows = documentedRows();
        QVERIFY(rows.size() >= 30);
        for (const Row& r : rows)
            QTest::newRow(qPrintable(r.id)) << r.id << r.message;
    }
    void documentedBadInputs()
    {
        QFETCH(QString, id);
        QFETCH(QString, message);
        const auto it = scenarios_.find(id);
        QVERIFY2(it != scenarios_.end(), qPrintable(QStringLiteral("no scenario for documented case ") + id));
        const QString seen = it->second();
        if (qEnvironmentVariableIsSet("ANCHORSCOPE_PRINT_MESSAGES"))
            qInfo().noquote() << id << "→" << seen;
        // A crash, a success, an exit code other than 1 or an exception that is not an
        // InputError is a failure even when its stderr happens to hold the text.
        QVERIFY2(!seen.startsWith(QLatin1Char('<')), qPrintable(QStringLiteral("%1: %2").arg(id, seen)));
        QVERIFY2(seen.contains(message), qPrintable(QStringLiteral("%1: message '%2' lacks '%3'").arg(id, seen, message)));
    }
    void everyScenarioIsDocumented()
    {
        QSet<QString> documented;
        for (const Row& r : documentedRows())
            documented.insert(r.id);
        for (const auto& [id, f] : scenarios_)
            QVERIFY2(documented.contains(id), qPrintable(QStringLiteral("scenario %1 has no row in docs/bad-inputs.md").arg(id)));
    }

    // Every kind of file is written over an existing one by a process killed halfway
    // through the write: the process dies of SIGKILL and the old file is byte-identical.
    void killedWritesKeepTheOldFile_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QStringList>("command");
        const QString cacheOut = path("kill/out.cache"), modelOut = path("kill/pruned.aspt"), exportOut = path("kill/export.pt"),
                      searchOut = path("kill/search.json"), detOut = path("kill/detections.json"),
                      dataOut = path("kill/converted.json"), trained = path("kill/trained.aspt");
        QDir().mkpath(path("kill"));
        auto s = [](const char* v) { return QString::fromLatin1(v); };
        QTest::newRow("prediction cache") << cacheOut
            << QStringList{s("evaluate"), s("--model"), model_, s("--data"), data_, s("--cache"), cacheOut};
        QTest::newRow("pruned model") << modelOut << QStringList{s("prune"), s("--model"), model_, s("--remove"), s("1"), s("--out"), modelOut};
        QTest::newRow("exported model") << exportOut
            << QStringList{s("export"), s("--model"), model_, s("--format"), s("end2end"), s("--out"), exportOut};
        QTest::newRow("search results") << searchOut
            << QStringList{s("search"), s("--cache"), cache_, s("--strategy"), s("greedy"), s("--max-evaluations"), s("3"), s("--out"), searchOut};
        QTest::newRow("detections") << detOut << QStringList{s("detect"), s("--model"), model_, s("--data"), data_, s("--out"), detOut};
        QTest::newRow("dataset") << dataOut << QStringList{s("convert-dataset"), s("--data"), data_, s("--out"), dataOut};
        QTest::newRow("trained model") << trained
            << QStringList{s("retrain"), s("--model"), model_, s("--data"), data_, s("--epochs"), s("1"), s("--out"), trained};
    }
    void killedWritesKeepTheOldFile()
    {
        QFETCH(QString, target);
        QFETCH(QStringList, command);
        // A first, complete write; its bytes are what must survive.
        const std::string old = "the previous file, which an interrupted write must not destroy\n";
        testutil::writeText(target.toStdString(), old);
        const Run complete = cli(command);
        QVERIFY2(complete.code == 0, qPrintable(complete.err));
        const std::string written = bytesOf(target);
        QVERIFY(written.size() > 16);
        testutil::writeText(target.toStdString(), old);
        ChildSetup killAt;
        killAt.killAfterBytes = (long long)(written.size() / 2);
        const Run killed = cli(command, killAt);
        QVERIFY2(killed.crashed, "the write did not go through writeFileAtomically (the process was not killed)");
        QCOMPARE(bytesOf(target), old);
    }

    // The project file, written by the window through core (killed in a forked child).
    void killedProjectSaveKeepsTheOldProject()
    {
        const std::string file = path("kill/p.asproj").toStdString();
        Project p;
        p.model.path = model_.toStdString();
        p.annotations.path = data_.toStdString();
        p.save(file);
        const std::string old = readWholeFile(file);
        p.selectedRemoved = {1, 2, 3};
        p.layout["note"] = std::string(100000, 'x');
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::setenv("ANCHORSCOPE_TEST_KILL_AFTER_BYTES", "5000", 1);
            p.save(file);
            ::_exit(0); // not reached
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        QCOMPARE(readWholeFile(file), old);
        QCOMPARE(Project::load(file).selectedRemoved, std::vector<int>{});
    }

    // Settings are QSettings (written by Qt through QSaveFile): a writer killed at random
    // moments while it rewrites a large value leaves either the old or the new value.
    void killedSettingsWriteKeepsASetting()
    {
        const QString ini = path("kill/settings.ini");
        {
            QSettings s(ini, QSettings::IniFormat);
            s.setValue(QStringLiteral("big"), QString(200000, QLatin1Char('a')));
        }
        for (int attempt = 0; attempt < 8; ++attempt) {
            const pid_t pid = ::fork();
            if (pid == 0) {
                for (int i = 0;; ++i) {
                    QSettings s(ini, QSettings::IniFormat);
                    s.setValue(QStringLiteral("big"), QString(200000, QLatin1Char(i % 2 ? 'a' : 'b')));
                    s.sync();
                }
            }
            ::usleep(useconds_t(3000 + attempt * 7000));
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            QSettings s(ini, QSettings::IniFormat);
            const QString v = s.value(QStringLiteral("big")).toString();
            QCOMPARE(v.size(), 200000);
            QVERIFY(v == QString(200000, QLatin1Char('a')) || v == QString(200000, QLatin1Char('b')));
        }
    }
};

void TestReliability::addScenarios()
{
    auto& S = scenarios_;
    const QString out = path("out/x.json");
    QDir().mkpath(path("out"));
    auto convert = [out](const QString& data, const char* format = "auto") {
        return run({QStringLiteral("convert-dataset"), QStringLiteral("--data"), data, QStringLiteral("--format"),
                    QString::fromLatin1(format), QStringLiteral("--out"), out});
    };
    auto validate = [](const QString& model) { return run({QStringLiteral("validate"), QStringLiteral("--model"), model}); };
    auto evaluate = [this](const QString& model, const QString& data) {
        return run({QStringLiteral("evaluate"), QStringLiteral("--model"), model, QStringLiteral("--data"), data});
    };
    auto search = [this](const QString& cache, const QStringList& extra = {}) {
        return run(QStringList{QStringLiteral("search"), QStringLiteral("--cache"), cache, QStringLiteral("--strategy"),
                               QStringLiteral("greedy"), QStringLiteral("--max-evaluations"), QStringLiteral("3"),
                               QStringLiteral("--out"), path("out/s.json")}
                   + extra);
    };

    // Datasets.
    S["coco-truncated"] = [=] { return convert(cut("bad/truncated.json", data_, 0.5)); };
    S["coco-not-json"] = [=] { return convert(write("bad/text.json", "images: none\n")); };
    S["coco-empty-file"] = [=] { return convert(write("bad/empty.json", "")); };
    S["coco-wrong-type"] = [=] {
        return convert(write("bad/wrongtype.json", R"({"images": {"id": 1}, "annotations": [], "categories": []})"));
    };
    S["coco-unknown-image"] = [=] {
        return convert(write("bad/unknown.json", R"({"images": [{"id": 1, "width": 8, "height": 8, "file_name": "a.png"}],
            "categories": [{"id": 1, "name": "a"}],
            "annotations": [{"id": 1, "image_id": 2, "category_id": 1, "bbox": [0, 0, 1, 1]}]})"));
    };
    S["coco-huge-number"] = [=] {
        return convert(write("bad/huge.json", R"({"images": [{"id": 1e999, "width": 8, "height": 8}]})"));
    };
    S["results-malformed"] = [=] {
        return run({QStringLiteral("eval-detections"), QStringLiteral("--gt"), data_, QStringLiteral("--dt"),
                    write("bad/results.json", R"([{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1], "score": 0.5}])")});
    };
    S["results-unknown-image"] = [=] {
        return run({QStringLiteral("eval-detections"), QStringLiteral("--gt"), data_, QStringLiteral("--dt"),
                    write("bad/results2.json", R"([{"image_id": 999, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 0.5}])")});
    };
    S["voc-malformed"] = [=] {
        write("voc/Annotations/a.xml", "<annotation><filename>a.png</filename><size><width>8</width>");
        return convert(path("voc"), "voc");
    };
    S["voc-bad-box"] = [=] {
        write("voc2/Annotations/a.xml", "<annotation><filename>a.png</filename><size><width>8</width><height>8</height>"
                                        "</size><object><name>x</name><bndbox><xmin>1</xmin><ymin>one</ymin>"
                                        "<xmax>3</xmax><ymax>4</ymax></bndbox></object></annotation>");
        return convert(path("voc2"), "voc");
    };
    auto yolo = [=](const char* root, const std::string& labels, const std::string& classes) {
        const std::string r = std::string(root);
        const QString img = dir_.filePath(QString::fromStdString(r + "/images/a.png"));
        QDir().mkpath(QFileInfo(img).absolutePath());
        QFile::copy(path("data/images/") + QDir(path("data/images")).entryList(QDir::Files).front(), img);
        write((r + "/labels/a.txt").c_str(), labels);
        if (!classes.empty())
            write((r + "/classes.txt").c_str(), classes);
        return convert(path(root), "yolo");
    };
    S["yolo-short-line"] = [=] { return yolo("yolo1", "0 0.5 0.5 0.2\n", "a\nb\n"); };
    S["yolo-unknown-class"] = [=] { return yolo("yolo2", "7 0.5 0.5 0.2 0.2\n", "a\nb\n"); };
    S["yolo-no-class-names"] = [=] { return yolo("yolo3", "0 0.5 0.5 0.2 0.2\n", ""); };
    S["missing-images"] = [=] {
        std::string j = bytesOf(data_);
        const QString p = path("moved/annotations.json");
        QDir().mkpath(path("moved"));
        testutil::writeText(p.toStdString(), j);
        return evaluate(model_, p);
    };
    S["empty-dataset"] = [=] {
        return evaluate(model_, write("bad/noimages.json", R"({"images": [], "annotations": [], "categories": [{"id": 1, "name": "square"}]})"));
    };
    S["no-ground-truth"] = [=] {
        nlohmann::json j = testutil::readJson(data_.toStdString());
        j["annotations"] = nlohmann::json::array();
        return evaluate(model_, write("data/nogt.json", j.dump()));
    };

    // Models.
    S["model-classes-mismatch"] = [=] {
        Detector m = Detector::load(model_.toStdString());
        for (auto& c : m.mutableMeta().classes) // neither names nor ids fit the dataset
            if (c.categoryId > 0) {
                c.categoryId += 100;
                c.name = "foreign_" + c.name;
            }
        const QString p = path("bad/foreign.aspt");
        m.save(p.toStdString());
        return evaluate(p, data_);
    };
    S["model-not-a-zip"] = [=] { return validate(write("bad/text.aspt", "this is not a model")); };
    S["model-truncated"] = [=] { return validate(cut("bad/cut.aspt", model_, 0.6)); };
    S["model-no-metadata"] = [=] {
        const Detector m = Detector::load(model_.toStdString());
        const QString p = path("bad/plain.pt");
        m.impl().module.save(p.toStdString());
        return validate(p);
    };
    S["model-bad-metadata"] = [=] {
        const Detector m = Detector::load(model_.toStdString());
        const QString p = path("bad/badmeta.aspt");
        m.impl().module.save(p.toStdString(), {{"anchorscope.json", R"({"format_version": 1, "architecture": "ssd_small"})"}});
        return validate(p);
    };
    S["anchors-do-not-fit-head"] = [=] {
        const Detector m = Detector::load(model_.toStdString());
        ModelMeta meta = m.meta();
        meta.anchors = meta.anchors.without({0});
        const QString p = path("bad/mismatch.aspt");
        m.impl().module.save(p.toStdString(), {{"anchorscope.json", meta.toJson().dump()}});
        return validate(p);
    };
    S["nan-weights"] = [=] {
        Detector m = Detector::load(model_.toStdString());
        m.impl().module.attr("cls_0").toModule().attr("bias").toTensor().data().index_put_({0}, std::nanf(""));
        const QString p = path("bad/nan.aspt");
        m.save(p.toStdString());
        return validate(p);
    };
    S["inf-weights"] = [=] {
        Detector m = Detector::load(model_.toStdString());
        m.impl().module.attr("reg_1").toModule().attr("weight").toTensor().data().fill_(INFINITY);
        const QString p = path("bad/inf.aspt");
        m.save(p.toStdString());
        return validate(p);
    };

    // Caches and search results.
    S["cache-truncated"] = [=] { return search(cut("bad/cut.cache", cache_, 0.7)); };
    S["cache-corrupted"] = [=] {
        std::string b = bytesOf(cache_);
        b[b.size() / 2] = char(b[b.size() / 2] ^ 0x5a);
        return search(write("bad/flipped.cache", b));
    };
    S["cache-inconsistent"] = [=] {
        // Checksum right, content wrong: a candidate claims a level its anchor is not on.
        PredictionCache c = PredictionCache::load(cache_.toStdString());
        if (c.candidates.size() == 0)
            return QStringLiteral("<the test cache has no candidates>");
        c.candidates.level[0] = int16_t((c.candidates.level[0] + 1) % c.meta.anchors.numLevels());
        const QString p = path("bad/inconsistent.cache");
        c.save(p.toStdString());
        return search(p);
    };
    S["cache-not-a-cache"] = [=] { return search(data_); };
    S["cache-older-format"] = [=] {
        // Format 1 (before run settings and tie rules were recorded), checksum intact.
        std::string b = bytesOf(cache_);
        const uint32_t one = 1;
        std::memcpy(&b[8], &one, 4);
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i + 8 < b.size(); ++i) {
            h ^= static_cast<unsigned char>(b[i]);
            h *= 1099511628211ull;
        }
        std::memcpy(&b[b.size() - 8], &h, 8);
        return search(write("bad/format1.cache", b));
    };
    S["cache-other-model"] = [=] {
        // A second model's cache, and the first one's search resumed on it.
        Detector other = Detector::createNative("ssd_small", Detector::load(model_.toStdString()).meta().anchors, kShapes, 9);
        other.mutableMeta().inputH = other.mutableMeta().inputW = 96;
        other.mutableMeta().postprocess.scoreThreshold = 0.15f;
        const QString m = path("bad/other.aspt"), c = path("bad/other.cache");
        other.save(m.toStdString());
        run({QStringLiteral("evaluate"), QStringLiteral("--model"), m, QStringLiteral("--data"), data_, QStringLiteral("--cache"), c});
        return search(c, {QStringLiteral("--resume"), search_});
    };
    S["search-result-malformed"] = [=] {
        return search(cache_, {QStringLiteral("--resume"), write("bad/search.json", R"({"strategy": "greedy", "nodes": 3})")});
    };
    S["latency-model-malformed"] = [=] {
        return search(cache_, {QStringLiteral("--latency-model"), write("bad/latency.json", R"({"a_ms": "fast"})")});
    };

    // Projects (read by the window through core).
    S["project-not-json"] = [=] { return caught([=] { Project::load(write("bad/p1.asproj", "{\"format\": ").toStdString()); }); };
    S["project-not-a-project"] = [=] { return caught([=] { Project::load(data_.toStdString()); }); };
    S["project-newer-version"] = [=] {
        return caught([=] {
            Project::load(write("bad/p2.asproj", R"({"format": "anchorscope-project", "version": 99, "model": {"path": "m"}})").toStdString());
        });
    };

    // The machine.
    S["disk-full"] = [=] {
        // A file-size limit makes every write past 64 KiB fail as on a full disk; the previous
        // cache must be intact afterwards.
        const QString c = path("full/cache.cache");
        QDir().mkpath(path("full"));
        QFile::copy(cache_, c);
        const std::string before = bytesOf(c);
        ChildSetup limit;
        limit.fileSizeLimit = 64 * 1024;
        const QString msg = run({QStringLiteral("evaluate"), QStringLiteral("--model"), model_, QStringLiteral("--data"), data_,
                                 QStringLiteral("--cache"), c, QStringLiteral("--threshold"), QStringLiteral("0.01")},
                                limit);
        if (bytesOf(c) != before)
            return QStringLiteral("<the previous cache was changed> ") + msg;
        if (QDir(path("full")).entryList(QDir::Files | QDir::Hidden).size() != 1)
            return QStringLiteral("<a temporary file was left behind> ") + msg;
        return msg;
    };
    S["unreadable-directory"] = [=] {
        yolo("locked", "0 0.5 0.5 0.2 0.2\n", "a\n");
        QDir().mkpath(path("outbox"));
        QFile::setPermissions(path("outbox"), QFileDevice::Permissions(0x7777)); // writable for "nobody"
        QFile::setPermissions(path("locked/labels"), QFileDevice::Permissions());
        ChildSetup nobody;
        nobody.asNobody = true;
        const QString msg = run({QStringLiteral("convert-dataset"), QStringLiteral("--data"), path("locked"), QStringLiteral("--format"),
                                 QStringLiteral("yolo"), QStringLiteral("--out"), path("outbox/locked.json")},
                                nobody);
        QFile::setPermissions(path("locked/labels"), QFileDevice::Permissions(0x7755));
        return msg;
    };
    S["unwritable-directory"] = [=] {
        QDir().mkpath(path("readonly"));
        QFile::setPermissions(path("readonly"), QFileDevice::Permissions(0x5555));
        ChildSetup nobody;
        nobody.asNobody = true;
        const QString msg = run({QStringLiteral("convert-dataset"), QStringLiteral("--data"), data_, QStringLiteral("--out"),
                                 path("readonly/x.json")},
                                nobody);
        QFile::setPermissions(path("readonly"), QFileDevice::Permissions(0x7755));
        return msg;
    };
}

QTEST_GUILESS_MAIN(TestReliability)
#include "test_reliability.moc"
