// SPDX-License-Identifier: GPL-3.0-or-later
// Searches as measured properties (docs/search.md): on spaces small enough for the exhaustive
// front, each strategy's hypervolume as a share of the exhaustive one is held at a floor
// just under what it reaches, and a deliberately bad strategy fails that floor; the
// exhaustive front is the true Pareto front (every other node dominated); refine reaches a
// local optimum (every flip and swap of every front point evaluated, none better), never
// ends below its seed, and finds by one swap what every removal path misses; the strategy
// table is the one list the search reads; validation and the recommendation rule.
#include "test_util.h"
#include "constructed_cache.h"
#include "search_spaces.h"

#include "prune/cache_split.h"
#include "prune/config_evaluator.h"
#include "prune/search.h"
#include "prune/search_context.h"
#include "prune/search_strategies.h"
#include "prune/validation.h"
#include "util/random.h"

#include <QTemporaryDir>

#include <algorithm>
#include <set>

using namespace anchorscope;

namespace {

bool dominates(const SearchNode& a, const SearchNode& b)
{
    return a.result.stats[0] >= b.result.stats[0] && a.cost <= b.cost
           && (a.result.stats[0] > b.result.stats[0] || a.cost < b.cost);
}

// Every neighbour of c that refine's neighbourhood holds: one anchor out, one back, one swap.
std::vector<Configuration> neighbours(const Configuration& c, int numAnchors)
{
    std::vector<Configuration> out;
    std::vector<int> in, out_;
    for (int id = 0; id < numAnchors; ++id)
        (c.isRemoved(id) ? out_ : in).push_back(id);
    auto make = [&](std::vector<int> r) {
        std::sort(r.begin(), r.end());
        if (int(r.size()) < numAnchors)
            out.push_back(Configuration{r});
    };
    for (int a : in) {
        auto r = c.removed;
        r.push_back(a);
        make(r);
    }
    for (int b : out_) {
        auto r = c.removed;
        r.erase(std::find(r.begin(), r.end(), b));
        make(r);
        for (int a : in) {
            auto s = r;
            s.push_back(a);
            make(s);
        }
    }
    return out;
}

// After how many of r's evaluations (in order) its front's hypervolume reaches hv; -1: never.
int evaluationsToReach(const SearchResult& r, double hv)
{
    std::vector<std::pair<double, double>> pts;
    for (const SearchNode& n : r.nodes) {
        pts.emplace_back(n.cost / r.fullCost, n.result.stats[0]);
        if (hypervolume(pts, r.minAp) >= hv - 1e-12)
            return int(pts.size());
    }
    return -1;
}

// A deliberately bad strategy: ranked's removal order reversed (the most harmful unit first).
void reversedRanked(SearchContext& ctx, int root)
{
    std::vector<std::pair<double, SearchContext::Unit>> order;
    for (const auto& u : ctx.unitsForHead()) {
        const int n = ctx.node(SearchContext::with(ctx.config(root), u), root);
        order.emplace_back(ctx.ap(n), u);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    int cur = root;
    for (const auto& [ap, u] : order) {
        (void)ap;
        const Configuration c = SearchContext::with(ctx.config(cur), u);
        if (!ctx.valid(c))
            continue;
        const int n = ctx.node(c, cur);
        if (ctx.ap(n) >= ctx.minAp())
            cur = n;
    }
}
const SearchStrategy kReversed{"reversed", "ranked backwards (a test's bad strategy)", true, kNoBudget, &reversedRanked};

} // namespace

class TestSearch : public QObject {
    Q_OBJECT
    PredictionCache synth_; // 12 anchors, 40 trained-like images
    PredictionCache swapTrap_;

    SearchOptions options(const char* strategy) const
    {
        SearchOptions o;
        o.strategy = strategy;
        o.maxDrop = 0.05;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        configureThreads(2);
        synth_ = testutil::syntheticSpace(false, 40, 4);
        QVERIFY(synth_.numCandidates() > 1000);
        swapTrap_ = testutil::swapTrapCache();
    }

    // The front kept point by point equals nondominated() of everything so far, after every
    // point, ties in cost and AP included (the first of equal points stands for them).
    void incrementalFrontEqualsNondominated()
    {
        Rng rng(5);
        for (int run = 0; run < 20; ++run) {
            IncrementalFront front;
            std::vector<std::pair<double, double>> all;
            for (size_t i = 0; i < 200; ++i) {
                // Few distinct values: many points equal in cost, in AP or in both.
                const double cost = double(rng.integer(0, run < 10 ? 8 : 60));
                const double ap = 0.1 * double(rng.integer(0, run < 10 ? 6 : 40));
                all.emplace_back(cost, ap);
                front.add(i, cost, ap);
                QCOMPARE(front.points(), nondominated(all));
            }
        }
    }

