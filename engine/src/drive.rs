//! How a run starts and what one DT does, as data: the one description every driver
//! follows. `state.rs` interprets it for the vm (and the jit's start); the jit
//! (`jit/src/driver.rs`) and the wasm blob (`wasmgen/src/emit/driver.rs`) generate code
//! from it, one match arm per action, so a new action is a compile error in each.
//! What an action does is stated once here; how TIME is computed is a rule
//! (`numerics::rules::time_at`).

use crate::ir::Method;

/// The actions of a run's start (step 0), in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAction {
    /// TIME and INITIAL TIME = start, DT = dt, FINAL TIME = stop; the step counter = 0,
    /// and its copy in `curr` (`Global::Step`) too. (The seed slot is an override, kept
    /// in `curr` by `reset`, so the start leaves it alone.)
    SetGlobals,
    /// Run the initials phase.
    Initials,
    /// Copy `curr` into `init` (what INIT reads).
    KeepInit,
    /// Run the hoisted phase (the run-constant flows) and clear the instance's `stale`
    /// flag ([`StepAction::RefreshHoisted`]).
    Hoisted,
    /// Run the flows phase at the start time.
    Flows,
    /// Save the row if it is due ([`StepAction::SaveIfDue`]).
    SaveIfDue,
}

/// The start, in order.
pub const START: [StartAction; 6] = [
    StartAction::SetGlobals,
    StartAction::Initials,
    StartAction::KeepInit,
    StartAction::Hoisted,
    StartAction::Flows,
    StartAction::SaveIfDue,
];

/// The actions of one DT, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepAction {
    /// Copy the slots PREVIOUS reads (`Program::previous_runs`) from `curr` into `prev`:
    /// nothing when the program reads none.
    KeepPrevious,
    /// Run part `k` of the stocks phase: stage `k` of the integration method. The last
    /// stage writes the new stock values into `next`; an earlier one writes the state
    /// of the next stage into the stocks' `curr` slots (`compile/integrate.rs`).
    Stocks(u32),
    /// TIME = `rules::time_at(start, dt, step + offset)`, the time of the next stage
    /// (the step counter itself does not move until [`StepAction::Advance`]).
    StageTime(StageOffset),
    /// Copy each run of stock slots (`layout.stock_runs`) from `next` to `curr`.
    CopyStockRuns,
    /// The step counter + 1, then TIME = `rules::time_at(start, dt, step)` and
    /// `curr[Global::Step]` = the step as a number. Nothing else writes the step, so a
    /// random draw (keyed by it) is one draw per DT whatever runs between.
    Advance,
    /// When the instance's `stale` flag is set (a `set_value` since the hoisted phase
    /// last ran: the flag every `set_value` sets), run the hoisted phase and clear the
    /// flag. It comes right before a step's first Flows, where the flows would first
    /// have read the new constant; the stocks before it still read the values the last
    /// flows left, as they would without hoisting.
    RefreshHoisted,
    /// Run the flows phase at the current TIME and state.
    Flows,
    /// When the step is a multiple of `save_every` and fewer than `n_rows` rows are
    /// saved, copy `curr` into the next row of the results.
    SaveIfDue,
}

/// Where in the DT a Runge-Kutta stage is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageOffset {
    /// The middle of the DT.
    Half,
    /// Its end.
    Whole,
}

impl StageOffset {
    /// The offset in steps, added to the step counter (an exact f64 sum).
    pub fn steps(self) -> f64 {
        match self {
            StageOffset::Half => 0.5,
            StageOffset::Whole => 1.0,
        }
    }
}

/// One DT under Euler.
const EULER: [StepAction; 7] = [
    StepAction::KeepPrevious,
    StepAction::Stocks(0),
    StepAction::CopyStockRuns,
    StepAction::Advance,
    StepAction::RefreshHoisted,
    StepAction::Flows,
    StepAction::SaveIfDue,
];

/// One DT under RK2 (Heun): the derivative at the start, then at the Euler estimate of
/// the end.
const RK2: [StepAction; 10] = [
    StepAction::KeepPrevious,
    StepAction::Stocks(0),
    StepAction::StageTime(StageOffset::Whole),
    StepAction::RefreshHoisted,
    StepAction::Flows,
    StepAction::Stocks(1),
    StepAction::CopyStockRuns,
    StepAction::Advance,
    StepAction::Flows,
    StepAction::SaveIfDue,
];

/// One DT under RK4: derivatives at the start, twice at the middle, at the end.
const RK4: [StepAction; 15] = [
    StepAction::KeepPrevious,
    StepAction::Stocks(0),
    StepAction::StageTime(StageOffset::Half),
    StepAction::RefreshHoisted,
    StepAction::Flows,
    StepAction::Stocks(1),
    StepAction::Flows,
    StepAction::Stocks(2),
    StepAction::StageTime(StageOffset::Whole),
    StepAction::Flows,
    StepAction::Stocks(3),
    StepAction::CopyStockRuns,
    StepAction::Advance,
    StepAction::Flows,
    StepAction::SaveIfDue,
];

/// One DT under `method`, in order. Flows run once per stage: rows are saved at whole
/// steps only, after the flows at the step's final state.
pub fn step_actions(method: Method) -> &'static [StepAction] {
    match method {
        Method::Euler => &EULER,
        Method::Rk2 => &RK2,
        Method::Rk4 => &RK4,
    }
}

/// What a live read of `slot` answers (`get_value`, the session's `get` and `time`):
/// once the run has started, the slot's current value; before the first `run_to` (and
/// after `reset`), what the start will give where that is already known: TIME and
/// INITIAL TIME the start time, DT, FINAL TIME the stop time, an overridable constant
/// its current value (set or default); NaN for everything else, which has no value yet
/// (never a 0 that looks like one). `overridable`, `constant` and `current` read the
/// instance's memory.
pub fn live_value(
    specs: &crate::ir::Specs,
    started: bool,
    slot: u32,
    overridable: impl FnOnce(u32) -> bool,
    constant: impl FnOnce(u32) -> f64,
    current: impl FnOnce(u32) -> f64,
) -> f64 {
    use crate::ir::Global;
    if started {
        return current(slot);
    }
    match Global::ALL.into_iter().find(|g| g.slot() == slot) {
        Some(Global::Time | Global::InitialTime) => specs.start,
        Some(Global::Dt) => specs.dt,
        Some(Global::FinalTime) => specs.stop,
        Some(Global::Step) => 0.0,
        Some(Global::Seed) => constant(slot),
        None if overridable(slot) => constant(slot),
        None => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `set_value` comes between steps, so the hoisted phase must run again exactly
    /// once a step, right before its first flows (earlier, the stocks of that step would
    /// read the new constant through a hoisted flow; later, a flow would read a stale one).
    #[test]
    fn each_step_refreshes_the_hoisted_phase_right_before_its_first_flows() {
        for method in Method::ALL {
            let actions = step_actions(method);
            let first_flows = actions.iter().position(|a| *a == StepAction::Flows).expect("a step runs the flows");
            let refreshes: Vec<usize> =
                (0..actions.len()).filter(|&i| actions[i] == StepAction::RefreshHoisted).collect();
            assert_eq!(refreshes, vec![first_flows - 1], "{method:?}");
        }
        let at = |a: StartAction| START.iter().position(|&b| b == a).unwrap();
        assert!(
            at(StartAction::KeepInit) < at(StartAction::Hoisted) && at(StartAction::Hoisted) < at(StartAction::Flows)
        );
    }
}
