//! Running one scenario on every backend and comparing what each observes after each
//! operation (`crate::observation`: the outcome, the saved-row count, every slot's live
//! value); then the CSV each writes, byte for byte, and every slot's series. The vm is
//! the oracle (`observation::ORACLE`): each other backend is compared with what it shows.

use millrace::{Backend, Model, Simulation};

use super::observation::{
    ORACLE, Observation, all_series, first_difference, first_series_difference, observe, oracle_then_others,
};
use super::scenario::Scenario;

/// Runs `scenario` of `model` on every backend. Returns the number of values compared,
/// or the first difference: the operation, the slot and its variable, the step or row,
/// and every backend's value.
pub fn check(model: &Model, scenario: &Scenario) -> Result<usize, String> {
    let program = model.program();
    let name_of = |slot: usize| program.layout.var_at(slot as u32).map_or(format!("slot {slot}"), |v| v.name.clone());
    let mut sims: Vec<(Backend, Box<dyn Simulation + Send>)> = Vec::new();
    for backend in oracle_then_others() {
        sims.push((backend, model.simulation(backend).map_err(|e| format!("{}: {e}", backend.name()))?));
    }
    let mut compared = 0;
    for (k, op) in scenario.ops.iter().enumerate() {
        let seen: Vec<Observation> = sims
            .iter_mut()
            .map(|(_, sim)| {
                let outcome = op.apply(&mut **sim);
                observe(&**sim, outcome)
            })
            .collect();
        let named: Vec<(&str, &Observation)> = sims.iter().zip(&seen).map(|((b, _), o)| (b.name(), o)).collect();
        if let Some(d) = first_difference(&named, &name_of) {
            return Err(format!("after op {k} ({op:?}): {d}"));
        }
        compared += seen.iter().skip(1).map(|o| o.live.len()).sum::<usize>();
    }
    let csv = |sim: &dyn Simulation| {
        let mut out = Vec::new();
        sim.results().write_csv(&mut out).map(|()| out).map_err(|e| e.to_string())
    };
    let oracle_csv = csv(&*sims[0].1)?;
    for (backend, sim) in &sims[1..] {
        if csv(&**sim)? != oracle_csv {
            return Err(format!("{} writes another CSV than the oracle, {}", backend.name(), ORACLE.name()));
        }
    }
    let series: Vec<Vec<Vec<f64>>> = sims.iter().map(|(_, sim)| all_series(&**sim)).collect();
    let named: Vec<(&str, &[Vec<f64>])> =
        sims.iter().zip(&series).map(|((b, _), s)| (b.name(), s.as_slice())).collect();
    if let Some(d) = first_series_difference(&named, &name_of) {
        return Err(d);
    }
    compared += series.iter().skip(1).flatten().map(Vec::len).sum::<usize>();
    Ok(compared)
}
