//! Hostile and careless input to the command line (issue 17): no command destroys an
//! earlier result file (a rejected or failed command leaves its bytes, an interrupted
//! batch leaves a complete table), no parameter value is wrong in silence, no count
//! makes the program allocate or loop without bound, and `session` survives bytes that
//! are not UTF-8.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use common::cli::{spawn, stderr, stdout};
use tempfile::TempDir;

const TEACUP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/teacup.xmile");

fn millrace(args: &[&str]) -> Output {
    common::cli::millrace(args, "")
}

/// A fresh, empty temporary directory, removed when dropped (also when the test panics).
fn dir(test: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("millrace-hostile-{test}-")).tempdir().unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The names in `dir` (to see that no temporary file was left behind).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Exit status 2, no panic, and the error names every one of `wants`.
#[track_caller]
fn refused(out: &Output, wants: &[&str]) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    for want in wants {
        assert!(err.contains(want), "the error should name `{want}`:\n{err}");
    }
    err
}

// --- No lost results ---------------------------------------------------------------

const OLD: &[u8] = b"run,k\n0,42\n";

#[test]
fn a_rejected_batch_leaves_the_previous_file_byte_for_byte() {
    let d = dir("rejected");
    for ext in ["csv", "parquet"] {
        let keep = d.path().join(format!("keep.{ext}"));
        std::fs::write(&keep, OLD).unwrap();
        let params = d.path().join("nan.csv");
        std::fs::write(&params, "Room Temperature\n20\nNaN\n").unwrap();
        for (args, wants) in [
            (vec!["--sweep", "nosuch=0:1:3"], vec!["nosuch", "unknown variable"]),
            (vec!["--sweep", "Room Temperature=0:1:1e6", "--sweep", "Characteristic Time=1:2:1e7"], vec!["1e12"]),
            (vec!["--sweep", "Room Temperature=0:1:3", "--sweep", "room temperature=5:6:2"], vec!["given twice"]),
            (vec!["--params", path(&params)], vec!["Room Temperature", "NaN", "finite"]),
            (vec!["--sweep", "Room Temperature=0:1:3", "--vars", "nope"], vec!["nope"]),
            (vec!["--samples", "3", "--vary", "Room Temperature=uniform(1,2)", "--jobs", "0"], vec!["at least 1"]),
        ] {
            let mut all = vec!["batch", TEACUP, "-o", path(&keep)];
            all.extend(args.iter().copied());
            refused(&millrace(&all), &wants);
            assert_eq!(std::fs::read(&keep).unwrap(), OLD, "{args:?} into .{ext}: the old bytes are kept");
        }
    }
    assert_eq!(listing(d.path()), ["keep.csv", "keep.parquet", "nan.csv"], "no temporary file is left");
}

#[test]
fn a_batch_replaces_the_file_only_when_whole() {
    let d = dir("replace");
    let keep = d.path().join("keep.csv");
    std::fs::write(&keep, OLD).unwrap();
    let out = millrace(&["batch", TEACUP, "--sweep", "Room Temperature=10:30:3", "--final-only", "-o", path(&keep)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&keep).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.starts_with("run,Room Temperature (parameter),"), "{text}");
    assert_eq!(listing(d.path()), ["keep.csv"]);
}

#[test]
fn a_batch_into_an_unwritable_place_fails_before_any_run() {
    let d = dir("unwritable");
    let missing = d.path().join("no/such/dir/out.csv");
    let out = millrace(&["batch", TEACUP, "--sweep", "Room Temperature=10:30:3", "-o", path(&missing)]);
    let err = refused(&out, &["cannot write", "no directory"]);
    assert!(!err.contains("runs in"), "no run started: {err}");
    let out = millrace(&["batch", TEACUP, "--sweep", "Room Temperature=10:30:3", "-o", path(d.path())]);
    refused(&out, &[".csv or .parquet"]);
    let as_dir = d.path().join("dir.csv");
    std::fs::create_dir(&as_dir).unwrap();
    let out = millrace(&["batch", TEACUP, "--sweep", "Room Temperature=10:30:3", "-o", path(&as_dir)]);
    refused(&out, &["is a directory"]);
}

