#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Is a search's front locally Pareto-optimal? (docs/search.md, "beaten").

  front_neighbours.py list SEARCH.json > hood.txt
      every 1-flip and swap neighbour of every front point (one anchor removed or put back,
      or a removed anchor swapped for a kept one), one removed-id list per line, each once
  anchorscope-cli evaluate --cache C --configs hood.txt --json > hood.jsonl
  front_neighbours.py count SEARCH.json hood.jsonl
      how many front points a neighbour dominates on the search images (head MACs <= and
      AP >=, one of them strictly), and how many such neighbours there are

Single anchors only (not the shared-head units). Standard library only.
"""
import json
import sys


def front_points(search):
    nodes = search["nodes"]
    return [(tuple(nodes[f]["removed"]), nodes[f]["head_macs"], nodes[f]["stats"]["AP"]) for f in search["front"]]


def anchor_count(search):
    return sum(search["nodes"][0]["kept_per_level"])


def neighbours(removed, n):
    out = set(removed)
    kept = [a for a in range(n) if a not in out]
    for b in kept:
        yield tuple(sorted(out | {b}))
    for a in removed:
        yield tuple(sorted(out - {a}))
        for b in kept:
            yield tuple(sorted((out - {a}) | {b}))


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("list", "count"):
        sys.exit(__doc__)
    with open(sys.argv[2]) as f:
        search = json.load(f)
    n = anchor_count(search)
    front = front_points(search)
    if sys.argv[1] == "list":
        seen = set()
        for removed, _, _ in front:
            for c in neighbours(removed, n):
                if c and len(c) < n and c not in seen:
                    seen.add(c)
                    print(",".join(map(str, c)))
        return
    result = {}
    with open(sys.argv[3]) as f:
        for line in f:
            if line.strip():
                j = json.loads(line)
                result[tuple(j["removed"])] = (j["head_macs"], j["AP"])
    beaten, dominating, tried = 0, set(), 0
    for removed, macs, ap in front:
        hit = False
        for c in neighbours(removed, n):
            if c not in result:
                continue
            tried += 1
            m, a = result[c]
            if m <= macs and a >= ap and (m < macs or a > ap):
                hit = True
                dominating.add(c)
        beaten += hit
    print(json.dumps({"front": len(front), "beaten": beaten, "dominating_neighbours": len(dominating),
                      "neighbours_tried": tried, "neighbours_evaluated": len(result)}))


if __name__ == "__main__":
    main()
