"""Millrace from Python: load an XMILE or Vensim model, run it, drive a live
simulation, and run batches through the same Rust batch code as `millrace batch` (the
same rows, bit for bit, the GIL released while it runs).

    import millrace_sd as mr
    model = mr.load("teacup.xmile")
    df = model.run(params={"Room Temperature": 20}, backend="jit", method="rk4", seed=7)
    runs = model.batch(params={"Room Temperature": [10, 20, 30]}, final_only=True)
    grid = model.batch(sweep={"Room Temperature": (10, 30, 5)})       # --sweep
    draws = model.batch(samples=100, vary={"Room Temperature": "uniform(10,30)"}, seed=1)
"""

from __future__ import annotations

import functools
import operator
from typing import Callable, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from ._native import MillraceError, NativeModel, NativeParams, NativeSimulation

__all__ = ["load", "Model", "Simulation", "MillraceError"]

BACKENDS = ("vm", "wasm", "jit")
METHODS = ("euler", "rk2", "rk4")
#: The run seed of the random functions when none is given (docs/semantics.md, "Random
#: functions"), and the largest: the seed slot holds a whole number below 2^53 exactly.
DEFAULT_SEED = 0
MAX_SEED = 2**53 - 1
#: The largest batch seed (a 64-bit word, as `millrace batch --seed` takes it).
MAX_BATCH_SEED = 2**64 - 1


@functools.lru_cache(maxsize=8)
def _compiled(path: str, mtime_ns: int) -> NativeModel:
    """One compiled model per process and model file version (Dask workers, EMA
    workbench workers)."""
    return NativeModel(path)


def _column(raw: bytes) -> np.ndarray:
    # The Rust side hands each column over as little-endian f64 bytes: a read-only view,
    # no copy.
    return np.frombuffer(raw, dtype="<f8")


def _seed(seed, most: int) -> int:
    """`seed` as the whole number the engine takes, or MillraceError (as the CLI says)."""
    try:
        value = operator.index(seed)
    except TypeError:
        raise MillraceError(f"`{seed!r}` is not a seed: a whole number from 0 to {most}") from None
    if not 0 <= value <= most:
        raise MillraceError(f"`{value}` is not a seed: a whole number from 0 to {most}")
    return value


def load(path) -> "Model":
    """Reads and compiles a model file: XMILE (.xmile, .stmx, .itmx) or Vensim (.mdl),
    the reader chosen as the CLI chooses it (by extension and content). Errors raise
    MillraceError with the file, line and variable."""
    return Model(NativeModel(str(path)), str(path))


