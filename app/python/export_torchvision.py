#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Export a torchvision detector as an Anchorscope model package (.aspt).

Supported: ssd300_vgg16, ssdlite320_mobilenet_v3_large, retinanet_resnet50_fpn, with any
class count. The weights are a state dict as users save it (torch.save(model.state_dict()),
an OrderedDict; a {"model": ...} or {"state_dict": ...} checkpoint also works), read with
torch.load(weights_only=True) so that a file from a stranger runs no code; or a pickled model
(torch.save(model)), unpickled only with --trust-pickle. The architecture is recognised from
the parameter names and shapes unless --arch names it.

The package holds torchvision's backbone, scripted, under Anchorscope's own head: per level
a final classification and regression conv (weights copied from torchvision's head; a
RetinaNet's shared convs become identical per-level copies behind shared towers), a
per-level enabled flag (`level_enabled`), and a forward that returns logits [N, boxes, K],
box regressions [N, boxes, 4] and the feature sizes [L, 2]. anchorscope.json (inside the
archive) names the anchor preset that reproduces torchvision's anchor generator, the
transform (normalisation, resize policy) and the post-processing block, all read from the
model itself.

Runs with Debian's python3-torch / python3-torchvision (/usr/bin/python3).
"""
import argparse
import copy
import json
import math
import pickle
import re
import sys
from typing import List

import torch
import torchvision
from torch import Tensor, nn
from torchvision.models import detection

ARCHITECTURES = ("ssd300_vgg16", "ssdlite320_mobilenet_v3_large", "retinanet_resnet50_fpn")


class ExportError(Exception):
    exit_code = 2


class UntrustedPickle(ExportError):
    """A pickled model the user has not said they trust (exit 3: the caller may ask)."""
    exit_code = 3


class LevelHead(nn.Module):
    """One level's head: optional per-level work (SSDlite's depthwise block) and the final
    convs whose output rows are the level's anchors × (classes | 4)."""

    def __init__(self, cls_pre: nn.Module, cls: nn.Conv2d, reg_pre: nn.Module, reg: nn.Conv2d):
        super().__init__()
        self.cls_pre = cls_pre
        self.cls = cls
        self.reg_pre = reg_pre
        self.reg = reg


class AnchorscopeDetector(nn.Module):
    level_enabled: List[bool]

    def __init__(self, backbone: nn.Module, levels: List[LevelHead], cls_tower: nn.Module, reg_tower: nn.Module,
                 num_classes: int):
        super().__init__()
        self.backbone = backbone
        self.levels = nn.ModuleList(levels)
        self.cls_tower = cls_tower
        self.reg_tower = reg_tower
        self.num_classes = num_classes
        self.level_enabled = [True for _ in levels]

    def forward(self, x: Tensor):
        feats = list(self.backbone(x).values())
        n = x.shape[0]
        k = self.num_classes
        cls_out: List[Tensor] = []
        reg_out: List[Tensor] = []
        sizes: List[List[int]] = []
        i = 0
        for level in self.levels:
            f = feats[i]
            h = f.shape[2]
            w = f.shape[3]
            sizes.append([h, w])
            if self.level_enabled[i]:
                c = level.cls(level.cls_pre(self.cls_tower(f)))
                r = level.reg(level.reg_pre(self.reg_tower(f)))
                cls_out.append(c.view(n, -1, k, h, w).permute(0, 3, 4, 1, 2).reshape(n, -1, k))
                reg_out.append(r.view(n, -1, 4, h, w).permute(0, 3, 4, 1, 2).reshape(n, -1, 4))
            i += 1
        if len(cls_out) == 0:  # every anchor removed: no rows (a disabled level adds no empty block,
            cls_out.append(torch.zeros(n, 0, k, dtype=x.dtype))  # which OpenCV's Concat rejects)
            reg_out.append(torch.zeros(n, 0, 4, dtype=x.dtype))
        return torch.cat(cls_out, 1), torch.cat(reg_out, 1), torch.tensor(sizes, dtype=torch.long)


def final_conv(src: nn.Conv2d) -> nn.Conv2d:
    """Anchorscope's own conv with torchvision's weights copied in."""
    dst = nn.Conv2d(src.in_channels, src.out_channels, src.kernel_size, src.stride, src.padding, bias=True)
    with torch.no_grad():
        dst.weight.copy_(src.weight)
        dst.bias.copy_(src.bias)
    return dst


