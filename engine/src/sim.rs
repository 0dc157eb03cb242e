//! The live-state contract every backend implements (`docs/design.md`, "Memory and the
//! live-state contract"). Semantics, identical on every backend:
//!
//! - `set_value(slot, v)`: only for overridable constants; writes `const[slot] = v`,
//!   marks the slot and mirrors `v` into live `curr[slot]`.
//! - `run_to(t)`: runs the initials if not yet done (and evaluates the flows at the start
//!   time, saving row 0), then steps while `TIME <= t` and the run is not over, saving
//!   rows on the save cadence. It leaves the state at the first step after `t`, flows
//!   evaluated there. Resumable; on a finished run (a full results slab) it changes nothing.
//! - `reset()`: back to the start: cursors cleared, `curr` zeroed, every marked constant
//!   re-applied into `curr`; the initials run again on the next `run_to`. Overrides survive.
//! - `clear_values()`: every constant back to its default, every mark cleared (`curr` untouched).
//! - `get_value(slot)`: live `curr[slot]`; `series(slot)`: the saved rows of one slot.
//! - `set_seed(s)`: the run seed of the random functions, a `set_value` of the unnamed
//!   seed slot (`Global::Seed`): kept by `reset`, back to the default by `clear_values`.

use crate::ir::{Global, Program, SlotKind, VarSlot};
use crate::results::Results;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimError {
    /// The name as typed, and a " (did you mean ...?)" hint (empty when nothing is near).
    #[error("unknown variable `{0}`{1}")]
    UnknownVariable(String, String),
    #[error("cannot set `{name}`: {reason}")]
    NotOverridable { name: String, reason: String },
    #[error("slot {0} is out of range")]
    SlotOutOfRange(u32),
    #[error("saved row {0} does not exist")]
    RowOutOfRange(usize),
    #[error("run_to({0}): the time must be a number")]
    BadTime(f64),
    #[error("seed {0} is out of range: a seed is a whole number from 0 to 2^53 - 1")]
    BadSeed(u64),
    #[error("{0}")]
    Backend(String),
}

pub trait Simulation {
    /// The program this simulation runs (its layout names every slot).
    fn program(&self) -> &Program;

    fn set_value(&mut self, slot: u32, value: f64) -> Result<(), SimError>;
    fn run_to(&mut self, time: f64) -> Result<(), SimError>;
    fn run_to_end(&mut self) -> Result<(), SimError>;
    fn reset(&mut self) -> Result<(), SimError>;
    fn clear_values(&mut self) -> Result<(), SimError>;
    fn get_value(&self, slot: u32) -> Result<f64, SimError>;
    /// Rows saved so far.
    fn saved_rows(&self) -> usize;
    /// Saved row `row`'s value of `slot` (one read, where `series` copies a column).
    fn saved_value(&self, row: usize, slot: u32) -> Result<f64, SimError>;

    /// Sets the run seed of the random functions (a whole number below 2^53, held
    /// exactly by the seed slot). The seed slot is an overridable slot without a name,
    /// so this is one `set_value` on every backend: visible to the next draw, kept by
    /// `reset`, returned to [`crate::numerics::random::DEFAULT_SEED`] by `clear_values`.
    fn set_seed(&mut self, seed: u64) -> Result<(), SimError> {
        if seed > crate::numerics::random::MAX_SEED {
            return Err(SimError::BadSeed(seed));
        }
        self.set_value(Global::Seed.slot(), seed as f64)
    }

    /// The saved values of `slot`, one per saved row.
    fn series(&self, slot: u32) -> Result<Vec<f64>, SimError> {
        if slot >= self.program().layout.n_slots {
            return Err(SimError::SlotOutOfRange(slot));
        }
        (0..self.saved_rows()).map(|r| self.saved_value(r, slot)).collect()
    }

    /// The saved rows of the default output columns: every variable of the model and
    /// of its explicit modules.
    fn results(&self) -> Results {
        self.results_for(&|v| in_results(v, false))
    }

    /// The saved rows of every named variable, the internals of implicit instances
    /// (stdlib functions, macros) included.
    fn results_with_internals(&self) -> Results {
        self.results_for(&|v| in_results(v, true))
    }

