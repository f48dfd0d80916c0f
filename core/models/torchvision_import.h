// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Importing a torchvision checkpoint (.pt / .pth) as an Anchorscope model — the workflow
// behind `anchorscope-cli import-torchvision` and the window's New Session: the Python
// exporter (app/python/export_torchvision.py, run with Debian's python3-torch) recognises
// the architecture from the weights, reads them without running code from the file
// (torch.load(weights_only=True)) unless the user trusts it, and writes the .aspt atomically.
#include "util/error.h"

#include <string>
#include <vector>

namespace anchorscope {

class Dataset;
class ProgressToken;

// Debian's Python with torch and torchvision (not the first python3 on PATH).
inline constexpr const char* kPython = "/usr/bin/python3";

struct TorchvisionImportOptions {
    std::string python = kPython;
    std::string arch = "auto";           // or ssd300_vgg16, ssdlite320_mobilenet_v3_large, retinanet_resnet50_fpn
    int numClasses = 0;                  // 0: read from the weights
    std::vector<std::string> classNames; // the non-background columns; empty: class_<k>; "__background__" or "": unused
    int minSize = 0, maxSize = 0;        // RetinaNet's resize; 0: the model's
    bool trustPickle = false;            // unpickle a whole model (runs code from the file)
};

struct TorchvisionCheckpoint {
    std::string architecture;
    int numClasses = 0;            // score columns, background included
    bool pickled = false;          // a whole model (read only with trustPickle)
    int minSize = 0, maxSize = 0;  // RetinaNet: its resize sizes (torchvision's defaults for a state dict)
};

// The file is a pickled model and the user has not said they trust it.
class UntrustedPickleError : public InputError {
public:
    using InputError::InputError;
};

// One of the project's Python tools (app/python/<name>): the installed copy beside the
// program (share/anchorscope), else the source tree's.
std::string anchorscopePythonScript(const std::string& name);

// The torchvision exporter: $ANCHORSCOPE_EXPORTER, else anchorscopePythonScript.
std::string torchvisionExporterScript();

// What the checkpoint holds (a child process; cancellable). Throws UntrustedPickleError,
// InputError (unknown architecture, unreadable file), CancelledError.
TorchvisionCheckpoint inspectTorchvisionCheckpoint(const std::string& path, const TorchvisionImportOptions& opt,
                                                   const ProgressToken* progress = nullptr);

// Exports the checkpoint to `out` (.aspt, atomic). Throws as above; the exporter's message
// tells what did not fit.
void importTorchvisionCheckpoint(const std::string& path, const std::string& out, const TorchvisionImportOptions& opt,
                                 const ProgressToken* progress = nullptr);

// The class names that map a checkpoint's columns to `ds`'s categories, as torchvision
// users number them: by category id when columns = largest id + 1 (torchvision's COCO
// models: 91), by category order when columns = categories + 1 (fine-tuned with
// num_classes = K + 1); the other columns are unused ("__background__"). Empty when neither
// fits: the columns keep class_<k> and the label map decides.
std::vector<std::string> columnNamesForDataset(const TorchvisionCheckpoint& c, const Dataset& ds);

} // namespace anchorscope
