# SPDX-License-Identifier: GPL-3.0-or-later
"""Saturated torchvision detectors and what torchvision does with them.

A trained classifier saturates: softmax scores of exactly 1.0 (and repeated values), a
sigmoid of exactly 1.0f. No training is needed to get there: the final classification convs
of a random torchvision SSD300, SSDlite and RetinaNet are scaled until many scores are
exactly 1.0 (checked below). For each, on images of several sizes with ground truth:

* the .aspt package the exporter makes of it;
* torchvision's own `model([img])` detections, one image at a time, in its order;
* for a set of configurations (single anchors, whole levels, large random sets) the
  detections of torchvision's masked post-processing: the full model's scores and decoded
  boxes with the removed anchors' boxes deleted, then torchvision's selection
  (tie_cases.select_like_torchvision), then transform.postprocess (original pixels).
"""
import json
import os

import torch
from torchvision.models.detection.transform import resize_boxes
from torchvision.ops import boxes as box_ops

from noise_images import write_noise_images
from tie_cases import select_like_torchvision

SIZES = [(240, 300), (311, 257), (380, 400), (300, 300), (200, 480), (320, 320)]


def noise_images(out, g):
    """Noise images with coloured rectangles, of several sizes."""
    return write_noise_images(os.path.join(out, "images"), g, SIZES, 7, 170, "s")


def ground_truth(path, entries, per_image, g):
    """Ground truth a random detector can score on: jittered copies of some of its own
    detections (IoUs spread over COCO's thresholds), mostly with their label. AP then
    depends on which of two tied detections is kept and in what order."""
    anns = []
    for i, dets in enumerate(per_image):
        boxes = torch.tensor(dets["boxes"]).view(-1, 4)
        for r in range(0, min(len(dets["labels"]), 40), 3):
            x1, y1, x2, y2 = boxes[r].tolist()
            w, h = x2 - x1, y2 - y1
            if w < 2 or h < 2:
                continue
            j = (torch.rand(4, generator=g) - 0.5) * 0.3
            x1, y1 = x1 + float(j[0]) * w, y1 + float(j[1]) * h
            w, h = w * (1 + float(j[2])), h * (1 + float(j[3]))
            label = dets["labels"][r] if float(torch.rand(1, generator=g)) < 0.9 else 1 + len(anns) % 4
            anns.append({"id": len(anns) + 1, "image_id": i + 1, "category_id": int(label),
                         "bbox": [x1, y1, w, h], "area": w * h, "iscrowd": 0})
    coco = {"images": entries, "annotations": anns, "categories": [{"id": k, "name": f"class_{k}"} for k in range(5)]}
    with open(path, "w") as f:
        json.dump(coco, f)
    return len(anns)


def saturate(arch, m):
    """Scale the final classification convs so that many scores are exactly 1.0."""
    with torch.no_grad():
        if arch == "retinanet_resnet50_fpn":
            convs = [m.head.classification_head.cls_logits]
            factor, shift = 4.5, 3.0
        elif arch == "ssd300_vgg16":
            convs = list(m.head.classification_head.module_list)
            factor, shift = 10.0, 0.0
        else:
            convs = [c[1] for c in m.head.classification_head.module_list]
            factor, shift = 15.0, 0.0
        for c in convs:
            c.weight.mul_(factor)
            c.bias.mul_(factor).add_(shift)


def internals(arch, m, img):
    """What model([img]) computes before selection: scores [B, K] and decoded, clipped boxes
    [B, 4] of the full model, boxes per level, the resized and the original size."""
    images, _ = m.transform([img.float() / 255.0])
    feats = m.backbone(images.tensors)
    feats = list(feats.values())
    head = m.head(feats)
    anchors = m.anchor_generator(images, feats)[0]
    size = images.image_sizes[0]
    boxes = box_ops.clip_boxes_to_image(m.box_coder.decode_single(head["bbox_regression"][0], anchors), size)
    per_level_cells = [f.shape[2] * f.shape[3] for f in feats]
    A = head["cls_logits"].shape[1] // sum(per_level_cells)
    if arch == "retinanet_resnet50_fpn":
        level_sizes = [c * A for c in per_level_cells]
        scores = torch.cat([torch.sigmoid(t) for t in head["cls_logits"][0].split(level_sizes)])
        anchors_per_level = [A] * len(feats)
    else:
        scores = torch.softmax(head["cls_logits"], -1)[0]
        anchors_per_level = list(m.anchor_generator.num_anchors_per_location())
        level_sizes = [c * a for c, a in zip(per_level_cells, anchors_per_level)]
    # Global anchor id of every box: level-major, (y·W + x)·A + a inside a level.
    ids, first = [], 0
    for cells, a in zip(per_level_cells, anchors_per_level):
        ids.append((torch.arange(cells * a) % a) + first)
        first += a
    return scores, boxes, level_sizes, torch.cat(ids), size, tuple(img.shape[-2:]), anchors_per_level


