"""The EMA Workbench connector: perform_experiments on WORLD3 with Real, Integer and
Categorical parameters and Scalar and TimeSeries outcomes, under the Sequential and
the Multiprocessing evaluators; every experiment's outcomes are the run of its values
alone, bit for bit. A CategoricalParameter named `model_file` picks the model."""

from pathlib import Path

import numpy as np
import pytest
from ema_workbench import (
    CategoricalParameter,
    IntegerParameter,
    MultiprocessingEvaluator,
    RealParameter,
    ScalarOutcome,
    SequentialEvaluator,
    TimeSeriesOutcome,
    perform_experiments,
)

import millrace_sd as mr
from millrace_sd.ema import MillraceModel

ROOT = Path(__file__).resolve().parents[2]
WORLD3 = ROOT / "tests" / "models" / "world3" / "world3.xmile"
TEACUP = ROOT / "examples" / "teacup.xmile"


def world3_model() -> MillraceModel:
    model = MillraceModel("world3", model_file=WORLD3)
    model.uncertainties = [
        RealParameter("industrial_capital_output_ratio_1", 2.5, 3.5),
        IntegerParameter("life_expectancy_normal", 25, 35),
        CategoricalParameter("initial_nonrenewable_resources", [5e11, 1e12, 2e12]),
    ]
    model.outcomes = [ScalarOutcome("population"), TimeSeriesOutcome("industrial_output")]
    return model


def check_against_runs(experiments, outcomes, names, model_file=WORLD3, scalar="population", series=None):
    model = mr.load(model_file)
    assert len(experiments) == len(outcomes[scalar])
    for i, row in experiments.iterrows():
        params = {n: float(row[n]) for n in names}
        alone = model.run(params=params, backend="jit")
        assert outcomes[scalar][i] == alone[scalar].iloc[-1], (i, params)
        if series:
            assert (np.asarray(outcomes[series][i]).view(np.uint64) == alone[series].to_numpy().view(np.uint64)).all()


NAMES = ["industrial_capital_output_ratio_1", "life_expectancy_normal", "initial_nonrenewable_resources"]


def test_sequential_evaluator():
    mr._compiled.cache_clear()
    with SequentialEvaluator(world3_model()) as evaluator:
        experiments, outcomes = perform_experiments(world3_model(), scenarios=8, evaluator=evaluator)
    assert mr._compiled.cache_info().misses == 1, "compiled once for the 8 experiments"
    assert all(float(v).is_integer() for v in experiments["life_expectancy_normal"])
    check_against_runs(experiments, outcomes, NAMES, series="industrial_output")


def test_multiprocessing_evaluator():
    model = world3_model()
    with MultiprocessingEvaluator(model, n_processes=2) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=10)
    check_against_runs(experiments, outcomes, NAMES, series="industrial_output")


def test_a_categorical_model_file(tmp_path):
    warm = tmp_path / "warm_room.xmile"
    warm.write_text(TEACUP.read_text().replace("<eqn>70</eqn>", "<eqn>20</eqn>"))
    model = MillraceModel("teacup", model_file=TEACUP)
    model.uncertainties = [
        CategoricalParameter("model_file", [str(TEACUP), str(warm)]),
        RealParameter("Characteristic Time", 5, 15),
    ]
    model.outcomes = [ScalarOutcome("Teacup Temperature")]
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=12)
    files = set(experiments["model_file"])
    assert files == {str(TEACUP), str(warm)}, "both files drawn in 12 scenarios"
    for i, row in experiments.iterrows():
        alone = mr.load(row["model_file"]).run(params={"Characteristic Time": row["Characteristic Time"]})
        assert outcomes["Teacup Temperature"][i] == alone["Teacup Temperature"].iloc[-1]


def test_a_bad_value_is_a_clear_error():
    model = MillraceModel("teacup", model_file=TEACUP)
    with pytest.raises(mr.MillraceError, match="no such model file"):
        MillraceModel("nowhere", model_file=TEACUP.with_name("missing.xmile"))
    model.outcomes = [ScalarOutcome("Teacup Temperature")]
    with pytest.raises(mr.MillraceError, match="`warm` is not a number"):
        model.run_experiment({"Room Temperature": "warm"})


@pytest.fixture(scope="module")
def walk_file(tmp_path_factory):
    from test_method_and_seed import MODEL

    path = tmp_path_factory.mktemp("ema_walk") / "walk.xmile"
    path.write_text(MODEL.format(method=""))
    return path


def walk_model(path, uncertainties=("k", "sd"), **kwargs) -> MillraceModel:
    model = MillraceModel("walk", model_file=path, **kwargs)
    # (Assigning uncertainties adds to them: they are given once.)
    model.uncertainties = [
        IntegerParameter(n, 0, 2**40) if n == "seed" else RealParameter(n, 0.5, 2.0) for n in uncertainties
    ]
    model.outcomes = [ScalarOutcome("walk"), TimeSeriesOutcome("decay")]
    return model


def same_bits(a, b) -> bool:
    return (np.asarray(a, dtype=np.float64).view(np.uint64) == np.asarray(b, dtype=np.float64).view(np.uint64)).all()


def test_a_method_and_a_fixed_seed_are_every_experiment_s(tmp_path, walk_file):
    from test_millrace_sd import cli, read_exact

    with SequentialEvaluator(walk_model(walk_file, method="rk4", seed=7)) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=6)
    model = mr.load(walk_file)
    for i, row in experiments.iterrows():
        params = {"k": float(row["k"]), "sd": float(row["sd"])}
        # The CLI's run with the same method and seed, bit for bit.
        out = tmp_path / f"run{i}.csv"
        cli(
            "run",
            walk_file,
            "--method",
            "rk4",
            "--seed",
            "7",
            "-o",
            out,
            *[a for n, v in params.items() for a in ("--set", f"{n}={v!r}")],
        )
        want = read_exact(out)
        assert same_bits(outcomes["walk"][i], want["walk"].iloc[-1]), i
        assert same_bits(outcomes["decay"][i], want["decay"]), i
        # Not the defaults (the model's own Euler, seed 0): the options reach the run.
        default = model.run(params=params)
        assert not same_bits(outcomes["decay"][i], default["decay"]), i
        assert not same_bits(outcomes["walk"][i], model.run(params=params, method="rk4")["walk"].iloc[-1]), i


def test_an_experiment_s_own_seed_parameter(walk_file):
    model = walk_model(walk_file, uncertainties=("sd", "seed"), seed=7)
    with MultiprocessingEvaluator(model, n_processes=2) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=8)
    alone = mr.load(walk_file)
    assert experiments["seed"].nunique() == 8
    for i, row in experiments.iterrows():
        run = alone.run(params={"sd": float(row["sd"])}, seed=int(row["seed"]))
        assert same_bits(outcomes["walk"][i], run["walk"].iloc[-1]), i
        assert same_bits(outcomes["decay"][i], run["decay"]), i


def test_a_bad_method_or_seed_is_a_millrace_error(walk_file):
    with pytest.raises(mr.MillraceError, match="is not a seed"):
        walk_model(walk_file, seed=-1)
    with pytest.raises(mr.MillraceError, match="is not an integration method"):
        walk_model(walk_file, method="rk3").model_init({})
    with pytest.raises(mr.MillraceError, match="is not a seed"):
        walk_model(walk_file).run_experiment({"seed": 2.5})
