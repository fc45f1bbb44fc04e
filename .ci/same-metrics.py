#!/usr/bin/env python3
"""Compares the metrics.json of two sets of runs (BEFORE/NAME/metrics.json against AFTER/NAME/metrics.json):
every metric must be bit-identical except wall-clock timings and what is computed from them (keys naming seconds,
milliseconds, a measured speed-up or cost), which are only counted. Exit status 1 if any other metric differs or is missing.
usage: same-metrics.py BEFORE AFTER [NAME ...]"""
import json, os, re, sys

# parareal's model_bound and coarse_to_fine_cost are computed from the measured costs of F and G
TIMING = re.compile(r"(seconds|_ms$|_s$|speedup|coarse_to_fine_cost|model_bound)")
before, after = sys.argv[1], sys.argv[2]
names = sys.argv[3:] or sorted(d for d in os.listdir(before) if os.path.isfile(os.path.join(before, d, "metrics.json")))
bad = 0
for name in names:
    a = json.load(open(os.path.join(before, name, "metrics.json")))
    b = json.load(open(os.path.join(after, name, "metrics.json")))
    same = [k for k in a if k in b and a[k] == b[k]]
    timing = [k for k in a if TIMING.search(k)]
    differ = [k for k in a if not TIMING.search(k) and (k not in b or a[k] != b[k])]
    added = [k for k in b if k not in a]   # a record the later code writes in addition (reported, not compared)
    status = "IDENTICAL" if not differ else "DIFFERENT"
    bad += status != "IDENTICAL"
    print(f"{name}: {status}: {len(same)} of {len(a)} metrics equal; timings not compared: {len([k for k in timing if a.get(k) != b.get(k)])}"
          + (f"; added: {', '.join(added)}" if added else "")
          + "".join(f"\n    {k}: {a.get(k)} -> {b.get(k)}" for k in differ))
sys.exit(1 if bad else 0)
