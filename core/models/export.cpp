// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/export.h"

#include "models/cost.h"
#include "models/end_to_end.h"
#include "models/onnx_export.h"
#include "models/detector_impl.h"
#include "util/atomic_file.h"
#include "util/error.h"

#include <torch/csrc/jit/serialization/pickle.h>

#include <cstring>

#include <sstream>

namespace anchorscope {

ExportFormat exportFormatFromString(const std::string& s)
{
    if (s == "torchscript")
        return ExportFormat::TorchScript;
    if (s == "end2end")
        return ExportFormat::EndToEnd;
    if (s == "state-dict")
        return ExportFormat::StateDict;
    if (s == "onnx")
        return ExportFormat::Onnx;
    if (s == "torchvision")
        return ExportFormat::Torchvision;
    throw InputError("unknown export format '" + s + "' (expected torchscript, end2end, state-dict, onnx or torchvision)");
}

namespace {

// The post-processing of eval/postprocess.cpp (rank tie rule) in TorchScript: the same ranking (score
// descending, then box, then class, via a stable sort of box-major pairs), strict threshold,
// top-k per class or per level, greedy class-aware NMS with IoU > threshold, the cap.
std::string endToEndSource(const ModelMeta& m)
{
    if (m.resizePolicy != "fixed")
        throw InputError("the end-to-end export needs a fixed input size; this model resizes by scale ("
                         + m.resizePolicy + "): export it as torchscript");
    const PostProcessSettings& s = m.postprocess;
    std::ostringstream o;
    o.precision(9);
    o << "def forward(self, images: Tensor) -> List[Tuple[Tensor, Tensor, Tensor]]:\n"
      << "    x = (images - self.mean.view(1, 3, 1, 1)) / self.std.view(1, 3, 1, 1)\n"
      << "    out = self.model.forward(x)\n"
      << "    logits = out[0]\n"
      << "    reg = out[1]\n"
      << "    results: List[Tuple[Tensor, Tensor, Tensor]] = []\n"
      << "    for n in range(logits.size(0)):\n"
      << "        results.append(self.postprocess(logits[n], reg[n]))\n"
      << "    return results\n\n"
      << "def postprocess(self, logits: Tensor, reg: Tensor) -> Tuple[Tensor, Tensor, Tensor]:\n"
      << "    K = logits.size(1)\n";
    if (s.scoreFunction == ScoreFunction::Softmax)
        o << "    scores = torch.softmax(logits, 1)\n";
    else
        o << "    scores = torch.sigmoid(logits)\n";
    if (s.backgroundIndex >= 0)
        o << "    scores[:, " << s.backgroundIndex << "] = -1.0\n";
    o << "    flat = scores.reshape(-1)\n"
      << "    cand = torch.nonzero(flat > " << s.scoreThreshold << ").reshape(-1)\n"
      << "    cs = flat[cand]\n"
      << "    order = torch.sort(cs, stable=True, descending=True)[1]\n"
      << "    cand = cand[order]\n"
      << "    cs = cs[order]\n"
      << "    box = torch.div(cand, K, rounding_mode='floor')\n"
      << "    lab = cand - box * K\n";
    if (s.topkMode != TopKMode::None) {
        const char* group = s.topkMode == TopKMode::PerClass ? "lab" : "self.box_level[box]";
        o << "    grp = " << group << "\n"
          << "    keep_k = torch.zeros_like(cs) > 1.0\n" // all False (define() knows no dtype names)
          << "    for g in range(" << (s.topkMode == TopKMode::PerClass ? m.numClasses : m.anchors.numLevels()) << "):\n"
          << "        idx = torch.nonzero(grp == g).reshape(-1)[:" << s.topk << "]\n"
          << "        keep_k[idx] = True\n"
          << "    box = box[keep_k]\n"
          << "    lab = lab[keep_k]\n"
          << "    cs = cs[keep_k]\n";
    }
    // Decode (torchvision's BoxCoder arithmetic) and clip.
    o << "    pri = self.priors[box]\n"
      << "    d = reg[box]\n"
      << "    pw = pri[:, 2] - pri[:, 0]\n"
      << "    ph = pri[:, 3] - pri[:, 1]\n"
      << "    pcx = pri[:, 0] + 0.5 * pw\n"
      << "    pcy = pri[:, 1] + 0.5 * ph\n"
      << "    dx = d[:, 0] / " << s.coderWeights.wx << "\n"
      << "    dy = d[:, 1] / " << s.coderWeights.wy << "\n"
      << "    dw = torch.clamp(d[:, 2] / " << s.coderWeights.ww << ", max=" << s.dwhClamp << ")\n"
      << "    dh = torch.clamp(d[:, 3] / " << s.coderWeights.wh << ", max=" << s.dwhClamp << ")\n"
      << "    cx = dx * pw + pcx\n"
      << "    cy = dy * ph + pcy\n"
      << "    w = torch.exp(dw) * pw\n"
      << "    h = torch.exp(dh) * ph\n"
      << "    boxes = torch.stack([cx - 0.5 * w, cy - 0.5 * h, cx + 0.5 * w, cy + 0.5 * h], 1)\n";
    if (s.clipBoxes)
        o << "    boxes = torch.stack([boxes[:, 0].clamp(0.0, " << m.inputW << ".0), boxes[:, 1].clamp(0.0, " << m.inputH
          << ".0), boxes[:, 2].clamp(0.0, " << m.inputW << ".0), boxes[:, 3].clamp(0.0, " << m.inputH << ".0)], 1)\n";
    const bool agnostic = s.classAgnosticNms;
    o << "    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])\n"
      << "    kept: List[int] = []\n"
      << "    for i in range(cs.size(0)):\n";
    if (s.maxDetections > 0)
        o << "        if len(kept) >= " << s.maxDetections << ":\n"
          << "            break\n";
    o << "        ok = True\n"
      << "        if len(kept) > 0:\n"
      << "            kt = torch.tensor(kept)\n";
    if (!agnostic)
        o << "            kt = kt[lab[kt] == lab[i]]\n";
    o << "            if kt.numel() > 0:\n"
      << "                iw = torch.clamp(torch.min(boxes[kt, 2], boxes[i, 2]) - torch.max(boxes[kt, 0], boxes[i, 0]), min=0.0)\n"
      << "                ih = torch.clamp(torch.min(boxes[kt, 3], boxes[i, 3]) - torch.max(boxes[kt, 1], boxes[i, 1]), min=0.0)\n"
      << "                inter = iw * ih\n"
      << "                iou = inter / (area[kt] + area[i] - inter)\n"
      << "                ok = not bool((iou > " << s.nmsIou << ").any())\n"
      << "        if ok:\n"
      << "            kept.append(i)\n"
      << "    k = torch.tensor(kept)\n"
      << "    return boxes[k], cs[k], lab[k]\n";
    return o.str();
}

} // namespace

void exportModel(const Detector& model, ExportFormat format, const std::string& path, const ProgressToken* progress)
{
    const ModelMeta& m = model.meta();
    switch (format) {
    case ExportFormat::Onnx:
        exportOnnx(model, path, progress);
        return;
    case ExportFormat::Torchvision:
        exportTorchvision(model, path, progress);
        return;
    case ExportFormat::TorchScript:
        model.save(path);
        return;
    case ExportFormat::StateDict: {
        c10::Dict<std::string, at::Tensor> dict;
        for (const auto& p : model.impl().module.named_parameters(true))
            dict.insert(p.name, p.value.detach().clone());
        for (const auto& b : model.impl().module.named_buffers(true))
            dict.insert(b.name, b.value.detach().clone());
        const std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(dict));
        writeFileAtomically(path, std::string_view(bytes.data(), bytes.size()));
        return;
    }
    case ExportFormat::EndToEnd: {
        torch::jit::Module e = tsb::newModule("EndToEnd");
        torch::jit::Module raw = model.impl().module.deepcopy();
        raw.eval();
        e.register_module("model", raw);
        std::vector<int16_t> level;
        const auto priors = m.anchors.priors(&level); // the nominal input size
        at::Tensor pri = at::empty({int64_t(priors.size()), 4}, at::kFloat);
        std::memcpy(pri.data_ptr<float>(), priors.data(), priors.size() * sizeof(Boxf));
        at::Tensor lv = at::empty({int64_t(level.size())}, at::kLong);
        for (size_t i = 0; i < level.size(); ++i)
            lv[int64_t(i)] = int64_t(level[i]);
        e.register_buffer("priors", pri);
        e.register_buffer("box_level", lv);
        e.register_buffer("mean", at::tensor(std::vector<float>(m.mean.begin(), m.mean.end())));
        e.register_buffer("std", at::tensor(std::vector<float>(m.std.begin(), m.std.end())));
        if (m.postprocess.tieRule == TieRule::Torchvision) {
            if (m.resizePolicy != "fixed")
                throw InputError("the end-to-end export needs a fixed input size; this model resizes by scale ("
                                 + m.resizePolicy + "): export it as torchscript");
            std::vector<int64_t> perLevel(size_t(m.anchors.numLevels()), 0);
            for (int16_t l : level)
                ++perLevel[size_t(l)];
            e.define(endToEndTorchvisionSource(m, perLevel));
        } else {
            e.define(endToEndSource(m));
        }
        e.eval();
        torch::jit::ExtraFilesMap extra{{"anchorscope.json", m.toJson().dump(1)}};
        writeFileAtomically(path, [&](std::ostream& out) { e.save(out, extra); });
        return;
    }
    }
}

