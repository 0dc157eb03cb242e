//! Runs one model and one scenario on every backend and finds the first difference.
//!
//! What is compared, after every operation (and once before the first): the
//! operation's outcome (`Ok`, or the error's text), `saved_rows`, and the live value of
//! every slot; at the end, every slot's saved series and the errors of out-of-range
//! reads. Values must have the same bits; NaNs only need to be NaN on both sides (their
//! sign and payload are not part of the contract, docs/semantics.md).

use std::fmt;

use millrace::{Backend, Model, Program, Simulation};

use super::scenario::{Action, Named, slot_name};
use crate::observation::{
    Observation, all_series, first_difference, first_series_difference, observe, oracle_then_others,
};

/// Why a case failed. Shrinking keeps the kind: a model shrunk from a divergence must
/// still diverge, not merely fail to compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The generated model does not compile: the generator broke its own rules.
    GeneratorBug,
    /// A backend refused a model the vm runs (a lowering error).
    Refused,
    /// A backend observed something the vm did not.
    Divergence,
    /// Something panicked.
    Panic,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::GeneratorBug => "GENERATOR BUG (the generated model does not compile)",
            Kind::Refused => "a backend refused the model",
            Kind::Divergence => "DIVERGENCE",
            Kind::Panic => "PANIC",
        })
    }
}

#[derive(Debug, Clone)]
pub struct Failure {
    pub kind: Kind,
    pub message: String,
}

fn fail(kind: Kind, message: String) -> Failure {
    Failure { kind, message }
}

/// What one backend observed.
struct Trace {
    /// One per operation, plus the fresh simulation first.
    steps: Vec<Observation>,
    series: Vec<Vec<f64>>,
    /// The errors of reading one slot past the end (`get_value`, `series`).
    probes: Vec<String>,
}

/// Compiles `xmile` and checks `actions` (or the scenario `resolve` gives for it).
pub fn check_text(xmile: &str, resolve: impl FnOnce(&Program) -> Vec<Action>) -> Result<(), Failure> {
    let model = Model::from_str(xmile, "generated.xmile").map_err(|e| fail(Kind::GeneratorBug, e.to_string()))?;
    let program = model.program().clone();
    let actions = resolve(&program);
    let mut traces = Vec::new();
    for backend in oracle_then_others() {
        let sim = model
            .simulation(backend)
            .map_err(|e| fail(Kind::Refused, format!("{} cannot run the model: {e}", backend.name())))?;
        traces.push(trace(sim, &actions));
    }
    // The same program computing its hoisted flows every step (`Program::unhoisted`):
    // hoisting must not change a bit either.
    let unhoisted = Model::from_program(program.unhoisted());
    let sim = unhoisted
        .simulation(Backend::Vm)
        .map_err(|e| fail(Kind::Refused, format!("the vm cannot run the unhoisted model: {e}")))?;
    traces.push(trace(sim, &actions));
    compare(&program, &actions, &traces)
}

/// What [`compare`] calls each trace: the backends', then the unhoisted vm's.
fn trace_names() -> Vec<&'static str> {
    oracle_then_others().iter().map(|b| b.name()).chain(["vm (unhoisted)"]).collect()
}

fn trace(mut sim: Box<dyn Simulation + Send>, actions: &[Action]) -> Trace {
    let mut steps = vec![observe(&*sim, Ok(()))];
    for action in actions {
        let result = match *action {
            Action::RunToEnd => sim.run_to_end(),
            Action::RunTo(t) => sim.run_to(t),
            Action::Set(slot, v) => sim.set_value(slot, v),
            Action::Reset => sim.reset(),
            Action::ClearValues => sim.clear_values(),
        };
        steps.push(observe(&*sim, result.map_err(|e| format!("error {e:?}: {e}"))));
    }
    let n = sim.program().layout.n_slots;
    let probes = vec![format!("{:?}", sim.get_value(n)), format!("{:?}", sim.series(n))];
    Trace { steps, series: all_series(&*sim), probes }
}

/// The first difference between the oracle's trace (the vm's, `traces[0]`) and the
/// others'.
fn compare(program: &Program, actions: &[Action], traces: &[Trace]) -> Result<(), Failure> {
    let names = trace_names();
    let name_of = |slot: usize| slot_name(program, slot as u32);
    for i in 0..traces[0].steps.len() {
        let seen: Vec<(&str, &Observation)> = names.iter().zip(traces).map(|(n, t)| (*n, &t.steps[i])).collect();
        if let Some(d) = first_difference(&seen, &name_of) {
            let at = match i {
                0 => "on the fresh simulation".to_owned(),
                _ => format!("after operation {} `{}`", i - 1, Named(&actions[i - 1], program)),
            };
            return Err(fail(Kind::Divergence, format!("{at}: {d}")));
        }
    }
    let series: Vec<(&str, &[Vec<f64>])> = names.iter().zip(traces).map(|(n, t)| (*n, t.series.as_slice())).collect();
    if let Some(d) = first_series_difference(&series, &name_of) {
        return Err(fail(Kind::Divergence, format!("at the end: {d}")));
    }
    if traces[1..].iter().any(|o| o.probes != traces[0].probes) {
        let probes = names.iter().zip(traces).map(|(n, t)| format!("{n} {:?}", t.probes)).collect::<Vec<_>>();
        return Err(fail(Kind::Divergence, format!("out-of-range reads differ: {}", probes.join(", "))));
    }
    Ok(())
}
