//! Corpus conformance: every XMILE/STMX and Vensim `.mdl` model file of the corpus runs
//! on the vm and is compared with the case's expected output.
//!
//! `tests/conformance/passing.txt` lists the model files that passed once; one of them
//! failing fails this test (a regression). The report (pass counts per tier, the reason
//! of every failure, files newly passing) is printed; see it with
//! `cargo test --test conformance -- --nocapture`.
//!
//! Environment:
//! - `MILLRACE_CORPUS=DIR`: run another corpus with the same layout (`MANIFEST.tsv`,
//!   `cases/`); the passing list is then neither enforced nor updated.
//! - `MILLRACE_UPDATE_PASSING=1`: add the newly passing files to the list.

mod support;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use millrace::{Backend, Model};
use support::compare::{Outcome, compare_results};
use support::expected::{ExpectedTable, read_expected};
use support::manifest::{Case, PassingList, parse_manifest};

const PASSING_LIST: &str = "tests/conformance/passing.txt";
/// Tiers in report order; a manifest may use others, which are listed after these.
const TIERS: [&str; 7] = ["1", "2", "3", "4", "5", "6", "-"];

/// One model file to run.
struct Job {
    /// Relative to `cases/`, as in the passing list: `xmile/teacup/teacup.xmile`.
    rel: String,
    tier: String,
    path: PathBuf,
    /// Index of the case's expected table.
    expected: usize,
}

#[test]
fn corpus_conformance() {
    let root = env!("CARGO_MANIFEST_DIR");
    let (corpus, vendored) = corpus_dir(Path::new(root));
    let manifest_path = corpus.join("MANIFEST.tsv");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("{}: {e}", manifest_path.display()))
        .and_then(|text| parse_manifest(&text));
    let cases = manifest.unwrap_or_else(|e| panic!("{e}"));
    let (jobs, tables) = plan(&corpus.join("cases"), &cases);

    let started = Instant::now();
    let verdicts = run_all(&jobs, &tables);
    let elapsed = started.elapsed();

    let list_path = Path::new(root).join(PASSING_LIST);
    let list_text = std::fs::read_to_string(&list_path).unwrap_or_default();
    let list = PassingList::parse(&list_text);

    println!("conformance on {} ({} model files, vm, {:.1} s)", corpus.display(), jobs.len(), elapsed.as_secs_f64());
    print_tiers(&jobs, &verdicts);
    for (job, verdict) in jobs.iter().zip(&verdicts) {
        match verdict {
            Ok(outcome) if outcome.passed() => println!("ok   {}: {outcome}", job.rel),
            Ok(outcome) => println!("FAIL {}: {outcome}", job.rel),
            Err(reason) => println!("FAIL {}: {reason}", job.rel),
        }
    }

    let passing = |v: &Verdict| matches!(v, Ok(o) if o.passed());
    let new: Vec<String> = jobs
        .iter()
        .zip(&verdicts)
        .filter(|(job, v)| passing(v) && !list.contains(&job.rel))
        .map(|(job, _)| job.rel.clone())
        .collect();

    if !vendored {
        println!("note: MILLRACE_CORPUS is set, so {PASSING_LIST} is neither enforced nor updated");
        return;
    }
    report_new(&new, &list, &list_path);
    let regressions = regressions(&list, &jobs, &verdicts);
    assert!(
        regressions.is_empty(),
        "{} model files in {PASSING_LIST} no longer pass:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
}

/// The corpus to run, and whether it is the vendored one (whose passing list applies).
fn corpus_dir(root: &Path) -> (PathBuf, bool) {
    let vendored = root.join("tests/corpus");
    match std::env::var_os("MILLRACE_CORPUS").filter(|p| !p.is_empty()) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let same = match (dir.canonicalize(), vendored.canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            };
            (dir, same)
        }
        None => (vendored, true),
    }
}

