"""Integration methods and seeds from Python, against the `millrace` CLI bit for bit:
`run(method=, seed=)`, `batch(method=, seed=)` (with its `seed` column),
`simulation(method=)` with `set_seed`, and Vensim `.mdl` files through `load`."""

import math

import numpy as np
import pandas as pd
import pytest

import millrace_sd as mr
from test_millrace_sd import assert_same_table, cli, read_exact, same_bits

# A decay stock (d decay/dt = -k decay, so decay(t) = exp(-t) with k = 1) and a random
# walk (a stock whose inflow draws NORMAL(0, sd) each DT).
MODEL = """<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><vendor>millrace tests</vendor><product version="1">tests</product></header>
<sim_specs{method}><start>0</start><stop>4</stop><dt>0.5</dt></sim_specs>
<model><variables>
<stock name="decay"><eqn>1</eqn><outflow>outflow</outflow></stock>
<flow name="outflow"><eqn>decay * k</eqn></flow>
<aux name="k"><eqn>1</eqn></aux>
<stock name="walk"><eqn>0</eqn><inflow>noise</inflow></stock>
<flow name="noise"><eqn>NORMAL(0, sd)</eqn></flow>
<aux name="sd"><eqn>1</eqn></aux>
</variables></model>
</xmile>
"""

# The decay stock alone, as a Vensim file.
MDL = """{UTF-8}
decay = INTEG(-outflow, 1)
\t~\t
\t~\t\t|

outflow = decay * k
\t~\t
\t~\t\t|

k = 1
\t~\t
\t~\t\t|

FINAL TIME = 4
\t~\t
\t~\t\t|

INITIAL TIME = 0
\t~\t
\t~\t\t|

SAVEPER = TIME STEP
\t~\t
\t~\t\t|

TIME STEP = 0.5
\t~\t
\t~\t\t|
"""

VARS = ["decay", "walk", "noise"]


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("method_seed") / "walk.xmile"
    path.write_text(MODEL.format(method=""))
    return path


@pytest.fixture(scope="module")
def model(model_file):
    return mr.load(model_file)


def cli_run(tmp_path, path, *args) -> pd.DataFrame:
    out = tmp_path / "run.csv"
    cli("run", path, "-o", out, *args)
    return read_exact(out).set_index("time")


def decay_error(frame: pd.DataFrame) -> float:
    t = frame.index.to_numpy()
    return float(np.max(np.abs(frame["decay"].to_numpy() - np.exp(-t))))


def test_a_higher_order_method_is_closer_to_the_exact_decay(model):
    errors = {m: decay_error(model.run(method=m)) for m in mr.METHODS}
    # Euler's error at DT 0.5 is of the order of DT (about 0.1 here); RK4's of DT^4.
    assert errors["euler"] > 0.05, errors
    assert errors["rk4"] < errors["rk2"] < errors["euler"], errors
    assert errors["rk4"] < 1e-3, errors
    # The model's own method (no `method` in its sim specs: Euler) is the default.
    assert_same_table(model.run(), model.run(method="euler"))


@pytest.mark.parametrize("method", mr.METHODS)
@pytest.mark.parametrize("backend", mr.BACKENDS)
def test_run_with_a_method_and_a_seed_is_the_cli_run(tmp_path, model_file, model, method, backend):
    want = cli_run(tmp_path, model_file, "--backend", backend, "--method", method, "--seed", "12345")
    got = model.run(backend=backend, method=method, seed=12345)
    assert same_bits(got.index, want.index)
    assert_same_table(got, want)


def test_the_model_own_method_is_kept_and_can_be_replaced(tmp_path):
    path = tmp_path / "rk4.xmile"
    path.write_text(MODEL.format(method=' method="RK4"'))
    own = mr.load(path)
    assert_same_table(own.run(), cli_run(tmp_path, path))
    assert decay_error(own.run()) < 1e-3
    assert_same_table(own.run(method="euler"), cli_run(tmp_path, path, "--method", "euler"))
    assert decay_error(own.run(method="euler")) > 0.05


def test_each_method_is_compiled_once_and_kept(tmp_path):
    # The compiled method is kept in the model: once made, it no longer needs the file,
    # while a method not asked for yet is compiled from it (and fails without it).
    path = tmp_path / "gone.xmile"
    path.write_text(MODEL.format(method=""))
    model = mr.load(path)
    first = model.run(method="rk4", seed=3)
    path.unlink()
    assert_same_table(model.run(method="rk4", seed=3), first)
    assert_same_table(model.run(method="euler"), model.run())  # Euler is the model's own
    with pytest.raises(mr.MillraceError, match="gone.xmile"):
        model.run(method="rk2")


def test_a_bad_method_or_seed_is_a_millrace_error(model):
    with pytest.raises(mr.MillraceError, match="`rk3` is not an integration method"):
        model.run(method="rk3")
    with pytest.raises(mr.MillraceError, match="not an integration method"):
        model.simulation("vm", method="midpoint")
    for bad in (-1, 2**53, 1.5, "7"):
        with pytest.raises(mr.MillraceError, match="is not a seed"):
            model.run(seed=bad)
    with pytest.raises(mr.MillraceError, match="is not a seed"):
        model.batch(params={"k": [1.0]}, seed=-1)


