//! `millrace batch`: the same bytes whatever the backend and the number of workers,
//! each run exactly its parameter set run alone, CSV and Parquet holding the same
//! values, and a bad plan rejected before any run starts.

mod common;

use std::path::{Path, PathBuf};

use millrace::batch::params::{ParamSets, Sweep, Vary};
use millrace::batch::{self, Plan, sink};
use millrace::{Backend, Model};
use tempfile::TempDir;

const WORLD3: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/world3/world3.xmile");
const TEACUP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/teacup.xmile");

/// The path `name` in a fresh temporary directory, which lives as long as the returned
/// `TempDir` (removed on drop, also when the test panics).
fn temp(test: &str, name: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::Builder::new().prefix(&format!("millrace-batch-{test}-")).tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

/// Runs `plan` into a CSV file and returns its bytes.
fn csv_of(model: &Model, plan: &Plan, test: &str) -> Vec<u8> {
    let (_dir, path) = temp(test, &format!("{}-{}.csv", plan.backend.name(), plan.jobs));
    let sink = sink::for_path(Some(&path)).unwrap();
    batch::run(model, plan, sink, &mut || {}).unwrap();
    std::fs::read(&path).unwrap()
}

fn world3_samples(n: usize) -> ParamSets {
    let varies = [
        Vary::parse("industrial_capital_output_ratio_1=uniform(2.5, 3.5)").unwrap(),
        Vary::parse("desired_completed_family_size_normal=normal(3.8, 0.3)").unwrap(),
        Vary::parse("initial_nonrenewable_resources=triangular(5e11, 1e12, 2e12)").unwrap(),
    ];
    ParamSets::samples(n, &varies, 2026)
}

#[test]
fn same_bytes_on_every_backend_and_any_number_of_workers() {
    let model = Model::open(WORLD3.as_ref()).unwrap();
    let plan = |backend, jobs, final_only| Plan {
        params: world3_samples(12),
        vars: Some(vec!["population".into(), "industrial_output".into(), "persistent_pollution".into()]),
        final_only,
        backend,
        jobs,
        seed: 0,
    };
    for final_only in [true, false] {
        let reference = csv_of(&model, &plan(Backend::Vm, 1, final_only), "backends");
        for backend in Backend::ALL {
            for jobs in [1, 2, 3] {
                if (backend, jobs) == (Backend::Vm, 1) {
                    continue; // the reference itself
                }
                let got = csv_of(&model, &plan(backend, jobs, final_only), "backends");
                assert!(got == reference, "{} with {jobs} workers (final only: {final_only})", backend.name());
            }
        }
    }
}

#[test]
fn each_run_is_its_parameter_set_run_alone() {
    let model = Model::open(WORLD3.as_ref()).unwrap();
    let params = world3_samples(6);
    let plan = Plan {
        params: params.clone(),
        vars: Some(vec!["population".into()]),
        final_only: false,
        backend: Backend::Jit,
        jobs: 2,
        seed: 0,
    };
    let text = String::from_utf8(csv_of(&model, &plan, "alone")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "run,industrial_capital_output_ratio_1,desired_completed_family_size_normal,initial_nonrenewable_resources,time,population"
    );
    let rows: Vec<Vec<f64>> = lines.map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect();
    assert_eq!(rows.len(), 6 * 401);
    for (run, values) in params.rows.iter().enumerate() {
        let overrides: Vec<(String, f64)> = params.names.iter().cloned().zip(values.iter().copied()).collect();
        let alone = model.run(Backend::Vm, &overrides).unwrap();
        let population = common::series(&alone, "population");
        let batch: Vec<&Vec<f64>> = rows.iter().filter(|r| r[0] == run as f64).collect();
        assert_eq!(batch.len(), 401);
        for (k, row) in batch.iter().enumerate() {
            assert_eq!(&row[1..4], values.as_slice(), "run {run}: its parameters");
            assert_eq!(row[4], alone.rows[k][0], "run {run}: time");
            assert_eq!(row[5].to_bits(), population[k].to_bits(), "run {run}, row {k}");
        }
    }
}

/// A final-only batch saves only the first and last rows of each run; the row it keeps
/// is the last saved row of the run alone, also when the saves end before the stop time
/// (teacup, 240 steps saved every 7: the last of 35 rows is at step 238, TIME 29.75).
#[test]
fn final_only_keeps_the_last_saved_row_of_each_run_alone() {
    let text =
        std::fs::read_to_string(TEACUP).unwrap().replace("<dt>0.125</dt>", "<dt>0.125</dt><savestep>0.875</savestep>");
    let model = Model::from_str(&text, "teacup-saved-every-7-dt.xmile").unwrap();
    assert_eq!(model.program().specs.n_rows, 35);
    let last_rows = model.saving_first_and_last_rows();
    assert_eq!(last_rows.program().specs.n_rows, 2);
    assert!(std::ptr::eq(last_rows, model.clone().saving_first_and_last_rows()), "made once, shared by clones");
    let params = ParamSets::grid(&[Sweep::parse("Room Temperature=10:90:4").unwrap()]);
    for backend in Backend::ALL {
        let plan = Plan { params: params.clone(), vars: None, final_only: true, backend, jobs: 2, seed: 0 };
        let text = String::from_utf8(csv_of(&model, &plan, "final")).unwrap();
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(rows.len(), 4, "{}", backend.name());
        for (run, (row, values)) in rows.iter().zip(&params.rows).enumerate() {
            let alone = model.run(backend, &[("Room Temperature".into(), values[0])]).unwrap();
            assert_eq!(alone.rows.len(), 35);
            let last = alone.rows.last().unwrap();
            let want: Vec<String> = std::iter::once(run.to_string())
                .chain(values.iter().chain(&last[1..]).map(|&v| millrace::engine::results::format_f64(v)))
                .collect();
            assert_eq!(*row, want.join(","), "{}: run {run}", backend.name());
        }
    }
}

#[test]
fn parquet_holds_the_csv_values() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;
    let model = Model::open(TEACUP.as_ref()).unwrap();
    let params = ParamSets::grid(&[
        Sweep::parse("Room Temperature=10:90:5").unwrap(),
        Sweep::parse("Characteristic Time=5:15:3").unwrap(),
    ]);
    let plan = Plan { params, vars: None, final_only: false, backend: Backend::Jit, jobs: 2, seed: 0 };
    let csv = String::from_utf8(csv_of(&model, &plan, "parquet")).unwrap();
    let (_dir, path) = temp("parquet", "out.parquet");
    batch::run(&model, &plan, sink::for_path(Some(&path)).unwrap(), &mut || {}).unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let columns: Vec<String> =
        reader.metadata().file_metadata().schema_descr().columns().iter().map(|c| c.name().to_owned()).collect();
    let mut lines = csv.lines();
    assert_eq!(columns.join(","), lines.next().unwrap());
    let mut count = 0;
    for (row, line) in reader.get_row_iter(None).unwrap().zip(lines) {
        let row = row.unwrap();
        let want: Vec<f64> = line.split(',').map(|v| v.parse().unwrap()).collect();
        assert_eq!(row.get_long(0).unwrap() as f64, want[0]);
        for (i, w) in want.iter().enumerate().skip(1) {
            assert_eq!(row.get_double(i).unwrap().to_bits(), w.to_bits());
        }
        count += 1;
    }
    assert_eq!(count, 15 * 241, "every row of every run");
}