/// The model files to run and the expected tables they share (read once per case; a
/// table that cannot be read fails every model file of its case).
fn plan(cases_dir: &Path, cases: &[Case]) -> (Vec<Job>, Vec<Result<ExpectedTable, String>>) {
    let mut jobs = Vec::new();
    let mut tables = Vec::new();
    for case in cases.iter().filter(|c| c.format.contains("xmile") || c.format.contains("mdl")) {
        let dir = cases_dir.join(&case.id);
        let models: Vec<&String> = case.models.iter().filter(|m| is_model(m)).collect();
        if models.is_empty() {
            continue;
        }
        tables.push(read_expected(&dir.join(&case.expected)));
        for model in models {
            jobs.push(Job {
                rel: format!("{}/{model}", case.id),
                tier: case.tier.clone(),
                path: dir.join(model),
                expected: tables.len() - 1,
            });
        }
    }
    (jobs, tables)
}

/// A model file the engine reads: XMILE (`.xmile`, `.stmx`) or Vensim (`.mdl`, any case).
fn is_model(file: &str) -> bool {
    let ext = Path::new(file).extension().and_then(|e| e.to_str());
    ext.is_some_and(|e| ["xmile", "stmx", "mdl"].iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// A compared run, or why the model file could not be compared at all.
type Verdict = Result<Outcome, String>;

/// Runs every job on all cores, keeping the manifest order in the verdicts.
fn run_all(jobs: &[Job], tables: &[Result<ExpectedTable, String>]) -> Vec<Verdict> {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut verdicts: Vec<Option<Verdict>> = jobs.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.min(jobs.len()))
            .map(|_| {
                std::thread::Builder::new()
                    // Recursive descent over a long equation needs more than 2 MiB.
                    .stack_size(64 << 20)
                    .spawn_scoped(scope, || {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(job) = jobs.get(i) else { break done };
                            done.push((i, run_job(job, &tables[job.expected])));
                        }
                    })
                    .expect("spawn a conformance worker")
            })
            .collect();
        for handle in handles {
            for (i, verdict) in handle.join().expect("a worker catches panics") {
                verdicts[i] = Some(verdict);
            }
        }
    });
    verdicts.into_iter().map(|v| v.unwrap_or_else(|| Err("not run".into()))).collect()
}

/// Opens, runs and compares one model file. A panic in the engine is this file's
/// failure, not the end of the report.
fn run_job(job: &Job, table: &Result<ExpectedTable, String>) -> Verdict {
    let table = table.as_ref().map_err(|e| format!("expected output: {e}"))?;
    let run = || -> Verdict {
        let model = Model::open(&job.path).map_err(|e| format!("open: {}", one_line(&e)))?;
        let results = model.run(Backend::Vm, &[]).map_err(|e| format!("run: {}", one_line(&e)))?;
        Ok(compare_results(table, &results))
    };
    catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|payload| {
        let msg = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        Err(format!("panicked: {}", one_line(&msg)))
    })
}

/// The first line of a multi-line error (one line per diagnostic), with a count of the rest.
fn one_line(error: &dyn std::fmt::Display) -> String {
    let text = error.to_string();
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("(no message)").trim().to_owned();
    match lines.count() {
        0 => first,
        more => format!("{first} (+{more} more)"),
    }
}

fn print_tiers(jobs: &[Job], verdicts: &[Verdict]) {
    let mut by_tier: BTreeMap<(usize, &str), (usize, usize)> = BTreeMap::new();
    for (job, verdict) in jobs.iter().zip(verdicts) {
        let order = TIERS.iter().position(|t| *t == job.tier).unwrap_or(TIERS.len());
        let counts = by_tier.entry((order, &job.tier)).or_default();
        counts.1 += 1;
        if matches!(verdict, Ok(o) if o.passed()) {
            counts.0 += 1;
        }
    }
    for tier in TIERS {
        let order = TIERS.iter().position(|t| *t == tier).unwrap_or(TIERS.len());
        by_tier.entry((order, tier)).or_default();
    }
    println!("tier  passed/total");
    let (mut passed, mut total) = (0, 0);
    for ((_, tier), (p, t)) in &by_tier {
        println!("{tier:<5} {p}/{t}");
        passed += p;
        total += t;
    }
    println!("all   {passed}/{total}");
}

