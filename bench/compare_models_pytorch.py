#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Times the native architectures next to Python PyTorch on this machine and prints a table.

usage: /usr/bin/python3 bench/compare_models_pytorch.py BENCH_MODELS_BINARY [--threads 2] [--rounds 1]

With --rounds N the C++ and the Python measurements alternate N times (C++ all
architectures, then Python all architectures, then again), and each cell reports the median
over the rounds: a slow spell of the machine then hits both sides instead of one.

Python side: eager PyTorch with the very weights the C++ run wrote (bench/eager_twins.py):
ssd300_vgg16 is torchvision's model (backbone + head, same parameter names), ssd_small and
retinanet_r18_fpn are eager modules of the same structure; each twin is checked to give the
package's outputs before it is timed. Same synthetic training step as the C++ side.
"""
import json
import subprocess
import sys
import tempfile
import time

import torch

from eager_twins import twin_of


def median(v):
    v = sorted(v)
    return v[len(v) // 2]


def time_it(f, repeat):
    for _ in range(5):
        f()
    t = []
    for _ in range(repeat):
        t0 = time.perf_counter(); f(); t.append(time.perf_counter() - t0)
    return median(t)


def one_round(binary, threads):
    with tempfile.TemporaryDirectory() as tmp:
        cpp = json.loads(subprocess.run([binary, "--threads", str(threads), "--out", tmp], check=True,
                                        capture_output=True, text=True).stdout)
        rows = []
        for c in cpp:
            arch, size = c["arch"], c["input"]
            scripted = torch.jit.load("%s/%s.aspt" % (tmp, arch))
            model = twin_of(arch, scripted, size)
            del scripted
            kind = "torchvision eager" if arch == "ssd300_vgg16" else "eager twin (bench/eager_twins.py)"
            py = {}
            model.eval()
            for b in (1, 8):
                x = torch.randn(b, 3, size, size)
                with torch.inference_mode():
                    py[b] = b / time_it(lambda: model(x), 5)
            model.train()
            opt = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
            x = torch.randn(8, 3, size, size)

            def step():
                a, r = model(x)
                loss = (a.pow(2).sum() + r.pow(2).sum()) / a.shape[1]
                opt.zero_grad(); loss.backward(); opt.step()
            st = time_it(step, 3)
            rows.append((arch, kind, c["forward_images_per_second_b1"], py[1], c["forward_images_per_second_b8"], py[8],
                         c["train_step_seconds_b8"], st))
    return rows


def main():
    binary = sys.argv[1]
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 2
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 1
    torch.set_num_threads(threads)
    per_round = []
    for r in range(rounds):
        per_round.append(one_round(binary, threads))
        print("round %d: %s" % (r + 1, json.dumps([[round(v, 4) if isinstance(v, float) else v for v in row]
                                                   for row in per_round[-1]])), file=sys.stderr, flush=True)
    rows = []
    for i in range(len(per_round[0])):
        cells = [per_round[r][i] for r in range(rounds)]
        rows.append(cells[0][:2] + tuple(median([c[j] for c in cells]) for j in range(2, 8)))
    print("| architecture | Python side | fwd img/s b1: C++ / Python | fwd img/s b8: C++ / Python | train step b8 s: C++ / Python | C++ time ÷ Python time (fwd b1, b8, train) |")
    print("|---|---|---|---|---|---|")
    for a, k, c1, p1, c8, p8, cs, ps in rows:
        print("| %s | %s | %.1f / %.1f | %.1f / %.1f | %.2f / %.2f | %.2f, %.2f, %.2f |" % (
            a, k, c1, p1, c8, p8, cs, ps, p1 / c1, p8 / c8, cs / ps))


if __name__ == "__main__":
    main()
