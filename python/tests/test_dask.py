"""Batches on a Dask LocalCluster of 2 worker processes: the local batch's table, also
when a worker process is killed in the middle of the batch."""

import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from dask import distributed

import millrace_sd as mr

WORLD3 = Path(__file__).resolve().parents[2] / "tests" / "models" / "world3" / "world3.xmile"
VARS = ["population", "industrial_output"]


def params(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    return pd.DataFrame(
        {
            "industrial_capital_output_ratio_1": rng.uniform(2.5, 3.5, n),
            "desired_completed_family_size_normal": rng.normal(3.8, 0.3, n),
        }
    )


def assert_same_table(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    assert (got["run"].to_numpy() == want["run"].to_numpy()).all()
    for c in want.columns[1:]:
        assert (got[c].to_numpy().view(np.uint64) == want[c].to_numpy().view(np.uint64)).all(), c


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


@pytest.fixture(scope="module")
def world3():
    return mr.load(WORLD3)


@pytest.mark.parametrize("final_only", [True, False])
def test_a_dask_batch_is_the_local_batch(client, world3, final_only):
    p = params(60)
    local = world3.batch(params=p, vars=VARS, final_only=final_only, jobs=2)
    on_dask = world3.batch(params=p, vars=VARS, final_only=final_only, client=client)
    assert_same_table(on_dask, local)


def test_a_killed_worker_still_gives_the_whole_identical_table(client, world3):
    from millrace_sd import dask as on_dask

    p = params(3000)
    local = world3.batch(params=p, vars=VARS, final_only=True, jobs=2)
    chunks = 3000 // 10
    pids = client.run(os.getpid)
    killed = {}

    def kill_one_worker_mid_run():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done = sum(len(keys) for keys in client.has_what().values())
            if done >= 5:
                address, pid = sorted(pids.items())[0]
                killed.update(address=address, pid=pid, done=done)
                os.kill(pid, signal.SIGKILL)
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_one_worker_mid_run)
    killer.start()
    got = on_dask.batch(WORLD3, p, client, vars=VARS, final_only=True, chunk_size=10)
    killer.join()
    print(f"killed {killed} of {chunks} chunks")
    assert killed, "no worker was killed"
    assert killed["done"] < chunks, f"killed after the batch was done: {killed}"
    assert_same_table(got, local)
    # The nanny restarted the killed worker: a new process.
    client.wait_for_workers(2, timeout=60)
    assert killed["pid"] not in client.run(os.getpid).values()


def test_a_dask_batch_of_a_model_that_draws_has_the_local_batch_seeds(client, tmp_path):
    # Each chunk's runs are numbered (and so seeded) as in the whole batch.
    from test_method_and_seed import MODEL

    path = tmp_path / "walk.xmile"
    path.write_text(MODEL.format(method=""))
    model = mr.load(path)
    p = pd.DataFrame({"k": np.linspace(0.5, 2.0, 20), "sd": np.linspace(0.1, 3.0, 20)})
    local = model.batch(params=p, vars=["walk", "decay"], jobs=2, method="rk4", seed=5)
    assert local["seed"].nunique() == 20
    from millrace_sd import dask as on_dask

    chunked = on_dask.batch(path, p, client, vars=["walk", "decay"], chunk_size=3, method="rk4", seed=5)
    assert_same_table(chunked, local)
    assert_same_table(model.batch(params=p, vars=["walk", "decay"], client=client, method="rk4", seed=5), local)
