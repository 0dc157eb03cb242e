//! What a host sees of a simulation, observed on every backend and compared with what
//! the vm shows: the core shared by the parity matrix (`tests/matrix/`) and the
//! differential test (`tests/differential/`), which include this file. Values compare
//! as bits, any NaN matching any NaN (`common::same_bits`).

use millrace::{Backend, Simulation};

use crate::common::same_bits;

/// The oracle: the backend whose observations are the reference every other backend is
/// compared with (the vm, a plain interpreter of `numerics`).
pub const ORACLE: Backend = Backend::Vm;

/// The backends in the order the comparisons take them: the oracle first (the
/// functions below compare every later entry with the first), then every other
/// backend of `Backend::ALL`.
pub fn oracle_then_others() -> Vec<Backend> {
    std::iter::once(ORACLE).chain(Backend::ALL.into_iter().filter(|&b| b != ORACLE)).collect()
}

/// What one backend shows after one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// `ok`, or the operation's error.
    pub outcome: String,
    pub saved_rows: usize,
    /// Every slot's live value.
    pub live: Vec<f64>,
}

/// What `sim` shows now, after an operation whose result was `outcome`.
pub fn observe(sim: &dyn Simulation, outcome: Result<(), String>) -> Observation {
    let n = sim.program().layout.n_slots;
    let live = (0..n).map(|s| sim.get_value(s).expect("the live value of a slot in range")).collect();
    Observation { outcome: outcome.err().unwrap_or_else(|| "ok".into()), saved_rows: sim.saved_rows(), live }
}

/// Every slot's saved series.
pub fn all_series(sim: &dyn Simulation) -> Vec<Vec<f64>> {
    (0..sim.program().layout.n_slots).map(|s| sim.series(s).expect("the series of a slot in range")).collect()
}

/// A value and its bits, for messages.
pub fn show(v: f64) -> String {
    format!("{v:?} [{:#018x}]", v.to_bits())
}

/// One backend's name with something it shows, for each backend, in one line.
fn each<T>(seen: &[(&str, T)], f: impl Fn(&T) -> String) -> String {
    seen.iter().map(|(name, t)| format!("{name} {}", f(t))).collect::<Vec<_>>().join(", ")
}

/// The first way the others' observations differ from the first one's (the oracle's): the
/// outcome, the saved-row count, then the first live slot whose bits differ. The message
/// gives every backend's value; `name_of` names a slot.
pub fn first_difference(seen: &[(&str, &Observation)], name_of: &dyn Fn(usize) -> String) -> Option<String> {
    let (oracle, others) = seen.split_first()?;
    if others.iter().any(|(_, o)| o.outcome != oracle.1.outcome) {
        return Some(format!("outcomes differ: {}", each(seen, |o| format!("`{}`", o.outcome))));
    }
    if others.iter().any(|(_, o)| o.saved_rows != oracle.1.saved_rows) {
        return Some(format!("saved_rows differ: {}", each(seen, |o| o.saved_rows.to_string())));
    }
    let slot =
        (0..oracle.1.live.len()).find(|&s| others.iter().any(|(_, o)| !same_bits(o.live[s], oracle.1.live[s])))?;
    Some(format!("live slot {slot} `{}`: {}", name_of(slot), each(seen, |o| show(o.live[slot]))))
}

/// The first slot whose saved series differs from the first backend's (the oracle's), in
/// length or in a row's bits; `name_of` names a slot.
pub fn first_series_difference(seen: &[(&str, &[Vec<f64>])], name_of: &dyn Fn(usize) -> String) -> Option<String> {
    let (oracle, others) = seen.split_first()?;
    for (slot, series) in oracle.1.iter().enumerate() {
        if others.iter().any(|(_, o)| o[slot].len() != series.len()) {
            let lengths = each(seen, |s| s[slot].len().to_string());
            return Some(format!("series of slot {slot} `{}` lengths: {lengths}", name_of(slot)));
        }
        let row = (0..series.len()).find(|&r| others.iter().any(|(_, o)| !same_bits(o[slot][r], series[r])));
        if let Some(row) = row {
            let values = each(seen, |s| show(s[slot][row]));
            return Some(format!("series of slot {slot} `{}`, row {row}: {values}", name_of(slot)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(outcome: &str, saved_rows: usize, live: &[f64]) -> Observation {
        Observation { outcome: outcome.into(), saved_rows, live: live.to_vec() }
    }

    #[test]
    fn finds_the_first_difference_and_shows_every_backend() {
        let name = |s: usize| format!("v{s}");
        let vm = obs("ok", 1, &[1.0, f64::NAN, 3.0]);
        assert_eq!(first_difference(&[("vm", &vm), ("jit", &vm.clone())], &name), None);
        let nan = obs("ok", 1, &[1.0, -f64::NAN, 3.0]);
        assert_eq!(first_difference(&[("vm", &vm), ("jit", &nan)], &name), None, "NaN matches NaN");
        let zero = obs("ok", 1, &[1.0, f64::NAN, -0.0]);
        let other = obs("ok", 1, &[1.0, f64::NAN, 0.0]);
        let d = first_difference(&[("vm", &zero), ("wasm", &zero.clone()), ("jit", &other)], &name).unwrap();
        assert!(d.starts_with("live slot 2 `v2`: vm -0.0"), "{d}");
        assert!(d.contains("jit 0.0 [0x0000000000000000]"), "{d}");
        let rows = obs("ok", 2, &[1.0, f64::NAN, 3.0]);
        assert!(first_difference(&[("vm", &vm), ("jit", &rows)], &name).unwrap().starts_with("saved_rows differ"));
        let failed = obs("no", 1, &[9.0, 9.0, 9.0]);
        assert!(first_difference(&[("vm", &vm), ("jit", &failed)], &name).unwrap().starts_with("outcomes differ"));
    }

    #[test]
    fn finds_the_first_series_difference() {
        let name = |s: usize| format!("v{s}");
        let vm = vec![vec![0.0, 1.0], vec![2.0, 3.0]];
        let same = vm.clone();
        assert_eq!(first_series_difference(&[("vm", &vm), ("jit", &same)], &name), None);
        let row = vec![vec![0.0, 1.0], vec![2.0, 3.5]];
        let d = first_series_difference(&[("vm", &vm), ("jit", &row)], &name).unwrap();
        assert!(d.starts_with("series of slot 1 `v1`, row 1"), "{d}");
        let short = vec![vec![0.0], vec![2.0, 3.0]];
        let d = first_series_difference(&[("vm", &vm), ("jit", &short)], &name).unwrap();
        assert!(d.contains("lengths: vm 2, jit 1"), "{d}");
    }
}
