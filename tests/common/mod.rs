//! Helpers shared by the root package's integration tests.
#![allow(dead_code)]

use millrace::{Backend, Model, Results};

pub mod cli;
pub mod generate;
pub mod snapshot;

/// Whether two values are the same bits, any NaN matching any NaN (NaN payloads are not
/// part of the contract).
pub fn same_bits(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// An XMILE document with the given sim specs and `<variables>` body.
pub fn xmile(start: f64, stop: f64, dt: f64, variables: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><vendor>millrace tests</vendor><product version="1">tests</product></header>
<sim_specs><start>{start}</start><stop>{stop}</stop><dt>{dt}</dt></sim_specs>
<model><variables>
{variables}
</variables></model>
</xmile>"#
    )
}

/// `<aux name="NAME"><eqn>EQN</eqn></aux>` for each pair (equations are XML-escaped).
pub fn auxes(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(n, e)| format!("<aux name=\"{n}\"><eqn>{}</eqn></aux>\n", escape(e))).collect()
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

pub fn compile(text: &str) -> Model {
    Model::from_str(text, "test.xmile").unwrap_or_else(|e| panic!("model does not compile:\n{e}\n{text}"))
}

/// Runs the model on every backend; every backend's results must be the vm's, bit for
/// bit (NaNs as "both NaN"). Returns the vm's.
pub fn run(text: &str) -> Results {
    let model = compile(text);
    let vm = model.run(Backend::Vm, &[]).unwrap_or_else(|e| panic!("model does not run: {e}"));
    for backend in Backend::ALL.into_iter().filter(|&b| b != Backend::Vm) {
        let other = model.run(backend, &[]).unwrap_or_else(|e| panic!("model does not run on {}: {e}", backend.name()));
        assert_same(&vm, &other, backend.name());
    }
    vm
}

/// `b` (from `backend`) holds exactly `a`'s values.
#[track_caller]
pub fn assert_same(a: &Results, b: &Results, backend: &str) {
    assert_eq!(a.names, b.names, "{backend}: columns");
    assert_eq!(a.rows.len(), b.rows.len(), "{backend}: rows");
    for (r, (ra, rb)) in a.rows.iter().zip(&b.rows).enumerate() {
        for (c, (x, y)) in ra.iter().zip(rb).enumerate() {
            let same = x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
            assert!(same, "{backend} differs from the vm: `{}` at row {r}: {x:?} vs {y:?}", a.names[c]);
        }
    }
}

/// The saved series of `name` (canonical spelling or as written).
pub fn series(results: &Results, name: &str) -> Vec<f64> {
    results
        .column(&millrace::engine::canonical::canonical(name))
        .unwrap_or_else(|| panic!("no column `{name}` in {:?}", results.names))
}

/// The value of each auxiliary at the first saved step, for one-step models.
pub fn values_at_start(pairs: &[(&str, &str)]) -> Vec<f64> {
    let r = run(&xmile(0.0, 1.0, 1.0, &auxes(pairs)));
    pairs.iter().map(|(n, _)| series(&r, n)[0]).collect()
}

/// The value of one expression at the start time of a one-step model.
pub fn eval(expr: &str) -> f64 {
    values_at_start(&[("x", expr)])[0]
}

/// Whether the external tool `program` runs (`program arg` exits 0). When it does not,
/// prints "skipped: <why>" and returns false, so the calling test can return; with
/// `MILLRACE_REQUIRE_TOOLS=1` (CI) it fails instead, so a broken install never passes.
pub fn tool_available(program: &str, arg: &str) -> bool {
    let ok = std::process::Command::new(program)
        .arg(arg)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let why = format!("{program} missing (`{program} {arg}` did not run)");
        if std::env::var("MILLRACE_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
            panic!("MILLRACE_REQUIRE_TOOLS=1 but {why}");
        }
        report_skip(&why);
    }
    ok
}

/// Says that a test is passing without having run. Written to the process's stderr
/// directly, not with `println!`/`eprintln!`, which libtest captures and hides for a
/// passing test: this way the line shows in a developer's `cargo test` output.
pub fn report_skip(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "skipped: {why} (this test passed WITHOUT running)");
}

/// Every XMILE/Stella random function, with and without its seed argument.
pub const RANDOM_CALLS: &[(&str, &str)] = &[
    ("uniform", "RANDOM(2, 5)"),
    ("uniform_seeded", "RANDOM(2, 5, 11)"),
    ("normal", "NORMAL(10, 2)"),
    ("normal_seeded", "NORMAL(10, 2, 3)"),
    ("lognormal", "LOGNORMAL(0.5, 0.25)"),
    ("poisson", "POISSON(4)"),
    ("poisson_large", "POISSON(250)"),
    ("exprnd", "EXPRND(3)"),
    ("beta", "BETA(2, 3)"),
    ("binomial", "BINOMIAL(20, 0.3)"),
    ("binomial_large", "BINOMIAL(5000, 0.7)"),
    ("gamma", "GAMMA(2.5, 1.5)"),
    ("gamma_small", "GAMMA(0.4, 1)"),
    ("geometric", "GEOMETRIC(0.25)"),
    ("logistic", "LOGISTIC(1, 2)"),
    ("negbinomial", "NEGBINOMIAL(3, 0.4)"),
    ("pareto", "PARETO(3, 2)"),
    ("triangular", "TRIANGULAR(0, 1, 4)"),
    ("weibull", "WEIBULL(1.5, 2)"),
    ("same_args", "NORMAL(10, 2)"),
];
