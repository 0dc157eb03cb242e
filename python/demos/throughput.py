"""By hand (not in CI): Python batch throughput against the CLI's on WORLD3, the same
10,000 parameter rows, backend and jobs. The CLI's time is the one it prints (runs
only, after compiling); the Python time is a second `batch` call (the model compiled
by the first), from the call to the DataFrame.

    python python/demos/throughput.py MILLRACE_BIN [JOBS]
"""

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import millrace_sd as mr

WORLD3 = Path(__file__).resolve().parents[2] / "tests" / "models" / "world3" / "world3.xmile"
VARS = ["population", "industrial_output"]


def main():
    binary, jobs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2
    rng = np.random.default_rng(3)
    n = 10_000
    p = pd.DataFrame({"industrial_capital_output_ratio_1": rng.uniform(2.5, 3.5, n)})
    model = mr.load(WORLD3)
    model.batch(params=p.head(10), vars=VARS, final_only=True, jobs=jobs)
    with tempfile.TemporaryDirectory() as tmp:
        params = Path(tmp) / "params.csv"
        params.write_text("industrial_capital_output_ratio_1\n" + "\n".join(map(repr, p.iloc[:, 0])) + "\n")
        for final_only in (True, False):
            extra = ["--final-only"] if final_only else []
            cli_times, py_times = [], []
            for _ in range(3):
                done = subprocess.run(
                    [binary, "batch", str(WORLD3), "--params", str(params), "--vars", ",".join(VARS),
                     "--jobs", str(jobs), "-o", str(Path(tmp) / "out.parquet"), *extra],
                    capture_output=True, text=True, check=True,
                )
                cli_times.append(float(re.search(r"runs in ([0-9.]+) s", done.stderr).group(1)))
                t = time.perf_counter()
                model.batch(params=p, vars=VARS, final_only=final_only, jobs=jobs)
                py_times.append(time.perf_counter() - t)
            c, q = min(cli_times), min(py_times)
            print(f"final_only={final_only}: CLI {c:.3f} s, Python {q:.3f} s (minimum of 3), Python/CLI = {q / c:.3f}")


if __name__ == "__main__":
    main()
