// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/run_settings.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <thread>

namespace anchorscope {

int torchDefaultThreads() { return std::max(1, at::intraop_default_num_threads()); }

int torchThreads() { return at::get_num_threads(); }

RunSettings defaultRunSettings(const ModelMeta& meta)
{
    if (meta.postprocess.tieRule == TieRule::Torchvision)
        return {torchDefaultThreads(), 1};
    return {int(std::max(1u, std::thread::hardware_concurrency())), meta.resizePolicy == "min_max" ? 1 : 8};
}

RunSettings resolveRunSettings(const ModelMeta& meta, RunSettings r)
{
    const RunSettings d = defaultRunSettings(meta);
    if (r.threads <= 0)
        r.threads = d.threads;
    if (r.batch <= 0)
        r.batch = d.batch;
    if (meta.resizePolicy == "min_max")
        r.batch = 1;
    return r;
}

ScopedTorchThreads::ScopedTorchThreads(int threads) : previous_(at::get_num_threads())
{
    if (threads > 0 && threads != previous_)
        at::set_num_threads(threads);
}

ScopedTorchThreads::~ScopedTorchThreads()
{
    if (at::get_num_threads() != previous_)
        at::set_num_threads(previous_);
}

} // namespace anchorscope