    void strategyTable()
    {
        std::set<std::string> names;
        for (const SearchStrategy* s : searchStrategies()) {
            QVERIFY(names.insert(s->name).second);
            QVERIFY(std::string(s->description).size() > 20);
            QCOMPARE(&searchStrategy(s->name), s);
        }
        for (const char* n : {"refine", "paper", "ranked", "greedy", "layerwise", "shared", "exhaustive"})
            QVERIFY2(names.count(n), n);
        QCOMPARE(defaultSearchStrategy(), std::string("refine"));
        QCOMPARE(SearchOptions().strategy, defaultSearchStrategy());
        EXPECT_INPUT_ERROR(searchStrategy("best"), "refine, paper, ranked");
        ConfigEvaluator ev(synth_);
        SearchOptions o = options("best");
        EXPECT_INPUT_ERROR(runSearch(ev, o), "unknown search strategy 'best'");
    }

    // Search quality on spaces small enough for the exhaustive front: 12 anchors of a
    // trained-like ssd_small cache, and a shared head (8 units). Hypervolume as a share of the
    // exhaustive front's, held at a floor just under what each strategy reaches.
    void qualityAgainstExhaustive_data()
    {
        QTest::addColumn<bool>("shared");
        QTest::newRow("12 anchors") << false;
        QTest::newRow("shared head, 8 units") << true;
    }

    void qualityAgainstExhaustive()
    {
        QFETCH(bool, shared);
        const PredictionCache cache = testutil::syntheticSpace(shared, 40, shared ? 5 : 4);
        SearchOptions o;
        o.maxDrop = 0.03;
        o.strategy = "exhaustive";
        ConfigEvaluator ex(cache);
        const SearchResult all = runSearch(ex, o);
        qInfo("exhaustive: %zu configurations", all.nodes.size());
        QVERIFY(int(all.nodes.size()) == (shared ? 254 : 4095) || shared);
        // The exhaustive front is the true front: its members do not dominate each other and
        // every other node at or above min AP is dominated by one of them (or ties one).
        const std::set<int> front(all.front.begin(), all.front.end());
        for (int a : all.front)
            for (int b : all.front)
                QVERIFY(a == b || !dominates(all.nodes[size_t(a)], all.nodes[size_t(b)]));
        for (const auto& n : all.nodes) {
            if (front.count(n.index) || n.result.stats[0] < all.minAp)
                continue;
            bool beaten = false;
            for (int f : all.front) {
                const SearchNode& m = all.nodes[size_t(f)];
                beaten |= dominates(m, n) || (m.cost == n.cost && m.result.stats[0] == n.result.stats[0]);
            }
            QVERIFY2(beaten, qPrintable(QString::fromStdString(n.result.config.toString())));
        }
        QVERIFY(all.front.size() >= 4);
        qInfo("baseline AP %.4f, min AP %.4f, exhaustive front %zu points, hypervolume %.6f", all.baselineAp, all.minAp,
              all.front.size(), all.hypervolume);
        struct Floor {
            const char* strategy;
            double floor;
        };
        // Measured (docs/search.md): 12 anchors — refine 1.0, paper and greedy 0.9937, ranked
        // 0.9712, layerwise 0.7614; shared — refine, paper, shared and greedy 1.0, ranked 0.9616.
        const std::vector<Floor> floors = shared ? std::vector<Floor>{{"refine", 1.0}, {"paper", 0.99}, {"shared", 0.99}, {"greedy", 0.99}, {"ranked", 0.95}}
                                                 : std::vector<Floor>{{"refine", 1.0}, {"paper", 0.99}, {"greedy", 0.99}, {"ranked", 0.96}, {"layerwise", 0.75}};
        for (const auto& [strategy, floor] : floors) {
            ConfigEvaluator ev(cache);
            o.strategy = strategy;
            const SearchResult r = runSearch(ev, o);
            const double share = r.hypervolume / all.hypervolume;
            qInfo("%s: %zu evaluations, hypervolume %.6f = %.4f of the exhaustive front's", strategy, r.nodes.size(),
                  r.hypervolume, share);
            QVERIFY2(share >= floor - 1e-12, qPrintable(QStringLiteral("%1: %2 < %3").arg(strategy).arg(share).arg(floor)));
            QVERIFY(r.nodes.size() <= all.nodes.size());
            for (int i : r.front) {
                const SearchNode& n = r.nodes[size_t(i)];
                QVERIFY(n.result.stats[0] >= r.minAp || n.index == 0);
                QCOMPARE(n.result.stats, ex.evaluate(n.result.config).stats);
            }
            // Deterministic.
            ConfigEvaluator ev2(cache);
            const SearchResult again = runSearch(ev2, o);
            QCOMPARE(again.nodes.size(), r.nodes.size());
            for (size_t k = 0; k < r.nodes.size(); ++k)
                QCOMPARE(again.nodes[k].result.config.removed, r.nodes[k].result.config.removed);
        }
        ConfigEvaluator bad(cache);
        o.strategy = "reversed";
        const SearchResult reversed = runSearchWith(kReversed, bad, o);
        const double reversedShare = reversed.hypervolume / all.hypervolume;
        qInfo("reversed ranked: hypervolume share %.4f", reversedShare);
        // The floors catch a bad strategy: ranked backwards fails the floor of every search
        // that is not ranked itself.
        QVERIFY2(reversedShare < 0.99, qPrintable(QString::number(reversedShare)));
        if (!shared)
            QVERIFY2(reversedShare < 0.75, qPrintable(QString::number(reversedShare)));
        if (shared) {
            o.strategy = "layerwise";
            ConfigEvaluator ev(cache);
            EXPECT_INPUT_ERROR(runSearch(ev, o), "does not work on a shared head");
        }
    }

