// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Training of a Detector on a Dataset (docs/design.md §2: a core job with progress and cancel): SSD
// MultiBox loss (smooth L1 + softmax cross-entropy with 3:1 hard-negative mining) or, for
// sigmoid heads, focal loss (α 0.25, γ 2) + L1; SGD with momentum and weight decay,
// linear warm-up, cosine or step schedule, gradient clipping; checkpoints and resume.
#include "data/dataset.h"
#include "models/detector.h"
#include "train/augment.h"
#include "util/progress.h"

#include <functional>
#include <string>
#include <vector>

namespace anchorscope {

class ProcessGroup;

struct TrainOptions {
    int epochs = 10;
    int batchSize = 16;
    double lr = 0.02;
    double momentum = 0.9;
    double weightDecay = 5e-4;
    double warmupEpochs = 1.0;
    std::string schedule = "cosine"; // cosine | step (×0.1 at 2/3 and 8/9 of the epochs)
    double clipGradNorm = 10.0;      // <= 0: no clipping
    bool freezeBatchNorm = false;    // fine-tuning: BatchNorm uses running statistics
    AugmentOptions augment;
    uint64_t seed = 0;
    int loaderThreads = 1;
    std::string checkpoint; // when set: <checkpoint>.aspt + <checkpoint>.optim written after every epoch
    bool resume = false;    // continue from the checkpoint
    // Distributed data parallel (docs/distributed.md): parameters broadcast from rank 0, each
    // epoch split across the ranks as DistributedSampler does (batchSize per rank), the
    // positives the losses divide by summed over the ranks, gradients averaged before every
    // step; checkpoints written by rank 0 only. BatchNorm: frozen with freezeBatchNorm,
    // otherwise each rank normalises with its own batch's statistics (not synchronised).
    ProcessGroup* group = nullptr;
};

struct EpochReport {
    int epoch = 0, epochs = 0;
    double loss = 0, locLoss = 0, clsLoss = 0;
    double lr = 0;
    double seconds = 0;
    double imagesPerSecond = 0;
    int images = 0, steps = 0; // this process's (one rank's share when distributed)
    std::vector<double> stepLosses; // the loss of every step (the mean over the ranks)
};

struct StepLosses {
    double total = 0, loc = 0, cls = 0;
};

// Trains in place. onEpoch (optional) is called after every epoch.
std::vector<EpochReport> trainDetector(Detector& model, const Dataset& train, const TrainOptions& opt,
                                       const ProgressToken* progress = nullptr,
                                       const std::function<void(const EpochReport&)>& onEpoch = {});

double learningRateAt(const TrainOptions& opt, double epochProgress); // epochs as a real number

} // namespace anchorscope
