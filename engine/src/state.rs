//! The memory of one simulation instance and the stepping driver shared by the backends
//! that run phases as native calls (the vm and the jit): [`crate::drive`]'s description
//! interpreted. The jit's generated step loop and the wasm blob's driver are generated
//! from the same description; the parity tests prove they agree.

use std::sync::Arc;

use crate::drive::{START, StartAction, StepAction};
use crate::ir::{Global, Phase, Program};
use crate::sim::{SimError, Simulation, check_overridable};

/// Per-instance memory, laid out as `docs/design.md` says. Every vector but `results` has one
/// entry per slot.
#[derive(Debug, Clone, PartialEq)]
pub struct Memory {
    pub curr: Vec<f64>,
    pub next: Vec<f64>,
    /// Current value of each overridable constant, by absolute slot.
    pub consts: Vec<f64>,
    /// 1 where the constant was explicitly overridden.
    pub marks: Vec<u8>,
    /// `curr` right after the initials (INIT reads it).
    pub init: Vec<f64>,
    /// `curr` at the end of the previous step's flows (PREVIOUS reads it).
    pub prev: Vec<f64>,
    /// Saved rows, step-major: `n_rows x n_slots`, TIME in column 0.
    pub results: Vec<f64>,
    /// Ring buffers of the pipeline delays.
    pub bufs: Vec<f64>,
    /// The step whose flows `curr` holds (0 at the start time). PREVIOUS returns its
    /// initial value while this is 0.
    pub step: u64,
    /// Rows of `results` saved so far.
    pub saved_rows: u64,
    /// Set by `set_value`: the hoisted phase must run again before the next flows
    /// (`drive::StepAction::RefreshHoisted`).
    pub stale: bool,
}

impl Memory {
    pub fn new(program: &Program) -> Self {
        let n = program.layout.n_slots as usize;
        Memory {
            curr: vec![0.0; n],
            next: vec![0.0; n],
            consts: program.layout.const_default.clone(),
            marks: vec![0; n],
            init: vec![0.0; n],
            prev: vec![0.0; n],
            results: vec![0.0; n * program.specs.n_rows as usize],
            bufs: vec![0.0; program.layout.n_buf as usize],
            step: 0,
            saved_rows: 0,
            stale: false,
        }
    }
}

/// Runs one phase of the root module over a [`Memory`]: what a backend provides.
pub trait PhaseRunner {
    /// Runs part `part` of the root's `phase` (the root has one part of the initials
    /// and of the flows, and one part per integration stage of the stocks).
    fn run_part(&mut self, phase: Phase, part: u32, mem: &mut Memory);

    /// Runs whole steps until `mem.step` is `end`: for each, [`step`]
    /// (`previous` is `program.previous_runs()`, computed once). A backend may run the
    /// loop in its own code (the jit does, to save two calls from Rust per step), with
    /// exactly the effects of this default.
    fn run_steps(&mut self, program: &Program, mem: &mut Memory, end: u64, previous: &[(u32, u32)]) {
        while mem.step < end {
            step(self, program, mem, previous);
        }
    }
}

/// One DT: the actions of [`crate::drive::step_actions`] (`previous` is
/// `program.previous_runs()`).
pub fn step<R: PhaseRunner + ?Sized>(runner: &mut R, program: &Program, mem: &mut Memory, previous: &[(u32, u32)]) {
    for &action in crate::drive::step_actions(program.specs.method) {
        match action {
            StepAction::KeepPrevious => {
                for &(start, end) in previous {
                    let r = start as usize..end as usize;
                    mem.prev[r.clone()].copy_from_slice(&mem.curr[r]);
                }
            }
            StepAction::Stocks(k) => runner.run_part(Phase::Stocks, k, mem),
            StepAction::StageTime(offset) => {
                mem.curr[Global::Time.slot() as usize] = program.specs.stage_time(mem.step, offset.steps());
            }
            StepAction::CopyStockRuns => {
                for &(start, end) in &program.layout.stock_runs {
                    let r = start as usize..end as usize;
                    mem.curr[r.clone()].copy_from_slice(&mem.next[r]);
                }
            }
            StepAction::Advance => {
                mem.step += 1;
                mem.curr[Global::Time.slot() as usize] = program.specs.time_at(mem.step);
                mem.curr[Global::Step.slot() as usize] = mem.step as f64;
            }
            StepAction::RefreshHoisted => {
                if mem.stale {
                    run_hoisted(runner, mem);
                }
            }
            StepAction::Flows => runner.run_part(Phase::Flows, 0, mem),
            StepAction::SaveIfDue => save_if_due(program, mem),
        }
    }
}

/// Runs the root's hoisted phase, which leaves the instance no longer stale.
fn run_hoisted<R: PhaseRunner + ?Sized>(runner: &mut R, mem: &mut Memory) {
    runner.run_part(Phase::Hoisted, 0, mem);
    mem.stale = false;
}

