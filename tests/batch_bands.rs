//! Sensitivity bands (`batch --plot`): the band data gathered while the table streams
//! out equals the quantiles computed afterwards from the table itself, and the CLI
//! draws them or refuses clearly.

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};

use millrace::batch::bands::{BandSink, ENVELOPES, quantile};
use millrace::batch::params::{ParamSets, Vary};
use millrace::batch::{self, Plan, sink};
use millrace::{Backend, Model};
use tempfile::TempDir;

const WORLD3: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/world3/world3.xmile");

/// The path `name` in a fresh temporary directory, which lives as long as the returned
/// `TempDir` (removed on drop, also when the test panics).
fn temp(name: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::Builder::new().prefix("millrace-bands-").tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

#[test]
fn streamed_bands_equal_the_quantiles_of_the_written_table() {
    let model = Model::open(WORLD3.as_ref()).unwrap();
    let vary = Vary::parse("industrial_capital_output_ratio_1=uniform(2.5,3.5)").unwrap();
    let vars = vec!["population".to_owned(), "industrial_capital".to_owned()];
    let plan = Plan {
        params: ParamSets::samples(37, &[vary], 5),
        vars: Some(vars.clone()),
        final_only: false,
        backend: Backend::Vm,
        jobs: 2,
        seed: 0,
    };
    let (_dir, csv) = temp("table.csv");
    let out = Arc::new(Mutex::new(None));
    let sink = Box::new(BandSink::new(sink::for_path(Some(&csv)).unwrap(), vars, out.clone()));
    batch::run(&model, &plan, sink, &mut || {}).unwrap();
    let bands = out.lock().unwrap().take().expect("band data");
    assert_eq!(bands.runs, 37);

    // The table: run, the parameter, time, population, industrial_capital.
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<Vec<f64>> =
        text.lines().skip(1).map(|l| l.split(',').map(|f| f.parse().unwrap()).collect()).collect();
    let n_times = bands.time.len();
    assert_eq!(n_times, 401);
    assert_eq!(rows.len(), 37 * n_times);
    for (v, band) in bands.bands.iter().enumerate() {
        for t in [0, 1, 200, 400] {
            let mut at_t: Vec<f64> = rows.iter().filter(|r| r[2] == bands.time[t]).map(|r| r[3 + v]).collect();
            assert_eq!(at_t.len(), 37);
            at_t.sort_by(f64::total_cmp);
            assert_eq!(band.median[t].to_bits(), quantile(&at_t, 0.5).to_bits(), "{} median at {t}", band.name);
            let (lo, hi) = band.envelopes[0][t];
            assert_eq!((lo, hi), (at_t[0], at_t[36]), "{}: the 100% envelope is min..max", band.name);
            for (k, p) in ENVELOPES.iter().enumerate() {
                let (lo, hi) = band.envelopes[k][t];
                assert!(lo <= band.median[t] && band.median[t] <= hi, "{p}% brackets the median");
            }
        }
    }
}

#[test]
fn batch_plot_draws_a_panel_per_variable_or_refuses_clearly() {
    let (_dir, svg) = temp("bands.svg");
    let run = |extra: &[&str]| {
        let mut args = vec!["batch", WORLD3, "--sweep", "industrial_capital_output_ratio_1=2.5:3.5:5", "-o"];
        let (_dir, csv) = temp("cli.csv");
        args.push(csv.to_str().unwrap());
        args.extend(extra);
        Command::new(env!("CARGO_BIN_EXE_millrace")).args(&args).output().unwrap()
    };
    let out = run(&["--vars", "population,industrial_capital", "--plot", svg.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&svg).unwrap();
    // Four envelopes per variable, each one filled polygon; a median line each.
    assert_eq!(text.matches("<polygon").count(), 2 * ENVELOPES.len(), "envelopes");
    for label in ["population", "industrial_capital", "5 runs", "median", "95% of runs"] {
        assert!(text.contains(label), "no `{label}` in the chart");
    }

    let out = run(&["--plot", svg.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--plot needs --vars"));
    let out = run(&["--vars", "population", "--final-only", "--plot", svg.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot go with --final-only"));
}
