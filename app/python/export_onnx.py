#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Export an Anchorscope model package (.aspt) as ONNX, for runtimes such as OpenCV DNN.

The ONNX graph is the raw model at its fixed input size: input `images` [1, 3, H, W], the
image normalised as anchorscope.json says; outputs `logits` [1, boxes, classes] (raw class
scores, before softmax/sigmoid) and `boxes` [1, boxes, 4] (box regressions, before decoding).
The anchors and the post-processing stay data: they go to a sidecar JSON beside the file
(<name>.anchorscope.json: the model's anchorscope.json plus an "onnx" block with the input
size, the feature sizes at that size and the opset), which the deployment's post-processing
reads. A C++-built TorchScript module cannot go through torch.onnx.export directly (torch
1.13 asserts in jit_type_base.h), so a thin wrapper is traced; a model imported from
torchvision is traced as its Python twin (torchvision's backbone with the package's weights),
since its scripted backbone returns a dict the exporter cannot lower. Opset 13, but 10 for SSDlite:
OpenCV 4.6 rejects the Clip that opset >= 11 writes for ReLU6. Needs python3-onnx (to drop
the Identity nodes OpenCV cannot read, and to check the file).
"""
import argparse
import json
import os
import sys

import torch


class RawOutputs(torch.nn.Module):
    """The package's forward without the feature sizes (constant at a fixed input size)."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, images):
        logits, boxes, _ = self.inner(images)
        return logits, boxes


def without_identities(path: str) -> None:
    """torch 1.13 merges parameters of equal values (an untrained model's BatchNorm ones and
    zeros) into one initializer read through Identity nodes, which OpenCV 4.6 cannot import:
    the consumers read the initializer itself. Then the file is checked."""
    import onnx
    model = onnx.load(path)
    graph = model.graph
    initializers = {i.name for i in graph.initializer}
    rename = {}
    kept = []
    for node in graph.node:
        if node.op_type == "Identity" and node.input[0] in initializers:
            rename[node.output[0]] = node.input[0]
        else:
            kept.append(node)
    if rename:
        for node in kept:
            for k, name in enumerate(node.input):
                if name in rename:
                    node.input[k] = rename[name]
        del graph.node[:]
        graph.node.extend(kept)
    onnx.checker.check_model(model)
    onnx.save(model, path)


def export(model_path: str, out: str, opset=None) -> dict:
    extra = {"anchorscope.json": ""}
    try:
        m = torch.jit.load(model_path, map_location="cpu", _extra_files=extra).eval()
        meta = json.loads(extra["anchorscope.json"])
    except Exception as e:  # noqa: BLE001 - an unreadable package is the caller's input error
        raise SystemExit(f"export_onnx: {model_path}: not an Anchorscope model package ({e})")
    h, w = meta["input_size"]
    x = torch.zeros(1, 3, h, w)
    with torch.no_grad():
        sizes = m(x)[2].tolist()
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import export_torchvision as tv
        twin = tv.python_twin(m, meta)
        if opset is None:  # OpenCV 4.6 reads opset 11's Clip (ReLU6) only with constant bounds
            opset = 10 if meta["architecture"].startswith("ssdlite") else 13
        traced = torch.jit.trace(RawOutputs(twin if twin is not None else m), (x,), check_trace=False)
        tmp = out + ".tmp"
        try:
            torch.onnx.export(traced, (x,), tmp, opset_version=opset, input_names=["images"],
                              output_names=["logits", "boxes"])
        except RuntimeError as e:
            if os.path.exists(tmp):
                os.remove(tmp)
            first = str(e).strip().splitlines()[0]
            raise SystemExit(f"export_onnx: this {meta['architecture']} cannot be exported to ONNX with torch "
                             f"{torch.__version__} ({first})")
    without_identities(tmp)
    sidecar = dict(meta)
    sidecar["onnx"] = {"input": "images", "input_size": [h, w], "outputs": ["logits", "boxes"],
                       "feature_sizes": sizes, "opset": opset}
    stem = out[:-5] if out.endswith(".onnx") else out
    side = stem + ".anchorscope.json"
    with open(side + ".tmp", "w", encoding="utf-8") as f:
        json.dump(sidecar, f, indent=1)
    os.replace(side + ".tmp", side)
    os.replace(tmp, out)  # atomic: an interrupted export never leaves half a file
    return {"out": out, "sidecar": side, "opset": opset, "input_size": [h, w]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True, help="the .aspt package")
    p.add_argument("--out", required=True, help="the .onnx file to write")
    p.add_argument("--opset", type=int, help="ONNX opset (default: 13; 10 for SSDlite)")
    a = p.parse_args(argv)
    print(json.dumps(export(a.model, a.out, a.opset)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