#[test]
fn run_checks_its_output_before_the_run_and_keeps_the_old_file_on_failure() {
    let d = dir("run");
    // The run itself would fail (`nosuch` is not a constant): the output error comes
    // first, so it was checked before the run.
    let out = millrace(&["run", TEACUP, "--set", "nosuch=1", "-o", "/nonexistent-millrace-dir/x.csv"]);
    let err = refused(&out, &["cannot write /nonexistent-millrace-dir/x.csv"]);
    assert!(!err.contains("nosuch"), "the run did not start: {err}");
    let keep = d.path().join("keep.csv");
    std::fs::write(&keep, OLD).unwrap();
    refused(&millrace(&["run", TEACUP, "--set", "nosuch=1", "-o", path(&keep)]), &["nosuch"]);
    assert_eq!(std::fs::read(&keep).unwrap(), OLD);
    assert!(millrace(&["run", TEACUP, "-o", path(&keep)]).status.success());
    assert!(std::fs::read_to_string(&keep).unwrap().starts_with("time,"));
    assert_eq!(listing(d.path()), ["keep.csv"]);
}

#[test]
fn emit_wasm_plot_and_merge_keep_the_old_file_when_they_fail() {
    let d = dir("others");
    let broken = d.path().join("broken.xmile");
    std::fs::write(&broken, "<xmile><model><variables><aux name=\"a\"><eqn>1 +</eqn></aux>").unwrap();
    let (wasm, listing_json) = (d.path().join("m.wasm"), d.path().join("m.listing.json"));
    std::fs::write(&wasm, OLD).unwrap();
    std::fs::write(&listing_json, OLD).unwrap();
    refused(&millrace(&["emit-wasm", path(&broken), "-o", path(&wasm)]), &["broken.xmile"]);
    assert_eq!(std::fs::read(&wasm).unwrap(), OLD);
    assert_eq!(std::fs::read(&listing_json).unwrap(), OLD);
    let chart = d.path().join("chart.svg");
    std::fs::write(&chart, OLD).unwrap();
    refused(&millrace(&["plot", TEACUP, "--vars", "nope", "-o", path(&chart)]), &["nope"]);
    assert_eq!(std::fs::read(&chart).unwrap(), OLD);
    let (part, merged) = (d.path().join("part.csv"), d.path().join("merged.csv"));
    std::fs::write(&part, "not a part\n").unwrap();
    std::fs::write(&merged, OLD).unwrap();
    refused(&millrace(&["merge", path(&part), "-o", path(&merged)]), &["not `# millrace part"]);
    assert_eq!(std::fs::read(&merged).unwrap(), OLD);
    assert_eq!(listing(d.path()), ["broken.xmile", "chart.svg", "m.listing.json", "m.wasm", "merged.csv", "part.csv"]);
}

/// SIGINT to a running batch: it stops between runs and leaves a complete table of the
/// first runs (a Parquet file with its footer, readable), saying how many.
#[test]
fn an_interrupted_batch_leaves_a_complete_table_and_says_how_many_runs() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;
    let d = dir("sigint");
    let out = d.path().join("runs.parquet");
    std::fs::write(&out, OLD).unwrap();
    let mut child = spawn(&[
        "batch",
        TEACUP,
        "--backend",
        "vm",
        "--jobs",
        "2",
        "--sweep",
        "Room Temperature=0:100:1e7",
        "--final-only",
        "-o",
        path(&out),
    ]);
    // Running once its temporary file is there; then some runs more.
    let started = Instant::now();
    while listing(d.path()).len() < 2 {
        assert!(started.elapsed() < Duration::from_secs(60), "the batch never started: {:?}", listing(d.path()));
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(1500));
    let kill = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let wait = Instant::now();
    let result = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(wait.elapsed() < Duration::from_secs(30), "the batch did not stop after SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    let err = stderr(&output);
    assert_eq!(result.code(), Some(130), "{err}");
    let written: usize = err
        .split("wrote the first ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of runs written: {err}"));
    assert!(err.contains("of 10000000 runs"), "{err}");
    assert!(written > 0 && written < 10_000_000, "{written} runs");
    let reader = SerializedFileReader::new(std::fs::File::open(&out).unwrap()).expect("a complete Parquet file");
    assert_eq!(reader.metadata().file_metadata().num_rows() as usize, written);
    for (i, row) in reader.get_row_iter(None).unwrap().enumerate() {
        assert_eq!(row.unwrap().get_long(0).unwrap(), i as i64, "the first runs, in order");
    }
    assert_eq!(listing(d.path()), ["runs.parquet"], "no temporary file is left");
}

// --- No wrong parameters in silence --------------------------------------------------