class Model:
    """A compiled model; each backend's code is generated once and shared."""

    def __init__(self, native: NativeModel, path: str):
        self._native = native
        #: The model file (Dask workers open it by this path).
        self.path = path

    @property
    def warnings(self) -> list:
        return self._native.warnings()

    def _variables(self) -> pd.DataFrame:
        rows = self._native.variables()
        frame = pd.DataFrame([r[:5] for r in rows], columns=["name", "kind", "default", "overridable", "output"])
        # Object dtype keeps None as None (a string dtype would make it NaN).
        frame["units"] = pd.Series([r[5] for r in rows], dtype=object)
        return frame.set_index("name")

    # Each table ends with `units`: the file's units of the variable (None where the
    # file gives none), as `millrace vars` shows them; an element has its array's.
    @property
    def constants(self) -> pd.DataFrame:
        """Every constant `run` and `batch` can set (numeric equations, numeric stock
        initial values), with its default and units."""
        v = self._variables()
        return v[v["overridable"]][["kind", "default", "units"]]

    @property
    def stocks(self) -> pd.DataFrame:
        """Every stock, with its initial value and units."""
        v = self._variables()
        return v[v["kind"].str.contains("Stock")][["default", "units"]].rename(columns={"default": "initial"})

    @property
    def outputs(self) -> pd.DataFrame:
        """The variables a run writes by default, with their values at the start and
        units."""
        v = self._variables()
        return v[v["output"]][["kind", "default", "units"]]

    def run(
        self,
        params: Optional[Mapping[str, float]] = None,
        vars: Optional[Sequence[str]] = None,
        backend: str = "jit",
        method: Optional[str] = None,
        seed: Optional[int] = None,
    ) -> pd.DataFrame:
        """One whole run with `params` set; a DataFrame indexed by time, columns named
        as the CSV writes them: the values of `millrace run --method METHOD --seed SEED`,
        bit for bit.

        `method` ("euler", "rk2", "rk4"; None: the model's own `<sim_specs method>`)
        replaces the integration method; the model is compiled once per method, on the
        first use of that method, and kept. `seed` is the random functions' run seed,
        0 to 2^53 - 1 (None: 0, the default seed); a model that draws nothing ignores it.
        `vars` names the columns, as `--vars`: the bare name of an array is every one of
        its elements (`x` gives `x[a]`, `x[b]`...)."""
        overrides = [(str(k), float(v)) for k, v in (params or {}).items()]
        seed = DEFAULT_SEED if seed is None else _seed(seed, MAX_SEED)
        wanted = list(vars) if vars is not None else None
        names, columns = self._native.run(backend, overrides, wanted, method, seed)
        data = {name: _column(c) for name, c in zip(names[1:], columns[1:])}
        return pd.DataFrame(data, index=pd.Index(_column(columns[0]), name="time"))

    def simulation(self, backend: str = "jit", method: Optional[str] = None) -> "Simulation":
        """A live simulation (set_value, set_seed, run_to, run_to_end, reset,
        clear_values, get_value, series), integrating with `method` (None: the model's
        own)."""
        return Simulation(self._native.simulation(backend, method))

    def batch(
        self,
        params: Union[pd.DataFrame, Mapping[str, Iterable[float]], None] = None,
        vars: Optional[Sequence[str]] = None,
        final_only: bool = False,
        jobs: Optional[int] = None,
        backend: str = "jit",
        progress: Union[bool, Callable[[int], None]] = False,
        arrow: bool = False,
        client=None,
        method: Optional[str] = None,
        seed: Optional[int] = None,
        sweep=None,
        samples: Optional[int] = None,
        vary=None,
    ):
        """Many runs, one per row of `params` (a DataFrame or a dict of equal-length
        arrays, columns named by constant), through the CLI's batch code: the same
        table as `millrace batch --params` on the same values. Instead of `params`,
        `sweep` is `millrace batch --sweep` (the grid of `{"NAME": (LO, HI, N)}` or
        `["NAME=LO:HI:N", ...]`, the first varying slowest) and `samples=N` with `vary`
        is `--samples N --vary` (`{"NAME": "uniform(A,B)"}`, `("normal", MEAN, SD)` or
        `["NAME=triangular(A,MODE,B)", ...]`), drawn from `seed`: the CLI's own grid and
        draws, so the same rows as the CLI with the same arguments. Exactly one of
        `params`, `sweep` and `samples`. `vars` as in `run` (a bare array name is every
        element). Returns a DataFrame
        (a pyarrow Table with `arrow=True`) with a `run` column, the parameters, then
        `time` (unless `final_only`) and the variables. `progress=True` shows a tqdm
        bar if tqdm is installed; a callable gets the number of runs written.

        `method` as in `run` (`millrace batch --method`). `seed` is the batch seed, 0 to
        2^64 - 1 (None: 0, as `millrace batch` without `--seed`): run k runs with a seed
        derived from it and k, written in a `seed` column (after the parameters) when
        the model calls a random function. With `params` the seed reaches only the
        random functions; with `samples` it draws the values too, as the CLI's does.

        With `client` (a `dask.distributed.Client`), the runs go to the Dask cluster in
        chunks (`millrace_sd.dask`); the table is the same."""
        seed = 0 if seed is None else _seed(seed, MAX_BATCH_SEED)
        sets = _param_sets(params, sweep, samples, vary, seed)
        if client is not None:
            from . import dask as on_dask

            # Dask chunks carry rows: a grid's or samples' rows are made in Rust first.
            frame = _rows_frame(sets) if isinstance(sets, NativeParams) else sets
            return on_dask.batch(
                self.path,
                frame,
                client,
                vars=vars,
                final_only=final_only,
                backend=backend,
                arrow=arrow,
                method=method,
                seed=seed,
            )
        if isinstance(sets, NativeParams):
            # Locally the Rust batch generates the rows as it runs them (no list).
            names, rows, native_sets = [], [], sets
        else:
            names, rows, native_sets = [str(c) for c in sets.columns], sets.to_numpy(dtype=np.float64).tolist(), None
        if jobs is None:
            import os

            jobs = os.cpu_count() or 1
        if jobs < 1:
            raise MillraceError("jobs must be at least 1")
        callback, close = _progress(progress, len(sets))
        try:
            wanted = list(vars) if vars is not None else None
            columns, runs, values = self._native.batch(
                names, rows, wanted, final_only, backend, jobs, callback, method, seed, 0, native_sets
            )
        finally:
            close()
        return _table(columns, np.frombuffer(runs, dtype="<i8"), [_column(c) for c in values], arrow)


