//! Running one scenario on every backend and comparing what each observes after each
//! operation: every slot's live value and the saved-row count; then the CSV each writes,
//! byte for byte, and every slot's series. Values compare as bits; NaNs as "both NaN".

use millrace::{Backend, Model, Simulation};

use super::scenario::Scenario;
use crate::common::same_bits;

/// What a backend shows after one operation.
struct Seen {
    outcome: Result<(), String>,
    saved_rows: usize,
    live: Vec<f64>,
}

fn look(sim: &dyn Simulation, outcome: Result<(), String>) -> Seen {
    let n = sim.program().layout.n_slots;
    let live = (0..n).map(|s| sim.get_value(s).unwrap_or(f64::NAN)).collect();
    Seen { outcome, saved_rows: sim.saved_rows(), live }
}

/// Runs `scenario` of `model` on every backend. Returns the number of values compared,
/// or the first difference: the operation, the slot and its variable, the step or row,
/// and every backend's value.
pub fn check(model: &Model, scenario: &Scenario) -> Result<usize, String> {
    let program = model.program();
    let name_of = |slot: usize| program.layout.var_at(slot as u32).map_or(format!("slot {slot}"), |v| v.name.clone());
    let mut sims: Vec<(Backend, Box<dyn Simulation + Send>)> = Vec::new();
    for backend in Backend::ALL {
        sims.push((backend, model.simulation(backend).map_err(|e| format!("{}: {e}", backend.name()))?));
    }
    let mut compared = 0;
    for (k, op) in scenario.ops.iter().enumerate() {
        let seen: Vec<Seen> = sims
            .iter_mut()
            .map(|(_, sim)| {
                let outcome = op.apply(&mut **sim);
                look(&**sim, outcome)
            })
            .collect();
        let all = |f: &dyn Fn(&Seen) -> String| {
            sims.iter().zip(&seen).map(|((b, _), s)| format!("{} {}", b.name(), f(s))).collect::<Vec<_>>().join(", ")
        };
        let vm = &seen[0];
        for other in &seen[1..] {
            if vm.outcome != other.outcome || vm.saved_rows != other.saved_rows {
                return Err(format!(
                    "after op {k} ({op:?}): outcomes {} / saved rows {}",
                    all(&|s| format!("{:?}", s.outcome)),
                    all(&|s| s.saved_rows.to_string())
                ));
            }
            if let Some(slot) = (0..vm.live.len()).find(|&i| !same_bits(vm.live[i], other.live[i])) {
                return Err(format!(
                    "after op {k} ({op:?}): live `{}` (slot {slot}): {}",
                    name_of(slot),
                    all(&|s| format!("{:?}", s.live[slot]))
                ));
            }
            compared += vm.live.len();
        }
    }
    let csv = |sim: &dyn Simulation| {
        let mut out = Vec::new();
        sim.results().write_csv(&mut out).map(|()| out).map_err(|e| e.to_string())
    };
    let vm_csv = csv(&*sims[0].1)?;
    for (backend, sim) in &sims[1..] {
        if csv(&**sim)? != vm_csv {
            return Err(format!("{} writes another CSV than the vm", backend.name()));
        }
    }
    let n = program.layout.n_slots;
    for slot in 0..n {
        let series: Vec<Vec<f64>> = sims.iter().map(|(_, s)| s.series(slot).unwrap_or_default()).collect();
        for other in &series[1..] {
            if let Some(row) = (0..series[0].len()).find(|&r| !same_bits(series[0][r], other[r])) {
                let values: Vec<String> =
                    sims.iter().zip(&series).map(|((b, _), s)| format!("{} {:?}", b.name(), s[row])).collect();
                return Err(format!(
                    "series `{}` (slot {slot}) at saved row {row}: {}",
                    name_of(slot as usize),
                    values.join(", ")
                ));
            }
            compared += other.len();
        }
    }
    Ok(compared)
}