def test_the_same_seed_repeats_and_another_differs(tmp_path, model_file, model):
    a = model.run(seed=42)["walk"]
    assert same_bits(model.run(seed=42)["walk"], a)
    b = model.run(seed=43)["walk"]
    assert not np.array_equal(a.to_numpy()[1:], b.to_numpy()[1:])
    # No seed is the default seed, 0, as the CLI without --seed.
    assert_same_table(model.run(), model.run(seed=0))
    assert_same_table(model.run(backend="vm"), cli_run(tmp_path, model_file))
    # The decay draws nothing: the seed leaves it alone.
    assert same_bits(model.run(seed=42)["decay"], model.run(seed=43)["decay"])


def cli_batch(tmp_path, path, params: pd.DataFrame, *extra) -> pd.DataFrame:
    params_csv = tmp_path / "params.csv"
    lines = [",".join(params.columns)] + [",".join(repr(float(v)) for v in row) for row in params.to_numpy()]
    params_csv.write_text("\n".join(lines) + "\n")
    out = tmp_path / "batch.csv"
    cli("batch", path, "--params", params_csv, "-o", out, *extra)
    return read_exact(out)


@pytest.mark.parametrize("final_only", [True, False])
@pytest.mark.parametrize("method", [None, "rk4"])
def test_a_batch_with_a_method_and_a_seed_is_the_cli_batch(tmp_path, model_file, model, final_only, method):
    params = pd.DataFrame({"k": [0.5, 1.0, 1.5, 2.0, 2.5], "sd": [1.0, 2.0, 0.5, 1.0, 3.0]})
    extra = ["--seed", "99", "--jobs", "2"] + (["--final-only"] if final_only else [])
    extra += ["--method", method] if method else []
    want = cli_batch(tmp_path, model_file, params, "--vars", ",".join(VARS), *extra)
    got = model.batch(params=params, vars=VARS, final_only=final_only, jobs=2, method=method, seed=99)
    assert list(got.columns[:4]) == ["run", "k", "sd", "seed"]
    assert (got["run"].to_numpy() == want["run"].to_numpy()).all()
    assert_same_table(got.drop(columns="run"), want.drop(columns="run"))
    # The seed column is exact (below 2^53); another batch seed gives other run seeds.
    other = model.batch(params=params, vars=VARS, final_only=True, jobs=1, method=method, seed=100)
    assert not set(other["seed"]) & set(got["seed"])


def test_a_batch_row_is_the_run_with_its_seed(model):
    params = {"k": [1.0, 2.0, 3.0]}
    table = model.batch(params=params, vars=VARS, final_only=True, jobs=2, method="rk2", seed=7)
    assert table["seed"].nunique() == 3
    for _, row in table.iterrows():
        alone = model.run(params={"k": row["k"]}, method="rk2", seed=int(row["seed"])).iloc[-1]
        for name in VARS:
            assert same_bits(alone[name], row[name]), (row["run"], name)


def test_a_batch_without_random_functions_has_no_seed_column(tmp_path):
    path = tmp_path / "decay.mdl"
    path.write_text(MDL)
    table = mr.load(path).batch(params={"k": [1.0, 2.0]}, vars=["decay"], final_only=True, seed=5, method="rk4")
    assert list(table.columns) == ["run", "k", "decay"]


def test_a_live_simulation_takes_a_method_and_keeps_its_seed_through_reset(model):
    for backend in mr.BACKENDS:
        seven = model.run(backend=backend, method="rk4", seed=7)["walk"].to_numpy()
        sim = model.simulation(backend, method="rk4")
        sim.set_seed(7)
        sim.run_to(2)
        assert same_bits(sim.series("walk"), seven[: len(sim.series("walk"))]), backend
        sim.run_to_end()
        assert same_bits(sim.series("walk"), seven), backend
        sim.reset()  # the seed is kept
        sim.run_to_end()
        assert same_bits(sim.series("walk"), seven), backend
        sim.clear_values()  # the seed back to the default
        sim.reset()
        sim.run_to_end()
        assert same_bits(sim.series("walk"), model.run(backend=backend, method="rk4")["walk"]), backend
        with pytest.raises(mr.MillraceError, match="is not a seed"):
            sim.set_seed(2**53)


def test_load_reads_a_vensim_mdl_file(tmp_path):
    path = tmp_path / "decay.mdl"
    path.write_text(MDL)
    model = mr.load(path)
    assert model.constants.loc["k", "default"] == 1
    for method in mr.METHODS:
        got = model.run(method=method, backend="vm")
        assert_same_table(got, cli_run(tmp_path, path, "--method", method))
    assert math.isclose(model.run(method="rk4")["decay"].iloc[-1], math.exp(-4), rel_tol=1e-2)
