"""By hand (not in CI): 1,000 WORLD3 scenarios, three uncertainties, two outcomes,
under the EMA Workbench's MultiprocessingEvaluator (2 processes), timed.

    python python/demos/ema_world3.py [SCENARIOS]
"""

import sys
import time
from pathlib import Path

from ema_workbench import (
    MultiprocessingEvaluator,
    RealParameter,
    ScalarOutcome,
    TimeSeriesOutcome,
)

from millrace_sd.ema import MillraceModel

WORLD3 = Path(__file__).resolve().parents[2] / "tests" / "models" / "world3" / "world3.xmile"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    model = MillraceModel("world3", model_file=WORLD3, backend="jit")
    model.uncertainties = [
        RealParameter("industrial_capital_output_ratio_1", 2.5, 3.5),
        RealParameter("desired_completed_family_size_normal", 3.0, 4.6),
        RealParameter("life_expectancy_normal", 25, 35),
    ]
    model.outcomes = [ScalarOutcome("population"), TimeSeriesOutcome("industrial_output")]
    with MultiprocessingEvaluator(model, n_processes=2) as evaluator:
        t = time.perf_counter()
        experiments, outcomes = evaluator.perform_experiments(scenarios=n)
        elapsed = time.perf_counter() - t
    print(f"{n} scenarios in {elapsed:.2f} s ({n / elapsed:.0f} scenarios/s); "
          f"population[0] = {outcomes['population'][0]}, industrial_output shape {outcomes['industrial_output'].shape}")


if __name__ == "__main__":
    main()
