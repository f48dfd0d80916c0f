# SPDX-License-Identifier: GPL-3.0-or-later
"""Post-processing cases full of exact score ties, with what torchvision does with them.

Trained classifiers saturate: softmax gives exactly 1.0 (and other values repeat exactly), a
sigmoid of a logit above ~16.7 is exactly 1.0f. These cases are built that way on purpose
(no filtering of hard cases): saturated rows, duplicated rows, boxes whose IoU is exactly
the NMS threshold in float, and settings that take every path of torchvision 0.14's
post-processing -- top-k by nth_element and by partial_sort, with and without a cut, the
per-class batched_nms loop (> 1000 boxes) and the coordinate trick, the per-image cap inside
a run of ties.

Each case carries the scores and decoded boxes torchvision computes (so the C++ side tests
the selection alone) and the detections of torchvision's own postprocess_detections. Cases
with removed anchors use `select_like_torchvision` below on the full model's scores and
boxes with those boxes deleted (the masked semantics of docs/design.md); it is checked here
against postprocess_detections on the full case, so it cannot drift from torchvision.
"""
from types import SimpleNamespace

import torch
from torchvision.models.detection import _utils as det_utils
from torchvision.models.detection.retinanet import RetinaNet
from torchvision.models.detection.ssd import SSD
from torchvision.ops import boxes as box_ops


def select_like_torchvision(scores, boxes, level_sizes, s, softmax):
    """torchvision's selection (threshold, top-k, batched_nms, cap) on given scores [B, K]
    and boxes [B, 4]; softmax models go per class, sigmoid models per level."""
    out_b, out_s, out_l = [], [], []
    if softmax:
        for label in range(1, scores.shape[1]):
            sc = scores[:, label]
            keep = sc > s.score_thresh
            sc, bx = sc[keep], boxes[keep]
            sc, idx = sc.topk(det_utils._topk_min(sc, s.topk_candidates, 0))
            out_b.append(bx[idx])
            out_s.append(sc)
            out_l.append(torch.full_like(sc, label, dtype=torch.int64))
    else:
        start = 0
        for n in level_sizes:
            lv = scores[start:start + n].flatten()
            keep = lv > s.score_thresh
            lv = lv[keep]
            idxs = torch.where(keep)[0]
            lv, top = lv.topk(det_utils._topk_min(idxs, s.topk_candidates, 0))
            idxs = idxs[top]
            K = scores.shape[1]
            out_b.append(boxes[start:start + n][torch.div(idxs, K, rounding_mode="floor")])
            out_s.append(lv)
            out_l.append(idxs % K)
            start += n
    b, sc, lab = torch.cat(out_b), torch.cat(out_s), torch.cat(out_l)
    keep = box_ops.batched_nms(b, sc, lab, s.nms_thresh)[: s.detections_per_img]
    return b[keep], sc[keep], lab[keep]


def _saturated_logits(g, n, k, saturate, duplicate, big):
    """Random logits where a share of the rows puts one class at `big` (softmax 1.0 or
    sigmoid 1.0f) and another share copies earlier rows exactly."""
    logits = torch.randn(n, k, generator=g) * 2.0
    sat = torch.rand(n, generator=g) < saturate
    cls = torch.randint(0, k, (n,), generator=g)
    logits[sat, :] = logits[sat, :] - 30.0
    logits[sat, cls[sat]] = big
    dup = torch.nonzero(torch.rand(n, generator=g) < duplicate).flatten()
    for i in dup.tolist():
        if i > 0:
            logits[i] = logits[int(torch.randint(0, i, (1,), generator=g))]
    return logits