def build_model(arch: str, num_classes: int, min_size=None, max_size=None) -> nn.Module:
    kw = {"weights": None, "weights_backbone": None, "num_classes": num_classes}
    if arch == "retinanet_resnet50_fpn":
        if min_size is not None:
            kw["min_size"] = min_size
        if max_size is not None:
            kw["max_size"] = max_size
    return getattr(detection, arch)(**kw)


def infer_num_classes(arch: str, sd) -> int:
    if arch == "ssd300_vgg16":
        w = sd.get("head.classification_head.module_list.0.weight")
        anchors = 4
    elif arch == "ssdlite320_mobilenet_v3_large":
        w = sd.get("head.classification_head.module_list.0.1.weight")
        anchors = 6
    else:
        w = sd.get("head.classification_head.cls_logits.weight")
        anchors = 9
    if w is None:
        raise ExportError(f"this state dict has no classification head of a torchvision {arch}")
    if w.shape[0] % anchors:
        raise ExportError(f"the classification head has {w.shape[0]} outputs, not a multiple of {anchors} anchors")
    return w.shape[0] // anchors


def recognise(sd) -> str:
    """The architecture whose parameter names and shapes these are."""
    def has(key, shape=None):
        t = sd.get(key)
        return t is not None and (shape is None or tuple(t.shape[1:]) == shape)
    if has("head.classification_head.cls_logits.weight", (256, 3, 3)) and has("backbone.body.layer3.5.conv1.weight") \
            and (has("backbone.fpn.layer_blocks.0.0.weight") or has("backbone.fpn.layer_blocks.0.weight")):
        return "retinanet_resnet50_fpn"
    if has("head.classification_head.module_list.0.1.weight", (672, 1, 1)) and has("backbone.features.0.0.0.weight"):
        return "ssdlite320_mobilenet_v3_large"
    if has("head.classification_head.module_list.0.weight", (512, 3, 3)) and has("backbone.features.0.weight", (3, 3, 3)):
        return "ssd300_vgg16"
    heads = [k for k in sd if k.startswith("head.")][:3]
    raise ExportError("the weights are none of " + ", ".join(ARCHITECTURES) + " as torchvision builds them"
                      + (f" (head parameters: {heads})" if heads else " (no detection head parameters)"))


def read_torch_file(path: str, trust_pickle: bool):
    """Tensors and plain containers without running code from the file; a pickled model only
    when the user trusts it."""
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as e:
        why = str(e).split("WeightsUnpickler error: ")[-1].strip()
        if not why.startswith("Unsupported class"):  # not objects beyond tensors: not a torch file at all
            raise ExportError(f"{path}: cannot be read as a torch file ({why})")
        if not trust_pickle:
            raise UntrustedPickle(f"{path}: holds more than weights (a pickled model?); unpickling it runs code from the file, "
                              f"so it is done only when you trust its source (--trust-pickle) [{why}]")
    except Exception as e:  # noqa: BLE001 - any unreadable file is the user's input error
        raise ExportError(f"{path}: cannot be read as a torch file ({e})")
    try:
        return torch.load(path, map_location="cpu")
    except Exception as e:  # noqa: BLE001
        raise ExportError(f"{path}: cannot be read as a torch file ({e})")


