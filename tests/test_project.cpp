// SPDX-License-Identifier: GPL-3.0-or-later
// Project files, label maps, search results on disk and per-image matching for the
// detections view.
#include "test_util.h"

#include "data/shapes.h"
#include "eval/image_matching.h"
#include "models/detector.h"
#include "models/inference.h"
#include "models/label_map.h"
#include "project/project.h"
#include "project/project_cache.h"
#include "project/session.h"
#include "prune/search.h"
#include "util/atomic_file.h"
#include "util/progress.h"
#include "util/random.h"

#include <filesystem>

using namespace anchorscope;
namespace fs = std::filesystem;

namespace {

Dataset fourCategories()
{
    Dataset ds;
    ds.source = "cats.json";
    ds.categories = {{1, "square", ""}, {2, "bar", ""}, {3, "ellipse", ""}, {10, "traffic light", ""}};
    ds.images = {{1, "a.png", 10, 10, ""}};
    ds.reindex();
    return ds;
}

ModelMeta metaWith(std::vector<ClassInfo> classes)
{
    ModelMeta m;
    m.classes = std::move(classes);
    m.numClasses = int(m.classes.size());
    m.postprocess.backgroundIndex = 0;
    return m;
}

Annotation box(int64_t id, int64_t cat, double x, double y, double w, double h, bool crowd = false)
{
    Annotation a;
    a.id = id;
    a.imageId = 1;
    a.categoryId = cat;
    a.x = x, a.y = y, a.w = w, a.h = h;
    a.area = w * h;
    a.iscrowd = crowd;
    return a;
}

DetectionRecord det(int64_t cat, double x, double y, double w, double h, double score)
{
    return {1, cat, x, y, w, h, score};
}

} // namespace