def _anchors(g, n, width, height):
    """Prior boxes jittered around a few centres (so that NMS has overlaps to decide), with
    some exact copies (equal boxes tie in IoU too)."""
    clusters = max(4, n // 80)
    centres = torch.rand(clusters, 2, generator=g) * torch.tensor([float(width), float(height)])
    size = 12.0 + torch.rand(clusters, 2, generator=g) * 100.0
    pick = torch.randint(0, clusters, (n,), generator=g)
    c = centres[pick] + torch.randn(n, 2, generator=g) * size[pick] * 0.1
    wh = size[pick] * (0.8 + 0.4 * torch.rand(n, 2, generator=g))
    a = torch.cat([c - wh / 2, c + wh / 2], 1)
    same = torch.rand(n, generator=g) < 0.05
    for i in torch.nonzero(same).flatten().tolist():
        if i > 0:
            a[i] = a[i - 1]
    return a


def _exact_iou_pairs(anchors, thr_pairs):
    """Overwrites a few anchor pairs so that their IoU is exactly a float near the NMS
    threshold: a box and its copy shortened to `frac` of its height (IoU = frac in float)."""
    for i, frac in thr_pairs:
        x1, y1 = float(anchors[i, 0].round()), float(anchors[i, 1].round())
        anchors[i] = torch.tensor([x1, y1, x1 + 10.0, y1 + 10.0])
        anchors[i + 1] = torch.tensor([x1, y1, x1 + 10.0, y1 + 10.0 * frac])


def _case(name, seed, softmax, level_sizes, K, width, height, settings, masks, exact_iou=()):
    g = torch.Generator().manual_seed(seed)
    B = sum(level_sizes)
    s = SimpleNamespace(**settings)
    anchors = _anchors(g, B, width, height)
    _exact_iou_pairs(anchors, exact_iou)
    reg = torch.randn(B, 4, generator=g) * 0.5
    if not softmax:
        reg[:, 2:] = 0.0  # torchvision decodes RetinaNet's selected boxes only: exp(0) = 1 everywhere
    for i, _ in exact_iou:
        reg[i:i + 2] = 0.0
    logits = _saturated_logits(g, B, K, 0.35, 0.15, 40.0 if softmax else 20.0)
    for i, _ in exact_iou:  # the pair ties at 1.0 in the same class
        logits[i] = -30.0
        logits[i, 1 + i % (K - 1)] = 40.0
        logits[i + 1] = logits[i]
    size = (height, width)
    if softmax:
        s.box_coder = det_utils.BoxCoder((10.0, 10.0, 5.0, 5.0))
        det = SSD.postprocess_detections(s, {"bbox_regression": reg[None], "cls_logits": logits[None]}, [anchors],
                                         [size])[0]
        scores = torch.softmax(logits[None], -1)[0]
        boxes = box_ops.clip_boxes_to_image(s.box_coder.decode_single(reg, anchors), size)
    else:
        s.box_coder = det_utils.BoxCoder((1.0, 1.0, 1.0, 1.0))
        lg, rg, an = logits.split(level_sizes), reg.split(level_sizes), anchors.split(level_sizes)
        det = RetinaNet.postprocess_detections(
            s, {"cls_logits": [t[None] for t in lg], "bbox_regression": [t[None] for t in rg]}, [list(an)], [size])[0]
        scores = torch.cat([torch.sigmoid(t) for t in lg])
        boxes = box_ops.clip_boxes_to_image(s.box_coder.decode_single(reg, anchors), size)
    mine = select_like_torchvision(scores, boxes, level_sizes, s, softmax)
    for a, b in zip(mine, (det["boxes"], det["scores"], det["labels"])):
        if not torch.equal(a, b):
            raise RuntimeError(f"{name}: select_like_torchvision differs from torchvision's postprocess_detections")
    ties = int((scores.flatten()[scores.flatten() > s.score_thresh].unique(return_counts=True)[1] > 1).sum())
    if ties < 5:
        raise RuntimeError(f"{name}: only {ties} tied score values; the case tests nothing")
    anchors_per_cell = 6
    anchor_id = torch.arange(B) % anchors_per_cell
    level = torch.cat([torch.full((n,), l) for l, n in enumerate(level_sizes)])
    masked = []
    for removed in masks:
        keep = ~torch.isin(anchor_id, torch.tensor(removed, dtype=torch.long))
        sizes = [int((level[keep] == l).sum()) for l in range(len(level_sizes))]
        b, sc, lab = select_like_torchvision(scores[keep], boxes[keep], sizes, s, softmax)
        masked.append({"removed": removed, "boxes": b.flatten().tolist(), "scores": sc.tolist(),
                       "labels": lab.tolist()})
    return {
        "name": name, "num_classes": K, "width": width, "height": height, "levels": level_sizes,
        "anchors_per_cell": anchors_per_cell,
        "settings": {"score_function": "softmax" if softmax else "sigmoid", "background_index": 0 if softmax else -1,
                     "score_threshold": s.score_thresh, "topk_mode": "per_class" if softmax else "per_level",
                     "topk": s.topk_candidates, "nms_iou": s.nms_thresh, "max_detections": s.detections_per_img,
                     "coder_weights": [10.0, 10.0, 5.0, 5.0] if softmax else [1.0, 1.0, 1.0, 1.0],
                     "tie_rule": "torchvision"},
        "scores": scores.flatten().tolist(), "boxes": boxes.flatten().tolist(),
        "expected": {"boxes": det["boxes"].flatten().tolist(), "scores": det["scores"].tolist(),
                     "labels": det["labels"].tolist()},
        "masked": masked,
        "tied_values": ties,
        "selected_boxes": int(sum(min(int((scores[:, c] > s.score_thresh).sum()), s.topk_candidates)
                                  for c in range(1, K))) if softmax else None,
    }


def tie_cases():
    ssd = dict(score_thresh=0.01, topk_candidates=400, nms_thresh=0.45, detections_per_img=200)
    lite = dict(score_thresh=0.001, topk_candidates=300, nms_thresh=0.55, detections_per_img=300)
    retina = dict(score_thresh=0.05, topk_candidates=1000, nms_thresh=0.5, detections_per_img=300)
    masks = [[0], [3], [1, 4], [0, 2, 5], [1, 2, 3, 4]]
    return [
        # nth_element with a cut at 400 per class; > 1000 boxes: the per-class batched_nms loop.
        _case("ssd_vanilla", 31, True, [3000], 6, 300, 300, ssd, masks),
        # k·64 ≤ n: partial_sort; 50 boxes: the coordinate trick.
        _case("ssd_partial_sort", 32, True, [3000], 6, 300, 300, dict(ssd, topk_candidates=10), masks),
        # SSDlite: IoU exactly 0.55f (> 0.55 as a double: suppressed), the cap at 300.
        _case("ssdlite_exact_iou", 33, True, [1800], 5, 320, 320, lite, masks,
              exact_iou=[(10, 0.55), (40, 0.55), (70, 0.45), (100, 0.5)]),
        # The cap (25) falls inside a run of tied 1.0 scores; trick path (top 100 per class).
        _case("ssd_cap_in_ties", 34, True, [2000], 4, 300, 300, dict(ssd, topk_candidates=100,
                                                                       detections_per_img=25), masks),
        # No cut (n ≤ k): nth_element at n−1, ties ordered by std::sort of the first n−1.
        _case("ssd_no_cut", 35, True, [600], 4, 300, 300, dict(ssd, topk_candidates=400), masks),
        # RetinaNet: per level over (box, class) pairs; 1000 of more at level 0 (nth_element).
        _case("retina_levels", 36, False, [1500, 600, 150], 4, 512, 384, retina, masks),
        # RetinaNet with k·64 ≤ n per level: partial_sort.
        _case("retina_partial_sort", 37, False, [1500, 800, 150], 4, 512, 384,
              dict(retina, topk_candidates=8, score_thresh=0.05), masks),
    ]