/// A final-only batch's rows as numbers (after the header), and the header.
fn table(out: &Output) -> (String, Vec<Vec<f64>>) {
    assert!(out.status.success(), "{}", stderr(out));
    let text = stdout(out);
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_owned();
    (header, lines.map(|l| l.split(',').map(|v| v.parse().unwrap()).collect()).collect())
}

#[test]
fn wide_ranges_are_drawn_and_swept_over_the_whole_range() {
    for dist in ["uniform(-1e308,1e308)", "triangular(-1e308,0,1e308)"] {
        let vary = format!("Room Temperature={dist}");
        let args =
            ["batch", TEACUP, "--samples", "200", "--vary", &vary, "--final-only", "--vars", "Teacup Temperature"];
        let (_, rows) = table(&millrace(&args));
        let drawn: Vec<f64> = rows.iter().map(|r| r[1]).collect();
        assert_eq!(drawn.len(), 200);
        assert!(drawn.iter().all(|v| v.is_finite() && v.abs() <= 1e308), "{dist}: {drawn:?}");
        let distinct: std::collections::BTreeSet<u64> = drawn.iter().map(|v| v.to_bits()).collect();
        assert!(distinct.len() > 190, "{dist}: {} distinct draws", distinct.len());
        assert!(drawn.iter().any(|&v| v > 1e307) && drawn.iter().any(|&v| v < -1e307), "{dist}: both ends");
    }
    let args =
        ["batch", TEACUP, "--sweep", "Room Temperature=-1e308:1e308:5", "--final-only", "--vars", "Teacup Temperature"];
    let (_, rows) = table(&millrace(&args));
    assert_eq!(rows.iter().map(|r| r[1]).collect::<Vec<_>>(), [-1e308, -5e307, 0.0, 5e307, 1e308]);
}

#[test]
fn every_value_follows_one_rule_everywhere() {
    let d = dir("values");
    for cell in ["NaN", "inf", "-inf", "1e400"] {
        let params = d.path().join("p.csv");
        std::fs::write(&params, format!("Room Temperature\n20\n{cell}\n")).unwrap();
        refused(&millrace(&["batch", TEACUP, "--params", path(&params)]), &["Room Temperature", cell]);
        let set = format!("Room Temperature={cell}");
        refused(&millrace(&["run", TEACUP, "--set", &set]), &["Room Temperature", cell]);
        let sweep = format!("Room Temperature=0:{cell}:3");
        refused(&millrace(&["batch", TEACUP, "--sweep", &sweep]), &["Room Temperature", cell]);
        let session = common::cli::millrace(
            &["session", TEACUP],
            &format!("set Room Temperature {cell}\nrun_to_end\nget Room Temperature\n"),
        );
        let replies = stdout(&session);
        let lines: Vec<&str> = replies.lines().collect();
        assert!(lines[0].starts_with("error:") && lines[0].contains("finite"), "session: {replies}");
        assert_eq!(lines[1..], ["ok", "70"], "the constant kept its value: {replies}");
    }
    let params = d.path().join("twice.csv");
    std::fs::write(&params, "Room Temperature,room_temperature\n20,30\n").unwrap();
    refused(&millrace(&["batch", TEACUP, "--params", path(&params)]), &["given twice", "Room Temperature"]);
    let args = [
        "batch",
        TEACUP,
        "--samples",
        "3",
        "--vary",
        "Room Temperature=uniform(1,2)",
        "--vary",
        "Room Temperature=normal(5,1)",
    ];
    refused(&millrace(&args), &["given twice"]);
}

#[test]
fn a_swept_constant_written_as_a_variable_gets_distinct_columns_in_csv_and_parquet() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;
    let d = dir("columns");
    let file = d.path().join("t.parquet");
    let args = ["batch", TEACUP, "--sweep", "Room Temperature=10:30:3", "--final-only"];
    let (header, rows) = table(&millrace(&args));
    let columns: Vec<&str> = header.split(',').collect();
    let distinct: std::collections::BTreeSet<&str> = columns.iter().copied().collect();
    assert_eq!(distinct.len(), columns.len(), "{header}");
    assert_eq!(columns[1], "Room Temperature (parameter)");
    let out_column = columns.iter().position(|c| *c == "Room Temperature").expect("the variable's own column");
    assert!(rows.iter().all(|r| r[1] == r[out_column]), "the same value under both names");
    let mut all = args.to_vec();
    all.extend(["-o", path(&file)]);
    assert!(millrace(&all).status.success());
    let reader = SerializedFileReader::new(std::fs::File::open(&file).unwrap()).unwrap();
    let names: Vec<String> =
        reader.metadata().file_metadata().schema_descr().columns().iter().map(|c| c.name().to_owned()).collect();
    assert_eq!(names.join(","), header, "Parquet has the CSV's distinct columns");
    let first = reader.get_row_iter(None).unwrap().next().unwrap().unwrap();
    assert_eq!(first.get_double(1).unwrap(), 10.0);
    refused(
        &millrace(&[
            "batch",
            TEACUP,
            "--sweep",
            "Room Temperature=1:2:2",
            "--vars",
            "Teacup Temperature,teacup temperature",
        ]),
        &["twice"],
    );
}

