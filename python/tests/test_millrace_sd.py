"""The Python package against the `millrace` CLI, bit for bit.

MILLRACE_BIN names the CLI binary (default: target/debug/millrace of this checkout,
which `cargo test --workspace` builds)."""

import os
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import millrace_sd as mr

ROOT = Path(__file__).resolve().parents[2]
TEACUP = ROOT / "examples" / "teacup.xmile"
WORLD3 = ROOT / "tests" / "models" / "world3" / "world3.xmile"
BIN = os.environ.get("MILLRACE_BIN", str(ROOT / "target" / "debug" / "millrace"))
WORLD3_VARS = ["population", "industrial_output"]


def cli(*args) -> None:
    done = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def read_exact(path) -> pd.DataFrame:
    # The CLI writes shortest round-trip numbers; "round_trip" reads them to the same bits.
    # (pandas 3 deprecates the argument, its default parser being exact.)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pd.read_csv(path, float_precision="round_trip")


def same_bits(a, b) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool((a.view(np.uint64) == b.view(np.uint64)).all())


def assert_same_table(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    for c in want.columns:
        assert same_bits(got[c], want[c]), c


@pytest.fixture(scope="module")
def teacup():
    return mr.load(TEACUP)


@pytest.fixture(scope="module")
def world3():
    return mr.load(WORLD3)


def test_model_tables_list_names_kinds_and_defaults(teacup):
    constants = teacup.constants
    assert constants.loc["Room Temperature", "default"] == 70
    assert constants.loc["Characteristic Time", "default"] == 10
    assert teacup.stocks.loc["Teacup Temperature", "initial"] == 180
    assert list(teacup.outputs.index) == [
        "Characteristic Time",
        "Heat Loss to Room",
        "Room Temperature",
        "Teacup Temperature",
    ]
    assert "Heat Loss to Room" not in constants.index


@pytest.mark.parametrize("backend", mr.BACKENDS)
def test_run_is_the_cli_run(tmp_path, teacup, backend):
    out = tmp_path / "run.csv"
    cli("run", TEACUP, "--backend", backend, "--set", "Room Temperature=21.5", "-o", out)
    want = read_exact(out).set_index("time")
    got = teacup.run(params={"Room Temperature": 21.5}, backend=backend)
    assert got.index.name == "time"
    assert same_bits(got.index, want.index)
    assert_same_table(got, want)


def test_run_keeps_only_the_vars_asked(teacup):
    got = teacup.run(vars=["Teacup Temperature"])
    assert list(got.columns) == ["Teacup Temperature"]
    assert same_bits(got["Teacup Temperature"], teacup.run()["Teacup Temperature"])


def test_live_simulation(teacup):
    whole = teacup.run(params={"Room Temperature": 30}, backend="vm")["Teacup Temperature"].to_numpy()
    for backend in mr.BACKENDS:
        sim = teacup.simulation(backend)
        sim.set_value("Room Temperature", 30)
        sim.run_to(10)
        assert sim.get_value("Room Temperature") == 30
        halfway = sim.series("Teacup Temperature")
        assert same_bits(halfway, whole[: len(halfway)]), backend
        sim.run_to_end()
        assert same_bits(sim.series("Teacup Temperature"), whole), backend
        sim.reset()  # overrides kept
        sim.run_to_end()
        assert same_bits(sim.series("Teacup Temperature"), whole), backend
        sim.clear_values()
        sim.reset()
        sim.run_to(0)
        assert sim.get_value("Room Temperature") == 70, backend
        assert sim.series("Room Temperature")[0] == 70, backend


def world3_params(n: int, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "industrial_capital_output_ratio_1": rng.uniform(2.5, 3.5, n),
            "desired_completed_family_size_normal": rng.normal(3.8, 0.3, n),
        }
    )


def cli_batch(tmp_path, params: pd.DataFrame, *extra) -> pd.DataFrame:
    params_csv = tmp_path / "params.csv"
    # repr() is Python's shortest round-trip form: the CLI reads the same bits.
    lines = [",".join(params.columns)] + [",".join(repr(float(v)) for v in row) for row in params.to_numpy()]
    params_csv.write_text("\n".join(lines) + "\n")
    out = tmp_path / "batch.csv"
    cli("batch", WORLD3, "--params", params_csv, "--jobs", "2", "-o", out, *extra)
    return read_exact(out)


@pytest.mark.parametrize("final_only", [True, False])
def test_batch_is_the_cli_batch(tmp_path, world3, final_only):
    params = world3_params(12)
    extra = ["--vars", ",".join(WORLD3_VARS)] + (["--final-only"] if final_only else [])
    want = cli_batch(tmp_path, params, *extra)
    got = world3.batch(params=params, vars=WORLD3_VARS, final_only=final_only, jobs=2)
    assert len(got) == 12 * (1 if final_only else 401)
    assert got["run"].dtype == np.int64
    assert (got["run"].to_numpy() == want["run"].to_numpy()).all()
    assert_same_table(got.drop(columns="run"), want.drop(columns="run"))


def test_batch_takes_a_dict_of_arrays_any_jobs_and_returns_arrow(world3):
    params = world3_params(6)
    frame = world3.batch(params=params, vars=WORLD3_VARS, final_only=True, jobs=1)
    as_dict = {k: params[k].to_numpy() for k in params.columns}
    table = world3.batch(params=as_dict, vars=WORLD3_VARS, final_only=True, jobs=3, backend="vm", arrow=True)
    assert isinstance(table, pa.Table)
    assert_same_table(table.to_pandas(), frame)


def test_batch_reports_progress(world3):
    seen = []
    world3.batch(params=world3_params(250), vars=WORLD3_VARS, final_only=True, jobs=2, progress=seen.append)
    assert seen and seen[-1] == 250 and seen == sorted(seen)


def test_batch_releases_the_gil(world3):
    params = world3_params(600)
    ticks = 0
    worker = threading.Thread(target=lambda: world3.batch(params=params, vars=WORLD3_VARS, jobs=1))
    start = time.perf_counter()
    worker.start()
    while worker.is_alive():
        ticks += 1
        time.sleep(0.001)
    elapsed = time.perf_counter() - start
    # With the GIL held for the whole batch, this loop would run about once.
    assert elapsed > 0.05, "batch too short to tell"
    assert ticks > 10, (ticks, elapsed)


def test_errors_are_exceptions_naming_the_file_line_and_variable(tmp_path, teacup):
    bad = tmp_path / "bad.xmile"
    bad.write_text(TEACUP.read_text().replace("<eqn>70</eqn>", "<eqn>70 +</eqn>"))
    with pytest.raises(mr.MillraceError) as e:
        mr.load(bad)
    message = str(e.value)
    assert "bad.xmile:" in message and "Room Temperature" in message, message
    with pytest.raises(mr.MillraceError, match="parameter `nope`: unknown variable"):
        teacup.batch(params={"nope": [1.0]})
    with pytest.raises(mr.MillraceError, match="cannot set `Heat Loss to Room`"):
        teacup.batch(params={"Heat Loss to Room": [1.0]})
    with pytest.raises(mr.MillraceError, match="unknown variable `nope`"):
        teacup.simulation("vm").get_value("nope")
    with pytest.raises(mr.MillraceError):
        teacup.run(backend="gpu")
