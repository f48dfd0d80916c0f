// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How a model is run: LibTorch's intra-op thread count and the batch size. Both change the
// last bits of the outputs (convolution blocking, where vectorised loops end), so under the
// torchvision tie rule — which promises torchvision's own bits — they are part of what a
// result means and are recorded in prediction caches. The default for such a model
// reproduces torchvision's `model([img])` in a fresh PyTorch process on this machine:
// batch 1 at LibTorch's default thread count. Other models default to every core and
// batches of 8 (1 for models that resize by scale, whose inputs differ in size).
// No torch in this header.
#include "models/model_meta.h"

namespace anchorscope {

struct RunSettings {
    int threads = 0; // 0: the model's default
    int batch = 0;   // 0: the model's default
    bool operator==(const RunSettings& o) const { return threads == o.threads && batch == o.batch; }
};

// LibTorch's default intra-op thread count here: what torch.get_num_threads() gives in a new
// PyTorch process (OMP_NUM_THREADS, else LibTorch's own choice).
int torchDefaultThreads();
// The thread count LibTorch's intra-op work on the calling thread uses now.
int torchThreads();

RunSettings defaultRunSettings(const ModelMeta& meta);
// `requested` with its zeros replaced by the model's defaults (and batch 1 where the model
// resizes by scale).
RunSettings resolveRunSettings(const ModelMeta& meta, RunSettings requested);

// Sets LibTorch's thread count for the calling thread for a scope; restores it after.
class ScopedTorchThreads {
public:
    explicit ScopedTorchThreads(int threads);
    ~ScopedTorchThreads();
    ScopedTorchThreads(const ScopedTorchThreads&) = delete;
    ScopedTorchThreads& operator=(const ScopedTorchThreads&) = delete;

private:
    int previous_;
};

} // namespace anchorscope
