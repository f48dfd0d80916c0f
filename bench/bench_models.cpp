// SPDX-License-Identifier: GPL-3.0-or-later
// Forward throughput (batch 1 and 8) and training-step time of the native architectures in
// LibTorch, as JSON — bench/compare_models_pytorch.py runs the same models in Python
// PyTorch and prints both. Training step = forward + (Σ logits² + Σ regression²) / n +
// backward + SGD step, the same synthetic loss in both, so the frameworks are compared, not
// the loss code. Median of repeated runs after warm-up (the first calls at a shape are slow).
//
//   bench_models [--threads 2] [--repeat 5] [--out DIR] [--block-cache 0|1] [--arch NAME]
//   (writes DIR/<arch>.aspt for Python; --block-cache 0 runs without the tensor block cache)
#include "models/detector.h"
#include "models/detector_impl.h"
#include "models/tensor_block_cache.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>

using namespace anchorscope;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

template <typename F>
double timeIt(F&& f, int repeat)
{
    for (int i = 0; i < 5; ++i)
        f(); // warm-up: the profiling executor optimises during the first runs
    std::vector<double> t;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return median(t);
}

} // namespace

int main(int argc, char** argv)
{
    int threads = 2, repeat = 5;
    std::string out = ".", only;
    bool blockCache = true;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads"))
            threads = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeat"))
            repeat = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--out"))
            out = argv[i + 1];
        else if (!std::strcmp(argv[i], "--block-cache"))
            blockCache = std::atoi(argv[i + 1]) != 0;
        else if (!std::strcmp(argv[i], "--arch"))
            only = argv[i + 1];
    }
    configureThreads(threads);
    setTensorBlockCacheEnabled(blockCache);
    struct Case {
        std::string arch, anchors;
        int size, classes;
    };
    const std::vector<Case> cases = {{"ssd_small", "ssd_small_overanchorized", 256, 6},
                                     {"ssd300_vgg16", "ssd300_torchvision", 300, 81},
                                     {"retinanet_r18_fpn", "retinanet_torchvision", 512, 80}};
    nlohmann::json results = nlohmann::json::array();
    for (const Case& c : cases) {
        if (!only.empty() && c.arch != only)
            continue;
        std::vector<ClassInfo> classes;
        const bool sigmoid = c.arch == "retinanet_r18_fpn";
        if (!sigmoid)
            classes.push_back({"bg", -1});
        for (int k = int(classes.size()); k < c.classes; ++k)
            classes.push_back({"c" + std::to_string(k), k + 1});
        Detector d = Detector::createNative(c.arch, anchorPreset(c.anchors, c.size, c.size), classes, 0);
        d.save(out + "/" + c.arch + ".aspt");
        torch::jit::Module& m = d.impl().module;
        nlohmann::json r = {{"arch", c.arch}, {"input", c.size}, {"classes", c.classes}};
        // Forward of the package as saved and loaded again (what the application runs, and
        // exactly what the Python side loads), then of the module as built in memory.
        const Detector loaded = Detector::load(out + "/" + c.arch + ".aspt");
        for (const auto& [prefix, module] : {std::pair<std::string, torch::jit::Module*>{"", &loaded.impl().module},
                                             std::pair<std::string, torch::jit::Module*>{"in_memory_", &m}}) {
            for (int batch : {1, 8}) {
                const at::Tensor x = torch::randn({batch, 3, c.size, c.size});
                module->eval();
                const double s = timeIt(
                    [&] {
                        c10::InferenceMode g;
                        module->forward({x});
                    },
                    repeat);
                r[prefix + "forward_images_per_second_b" + std::to_string(batch)] = batch / s;
            }
        }
        m.train();
        std::vector<at::Tensor> params = tsb::parameters(m);
        torch::optim::SGD opt(params, torch::optim::SGDOptions(0.001).momentum(0.9));
        const at::Tensor x = torch::randn({8, 3, c.size, c.size});
        const double step = timeIt(
            [&] {
                auto o = m.forward({x}).toTuple();
                const at::Tensor a = o->elements()[0].toTensor(), b = o->elements()[1].toTensor();
                const at::Tensor loss = (a.pow(2).sum() + b.pow(2).sum()) / a.size(1);
                opt.zero_grad();
                loss.backward();
                opt.step();
            },
            std::max(3, repeat / 2));
        m.eval();
        r["train_step_seconds_b8"] = step;
        const TensorBlockCacheStats cs = tensorBlockCacheStats();
        r["block_cache"] = {{"enabled", cs.enabled}, {"hits", cs.hits}, {"misses", cs.misses}, {"evictions", cs.evictions},
                            {"cached_mib", double(cs.cachedBytes) / (1 << 20)}};
        results.push_back(r);
        std::cerr << r.dump() << "\n";
    }
    std::cout << results.dump(1) << "\n";
    return 0;
}