/// Lists newly passing files, and adds them to the list when asked to.
fn report_new(new: &[String], list: &PassingList, list_path: &Path) {
    if new.is_empty() {
        return;
    }
    println!("newly passing, not yet in {PASSING_LIST}:");
    for rel in new {
        println!("  {rel}");
    }
    if std::env::var("MILLRACE_UPDATE_PASSING").is_ok_and(|v| v == "1") {
        let mut list = list.clone();
        list.add(new.iter().cloned());
        match std::fs::write(list_path, list.render()) {
            Ok(()) => println!("added {} files to {PASSING_LIST}", new.len()),
            Err(e) => panic!("{}: {e}", list_path.display()),
        }
    } else {
        println!("hint: MILLRACE_UPDATE_PASSING=1 cargo test --test conformance adds them");
    }
}

/// Every listed file that did not pass, with its reason.
fn regressions(list: &PassingList, jobs: &[Job], verdicts: &[Verdict]) -> Vec<String> {
    let by_rel: BTreeMap<&str, &Verdict> = jobs.iter().zip(verdicts).map(|(j, v)| (j.rel.as_str(), v)).collect();
    list.paths()
        .filter_map(|rel| match by_rel.get(rel) {
            Some(Ok(o)) if o.passed() => None,
            Some(Ok(o)) => Some(format!("  {rel}: {o}")),
            Some(Err(reason)) => Some(format!("  {rel}: {reason}")),
            None => Some(format!("  {rel}: not a model file of the corpus manifest")),
        })
        .collect()
}

/// `millrace run --format tab` writes what Vensim's own `.tab` export holds: read back
/// by the same reader as the corpus's Vensim exports, it has the Vensim names and
/// matches the expected file; and it is the CSV's table, value for value.
#[test]
fn tab_output_reads_as_a_vensim_export() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/cases/mdl/subscript_2d_arrays");
    let model = dir.join("test_subscript_2d_arrays.mdl");
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_millrace"))
            .args(["run", "--format", format])
            .arg(&model)
            .output()
            .expect("millrace runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let tab = run("tab");
    let ours = support::expected::parse_expected(&tab, support::expected::Format::Tab).expect("our .tab parses");
    assert!(ours.columns.iter().any(|c| c.name == "Inflow A[Entry 1,Column 1]"), "Vensim's names, unquoted");
    assert!(String::from_utf8_lossy(&tab).starts_with("Time\t"));
    let names: Vec<String> =
        std::iter::once("time".to_owned()).chain(ours.columns.iter().map(|c| c.name.clone())).collect();
    let rows: Vec<Vec<f64>> = (0..ours.time.len())
        .map(|r| std::iter::once(ours.time[r]).chain(ours.columns.iter().map(|c| c.values[r].unwrap())).collect())
        .collect();
    let expected = read_expected(&dir.join("output.tab")).unwrap();
    let outcome = support::compare::compare(&expected, &names, &rows);
    assert!(outcome.passed(), "{outcome:?}");
    // The same bytes as the CSV but for the separator, the time column's name and quoting.
    let csv = String::from_utf8(run("csv")).unwrap();
    let tab = String::from_utf8(tab).unwrap();
    let (csv_head, csv_body) = csv.split_once('\n').unwrap();
    let (tab_head, tab_body) = tab.split_once('\n').unwrap();
    assert_eq!(tab_body, csv_body.replace(',', "\t"));
    assert_eq!(tab_head.split('\t').count(), names.len());
    assert!(csv_head.starts_with("time,\"Inflow A[Entry 1,Column 1]\""));
    // An unknown format is a usage error naming the two there are, before any run.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_millrace"))
        .args(["run", "--format", "xls"])
        .arg(&model)
        .output()
        .expect("millrace runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("csv or tab"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
}