def load_model(arch: str, path: str, num_classes, min_size, max_size, trust_pickle=False):
    """The torchvision model and its architecture (recognised when arch is "auto")."""
    obj = read_torch_file(path, trust_pickle)
    if isinstance(obj, nn.Module):
        if arch == "auto":
            arch = recognise(obj.state_dict())
        from torchvision.models.detection.retinanet import RetinaNet
        from torchvision.models.detection.ssd import SSD
        expected = {"ssd300_vgg16": SSD, "ssdlite320_mobilenet_v3_large": SSD, "retinanet_resnet50_fpn": RetinaNet}[arch]
        if not isinstance(obj, expected):
            raise ExportError(f"{path}: holds a {type(obj).__name__}, not a torchvision {arch}")
        infer_num_classes(arch, obj.state_dict())  # an SSD300 is no SSDlite: their heads differ
        return obj.eval(), arch
    if isinstance(obj, dict):
        kept = obj.get("anchorscope_kept")
        for key in ("model", "state_dict"):
            if key in obj and isinstance(obj[key], dict):
                obj = obj[key]
        if not all(isinstance(v, torch.Tensor) for v in obj.values()):
            raise ExportError(f"{path}: a dict, but not a state dict (values must be tensors)")
        if arch == "auto":
            arch = recognise(obj)
        if kept is not None:  # exported by Anchorscope with anchors pruned: back to full size, pruned again later
            obj = with_full_heads(arch, obj, kept)
        k = num_classes or infer_num_classes(arch, obj)
        model = build_model(arch, k, min_size, max_size)
        missing, unexpected = model.load_state_dict(obj, strict=False)
        if missing or unexpected:
            raise ExportError(f"{path}: not a {arch} state dict with {k} classes: missing {missing[:5]}"
                              f"{'...' if len(missing) > 5 else ''}, unexpected {unexpected[:5]}"
                              f"{'...' if len(unexpected) > 5 else ''}")
        model.anchorscope_removed = removed_ids(arch, kept) if kept is not None else []
        return model.eval(), arch
    raise ExportError(f"{path}: holds a {type(obj).__name__}, neither a model nor a state dict")


def check_anchor_generator(arch: str, model: nn.Module) -> str:
    """The preset that reproduces the model's anchors; refuses customised generators."""
    g = model.anchor_generator
    if arch == "ssd300_vgg16":
        ok = (g.aspect_ratios == [[2], [2, 3], [2, 3], [2, 3], [2], [2]]
              and all(abs(a - b) < 1e-9 for a, b in zip(g.scales, [0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05]))
              and g.steps == [8, 16, 32, 64, 100, 300] and g.clip)
        preset = "ssd300_torchvision"
    elif arch == "ssdlite320_mobilenet_v3_large":
        scales = [0.2 + (0.95 - 0.2) * k / 5.0 for k in range(6)] + [1.0]
        ok = (g.aspect_ratios == [[2, 3]] * 6 and all(abs(a - b) < 1e-9 for a, b in zip(g.scales, scales))
              and g.steps is None and g.clip)
        preset = "ssdlite320_torchvision"
    else:
        sizes = tuple((x, int(x * 2 ** (1.0 / 3)), int(x * 2 ** (2.0 / 3))) for x in [32, 64, 128, 256, 512])
        ok = tuple(tuple(s) for s in g.sizes) == sizes and all(tuple(r) == (0.5, 1.0, 2.0) for r in g.aspect_ratios)
        preset = "retinanet_torchvision"
    if not ok:
        raise ExportError(f"this {arch} has a customised anchor generator; only torchvision's default anchors "
                          f"(preset {preset}) are supported")
    return preset


def wrap(arch: str, model: nn.Module) -> AnchorscopeDetector:
    backbone = copy.deepcopy(model.backbone).eval()
    levels = []
    if arch == "ssd300_vgg16":
        k = model.head.classification_head.num_columns
        for c, r in zip(model.head.classification_head.module_list, model.head.regression_head.module_list):
            levels.append(LevelHead(nn.Identity(), final_conv(c), nn.Identity(), final_conv(r)))
        return AnchorscopeDetector(backbone, levels, nn.Identity(), nn.Identity(), k)
    if arch == "ssdlite320_mobilenet_v3_large":
        k = model.head.classification_head.num_columns
        for c, r in zip(model.head.classification_head.module_list, model.head.regression_head.module_list):
            levels.append(LevelHead(copy.deepcopy(c[0]), final_conv(c[1]), copy.deepcopy(r[0]), final_conv(r[1])))
        return AnchorscopeDetector(backbone, levels, nn.Identity(), nn.Identity(), k)
    cls_head, reg_head = model.head.classification_head, model.head.regression_head
    k = cls_head.num_classes
    for _ in range(5):
        levels.append(LevelHead(nn.Identity(), final_conv(cls_head.cls_logits), nn.Identity(),
                                final_conv(reg_head.bbox_reg)))
    return AnchorscopeDetector(backbone, levels, copy.deepcopy(cls_head.conv), copy.deepcopy(reg_head.conv), k)