    // refine ends locally Pareto-optimal, checked from outside: every flip and swap of every
    // front point was evaluated and none dominates it. It never ends below its seed.
    void refineIsLocallyOptimal()
    {
        ConfigEvaluator ev(synth_);
        const SearchResult r = runSearch(ev, options("refine"));
        QVERIFY(r.complete);
        QVERIFY(r.locallyOptimal);
        QCOMPARE(r.seed, std::string("ranked"));
        QVERIFY(!r.neighbourhood.empty());
        std::set<std::vector<int>> evaluated;
        for (const auto& n : r.nodes)
            evaluated.insert(n.result.config.removed);
        ConfigEvaluator check(synth_);
        size_t tried = 0;
        for (int f : r.front) {
            const SearchNode& p = r.nodes[size_t(f)];
            for (const Configuration& c : neighbours(p.result.config, 12)) {
                QVERIFY2(evaluated.count(c.removed), qPrintable(QString::fromStdString(c.toString())));
                SearchNode n;
                n.result = check.evaluate(c);
                n.cost = objectiveCost(n.result, Objective::Macs);
                QVERIFY2(!dominates(n, p), qPrintable(QString::fromStdString(c.toString())));
                ++tried;
            }
        }
        QVERIFY(tried > 50);
        // The seed's front (ranked alone) is never better.
        ConfigEvaluator ev2(synth_);
        const SearchResult seed = runSearch(ev2, options("ranked"));
        QVERIFY(r.hypervolume >= seed.hypervolume);
        QCOMPARE(r.seedNodes, int(seed.nodes.size()));
        // Seeded from a finished search's front instead.
        SearchOptions o = options("refine");
        o.seedFront = &seed;
        ConfigEvaluator ev3(synth_);
        const SearchResult seeded = runSearch(ev3, o);
        QVERIFY(seeded.locallyOptimal);
        QVERIFY(seeded.hypervolume >= seed.hypervolume);
        // The seed's evaluations: the root and each other front point of the seed.
        int seedPoints = 1;
        for (int f : seed.front)
            seedPoints += seed.nodes[size_t(f)].result.config.removed.empty() ? 0 : 1;
        QCOMPARE(seeded.seedNodes, seedPoints);
        // Out of budget: not locally optimal, and says so.
        o.maxEvaluations = int(seed.front.size()) + 5;
        ConfigEvaluator ev4(synth_);
        const SearchResult cut = runSearch(ev4, o);
        QVERIFY(!cut.complete);
        QVERIFY(!cut.locallyOptimal);
        // A seed made on another cache is refused.
        SearchResult foreign = seed;
        foreign.baselineAp += 0.01;
        o.seedFront = &foreign;
        o.maxEvaluations = kNoBudget;
        ConfigEvaluator ev5(synth_);
        EXPECT_INPUT_ERROR(runSearch(ev5, o), "another prediction cache");
        // Through JSON, as projects and --seed-front read it.
        const SearchResult back = SearchResult::fromJson(nlohmann::json::parse(r.toJson(synth_.meta.anchors).dump()));
        QCOMPARE(back.locallyOptimal, true);
        QCOMPARE(back.neighbourhood, r.neighbourhood);
        QCOMPARE(back.seed, r.seed);
    }