// --- Oversized arguments -------------------------------------------------------------

#[test]
fn oversized_counts_are_clear_errors_quickly() {
    let max = u64::MAX.to_string();
    let huge_jobs = (1u64 << 60).to_string();
    for (args, wants) in [
        (
            vec!["batch", TEACUP, "--samples", &max, "--vary", "Room Temperature=uniform(1,2)"],
            vec!["--samples must be at most 1000000000000"],
        ),
        (
            vec!["batch", TEACUP, "--samples", "1e13", "--vary", "Room Temperature=uniform(1,2)"],
            vec!["at most 1000000000000"],
        ),
        (vec!["batch", TEACUP, "--samples", "0", "--vary", "Room Temperature=uniform(1,2)"], vec!["at least 1"]),
        (
            vec!["batch", TEACUP, "--sweep", "Room Temperature=1:2:3", "--jobs", &huge_jobs],
            vec!["--jobs must be at most 1024"],
        ),
        (vec!["batch", TEACUP, "--sweep", &format!("Room Temperature=1:2:{max}")], vec!["at most 1000000000000"]),
        (
            vec![
                "batch",
                TEACUP,
                "--sweep",
                "Room Temperature=1:2:1e6",
                "--sweep",
                "Characteristic Time=1:2:1e6",
                "--sweep",
                "Teacup Temperature=1:2:2",
            ],
            vec!["1000000 x 1000000 x 2", "1e12"],
        ),
        (vec!["bench", TEACUP, "--runs", &max], vec!["--runs must be at most 1000000"]),
        (vec!["bench", TEACUP, "--runs", "0"], vec!["--runs must be at least 1"]),
    ] {
        let started = Instant::now();
        refused(&millrace(&args), &wants);
        assert!(started.elapsed() < Duration::from_secs(10), "{args:?} took {:?}", started.elapsed());
    }
}

