//! Rough timings of the wasm backend on WORLD3 (ignored by default; run in release):
//! `cargo test --release --test wasm_timing -- --ignored --nocapture`.
//! Prints the lowering time, the wasmtime compile time and the per-run time of both
//! backends. Numbers only: nothing is asserted about them.

use std::path::Path;
use std::time::Instant;

use millrace::{Backend, Model};

#[test]
#[ignore = "a timing report, not a test; run in release with --ignored --nocapture"]
fn world3_timings() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/models/world3/world3.xmile");
    let t = Instant::now();
    let model = Model::open(&path).unwrap();
    let parse = t.elapsed();
    let t = Instant::now();
    let blob = model.wasm_blob().unwrap();
    let lower = t.elapsed();
    let reps = 10;
    let t = Instant::now();
    for _ in 0..reps {
        millrace::wasmgen::WasmModule::from_blob(model.program().clone(), &blob).unwrap();
    }
    let compile = t.elapsed() / reps;
    println!(
        "WORLD3: parse+compile {parse:?}; lower to wasm {lower:?} ({} bytes); wasmtime compile {compile:?}",
        blob.bytes().len()
    );
    for backend in [Backend::Vm, Backend::Wasm] {
        let mut sim = model.simulation(backend).unwrap();
        let runs = 200;
        let t = Instant::now();
        for _ in 0..runs {
            sim.reset().unwrap();
            sim.run_to_end().unwrap();
        }
        println!("{}: {:?} per run ({} steps)", backend.name(), t.elapsed() / runs, model.program().specs.n_steps);
    }
}
