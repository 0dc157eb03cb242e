//! Compiled code is immutable and shared across threads; each simulation instance owns
//! its memory. Many threads running one `Jit` with different overrides must each get
//! what a lone run with the same override gets.

use std::path::Path;
use std::sync::Arc;

use millrace_engine::Simulation;
use millrace_jit::Jit;

#[test]
fn one_compiled_program_runs_on_many_threads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/models/world3/world3.xmile");
    let program = Arc::new(millrace_engine::compile_file(&path).unwrap().program);
    let jit = Jit::compile(program).unwrap();
    let run = |jit: &Jit, k: f64| {
        let mut sim = jit.instantiate();
        sim.set_by_name("industrial_capital_output_ratio_1", 3.0 + k / 10.0).unwrap();
        sim.run_to_end().unwrap();
        sim.series_by_name("population").unwrap()
    };
    let alone: Vec<Vec<f64>> = (0..8).map(|k| run(&jit, k as f64)).collect();
    let threaded: Vec<Vec<f64>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|k| {
                let jit = jit.clone();
                s.spawn(move || run(&jit, k as f64))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(alone, threaded);
    assert_ne!(alone[0], alone[7], "the overrides change the run");
}
