# SPDX-License-Identifier: GPL-3.0-or-later
"""Eager PyTorch twins of the native architectures, for bench/compare_models_pytorch.py.

Each twin has the structure and the parameter names of the TorchScript module that
core/models/native_models.cpp builds, so `twin_of(scripted)` loads the very weights the C++
side times and checks that both give the same outputs before anything is timed. The head
sizes (anchors per level × classes) are read from the loaded weights, so a twin fits any
anchor set. ssd300_vgg16 needs no twin of ours: torchvision's model has the same names.
"""
import torch
from torch import nn
import torch.nn.functional as F


class Chain(nn.Module):
    """A sequence whose children are named m0, m1, … (tsb::sequential's names)."""

    def __init__(self, parts):
        super().__init__()
        for i, p in enumerate(parts):
            self.add_module("m%d" % i, p)

    def forward(self, x):
        for m in self.children():
            x = m(x)
        return x


class ConvBnRelu(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


def head_convs(module, state, kind, levels):
    for l in range(levels):
        w = state["%s_%d.weight" % (kind, l)]
        module.add_module("%s_%d" % (kind, l), nn.Conv2d(w.shape[1], w.shape[0], w.shape[2], 1, w.shape[2] // 2))


def head_outputs(n, k, cls, reg):
    return (torch.cat([c.permute(0, 2, 3, 1).reshape(n, -1, k) for c in cls], 1),
            torch.cat([r.permute(0, 2, 3, 1).reshape(n, -1, 4) for r in reg], 1))


class SsdSmall(nn.Module):
    def __init__(self, state):
        super().__init__()
        self.k = state["cls_0.weight"].shape[0] // (state["reg_0.weight"].shape[0] // 4)
        self.stem = Chain([ConvBnRelu(3, 24, 2), ConvBnRelu(24, 32, 2), ConvBnRelu(32, 32, 1), ConvBnRelu(32, 64, 2),
                           ConvBnRelu(64, 64, 1)])
        self.stage1 = Chain([ConvBnRelu(64, 96, 2), ConvBnRelu(96, 96, 1)])
        self.stage2 = Chain([ConvBnRelu(96, 128, 2), ConvBnRelu(128, 128, 1)])
        self.stage3 = Chain([ConvBnRelu(128, 128, 2), ConvBnRelu(128, 128, 1)])
        head_convs(self, state, "cls", 4)
        head_convs(self, state, "reg", 4)

    def forward(self, x):
        f0 = self.stem(x)
        f1 = self.stage1(f0)
        f2 = self.stage2(f1)
        f3 = self.stage3(f2)
        feats = [f0, f1, f2, f3]
        return head_outputs(x.shape[0], self.k, [getattr(self, "cls_%d" % l)(f) for l, f in enumerate(feats)],
                            [getattr(self, "reg_%d" % l)(f) for l, f in enumerate(feats)])


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = (Chain([nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout)])
                           if stride != 1 or cin != cout else None)

    def forward(self, x):
        y = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
        return torch.relu(y + (self.downsample(x) if self.downsample is not None else x))


class ResNet18(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.layer1 = Chain([BasicBlock(64, 64, 1), BasicBlock(64, 64, 1)])
        self.layer2 = Chain([BasicBlock(64, 128, 2), BasicBlock(128, 128, 1)])
        self.layer3 = Chain([BasicBlock(128, 256, 2), BasicBlock(256, 256, 1)])
        self.layer4 = Chain([BasicBlock(256, 512, 2), BasicBlock(512, 512, 1)])

    def forward(self, x):
        x = F.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        c3 = self.layer2(self.layer1(x))
        c4 = self.layer3(c3)
        return [c3, c4, self.layer4(c4)]


class Fpn(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner3, self.inner4, self.inner5 = nn.Conv2d(128, 256, 1), nn.Conv2d(256, 256, 1), nn.Conv2d(512, 256, 1)
        self.layer3, self.layer4, self.layer5 = (nn.Conv2d(256, 256, 3, 1, 1) for _ in range(3))
        self.p6, self.p7 = nn.Conv2d(256, 256, 3, 2, 1), nn.Conv2d(256, 256, 3, 2, 1)

    def forward(self, c):
        i5 = self.inner5(c[2])
        i4 = self.inner4(c[1]) + F.interpolate(i5, size=c[1].shape[-2:], mode="nearest")
        i3 = self.inner3(c[0]) + F.interpolate(i4, size=c[0].shape[-2:], mode="nearest")
        p5 = self.layer5(i5)
        p6 = self.p6(p5)
        return [self.layer3(i3), self.layer4(i4), p5, p6, self.p7(torch.relu(p6))]


def tower():
    parts = []
    for _ in range(4):
        parts += [nn.Conv2d(256, 256, 3, 1, 1), nn.ReLU()]
    return Chain(parts)


class RetinanetR18Fpn(nn.Module):
    def __init__(self, state):
        super().__init__()
        self.k = state["cls_0.weight"].shape[0] // (state["reg_0.weight"].shape[0] // 4)
        self.body = ResNet18()
        self.fpn = Fpn()
        self.cls_tower = tower()
        self.reg_tower = tower()
        head_convs(self, state, "cls", 5)
        head_convs(self, state, "reg", 5)

    def forward(self, x):
        feats = self.fpn(self.body(x))
        return head_outputs(x.shape[0], self.k,
                            [getattr(self, "cls_%d" % l)(self.cls_tower(f)) for l, f in enumerate(feats)],
                            [getattr(self, "reg_%d" % l)(self.reg_tower(f)) for l, f in enumerate(feats)])


class TorchvisionSsd300(nn.Module):
    """torchvision's ssd300_vgg16 backbone + head (no transform, no post-processing)."""

    def __init__(self, state):
        super().__init__()
        from torchvision.models.detection import ssd300_vgg16
        num_classes = state["head.classification_head.module_list.0.weight"].shape[0] // 4
        det = ssd300_vgg16(weights=None, weights_backbone=None, num_classes=num_classes)
        self.backbone, self.head = det.backbone, det.head

    def forward(self, x):
        h = self.head(list(self.backbone(x).values()))
        return h["cls_logits"], h["bbox_regression"]


TWINS = {"ssd_small": SsdSmall, "retinanet_r18_fpn": RetinanetR18Fpn, "ssd300_vgg16": TorchvisionSsd300}


def twin_of(arch, scripted, size):
    """The eager twin of `scripted` with its weights; raises if the two disagree on an input."""
    state = scripted.state_dict()
    twin = TWINS[arch](state)
    missing, unexpected = twin.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise RuntimeError("%s twin does not match the package: missing %s, unexpected %s" % (arch, missing, unexpected))
    twin.eval()
    scripted.eval()
    x = torch.randn(2, 3, size, size)
    with torch.inference_mode():
        a, b = twin(x), scripted(x)
    for t, s in zip(a, b[:2]):
        scale = s.abs().max().item() + 1e-6
        if t.shape != s.shape or (t - s).abs().max().item() > 1e-4 * scale:
            raise RuntimeError("%s twin gives other outputs than the package" % arch)
    return twin