#[test]
fn jobs_are_capped_at_the_runs() {
    let out = millrace(&["batch", TEACUP, "--sweep", "Room Temperature=1:2:3", "--jobs", "1000", "--final-only"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 runs in") && stderr(&out).contains("on 3 workers"), "{}", stderr(&out));
}

/// The peak resident memory of a running process, in kB (Linux).
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// 1e5 x 1e5 = 1e10 runs: the grid is never built; rows stream out at once, and the
/// process stays small.
#[test]
fn a_huge_sweep_streams_rows_without_building_the_grid() {
    let mut child = spawn(&[
        "batch",
        TEACUP,
        "--backend",
        "vm",
        "--jobs",
        "2",
        "--sweep",
        "Room Temperature=0:100:1e5",
        "--sweep",
        "Characteristic Time=1:20:100000",
        "--final-only",
        "--vars",
        "Teacup Temperature",
    ]);
    let pid = child.id();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().take(2001) {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let mut lines = Vec::new();
    while lines.len() < 2001 {
        match rx.recv_timeout(Duration::from_secs(20).saturating_sub(started.elapsed())) {
            Ok(line) => lines.push(line),
            Err(_) => break,
        }
    }
    let peak = peak_rss_kb(pid);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(lines.len(), 2001, "rows within 20 s (got {} lines)", lines.len());
    assert_eq!(lines[0], "run,Room Temperature,Characteristic Time,Teacup Temperature");
    // Run 1: the second value of the last (fastest) sweep.
    let fields: Vec<f64> = lines[2].split(',').map(|v| v.parse().unwrap()).collect();
    assert_eq!(fields[..3], [1.0, 0.0, 1.0 + 19.0 * 1.0 / 99999.0], "{}", lines[2]);
    assert!(lines[1].starts_with("0,0,1,"), "{}", lines[1]);
    if let Some(kb) = peak {
        assert!(kb < 200_000, "peak resident memory {kb} kB");
    }
}

// --- Session ----------------------------------------------------------------------------

#[test]
fn a_line_that_is_not_utf8_gets_an_error_and_the_session_goes_on() {
    let mut child = spawn(&["session", TEACUP]);
    let mut input = child.stdin.take().unwrap();
    input
        .write_all(
            b"run_to 1\nset Room \xff\xfe Temperature 5\nset Room Temperature 21\nrun_to_end\nget Room Temperature\n",
        )
        .unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], "ok");
    assert!(lines[1].starts_with("error: line 2 is not UTF-8") && lines[1].contains("0xff"), "{}", lines[1]);
    assert_eq!(lines[2..], ["ok", "ok", "21"]);
}

/// Stopped before its first run (SIGINT during the compile), a batch leaves an earlier
/// file as it was rather than replacing it with an empty table.
#[test]
fn a_batch_stopped_before_its_first_run_keeps_the_old_file() {
    use millrace::batch::params::{ParamSets, Sweep};
    use millrace::batch::{self, Plan, sink};
    let d = dir("stopped");
    let keep = d.path().join("keep.csv");
    std::fs::write(&keep, OLD).unwrap();
    let model = millrace::Model::open(TEACUP.as_ref()).unwrap();
    let params = ParamSets::grid(&[Sweep::parse("Room Temperature=0:1:1000").unwrap()]);
    let plan = Plan { params, vars: None, final_only: true, backend: millrace::Backend::Vm, jobs: 2, seed: 0 };
    let stop = std::sync::atomic::AtomicBool::new(true);
    let summary =
        batch::run_until(&model, &plan, None, sink::for_path(Some(&keep)).unwrap(), &mut || {}, &stop).unwrap();
    assert!(summary.interrupted && summary.runs == 0 && summary.total == 1000, "{summary:?}");
    assert_eq!(std::fs::read(&keep).unwrap(), OLD);
    assert_eq!(listing(d.path()), ["keep.csv"]);
}

/// `millrace batch ... | head`: the closed pipe ends the batch quietly, not as an error.
#[test]
fn a_batch_into_a_closed_pipe_stops_quietly() {
    let mut child = spawn(&["batch", TEACUP, "--backend", "vm", "--sweep", "Room Temperature=0:1:1e6", "--final-only"]);
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert!(first.starts_with("run,"), "{first}");
    drop(out);
    let output = child.wait_with_output().unwrap();
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(!err.contains("error") && !err.contains("panicked"), "{err}");
}

/// Each batch worker keeps a results slab of its own: two slabs of 2.5 GiB are refused
/// before any is made (naming the --jobs that fit), where one run alone is allowed.
#[test]
fn batch_workers_slabs_together_stay_within_the_results_budget() {
    let d = dir("slabs");
    // 48,000,001 rows of 7 slots (6 globals and `k`): 2.5 GiB.
    let text = common::xmile(0.0, 48_000_000.0, 1.0, r#"<aux name="k"><eqn>1</eqn></aux>"#);
    let model = d.path().join("long.xmile");
    std::fs::write(&model, text).unwrap();
    let started = Instant::now();
    let out = millrace(&["batch", path(&model), "--sweep", "k=1:2:2", "--jobs", "2"]);
    refused(&out, &["2 workers", "--jobs 1", "--final-only"]);
    assert!(started.elapsed() < Duration::from_secs(10), "refused before any run");
}

/// `--seed` and the session's `seed` take a whole number from 0 to 2^53 - 1 and refuse
/// anything else with that range (no panic, no silent wrap); a session goes on.
#[test]
fn seeds_out_of_range_or_not_whole_are_refused() {
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/teacup.xmile");
    // `-1` reads as an unknown flag to the argument parser: refused all the same.
    refused(&millrace(&["run", model, "--seed", "-1"]), &["-1"]);
    for bad in ["1.5", "1e3", "9007199254740992", "18446744073709551616", "x", ""] {
        let out = millrace(&["run", model, "--seed", bad]);
        refused(&out, &["9007199254740991"]);
    }
    assert!(millrace(&["run", model, "--seed", "9007199254740991"]).status.success());
    let out = common::cli::millrace(&["session", model], "seed -1\nseed 2.5\nseed 7\nrun_to_end\nquit\n");
    let text = stdout(&out);
    assert_eq!(text.matches("not a seed").count(), 2, "{text}");
    assert!(out.status.success() && text.contains("ok"), "{text}");
}
