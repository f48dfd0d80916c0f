// SPDX-License-Identifier: GPL-3.0-or-later
#include "dist/cluster_command.h"

#include <sstream>

namespace anchorscope {

std::string shellQuote(const std::string& s)
{
    if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%") == std::string::npos)
        return s;
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

namespace {

// torchrun's launcher options: Debian's Python 3.11 needs --redirects/--tee with a log
// folder (its default log handling crashes), --no_python runs the CLI itself.
std::string launcher(const ClusterJob& j, bool rendezvous)
{
    std::ostringstream s;
    s << "torchrun";
    if (!rendezvous)
        s << " --standalone";
    else
        s << " --nnodes=" << j.nodes << " --rdzv_backend=c10d --rdzv_endpoint=$MASTER_ADDR:" << j.port
          << " --rdzv_id=" << shellQuote(j.jobName);
    s << " --nproc_per_node=" << j.processesPerNode << " --redirects 2 --tee 2 --log_dir " << shellQuote(j.output + ".logs")
      << " --no_python";
    return s.str();
}

std::string retrainArguments(const ClusterJob& j, bool resumable)
{
    std::ostringstream s;
    s << shellQuote(j.cli) << " retrain --project " << shellQuote(j.project) << " --data " << shellQuote(j.trainData);
    if (!j.holdoutData.empty())
        s << " --holdout " << shellQuote(j.holdoutData);
    s << " --epochs " << j.epochs << " --batch " << j.batchPerRank << " --lr " << j.lr << " --device " << j.device;
    if (j.threadsPerProcess > 0)
        s << " --threads " << j.threadsPerProcess;
    if (resumable)
        s << " --checkpoint " << shellQuote(j.output + ".ckpt") << " $RESUME";
    s << " --out " << shellQuote(j.output) << " --json";
    return s.str();
}

} // namespace

std::string torchrunCommand(const ClusterJob& job)
{
    return launcher(job, job.nodes > 1) + " " + retrainArguments(job, false);
}

std::string slurmScript(const ClusterJob& job)
{
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "# Retrains the selected configuration of " << job.project << " on " << job.nodes << " node(s) × "
      << job.processesPerNode << " process(es); written by Anchorscope.\n"
      << "#SBATCH --job-name=" << job.jobName << "\n"
      << "#SBATCH --nodes=" << job.nodes << "\n"
      << "#SBATCH --ntasks-per-node=1\n";
    if (job.device == "cuda")
        s << "#SBATCH --gpus-per-node=" << job.processesPerNode << "\n";
    s << "#SBATCH --requeue\n"
      << "set -euo pipefail\n"
      << "export MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)\n"
      << "# After a requeue the run continues from rank 0's last checkpoint.\n"
      << "RESUME=\"\"\n"
      << "if [ -f " << shellQuote(job.output + ".ckpt.aspt") << " ]; then RESUME=--resume; fi\n";
    // Always the rendezvous form under Slurm, also on one node (its host is MASTER_ADDR).
    s << "srun " << launcher(job, true) << " " << retrainArguments(job, true) << "\n";
    return s.str();
}

} // namespace anchorscope