def is_imported(package, meta) -> bool:
    """Made by this exporter (a native ssd300_vgg16 shares the name, not the module layout)."""
    return meta["architecture"] in ARCHITECTURES and "levels.0.cls.weight" in package.state_dict()


def native_ssd300_weights(package, meta):
    """A native ssd300_vgg16 package (built in C++ with torchvision's parameter names) as the
    wrapper's state dict and enabled levels; None for any other package."""
    sd = dict(package.state_dict())
    if meta["architecture"] != "ssd300_vgg16" or "head.classification_head.module_list.0.weight" not in sd:
        return None
    out, enabled = {}, []
    for name, t in sd.items():
        m = re.fullmatch(r"head\.(classification|regression)_head\.module_list\.(\d+)\.(weight|bias)", name)
        if m is None:
            out[name] = t
        else:
            out[f"levels.{m.group(2)}.{'cls' if m.group(1) == 'classification' else 'reg'}.{m.group(3)}"] = t
    for l in range(len(FULL_ANCHORS["ssd300_vgg16"])):
        on = bool(getattr(package, f"enabled_{l}"))
        enabled.append(on)
        if not on:  # its placeholder conv never runs
            for name in ("cls", "reg"):
                out[f"levels.{l}.{name}.weight"] = out[f"levels.{l}.{name}.weight"][:0]
                out[f"levels.{l}.{name}.bias"] = out[f"levels.{l}.{name}.bias"][:0]
    return out, enabled


def python_twin(package, meta):
    """The package's network built from Python modules (the torchvision exporter's wrapper over
    torchvision's own backbone) with the package's weights — traceable, where the scripted
    copy is not (an imported backbone returns a dict; a native SSD300's L2 norm traces to a
    Clip whose bound OpenCV cannot read). For packages this exporter made and native
    ssd300_vgg16 packages; None for the other native models, which trace as they are."""
    arch = meta["architecture"]
    native = native_ssd300_weights(package, meta)
    if native is None and not is_imported(package, meta):
        return None
    sd, enabled = native if native is not None else (dict(package.state_dict()), list(package.level_enabled))
    k = meta["num_classes"]
    if native is not None:  # the column count from the first enabled level: rows = anchors × columns
        l = enabled.index(True)
        k = sd[f"levels.{l}.cls.weight"].shape[0] * 4 // sd[f"levels.{l}.reg.weight"].shape[0]
    model = build_model(arch, k, meta.get("resize_min_size"), meta.get("resize_max_size")).eval()
    twin = wrap(arch, model)
    for l, level in enumerate(twin.levels):
        for name in ("cls", "reg"):
            w = sd[f"levels.{l}.{name}.weight"]
            old = getattr(level, name)
            if w.shape[0] == 0:  # a level without anchors: disabled, its conv never runs
                del sd[f"levels.{l}.{name}.weight"], sd[f"levels.{l}.{name}.bias"]
                continue
            setattr(level, name, nn.Conv2d(old.in_channels, w.shape[0], old.kernel_size, old.stride, old.padding))
    twin.level_enabled = enabled
    missing, unexpected = twin.load_state_dict(sd, strict=False)
    missing = [k for k in missing if not any(k.startswith(f"levels.{l}.") for l, on in enumerate(twin.level_enabled) if not on)]
    if missing or unexpected:
        raise ExportError(f"the package's weights do not fit torchvision's {arch}: missing {missing[:3]}, "
                         f"unexpected {unexpected[:3]}")
    return twin.eval()


FULL_ANCHORS = {"ssd300_vgg16": [4, 6, 6, 6, 4, 4], "ssdlite320_mobilenet_v3_large": [6] * 6,
                "retinanet_resnet50_fpn": [9] * 5}


def final_head_convs(arch: str, levels: int):
    """(parameter prefix, values per anchor or None for classes, level) of the final convs."""
    if arch == "retinanet_resnet50_fpn":
        return [("head.classification_head.cls_logits", None, 0), ("head.regression_head.bbox_reg", 4, 0)]
    suffix = ".1" if arch.startswith("ssdlite") else ""
    return [(f"head.{h}.module_list.{l}{suffix}", per, l) for l in range(levels)
            for h, per in (("classification_head", None), ("regression_head", 4))]


