// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// INTERNAL (includes torch): building TorchScript modules in C++. One place that owns the
// C++-built TorchScript rules of docs/design.md §5:
//  * every module gets a registered `training` attribute, so train()/eval() work;
//  * forward code is generated with constants baked in (define() sees only ATen builtins);
//  * type names are unique per build, so a saved hierarchy never has two classes of one name;
//  * parameters are replaced with registerParameter() (an optimizer must be rebuilt after);
//  * surgery happens on deepCopy(), never on a handle shared with the caller.
#include <torch/script.h>

#include <string>

namespace anchorscope::tsb {

using torch::jit::Module;

// A new empty module with a unique type name derived from `kind` and a `training` attribute.
Module newModule(const std::string& kind);

// conv2d with baked stride/padding/groups; kaiming-normal (fan_out, relu) weights, zero bias.
Module conv2d(int in, int out, int kernel, int stride, int padding, bool bias = true, int groups = 1, int dilation = 1);
// BatchNorm2d (eps 1e-5, momentum 0.1) with a `frozen` attribute: frozen BN always uses the
// running statistics (fine-tuning on tiny CPU batches).
Module batchNorm2d(int channels);
// conv (no bias) → BN → ReLU.
Module convBnRelu(int in, int out, int kernel, int stride, int padding);
// Runs the given submodules in order.
Module sequential(const std::vector<Module>& parts);

// A torch.nn.Sequential look-alike with numbered children, so parameter names follow
// PyTorch's ("3.weight"): each layer is a module (conv, nested sequence) or a parameter-free
// op that still takes its index (ReLU, max pooling), as in torchvision's definitions.
struct SeqLayer {
    enum Kind { Mod, Relu, MaxPool } kind = Mod;
    Module module{c10::QualifiedName("__torch__.anchorscope.Placeholder")};
    int kernel = 2, stride = 2, padding = 0;
    bool ceilMode = false;
    static SeqLayer mod(Module m) { SeqLayer l; l.module = std::move(m); return l; }
    static SeqLayer relu() { SeqLayer l; l.kind = Relu; return l; }
    static SeqLayer pool(int k, int s, int p, bool ceil) { SeqLayer l; l.kind = MaxPool; l.kernel = k; l.stride = s; l.padding = p; l.ceilMode = ceil; return l; }
};
Module numberedSequential(const std::vector<SeqLayer>& layers);

void setBatchNormFrozen(Module& m, bool frozen);
void registerParameter(Module& m, const std::string& name, const at::Tensor& value, bool requiresGrad = true);
Module deepCopy(const Module& m);
std::vector<at::Tensor> parameters(const Module& m);
// Finds a submodule by dotted path ("head.cls_0"); throws InputError if missing.
Module submodule(const Module& root, const std::string& dottedPath);

} // namespace anchorscope::tsb
