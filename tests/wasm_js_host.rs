//! The blob under a JavaScript host: Node runs `docs/millrace-host.mjs` (the very module
//! the example page uses) with the imports bound to `Math.*`. Models without
//! transcendentals must give the vm's bits exactly; WORLD3 (which calls LN and `^`) must
//! agree within 1e-9 relative, since a JavaScript libm may differ in the last bit.
//! Skipped when `node` is missing (a failure under MILLRACE_REQUIRE_TOOLS=1).

mod common;

use std::path::Path;
use std::process::Command;

use millrace::{Backend, Model};
use tempfile::TempDir;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Writes the blob and listing of `model` into `dir` and runs them under Node with the
/// given overrides; returns the host's table (header, then one line per saved row).
fn run_in_node(dir: &Path, name: &str, model: &Model, overrides: &[(&str, f64)]) -> Vec<Vec<String>> {
    let blob = model.wasm_blob().unwrap();
    std::fs::write(dir.join(format!("{name}.wasm")), blob.bytes()).unwrap();
    std::fs::write(dir.join(format!("{name}.listing.json")), blob.listing()).unwrap();
    let host = Path::new(ROOT).join("docs/millrace-host.mjs");
    let sets: String = overrides.iter().map(|(n, v)| format!("sim.setValue({n:?}, {v:?});\n")).collect();
    let script = format!(
        r#"import {{ readFileSync }} from "node:fs";
import {{ Simulation }} from {host:?};
const listing = JSON.parse(readFileSync({listing:?}, "utf8"));
const sim = await Simulation.load(readFileSync({wasm:?}), listing);
{sets}sim.runToEnd();
process.stdout.write(sim.table());
"#,
        host = format!("file://{}", host.display()),
        listing = dir.join(format!("{name}.listing.json")).display().to_string(),
        wasm = dir.join(format!("{name}.wasm")).display().to_string(),
    );
    let script_path = dir.join(format!("{name}.mjs"));
    std::fs::write(&script_path, script).unwrap();
    let out = Command::new("node").arg(&script_path).output().expect("node runs");
    assert!(out.status.success(), "node on {name}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

/// Compares the Node table with the vm's results; `rel` 0 means bit for bit.
/// Returns (values compared, values not bit-identical).
fn compare(name: &str, model: &Model, overrides: &[(&str, f64)], table: &[Vec<String>], rel: f64) -> (usize, usize) {
    let owned: Vec<(String, f64)> = overrides.iter().map(|(n, v)| (n.to_string(), *v)).collect();
    let vm = model.run(Backend::Vm, &owned).unwrap();
    assert_eq!(table[0], vm.names, "{name}: columns");
    assert_eq!(table.len() - 1, vm.rows.len(), "{name}: rows");
    let (mut n, mut inexact) = (0, 0);
    for (r, (line, row)) in table[1..].iter().zip(&vm.rows).enumerate() {
        for (c, (text, &want)) in line.iter().zip(row).enumerate() {
            let got: f64 = text.parse().unwrap_or_else(|_| panic!("{name}: `{text}` is not a number"));
            n += 1;
            if got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()) {
                continue;
            }
            inexact += 1;
            let close = (got - want).abs() <= rel * got.abs().max(want.abs());
            assert!(close, "{name}: `{}` at row {r}: node {got:?}, vm {want:?}", vm.names[c]);
        }
    }
    (n, inexact)
}

/// A model to run under Node: its name, the model and its overrides.
type Case = (&'static str, Model, Vec<(&'static str, f64)>);

/// A fresh temporary directory, removed when dropped (also when the test panics).
fn temp_dir() -> TempDir {
    tempfile::Builder::new().prefix("millrace-js-host-").tempdir().unwrap()
}

