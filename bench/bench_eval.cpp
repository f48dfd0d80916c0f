// SPDX-License-Identifier: GPL-3.0-or-later
// NMS and COCO evaluation on the synthetic SSD300-sized predictions of
// shared/bench/make_ssd300_cache.py (500 images × 8732 boxes × 81 columns) and on the
// realistic_500 golden case.
//
//   bench_eval --data DIR [--fixtures DIR] [--cache FILE] [--write-detections FILE] [benchmark flags]
//
// --cache (the same predictions as a prediction cache, `anchorscope-cli import-predictions`)
// adds the configuration evaluator: from scratch, and a child of the full configuration.
//
// --write-detections writes the detections after NMS (COCO results) so that
// bench/compare_nms_torchvision.py can check that torchvision keeps the same set.
#include "data/coco_json.h"
#include "eval/coco_eval.h"
#include "eval/postprocess.h"
#include "prune/config_evaluator.h"
#include "prune/prediction_cache.h"
#include "prune/reference_cache_import.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <utility>

using namespace anchorscope;

namespace {

std::string g_dataDir, g_fixturesDir, g_writeDetections, g_cacheFile;
std::unique_ptr<ImportedPredictions> g_pred;

PostProcessSettings referenceSettings()
{
    // As make_ssd300_cache.py's reference: score > 0.02, batched_nms IoU 0.45, top 200 per image.
    PostProcessSettings s;
    s.scoreFunction = ScoreFunction::Softmax; // scores are already probabilities
    s.backgroundIndex = 80;
    s.scoreThreshold = 0.02f;
    s.topkMode = TopKMode::None;
    s.nmsIou = 0.45f;
    s.maxDetections = 200;
    return s;
}

const ImportedPredictions& predictions()
{
    if (!g_pred)
        g_pred = std::make_unique<ImportedPredictions>(importReferencePredictions(g_dataDir, 0.02f));
    return *g_pred;
}

std::vector<DetectionRecord> runNms(const ImportedPredictions& p, const PostProcessSettings& s, SelectionWorkspace& ws)
{
    std::vector<DetectionRecord> out;
    SelectionOptions opt;
    opt.presorted = true;
    for (size_t i = 0; i < p.perImage.size(); ++i) {
        const CandidateList& c = p.perImage[i];
        for (uint32_t k : selectDetections(c.view(), s, ws, opt)) {
            const Boxf& b = c.boxes[k];
            out.push_back({p.gt.images[i].id, p.categoryIdByColumn[size_t(c.labels[k])], b.x1, b.y1, b.x2 - b.x1,
                           b.y2 - b.y1, c.scores[k]});
        }
    }
    return out;
}

void BM_Nms500(benchmark::State& state)
{
    const auto& p = predictions();
    const PostProcessSettings s = referenceSettings();
    SelectionWorkspace ws;
    size_t candidates = 0;
    for (const auto& c : p.perImage)
        candidates += c.size();
    size_t kept = 0;
    for (auto _ : state) {
        auto d = runNms(p, s, ws);
        kept = d.size();
        benchmark::DoNotOptimize(d.data());
    }
    state.counters["candidates"] = double(candidates);
    state.counters["kept"] = double(kept);
}

void BM_CocoEvaluate500(benchmark::State& state)
{
    const auto& p = predictions();
    SelectionWorkspace ws;
    const auto dets = runNms(p, referenceSettings(), ws);
    CocoEvaluator ev(p.gt);
    for (auto _ : state)
        benchmark::DoNotOptimize(ev.evaluate(dets).stats[0]);
    state.counters["detections"] = double(dets.size());
    static bool printed = false;
    if (!std::exchange(printed, true))
        std::cerr << "AP of the 500-image SSD300-sized detections: " << ev.evaluate(dets).stats[0] << "\n";
}

void BM_ConfigurationEndToEnd500(benchmark::State& state)
{
    // What one search step costs from scratch: NMS of every image + COCO evaluation.
    const auto& p = predictions();
    SelectionWorkspace ws;
    CocoEvaluator ev(p.gt);
    for (auto _ : state) {
        const auto dets = runNms(p, referenceSettings(), ws);
        benchmark::DoNotOptimize(ev.evaluate(dets).stats[0]);
    }
}

void BM_CocoEvaluateRealistic500(benchmark::State& state)
{
    const Dataset gt = readCocoDataset(g_fixturesDir + "/cocoeval/realistic_500/gt.json");
    const auto dts = readCocoResults(g_fixturesDir + "/cocoeval/realistic_500/dt.json", &gt);
    CocoEvaluator ev(gt);
    for (auto _ : state)
        benchmark::DoNotOptimize(ev.evaluate(dts).stats[0]);
    state.counters["detections"] = double(dts.size());
}

const PredictionCache& cache()
{
    static const PredictionCache c = PredictionCache::load(g_cacheFile);
    return c;
}

void BM_EvaluatorFromScratch(benchmark::State& state)
{
    ConfigEvaluator ev(cache(), int(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(ev.score(ev.detections({})).stats[0]);
}

void BM_EvaluatorChildOfRoot(benchmark::State& state)
{
    // One anchor removed from the full configuration, incrementally (the first step of every
    // search); the anchor cycles through all of them.
    ConfigEvaluator ev(cache(), int(state.range(0)));
    ConfigEvaluator::State root = ev.detections({});
    ev.scoreAndKeep(root);
    const int anchors = cache().meta.anchors.numAnchors();
    int a = 0;
    size_t reselected = 0, n = 0;
    for (auto _ : state) {
        const ConfigEvaluator::State child = ev.childDetections(root, Configuration{{a}});
        benchmark::DoNotOptimize(ev.score(child).stats[0]);
        reselected += child.reselectedImages;
        ++n;
        a = (a + 1) % anchors;
    }
    state.counters["reselected_images"] = double(reselected) / double(std::max<size_t>(1, n));
}

long peakRssKb()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<char*> rest{argv[0]};
    g_fixturesDir = "../shared/fixtures";
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--data") && i + 1 < argc)
            g_dataDir = argv[++i];
        else if (!std::strcmp(argv[i], "--fixtures") && i + 1 < argc)
            g_fixturesDir = argv[++i];
        else if (!std::strcmp(argv[i], "--cache") && i + 1 < argc)
            g_cacheFile = argv[++i];
        else if (!std::strcmp(argv[i], "--write-detections") && i + 1 < argc)
            g_writeDetections = argv[++i];
        else
            rest.push_back(argv[i]);
    }
    int n = int(rest.size());
    benchmark::Initialize(&n, rest.data());
    if (!g_writeDetections.empty()) {
        SelectionWorkspace ws;
        writeCocoResults(runNms(predictions(), referenceSettings(), ws), g_writeDetections);
        std::cout << "wrote " << g_writeDetections << "\n";
        return 0;
    }
    benchmark::RegisterBenchmark("CocoEvaluate/realistic_500", BM_CocoEvaluateRealistic500)->Unit(benchmark::kMillisecond);
    if (!g_dataDir.empty()) {
        benchmark::RegisterBenchmark("Nms/ssd300_500img", BM_Nms500)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark("CocoEvaluate/ssd300_500img", BM_CocoEvaluate500)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark("Configuration/ssd300_500img", BM_ConfigurationEndToEnd500)->Unit(benchmark::kMillisecond);
    }
    if (!g_cacheFile.empty()) {
        benchmark::RegisterBenchmark("Evaluator/from_scratch", BM_EvaluatorFromScratch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark("Evaluator/child_of_root", BM_EvaluatorChildOfRoot)->Arg(1)->Arg(2)->Iterations(90)->Unit(benchmark::kMillisecond);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    std::cerr << "peak RSS " << peakRssKb() / 1024 << " MiB\n";
    return 0;
}
