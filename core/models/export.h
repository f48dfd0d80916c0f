// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Exports of a model (docs/design.md §5):
//   torchscript  the raw-output package itself (TorchScript + anchorscope.json)
//   end2end      one TorchScript module: normalisation, the raw model, anchors as a buffer,
//                score function, threshold, top-k, decode, clipping and class-aware NMS in
//                plain TorchScript — runs in LibTorch and in Python PyTorch without
//                torchvision; input: float RGB in [0, 1], [N, 3, H, W] at the model's input
//                size; output: per image (boxes [D, 4] in input pixels, scores [D], labels [D]
//                as score columns)
//   state-dict   a plain dict {name: tensor} (torch.load in Python gives a dict)
//   onnx         the raw model at its fixed input size (images → logits, box regressions)
//                for OpenCV DNN and other runtimes, with the anchors and post-processing in a
//                sidecar <name>.anchorscope.json (app/python/export_onnx.py, run with Debian's
//                python3-torch)
//   torchvision  for models imported from torchvision: a folder with model.py (builds the
//                torchvision detector with an anchor generator yielding exactly the kept
//                anchors) and model.pth (its state dict), to keep training in PyTorch
// plus a report (JSON) with the anchor configuration, cost and provenance.
#include "models/detector.h"

#include "util/progress.h"

#include <nlohmann/json.hpp>

#include <string>

namespace anchorscope {

enum class ExportFormat { TorchScript, EndToEnd, StateDict, Onnx, Torchvision };
ExportFormat exportFormatFromString(const std::string& s); // throws InputError

void exportModel(const Detector& model, ExportFormat format, const std::string& path,
                 const ProgressToken* progress = nullptr);
nlohmann::json exportReport(const Detector& model);

// Runs an exported end-to-end module (tests and the export dialog).
struct EndToEndDetections {
    std::vector<Boxf> boxes;
    std::vector<float> scores;
    std::vector<int64_t> labels;
};
std::vector<EndToEndDetections> runEndToEnd(const std::string& path, const float* images01, int n, int h, int w);

} // namespace anchorscope