def with_full_heads(arch: str, sd: dict, kept: list) -> dict:
    """A state dict whose final head convs have only the kept anchors' rows, widened to all of
    torchvision's anchors (the removed ones' rows zero): the full model, to import and prune."""
    full = FULL_ANCHORS[arch]
    sd = dict(sd)
    classes = None
    for prefix, per, level in final_head_convs(arch, len(full)):
        w, b = sd[prefix + ".weight"], sd[prefix + ".bias"]
        n = per or w.shape[0] // len(kept[level])
        if per is None:
            classes = n
        wide_w = torch.zeros((full[level] * n,) + tuple(w.shape[1:]), dtype=w.dtype)
        wide_b = torch.zeros(full[level] * n, dtype=b.dtype)
        for j, a in enumerate(kept[level]):
            wide_w[a * n:(a + 1) * n] = w[j * n:(j + 1) * n]
            wide_b[a * n:(a + 1) * n] = b[j * n:(j + 1) * n]
        sd[prefix + ".weight"], sd[prefix + ".bias"] = wide_w, wide_b
    return sd


def removed_ids(arch: str, kept: list) -> list:
    """Anchorscope's anchor ids (level by level, torchvision's order) of the anchors not kept."""
    out, first = [], 0
    for level, count in enumerate(FULL_ANCHORS[arch]):
        out += [first + a for a in range(count) if a not in kept[level if arch != "retinanet_resnet50_fpn" else 0]]
        first += count
    return out


def kept_anchors(arch: str, model: nn.Module, meta: dict) -> list:
    """Per level, the indices (in torchvision's per-location order) of the anchors the package
    keeps: each of its anchors matched, in order, to the nearest of torchvision's own."""
    h, w = meta["input_size"]
    g = model.anchor_generator
    if arch == "retinanet_resnet50_fpn":
        full = [[(float(a[2] - a[0]), float(a[3] - a[1])) for a in cell] for cell in g.cell_anchors]
    else:
        clip = 1.0 if g.clip else float("inf")  # the default boxes are clamped to the image, not the pairs
        full = [[(min(float(p[0]), clip) * w, min(float(p[1]), clip) * h) for p in pairs] for pairs in g._wh_pairs]
    kept = []
    for level, ours in zip(full, meta["anchors"]["levels"]):
        indices, start = [], 0
        for a in ours["anchors"]:
            errors = [abs(fw - a["w"]) + abs(fh - a["h"]) for fw, fh in level[start:]]
            if not errors or min(errors) > 1.0:
                raise ExportError(f"anchor {a['w']:.1f}x{a['h']:.1f} is none of torchvision's {arch} anchors")
            j = start + errors.index(min(errors))
            indices.append(j)
            start = j + 1
        kept.append(indices)
    return kept


