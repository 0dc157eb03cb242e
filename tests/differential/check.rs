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
use crate::common::same_bits;

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

struct Observation {
    outcome: String,
    rows: usize,
    live: Vec<f64>,
}

/// Compiles `xmile` and checks `actions` (or the scenario `resolve` gives for it).
pub fn check_text(xmile: &str, resolve: impl FnOnce(&Program) -> Vec<Action>) -> Result<(), Failure> {
    let model = Model::from_str(xmile, "generated.xmile").map_err(|e| fail(Kind::GeneratorBug, e.to_string()))?;
    let program = model.program().clone();
    let actions = resolve(&program);
    let mut traces = Vec::new();
    for backend in Backend::ALL {
        let sim = model
            .simulation(backend)
            .map_err(|e| fail(Kind::Refused, format!("{} cannot run the model: {e}", backend.name())))?;
        traces.push(trace(sim, &actions));
    }
    compare(&program, &actions, &traces)
}

fn trace(mut sim: Box<dyn Simulation + Send>, actions: &[Action]) -> Trace {
    let mut steps = vec![observe(&*sim, "ok".into())];
    for action in actions {
        let result = match *action {
            Action::RunToEnd => sim.run_to_end(),
            Action::RunTo(t) => sim.run_to(t),
            Action::Set(slot, v) => sim.set_value(slot, v),
            Action::Reset => sim.reset(),
            Action::ClearValues => sim.clear_values(),
        };
        let outcome = match result {
            Ok(()) => "ok".to_owned(),
            Err(e) => format!("error {e:?}: {e}"),
        };
        steps.push(observe(&*sim, outcome));
    }
    let n = sim.program().layout.n_slots;
    let series = (0..n).map(|s| sim.series(s).expect("series of a slot in range")).collect();
    let probes = vec![format!("{:?}", sim.get_value(n)), format!("{:?}", sim.series(n))];
    Trace { steps, series, probes }
}

fn observe(sim: &dyn Simulation, outcome: String) -> Observation {
    let n = sim.program().layout.n_slots;
    let live = (0..n).map(|s| sim.get_value(s).expect("live value of a slot in range")).collect();
    Observation { outcome, rows: sim.saved_rows(), live }
}

fn show(v: f64) -> String {
    format!("{v:?} [{:#018x}]", v.to_bits())
}

/// The first difference between the vm's trace (`traces[0]`) and the others'.
fn compare(program: &Program, actions: &[Action], traces: &[Trace]) -> Result<(), Failure> {
    let names: Vec<&str> = Backend::ALL.iter().map(|b| b.name()).collect();
    let three = |f: &dyn Fn(&Trace) -> String| -> String {
        names.iter().zip(traces).map(|(n, t)| format!("{n} {}", f(t))).collect::<Vec<_>>().join(", ")
    };
    let (vm, others) = traces.split_first().expect("the vm's trace");
    for (i, step) in vm.steps.iter().enumerate() {
        let at = match i {
            0 => "on the fresh simulation".to_owned(),
            _ => format!("after operation {} `{}`", i - 1, Named(&actions[i - 1], program)),
        };
        if others.iter().any(|o| o.steps[i].outcome != step.outcome) {
            let outcomes = three(&|t| format!("`{}`", t.steps[i].outcome));
            return Err(fail(Kind::Divergence, format!("{at}: outcomes differ: {outcomes}")));
        }
        if others.iter().any(|o| o.steps[i].rows != step.rows) {
            let rows = three(&|t| t.steps[i].rows.to_string());
            return Err(fail(Kind::Divergence, format!("{at}: saved_rows differ: {rows}")));
        }
        for (slot, &v) in step.live.iter().enumerate() {
            if others.iter().any(|o| !same_bits(o.steps[i].live[slot], v)) {
                let name = slot_name(program, slot as u32);
                let values = three(&|t| show(t.steps[i].live[slot]));
                return Err(fail(Kind::Divergence, format!("{at}: live slot {slot} `{name}`: {values}")));
            }
        }
    }
    for (slot, series) in vm.series.iter().enumerate() {
        if others.iter().any(|o| o.series[slot].len() != series.len()) {
            let name = slot_name(program, slot as u32);
            let lengths = three(&|t| t.series[slot].len().to_string());
            return Err(fail(
                Kind::Divergence,
                format!("at the end: series of slot {slot} `{name}` lengths: {lengths}"),
            ));
        }
        for (row, &v) in series.iter().enumerate() {
            if others.iter().any(|o| !same_bits(o.series[slot][row], v)) {
                let name = slot_name(program, slot as u32);
                let values = three(&|t| show(t.series[slot][row]));
                return Err(fail(
                    Kind::Divergence,
                    format!("at the end: series of slot {slot} `{name}`, row {row}: {values}"),
                ));
            }
        }
    }
    if others.iter().any(|o| o.probes != vm.probes) {
        let probes = three(&|t| format!("{:?}", t.probes));
        return Err(fail(Kind::Divergence, format!("out-of-range reads differ: {probes}")));
    }
    Ok(())
}
