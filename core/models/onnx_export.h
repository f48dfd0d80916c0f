// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Exports through the project's Python tools. ONNX export (exportModel's "onnx" format): the model saved as a temporary package, then
// app/python/export_onnx.py (Debian's python3-torch) traces and exports it — a child
// process, cancellable. See export_onnx.py for the graph's inputs and outputs and the
// sidecar <name>.anchorscope.json.
#include <string>

namespace anchorscope {

class Detector;
class ProgressToken;

// Throws InputError (python3-torch missing, export failed); CancelledError.
void exportOnnx(const Detector& model, const std::string& path, const ProgressToken* progress = nullptr, int opset = 0);

// exportModel's "torchvision" format: `dir` gets model.py and model.pth (the torchvision
// exporter's --to-torchvision). Throws InputError (not an imported model, a level without
// anchors, python3-torchvision missing); CancelledError.
void exportTorchvision(const Detector& model, const std::string& dir, const ProgressToken* progress = nullptr);

// The sidecar beside an ONNX file: x.onnx → x.anchorscope.json.
std::string onnxSidecarPath(const std::string& onnxPath);

} // namespace anchorscope