MODULE_TEMPLATE = '''"""{arch} with anchors pruned by Anchorscope: torchvision's detector with an anchor
generator yielding exactly the kept anchors and a head of matching size.

    import torch, {module}
    model = {module}.build()
    model.load_state_dict(torch.load("{weights}")["model"])
    model.eval()  # or keep training: it is a torchvision {arch}

Kept anchors per level (indices into torchvision's anchors of each location): {kept}
"""
import torch
from functools import partial
from torch import nn
from torchvision.models.detection import {arch}
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.anchor_utils import AnchorGenerator, DefaultBoxGenerator
from torchvision.models.detection.retinanet import RetinaNetHead
from torchvision.models.detection.ssd import SSDHead
from torchvision.models.detection.ssdlite import SSDLiteHead

KEPT = {kept}
NUM_CLASSES = {num_classes}


class KeptDefaultBoxes(DefaultBoxGenerator):
    """torchvision's default boxes, only the kept ones at each location."""

    def __init__(self, base, kept):
        super().__init__(base.aspect_ratios, scales=base.scales, steps=base.steps, clip=base.clip)
        self._wh_pairs = [pairs[list(k)] for pairs, k in zip(self._wh_pairs, kept)]
        self.kept = kept

    def num_anchors_per_location(self):
        return [len(k) for k in self.kept]


class KeptAnchors(AnchorGenerator):
    """torchvision's anchors, only the kept ones at each location (the same at every level)."""

    def __init__(self, base, kept):
        super().__init__(base.sizes, base.aspect_ratios)
        self.cell_anchors = [c[list(k)] for c, k in zip(self.cell_anchors, kept)]
        self.kept = kept

    def num_anchors_per_location(self):
        return [len(k) for k in self.kept]


def build():
    model = {arch}(weights=None, weights_backbone=None, num_classes=NUM_CLASSES{extra})
    counts = [len(k) for k in KEPT]
    if "{arch}" == "retinanet_resnet50_fpn":
        model.anchor_generator = KeptAnchors(model.anchor_generator, KEPT)
        model.head = RetinaNetHead(model.backbone.out_channels, counts[0], NUM_CLASSES)
    else:
        model.anchor_generator = KeptDefaultBoxes(model.anchor_generator, KEPT)
        channels = det_utils.retrieve_out_channels(model.backbone, {size})
        if "{arch}" == "ssd300_vgg16":
            model.head = SSDHead(channels, counts, NUM_CLASSES)
        else:
            norm = partial(nn.BatchNorm2d, eps=0.001, momentum=0.03)
            model.head = SSDLiteHead(channels, counts, NUM_CLASSES, norm)
    model.score_thresh = {score_thresh}
    model.nms_thresh = {nms_thresh}
    model.detections_per_img = {detections}
    model.topk_candidates = {topk}
    return model
'''


def to_torchvision(package_path: str, out_dir: str) -> dict:
    """A pruned (or not) imported package back as torchvision: <out>/model.py builds the
    detector, <out>/model.pth holds its state dict under torchvision's names."""
    extra = {"anchorscope.json": ""}
    package = torch.jit.load(package_path, map_location="cpu", _extra_files=extra)
    meta = json.loads(extra["anchorscope.json"])
    arch = meta["architecture"]
    if not is_imported(package, meta):
        raise ExportError(f"this {arch} has no torchvision counterpart (only models imported from torchvision do)")
    if not all(package.level_enabled):
        raise ExportError("a level without anchors has no torchvision counterpart (its head would have no outputs)")
    retina = arch == "retinanet_resnet50_fpn"
    K = meta["num_classes"]
    reference = build_model(arch, K, meta.get("resize_min_size"), meta.get("resize_max_size"))
    kept = kept_anchors(arch, reference, meta)
    sd = package.state_dict()
    out = {k: v for k, v in sd.items() if k.startswith("backbone.")}
    if retina:
        for head, tower, final in (("classification_head", "cls_tower", "cls_logits"), ("regression_head", "reg_tower", "bbox_reg")):
            for k, v in sd.items():
                if k.startswith(tower + "."):
                    out[f"head.{head}.conv." + k[len(tower) + 1:]] = v
            short = "cls" if final == "cls_logits" else "reg"
            out[f"head.{head}.{final}.weight"] = sd[f"levels.0.{short}.weight"]
            out[f"head.{head}.{final}.bias"] = sd[f"levels.0.{short}.bias"]
    else:
        lite = arch.startswith("ssdlite")
        for l in range(len(kept)):
            for head, short in (("classification_head", "cls"), ("regression_head", "reg")):
                final = f"head.{head}.module_list.{l}" + (".1" if lite else "")
                out[final + ".weight"] = sd[f"levels.{l}.{short}.weight"]
                out[final + ".bias"] = sd[f"levels.{l}.{short}.bias"]
                if lite:
                    for k, v in sd.items():
                        if k.startswith(f"levels.{l}.{short}_pre."):
                            out[f"head.{head}.module_list.{l}.0." + k[len(f"levels.{l}.{short}_pre."):]] = v
    post = meta["postprocess"]
    size = tuple(meta["input_size"])
    extra_kw = f", min_size={meta['resize_min_size']}, max_size={meta['resize_max_size']}" if retina else ""
    source = MODULE_TEMPLATE.format(arch=arch, module="model", weights="model.pth", kept=kept, num_classes=K,
                                    extra=extra_kw, size=size, score_thresh=post["score_threshold"],
                                    nms_thresh=post["nms_iou"], detections=post["max_detections"], topk=post["topk"])
    import os
    os.makedirs(out_dir, exist_ok=True)
    scope = {}
    exec(compile(source, "model.py", "exec"), scope)  # the module must build and take the weights
    scope["build"]().load_state_dict(out, strict=True)
    # A checkpoint dict: the weights, and the kept anchors so that import-torchvision takes it back.
    checkpoint = {"model": out, "anchorscope_kept": kept}
    for name, write in (("model.py", lambda f: f.write(source.encode())), ("model.pth", lambda f: torch.save(checkpoint, f))):
        tmp = os.path.join(out_dir, name + ".tmp")
        with open(tmp, "wb") as f:
            write(f)
        os.replace(tmp, os.path.join(out_dir, name))
    return {"out": out_dir, "architecture": arch, "kept": kept}


