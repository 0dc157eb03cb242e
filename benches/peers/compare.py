#!/usr/bin/env python3
"""Millrace's backends against Simlin's VM (pysimlin) and PySD, from PyPI, in interleaved rounds.

Each round runs `millrace bench MODEL --runs N` (vm, wasm and jit take turns inside it)
and then N Simlin runs of the same model in this process; the rounds alternate, so a
burst of load on the shared machine hits both sides alike. Per side it reports the
median over rounds of the per-round median, and the minimum over rounds of the per-round
minimum, per run, and the ratio Millrace / Simlin of each.

What a run includes:
- Millrace (`millrace bench`): `reset` + `run_to_end` of a compiled simulation, timed
  in Rust: the initials, every step, every saved row (all slots).
- Simlin: `Sim.reset()` + `Sim.run_to_end()` on a `model.simulate()` simulation,
  timed in Python with `time.perf_counter_ns` around the two calls: the same work, plus
  two calls through pysimlin's FFI (about a microsecond each, which matters on the
  smallest models only).
- PySD (with `--pysd`): `model.run()` of a model read once by `pysd.read_xmile` (or
  `read_vensim` for a `.mdl`), timed the same way, `--pysd-runs` runs a round (its
  runs take seconds on WORLD3); it returns a DataFrame of every variable, which its
  run time includes. A model written `MODEL=OTHER` is read by PySD from OTHER (WORLD3's
  `.mdl`, say, where PySD does not read the XMILE).

    python benches/peers/compare.py --millrace target/release/millrace --rounds 5 MODEL...

Prints a Markdown table.
"""

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import simlin


def millrace_round(binary, model, runs):
    out = subprocess.run([binary, "bench", model, "--runs", str(runs)], check=True,
                         capture_output=True, text=True).stdout
    times = {}
    for line in out.splitlines():
        m = re.match(r"(vm|wasm|jit)\s+[\d.]+ ms\s+([\d.]+) ms\s+([\d.]+) ms", line)
        if m:
            times[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return times


def simlin_round(sim, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        sim.reset()
        sim.run_to_end()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(samples), min(samples)


def pysd_round(model, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        model.run()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(samples), min(samples)


def pysd_model(path, scratch):
    """PySD's model of `path`, translated from a copy in `scratch`: PySD writes its
    Python translation beside the file it reads, which must not land in the tree."""
    import pysd
    copy = Path(scratch) / Path(path).name
    shutil.copyfile(path, copy)
    return pysd.read_vensim(str(copy)) if path.lower().endswith(".mdl") else pysd.read_xmile(str(copy))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--millrace", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--pysd", action="store_true", help="also time PySD")
    parser.add_argument("--pysd-runs", type=int, default=3)
    parser.add_argument("models", nargs="+", help="MODEL, or MODEL=FILE FOR PYSD")
    args = parser.parse_args()
    print(f"pysimlin {getattr(simlin, '__version__', '?')}, {args.rounds} rounds of {args.runs} runs")
    print()
    print("| model | side | run median (ms) | run min (ms) | median / Simlin VM | min / Simlin VM |")
    print("|---|---|---|---|---|---|")
    for spec in args.models:
        model, _, for_pysd = spec.partition("=")
        sim = simlin.load(model).simulate()
        scratch = tempfile.TemporaryDirectory()
        pysd = pysd_model(for_pysd or model, scratch.name) if args.pysd else None
        ours = {b: ([], []) for b in ("vm", "wasm", "jit")}
        theirs = ([], [])
        pysd_times = ([], [])
        for _ in range(args.rounds):
            if pysd is not None:
                median, least = pysd_round(pysd, args.pysd_runs)
                pysd_times[0].append(median)
                pysd_times[1].append(least)
            for backend, (median, least) in millrace_round(args.millrace, model, args.runs).items():
                ours[backend][0].append(median)
                ours[backend][1].append(least)
            median, least = simlin_round(sim, args.runs)
            theirs[0].append(median)
            theirs[1].append(least)
        ref = (statistics.median(theirs[0]), min(theirs[1]))
        print(f"| {model} | Simlin VM | {ref[0]:.4f} | {ref[1]:.4f} | 1 | 1 |")
        if pysd is not None:
            med, least = statistics.median(pysd_times[0]), min(pysd_times[1])
            print(f"| | PySD | {med:.4f} | {least:.4f} | {med / ref[0]:.2f} | {least / ref[1]:.2f} |")
        for backend, (medians, mins) in ours.items():
            med, least = statistics.median(medians), min(mins)
            print(f"| | Millrace {backend} | {med:.4f} | {least:.4f} | {med / ref[0]:.2f} | {least / ref[1]:.2f} |")


if __name__ == "__main__":
    main()