    /// The saved rows of the variables `keep` selects, in layout order.
    fn results_for(&self, keep: &dyn Fn(&VarSlot) -> bool) -> Results {
        let layout = &self.program().layout;
        let series = |slot: u32| self.series(slot).unwrap_or_default();
        let vars = layout.vars.iter().filter(|v| keep(v)).map(|v| (v, series(v.slot))).collect();
        Results::from_columns(series(Global::Time.slot()), vars)
    }

    /// The columns [`Simulation::results`] (or, with `internals`,
    /// [`Simulation::results_with_internals`]) has, as (name, slot): `time` first.
    fn result_columns(&self, internals: bool) -> Vec<(String, u32)> {
        let vars =
            self.program().layout.vars.iter().filter(|v| in_results(v, internals)).map(|v| (v.name.clone(), v.slot));
        std::iter::once(("time".to_owned(), Global::Time.slot())).chain(vars).collect()
    }

    /// Writes the saved rows of `columns` (name, slot) as CSV, reading each value where
    /// the backend keeps it: the bytes `Results::write_csv` writes for the same columns,
    /// without a second copy of the rows in memory.
    fn write_csv(&self, out: &mut dyn std::io::Write, columns: &[(String, u32)]) -> std::io::Result<()> {
        self.write_table(out, crate::results::TableFormat::Csv, columns)
    }

    /// [`Simulation::write_csv`] in any [`crate::results::TableFormat`].
    fn write_table(
        &self,
        out: &mut dyn std::io::Write,
        format: crate::results::TableFormat,
        columns: &[(String, u32)],
    ) -> std::io::Result<()> {
        let names: Vec<String> = columns.iter().map(|(n, _)| n.clone()).collect();
        crate::results::write_table(out, format, &names, self.saved_rows(), |row, column| {
            self.saved_value(row, columns[column].1).map_err(std::io::Error::other)
        })
    }

    /// The slot of a variable named in any spelling (`inst.var` inside modules).
    fn slot_of(&self, name: &str) -> Result<u32, SimError> {
        let layout = &self.program().layout;
        layout.find(name).map(|v| v.slot).ok_or_else(|| SimError::UnknownVariable(name.to_owned(), layout.hint(name)))
    }

    fn set_by_name(&mut self, name: &str, value: f64) -> Result<(), SimError> {
        // An unknown name gets the closest *constant* as its hint: only those can be set.
        let layout = &self.program().layout;
        let slot = layout
            .find(name)
            .map(|v| v.slot)
            .ok_or_else(|| SimError::UnknownVariable(name.to_owned(), layout.constant_hint(name)))?;
        self.set_value(slot, value)
    }

    fn get_by_name(&self, name: &str) -> Result<f64, SimError> {
        self.get_value(self.slot_of(name)?)
    }

    fn series_by_name(&self, name: &str) -> Result<Vec<f64>, SimError> {
        self.series(self.slot_of(name)?)
    }
}

/// Checks that `slot` may be set; the error names the variable and why not.
pub fn check_overridable(program: &Program, slot: u32) -> Result<(), SimError> {
    let layout = &program.layout;
    if slot >= layout.n_slots {
        return Err(SimError::SlotOutOfRange(slot));
    }
    if layout.overridable[slot as usize] {
        return Ok(());
    }
    let (name, reason) = match layout.var_at(slot) {
        Some(v) => {
            let reason = match v.kind {
                SlotKind::Global => {
                    "it is a simulation control value; change the sim specs instead (`--start`, `--stop`, `--dt`, `--save-every`, or the model's <sim_specs>)"
                }
                SlotKind::Stock => "it is a stock whose initial value is an expression, not a number",
                SlotKind::Flow | SlotKind::Aux => "its equation is an expression, not a constant number",
                SlotKind::Constant => "it is not overridable",
            };
            (v.name.clone(), reason)
        }
        None => (format!("slot {slot}"), "it is an internal value, not a constant"),
    };
    Err(SimError::NotOverridable { name, reason: reason.to_owned() })
}

/// Whether a variable is a column of the results: a default output, or with `internals`
/// every named variable but the globals.
fn in_results(v: &VarSlot, internals: bool) -> bool {
    if internals { v.kind != SlotKind::Global } else { v.output }
}