def metadata(arch: str, model: nn.Module, preset: str, num_classes: int, names, source: str) -> dict:
    t = model.transform
    retina = arch == "retinanet_resnet50_fpn"
    if retina:
        min_size, max_size = int(t.min_size[-1]), int(t.max_size)
        input_size = [min_size, min_size]
        resize = {"resize_policy": "min_max", "resize_min_size": min_size, "resize_max_size": max_size,
                  "size_divisible": int(t.size_divisible)}
    else:
        if t.fixed_size is None:
            raise ExportError("an SSD without a fixed input size is not supported")
        input_size = [int(t.fixed_size[1]), int(t.fixed_size[0])]
        resize = {"resize_policy": "fixed"}
    coder = model.box_coder
    post = {
        "score_function": "sigmoid" if retina else "softmax",
        "background_index": -1 if retina else 0,
        "score_threshold": float(model.score_thresh),
        "topk_mode": "per_level" if retina else "per_class",
        "topk": int(model.topk_candidates),
        "nms_iou": float(model.nms_thresh),
        "class_agnostic_nms": False,
        "max_detections": int(model.detections_per_img),
        "clip_boxes": True,
        "coder_weights": [float(w) for w in coder.weights],
        "dwh_clamp": float(coder.bbox_xform_clip),
        # Ties (saturated scores) are broken as torchvision 0.14 / torch 1.13 break them.
        "tie_rule": "torchvision",
    }
    classes = []
    for c in range(num_classes):
        name = names[c] if names else f"class_{c}"
        if (c == 0 and not retina) or name in ("", "__background__"):  # background, or a column marked unused
            classes.append({"name": "__background__", "category_id": -1})
        else:
            classes.append({"name": name, "category_id": c})
    spec = {"ssd300_vgg16": 6, "ssdlite320_mobilenet_v3_large": 6, "retinanet_resnet50_fpn": 5}[arch]
    meta = {
        "format": "anchorscope-model",
        "format_version": 1,
        "architecture": arch,
        "input_size": input_size,
        "normalization": {"mean": [float(v) for v in t.image_mean], "std": [float(v) for v in t.image_std]},
        "anchors": {"preset": preset, "input_size": input_size},
        "level_params": [{"cls_weight": f"levels.{l}.cls.weight", "cls_bias": f"levels.{l}.cls.bias",
                          "reg_weight": f"levels.{l}.reg.weight", "reg_bias": f"levels.{l}.reg.bias"}
                         for l in range(spec)],
        "level_enabled": [True] * spec,
        "shared_head": retina,
        "postprocess": post,
        "num_classes": num_classes,
        "classes": classes,
        "provenance": {"parent_hash": "", "removed_anchors": [], "id_mapping": [],
                       "training_runs": [{"imported_from": source, "source": "torchvision",
                                          "torchvision": torchvision.__version__}]},
    }
    meta.update(resize)
    return meta


