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
