"""The `units` column of `Model.constants`, `.stocks` and `.outputs` against
`millrace vars --json` (one source: the file's documented units), and `vars=` with the
bare name of an array (every element, as `millrace run --vars` selects them)."""

import json
import subprocess

import pandas as pd
import pytest

import millrace_sd as mr
from test_millrace_sd import BIN, WORLD3, assert_same_table, cli, read_exact

# An arrayed stock, flow and constant with units, a scalar without, and a draw (so a
# batch has a `seed` column).
ARRAYED = """<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><vendor>millrace tests</vendor><product version="1">tests</product></header>
<sim_specs><start>0</start><stop>3</stop><dt>0.5</dt></sim_specs>
<dimensions><dim name="Region"><elem name="North"/><elem name="South East"/><elem name="West"/></dim></dimensions>
<model><variables>
<stock name="pop"><dimensions><dim name="Region"/></dimensions><units>people</units>
  <eqn>init</eqn><inflow>births</inflow></stock>
<flow name="births"><dimensions><dim name="Region"/></dimensions><units>people/year</units>
  <eqn>pop * rate + NORMAL(0, noise)</eqn></flow>
<aux name="init"><dimensions><dim name="Region"/></dimensions><units>people</units><eqn>100, 200, 300</eqn></aux>
<aux name="rate"><units>1/year</units><eqn>0.1</eqn></aux>
<aux name="noise"><units>people/year</units><eqn>1</eqn></aux>
<aux name="total"><eqn>SUM(pop[*])</eqn></aux>
</variables></model></xmile>
"""

POP = ["pop[North]", "pop[South East]", "pop[West]"]


@pytest.fixture(scope="module")
def arrayed_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("arrays") / "regions.xmile"
    path.write_text(ARRAYED)
    return path


@pytest.fixture(scope="module")
def arrayed(arrayed_file):
    return mr.load(arrayed_file)


def cli_vars(path) -> dict:
    done = subprocess.run([BIN, "vars", "--json", str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def units_of(table: pd.DataFrame) -> dict:
    return {name: (None if pd.isna(u) else u) for name, u in table["units"].items()}


@pytest.mark.parametrize("which", ["arrayed", "world3"])
def test_the_tables_units_are_what_millrace_vars_lists(arrayed_file, which):
    path = arrayed_file if which == "arrayed" else WORLD3
    model = mr.load(path)
    listed = cli_vars(path)
    for section in ("constants", "stocks", "outputs"):
        table = units_of(getattr(model, section))
        want = {e["name"]: e["units"] for e in listed[section]}
        # Every variable `vars` lists is in the table, with the same units.
        assert {n: table.get(n, "missing") for n in want} == want, section
    # Not vacuous: both files document units (WORLD3 every variable's).
    assert any(e["units"] for s in listed.values() for e in s)


def test_an_element_has_its_array_units(arrayed):
    assert units_of(arrayed.stocks) == {name: "people" for name in POP}
    assert arrayed.constants.loc["init[South East]", "units"] == "people"
    assert arrayed.constants.loc["rate", "units"] == "1/year"
    assert arrayed.outputs.loc["total", "units"] is None
    assert list(arrayed.constants.columns) == ["kind", "default", "units"]


def test_run_vars_takes_an_array_by_its_bare_name(tmp_path, arrayed_file, arrayed):
    out = tmp_path / "run.csv"
    cli("run", arrayed_file, "--vars", "pop,total,births[West]", "--seed", "3", "-o", out)
    want = read_exact(out).set_index("time")
    for backend in mr.BACKENDS:
        got = arrayed.run(vars=["pop", "total", "births[West]"], seed=3, backend=backend)
        assert list(got.columns) == POP + ["total", "births[West]"]
        assert_same_table(got, want)
    # As the CLI says it: a misspelt element gets a suggestion.
    with pytest.raises(mr.MillraceError, match=r"unknown variable `pop\[Nort\]` .did you mean `pop\[North\]`"):
        arrayed.run(vars=["pop[Nort]"])
    with pytest.raises(mr.MillraceError, match="unknown variable `pops`"):
        arrayed.run(vars=["pops"])


@pytest.mark.parametrize("final_only", [True, False])
def test_batch_vars_takes_an_array_by_its_bare_name(tmp_path, arrayed_file, arrayed, final_only):
    # `pop` is every element's column, in the CLI's batch as in Python's.
    extra = ["--final-only"] if final_only else []
    out = tmp_path / "batch.csv"
    cli(
        "batch",
        arrayed_file,
        "--sweep",
        "rate=0:0.2:3",
        "--seed",
        "9",
        "--vars",
        "pop,total",
        "-o",
        out,
        *extra
    )
    want = read_exact(out)
    got = arrayed.batch(sweep={"rate": (0, 0.2, 3)}, seed=9, vars=["pop", "total"], final_only=final_only, jobs=2)
    assert list(got.columns[-4:]) == POP + ["total"]
    assert (got["run"].to_numpy() == want["run"].to_numpy()).all()
    assert_same_table(got.drop(columns="run"), want.drop(columns="run"))
    with pytest.raises(mr.MillraceError, match="--vars names `pop.North.` twice"):
        arrayed.batch(params={"rate": [0.1]}, vars=["pop", "pop[North]"])
    with pytest.raises(mr.MillraceError, match="unknown variable `pops`"):
        arrayed.batch(params={"rate": [0.1]}, vars=["pops"])
