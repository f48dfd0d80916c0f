// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/torch_module_builder.h"

#include "util/error.h"

#include <atomic>
#include <cmath>
#include <sstream>

namespace anchorscope::tsb {

Module newModule(const std::string& kind)
{
    static std::atomic<int> counter{0};
    Module m(c10::QualifiedName("__torch__.anchorscope." + kind + "_" + std::to_string(counter++)));
    m.register_attribute("training", c10::BoolType::get(), true);
    return m;
}

void registerParameter(Module& m, const std::string& name, const at::Tensor& value, bool requiresGrad)
{
    m.register_parameter(name, value.detach().clone().set_requires_grad(requiresGrad), false);
}

Module conv2d(int in, int out, int kernel, int stride, int padding, bool bias, int groups, int dilation)
{
    Module m = newModule("Conv2d");
    // Kaiming normal, fan_out mode, ReLU gain (as torchvision initialises backbones).
    const double stdDev = std::sqrt(2.0 / double(out * kernel * kernel / groups));
    at::Tensor w = torch::randn({out, in / groups, kernel, kernel}) * stdDev;
    registerParameter(m, "weight", w);
    if (bias)
        registerParameter(m, "bias", torch::zeros({out}));
    std::ostringstream src;
    src << "def forward(self, x):\n"
        << "    return torch.conv2d(x, self.weight, " << (bias ? "self.bias" : "None") << ", [" << stride << ", "
        << stride << "], [" << padding << ", " << padding << "], [" << dilation << ", " << dilation << "], " << groups << ")\n";
    m.define(src.str());
    return m;
}

Module batchNorm2d(int channels)
{
    Module m = newModule("BatchNorm2d");
    registerParameter(m, "weight", torch::ones({channels}));
    registerParameter(m, "bias", torch::zeros({channels}));
    m.register_buffer("running_mean", torch::zeros({channels}));
    m.register_buffer("running_var", torch::ones({channels}));
    m.register_attribute("frozen", c10::BoolType::get(), false);
    m.define(R"(
def forward(self, x):
    use_batch = self.training and not self.frozen
    return torch.batch_norm(x, self.weight, self.bias, self.running_mean, self.running_var, use_batch, 0.1, 1e-5, False)
)");
    return m;
}

Module sequential(const std::vector<Module>& parts)
{
    Module m = newModule("Sequential");
    std::ostringstream src;
    src << "def forward(self, x):\n";
    for (size_t i = 0; i < parts.size(); ++i) {
        m.register_module("m" + std::to_string(i), parts[i]);
        src << "    x = self.m" << i << ".forward(x)\n";
    }
    src << "    return x\n";
    m.define(src.str());
    return m;
}

Module numberedSequential(const std::vector<SeqLayer>& layers)
{
    Module m = newModule("Sequential");
    std::ostringstream src;
    src << "def forward(self, x):\n";
    for (size_t i = 0; i < layers.size(); ++i) {
        const SeqLayer& l = layers[i];
        if (l.kind == SeqLayer::Mod) {
            m.register_module(std::to_string(i), l.module);
            src << "    x = getattr(self, '" << i << "').forward(x)\n";
        } else if (l.kind == SeqLayer::Relu) {
            src << "    x = torch.relu(x)\n";
        } else {
            src << "    x = torch.max_pool2d(x, [" << l.kernel << ", " << l.kernel << "], [" << l.stride << ", " << l.stride
                << "], [" << l.padding << ", " << l.padding << "], [1, 1], " << (l.ceilMode ? "True" : "False") << ")\n";
        }
    }
    src << "    return x\n";
    m.define(src.str());
    return m;
}

Module convBnRelu(int in, int out, int kernel, int stride, int padding)
{
    Module m = newModule("ConvBnRelu");
    m.register_module("conv", conv2d(in, out, kernel, stride, padding, false));
    m.register_module("bn", batchNorm2d(out));
    m.define(R"(
def forward(self, x):
    return torch.relu(self.bn.forward(self.conv.forward(x)))
)");
    return m;
}

void setBatchNormFrozen(Module& root, bool frozen)
{
    for (Module m : root.modules()) {
        if (m.hasattr("frozen")) {
            m.setattr("frozen", frozen);
            for (const auto& p : m.named_parameters(false))
                p.value.set_requires_grad(!frozen);
        }
    }
}

Module deepCopy(const Module& m) { return m.deepcopy(); }

std::vector<at::Tensor> parameters(const Module& m)
{
    std::vector<at::Tensor> out;
    for (const auto& p : m.parameters(true))
        out.push_back(p);
    return out;
}

Module submodule(const Module& root, const std::string& path)
{
    Module cur = root;
    std::stringstream ss(path);
    std::string part;
    while (std::getline(ss, part, '.')) {
        if (!cur.hasattr(part))
            throw InputError("model has no submodule '" + path + "'");
        const c10::IValue v = cur.attr(part);
        if (!v.isModule())
            throw InputError("model attribute '" + path + "' is not a module");
        cur = v.toModule();
    }
    return cur;
}

} // namespace anchorscope::tsb
