"""`Model.batch(sweep=...)` and `Model.batch(samples=N, vary=..., seed=S)` against
`millrace batch --sweep` and `--samples --vary --seed` on the same model, bit for bit:
the grid and the draws are the CLI's own Rust code, so the rows must be its rows."""

import numpy as np
import pytest

import millrace_sd as mr
from test_method_and_seed import MODEL, VARS
from test_millrace_sd import TEACUP, assert_same_table, cli, read_exact, same_bits


@pytest.fixture(scope="module")
def walk_file(tmp_path_factory):
    # Draws NORMAL each step: the table has a `seed` column, and the batch seed
    # reaches both the samples and the runs.
    path = tmp_path_factory.mktemp("specs") / "walk.xmile"
    path.write_text(MODEL.format(method=""))
    return path


@pytest.fixture(scope="module")
def walk(walk_file):
    return mr.load(walk_file)


def cli_batch(tmp_path, path, *args):
    out = tmp_path / "batch.csv"
    cli("batch", path, "--jobs", "2", "-o", out, *args)
    return read_exact(out)


def assert_same_batch(got, want):
    assert (got["run"].to_numpy() == want["run"].to_numpy()).all()
    assert_same_table(got.drop(columns="run"), want.drop(columns="run"))


@pytest.mark.parametrize("final_only", [True, False])
def test_a_sweep_is_the_cli_sweep(tmp_path, walk_file, walk, final_only):
    # 0.1:0.9:11 is not exact in binary, and NumPy's linspace differs from the CLI's
    # `lo + (hi - lo) * i / (n - 1)` in two of its values: a grid made in Python fails.
    assert not same_bits(np.linspace(0.1, 0.9, 11), [0.1 + 0.8 * i / 10 for i in range(11)])
    extra = ["--final-only"] if final_only else []
    sweeps = ["--sweep", "k=0.1:0.9:11", "--sweep", "sd=0.5:2:3"]
    want = cli_batch(tmp_path, walk_file, *sweeps, "--seed", "17", "--vars", ",".join(VARS), *extra)
    got = walk.batch(sweep={"k": (0.1, 0.9, 11), "sd": (0.5, 2, 3)}, vars=VARS, final_only=final_only, jobs=2, seed=17)
    assert len(got) == 33 * (1 if final_only else 9)
    assert list(got.columns[:4]) == ["run", "k", "sd", "seed"]
    assert_same_batch(got, want)
    # The CLI's texts, and NumPy numbers, give the same table.
    texts = walk.batch(sweep=["k=0.1:0.9:11", "sd=0.5:2:3"], vars=VARS, final_only=final_only, jobs=1, seed=17)
    assert_same_batch(texts, want)
    numpy = walk.batch(
        sweep={"k": np.array([0.1, 0.9, 11.0]), "sd": "0.5:2:3"}, vars=VARS, final_only=final_only, jobs=2, seed=17
    )
    assert_same_batch(numpy, want)


@pytest.mark.parametrize("final_only", [True, False])
def test_samples_are_the_cli_samples(tmp_path, walk_file, walk, final_only):
    extra = ["--final-only"] if final_only else []
    want = cli_batch(
        tmp_path,
        walk_file,
        "--samples",
        "25",
        "--vary",
        "k=uniform(0.5,2)",
        "--vary",
        "sd=triangular(0,1,3)",
        "--seed",
        "123",
        "--vars",
        ",".join(VARS),
        *extra
    )
    vary = {"k": "uniform(0.5,2)", "sd": ("triangular", 0, 1, 3)}
    got = walk.batch(samples=25, vary=vary, seed=123, vars=VARS, final_only=final_only, jobs=2)
    assert len(got) == 25 * (1 if final_only else 9)
    assert_same_batch(got, want)
    # Another seed: other draws, other run seeds.
    other = walk.batch(samples=25, vary=vary, seed=124, vars=VARS, final_only=True, jobs=2)
    assert not set(other["k"]) & set(got["k"])
    assert not set(other["seed"]) & set(got["seed"])


def test_a_model_without_random_functions_and_the_default_seed(tmp_path):
    # No `seed` column; no seed given is the CLI's default, 0, for the draws too.
    want = cli_batch(tmp_path, TEACUP, "--samples", "7", "--vary", "Room Temperature=normal(20,5)", "--final-only")
    got = mr.load(TEACUP).batch(samples=7, vary=["Room Temperature=normal(20,5)"], final_only=True, arrow=True)
    assert got.column_names == list(want.columns)
    assert_same_batch(got.to_pandas(), want)


def test_a_batch_takes_exactly_one_source_of_runs(walk):
    one_of = "exactly one of params"
    for kwargs in (
        {},
        {"params": {"k": [1.0]}, "sweep": "k=0:1:2"},
        {"sweep": "k=0:1:2", "samples": 3, "vary": "k=uniform(0,1)"},
    ):
        with pytest.raises(mr.MillraceError, match=one_of):
            walk.batch(**kwargs)
    with pytest.raises(mr.MillraceError, match="needs samples=N"):
        walk.batch(vary={"k": "uniform(0,1)"})
    with pytest.raises(mr.MillraceError, match="needs vary="):
        walk.batch(samples=3)
    for bad in (0, -2, 2.5):
        with pytest.raises(mr.MillraceError, match="samples"):
            walk.batch(samples=bad, vary="k=uniform(0,1)")


def test_a_bad_spec_has_the_cli_message(walk):
    # The CLI's parsers' words, as `millrace batch` prints them.
    with pytest.raises(mr.MillraceError, match=r"--sweep `k=0:1`: not three fields"):
        walk.batch(sweep={"k": (0, 1)})
    with pytest.raises(mr.MillraceError, match="finite"):
        walk.batch(sweep={"k": (0, float("nan"), 3)})
    with pytest.raises(mr.MillraceError, match="whole number"):
        walk.batch(sweep={"k": (0, 1, 2.5)})
    with pytest.raises(mr.MillraceError, match="uniform.A,B. needs A < B"):
        walk.batch(samples=2, vary={"k": ("uniform", 2, 1)})
    with pytest.raises(mr.MillraceError, match="unknown distribution"):
        walk.batch(samples=2, vary={"k": "poisson(3)"})
    with pytest.raises(mr.MillraceError, match="parameter `kk`: unknown variable"):
        walk.batch(sweep="kk=0:1:2")
    with pytest.raises(mr.MillraceError, match="a mapping of names"):
        walk.batch(sweep={"k": 5})


def test_a_sweep_on_dask_is_the_local_sweep(walk_file, walk):
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        for spec in ({"sweep": {"k": (0.5, 2, 5), "sd": (1, 2, 2)}}, {"samples": 9, "vary": {"k": "normal(1,0.1)"}}):
            local = walk.batch(**spec, vars=VARS, jobs=2, seed=5)
            assert_same_batch(walk.batch(**spec, vars=VARS, client=client, seed=5), local)
