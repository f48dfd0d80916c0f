// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A detector = a TorchScript module returning raw head outputs + its ModelMeta; stored as an
// .aspt package (TorchScript archive with anchorscope.json inside). No torch in this header.
#include "models/model_meta.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace anchorscope {

struct RawOutputs {
    int n = 0, boxes = 0, classes = 0;
    std::vector<float> logits;     // [n][boxes][classes]
    std::vector<float> regression; // [n][boxes][4]
    std::vector<std::pair<int, int>> featureSizes; // per level (H, W)
};

class Detector {
public:
    Detector();
    ~Detector();
    Detector(Detector&&) noexcept;
    Detector& operator=(Detector&&) noexcept;

    // A freshly initialised native detector. `classes` lists the score columns in order,
    // the background column included (category id -1) where the architecture has one.
    static Detector createNative(const std::string& architecture, const AnchorSet& anchors,
                                 const std::vector<ClassInfo>& classes, uint64_t seed = 0);
    // Opens an .aspt; checks layout, metadata, that the AnchorSet fits the head, and that
    // every weight is finite. Throws InputError with what is wrong.
    static Detector load(const std::string& path);
    // Copies the tensors of a plain-dict state dict (Python: torch.save(dict(model.state_dict())))
    // into the module by name; every parameter and buffer must be present with its shape.
    // Throws InputError listing missing, unexpected and mis-shaped entries.
    void loadStateDict(const std::string& path);
    // Writes the package atomically (always in eval mode).
    void save(const std::string& path) const;
    Detector clone() const;

    const ModelMeta& meta() const;
    ModelMeta& mutableMeta();

    // Raw outputs for preprocessed images [n][3][H][W] (default: the model's input size).
    RawOutputs forward(const float* images, int n, int height = 0, int width = 0) const;
    // Where the model runs: "cpu", "cuda" or "cuda:N" (parameters moved there; forward takes
    // and returns host memory either way). InputError for a device this LibTorch lacks.
    void setDevice(const std::string& device);
    std::string device() const;
    // Identity: a hash of the parameters and the metadata that affects outputs.
    std::string identity() const;
    int64_t parameterCount() const;

    struct Impl;
    Impl& impl() const { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

// Sets LibTorch's intra-op threads (and OpenCV's to 1) for the calling process, and (once)
// glibc's allocator and LibTorch's (the tensor block cache) to keep large freed blocks for
// the next forward pass; call once at start-up and in every worker thread that runs torch.
void configureThreads(int torchThreads = 0); // 0: hardware concurrency

// Whether this LibTorch was built with CUDA and sees a GPU.
bool cudaAvailable();
// Whether this LibTorch was built with CUDA at all (a GPU may still be missing).
bool cudaInBuild();
// Checks a device name ("cpu", "cuda", "cuda:N"); throws InputError saying why it cannot be
// used here (unknown name, no CUDA in this build, no such GPU).
void checkDevice(const std::string& device);

// The LibTorch version this build runs on ("1.13.0"), for provenance.
std::string libtorchVersion();

} // namespace anchorscope
