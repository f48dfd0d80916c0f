#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the NMS of Anchorscope and of Python torchvision on the same candidates (the
500-image SSD300-sized predictions of shared/bench/make_ssd300_cache.py) and prints the
time ratio and whether both keep the same detections.

usage: /usr/bin/python3 bench/compare_nms_torchvision.py DATA_DIR BENCH_EVAL_BINARY
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torchvision

THRESH, IOU, MAX_DETS = 0.02, 0.45, 200


def main():
    data, binary = sys.argv[1], sys.argv[2]
    meta = json.load(open(os.path.join(data, "meta.json")))
    n, B, C = meta["images"], meta["boxes_per_image"], meta["score_columns"]
    bg = meta["background_column"]
    cat_ids = meta["category_ids_by_column"]
    image_ids = meta["image_ids"]
    boxes = np.memmap(os.path.join(data, "boxes.f32"), dtype=np.float32, mode="r", shape=(n, B, 4))
    scores = np.memmap(os.path.join(data, "scores.f32"), dtype=np.float32, mode="r", shape=(n, B, C))

    # Candidates once (not timed, as in the C++ benchmark).
    cands = []
    for i in range(n):
        s = torch.from_numpy(np.array(scores[i]))
        s[:, bg] = 0
        b_idx, k_idx = torch.nonzero(s > THRESH, as_tuple=True)
        cands.append((torch.from_numpy(np.array(boxes[i]))[b_idx], s[b_idx, k_idx], k_idx))

    torch.set_num_threads(2)
    times, kept = [], []
    for rep in range(3):
        t0 = time.perf_counter()
        out = []
        for b, s, k in cands:
            keep = torchvision.ops.batched_nms(b, s, k, IOU)[:MAX_DETS]
            out.append(keep)
        times.append(time.perf_counter() - t0)
        kept = out
    py = sorted(times)[1]

    with tempfile.TemporaryDirectory() as tmp:
        det_path = os.path.join(tmp, "dets.json")
        subprocess.run([binary, "--data", data, "--write-detections", det_path], check=True, stdout=subprocess.DEVNULL)
        ours = json.load(open(det_path))
        bench = subprocess.run([binary, "--data", data, "--benchmark_filter=Nms/", "--benchmark_repetitions=3",
                                "--benchmark_report_aggregates_only=true", "--benchmark_format=json"],
                               check=True, capture_output=True, text=True)
        rows = json.loads(bench.stdout)["benchmarks"]
        cpp_ms = next(r["real_time"] for r in rows if r["name"].endswith("_median"))
        unit = next(r["time_unit"] for r in rows if r["name"].endswith("_median"))
        cpp = cpp_ms / (1000.0 if unit == "ms" else 1e6 if unit == "us" else 1.0)

    # Same kept set? Compare (image, category, score, box) tuples.
    ref = set()
    for i, (b, s, k) in enumerate(cands):
        for j in kept[i].tolist():
            x1, y1, x2, y2 = b[j].tolist()
            ref.add((image_ids[i], cat_ids[int(k[j])], round(float(s[j]), 6), round(x1, 3), round(y1, 3)))
    mine = set((d["image_id"], d["category_id"], round(d["score"], 6), round(d["bbox"][0], 3), round(d["bbox"][1], 3))
               for d in ours)
    print(f"candidates: {sum(len(s) for _, s, _ in cands)}, kept: torchvision {len(ref)}, anchorscope {len(mine)}")
    print(f"identical kept sets: {ref == mine} (only torchvision: {len(ref - mine)}, only anchorscope: {len(mine - ref)})")
    print(f"torchvision batched_nms (2 threads): {py * 1000:.1f} ms; anchorscope: {cpp * 1000:.2f} ms; "
          f"ratio {py / cpp:.0f}x")


if __name__ == "__main__":
    main()
