#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The data for benchmarking configuration evaluation on a saturated model.

A torchvision ssdlite320_mobilenet_v3_large with 4 classes + background whose classification
head is scaled (×60, background bias +100) until it behaves like a trained one: most boxes
are background, and about half of the detections score exactly 1.0 in float32, so exact
ties are everywhere. Seeded and deterministic.

Writes OUTDIR/model.aspt (the exporter's package, tie rule torchvision), OUTDIR/images/
(320 × 320 PNGs: noise with coloured rectangles) and OUTDIR/annotations.json (ground truth:
jittered copies of some of the model's own detections, so AP is not zero and depends on
which tied detection is kept). Then build the cache (threshold 0.001: about 1,200
candidates per image) with

    anchorscope-cli evaluate --model OUTDIR/model.aspt --data OUTDIR/annotations.json \\
        --cache OUTDIR/saturated.cache --threshold 0.001

Usage: /usr/bin/python3 make_saturated_ssdlite_cache.py OUTDIR [--images 200] [--seed 0]
"""
import argparse
import json
import os
import sys

import torch
from torchvision.io import write_png

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "reference"))
sys.path.insert(0, os.path.join(HERE, "..", "app", "python"))
import export_torchvision as exporter  # noqa: E402
from make_reference_outputs import spread_weights  # noqa: E402
from saturated_parity import ground_truth  # noqa: E402

ARCH = "ssdlite320_mobilenet_v3_large"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out")
    p.add_argument("--images", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--scale", type=float, default=60.0, help="factor on the final classification convs")
    p.add_argument("--background", type=float, default=100.0, help="added to the background logits' bias")
    a = p.parse_args()
    torch.set_num_threads(max(1, torch.get_num_threads()))
    os.makedirs(os.path.join(a.out, "images"), exist_ok=True)
    torch.manual_seed(a.seed)
    m = exporter.build_model(ARCH, 5).eval()
    spread_weights(ARCH, m, torch.Generator().manual_seed(a.seed + 5))
    with torch.no_grad():
        for c in m.head.classification_head.module_list:
            c[1].weight.mul_(a.scale)
            c[1].bias.mul_(a.scale)
            c[1].bias[0::5] += a.background  # column 0 of every anchor: background
    weights = os.path.join(a.out, "model.pth")
    torch.save(m.state_dict(), weights)
    exporter.export(ARCH, weights, os.path.join(a.out, "model.aspt"))

    g = torch.Generator().manual_seed(a.seed + 1)
    entries, per_image, ones, total = [], [], 0, 0
    with torch.no_grad():
        for i in range(a.images):
            img = (torch.rand(3, 320, 320, generator=g) * 60 + 80).to(torch.uint8)
            for _ in range(int(torch.randint(3, 9, (1,), generator=g))):
                y, x = (int(v) for v in torch.randint(0, 280, (2,), generator=g))
                hh, ww = (int(v) for v in torch.randint(20, 160, (2,), generator=g))
                img[:, y:y + hh, x:x + ww] = (torch.rand(3, 1, 1, generator=g) * 255).to(torch.uint8)
            name = f"{i:05d}.png"
            write_png(img, os.path.join(a.out, "images", name))
            entries.append({"id": i + 1, "file_name": name, "width": 320, "height": 320})
            r = m([img.float() / 255.0])[0]
            per_image.append({"boxes": r["boxes"].flatten().tolist(), "scores": r["scores"].tolist(),
                              "labels": r["labels"].tolist()})
            ones += int((r["scores"] == 1.0).sum())
            total += len(r["scores"])
    n = ground_truth(os.path.join(a.out, "annotations.json"), entries, per_image, torch.Generator().manual_seed(a.seed + 2))
    # The annotations refer to the images folder beside them.
    with open(os.path.join(a.out, "annotations.json")) as f:
        coco = json.load(f)
    print(json.dumps({"images": a.images, "ground_truth": n, "detections": total, "exactly_one": ones,
                      "categories": len(coco["categories"])}))


if __name__ == "__main__":
    main()