    // refine's order is what makes it cheap (docs/search.md): seeded from ranked it reaches
    // the paper search's final hypervolume in fewer evaluations than the paper search makes,
    // on a 24-anchor trained-like space — and, held at a floor like the hypervolume shares, in
    // under a third of them. Measured: paper 371 evaluations; refine reaches its hypervolume
    // after 77, and after 205 when the waiting neighbours are taken first opened, first (no
    // prediction), which the floor catches; a refine that stops learning unit losses from its
    // flips and swaps is caught by when it reaches its own final front.
    void refineReachesPapersFrontSooner()
    {
        const PredictionCache cache = testutil::syntheticSpace(false, 40, 4, 6);
        QCOMPARE(cache.meta.anchors.numAnchors(), 24);
        SearchOptions o;
        o.maxDrop = 0.03;
        o.strategy = "paper";
        ConfigEvaluator ev(cache);
        const SearchResult paper = runSearch(ev, o);
        o.strategy = "refine";
        ConfigEvaluator ev2(cache);
        const SearchResult refined = runSearch(ev2, o);
        QVERIFY(refined.locallyOptimal);
        const int reached = evaluationsToReach(refined, paper.hypervolume);
        qInfo("paper: %zu evaluations, hypervolume %.6f; refine reaches it after %d of its %zu", paper.nodes.size(),
              paper.hypervolume, reached, refined.nodes.size());
        // Its own final front comes early too: the losses it learns from every flip and swap
        // steer it (measured: after 116 of 1201; without the learning after 293 of 1275).
        const int reachedFinal = evaluationsToReach(refined, refined.hypervolume);
        qInfo("refine's final hypervolume %.6f after %d evaluations", refined.hypervolume, reachedFinal);
        QVERIFY2(reachedFinal > 0 && reachedFinal <= 175, qPrintable(QString::number(reachedFinal)));
        QVERIFY(reached > 0);
        QVERIFY2(reached < int(paper.nodes.size()), qPrintable(QString::number(reached)));
        QVERIFY2(3 * reached <= int(paper.nodes.size()), qPrintable(QString::number(reached)));
    }

    // Three anchors of one level detect two objects: A both (score 0.6), B the first and C
    // the second (0.9). Removing A alone costs nothing, so every removal path takes A first
    // and then has to drop B or C (AP ≈ 0.5); A alone keeps AP 1 at the same cost — one swap
    // from where the paths end, and refine finds it.
    void oneSwapFindsWhatThePathsMiss()
    {
        SearchOptions o;
        o.maxDrop = 0.6;
        ConfigEvaluator ex(swapTrap_);
        o.strategy = "exhaustive";
        const SearchResult all = runSearch(ex, o);
        const Configuration onlyA = parseConfiguration("1,2,3-5"); // B, C and the empty levels out
        QCOMPARE(ex.evaluate(onlyA).stats[0], 1.0);
        auto cheapest = [](const SearchResult& r) { return r.nodes[size_t(r.front.front())]; };
        QCOMPARE(cheapest(all).result.config.removed, onlyA.removed);
        for (const char* strategy : {"paper", "greedy", "ranked"}) {
            ConfigEvaluator ev(swapTrap_);
            o.strategy = strategy;
            const SearchResult r = runSearch(ev, o);
            QVERIFY2(cheapest(r).result.stats[0] < 0.6, strategy); // the path ended at B or C alone
            QVERIFY(r.hypervolume < all.hypervolume);
        }
        ConfigEvaluator ev(swapTrap_);
        o.strategy = "refine";
        const SearchResult refined = runSearch(ev, o);
        QVERIFY(refined.locallyOptimal);
        QCOMPARE(cheapest(refined).result.config.removed, onlyA.removed);
        QCOMPARE(refined.hypervolume, all.hypervolume);
    }

