// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The command lines a user takes to a cluster (docs/distributed.md): retraining the
// project's selected configuration with `anchorscope-cli retrain --project` under torchrun,
// as one command line (single or multi-node) and as a Slurm batch script that runs torchrun
// once per node. The window's "Run on a cluster…" shows them; the tests run the single-node
// one as written.
#include <string>

namespace anchorscope {

struct ClusterJob {
    std::string cli = "anchorscope-cli"; // the program on the cluster's nodes
    std::string project;                 // the .asproj (its selection, model and images)
    std::string trainData;               // training annotations
    std::string holdoutData;             // optional
    std::string output;                  // the retrained .aspt (written by rank 0)
    int epochs = 3;
    int batchPerRank = 16;
    double lr = 0.005;
    int nodes = 1;
    int processesPerNode = 1; // GPUs per node with cuda; processes per node on CPU
    std::string device = "cuda"; // cuda or cpu
    int threadsPerProcess = 0;   // 0: the CLI's default
    int port = 29500;            // rendezvous port on the first node
    std::string jobName = "anchorscope-retrain";
};

// One shell command: torchrun … --no_python <cli> retrain --project … (multi-node: the
// c10d rendezvous on $MASTER_ADDR, run the same line on every node). Arguments are quoted
// for a POSIX shell.
std::string torchrunCommand(const ClusterJob& job);

// A Slurm batch script (#SBATCH lines, the first node as rendezvous host, srun running the
// torchrun command once per node); resumable (--checkpoint beside the output, --resume when
// its checkpoint exists, e.g. after a requeue).
std::string slurmScript(const ClusterJob& job);

// `s` quoted for a POSIX shell (unchanged when it needs no quotes).
std::string shellQuote(const std::string& s);

} // namespace anchorscope
