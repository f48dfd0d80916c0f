// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/detector.h"

#include "models/architecture.h"
#include "models/detector_impl.h"
#include "models/model_archive.h"
#include "models/tensor_block_cache.h"
#include "data/image_size.h"
#include "util/json_access.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/fnv1a.h"

#include <torch/version.h>

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>

#include <cmath>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <torch/csrc/jit/serialization/pickle.h>

namespace anchorscope {

static const char* kMetaFile = "anchorscope.json";

Detector::Detector() : impl_(std::make_unique<Impl>()) {}
Detector::~Detector() = default;
Detector::Detector(Detector&&) noexcept = default;
Detector& Detector::operator=(Detector&&) noexcept = default;

const ModelMeta& Detector::meta() const { return impl_->meta; }
ModelMeta& Detector::mutableMeta() { return impl_->meta; }

namespace {

// glibc hands out blocks from 128 KB up by mmap and unmaps them on free, raising that limit
// only slowly as it sees them come back: a forward pass allocates and frees its activation
// tensors every call, so a fresh process page-faults its way through every forward. A
// fixed mmap limit at glibc's maximum (32 MB) and a high trim threshold keep the freed
// blocks in the heap for the next call. Measured (bench_models, ssd_small 256², 2
// threads): 154 → 190 images/s at batch 1, 203 → 268 at batch 8; the price is up to the
// trim threshold of freed memory the process keeps.
void keepTensorBlocksInTheHeap()
{
#if defined(__GLIBC__)
    static const bool done = [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
        return true;
    }();
    (void)done;
#endif
}

} // namespace

void configureThreads(int torchThreads)
{
    if (torchThreads <= 0)
        torchThreads = int(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(torchThreads);
    disableOpenCvThreading();
    keepTensorBlocksInTheHeap();
    installTensorBlockCache();
}

Detector Detector::createNative(const std::string& architecture, const AnchorSet& anchors,
                                const std::vector<ClassInfo>& classes, uint64_t seed)
{
    const ArchitectureSpec& arch = architectureSpec(architecture);
    Detector d;
    ModelMeta& m = d.impl_->meta;
    m.architecture = architecture;
    m.inputH = anchors.inputH;
    m.inputW = anchors.inputW;
    m.anchors = anchors;
    m.classes = classes;
    m.numClasses = int(classes.size());
    m.sharedHead = arch.sharedHead;
    m.postprocess = arch.sharedHead ? PostProcessSettings::retinanetTorchvision() : PostProcessSettings::ssdTorchvision();
    if (!arch.sharedHead) {
        int bg = -1;
        for (size_t i = 0; i < classes.size() && bg < 0; ++i) // the first; later ones are unused columns
            if (classes[i].categoryId < 0)
                bg = int(i);
        if (bg < 0)
            throw InputError("a softmax detector needs a background column (category id -1) in its class list");
        m.postprocess.backgroundIndex = bg;
    }
    torch::manual_seed(seed);
    d.impl_->module = buildNativeModule(architecture, anchors, m.numClasses, m);
    d.impl_->module.eval();
    m.validate("new " + architecture);
    return d;
}

void checkHeadMatchesAnchors(const torch::jit::Module& module, const ModelMeta& meta, const std::string& source)
{
    std::map<std::string, at::Tensor> params;
    for (const auto& p : module.named_parameters(true))
        params[p.name] = p.value;
    const int K = meta.numClasses;
    for (int l = 0; l < meta.anchors.numLevels(); ++l) {
        if (!meta.levelEnabled[size_t(l)])
            continue;
        const int A = meta.anchors.anchorsInLevel(l);
        const LevelParams& lp = meta.levelParams[size_t(l)];
        for (const auto& [name, per] : std::vector<std::pair<std::string, int>>{
                 {lp.clsWeight, K}, {lp.clsBias, K}, {lp.regWeight, 4}, {lp.regBias, 4}}) {
            auto it = params.find(name);
            if (it == params.end())
                throw InputError(source, "level " + std::to_string(l) + ": the model has no parameter '" + name + "'");
            if (it->second.dim() < 1 || it->second.size(0) != int64_t(A) * per)
                throw InputError(source, "level " + std::to_string(l) + ": '" + name + "' has "
                                             + std::to_string(it->second.dim() ? it->second.size(0) : 0)
                                             + " output channels, but the anchor set has " + std::to_string(A)
                                             + " anchors × " + std::to_string(per) + " = " + std::to_string(A * per));
        }
    }
}

Detector Detector::load(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw InputError(path, "model file not found");
    checkModelArchive(path); // the zip layout, before LibTorch trusts any offset in it
    Detector d;
    torch::jit::ExtraFilesMap extra{{kMetaFile, ""}};
    try {
        d.impl_->module = torch::jit::load(path, c10::Device(c10::kCPU), extra);
    } catch (const c10::Error& e) {
        std::string what = e.what_without_backtrace();
        if (what.size() > 300)
            what = what.substr(0, 300) + "...";
        throw InputError(path, "cannot open as a TorchScript model: " + what);
    }
    if (extra[kMetaFile].empty())
        throw InputError(path, "the archive has no anchorscope.json (a TorchScript file, but not an Anchorscope model package)");
    const auto j = jsonaccess::parseJson(extra[kMetaFile], path + ":anchorscope.json");
    d.impl_->meta = ModelMeta::fromJson(j, path + ":anchorscope.json");
    checkHeadMatchesAnchors(d.impl_->module, d.impl_->meta, path);
    for (const auto& p : d.impl_->module.named_parameters(true))
        if (p.value.is_floating_point() && !torch::isfinite(p.value).all().item<bool>())
            throw InputError(path, "parameter '" + p.name + "' contains NaN or Inf values");
    d.impl_->module.eval();
    return d;
}

void Detector::save(const std::string& path) const
{
    impl_->meta.validate("model to save");
    checkHeadMatchesAnchors(impl_->module, impl_->meta, "model to save");
    const bool wasTraining = impl_->module.is_training();
    impl_->module.eval(); // a module saved in train mode would load in train mode
    torch::jit::ExtraFilesMap extra{{kMetaFile, impl_->meta.toJson().dump(1)}};
    try {
        writeFileAtomically(path, [&](std::ostream& out) { impl_->module.save(out, extra); });
    } catch (const c10::Error& e) {
        if (wasTraining)
            impl_->module.train();
        throw InputError(path, std::string("cannot save the model: ") + e.what_without_backtrace());
    }
    if (wasTraining)
        impl_->module.train();
}

void Detector::loadStateDict(const std::string& path)
{
    const std::string bytes = readWholeFile(path);
    c10::IValue v;
    try {
        v = torch::jit::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    } catch (const c10::Error& e) {
        throw InputError(path, std::string("not a readable state dict (save it from Python with "
                                           "torch.save(dict(model.state_dict()), path)): ") + e.what_without_backtrace());
    }
    if (!v.isGenericDict())
        throw InputError(path, "the file does not hold a plain dict of tensors (an OrderedDict loads as None here; "
                               "save dict(model.state_dict()) instead)");
    std::map<std::string, at::Tensor> given;
    for (const auto& kv : v.toGenericDict()) {
        if (!kv.key().isString() || !kv.value().isTensor())
            throw InputError(path, "the dict must map names to tensors");
        given[kv.key().toStringRef()] = kv.value().toTensor();
    }
    std::vector<std::string> missing, shape;
    std::map<std::string, at::Tensor> targets;
    for (const auto& p : impl_->module.named_parameters(true))
        targets[p.name] = p.value;
    for (const auto& b : impl_->module.named_buffers(true))
        targets[b.name] = b.value;
    for (const auto& [name, t] : targets) {
        auto it = given.find(name);
        if (it == given.end()) {
            missing.push_back(name);
            continue;
        }
        if (it->second.sizes() != t.sizes()) {
            std::ostringstream os;
            os << name << " (file " << it->second.sizes() << ", model " << t.sizes() << ")";
            shape.push_back(os.str());
        }
    }
    std::vector<std::string> unexpected;
    for (const auto& [name, t] : given)
        if (!targets.count(name) && name.find("num_batches_tracked") == std::string::npos)
            unexpected.push_back(name);
    auto list = [](const std::vector<std::string>& v) {
        std::string s;
        for (size_t i = 0; i < v.size() && i < 4; ++i)
            s += (i ? ", " : "") + v[i];
        return s + (v.size() > 4 ? ", … (" + std::to_string(v.size()) + " in all)" : std::string());
    };
    if (!missing.empty() || !unexpected.empty() || !shape.empty()) {
        std::string msg = "the state dict does not fit this " + impl_->meta.architecture + " model:";
        if (!shape.empty())
            msg += " wrong shapes: " + list(shape) + " (another class count or anchor set?);";
        if (!missing.empty())
            msg += " missing: " + list(missing) + ";";
        if (!unexpected.empty())
            msg += " unexpected: " + list(unexpected) + ";";
        throw InputError(path, msg);
    }
    torch::NoGradGuard guard;
    for (auto& [name, t] : targets)
        t.copy_(given[name]);
}

Detector Detector::clone() const
{
    Detector d;
    {
        // Without autograd the copies are leaves (a clone under grad mode would be a
        // non-leaf with history, which an optimizer refuses); their flags are restored below.
        torch::NoGradGuard noGrad;
        d.impl_->module = impl_->module.deepcopy();
    }
    auto original = impl_->module.named_parameters(true);
    std::map<std::string, bool> requires;
    for (const auto& p : original)
        requires[p.name] = p.value.requires_grad();
    for (const auto& p : d.impl_->module.named_parameters(true))
        p.value.set_requires_grad(requires[p.name]);
    d.impl_->meta = impl_->meta;
    d.impl_->device = impl_->device;
    return d;
}

bool cudaAvailable() { return torch::cuda::is_available(); }

// CUDA's device guard is registered when LibTorch's CUDA library is part of the build, GPU or
// not; a CPU-only LibTorch (Debian's) has none.
bool cudaInBuild() { return c10::impl::hasDeviceGuardImpl(c10::DeviceType::CUDA); }

void checkDevice(const std::string& device)
{
    c10::optional<c10::Device> d;
    try {
        d = c10::Device(device);
    } catch (const std::exception&) {
        throw InputError("unknown device '" + device + "' (cpu, cuda or cuda:N)");
    }
    if (d->is_cpu())
        return;
    if (!d->is_cuda())
        throw InputError("device '" + device + "': Anchorscope runs on cpu or cuda");
    if (!cudaInBuild())
        throw InputError("device '" + device + "': this build's LibTorch has no CUDA (Debian's is CPU-only; "
                         "docs/distributed.md says how to build against a CUDA LibTorch)");
    if (!torch::cuda::is_available())
        throw InputError("device '" + device + "': this LibTorch has CUDA, but this machine has no GPU it can use");
    if (d->has_index() && d->index() >= int(torch::cuda::device_count()))
        throw InputError("device '" + device + "': this machine has " + std::to_string(torch::cuda::device_count())
                         + " GPU(s)");
}

void Detector::setDevice(const std::string& device)
{
    checkDevice(device);
    impl_->device = c10::Device(device);
    impl_->module.to(impl_->device);
}

std::string Detector::device() const { return impl_->device.str(); }

RawOutputs Detector::forward(const float* images, int n, int height, int width) const
{
    const ModelMeta& m = impl_->meta;
    c10::InferenceMode guard;
    at::Tensor x = torch::from_blob(const_cast<float*>(images), {n, 3, height > 0 ? height : m.inputH, width > 0 ? width : m.inputW},
                                    torch::kFloat32);
    if (!impl_->device.is_cpu())
        x = x.to(impl_->device);
    auto out = impl_->module.forward({x}).toTuple();
    const at::Tensor cls = out->elements()[0].toTensor().to(c10::kCPU).contiguous();
    const at::Tensor reg = out->elements()[1].toTensor().to(c10::kCPU).contiguous();
    const at::Tensor sizes = out->elements()[2].toTensor().to(c10::kCPU).contiguous();
    RawOutputs r;
    r.n = n;
    r.boxes = int(cls.size(1));
    r.classes = int(cls.size(2));
    r.logits.assign(cls.data_ptr<float>(), cls.data_ptr<float>() + cls.numel());
    r.regression.assign(reg.data_ptr<float>(), reg.data_ptr<float>() + reg.numel());
    for (int64_t l = 0; l < sizes.size(0); ++l)
        r.featureSizes.emplace_back(int(sizes[l][0].item<int64_t>()), int(sizes[l][1].item<int64_t>()));
    return r;
}

std::string Detector::identity() const
{
    // FNV-1a over parameter bytes and the output-relevant metadata.
    uint64_t h = kFnv1aSeed;
    auto mix = [&](const void* data, size_t n) { h = fnv1a(data, n, h); };
    for (const auto& p : impl_->module.named_parameters(true)) {
        mix(p.name.data(), p.name.size());
        const at::Tensor t = p.value.to(c10::kCPU).contiguous();
        mix(t.data_ptr(), size_t(t.numel()) * t.element_size());
    }
    for (const auto& b : impl_->module.named_buffers(true)) {
        const at::Tensor t = b.value.contiguous();
        mix(t.data_ptr(), size_t(t.numel()) * t.element_size());
    }
    nlohmann::json j = impl_->meta.toJson();
    j.erase("provenance");
    const std::string s = j.dump();
    mix(s.data(), s.size());
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

int64_t Detector::parameterCount() const
{
    int64_t n = 0;
    for (const auto& p : impl_->module.parameters(true))
        n += p.numel();
    return n;
}

std::string libtorchVersion()
{
    return TORCH_VERSION;
}

} // namespace anchorscope
