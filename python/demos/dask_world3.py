"""By hand (not in CI): 10,000 WORLD3 runs on a Dask LocalCluster of 2 worker processes
against the local batch, then again with one worker killed mid-run.

    python python/demos/dask_world3.py
"""

import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
from dask import distributed

import millrace_sd as mr
import millrace_sd.dask  # noqa: F401  (mr.dask)

WORLD3 = Path(__file__).resolve().parents[2] / "tests" / "models" / "world3" / "world3.xmile"
VARS = ["population", "industrial_output"]


def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return list(a.columns) == list(b.columns) and all(
        (a[c].to_numpy().view(np.uint64) == b[c].to_numpy().view(np.uint64)).all() for c in a.columns[1:]
    ) and (a["run"].to_numpy() == b["run"].to_numpy()).all()


def main():
    rng = np.random.default_rng(1)
    n = 10_000
    p = pd.DataFrame(
        {
            "industrial_capital_output_ratio_1": rng.uniform(2.5, 3.5, n),
            "desired_completed_family_size_normal": rng.normal(3.8, 0.3, n),
        }
    )
    model = mr.load(WORLD3)
    t = time.perf_counter()
    local = model.batch(params=p, vars=VARS, final_only=True, jobs=2)
    print(f"local batch, 2 jobs: {time.perf_counter() - t:.2f} s")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as client:
        t = time.perf_counter()
        got = model.batch(params=p, vars=VARS, final_only=True, client=client)
        print(f"dask, 2 workers: {time.perf_counter() - t:.2f} s, identical: {same(got, local)}")
        pids = client.run(os.getpid)
        killed = {}

        def killer():
            while sum(len(k) for k in client.has_what().values()) < 20:
                time.sleep(0.002)
            killed["done"] = sum(len(k) for k in client.has_what().values())
            os.kill(sorted(pids.values())[0], signal.SIGKILL)

        thread = threading.Thread(target=killer)
        thread.start()
        t = time.perf_counter()
        got = mr.dask.batch(WORLD3, p, client, vars=VARS, final_only=True, chunk_size=25)
        thread.join()
        print(
            f"dask, one worker killed after {killed['done']} of {n // 25} chunks: "
            f"{time.perf_counter() - t:.2f} s, {len(got)} rows, identical: {same(got, local)}"
        )
    cluster.close()


if __name__ == "__main__":
    main()
