// SPDX-License-Identifier: GPL-3.0-or-later
// The pruning engine: prediction cache, configuration evaluation and search.
//  * equivalence (ii) of docs/design.md §5: cache evaluation of a configuration equals, bit for bit,
//    the post-processing of the full model's raw outputs with the removed rows deleted;
//  * incremental evaluation equals from-scratch evaluation with every cap binding;
//  * cache file round trip and refusal of corrupted or foreign caches;
//  * searches resumed, the latency objective (search quality: test_search).
#include "test_util.h"
#include "constructed_cache.h"
#include "search_spaces.h"

#include "data/shapes.h"
#include "models/detector.h"
#include "models/inference.h"
#include "models/preprocess.h"
#include "prune/config_evaluator.h"
#include "prune/prediction_cache.h"
#include "prune/latency_model.h"
#include "prune/search.h"
#include "prune/search_context.h"
#include "util/atomic_file.h"
#include "util/random.h"

#include <QDir>

#include <algorithm>

#include <filesystem>

using namespace anchorscope;

namespace {

using testutil::capped;

// One image, one level of 2×2 cells, 3 anchors, class "cat": anchor 0 predicts box X at 0.9,
// anchor 1 the same box at 0.8 (suppressed by the first), anchor 2 a disjoint box Y at 0.7,
// which a cat covers. With a top-k of 2 per class, Y is outside the window until anchor 1's
// candidate — never kept — is removed.
PredictionCache topkTrapCache()
{
    PredictionCache c = testutil::oneLevelCache(2, 32, {{32, 32, 32, 1}, {32, 32, 32, 1}, {16, 16, 16, 1}},
                                                {{"bg", -1}, {"cat", 1}}, 0.05f);
    c.meta.postprocess.topk = 2;
    c.gt.images = {{1, "a.png", 64, 64, ""}};
    c.gt.categories = {{1, "cat", ""}};
    c.gt.annotations = {testutil::gtBox(1, 1, 1, 40, 40, 16, 16)};
    c.gt.reindex();
    CandidateList im;
    im.push({0, 0, 32, 32}, 0.9f, 1, 0, 0, 0);
    im.push({0, 0, 32, 32}, 0.8f, 1, 1, 0, 1);
    im.push({40, 40, 56, 56}, 0.7f, 1, 11, 0, 2);
    testutil::setCandidates(c, {im});
    return c;
}

bool sameDetections(const std::vector<DetectionRecord>& a, const std::vector<DetectionRecord>& b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].imageId != b[i].imageId || a[i].categoryId != b[i].categoryId || a[i].x != b[i].x || a[i].y != b[i].y
            || a[i].w != b[i].w || a[i].h != b[i].h || a[i].score != b[i].score)
            return false;
    return true;
}

Configuration randomConfiguration(Rng& rng, int numAnchors, double p)
{
    Configuration c;
    for (int id = 0; id < numAnchors; ++id)
        if (rng.bernoulli(p))
            c.removed.push_back(id);
    if (int(c.removed.size()) == numAnchors)
        c.removed.pop_back();
    return c;
}

// Hand-made candidates of one image under the torchvision tie rule: candidate i is the only
// candidate of anchor i (one 1 × 1 level of a 600 × 600 input), classes "a" and "b".
PredictionCache tieTrapCache(const CandidateList& im, int topk, int maxDetections, double nmsIou)
{
    std::vector<AnchorShape> shapes(im.size(), AnchorShape{32, 32, 32, 1});
    PredictionCache c = testutil::oneLevelCache(1, 600, shapes, {{"bg", -1}, {"a", 1}, {"b", 2}}, 0.01f);
    PostProcessSettings& s = c.meta.postprocess;
    s.tieRule = TieRule::Torchvision;
    s.topk = topk;
    s.maxDetections = maxDetections;
    s.nmsIou = nmsIou;
    c.gt.images = {{1, "a.png", 600, 600, ""}};
    c.gt.categories = {{1, "a", ""}, {2, "b", ""}};
    c.gt.annotations = {testutil::gtBox(1, 1, 1, 100, 100, 40, 40), testutil::gtBox(2, 1, 2, 300, 300, 40, 40)};
    c.gt.reindex();
    testutil::setCandidates(c, {im});
    return c;
}

// What the torchvision rule keeps of `im`, without the candidates of `removed` anchors.
std::vector<int32_t> keptBoxes(const CandidateList& im, const PostProcessSettings& s, int removed = -1)
{
    std::vector<uint8_t> mask(im.size(), 0);
    if (removed >= 0)
        mask[size_t(removed)] = 1;
    SelectionWorkspace ws;
    SelectionOptions opt;
    opt.removedAnchor = &mask;
    std::vector<int32_t> out;
    for (uint32_t k : selectDetections(im.view(), s, ws, opt))
        out.push_back(im.boxIndex[k]);
    return out;
}

// A trap: removing `anchor`, whose candidate the full configuration does not keep, changes
// the image's detections (from scratch); the incremental evaluator must re-select the image.
void checkTieTrap(const PredictionCache& cache, int anchor)
{
    ConfigEvaluator ev(cache);
    ConfigEvaluator::State root = ev.detections({});
    ev.scoreAndKeep(root);
    for (uint32_t k : root.perImage[0]->kept)
        QVERIFY(cache.candidates.anchorId[k] != anchor);
    const Configuration c{{anchor}};
    const ConfigEvaluator::State scratch = ev.detections(c);
    QVERIFY(!sameDetections(ev.detectionsOf(root, 0), ev.detectionsOf(scratch, 0)));
    ConfigEvaluator::State child = ev.childDetections(root, c);
    QCOMPARE(child.reselectedImages, size_t(1));
    QVERIFY(sameDetections(ev.detectionsOf(child, 0), ev.detectionsOf(scratch, 0)));
    QCOMPARE(ev.scoreAndKeep(child).stats, ev.score(scratch).stats);
}

