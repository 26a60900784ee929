#!/usr/bin/env python3
"""Confidence on rewritten sentences: how tmxalign scores 1-1 pairs whose target sentence
the translation replaced by another one.

Builds tasks from the odd-numbered clean NTREX documents (../shared/bench/ntrex, never
used in training) with a share RATE of the target sentences (never the first) replaced by
a sentence of another document of the same language; the gold ladder then has `[i]:[]`
and `[]:[i]` there. Aligns every task (`align --presegmented --beads`), prints
`tmxalign eval` (strict/omission F1, ECE, reliability table) and, per bead shape and
correctness, how many beads there are and how many have confidence >= 0.9.

    scripts/bench-rewrites.py [OUT_DIR] [RATE]       (defaults: target/bench-rewrites 0.1)

TMXALIGN=path/to/tmxalign measures that binary (default: target/release/tmxalign, which
must be built). Standard library only; the replacements are drawn by a fixed seed per
document, so every run builds the same tasks.
"""
import collections
import os
import random
import shutil
import subprocess
import sys

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bench = os.environ.get("NTREX_BENCH", os.path.join(here, "..", "shared", "bench", "ntrex"))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "target", "bench-rewrites")
rate = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
exe = os.environ.get("TMXALIGN", os.path.join(here, "target", "release", "tmxalign"))
shutil.rmtree(out, ignore_errors=True)

for pair in ["en-ru", "en-be"]:
    root = os.path.join(bench, pair, "clean")
    docs = sorted(os.listdir(root))
    pool = []
    for d in docs:
        with open(os.path.join(root, d, "tgt.txt"), encoding="utf-8") as f:
            pool += [(d, line) for line in f.read().splitlines()]
    for d in docs:
        n = int(d.split("-")[0])
        if n % 2 == 0:
            continue
        rng = random.Random(n * 7919 + int(rate * 1000))
        with open(os.path.join(root, d, "src.txt"), encoding="utf-8") as f:
            src = f.read().splitlines()
        with open(os.path.join(root, d, "tgt.txt"), encoding="utf-8") as f:
            tgt = f.read().splitlines()
        gold, new_tgt = [], []
        for i, t in enumerate(tgt):
            if i > 0 and rng.random() < rate:
                while True:
                    od, other = rng.choice(pool)
                    if od != d:
                        break
                new_tgt.append(other)
                gold += [f"[{i}]:[]", f"[]:[{i}]"]
            else:
                new_tgt.append(t)
                gold.append(f"[{i}]:[{i}]")
        task = os.path.join(out, "tasks", pair, d)
        os.makedirs(task)
        for name, lines in [("src.txt", src), ("tgt.txt", new_tgt), ("gold.txt", gold)]:
            with open(os.path.join(task, name), "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
        pred = os.path.join(out, "pred", pair, d)
        os.makedirs(pred)
        subprocess.run([exe, "align", "-q", "--presegmented", "--src-lang", "en",
                        "--tgt-lang", pair[3:], "--creation-date", "2026-01-01T00:00:00Z",
                        os.path.join(task, "src.txt"), os.path.join(task, "tgt.txt"),
                        "-o", os.path.join(pred, "pred.tmx"),
                        "--beads", os.path.join(pred, "pred.txt")], check=True)
    print(f"== {pair}, odd clean documents, {rate:.0%} of target sentences replaced", flush=True)
    subprocess.run([exe, "eval", os.path.join(out, "tasks", pair), os.path.join(out, "pred", pair)],
                   check=True)
    stats = collections.defaultdict(list)
    for d in sorted(os.listdir(os.path.join(out, "tasks", pair))):
        with open(os.path.join(out, "tasks", pair, d, "gold.txt"), encoding="utf-8") as f:
            gold = {line.strip() for line in f}
        with open(os.path.join(out, "pred", pair, d, "pred.txt"), encoding="utf-8") as f:
            for line in f:
                bead, conf = line.strip().rsplit(":", 1)
                s, t = bead.split(":")
                shape = "-".join(str(0 if x == "[]" else x.count(",") + 1) for x in (s, t))
                stats[(shape, bead in gold)].append(float(conf))
    for (shape, right), confs in sorted(stats.items()):
        print(f"{shape} {'right' if right else 'wrong'}: {len(confs)} beads, mean confidence "
              f"{sum(confs) / len(confs):.3f}, {sum(c >= 0.9 for c in confs)} with confidence >= 0.9")