fn millrace(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_millrace")).args(args).output().unwrap()
}

#[test]
fn a_parameter_file_gives_one_run_per_row() {
    let (_dir, params) = temp("params", "params.csv");
    std::fs::write(&params, "Room Temperature,teacup temperature\n20,100\n30,90\n").unwrap();
    let out = millrace(&[
        "batch",
        TEACUP,
        "--params",
        params.to_str().unwrap(),
        "--final-only",
        "--vars",
        "Teacup Temperature",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "run,Room Temperature,teacup temperature,Teacup Temperature");
    assert_eq!(lines.len(), 3);
    let alone = Model::open(TEACUP.as_ref()).unwrap();
    let r = alone.run(Backend::Vm, &[("Room Temperature".into(), 30.0), ("Teacup Temperature".into(), 90.0)]).unwrap();
    let last = common::series(&r, "Teacup Temperature").last().copied().unwrap();
    assert_eq!(lines[2], format!("1,30,90,{}", millrace::engine::results::format_f64(last)));
}

#[test]
fn a_bad_plan_fails_before_any_run() {
    let (_dir, out_file) = temp("bad", "never.csv");
    let out = out_file.to_str().unwrap();
    for (args, want) in [
        (vec!["--samples", "5", "--vary", "nope=uniform(1,2)"], "parameter `nope`: unknown variable"),
        (vec!["--samples", "5", "--vary", "Heat Loss to Room=uniform(1,2)"], "cannot set `Heat Loss to Room`"),
        (vec!["--sweep", "nope=1:2:3"], "parameter `nope`"),
        (vec!["--sweep", "Room Temperature=1:2"], "expected NAME=LO:HI:N"),
        (vec!["--samples", "5", "--vary", "Room Temperature=uniform(3,2)"], "needs A < B"),
        (vec!["--samples", "5"], "--samples needs at least one --vary"),
        (vec!["--vary", "Room Temperature=uniform(1,2)"], "--vary needs --samples"),
        (vec!["--sweep", "Room Temperature=1:2:3", "--samples", "3"], "one of --sweep"),
        (vec![], "say what to run"),
        (vec!["--sweep", "Room Temperature=1:2:3", "--vars", "nope"], "--vars: unknown variable `nope`"),
        (vec!["--sweep", "Room Temperature=1:2:3", "--jobs", "0"], "--jobs must be at least 1"),
    ] {
        let _ = std::fs::remove_file(&out_file);
        let mut all = vec!["batch", TEACUP, "-o", out];
        all.extend(args.iter().copied());
        let result = millrace(&all);
        let err = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("runs in"), "{args:?}: no run started");
        let written = std::fs::read_to_string(&out_file).unwrap_or_default();
        assert!(written.lines().count() <= 1, "{args:?}: no results written");
    }
    let result = millrace(&[
        "batch",
        TEACUP,
        "--sweep",
        "Room Temperature=1:2:3",
        "-o",
        Path::new(out).with_extension("txt").to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains(".csv or .parquet"));
}