def export(arch: str, weights: str, out: str, num_classes=None, names_file=None, min_size=None, max_size=None,
           trust_pickle=False) -> dict:
    if arch not in ARCHITECTURES and arch != "auto":
        raise ExportError(f"unknown architecture {arch!r}; one of auto, {', '.join(ARCHITECTURES)}")
    model, arch = load_model(arch, weights, num_classes, min_size, max_size, trust_pickle)
    if arch == "retinanet_resnet50_fpn" and (min_size is not None or max_size is not None):
        if min_size is not None:
            model.transform.min_size = (min_size,)
        if max_size is not None:
            model.transform.max_size = max_size
    preset = check_anchor_generator(arch, model)
    wrapped = wrap(arch, model).eval()
    k = wrapped.num_classes
    names = None
    if names_file:
        with open(names_file, encoding="utf-8") as f:
            names = [line.strip() for line in f.read().splitlines()]
        while names and not names[-1]:  # trailing blank lines; an inner blank line marks an unused column
            names.pop()
        first = 0 if arch == "retinanet_resnet50_fpn" else 1
        if len(names) != k - first:
            raise ExportError(f"{names_file}: has {len(names)} names, the model {k - first} classes")
        names = ([""] * first) + names
    scripted = torch.jit.script(wrapped)
    meta = metadata(arch, model, preset, k, names, weights)
    tmp = out + ".tmp"
    scripted.save(tmp, _extra_files={"anchorscope.json": json.dumps(meta, indent=1)})
    import os
    os.replace(tmp, out)  # atomic: an interrupted export never leaves half a package
    # Anchors an Anchorscope export had pruned: the caller prunes them again (head surgery).
    return {"out": out, "architecture": arch, "num_classes": k, "anchors": preset,
            "removed": getattr(model, "anchorscope_removed", [])}


def inspect(weights: str, trust_pickle=False) -> dict:
    """What an importer must know before exporting: the architecture, the column count,
    whether the file is a pickled model (so it was only read with the user's trust), and a
    RetinaNet's resize sizes (its own, or torchvision's defaults for a state dict)."""
    obj = read_torch_file(weights, trust_pickle)
    pickled = isinstance(obj, nn.Module)
    if not pickled and not isinstance(obj, dict):
        raise ExportError(f"{weights}: holds a {type(obj).__name__}, neither a model nor a state dict")
    sd = obj.state_dict() if pickled else obj
    if not pickled:
        for key in ("model", "state_dict"):
            if key in sd and isinstance(sd[key], dict):
                sd = sd[key]
    arch = recognise(sd)
    r = {"architecture": arch, "num_classes": infer_num_classes(arch, sd), "pickled": pickled}
    if arch == "retinanet_resnet50_fpn":
        t = obj.transform if pickled else None
        r["min_size"] = int(t.min_size[-1]) if t is not None else 800
        r["max_size"] = int(t.max_size) if t is not None else 1333
    return r


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--arch", default="auto", choices=("auto",) + ARCHITECTURES,
                   help="default: recognised from the weights")
    p.add_argument("--weights", help="state dict or pickled model (torch.save)")
    p.add_argument("--out", help="the .aspt package to write")
    p.add_argument("--to-torchvision", metavar="ASPT",
                   help="write an imported (pruned) package back as torchvision: --out DIR gets model.py and model.pth")
    p.add_argument("--inspect", action="store_true",
                   help="only print the architecture, column count, whether pickled, RetinaNet sizes (JSON)")
    p.add_argument("--num-classes", type=int, help="classifier outputs (default: read from the weights)")
    p.add_argument("--class-names", help="one name per line for the non-background columns")
    p.add_argument("--min-size", type=int, help="RetinaNet: shorter side after resizing (default: the model's)")
    p.add_argument("--max-size", type=int, help="RetinaNet: longest side cap (default: the model's)")
    p.add_argument("--trust-pickle", action="store_true",
                   help="unpickle a whole model (runs code from the file: only for files you trust)")
    a = p.parse_args(argv)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    try:
        if a.to_torchvision:
            if not a.out:
                raise ExportError("--to-torchvision needs --out DIR")
            print(json.dumps(to_torchvision(a.to_torchvision, a.out)))
            return 0
        if not a.weights:
            raise ExportError("--weights is required")
        if a.inspect:
            print(json.dumps(inspect(a.weights, a.trust_pickle)))
            return 0
        if not a.out:
            raise ExportError("--out is required (or --inspect)")
        r = export(a.arch, a.weights, a.out, a.num_classes, a.class_names, a.min_size, a.max_size, a.trust_pickle)
    except ExportError as e:
        print(f"export_torchvision: {e}", file=sys.stderr)
        return e.exit_code
    print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