class TestProject : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void labelsMatchByNameThenId()
    {
        const Dataset ds = fourCategories();
        const ModelMeta meta = metaWith({{"__background__", -1},
                                         {"Square", 7},       // name, ignoring case
                                         {"bar", 2},          // exact name
                                         {"traffic_light", 99}, // name, ignoring '_' and space
                                         {"blob", 3},         // no name: id 3 is free → ellipse
                                         {"star", 1}});       // id 1 is taken by "Square" → none
        const LabelMap m = matchLabels(meta, ds);
        QCOMPARE(int(m.entries.size()), 5);
        const std::vector<std::pair<int64_t, std::string>> expected{{1, "name"}, {2, "name"}, {10, "name"}, {3, "id"}, {-1, "none"}};
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(m.entries[i].column, int(i) + 1);
            QCOMPARE(m.entries[i].datasetCategoryId, expected[i].first);
            QCOMPARE(m.entries[i].matchedBy, expected[i].second);
        }
        QCOMPARE(m.mappedCount(), 4);
        QVERIFY(m.unpredictedCategories(ds).empty());
        QCOMPARE(m.undecided().size(), size_t(1)); // "star"
    }

    // torchvision's K + 1 convention: a column named __background__ (or nothing) in a
    // sigmoid model is unused — matched to nothing, asked about by nobody, no warning;
    // a column that matches nothing is undecided: dropped with a warning.
    void unusedColumnsAreNotUndecided()
    {
        ModelMeta meta = metaWith({{"__background__", -1}, {"square", 1}, {"bar", 2}, {"", -1}, {"zebra", 77}});
        meta.postprocess.backgroundIndex = -1; // sigmoid: every column is a class column
        const Dataset ds = fourCategories();
        const LabelMap m = matchLabels(meta, ds);
        QCOMPARE(m.entries.size(), size_t(5));
        QCOMPARE(m.entries[0].matchedBy, std::string("unused"));
        QCOMPARE(m.entries[3].matchedBy, std::string("unused"));
        QCOMPARE(m.undecided().size(), size_t(1));
        QCOMPARE(m.undecided().front().modelClass, std::string("zebra"));
        const auto warnings = fitModelToDataset(meta, ds);
        QCOMPARE(warnings.size(), size_t(1));
        QVERIFY(warnings.front().find("'zebra' (column 4)") != std::string::npos);
        QCOMPARE(meta.categoryOfColumn(0), int64_t(-1));
        QCOMPARE(meta.categoryOfColumn(1), int64_t(1));
        QCOMPARE(LabelMap::fromJson(m.toJson()), m);
    }

    void labelMapRoundTripAndApply()
    {
        const Dataset ds = fourCategories();
        ModelMeta meta = metaWith({{"__background__", -1}, {"Square", 7}, {"bar", 2}, {"star", 1}});
        LabelMap m = matchLabels(meta, ds);
        m.assign(3, 3);
        QCOMPARE(m.entries[2].matchedBy, std::string("user"));
        QCOMPARE(LabelMap::fromJson(nlohmann::json::parse(m.toJson().dump())), m);
        EXPECT_INPUT_ERROR(m.assign(0, 1), "no class column 0");
        EXPECT_INPUT_ERROR(LabelMap::fromJson(nlohmann::json::parse(R"([{"column": 1}])")), "malformed label map");
        EXPECT_INPUT_ERROR(LabelMap::fromJson(nlohmann::json::object()), "array");
        QCOMPARE(m.unpredictedCategories(ds), (std::vector<int64_t>{10}));

        ModelMeta applied = meta;
        applyLabelMap(applied, m, ds);
        QCOMPARE(applied.classes[1].categoryId, int64_t(1));
        QCOMPARE(applied.classes[2].categoryId, int64_t(2));
        QCOMPARE(applied.classes[3].categoryId, int64_t(3));
        checkModelFitsDataset(applied, ds); // no throw

        LabelMap wrong = m;
        wrong.entries[0].modelClass = "circle";
        EXPECT_INPUT_ERROR(applyLabelMap(applied, wrong, ds), "another model");
        wrong = m;
        wrong.entries[1].datasetCategoryId = 42;
        EXPECT_INPUT_ERROR(applyLabelMap(applied, wrong, ds), "category id 42");
        wrong = m;
        wrong.entries.pop_back();
        EXPECT_INPUT_ERROR(applyLabelMap(applied, wrong, ds), "the model 3");
        for (auto& e : wrong.entries)
            e.datasetCategoryId = -1;
        wrong.entries.push_back(m.entries.back());
        wrong.entries.back().datasetCategoryId = -1;
        EXPECT_INPUT_ERROR(applyLabelMap(applied, wrong, ds), "no class of the model matches");
    }

    // A model whose ids are not the dataset's (as torchvision's 91-id COCO) is refused until
    // the label map maps it; then its detections carry the dataset's ids.
    void labelMapMakesAForeignModelFit()
    {
        ShapesOptions so;
        so.numImages = 2;
        so.size = 128;
        so.seed = 5;
        const Dataset ds = generateShapesDataset(testutil::tempPath(dir_, "shapes"), so);
        std::vector<ClassInfo> classes{{"__background__", -1}};
        for (const auto& c : ds.categories)
            classes.push_back({c.name, c.id + 100});
        Detector model = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes, 1);
        model.mutableMeta().postprocess.scoreThreshold = 0.0f;
        EXPECT_INPUT_ERROR(checkModelFitsDataset(model.meta(), ds), "category id 101");
        const LabelMap m = matchLabels(model.meta(), ds);
        QCOMPARE(m.mappedCount(), int(ds.categories.size()));
        applyLabelMap(model.mutableMeta(), m, ds);
        const auto dets = detectDataset(model, ds);
        QVERIFY(!dets.empty());
        for (const auto& d : dets)
            QVERIFY(ds.category(d.categoryId) != nullptr);
    }

    void projectRoundTrip()
    {
        const fs::path root = testutil::tempPath(dir_, "proj");
        fs::create_directories(root / "data/images");
        testutil::writeText((root / "model.aspt").string(), "model bytes");
        testutil::writeText((root / "data/annotations.json").string(), "{}");
        testutil::writeText((root / "search.cache").string(), "cache bytes");
        Project p;
        p.model = fingerprintFile((root / "model.aspt").string());
        p.annotations = fingerprintFile((root / "data/annotations.json").string());
        p.imagesDir = (root / "data/images").string();
        p.datasetFormat = "coco";
        p.cache = fingerprintFile((root / "search.cache").string());
        p.labelMap = matchLabels(metaWith({{"__background__", -1}, {"square", 1}}), fourCategories());
        p.settings.strategy = "greedy";
        p.settings.metric = AccuracyMetric::AP50;
        p.settings.objective = Objective::Boxes;
        p.settings.maxDrop = 0.02;
        p.settings.cacheThreshold = 0.05f;
        p.search = {{"strategy", "greedy"}, {"nodes", nlohmann::json::array()}};
        p.selectedRemoved = {1, 4, 9};
        p.selectedNode = 3;
        p.layout = {{"geometry", "AQID"}, {"splitter", "BAUG"}};
        testutil::writeText((root / "weights.pth").string(), "checkpoint bytes");
        p.modelSource = {fingerprintFile((root / "weights.pth").string()), "retinanet_resnet50_fpn",
                         {"__background__", "cat", "dog"}, 320, 480, false};
        QCOMPARE(p.model.size, int64_t(11));
        QCOMPARE(p.model.hash.size(), size_t(16));

        const std::string file = (root / "session.asproj").string();
        p.save(file);
        const nlohmann::json j = testutil::readJson(file);
        QCOMPARE(j["model"]["path"].get<std::string>(), std::string("model.aspt")); // relative
        QCOMPARE(j["dataset"]["images"].get<std::string>(), std::string("data/images"));
        QCOMPARE(j["model_source"]["checkpoint"]["path"].get<std::string>(), std::string("weights.pth"));
        // Typed settings keep the file's words (files of earlier versions open unchanged).
        QCOMPARE(j["settings"]["objective"].get<std::string>(), std::string("boxes"));
        QCOMPARE(j["settings"]["metric"].get<std::string>(), std::string("AP50"));
        const Project q = Project::load(file);
        QVERIFY(q == p);
        {
            nlohmann::json bad = j;
            bad["settings"]["metric"] = "AP75";
            const std::string badFile = testutil::tempPath(dir_, "bad-metric.asproj");
            testutil::writeText(badFile, bad.dump());
            EXPECT_INPUT_ERROR(Project::load(badFile), "AP75");
            bad["settings"]["metric"] = "AP";
            bad["settings"]["objective"] = "flops";
            testutil::writeText(badFile, bad.dump());
            EXPECT_INPUT_ERROR(Project::load(badFile), "flops");
        }
        QVERIFY(readLabelMapFile(file) == p.labelMap); // --label-map takes a project file too
        for (const auto& c : q.checkFiles())
            QVERIFY2(c.state == FileState::Ok, toString(c.role).c_str());

        // The folder moves as a whole: relative paths follow it.
        const fs::path moved = testutil::tempPath(dir_, "moved");
        fs::rename(root, moved);
        const Project r = Project::load((moved / "session.asproj").string());
        QCOMPARE(r.model.path, (moved / "model.aspt").lexically_normal().string());
        QCOMPARE(r.model.hash, p.model.hash);
        for (const auto& c : r.checkFiles())
            QVERIFY2(c.state == FileState::Ok, toString(c.role).c_str());
        // Saving again writes the same file.
        r.save((moved / "again.asproj").string());
        QCOMPARE(testutil::readJson((moved / "again.asproj").string()), j);
    }

    void movedAndChangedFilesAreTold()
    {
        const fs::path root = testutil::tempPath(dir_, "p2");
        fs::create_directories(root);
        testutil::writeText((root / "model.aspt").string(), "model A");
        testutil::writeText((root / "ann.json").string(), "[1]");
        Project p;
        p.model = fingerprintFile((root / "model.aspt").string());
        p.annotations = fingerprintFile((root / "ann.json").string());
        p.cache.path = (root / "none.cache").string();
        fs::rename(root / "model.aspt", root / "model-moved.aspt");
        testutil::writeText((root / "ann.json").string(), "[2]"); // same size, other content
        const auto checks = p.checkFiles();
        QCOMPARE(int(checks.size()), 3);
        QVERIFY(checks[0].role == ProjectFile::Model && checks[0].state == FileState::Missing);
        QVERIFY(checks[1].role == ProjectFile::Annotations && checks[1].state == FileState::Changed);
        QVERIFY(checks[2].role == ProjectFile::Cache && checks[2].state == FileState::Missing);
        QVERIFY(p.relocate(ProjectFile::Model, (root / "model-moved.aspt").string())); // same content
        testutil::writeText((root / "other.aspt").string(), "model B");
        Project q = p;
        QVERIFY(!q.relocate(ProjectFile::Model, (root / "other.aspt").string()));   // another model
        EXPECT_INPUT_ERROR(q.relocate(ProjectFile::Model, (root / "absent.aspt").string()), "cannot be read");
        q.dropDerived();
        QVERIFY(q.cache.empty() && q.search.is_null() && q.selectedNode == -1);
    }

    // An imported model staged elsewhere moves beside the project on save: renamed on one file
    // system, copied across two (/dev/shm is tmpfs here), a free name when one is taken; a
    // model already in the project's folder stays; a cancelled copy leaves both sides as they were.
    void importedModelMovesBesideTheProject()
    {
        const fs::path root = testutil::tempPath(dir_, "beside");
        fs::create_directories(root / "staging");
        fs::create_directories(root / "proj");
        testutil::writeText((root / "staging/k1.aspt").string(), "model one");
        testutil::writeText((root / "proj/k1.aspt").string(), "someone else's");
        Project p;
        p.model = fingerprintFile((root / "staging/k1.aspt").string());
        p.modelSource.checkpoint = FileRef{(root / "ckpt/k1.pth").string(), 9, "ab"};
        const std::string file = (root / "proj/k1.asproj").string();
        QVERIFY(moveImportedModelBesideProject(p, file));
        QCOMPARE(p.model.path, (root / "proj/k1-2.aspt").string());
        QCOMPARE(testutil::readText(p.model.path), std::string("model one"));
        QVERIFY(!fs::exists(root / "staging/k1.aspt"));
        QCOMPARE(testutil::readText((root / "proj/k1.aspt").string()), std::string("someone else's"));
        QVERIFY(!moveImportedModelBesideProject(p, file)); // already there
        Project own;                                        // not imported: never moved
        own.model = p.model;
        QVERIFY(!moveImportedModelBesideProject(own, (root / "staging/x.asproj").string()));

        const fs::path shm = fs::path("/dev/shm") / fs::path(root).filename();
        std::error_code ec;
        if (!fs::create_directories(shm, ec) || ec)
            QSKIP("no tmpfs at /dev/shm: the cross-file-system copy is not exercised");
        const std::string big(std::size_t(9) << 20, 'x'); // three 4 MiB chunks
        testutil::writeText((shm / "k2.aspt").string(), big);
        ProgressToken cancelled;
        cancelled.cancel();
        Project q;
        q.model.path = (shm / "k2.aspt").string();
        q.modelSource = p.modelSource;
        QVERIFY_THROWS_EXCEPTION(CancelledError, moveImportedModelBesideProject(q, file, &cancelled));
        QVERIFY(fs::exists(shm / "k2.aspt") && !fs::exists(root / "proj/k1-3.aspt"));
        double last = 0;
        ProgressToken t([&](double f, const std::string&) { last = f; });
        QVERIFY(moveImportedModelBesideProject(q, file, &t));
        QCOMPARE(q.model.path, (root / "proj/k1-3.aspt").string());
        QVERIFY(testutil::readText(q.model.path) == big && !fs::exists(shm / "k2.aspt"));
        QCOMPARE(last, 1.0);
        fs::remove_all(shm, ec);
    }

    // The window's cache build (openProjectCache) cancelled after its first batch leaves the
    // finished batch beside the cache; opening again continues from it and writes the cache
    // a build in one go writes, byte for byte; the partial file is gone afterwards.
    void cancelledProjectCacheResumes()
    {
        ShapesOptions so;
        so.numImages = 12;
        so.size = 128;
        so.seed = 9;
        so.trainFraction = 1.0;
        generateShapesDataset(testutil::tempPath(dir_, "resume-shapes"), so);
        const std::vector<ClassInfo> classes = testutil::shapesModelClasses();
        Detector model = Detector::createNative("ssd_small", anchorPreset("ssd_small", 128, 128), classes, 2);
        const std::string modelPath = testutil::tempPath(dir_, "resume.aspt");
        model.save(modelPath);
        Project p;
        p.model = fingerprintFile(modelPath);
        p.annotations = fingerprintFile(testutil::tempPath(dir_, "resume-shapes/annotations.json"));
        const std::string dirA = testutil::tempPath(dir_, "caches-a"), dirB = testutil::tempPath(dir_, "caches-b");
        Project once = p;
        const ProjectCache whole = openProjectCache(once, dirA);
        QVERIFY(whole.built);

        Project q = p;
        ProgressToken t;
        t.setCallback([&](double f, const std::string& what) {
            if (what == "detecting" && f > 0)
                t.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(CancelledError, openProjectCache(q, dirB, &t));
        auto partials = [&] {
            int n = 0;
            for (const auto& e : fs::directory_iterator(dirB))
                n += e.path().filename().string().find(".partial.") != std::string::npos;
            return n;
        };
        QCOMPARE(partials(), 1);
        Project r = p;
        const ProjectCache resumed = openProjectCache(r, dirB);
        QVERIFY(resumed.built);
        QCOMPARE(partials(), 0);
        QVERIFY(testutil::readText(r.cache.path) == testutil::readText(once.cache.path));
    }

    void badProjectFiles()
    {
        const std::string f = testutil::tempPath(dir_, "bad.asproj");
        EXPECT_INPUT_ERROR(Project::load(f), "file not found");
        testutil::writeText(f, "{ not json");
        EXPECT_INPUT_ERROR(Project::load(f), "not valid JSON");
        testutil::writeText(f, R"({"format": "something"})");
        EXPECT_INPUT_ERROR(Project::load(f), "not an Anchorscope project");
        testutil::writeText(f, R"({"format": "anchorscope-project", "version": 99})");
        EXPECT_INPUT_ERROR(Project::load(f), "newer");
        // Typed fields name themselves (the fuzzer's "version": 1e58 once was undefined behaviour).
        testutil::writeText(f, R"({"format": "anchorscope-project", "version": "1"})");
        EXPECT_INPUT_ERROR(Project::load(f), "\"version\": expected an integer, got string");
        testutil::writeText(f, R"({"format": "anchorscope-project", "version": 1e58})");
        EXPECT_INPUT_ERROR(Project::load(f), "\"version\": the number 1e+58 is out of range");
        testutil::writeText(f, R"({"format": "anchorscope-project"})");
        EXPECT_INPUT_ERROR(Project::load(f), "missing \"version\"");
        testutil::writeText(f, R"({"format": "anchorscope-project", "version": 1, "model": 5})");
        EXPECT_INPUT_ERROR(Project::load(f), "malformed project");
        // A failed save leaves the previous project untouched.
        Project p;
        p.save(f);
        const std::string before = testutil::readText(f);
        Project bad;
        bad.search = nlohmann::json::parse(R"({"x": 1})");
        bad.layout["k"] = std::string("\xff\xfe"); // invalid UTF-8: dump throws
        QVERIFY_THROWS_EXCEPTION(std::exception, bad.save(f));
        QCOMPARE(testutil::readText(f), before);
    }

    void searchResultRoundTrip()
    {
        SearchResult r;
        r.strategy = "greedy";
        r.objective = Objective::Boxes;
        r.minAp = 0.4;
        r.baselineAp = 0.41;
        r.fullCost = 8732;
        r.hypervolume = 0.0123;
        r.hypervolumeByEvaluations = {{1, 0.0}, {2, 0.0123}};
        for (int i = 0; i < 3; ++i) {
            SearchNode n;
            n.index = i;
            n.parent = i - 1;
            n.result.config.removed = i == 0 ? std::vector<int>{} : std::vector<int>{i, i + 3};
            n.result.stats.fill(0.1 * i);
            n.result.headMacs = 1000 - i;
            n.result.boxes = 8732 - i * 100;
            n.result.latencyMs = i == 1 ? 1.5 : -1;
            n.measuredLatencyMs = i == 2 ? 2.5 : -1;
            n.result.candidatesPerImage = 12.5;
            n.cost = double(n.result.boxes);
            n.onFront = i != 1;
            r.nodes.push_back(n);
        }
        r.front = {2, 0};
        const AnchorSet anchors = anchorPreset("ssd_small", 128, 128);
        const nlohmann::json j = r.toJson(anchors);
        const SearchResult back = SearchResult::fromJson(nlohmann::json::parse(j.dump()));
        QCOMPARE(back.toJson(anchors), j);
        QCOMPARE(back.nodes[1].result.latencyMs, 1.5);
        QCOMPARE(back.nodes[0].measuredLatencyMs, -1.0);
        nlohmann::json broken = j;
        broken["front"] = {7};
        EXPECT_INPUT_ERROR(SearchResult::fromJson(broken), "node 7");
        broken = j;
        broken["nodes"][0].erase("stats");
        EXPECT_INPUT_ERROR(SearchResult::fromJson(broken), "malformed search result");
    }

    void imageMatchingHandCase()
    {
        const std::vector<Annotation> gt{box(1, 1, 0, 0, 10, 10), box(2, 1, 20, 0, 10, 10), box(3, 1, 40, 0, 20, 20, true),
                                         box(4, 2, 0, 20, 10, 10)};
        const std::vector<DetectionRecord> dets{
            det(1, 0, 0, 10, 10, 0.9),   // TP on gt 1
            det(1, 1, 0, 10, 10, 0.8),   // duplicate of gt 1: FP
            det(1, 42, 2, 10, 10, 0.7),  // inside the crowd box: ignored
            det(2, 20, 0, 10, 10, 0.6),  // wrong class on gt 2: FP
            det(1, 21, 0, 10, 10, 0.5),  // TP on gt 2 (IoU 9/11)
            det(2, 0, 24, 10, 10, 0.4)}; // IoU 6/14 < 0.5 with gt 4: FP
        const ImageMatch m = matchImage(gt, dets);
        const std::vector<MatchStatus> expected{MatchStatus::TruePositive, MatchStatus::FalsePositive, MatchStatus::Ignored,
                                                MatchStatus::FalsePositive, MatchStatus::TruePositive, MatchStatus::FalsePositive};
        QVERIFY(m.status == expected);
        QCOMPARE(m.matchedGt, (std::vector<int>{0, -1, 2, -1, 1, -1}));
        auto c = m.counts(0.0);
        QCOMPARE(c.tp, 2);
        QCOMPARE(c.fp, 3);
        QCOMPARE(c.fn, 1); // gt 4; the crowd box is never missed
        c = m.counts(0.55);
        QCOMPARE(c.tp, 1);
        QCOMPARE(c.fp, 2);
        QCOMPARE(c.fn, 2);
        c = m.counts(0.95);
        QCOMPARE(c.tp, 0);
        QCOMPARE(c.fn, 3);
    }

    // The view filters one matching by score; that must equal matching the filtered list.
    void thresholdFilteringEqualsRematching()
    {
        Rng rng(7);
        for (int trial = 0; trial < 50; ++trial) {
            std::vector<Annotation> gt;
            for (int g = 0; g < 6; ++g)
                gt.push_back(box(g, 1 + rng.integer(0, 1), rng.uniform(0, 50), rng.uniform(0, 50), rng.uniform(5, 20),
                                 rng.uniform(5, 20), g == 5));
            std::vector<DetectionRecord> dets;
            for (int d = 0; d < 15; ++d) {
                const Annotation& near = gt[size_t(rng.integer(0, 5))];
                dets.push_back(det(1 + rng.integer(0, 1), near.x + rng.uniform(-4, 4), near.y + rng.uniform(-4, 4),
                                   near.w * rng.uniform(0.7, 1.3), near.h * rng.uniform(0.7, 1.3), rng.uniform(0, 1)));
            }
            const ImageMatch all = matchImage(gt, dets);
            for (double t : {0.2, 0.5, 0.8}) {
                std::vector<DetectionRecord> kept;
                for (const auto& d : dets)
                    if (d.score >= t)
                        kept.push_back(d);
                const ImageMatch again = matchImage(gt, kept);
                const auto a = all.counts(t), b = again.counts(0.0);
                QCOMPARE(a.tp, b.tp);
                QCOMPARE(a.fp, b.fp);
                QCOMPARE(a.fn, b.fn);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "test_project.moc"