    // The recommendation reads the validation images: the cheapest front point whose ΔAP
    // interval lies at or above −max drop, never the full model; none → -1.
    void recommendationRule()
    {
        SearchResult r;
        r.baselineAp = 0.5;
        r.minAp = 0.49;
        auto add = [&](std::vector<int> removed, double cost, double lo) {
            SearchNode n;
            n.index = int(r.nodes.size());
            n.result.config.removed = std::move(removed);
            n.cost = cost;
            n.onFront = true;
            NodeValidation v;
            v.hasInterval = true;
            v.deltaApCi = {lo, lo + 0.01};
            n.validation = v;
            r.nodes.push_back(n);
            r.front.push_back(n.index);
        };
        add({}, 10, 0);
        add({1, 2, 3}, 4, -0.02);
        add({1, 2}, 6, -0.01);
        add({1}, 8, -0.005);
        r.validation = SearchValidation{};
        r.validation->maxDrop = r.baselineAp - r.minAp;
        // The cheapest point is out (its interval reaches below −0.01); -0.01 itself is at the line.
        QCOMPARE(recommendedNode(r), 2);
        r.nodes[2].validation->deltaApCi[0] = -0.0101;
        QCOMPARE(recommendedNode(r), 3);
        r.nodes[3].validation->deltaApCi[0] = -0.02;
        QCOMPARE(recommendedNode(r), -1); // the full model alone: no recommendation
        r.validation.reset();
        QCOMPARE(recommendedNode(r), -1);
    }

    // A search validated on the other half of a split cache: every front point carries the
    // validation images' statistics and a paired interval that holds its ΔAP; the full model's
    // interval is [0, 0]; the recommendation follows the rule; the JSON keeps it all.
    void validatedFront()
    {
        const PredictionCache whole = testutil::syntheticSpace(false, 120, 9);
        const CacheSplit split = splitCacheByImage(whole, 0.5, 1);
        QVERIFY(split.search.images.size() + split.validation.images.size() == whole.images.size());
        QVERIFY(split.validation.images.size() > 40 && split.search.images.size() > 40);
        checkValidationCache(split.search, split.validation, "v.cache"); // fits: no throw
        ConfigEvaluator ev(split.search);
        SearchResult r = runSearch(ev, options("ranked"));
        QVERIFY(r.front.size() >= 3);
        ConfigEvaluator val(split.validation);
        BootstrapOptions bo;
        bo.replicates = 200;
        PairedBootstrap bs(val, bo);
        validateFront(r, bs, "v.cache");
        QVERIFY(r.validation);
        QCOMPARE(r.validation->replicates, 200);
        QCOMPARE(r.validation->images, int(split.validation.images.size()));
        ConfigEvaluator fresh(split.validation);
        const ConfigResult base = fresh.evaluate({});
        bool someInterval = false;
        for (int f : r.front) {
            const SearchNode& n = r.nodes[size_t(f)];
            QVERIFY(n.validation && n.validation->hasInterval);
            const ConfigResult onValidation = fresh.evaluate(n.result.config);
            QCOMPARE(n.validation->stats, onValidation.stats);
            QCOMPARE(n.validation->deltaAp, onValidation.stats[0] - base.stats[0]);
            QVERIFY(n.validation->deltaApCi[0] <= n.validation->deltaAp + 1e-12);
            QVERIFY(n.validation->deltaApCi[1] >= n.validation->deltaAp - 1e-12);
            QVERIFY(n.validation->deltaAp50Ci[0] <= n.validation->deltaAp50 + 1e-12);
            someInterval |= n.validation->deltaApCi[1] - n.validation->deltaApCi[0] > 1e-4;
        }
        QVERIFY(someInterval);
        for (const auto& n : r.nodes)
            QVERIFY(n.onFront || !n.validation);
        QCOMPARE(r.nodes[0].validation->deltaAp, 0.0);
        QCOMPARE(r.nodes[0].validation->deltaApCi[0], 0.0); // the full model against itself
        QCOMPARE(r.nodes[0].validation->deltaApCi[1], 0.0);
        QCOMPARE(r.recommended, recommendedNode(r));
        const SearchResult back = SearchResult::fromJson(nlohmann::json::parse(r.toJson(split.search.meta.anchors).dump()));
        QCOMPARE(back.recommended, r.recommended);
        QVERIFY(back.validation);
        QCOMPARE(back.validation->images, r.validation->images);
        QCOMPARE(back.nodes[size_t(r.front.back())].validation->deltaApCi, r.nodes[size_t(r.front.back())].validation->deltaApCi);
        // The same images are refused as validation images; so are another model's.
        EXPECT_INPUT_ERROR(checkValidationCache(split.search, whole, "v.cache"), "also search images");
        PredictionCache other = split.validation;
        other.modelIdentity = "another";
        other.threshold = 0.3f;
        EXPECT_INPUT_ERROR(checkValidationCache(split.search, other, "v.cache"), "another model");
        EXPECT_INPUT_ERROR(checkValidationCache(split.search, other, "v.cache"), "score threshold is 0.3");
        other = split.validation;
        std::swap(other.meta.classes[1].categoryId, other.meta.classes[2].categoryId);
        EXPECT_INPUT_ERROR(checkValidationCache(split.search, other, "v.cache"), "label map differs");
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "test_search.moc"
