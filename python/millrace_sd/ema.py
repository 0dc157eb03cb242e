"""The EMA Workbench connector: a Millrace model as a workbench model.

    from ema_workbench import RealParameter, ScalarOutcome, TimeSeriesOutcome, perform_experiments
    from millrace_sd.ema import MillraceModel

    model = MillraceModel("world3", model_file="world3.xmile", method="rk4", seed=7)
    model.uncertainties = [RealParameter("industrial_capital_output_ratio_1", 2.5, 3.5), ...]
    model.outcomes = [ScalarOutcome("population"), TimeSeriesOutcome("industrial_output")]
    experiments, outcomes = perform_experiments(model, scenarios=1000)

Uncertainties and levers name constants (their `variable_name`); a RealParameter or
IntegerParameter sets the constant to its value; a CategoricalParameter whose
categories are numbers sets the constant, and one whose `variable_name` is
`model_file` picks the model file to run (for structural uncertainty). A
ScalarOutcome gets the variable's last saved value (or, with a `function`, the whole
series for the function to reduce); a TimeSeriesOutcome gets the series.

`method` and `seed` are `Model.run`'s: every experiment integrates with `method` (None:
the model's own) and runs with the random functions' seed `seed` (None: 0), so an
experiment is `Model.run(params, method=method, seed=seed)` of its values, and the same
experiments give the same outcomes in any process and order. To draw a seed per
experiment instead, make it an uncertainty named `seed` (an `IntegerParameter("seed",
0, 2**53 - 1)`, say): that experiment then runs with its own value, which the
experiments table records, so any experiment can be run again alone.

The model is compiled once per process and model file, and each experiment reuses one
live simulation (clear_values, reset, then the experiment's values), so with the
MultiprocessingEvaluator each worker compiles once, not once per experiment."""

from __future__ import annotations

import os

from ema_workbench.em_framework.model import AbstractModel, SingleReplication
from ema_workbench.em_framework.outcomes import ScalarOutcome

from . import DEFAULT_SEED, MAX_SEED, Simulation, _compiled, _seed
from ._native import MillraceError

__all__ = ["MillraceModel"]

#: The parameter name that picks the model file instead of setting a constant.
MODEL_FILE = "model_file"
#: The parameter name that sets the experiment's run seed instead of a constant.
SEED = "seed"

# Per process: (path, modification time, backend, method) -> a live simulation.
_simulations = {}


def _simulation(path: str, backend: str, method=None):
    key = (path, os.stat(path).st_mtime_ns, backend, method)
    sim = _simulations.get(key)
    if sim is None:
        sim = Simulation(_compiled(path, key[1]).simulation(backend, method))
        _simulations[key] = sim
    return sim


class MillraceModel(SingleReplication, AbstractModel):
    """A workbench model running a Millrace model on `backend`, integrating with
    `method` (None: the model's own), every experiment with the run seed `seed` (None:
    0) unless it has a `seed` parameter of its own."""

    def __init__(self, name: str, model_file, backend: str = "jit", method=None, seed=None):
        super().__init__(name)
        self.model_file = os.path.abspath(str(model_file))
        self.backend = backend
        self.method = method
        self.seed = DEFAULT_SEED if seed is None else _seed(seed, MAX_SEED)
        if not os.path.isfile(self.model_file):
            raise MillraceError(f"{self.model_file}: no such model file")

    def model_init(self, policy):
        super().model_init(policy)
        # Compile now (once per process), so a model error shows before any experiment.
        _simulation(self.model_file, self.backend, self.method)

    def run_experiment(self, experiment):
        values = dict(experiment)
        path = os.path.abspath(str(values.pop(MODEL_FILE, self.model_file)))
        seed = _seed(values.pop(SEED, self.seed), MAX_SEED)
        sim = _simulation(path, self.backend, self.method)
        # clear_values also returns the seed to the default: it is set again below.
        sim.clear_values()
        sim.reset()
        for name, value in values.items():
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise MillraceError(f"{name}: `{value}` is not a number (only `{MODEL_FILE}` takes a file)") from None
            sim.set_value(name, number)
        # After the values, as `Model.run` and `millrace run --seed` set it.
        sim.set_seed(seed)
        sim.run_to_end()
        output = {}
        for outcome in self.outcomes:
            whole = isinstance(outcome, ScalarOutcome) and outcome.function is None
            for variable in outcome.variable_name:
                series = sim.series(variable)
                output[variable] = float(series[-1]) if whole else series
        return output
