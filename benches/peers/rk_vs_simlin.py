#!/usr/bin/env python3
"""Millrace's RK2 and RK4 against Simlin's (pysimlin from PyPI), model by model.

Each model is run by both engines with its <sim_specs method=...> set to the method
(Millrace also through `--method`), and every column both report is compared at every
saved time. Prints one line per model and method with the largest relative difference
(|a - b| / max(|a|, |b|, 1e-300), 0 where both are equal) and the column it is in.

    python benches/peers/rk_vs_simlin.py --millrace target/release/millrace MODEL...

Exit status 1 when a model differs by more than --tolerance (default 1e-9).
"""

import argparse
import csv
import io
import math
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import simlin


def canonical(name):
    return re.sub(r"[\s_]+", "_", name.strip().strip('"').lower())


def with_method(text, method):
    """The XMILE text with its <sim_specs> asking for `method`."""
    def patch(m):
        attrs = re.sub(r'\s+method="[^"]*"', "", m.group(1))
        return f'<sim_specs method="{method}"{attrs}>'
    return re.sub(r"<sim_specs([^>]*)>", patch, text, count=1)


def simlin_run(path):
    results = simlin.load(path).run(analyze_loops=False).results
    return {canonical(c): results[c].to_numpy() for c in results.columns}, list(results.index)


def millrace_run(binary, path, method):
    out = subprocess.run([binary, "run", str(path), "--method", method.lower()],
                         check=True, capture_output=True, text=True).stdout
    rows = list(csv.reader(io.StringIO(out)))
    header, body = rows[0], rows[1:]
    columns = {canonical(h): [float(r[i]) for r in body] for i, h in enumerate(header)}
    return columns, columns["time"]


def rel(a, b):
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0.0
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def compare(binary, model, method):
    text = Path(model).read_text(encoding="utf-8", errors="replace")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(model).name
        path.write_text(with_method(text, method), encoding="utf-8")
        theirs, their_times = simlin_run(path)
        ours, our_times = millrace_run(binary, path, method)
    times = {t: i for i, t in enumerate(their_times)}
    worst, where, compared = 0.0, "", 0
    for name, values in ours.items():
        if name == "time" or name not in theirs:
            continue
        for i, t in enumerate(our_times):
            j = times.get(t)
            if j is None:
                continue
            d = rel(values[i], float(theirs[name][j]))
            compared += 1
            if d > worst:
                worst, where = d, f"{name} at t={t}"
    return worst, where, compared


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--millrace", required=True, help="the millrace binary")
    parser.add_argument("--methods", default="RK2,RK4")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("models", nargs="+")
    args = parser.parse_args()
    failed = False
    print(f"pysimlin {getattr(simlin, '__version__', '?')}; largest relative difference per model")
    for model in args.models:
        for method in args.methods.split(","):
            try:
                worst, where, n = compare(args.millrace, model, method)
            except Exception as e:  # a model one engine cannot run is reported, not fatal
                print(f"{method}\t{model}\terror: {str(e).splitlines()[0][:120]}")
                failed = True
                continue
            ok = worst <= args.tolerance and n > 0
            failed |= not ok
            print(f"{method}\t{model}\t{worst:.3e}\t{n} values\t{where if worst else ''}\t{'ok' if ok else 'DIFFERS'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