/// The start of a run: the actions of [`START`].
fn start<R: PhaseRunner + ?Sized>(runner: &mut R, program: &Program, mem: &mut Memory) {
    let specs = program.specs;
    for action in START {
        match action {
            StartAction::SetGlobals => {
                let curr = &mut mem.curr;
                curr[Global::Time.slot() as usize] = specs.start;
                curr[Global::Dt.slot() as usize] = specs.dt;
                curr[Global::InitialTime.slot() as usize] = specs.start;
                curr[Global::FinalTime.slot() as usize] = specs.stop;
                curr[Global::Step.slot() as usize] = 0.0;
                mem.step = 0;
            }
            StartAction::Initials => runner.run_part(Phase::Initials, 0, mem),
            StartAction::KeepInit => mem.init.copy_from_slice(&mem.curr),
            StartAction::Hoisted => run_hoisted(runner, mem),
            StartAction::Flows => runner.run_part(Phase::Flows, 0, mem),
            StartAction::SaveIfDue => save_if_due(program, mem),
        }
    }
}

/// Copies `curr` into the next row of `results` when the step is on the save cadence
/// and the slab is not full.
fn save_if_due(program: &Program, mem: &mut Memory) {
    let specs = &program.specs;
    if !mem.step.is_multiple_of(specs.save_every) || mem.saved_rows >= specs.n_rows {
        return;
    }
    let n = program.layout.n_slots as usize;
    let row = mem.saved_rows as usize * n;
    mem.results[row..row + n].copy_from_slice(&mem.curr);
    mem.saved_rows += 1;
}

/// A simulation over a [`Memory`], driven by a backend's [`PhaseRunner`].
pub struct NativeSim<R: PhaseRunner> {
    program: Arc<Program>,
    runner: R,
    mem: Memory,
    /// Whether the initials (and the flows at the start time) have run.
    started: bool,
    /// `program.previous_runs()`, computed once.
    previous: Vec<(u32, u32)>,
}

impl<R: PhaseRunner> NativeSim<R> {
    pub fn new(program: Arc<Program>, runner: R) -> Self {
        let mem = Memory::new(&program);
        let previous = program.previous_runs();
        NativeSim { program, runner, mem, started: false, previous }
    }

    pub fn memory(&self) -> &Memory {
        &self.mem
    }

    fn n_slots(&self) -> usize {
        self.program.layout.n_slots as usize
    }

    fn start(&mut self) {
        start(&mut self.runner, &self.program, &mut self.mem);
        self.started = true;
    }

    /// The step at which a `run_to(time)` stops: steps run while the step is before
    /// the last and TIME (`curr`'s, then `start + step * dt`) is at most `time`.
    fn end_step(&self, time: f64) -> u64 {
        let specs = &self.program.specs;
        let (mut step, n_steps) = (self.mem.step, specs.n_steps);
        // TIME only grows with the step (dt > 0, and rounding is monotonic), so when
        // the last step's TIME is at most `time`, every step runs.
        if specs.time_at(n_steps) <= time {
            return n_steps;
        }
        let mut t = self.mem.curr[Global::Time.slot() as usize];
        while step < n_steps && t <= time {
            step += 1;
            t = specs.time_at(step);
        }
        step
    }
}

impl<R: PhaseRunner> Simulation for NativeSim<R> {
    fn program(&self) -> &Program {
        &self.program
    }

    fn set_value(&mut self, slot: u32, value: f64) -> Result<(), SimError> {
        check_overridable(&self.program, slot)?;
        let s = slot as usize;
        self.mem.consts[s] = value;
        self.mem.marks[s] = 1;
        self.mem.curr[s] = value;
        self.mem.stale = true;
        Ok(())
    }

    fn run_to(&mut self, time: f64) -> Result<(), SimError> {
        if time.is_nan() {
            return Err(SimError::BadTime(time));
        }
        if !self.started {
            self.start();
        }
        let end = self.end_step(time);
        self.runner.run_steps(&self.program, &mut self.mem, end, &self.previous);
        Ok(())
    }

    fn run_to_end(&mut self) -> Result<(), SimError> {
        self.run_to(f64::INFINITY)
    }

    fn reset(&mut self) -> Result<(), SimError> {
        self.started = false;
        self.mem.saved_rows = 0;
        self.mem.step = 0;
        self.mem.curr.fill(0.0);
        for (s, &mark) in self.mem.marks.iter().enumerate() {
            if mark != 0 {
                self.mem.curr[s] = self.mem.consts[s];
            }
        }
        Ok(())
    }

    fn clear_values(&mut self) -> Result<(), SimError> {
        self.mem.consts.copy_from_slice(&self.program.layout.const_default);
        self.mem.marks.fill(0);
        Ok(())
    }

    fn get_value(&self, slot: u32) -> Result<f64, SimError> {
        let current = *self.mem.curr.get(slot as usize).ok_or(SimError::SlotOutOfRange(slot))?;
        let layout = &self.program.layout;
        Ok(crate::drive::live_value(
            &self.program.specs,
            self.started,
            slot,
            |s| layout.overridable[s as usize],
            |s| self.mem.consts[s as usize],
            |_| current,
        ))
    }

    fn saved_rows(&self) -> usize {
        self.mem.saved_rows as usize
    }

    fn saved_value(&self, row: usize, slot: u32) -> Result<f64, SimError> {
        let n = self.n_slots();
        if slot as usize >= n {
            return Err(SimError::SlotOutOfRange(slot));
        }
        if row >= self.saved_rows() {
            return Err(SimError::RowOutOfRange(row));
        }
        Ok(self.mem.results[row * n + slot as usize])
    }
}