def detections(boxes, scores, labels):
    return {"boxes": boxes.flatten().tolist(), "scores": scores.tolist(), "labels": labels.tolist()}


def configurations(arch, anchors_per_level, g):
    """Single anchors, whole levels, large random sets (shared RetinaNet head: anchor
    indices on every level and whole levels)."""
    first = [sum(anchors_per_level[:l]) for l in range(len(anchors_per_level))]
    total = sum(anchors_per_level)
    if arch == "retinanet_resnet50_fpn":
        A, L = anchors_per_level[0], len(anchors_per_level)
        idx = lambda i: [first[l] + i for l in range(L)]  # noqa: E731
        level = lambda l: list(range(first[l], first[l] + A))  # noqa: E731
        return [[], idx(0), idx(4), level(0), level(4), sorted(idx(1) + idx(2) + idx(7)),
                sorted(idx(0) + idx(3) + idx(5) + idx(6) + idx(8)), sorted(level(1) + idx(2))]
    confs = [[], [0], [1], [first[1] + 2], list(range(first[0], first[1])), list(range(first[-2], total))]
    for n in (total // 3, total // 2, (2 * total) // 3):
        confs.append(sorted(torch.randperm(total, generator=g)[:n].tolist()))
    return confs


def saturated_parity(out, exporter, spread_weights):
    out = os.path.join(out, "saturated")
    os.makedirs(out, exist_ok=True)
    images, entries = noise_images(out, torch.Generator().manual_seed(19))
    result = {}
    for arch in exporter.ARCHITECTURES:
        torch.manual_seed(0)
        m = exporter.build_model(arch, 5, 320, 480).eval()
        spread_weights(arch, m, torch.Generator().manual_seed(5))
        saturate(arch, m)
        weights = os.path.join(out, f"{arch}.pth")
        torch.save(m.state_dict(), weights)
        exporter.export(arch, weights, os.path.join(out, f"{arch}.aspt"), min_size=320, max_size=480)
        softmax = arch != "retinanet_resnet50_fpn"
        per_image, ones, total = [], 0, 0
        full_parts = []
        with torch.no_grad():
            for img in images:
                r = m([img.float() / 255.0])[0]
                per_image.append(detections(r["boxes"], r["scores"], r["labels"]))
                ones += int((r["scores"] == 1.0).sum())
                total += len(r["scores"])
                full_parts.append(internals(arch, m, img))
        # The full model's scores of the first image, [boxes, classes] float32, for the raw
        # score bit test.
        full_parts[0][0].contiguous().numpy().tofile(os.path.join(out, f"{arch}-scores0.f32"))
        if ones < 40 or ones < total // 10 or ones == total:
            raise RuntimeError(f"{arch}: {ones} of {total} detections score exactly 1.0; not a saturated model")
        gt = ground_truth(os.path.join(out, f"{arch}.json"), entries, per_image, torch.Generator().manual_seed(29))
        settings = m  # postprocess attributes (score_thresh, topk_candidates, ...) live on the model
        confs = configurations(arch, full_parts[0][6], torch.Generator().manual_seed(23))
        masked = []
        for removed in confs:
            dets = []
            for (scores, boxes, level_sizes, ids, size, orig, _), img_dets in zip(full_parts, per_image):
                keep = ~torch.isin(ids, torch.tensor(removed, dtype=torch.long))
                sizes, start = [], 0
                for n in level_sizes:
                    sizes.append(int(keep[start:start + n].sum()))
                    start += n
                b, s, lab = select_like_torchvision(scores[keep], boxes[keep], sizes, settings, softmax)
                b = resize_boxes(b, size, orig)
                if not removed:  # the masked path with nothing removed is model([img]) itself
                    want = torch.tensor(img_dets["scores"])
                    if not (torch.equal(s, want) and lab.tolist() == img_dets["labels"]
                            and torch.allclose(b.flatten(), torch.tensor(img_dets["boxes"]), atol=1e-4)):
                        raise RuntimeError(f"{arch}: the masked reference differs from model([img])")
                dets.append(detections(b, s, lab))
            masked.append({"removed": removed, "detections": dets})
        result[arch] = {"model_detections": per_image, "configurations": masked, "ones": ones, "total": total,
                        "ground_truth": gt}
    return result