// Torchvision-rule settings for the traps: threshold 0.01, NMS IoU 0.45.
PostProcessSettings torchvisionRule(int topk, int maxDetections)
{
    PostProcessSettings s = PostProcessSettings::ssdTorchvision();
    s.tieRule = TieRule::Torchvision;
    s.scoreThreshold = 0.01f;
    s.topk = topk;
    s.maxDetections = maxDetections;
    return s;
}

// The first anchor in [first, last] whose candidate `im` does not keep and whose removal
// changes what it keeps; -1 when there is none.
int trapAnchor(const CandidateList& im, const PostProcessSettings& s, int first, int last)
{
    const std::vector<int32_t> full = keptBoxes(im, s);
    for (int j = first; j <= last; ++j)
        if (std::find(full.begin(), full.end(), j) == full.end() && keptBoxes(im, s, j) != full)
            return j;
    return -1;
}

// Two boxes of class "a" whose IoU is 9/20 before batched_nms shifts them (0.45f, not above
// the threshold 0.45 as a double) and, after the shift, a few ulps either side of it.
void addNearThresholdPair(CandidateList& im, float x)
{
    const int32_t n = int32_t(im.size());
    im.push({x, 100, x + 20, 101}, 0.95f, 1, n, 0, n);
    im.push({x, 100, x + 9, 101}, 0.94f, 1, n + 1, 0, n + 1);
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    Dataset ds_;
    std::unique_ptr<Detector> model_;
    std::unique_ptr<PredictionCache> cache_;

private Q_SLOTS:
    void initTestCase()
    {
        configureThreads(2);
        testutil::SmallSpace space = testutil::smallSpace(dir_);
        ds_ = std::move(space.dataset);
        model_ = std::move(space.model);
        cache_ = std::move(space.cache);
        QVERIFY(cache_->numCandidates() > 1000);
    }

    // Equivalence (ii): for every configuration, the cache path's detections equal, bit for
    // bit, the shared post-processing of the raw outputs with the removed rows deleted.
    static void checkCacheEqualsRaw(const Detector& model, const Dataset& ds, const PredictionCache& cache,
                                    const std::vector<PostProcessSettings>& settings, const std::vector<Configuration>& configs)
    {
        const ModelMeta& meta = model.meta();
        std::vector<RawOutputs> raw;
        std::vector<PreparedImage> prepared;
        for (const auto& im : ds.images) {
            prepared.push_back(prepareImage((std::filesystem::path(ds.imageRoot) / im.fileName).string(), meta));
            raw.push_back(model.forward(prepared.back().chw.data(), 1));
        }
        std::vector<int16_t> level;
        std::vector<int32_t> anchor;
        const auto priors = meta.anchors.priors(raw[0].featureSizes, meta.inputH, meta.inputW, &level, &anchor);
        size_t nonEmpty = 0;
        for (const PostProcessSettings& s : settings) {
            ConfigEvaluator ev(cache, s);
            for (const Configuration& c : configs) {
                const ConfigEvaluator::State st = ev.detections(c);
                for (size_t i = 0; i < ds.images.size(); ++i) {
                    const RawOutputs& r = raw[i];
                    const size_t K = size_t(r.classes);
                    std::vector<float> lg, rg;
                    std::vector<Boxf> pr;
                    std::vector<int16_t> lv;
                    std::vector<int32_t> an;
                    for (size_t b = 0; b < priors.size(); ++b) {
                        if (c.isRemoved(anchor[b]))
                            continue;
                        lg.insert(lg.end(), r.logits.begin() + long(b * K), r.logits.begin() + long((b + 1) * K));
                        rg.insert(rg.end(), r.regression.begin() + long(b * 4), r.regression.begin() + long(b * 4 + 4));
                        pr.push_back(priors[b]);
                        lv.push_back(level[b]);
                        an.push_back(anchor[b]);
                    }
                    PostProcessSettings cs = s;
                    cs.scoreThreshold = cache.threshold;
                    const CandidateList cand = candidatesFromRaw(lg.data(), rg.data(), pr.data(), lv.data(), an.data(),
                                                                 pr.size(), int(K), float(meta.inputW), float(meta.inputH), cs);
                    SelectionWorkspace ws;
                    std::vector<DetectionRecord> expected;
                    appendDetections(cand.view(), selectDetections(cand.view(), s, ws), meta, ds.images[i].id,
                                     prepared[i].scaleX, prepared[i].scaleY, expected);
                    nonEmpty += !expected.empty();
                    QVERIFY2(sameDetections(ev.detectionsOf(st, i), expected),
                             qPrintable(QStringLiteral("image %1, configuration %2").arg(i).arg(QString::fromStdString(c.toString()))));
                }
            }
        }
        QVERIFY(nonEmpty > 0);
    }

    void cacheEqualsRawOutputsWithRowsDeleted()
    {
        Rng rng(5);
        std::vector<Configuration> configs;
        for (int trial = 0; trial < 12; ++trial)
            configs.push_back(randomConfiguration(rng, 12, 0.3));
        checkCacheEqualsRaw(*model_, ds_, *cache_, {capped(TopKMode::PerClass), capped(TopKMode::PerLevel), capped(TopKMode::None)},
                            configs);
    }

    void retinanetCacheEqualsRawOutputs()
    {
        // Sigmoid scores, no background column, per-level top-k, shared-head configurations.
        const AnchorSet a = anchorPreset("retinanet_torchvision", 128, 128);
        Detector model = Detector::createNative("retinanet_r18_fpn", a,
                                                {{"square", 1}, {"bar", 2}, {"ellipse", 3}, {"triangle", 4}, {"ring", 5}}, 4);
        PostProcessSettings s = PostProcessSettings::retinanetTorchvision();
        s.scoreThreshold = 0.0103f; // the focal prior puts every initial score near 0.01
        s.topk = 60;
        s.maxDetections = 40;
        model.mutableMeta().postprocess = s;
        const PredictionCache cache = buildPredictionCache(model, ds_, s.scoreThreshold, 1);
        QVERIFY(cache.numCandidates() > 500);
        PostProcessSettings perClass = s;
        perClass.topkMode = TopKMode::PerClass;
        checkCacheEqualsRaw(model, ds_, cache, {s, perClass},
                            {parseConfiguration(""), parseConfiguration("1,10,19,28,37"), parseConfiguration("0-8"),
                             parseConfiguration("3,12,21,30,39,36-44")});
    }

    void importedSsd300CacheEqualsRawOutputs()
    {
        // A torchvision ssd300_vgg16 imported through its state dict (reference fixture).
        Detector model = Detector::createNative("ssd300_vgg16", anchorPreset("ssd300_torchvision"),
                                                {{"bg", -1}, {"square", 1}, {"bar", 2}, {"ellipse", 3}}, 1);
        model.loadStateDict(ANCHORSCOPE_REFERENCE_DIR "/ssd300_tv.pth");
        Dataset three = ds_;
        three.images.resize(3);
        three.annotations.erase(std::remove_if(three.annotations.begin(), three.annotations.end(),
                                               [](const Annotation& a) { return a.imageId > 3 || a.categoryId > 3; }),
                                three.annotations.end());
        three.categories.resize(3);
        three.reindex();
        PostProcessSettings s = PostProcessSettings::ssdTorchvision();
        s.scoreThreshold = 0.2f;
        s.topk = 50;
        s.maxDetections = 60;
        model.mutableMeta().postprocess = s;
        const PredictionCache cache = buildPredictionCache(model, three, s.scoreThreshold, 1);
        QVERIFY(cache.numCandidates() > 100);
        checkCacheEqualsRaw(model, three, cache, {s}, {parseConfiguration("1,7,12-15,29"), parseConfiguration("0-3,20")});
    }

    void capsBind()
    {
        // The caps of `capped` really bind on this cache (else the next test proves little).
        ConfigEvaluator ev(*cache_, capped(TopKMode::PerClass));
        const auto st = ev.detections({});
        size_t atCap = 0;
        for (const auto& d : st.perImage)
            atCap += d->detections == 30;
        QVERIFY(atCap >= 3);
        PostProcessSettings loose = capped(TopKMode::None);
        loose.maxDetections = 1000;
        ConfigEvaluator ev2(*cache_, loose);
        const auto st2 = ev2.detections({});
        size_t more = 0;
        for (const auto& d : st2.perImage)
            more += d->detections > 30;
        QVERIFY(more >= 3);
    }

    void incrementalEqualsFromScratch()
    {
        Rng rng(9);
        // The per-image cap binds (capped), or only a narrow top-k does: then a removed
        // candidate the parent did not keep, inside the top-k window, lets the next one in.
        std::vector<PostProcessSettings> variants;
        for (TopKMode mode : {TopKMode::PerClass, TopKMode::PerLevel, TopKMode::None})
            variants.push_back(capped(mode));
        for (TopKMode mode : {TopKMode::PerClass, TopKMode::PerLevel}) {
            PostProcessSettings narrow = capped(mode);
            narrow.topk = mode == TopKMode::PerClass ? 2 : 6;
            narrow.maxDetections = 0;
            variants.push_back(narrow);
        }
        for (const PostProcessSettings& settings : variants) {
            const TopKMode mode = settings.topkMode;
            ConfigEvaluator ev(*cache_, settings);
            ConfigEvaluator::State parent = ev.detections({});
            ev.scoreAndKeep(parent);
            Configuration c;
            std::vector<int> order{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            for (size_t i = order.size(); i > 1; --i)
                std::swap(order[i - 1], order[size_t(rng.integer(0, int64_t(i) - 1))]);
            size_t cut = 0, skipped = 0;
            for (const auto& sel : parent.perImage)
                cut += sel->topkCut;
            // The top-k caps bind in some images (removals there may let a candidate in) —
            // with a per-image cap, only where top-k cut before the cap ended the selection.
            QVERIFY(mode == TopKMode::None ? cut == 0 : settings.maxDetections > 0 || cut > 0);
            for (int id : order) { // a chain of children, each removing one more anchor
                c.removed.push_back(id);
                std::sort(c.removed.begin(), c.removed.end());
                ConfigEvaluator::State inc = ev.childDetections(parent, c);
                // Images holding the anchor whose kept detections it did not touch are skipped.
                QVERIFY(inc.reselectedImages <= ev.imagesWithAnchor(id).size());
                skipped += ev.imagesWithAnchor(id).size() - inc.reselectedImages;
                const ConfigEvaluator::State full = ev.detections(c);
                for (size_t i = 0; i < full.perImage.size(); ++i)
                    QVERIFY(sameDetections(ev.detectionsOf(inc, i), ev.detectionsOf(full, i)));
                // Reused matchings and re-accumulated categories only: the same numbers.
                QVERIFY(inc.parentCoco != nullptr);
                const ConfigResult a = ev.scoreAndKeep(inc), b = ev.score(full);
                QCOMPARE(a.stats, b.stats);
                QCOMPARE(a.perCategoryAP, b.perCategoryAP);
                QCOMPARE(a.detections, b.detections);
                parent = inc;
            }
            if (cut < parent.perImage.size()) // images without a binding cap: some are skipped
                QVERIFY(skipped > 0);
        }
    }

    void removingAnUnkeptCandidateInsideTheTopkWindow()
    {
        const PredictionCache cache = topkTrapCache();
        const Configuration without1 = parseConfiguration("1");
        for (TopKMode mode : {TopKMode::PerClass, TopKMode::None}) {
            PostProcessSettings s = cache.meta.postprocess;
            s.topkMode = mode;
            ConfigEvaluator ev(cache, s);
            ConfigEvaluator::State root = ev.detections({});
            ev.scoreAndKeep(root);
            QCOMPARE(root.perImage[0]->kept.size(), size_t(mode == TopKMode::None ? 2 : 1));
            QCOMPARE(root.perImage[0]->topkCut, mode != TopKMode::None);
            ConfigEvaluator::State child = ev.childDetections(root, without1);
            // Without a binding top-k, anchor 1's suppressed candidate changes nothing: the
            // image is not re-selected. With one, Y enters the window and is kept.
            QCOMPARE(child.reselectedImages, size_t(mode == TopKMode::None ? 0 : 1));
            QCOMPARE(child.perImage[0]->kept.size(), size_t(2));
            const ConfigResult inc = ev.scoreAndKeep(child), full = ev.score(ev.detections(without1));
            QCOMPARE(inc.stats, full.stats);
            QCOMPARE(inc.stats[0], 0.5); // X is a false positive ranked above the true Y
        }
        // With a per-image cap of 1 the selection ends at X, before top-k cuts Y: the cut
        // does not count, and removing anchor 1 again re-selects nothing.
        PostProcessSettings s = cache.meta.postprocess;
        s.maxDetections = 1;
        ConfigEvaluator ev(cache, s);
        ConfigEvaluator::State root = ev.detections({});
        ev.scoreAndKeep(root);
        QVERIFY(!root.perImage[0]->topkCut);
        ConfigEvaluator::State child = ev.childDetections(root, without1);
        QCOMPARE(child.reselectedImages, size_t(0));
        QCOMPARE(ev.scoreAndKeep(child).stats, ev.score(ev.detections(without1)).stats);
    }

    // Torchvision rule, trap 1: exact ties. Removing a candidate that is not kept changes the
    // sequence std::nth_element sorts, hence the order of the tied scores it returns, hence
    // which of two overlapping tied boxes NMS keeps. Found by a deterministic search.
    void tieTrapTiedScoresReordered()
    {
        const PostProcessSettings s = torchvisionRule(100, 0);
        for (uint64_t seed = 1; seed < 400; ++seed) {
            Rng rng(seed);
            CandidateList im;
            const float tiers[] = {1.0f, 1.0f, 1.0f, 0.7f, 0.6f};
            for (int i = 0; i < 40; ++i) {
                const float cx = 80.f + float(i % 8) * 60.f + float(rng.uniform(-6, 6)), cy = 300.f + float(rng.uniform(-6, 6));
                const float w = float(rng.uniform(40, 60));
                im.push({cx - w / 2, cy - w / 2, cx + w / 2, cy + w / 2}, tiers[rng.integer(0, 4)], 1, i, 0, i);
            }
            im.push({0, 0, 600, 600}, 0.5f, 2, 40, 0, 40); // holds the largest coordinate, kept
            if (const int j = trapAnchor(im, s, 0, 39); j >= 0) {
                checkTieTrap(tieTrapCache(im, s.topk, s.maxDetections, s.nmsIou), j);
                return;
            }
        }
        QFAIL("no tie trap found");
    }

    // Trap 2: the coordinate trick. The suppressed box S alone reaches 600; without it the
    // largest coordinate is 299, the offsets change from 601 to 300 per class and the pair's
    // shifted IoU rounds to the other side of 0.45.
    void tieTrapLargestCoordinate()
    {
        const PostProcessSettings s = torchvisionRule(100, 0);
        for (int step = 0; step < 4000; ++step) {
            CandidateList im;
            im.push({0, 0, 299, 299}, 0.9f, 2, 0, 0, 0);
            im.push({0, 0, 299, 600}, 0.8f, 2, 1, 0, 1); // S: IoU 0.498 with the box above
            addNearThresholdPair(im, 10.f + float(step) * 0.00731f);
            if (trapAnchor(im, s, 1, 1) == 1) {
                checkTieTrap(tieTrapCache(im, s.topk, s.maxDetections, s.nmsIou), 1);
                return;
            }
        }
        QFAIL("no coordinate trap found");
    }

    // Trap 3: batched_nms's path. 1001 boxes take the per-class loop (IoUs of the boxes as they
    // are: the pair's 0.45f is not above 0.45); without the suppressed duplicate D, 1000 take
    // the coordinate trick, whose shifted IoU can be.
    void tieTrapBatchedNmsPath()
    {
        const PostProcessSettings s = torchvisionRule(2000, 0);
        CandidateList base;
        for (int i = 0; i < 998; ++i) { // kept: small, apart, distinct scores
            const float x = 40.f + float(i % 32) * 17.f, y = 40.f + float(i / 32) * 17.f;
            base.push({x, y, x + 10, y + 10}, 0.2f + float(i) * 5e-4f, 2, i, 0, i);
        }
        base.push({40, 40, 50, 50.5f}, 0.1f, 2, 998, 0, 998); // D: suppressed by box 0
        for (int step = 0; step < 4000; ++step) {
            CandidateList im = base;
            addNearThresholdPair(im, 10.f + float(step) * 0.00731f);
            if (trapAnchor(im, s, 998, 998) == 998) {
                checkTieTrap(tieTrapCache(im, s.topk, s.maxDetections, s.nmsIou), 998);
                return;
            }
        }
        QFAIL("no path trap found");
    }

    // Trap 4: batched_nms's per-class loop sorts every NMS survivor with std::sort (not
    // stable) before the cap cuts. With tied survivors, removing one the cap cut reorders
    // the ones it keeps. The scores are distinct within each class (no top-k group holds a
    // tie) and repeat across the two classes.
    void tieTrapSurvivorCutByTheCap()
    {
        const PostProcessSettings s = torchvisionRule(2000, 5);
        CandidateList im;
        for (int i = 0; i < 1010; ++i) { // apart, all kept by NMS
            const float x = 10.f + float(i % 32) * 18.f, y = 10.f + float(i / 32) * 18.f;
            im.push({x, y, x + 10, y + 10}, 0.5f + float(i / 2) * 1e-4f, 1 + i % 2, i, 0, i);
        }
        const int j = trapAnchor(im, s, 0, 1009);
        QVERIFY2(j >= 0, "no cap trap found");
        checkTieTrap(tieTrapCache(im, s.topk, s.maxDetections, s.nmsIou), j);
    }

    // The torchvision rule's incremental evaluation against from-scratch on random chains
    // of configurations over a saturated cache: scores from a few values (1.0 most often),
    // clustered boxes, some images above 1000 candidates (batched_nms's per-class loop),
    // caps that bind. Catches what the four traps above do not think of.
    // A saturated torchvision-rule cache: scores of exactly 1.0 and other ties everywhere,
    // every third image above batched_nms's 1000 boxes.
    static PredictionCache torchvisionTieCache()
    {
        const int A = 40, cells = 5, boxes = cells * cells * A;
        std::vector<AnchorShape> shapes;
        for (int a = 0; a < A; ++a)
            shapes.push_back({16.0 + 2 * a, 20.0 + 1.5 * a, 30, 1});
        PredictionCache cache = testutil::oneLevelCache(cells, 60, shapes, {{"bg", -1}, {"a", 1}, {"b", 2}, {"c", 3}}, 0.01f);
        PostProcessSettings& s = cache.meta.postprocess;
        s.tieRule = TieRule::Torchvision;
        s.topk = 250;
        s.maxDetections = 20;
        Rng rng(17);
        std::vector<CandidateList> perImage;
        for (int i = 0; i < 24; ++i) {
            cache.gt.images.push_back({i + 1, "x.png", 300, 300, ""});
            for (int g = 0; g < 6; ++g)
                cache.gt.annotations.push_back(testutil::gtBox(int64_t(i * 10 + g + 1), i + 1, 1 + g % 3,
                                                               rng.uniform(0, 250), rng.uniform(0, 250), 40, 40));
            CandidateList im;
            const double p = i % 3 == 0 ? 1.0 : 0.3; // every third image above 1000 candidates
            for (int box = 0; box < boxes; ++box) {
                if (!rng.bernoulli(p))
                    continue;
                const int cell = box / A, a = box % A;
                const float cx = 30.f + float(cell % cells) * 60.f + float(rng.uniform(-10, 10));
                const float cy = 30.f + float(cell / cells) * 60.f + float(rng.uniform(-10, 10));
                const float w = float(shapes[size_t(a)].w), h = float(shapes[size_t(a)].h);
                const float values[] = {1.0f, 1.0f, 0.99999994f, 0.9f, 0.5f, float(rng.uniform(0.02, 1.0)),
                                        float(rng.uniform(0.02, 1.0))};
                im.push(clipToImage(Boxf{cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}, 300.f, 300.f),
                        values[rng.integer(0, 6)], int32_t(rng.integer(1, 3)), box, 0, a);
            }
            perImage.push_back(std::move(im));
        }
        cache.gt.categories = {{1, "a", ""}, {2, "b", ""}, {3, "c", ""}};
        cache.gt.reindex();
        testutil::setCandidates(cache, perImage);
        return cache;
    }

    void torchvisionRuleChainsMatchFromScratch()
    {
        const int A = 40;
        Rng rng(23);
        const PredictionCache cache = torchvisionTieCache();
        ConfigEvaluator ev(cache);
        int checks = 0;
        for (int chain = 0; chain < 4; ++chain) {
            ConfigEvaluator::State parent = ev.detections({});
            ev.scoreAndKeep(parent);
            Configuration c;
            for (int step = 0; step < 10; ++step) {
                c.removed.push_back(int(rng.integer(0, A - 1)));
                std::sort(c.removed.begin(), c.removed.end());
                c.removed.erase(std::unique(c.removed.begin(), c.removed.end()), c.removed.end());
                ConfigEvaluator::State inc = ev.childDetections(parent, c);
                const ConfigEvaluator::State full = ev.detections(c);
                for (size_t i = 0; i < full.perImage.size(); ++i)
                    QVERIFY2(sameDetections(ev.detectionsOf(inc, i), ev.detectionsOf(full, i)),
                             qPrintable(QStringLiteral("chain %1 step %2 image %3").arg(chain).arg(step).arg(i)));
                QCOMPARE(ev.scoreAndKeep(inc).stats, ev.score(full).stats);
                parent = inc;
                ++checks;
            }
        }
        QCOMPARE(checks, 40);
    }

    void memoisedEvaluation()
    {
        ConfigEvaluator ev(*cache_, capped(TopKMode::PerClass));
        const ConfigResult a = ev.evaluate(parseConfiguration("1,4"));
        const ConfigResult b = ev.evaluate(parseConfiguration("1,4,7")); // child of the first
        QCOMPARE(ev.evaluations(), size_t(2));
        const ConfigResult again = ev.evaluate(parseConfiguration("1,4"));
        QCOMPARE(ev.evaluations(), size_t(2));
        QCOMPARE(again.stats, a.stats);
        QCOMPARE(b.stats, ev.score(ev.detections(parseConfiguration("1,4,7"))).stats);
        // The summary-only accumulation equals the full one (every array computed).
        const CocoEvalResult fullB = ev.cocoEvaluation(parseConfiguration("1,4,7"));
        QCOMPARE(b.stats, fullB.stats);
        QCOMPARE(b.perCategoryAP, fullB.perCategoryAP);
        QVERIFY(b.headMacs < a.headMacs);
        // More configurations than the evaluator remembers states for, then children of the
        // first, named as the node being expanded: its state is made again (one evaluation)
        // and serves them; same numbers.
        const std::vector<int> others{0, 2, 3, 5, 6, 7, 8, 9, 10}; // pairs: none a subset of 1,4,x
        for (size_t a = 0; a < others.size(); ++a)
            for (size_t b = a + 1; b < others.size(); ++b)
                ev.evaluate(Configuration{{others[a], others[b]}});
        const size_t before = ev.evaluations();
        const Configuration expanded = parseConfiguration("1,4");
        for (const char* child : {"1,4,8", "1,4,9", "1,4,10"}) {
            const ConfigResult r = ev.evaluate(parseConfiguration(child), &expanded);
            QCOMPARE(r.stats, ev.score(ev.detections(parseConfiguration(child))).stats);
        }
        QCOMPARE(ev.evaluations(), before + 3);
        QCOMPARE(ev.statesRemade(), size_t(1));
        // The expanded node's state outlives a flood of other evaluations (none of them near
        // it): a search coming back to the node finds it, and nothing is made again.
        for (size_t a = 0; a < others.size(); ++a)
            for (size_t b = a + 1; b < others.size(); ++b)
                for (size_t c = b + 1; c < others.size(); ++c)
                    ev.evaluate(Configuration{{others[a], others[b], others[c]}});
        const ConfigResult back = ev.evaluate(parseConfiguration("1,4,11"), &expanded);
        QCOMPARE(back.stats, ev.score(ev.detections(parseConfiguration("1,4,11"))).stats);
        QCOMPARE(ev.statesRemade(), size_t(1));
        // An anchor without cached candidates changes nothing.
        EXPECT_INPUT_ERROR(ev.evaluate(parseConfiguration("0-11")), "every anchor");
    }

    // A neighbourhood evaluated side by side (two workers taking its 17 configurations one
    // after another, eight at a time) equals the same configurations evaluated one by one on
    // one thread, and is memoised like them:
    // each once, repeats and memoised ones not evaluated again. Bad input is refused before
    // any worker starts.
    void sideBySideEqualsOneByOne()
    {
        const Configuration near = parseConfiguration("1,4,7");
        std::vector<Configuration> hood;
        for (int id = 0; id < 12; ++id)
            if (!near.isRemoved(id))
                hood.push_back(SearchContext::with(near, {id}));
        for (int id : near.removed) {
            hood.push_back(SearchContext::without(near, {id}));
            hood.push_back(SearchContext::with(SearchContext::without(near, {id}), {id == 1 ? 2 : 0}));
        }
        hood.push_back(hood[2]); // a repeat
        ConfigEvaluator two(*cache_, capped(TopKMode::PerClass), 2), one(*cache_, capped(TopKMode::PerClass), 1);
        two.evaluate(near);
        two.evaluate(hood[0], &near); // memoised before
        const std::vector<ConfigResult> side = two.evaluateAll(hood, &near);
        QCOMPARE(side.size(), hood.size());
        QCOMPARE(two.evaluations(), size_t(1) + hood.size() - 1);
        one.evaluate(near);
        for (size_t i = 0; i < hood.size(); ++i) {
            const ConfigResult r = one.evaluate(hood[i], &near);
            QCOMPARE(side[i].config.removed, hood[i].removed);
            QCOMPARE(side[i].stats, r.stats);
            QCOMPARE(side[i].perCategoryAP, r.perCategoryAP);
            QCOMPARE(side[i].detections, r.detections);
            QVERIFY(two.memo(hood[i]) != nullptr);
            QCOMPARE(two.memo(hood[i])->stats, r.stats);
        }
        // Their states serve later evaluations: a swap's child from a remembered neighbour.
        const Configuration further = SearchContext::with(hood.back(), {11});
        QCOMPARE(two.evaluate(further).stats, one.score(one.detections(further)).stats);
        const size_t before = two.evaluations();
        EXPECT_INPUT_ERROR(two.evaluateAll({parseConfiguration("0,2"), parseConfiguration("0-11")}, &near),
                           "every anchor");
        QCOMPARE(two.evaluations(), before);
        QVERIFY(two.memo(parseConfiguration("0,2")) == nullptr);
    }

    // What a child's selection reuses of an image's selection (rank rule), when the child
    // selected the image again, is what a first selection records: the same suppressed
    // positions (each suppressor may differ, but is a kept box ranked before it) and top-k
    // cut. (An image the child left as its parent had it keeps the parent's record, which
    // may hold candidates the child no longer has.)
    static bool sameRecords(const ConfigEvaluator::ImageSelection& a, const ConfigEvaluator::ImageSelection& b)
    {
        if (a.kept != b.kept || a.suppressed != b.suppressed || a.topkCut != b.topkCut)
            return false;
        if (a.suppressor.size() != a.suppressed.size())
            return false;
        for (size_t n = 0; n < a.suppressed.size(); ++n)
            if (a.suppressor[n] >= a.suppressed[n] || !std::binary_search(a.kept.begin(), a.kept.end(), a.suppressor[n]))
                return false;
        return true;
    }

    // Incremental evaluation from a state that is not a subset: swaps and anchors put back
    // (refine's neighbourhoods) equal from-scratch evaluation, under both tie rules.
    void neighboursEqualFromScratch()
    {
        Rng rng(31);
        const PredictionCache tv = torchvisionTieCache();
        struct Space {
            const PredictionCache* cache;
            PostProcessSettings settings;
            int anchors;
        };
        // Narrow top-k without a per-image cap: a candidate put back takes a top-k slot even
        // when NMS suppresses it, and the next one in its group falls out.
        PostProcessSettings narrowClass = capped(TopKMode::PerClass), narrowLevel = capped(TopKMode::PerLevel);
        narrowClass.topk = 3;
        narrowLevel.topk = 8;
        narrowClass.maxDetections = narrowLevel.maxDetections = 0;
        const std::vector<Space> spaces{{cache_.get(), capped(TopKMode::PerClass), 12},
                                        {cache_.get(), capped(TopKMode::PerLevel), 12},
                                        {cache_.get(), capped(TopKMode::None), 12},
                                        {cache_.get(), narrowClass, 12},
                                        {cache_.get(), narrowLevel, 12},
                                        {&tv, tv.meta.postprocess, 40}};
        int checks = 0, restoredImages = 0;
        for (const Space& sp : spaces) {
            ConfigEvaluator ev(*sp.cache, sp.settings);
            for (int walk = 0; walk < 3; ++walk) {
                Configuration c;
                for (int id = 0; id < sp.anchors; ++id)
                    if (rng.bernoulli(0.5))
                        c.removed.push_back(id);
                ConfigEvaluator::State parent = ev.detections(c);
                ev.scoreAndKeep(parent);
                for (int step = 0; step < 8; ++step) {
                    // A random neighbour: put one back, take one out, or both (a swap).
                    std::vector<int> removed = parent.config.removed, kept;
                    for (int id = 0; id < sp.anchors; ++id)
                        if (!parent.config.isRemoved(id))
                            kept.push_back(id);
                    const int kind = int(rng.integer(0, 2));
                    if (kind != 1 && !removed.empty())
                        removed.erase(removed.begin() + rng.integer(0, int64_t(removed.size()) - 1));
                    if (kind != 0 && kept.size() > 1)
                        removed.push_back(kept[size_t(rng.integer(0, int64_t(kept.size()) - 1))]);
                    std::sort(removed.begin(), removed.end());
                    const Configuration n{removed};
                    if (n == parent.config || int(removed.size()) == sp.anchors)
                        continue;
                    ConfigEvaluator::State inc = ev.childDetections(parent, n);
                    restoredImages += int(inc.reselectedImages);
                    const ConfigEvaluator::State full = ev.detections(n);
                    for (size_t i = 0; i < full.perImage.size(); ++i)
                        QVERIFY2(sameDetections(ev.detectionsOf(inc, i), ev.detectionsOf(full, i)),
                                 qPrintable(QStringLiteral("%1 → %2, image %3")
                                                .arg(QString::fromStdString(parent.config.toString()))
                                                .arg(QString::fromStdString(n.toString()))
                                                .arg(i)));
                    if (sp.settings.tieRule == TieRule::Rank)
                        for (size_t i = 0; i < full.perImage.size(); ++i)
                            QVERIFY2(inc.perImage[i] == parent.perImage[i] || sameRecords(*inc.perImage[i], *full.perImage[i]),
                                     qPrintable(QStringLiteral("%1 → %2, image %3: what a child reuses")
                                                    .arg(QString::fromStdString(parent.config.toString()))
                                                    .arg(QString::fromStdString(n.toString()))
                                                    .arg(i)));
                    const ConfigResult a = ev.scoreAndKeep(inc), b = ev.score(full);
                    QCOMPARE(a.stats, b.stats);
                    QCOMPARE(a.perCategoryAP, b.perCategoryAP);
                    parent = inc;
                    ++checks;
                }
            }
        }
        QVERIFY(checks >= 50);
        QVERIFY(restoredImages > 0);
    }

    void cacheFile()
    {
        const std::string path = testutil::tempPath(dir_, "c.cache");
        cache_->save(path);
        const PredictionCache back = PredictionCache::load(path);
        QCOMPARE(back.numCandidates(), cache_->numCandidates());
        QCOMPARE(back.identity, cache_->identity);
        QCOMPARE(back.candidates.scores, cache_->candidates.scores);
        QCOMPARE(back.candidates.anchorId, cache_->candidates.anchorId);
        QCOMPARE(back.gt.annotations.size(), ds_.annotations.size());
        ConfigEvaluator a(*cache_), b(back);
        QCOMPARE(a.evaluate(parseConfiguration("2,5")).stats, b.evaluate(parseConfiguration("2,5")).stats);
        // Corruption, truncation, foreign files, another model, a lower threshold.
        std::string bytes = readWholeFile(path);
        std::string flipped = bytes;
        flipped[flipped.size() / 2] ^= 0x40;
        testutil::writeText(testutil::tempPath(dir_, "bad.cache"), flipped);
        EXPECT_INPUT_ERROR(PredictionCache::load(testutil::tempPath(dir_, "bad.cache")), "checksum");
        testutil::writeText(testutil::tempPath(dir_, "short.cache"), bytes.substr(0, bytes.size() / 3));
        EXPECT_INPUT_ERROR(PredictionCache::load(testutil::tempPath(dir_, "short.cache")), "short.cache");
        EXPECT_INPUT_ERROR(PredictionCache::load(testutil::tempPath(dir_, "none.cache")), "file not found");
        testutil::writeText(testutil::tempPath(dir_, "text.cache"), "{\"not\": \"a cache\"}, padding padding padding");
        EXPECT_INPUT_ERROR(PredictionCache::load(testutil::tempPath(dir_, "text.cache")), "not an Anchorscope prediction cache");
        EXPECT_INPUT_ERROR(back.checkServes("0123456789abcdef", 0.5f, path), "another model");
        EXPECT_INPUT_ERROR(back.checkServes(back.modelIdentity, 0.01f, path), "lower threshold");
        back.checkServes(model_->identity(), 0.3f, path);
        PostProcessSettings low = capped(TopKMode::PerClass);
        low.scoreThreshold = 0.05f;
        EXPECT_INPUT_ERROR(ConfigEvaluator(back, low), "lower threshold");
    }

    // An interrupted search (out of evaluations, or cancelled with partialOnCancel) resumes
    // to exactly the nodes of an uninterrupted run, replaying without evaluating.
    void resumableSearch()
    {
        SearchOptions o;
        o.maxDrop = 0.05;
        for (const char* strategy : {"paper", "ranked"}) {
            o.strategy = strategy;
            ConfigEvaluator whole(*cache_, capped(TopKMode::PerClass));
            const SearchResult all = runSearch(whole, o);
            QVERIFY(all.complete);
            QVERIFY2(all.nodes.size() > 12, qPrintable(QString::number(all.nodes.size())));
            SearchOptions cut = o;
            cut.maxEvaluations = int(all.nodes.size()) / 2;
            ConfigEvaluator ev1(*cache_, capped(TopKMode::PerClass));
            const SearchResult part = runSearch(ev1, cut);
            QVERIFY(!part.complete);
            QCOMPARE(int(part.nodes.size()), cut.maxEvaluations);
            // Through JSON, as the CLI does.
            const SearchResult loaded = SearchResult::fromJson(nlohmann::json::parse(part.toJson(cache_->meta.anchors).dump()));
            SearchOptions again = o;
            again.resumeFrom = &loaded;
            ConfigEvaluator ev2(*cache_, capped(TopKMode::PerClass));
            const SearchResult resumed = runSearch(ev2, again);
            QVERIFY(resumed.complete);
            QCOMPARE(resumed.replayed, cut.maxEvaluations - 1); // all but the root, evaluated as a check
            QCOMPARE(ev2.evaluations(), size_t(1) + all.nodes.size() - size_t(cut.maxEvaluations));
            QCOMPARE(resumed.nodes.size(), all.nodes.size());
            for (size_t k = 0; k < all.nodes.size(); ++k) {
                QCOMPARE(resumed.nodes[k].result.config.removed, all.nodes[k].result.config.removed);
                QCOMPARE(resumed.nodes[k].result.stats, all.nodes[k].result.stats);
            }
            QCOMPARE(resumed.front, all.front);
            QCOMPARE(resumed.hypervolume, all.hypervolume);
        }
        // Cancelled midway: what was found comes back, marked incomplete.
        ProgressToken token;
        SearchOptions c = o;
        c.partialOnCancel = true;
        ConfigEvaluator ev3(*cache_, capped(TopKMode::PerClass));
        int seen = 0;
        const SearchResult cancelled = runSearch(ev3, c, &token, [&](const SearchNode&) {
            if (++seen == 10)
                token.cancel();
        });
        QVERIFY(!cancelled.complete);
        QCOMPARE(int(cancelled.nodes.size()), 10);
        // Another strategy's output cannot be resumed.
        SearchOptions wrong = o;
        wrong.strategy = "greedy";
        wrong.resumeFrom = &cancelled;
        ConfigEvaluator ev4(*cache_, capped(TopKMode::PerClass));
        EXPECT_INPUT_ERROR(runSearch(ev4, wrong), "same options");
    }

    void latencyObjective()
    {
        const PostProcessSettings s = capped(TopKMode::PerClass);
        const LatencyModel m = calibrateLatency(s, 6, 3);
        QVERIFY(m.b > 0); // more boxes cost more
        QVERIFY(m.predict(20000, 100) > m.predict(500, 100));
        const LatencyModel back = LatencyModel::fromJson(m.toJson(), "lat.json");
        QCOMPARE(back.b, m.b);
        EXPECT_INPUT_ERROR(LatencyModel::fromJson(nlohmann::json::object(), "lat.json"), "invalid latency model");
        QVERIFY(measurePostprocessMs(s, 6, 2000, 50) > 0);
        ConfigEvaluator ev(*cache_, s);
        ev.setLatencyModel(m);
        SearchOptions o;
        o.strategy = "greedy";
        o.objective = Objective::Latency;
        o.maxDrop = 0.05;
        const SearchResult r = runSearch(ev, o);
        QVERIFY(r.nodes.size() > 12);
        for (const auto& n : r.nodes) {
            QCOMPARE(n.cost, n.result.latencyMs);
            QCOMPARE(n.result.latencyMs, m.predict(double(n.result.boxes), n.result.candidatesPerImage));
        }
        for (int i : r.front)
            QVERIFY(r.nodes[size_t(i)].measuredLatencyMs > 0); // front points are measured
        // Fewer anchors, fewer cached candidates.
        QVERIFY(ev.candidatesPerImage(parseConfiguration("0-5")) < ev.candidatesPerImage({}));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "test_engine.moc"
