// SPDX-License-Identifier: GPL-3.0-or-later
#include "train/trainer.h"

#include "dist/process_group_torch.h"
#include "models/detector_impl.h"
#include "util/json_access.h"
#include "train/batch_loader.h"
#include "train/losses.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/fault_injection.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace anchorscope {

double learningRateAt(const TrainOptions& opt, double e)
{
    double lr = opt.lr;
    if (opt.schedule == "step") {
        if (e >= opt.epochs * 8.0 / 9.0)
            lr *= 0.01;
        else if (e >= opt.epochs * 2.0 / 3.0)
            lr *= 0.1;
    } else {
        const double span = std::max(1e-9, opt.epochs - opt.warmupEpochs);
        const double t = std::clamp((e - opt.warmupEpochs) / span, 0.0, 1.0);
        lr *= 0.5 * (1.0 + std::cos(M_PI * t));
    }
    if (e < opt.warmupEpochs)
        lr *= 0.001 + 0.999 * e / opt.warmupEpochs; // linear warm-up
    return lr;
}

namespace {

std::string optimPath(const std::string& checkpoint) { return checkpoint + ".optim"; }
std::string modelPath(const std::string& checkpoint) { return checkpoint + ".aspt"; }

} // namespace

std::vector<EpochReport> trainDetector(Detector& model, const Dataset& train, const TrainOptions& opt,
                                       const ProgressToken* progress, const std::function<void(const EpochReport&)>& onEpoch)
{
    if (opt.epochs <= 0)
        throw InputError("training needs at least one epoch");
    if (!(opt.lr > 0))
        throw InputError("the learning rate must be positive");
    if (opt.schedule != "cosine" && opt.schedule != "step")
        throw InputError("unknown schedule '" + opt.schedule + "' (expected cosine or step)");
    ModelMeta& meta = model.mutableMeta();
    torch::jit::Module& module = model.impl().module;
    const bool sigmoid = meta.postprocess.scoreFunction == ScoreFunction::Sigmoid;
    MatchOptions match;
    if (sigmoid) {
        match.negativeIou = 0.4f;
        match.lowQualityMatches = true;
        match.forceBestPrior = false;
    }
    int startEpoch = 0;
    if (opt.resume) {
        if (opt.checkpoint.empty())
            throw InputError("--resume needs a checkpoint");
        Detector ck = Detector::load(modelPath(opt.checkpoint));
        if (ck.meta().anchors.numAnchors() != meta.anchors.numAnchors() || ck.meta().architecture != meta.architecture)
            throw InputError(modelPath(opt.checkpoint), "the checkpoint is of another model");
        try {
            const auto& runs = ck.meta().provenance.trainingRuns;
            startEpoch = runs.empty() || !runs.back().is_object() ? 0 : jsonaccess::integerOr<int>(runs.back(), "epochs_done", 0);
        } catch (const InputError& e) {
            jsonaccess::rethrowNaming(e, modelPath(opt.checkpoint));
        }
        if (startEpoch < 0)
            throw InputError(modelPath(opt.checkpoint), "the checkpoint records a negative epoch count");
        model = std::move(ck);
    }
    ModelMeta& m = model.mutableMeta();
    torch::jit::Module& mod = model.impl().module;
    (void)module;
    (void)meta;

    torch::manual_seed(opt.seed);
    tsb::setBatchNormFrozen(mod, opt.freezeBatchNorm);
    std::vector<at::Tensor> params;
    for (const auto& p : tsb::parameters(mod))
        if (p.requires_grad())
            params.push_back(p);
    torch::optim::SGD optimizer(params, torch::optim::SGDOptions(opt.lr).momentum(opt.momentum).weight_decay(opt.weightDecay));
    if (opt.resume && std::filesystem::exists(optimPath(opt.checkpoint)))
        torch::load(optimizer, optimPath(opt.checkpoint));
    const int rank = opt.group ? opt.group->rank() : 0, world = opt.group ? opt.group->size() : 1;
    if (opt.group) { // every rank starts from rank 0's weights (and BatchNorm statistics)
        std::vector<at::Tensor> state;
        {
            torch::NoGradGuard g;
            for (const auto& p : mod.named_parameters(true))
                state.push_back(p.value);
            for (const auto& b : mod.named_buffers(true))
                if (b.value.is_floating_point())
                    state.push_back(b.value);
            broadcastTensors(*opt.group, state, 0);
        }
    }
    const c10::Device device = model.impl().device;

    BatchLoader loader(train, m, opt.augment, match, opt.batchSize, opt.seed, opt.loaderThreads, rank, world);
    const int steps = loader.batchesPerEpoch();
    const size_t P = loader.numPriors();
    std::vector<EpochReport> reports;
    const auto t0 = std::chrono::steady_clock::now();
    int stepsDone = 0;
    for (int epoch = startEpoch; epoch < opt.epochs; ++epoch) {
        mod.train();
        loader.startEpoch(epoch);
        EpochReport rep;
        rep.epoch = epoch + 1;
        rep.epochs = opt.epochs;
        const auto e0 = std::chrono::steady_clock::now();
        TrainBatch batch;
        int step = 0, images = 0;
        while (loader.next(batch)) {
            checkCancelled(progress);
            const double lr = learningRateAt(opt, epoch + double(step) / steps);
            for (auto& group : optimizer.param_groups())
                static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);
            const int n = batch.size;
            at::Tensor x = torch::from_blob(batch.images.data(), {n, 3, m.inputH, m.inputW}, torch::kFloat32).to(device);
            at::Tensor labels = torch::from_blob(batch.labels.data(), {n, int64_t(P)}, torch::kInt64).to(device);
            at::Tensor regT = torch::from_blob(batch.regression.data(), {n, int64_t(P), 4}, torch::kFloat32).to(device);
            // Distributed: every rank divides by the positives of all ranks' batches (÷ world,
            // undone by the gradient average), so the step is that of one batch of all of them.
            double normaliser = 0;
            if (opt.group) {
                std::vector<double> positives{double(countPositives(labels, sigmoid, m.postprocess.backgroundIndex))};
                opt.group->allReduceSum(positives);
                normaliser = std::max(1.0, positives[0]) / world;
            }
            auto out = mod.forward({x}).toTuple();
            const at::Tensor logits = out->elements()[0].toTensor(), reg = out->elements()[1].toTensor();
            const LossTerms l = sigmoid ? focalLoss(logits, reg, labels, regT, 0.25, 2.0, normaliser)
                                        : multiboxLoss(logits, reg, labels, regT, m.postprocess.backgroundIndex, 3.0, normaliser);
            const at::Tensor loss = l.loc + l.cls;
            std::vector<double> values{loss.item<double>(), l.loc.item<double>(), l.cls.item<double>()};
            if (opt.group) { // what one process would report: the mean over the ranks
                opt.group->allReduceSum(values);
                for (double& v : values)
                    v /= world;
            }
            if (!std::isfinite(values[0]))
                throw InputError("training diverged (loss is not finite) at epoch " + std::to_string(epoch + 1)
                                 + "; lower the learning rate");
            optimizer.zero_grad();
            loss.backward();
            if (opt.group) {
                std::vector<at::Tensor> grads;
                for (const at::Tensor& p : params)
                    if (p.grad().defined()) // the same set on every rank: the same module runs everywhere
                        grads.push_back(p.grad());
                allReduceMean(*opt.group, grads);
            }
            if (opt.clipGradNorm > 0)
                torch::nn::utils::clip_grad_norm_(params, opt.clipGradNorm);
            optimizer.step();
            killAfterCountForTests("ANCHORSCOPE_TEST_KILL_AFTER_STEPS");
            rep.stepLosses.push_back(values[0]);
            rep.loss += values[0];
            rep.locLoss += values[1];
            rep.clsLoss += values[2];
            rep.lr = lr;
            ++step;
            ++stepsDone;
            images += n;
            if (progress) {
                const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                const int total = (opt.epochs - startEpoch) * steps;
                const double eta = elapsed / stepsDone * (total - stepsDone);
                char what[160];
                std::snprintf(what, sizeof what, "epoch %d/%d, loss %.3f (loc %.3f, cls %.3f), lr %.4f, ETA %.0f s",
                              epoch + 1, opt.epochs, rep.loss / step, rep.locLoss / step, rep.clsLoss / step, lr, eta);
                progress->report(double(stepsDone) / total, what);
            }
        }
        rep.loss /= std::max(1, step);
        rep.locLoss /= std::max(1, step);
        rep.clsLoss /= std::max(1, step);
        rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - e0).count();
        rep.imagesPerSecond = images / std::max(1e-9, rep.seconds);
        rep.images = images;
        rep.steps = step;
        mod.eval();
        if (!opt.checkpoint.empty() && rank == 0) {
            nlohmann::json run = {{"epochs_done", epoch + 1}, {"epochs", opt.epochs}, {"loss", rep.loss}, {"checkpoint", true}};
            auto& runs = m.provenance.trainingRuns;
            if (!runs.empty() && runs.back().value("checkpoint", false))
                runs.back() = run;
            else
                runs.push_back(run);
            model.save(modelPath(opt.checkpoint));
            writeFileAtomically(optimPath(opt.checkpoint), [&](std::ostream& out) { torch::save(optimizer, out); });
        }
        reports.push_back(rep);
        if (onEpoch)
            onEpoch(rep);
    }
    mod.eval();
    tsb::setBatchNormFrozen(mod, false);
    // Replace a checkpoint marker by the finished run's record.
    auto& runs = m.provenance.trainingRuns;
    if (!runs.empty() && runs.back().value("checkpoint", false))
        runs.pop_back();
    nlohmann::json run = {{"epochs", opt.epochs},
                          {"batch_size", opt.batchSize},
                          {"lr", opt.lr},
                          {"schedule", opt.schedule},
                          {"seed", opt.seed},
                          {"images", train.images.size()},
                          {"final_loss", reports.empty() ? 0.0 : reports.back().loss}};
    runs.push_back(run);
    return reports;
}

} // namespace anchorscope