def _param_sets(params, sweep, samples, vary, seed: int):
    """The runs of a batch: `params` as a DataFrame, or a grid or samples made by the
    CLI's Rust code (`NativeParams`; `seed` drives the draws, as `millrace batch
    --seed` does)."""
    given = [params is not None, sweep is not None, samples is not None or vary is not None]
    if sum(given) != 1:
        raise MillraceError("batch: give exactly one of params=..., sweep=... and samples=N with vary=...")
    if params is not None:
        return params if isinstance(params, pd.DataFrame) else pd.DataFrame(dict(params))
    if sweep is not None:
        return NativeParams.grid(_specs(sweep, _sweep_text, "sweep"))
    if samples is None:
        raise MillraceError("batch: vary=... needs samples=N (the number of runs)")
    if vary is None:
        raise MillraceError('batch: samples=N needs vary={"NAME": "uniform(A,B)", ...}')
    try:
        n = operator.index(samples)
    except TypeError:
        raise MillraceError(f"batch: samples={samples!r}: a whole number of runs") from None
    if n < 1:
        raise MillraceError(f"batch: samples={n}: at least 1 run")
    # Beyond 2^64 - 1 is beyond the CLI's most runs too: Rust refuses it with its message.
    return NativeParams.samples(min(n, 2**64 - 1), _specs(vary, _vary_text, "vary"), seed)


def _specs(given, from_tuple, what: str) -> list:
    """The CLI's `NAME=SPEC` texts of `given`: a text, a list of texts, or a mapping of
    names to texts or tuples (written by `from_tuple`). The Rust parsers (the CLI's)
    check them, so a bad spec has the CLI's message."""
    try:
        if isinstance(given, str):
            return [given]
        if isinstance(given, Mapping):
            return [f"{name}={v if isinstance(v, str) else from_tuple(tuple(v))}" for name, v in given.items()]
        return [str(t) for t in given]
    except (TypeError, ValueError, IndexError):
        raise MillraceError(
            f"batch: {what}={given!r}: a mapping of names to specs, or a list of NAME=... texts"
        ) from None


def _sweep_text(spec: tuple) -> str:
    """`(LO, HI, N)` as `LO:HI:N`."""
    return ":".join(map(_text, spec))


def _vary_text(spec: tuple) -> str:
    """`("uniform", A, B)` as `uniform(A,B)`."""
    return f"{spec[0]}({','.join(map(_text, spec[1:]))})"


def _text(value) -> str:
    """A number as the CLI's text: Python's `repr` of a float is the shortest text that
    reads back to the same bits, so the Rust parser gets exactly the value given."""
    if isinstance(value, str):
        return value
    try:
        return str(operator.index(value))
    except TypeError:
        return repr(float(value))


def _rows_frame(sets: NativeParams) -> pd.DataFrame:
    rows = np.array(sets.rows(), dtype=np.float64).reshape(len(sets), len(sets.names))
    return pd.DataFrame(rows, columns=sets.names)


def _table(columns, runs: np.ndarray, values, arrow: bool):
    """The batch table: `run`, then `columns` (a DataFrame, or a pyarrow Table)."""
    data = {"run": runs}
    seen = {"run": 1}
    for name, column in zip(columns, values):
        # A parameter that is also an output appears twice, as in the CSV; the second
        # is `NAME.1`, as pandas.read_csv names it.
        count = seen.get(name, 0)
        seen[name] = count + 1
        data[name if count == 0 else f"{name}.{count}"] = column
    if arrow:
        import pyarrow as pa

        return pa.table(data)
    return pd.DataFrame(data)


def _progress(progress, total):
    if callable(progress):
        return progress, lambda: None
    if not progress:
        return None, lambda: None
    try:
        from tqdm import tqdm
    except ImportError:
        return None, lambda: None
    bar = tqdm(total=total, unit="run")

    def update(written):
        bar.update(written - bar.n)

    return update, bar.close


class Simulation:
    """A live simulation; names as in the model (`inst.var` inside modules)."""

    def __init__(self, native: NativeSimulation):
        self._native = native

    def set_value(self, name: str, value: float) -> None:
        self._native.set_value(name, float(value))

    def get_value(self, name: str) -> float:
        return self._native.get_value(name)

    def run_to(self, time: float) -> None:
        self._native.run_to(float(time))

    def run_to_end(self) -> None:
        self._native.run_to_end()

    def reset(self) -> None:
        self._native.reset()

    def clear_values(self) -> None:
        self._native.clear_values()

    def set_seed(self, seed: int) -> None:
        """The random functions' run seed, 0 to 2^53 - 1, seen by the next draw: `reset`
        keeps it (as it keeps set values), `clear_values` returns it to the default, 0."""
        self._native.set_seed(_seed(seed, MAX_SEED))

    def series(self, name: str) -> np.ndarray:
        """The saved values of `name` so far (a read-only view of one copy out of the
        simulation)."""
        return _column(self._native.series(name))
