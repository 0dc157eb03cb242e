//! The differential check behind the `backends` target: a model that compiles runs on
//! the vm, on wasm (wasmtime) and on the jit, and every backend must show what the vm
//! shows, bit for bit.
//!
//! The operations, chosen to reach every part of the live-state contract in a few
//! calls: the fresh simulation, `run_to` half-way, a `set_value` of the first
//! overridable constant, `run_to_end`, then `reset`. After each: the outcome (`ok` or
//! the error's text), `saved_rows` and every slot's live value; at the end of the run,
//! every slot's saved series. NaNs compare equal whatever their sign and payload: those
//! are not part of the contract (docs/semantics.md), every other bit is.

use std::sync::Arc;

use millrace_engine::datamodel::SimSpecs;
use millrace_engine::{Program, Simulation};

/// Steps a fuzzed run is cut to: enough to reach delays, smoothing and saving, few
/// enough that compiling, not running, takes the time.
pub const MAX_STEPS: f64 = 200.0;

/// Reads and compiles `text` (XMILE, or Vensim when it starts `{UTF-8}`) with its run
/// cut to [`MAX_STEPS`]; `None` when it does not compile, which is not a failure here
/// (the reader targets look at errors).
pub fn compile(text: &str) -> Option<Arc<Program>> {
    let mut project = millrace_engine::read_str(text, "fuzz").ok()?;
    cut_run(&mut project.sim_specs);
    // As `millrace_engine::compile_str` does, but with the specs changed between
    // reading and compiling.
    let mut warnings = project.warnings.clone();
    let compiled = millrace_engine::deep::on_deep_stack(|| millrace_engine::compile::compile(&project, &mut warnings));
    compiled.ok().map(Arc::new)
}

/// Moves `stop` in so that the run has at most [`MAX_STEPS`] steps. Specs the compiler
/// refuses (not finite, `dt <= 0`, `stop < start`) are left for it to refuse.
fn cut_run(specs: &mut SimSpecs) {
    let steps = (specs.stop - specs.start) / specs.dt;
    let valid = specs.start.is_finite() && specs.stop.is_finite() && specs.dt > 0.0 && specs.dt.is_finite();
    if valid && steps > MAX_STEPS {
        specs.stop = specs.start + MAX_STEPS * specs.dt;
    }
}

/// What one backend shows after one operation. Values are kept as bits, every NaN as
/// one bit pattern.
#[derive(Debug, PartialEq)]
struct Seen {
    outcome: String,
    saved_rows: usize,
    live: Vec<u64>,
}

fn bits(v: f64) -> u64 {
    if v.is_nan() { f64::NAN.to_bits() } else { v.to_bits() }
}

fn observe(sim: &dyn Simulation, outcome: Result<(), millrace_engine::SimError>) -> Seen {
    let n = sim.program().layout.n_slots;
    let live = (0..n).map(|s| bits(sim.get_value(s).expect("every slot below n_slots can be read"))).collect();
    Seen { outcome: outcome.map_or_else(|e| e.to_string(), |()| "ok".into()), saved_rows: sim.saved_rows(), live }
}

fn series(sim: &dyn Simulation) -> Vec<Vec<u64>> {
    let n = sim.program().layout.n_slots;
    (0..n)
        .map(|s| sim.series(s).expect("every slot below n_slots has a series").into_iter().map(bits).collect())
        .collect()
}

/// Every observation of one backend, in order.
fn trace(mut sim: Box<dyn Simulation + Send>) -> (Vec<Seen>, Vec<Vec<u64>>) {
    let specs = sim.program().specs;
    let overridable = sim.program().layout.overridable.iter().position(|&o| o);
    let mut seen = vec![observe(&*sim, Ok(()))];
    let result = sim.run_to(specs.start + (specs.stop - specs.start) / 2.0);
    seen.push(observe(&*sim, result));
    if let Some(slot) = overridable {
        let result = sim.set_value(slot as u32, 2.5);
        seen.push(observe(&*sim, result));
    }
    let result = sim.run_to_end();
    seen.push(observe(&*sim, result));
    let saved = series(&*sim);
    let result = sim.reset();
    seen.push(observe(&*sim, result));
    (seen, saved)
}

/// Runs `program` on every backend; panics (a crash, for libFuzzer) with the first
/// difference from the vm, or when a backend refuses a program the compiler produced.
pub fn check(program: Arc<Program>) {
    let vm = millrace_vm::Vm::new(program.clone()).unwrap_or_else(|e| panic!("the vm refuses the program: {e}"));
    let wasm =
        millrace_wasmgen::WasmModule::new(program.clone()).unwrap_or_else(|e| panic!("wasm refuses the program: {e}"));
    let jit =
        millrace_jit::Jit::compile(program.clone()).unwrap_or_else(|e| panic!("the jit refuses the program: {e}"));
    let wasm_sim = wasm.instantiate().unwrap_or_else(|e| panic!("wasm cannot instantiate the program: {e}"));
    let (vm_seen, vm_series) = trace(Box::new(vm.instantiate()));
    for (name, sim) in
        [("wasm", Box::new(wasm_sim) as Box<dyn Simulation + Send>), ("jit", Box::new(jit.instantiate()))]
    {
        let (seen, saved) = trace(sim);
        for (step, (vm, other)) in vm_seen.iter().zip(&seen).enumerate() {
            assert_eq!(vm.outcome, other.outcome, "operation {step}: vm and {name} outcomes differ");
            assert_eq!(vm.saved_rows, other.saved_rows, "operation {step}: vm and {name} saved_rows differ");
            if let Some(slot) = (0..vm.live.len()).find(|&s| vm.live[s] != other.live[s]) {
                panic!(
                    "operation {step}: live slot {slot} `{}`: vm {:#018x}, {name} {:#018x}",
                    slot_name(&program, slot),
                    vm.live[slot],
                    other.live[slot]
                );
            }
        }
        for (slot, (vm, other)) in vm_series.iter().zip(&saved).enumerate() {
            assert_eq!(vm.len(), other.len(), "series of slot {slot}: vm and {name} lengths differ");
            if let Some(row) = (0..vm.len()).find(|&r| vm[r] != other[r]) {
                panic!(
                    "series of slot {slot} `{}`, row {row}: vm {:#018x}, {name} {:#018x}",
                    slot_name(&program, slot),
                    vm[row],
                    other[row]
                );
            }
        }
    }
}

/// The name a slot shows in a failure (internal slots have none).
fn slot_name(program: &Program, slot: usize) -> String {
    program.layout.var_at(slot as u32).map_or_else(|| "(internal)".into(), |v| v.name.clone())
}
