"""Batches on a Dask cluster: the runs split into chunks of consecutive runs, one Dask
task each; each worker process compiles the model once (cached by path and file
modification time) and runs its chunks through the same batch code as a local batch.
The chunks come back in run order, so the table equals the local batch's, bit for bit.

A worker that dies loses only its chunks in flight: Dask runs them again elsewhere
(tasks are pure: a chunk's rows depend only on the model and its parameter rows), and
the result is still complete and identical.

Workers open the model by its path, so the file must be at the same path on every
worker (a shared file system, or the same image)."""

from __future__ import annotations

import os
from typing import Optional, Sequence

import numpy as np
import pandas as pd

from . import _compiled
from ._native import NativeModel


def _run_chunk(path, names, rows, first_run, vars, final_only, backend, jobs, method, seed):
    native = _compiled(path, os.stat(path).st_mtime_ns)
    # Numbered from `first_run` on the Rust side: a run's seed derives from its number
    # in the whole batch, so a chunk of a model that draws gets the local batch's seeds.
    columns, runs, values = native.batch(names, rows, vars, final_only, backend, jobs, None, method, seed, first_run)
    return columns, np.frombuffer(runs, dtype="<i8"), [np.frombuffer(v, dtype="<f8") for v in values]


def batch(
    path: str,
    params: pd.DataFrame,
    client,
    vars: Optional[Sequence[str]] = None,
    final_only: bool = False,
    backend: str = "jit",
    arrow: bool = False,
    chunk_size: Optional[int] = None,
    jobs_per_task: int = 1,
    method: Optional[str] = None,
    seed: int = 0,
):
    """`Model.batch(..., client=client)`: the runs of `params` on the cluster. A chunk
    is `chunk_size` consecutive runs (default: about 8 chunks per worker thread).
    `method` and `seed` as in `Model.batch`."""
    from . import _table

    path = os.path.abspath(str(path))
    names = [str(c) for c in params.columns]
    rows = params.to_numpy(dtype=np.float64).tolist()
    n = len(rows)
    if chunk_size is None:
        threads = sum(client.nthreads().values()) or 1
        chunk_size = max(1, -(-n // (threads * 8)))
    vars = list(vars) if vars is not None else None
    futures = [
        client.submit(
            _run_chunk,
            path,
            names,
            rows[start : start + chunk_size],
            start,
            vars,
            final_only,
            backend,
            jobs_per_task,
            method,
            seed,
            # Pure: the key hashes the arguments, so a chunk is the same task wherever
            # it runs again.
            pure=True,
            retries=3,
        )
        for start in range(0, n, chunk_size)
    ]
    parts = client.gather(futures)
    if not parts:
        # No runs: check the plan (names, vars) locally for the header.
        columns, runs, values = NativeModel(path).batch(names, [], vars, final_only, backend, 1, None, method, seed)
        parts = [(columns, np.frombuffer(runs, dtype="<i8"), [np.frombuffer(v, dtype="<f8") for v in values])]
    columns = parts[0][0]
    runs = np.concatenate([p[1] for p in parts])
    values = [np.concatenate([p[2][i] for p in parts]) for i in range(len(columns))]
    return _table(columns, runs, values, arrow)