nlohmann::json exportReport(const Detector& model)
{
    const ModelMeta& m = model.meta();
    nlohmann::json j;
    j["architecture"] = m.architecture;
    j["identity"] = model.identity();
    j["input_size"] = {m.inputH, m.inputW};
    j["anchors"] = m.anchors.toJson();
    j["parameters"] = model.parameterCount();
    try {
        const CostReport c = computeCost(architectureSpec(m.architecture), m.anchors, m.numClasses, m.inputH, m.inputW);
        j["head_macs"] = c.headMacs;
        j["boxes"] = c.boxes;
    } catch (const InputError&) {
    }
    j["provenance"] = m.toJson()["provenance"];
    j["postprocess"] = postProcessToJson(m.postprocess);
    return j;
}

std::vector<EndToEndDetections> runEndToEnd(const std::string& path, const float* images, int n, int h, int w)
{
    torch::jit::Module e = torch::jit::load(path);
    e.eval();
    c10::InferenceMode guard;
    at::Tensor x = torch::from_blob(const_cast<float*>(images), {n, 3, h, w}, torch::kFloat32);
    const auto list = e.forward({x}).toList();
    std::vector<EndToEndDetections> out;
    for (const c10::IValue& item : list) {
        const auto t = item.toTuple();
        const at::Tensor b = t->elements()[0].toTensor().contiguous(), s = t->elements()[1].toTensor().contiguous(),
                         l = t->elements()[2].toTensor().contiguous();
        EndToEndDetections d;
        for (int64_t i = 0; i < s.size(0); ++i) {
            d.boxes.push_back({b[i][0].item<float>(), b[i][1].item<float>(), b[i][2].item<float>(), b[i][3].item<float>()});
            d.scores.push_back(s[i].item<float>());
            d.labels.push_back(l[i].item<int64_t>());
        }
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace anchorscope
