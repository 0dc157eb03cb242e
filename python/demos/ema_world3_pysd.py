"""By hand (not in CI): the experiment of ema_world3.py through the workbench's own
PySD connector, on WORLD3's Vensim file (tests/models/world3/wrld3-03.mdl, copied to a
scratch directory since PySD writes its translation beside it), for comparison.

    python python/demos/ema_world3_pysd.py [SCENARIOS]
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path

from ema_workbench import MultiprocessingEvaluator, RealParameter, ScalarOutcome, TimeSeriesOutcome
from ema_workbench.connectors.pysd_connector import PysdModel

MDL = Path(__file__).resolve().parents[2] / "tests" / "models" / "world3" / "wrld3-03.mdl"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as tmp:
        mdl = shutil.copy(MDL, Path(tmp) / "wrld3.mdl")
        model = PysdModel("world3", mdl_file=str(mdl))
        model.uncertainties = [
            RealParameter("industrial capital output ratio 1", 2.5, 3.5),
            RealParameter("desired completed family size normal", 3.0, 4.6),
            RealParameter("life expectancy normal", 25, 35),
        ]
        model.outcomes = [ScalarOutcome("population", function=lambda s: s[-1]), TimeSeriesOutcome("industrial output")]
        with MultiprocessingEvaluator(model, n_processes=2) as evaluator:
            t = time.perf_counter()
            experiments, outcomes = evaluator.perform_experiments(scenarios=n)
            elapsed = time.perf_counter() - t
    print(f"{n} scenarios in {elapsed:.2f} s ({n / elapsed:.2f} scenarios/s); population[0] = {outcomes['population'][0]}")


if __name__ == "__main__":
    main()