#[test]
fn node_runs_blobs_with_the_vms_results() {
    if !common::tool_available("node", "--version") {
        return;
    }
    let dir = temp_dir();
    let delays = common::xmile(
        0.0,
        12.0,
        0.25,
        r#"<stock name="level"><eqn>10</eqn><inflow>fill</inflow></stock>
<flow name="fill"><eqn>rate * (1 + STEP(1, 2)) - level * 0.05 + (level MOD 3)</eqn></flow>
<aux name="rate"><eqn>0.5</eqn></aux>
<aux name="smooth"><eqn>SMTH3(level, 2)</eqn></aux>
<aux name="late"><eqn>DELAY(level, 1.5)</eqn></aux>
<aux name="fixed"><eqn>DELAY_FIXED(level, 3, 0)</eqn></aux>
<aux name="before"><eqn>PREVIOUS(level, -1)</eqn></aux>
<aux name="g"><eqn>level</eqn><gf><xscale min="0" max="40"/><ypts>0,0.5,2,2.5,3</ypts></gf></aux>
<aux name="cond"><eqn>IF level = 10 OR late > 12 THEN MIN(g, 1) ELSE ROUND(smooth) + SAFEDIV(1, late - 10)</eqn></aux>"#,
    );
    let uniform = common::xmile(
        0.0,
        10.0,
        0.5,
        r#"<aux name="hi"><eqn>5</eqn></aux>
<aux name="u"><eqn>RANDOM(2, hi)</eqn></aux>
<aux name="v"><eqn>RANDOM(0, 1, 7) + RANDOM(0, 1)</eqn></aux>
<stock name="walk"><eqn>RANDOM(0, 1)</eqn><inflow>step</inflow></stock>
<flow name="step"><eqn>RANDOM(-1, 1)</eqn></flow>"#,
    );
    let cases: Vec<Case> = vec![
        ("teacup", Model::open(&Path::new(ROOT).join("examples/teacup.xmile")).unwrap(), vec![]),
        (
            "two_instances",
            Model::open(&Path::new(ROOT).join("examples/two_instances.xmile")).unwrap(),
            vec![("sub0.k", 100.0), ("sub1.k", 200.0)],
        ),
        ("delays", common::compile(&delays), vec![("rate", 0.75)]),
        // Uniform draws are the generator's integers and IEEE arithmetic only: exact.
        ("uniform", common::compile(&uniform), vec![("hi", 9.0)]),
    ];
    for (name, model, overrides) in &cases {
        let table = run_in_node(dir.path(), name, model, overrides);
        let (n, inexact) = compare(name, model, overrides, &table, 0.0);
        assert_eq!(inexact, 0, "{name}: bit for bit without transcendentals");
        println!("{name}: {n} values, all bit-identical under Node");
    }
    let two = &table_of(dir.path(), &cases[1]);
    let out0 = two[0].iter().position(|c| c == "sub0.out").unwrap();
    assert_eq!(two[1][out0], "107");
}

fn table_of(dir: &Path, case: &Case) -> Vec<Vec<String>> {
    run_in_node(dir, case.0, &case.1, &case.2)
}

#[test]
fn node_runs_world3_within_a_last_bit_tolerance() {
    if !common::tool_available("node", "--version") {
        return;
    }
    let dir = temp_dir();
    let model = Model::open(&Path::new(ROOT).join("tests/models/world3/world3.xmile")).unwrap();
    let table = run_in_node(dir.path(), "world3", &model, &[]);
    let (n, inexact) = compare("world3", &model, &[], &table, 1e-9);
    println!("WORLD3 under Node (Math.* transcendentals): {n} values, {inexact} not bit-identical to the vm");
}

#[test]
fn node_draws_every_random_function_within_a_last_bit_tolerance() {
    if !common::tool_available("node", "--version") {
        return;
    }
    let dir = temp_dir();
    let calls = common::RANDOM_CALLS;
    let model = common::compile(&common::xmile(0.0, 50.0, 0.5, &common::auxes(calls)));
    let table = run_in_node(dir.path(), "random", &model, &[]);
    let (n, inexact) = compare("random", &model, &[], &table, 1e-9);
    println!("random functions under Node (Math.* transforms): {n} values, {inexact} not bit-identical to the vm");
    let text = "{UTF-8}\nn = RANDOM NORMAL(-1, 2, 0, 1, 0) ~~|\ne = RANDOM EXPONENTIAL(0, 50, 5, 2, 0) ~~|\n\
        b = RANDOM BINOMIAL(0, 20, 0.3, 20, 0, 1, 3) ~~|\nl = RANDOM LOGNORMAL(0, 100, 2, 1, 0) ~~|\n\
        u = RANDOM UNIFORM(0, 1, 0) ~~|\n\
        INITIAL TIME = 0 ~~|\nFINAL TIME = 20 ~~|\nTIME STEP = 0.5 ~~|\nSAVEPER = 0.5 ~~|\n";
    let vensim = Model::from_str(text, "random.mdl").unwrap();
    let table = run_in_node(dir.path(), "random_mdl", &vensim, &[]);
    let (n, inexact) = compare("random_mdl", &vensim, &[], &table, 1e-9);
    println!("Vensim random functions under Node: {n} values, {inexact} not bit-identical to the vm");
}
