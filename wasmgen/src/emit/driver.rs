//! The stepping driver and the live-state API, in wasm: `engine::state::NativeSim`
//! statement for statement, so the blob owns its live state end to end.
//!
//! - start: the actions of `drive::START` (one match arm each); started = 1.
//! - step: the actions of `drive::step_actions`; TIME is `rules::time_at` (a stage's
//!   `rules::stage_time`) through the adapter.
//! - save if due: `step % save_every == 0 && saved_rows < n_rows`: row `saved_rows` = curr.
//! - run_to(t): start if not started; while step < n_steps && curr[TIME] <= t: step.
//!   On a full slab it writes nothing.
//! - reset: started = saved_rows = step = 0; curr = 0; marked constants re-applied.
//! - get_value(slot): `drive::live_value` (curr once started; before, the known values
//!   and NaN).
//! - clear_values: const = const_default; marks = 0 (curr untouched).
//! - set_value(slot, v): status 1 out of range, 2 not overridable; else const, mark,
//!   curr, and the stale flag (the hoisted phase runs again before the next flows).

use millrace_engine::Program;
use millrace_engine::drive::{self, StageOffset, StartAction, StepAction};
use millrace_engine::ir::{Global, Phase};
use millrace_engine::numerics::ops::Ops;
use millrace_engine::numerics::rules;
use wasm_encoder::{BlockType, Function, InstructionSink, ValType};

use super::code::{byte_at, f64_at, f64c, i32_at, nan};
use super::ops::{Locals, Wasm, function};
use super::{Defined, Funcs, Sig};
use crate::WasmError;
use crate::layout::{MemoryLayout, SAVED_ROWS, STALE, STARTED, STEP};

/// Status codes returned by `run_to`, `run_to_end` and `set_value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum Status {
    Ok = 0,
    /// `set_value`: the slot is not below `n_slots`.
    SlotOutOfRange = 1,
    /// `set_value`: the slot does not hold an overridable constant.
    NotOverridable = 2,
    /// `run_to`: the time is NaN.
    BadTime = 3,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Ok, Status::SlotOutOfRange, Status::NotOverridable, Status::BadTime];

    pub fn from_code(code: i32) -> Option<Status> {
        Status::ALL.into_iter().find(|s| *s as i32 == code)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::SlotOutOfRange => "slot out of range",
            Status::NotOverridable => "not an overridable constant",
            Status::BadTime => "the time is NaN",
        }
    }
}

/// One exported function.
#[derive(Debug, Clone, Copy)]
pub struct Export {
    pub name: &'static str,
    pub sig: Sig,
    pub doc: &'static str,
}

use ValType::{F64, I32};

/// Every exported function, in function-index order (the memory is exported as `memory`).
pub const EXPORTS: [Export; 11] = [
    Export {
        name: "run_to",
        sig: (&[F64], &[I32]),
        doc: "run_to(t) -> status: initials if needed, then step while TIME <= t",
    },
    Export { name: "run_to_end", sig: (&[], &[I32]), doc: "run_to_end() -> status: run_to(+inf)" },
    Export { name: "reset", sig: (&[], &[]), doc: "back to the start; marked constants re-applied into curr" },
    Export { name: "clear_values", sig: (&[], &[]), doc: "every constant back to its default; marks cleared" },
    Export {
        name: "set_value",
        sig: (&[I32, F64], &[I32]),
        doc: "set_value(slot, v) -> status: const[slot] = v, marked, mirrored into curr",
    },
    Export { name: "get_value", sig: (&[I32], &[F64]), doc: "get_value(slot) -> curr[slot] (NaN when out of range)" },
    Export { name: "n_slots", sig: (&[], &[I32]), doc: "slots per row" },
    Export { name: "n_chunks", sig: (&[], &[I32]), doc: "rows of the results slab" },
    Export { name: "results_offset", sig: (&[], &[I32]), doc: "byte address of results row 0" },
    Export { name: "curr_offset", sig: (&[], &[I32]), doc: "byte address of curr[0]" },
    Export { name: "saved_rows", sig: (&[], &[I32]), doc: "rows saved so far" },
];

pub(crate) fn functions(program: &Program, layout: &MemoryLayout, funcs: &Funcs) -> Result<Vec<Defined>, WasmError> {
    let d = Driver { program, layout, funcs };
    let unit: Sig = (&[], &[]);
    let mut out = vec![
        Defined { index: funcs.save_if_due, sig: unit, name: "save_if_due".into(), body: d.save_if_due() },
        Defined { index: funcs.start, sig: unit, name: "start".into(), body: d.start()? },
        Defined { index: funcs.step, sig: unit, name: "step".into(), body: d.step()? },
    ];
    let bodies = [
        d.run_to(),
        d.run_to_end(),
        d.reset(),
        d.clear_values(),
        d.set_value(),
        d.get_value(),
        constant(layout.n_slots),
        constant(layout.n_rows),
        constant(layout.results),
        constant(layout.curr),
        d.saved_rows(),
    ];
    for ((e, &index), body) in EXPORTS.iter().zip(&funcs.exports).zip(bodies) {
        out.push(Defined { index, sig: e.sig, name: e.name.into(), body });
    }
    Ok(out)
}

fn constant(v: u32) -> Function {
    let mut f = Function::new([]);
    f.instructions().i32_const(v as i32).end();
    f
}

struct Driver<'a> {
    program: &'a Program,
    layout: &'a MemoryLayout,
    funcs: &'a Funcs,
}

impl Driver<'_> {
    /// Calls the root's part `part` of `phase` (the root has one part of the initials
    /// and of the flows, one per integration stage of the stocks).
    fn root_part(&self, s: &mut InstructionSink<'_>, phase: Phase, part: u32) {
        let f = self.funcs.parts[self.program.root as usize][phase.index()][part as usize];
        s.i32_const(0).i32_const(0).call(f);
    }

    /// Calls the root's hoisted part and clears the stale flag.
    fn run_hoisted(&self, s: &mut InstructionSink<'_>) {
        self.root_part(s, Phase::Hoisted, 0);
        s.i32_const(0).i32_const(0).i32_store(i32_at(STALE));
    }

    /// The step counter as an f64, on the stack.
    fn step_as_f64(s: &mut InstructionSink<'_>) {
        s.i32_const(0).i64_load(f64_at(STEP)).f64_convert_i64_u();
    }

    /// TIME = `rules::time_at` of the step counter, or `rules::stage_time` of it and a
    /// stage's offset.
    fn store_time(&self, s: &mut InstructionSink<'_>, locals: &mut Locals, offset: Option<StageOffset>) {
        let specs = &self.program.specs;
        s.i32_const(0);
        Self::step_as_f64(s);
        let mut w = Wasm::new(s, locals);
        let k = w.take();
        let (start, dt) = (w.f64(specs.start), w.f64(specs.dt));
        let time = match offset {
            None => rules::time_at(&mut w, start, dt, k),
            Some(offset) => {
                let offset = w.f64(offset.steps());
                rules::stage_time(&mut w, start, dt, k, offset)
            }
        };
        w.push(time);
        s.f64_store(f64_at(self.layout.curr + Global::Time.slot() * 8));
        locals.release();
    }

    fn store_global(&self, s: &mut InstructionSink<'_>, g: Global, v: f64) {
        s.i32_const(0).f64_const(f64c(v)).f64_store(f64_at(self.layout.curr + g.slot() * 8));
    }

    /// memory.copy(dst, src, len) with constant operands.
    fn copy(&self, s: &mut InstructionSink<'_>, dst: u32, src: u32, len: u32) {
        if len > 0 {
            s.i32_const(dst as i32).i32_const(src as i32).i32_const(len as i32).memory_copy(0, 0);
        }
    }

    fn save_if_due(&self) -> Function {
        let (l, specs) = (self.layout, &self.program.specs);
        let mut f = Function::new([]);
        let mut s = f.instructions();
        // step % save_every == 0 (u64::is_multiple_of: with 0, only step 0)
        s.i32_const(0).i64_load(f64_at(STEP));
        if specs.save_every != 0 {
            s.i64_const(specs.save_every as i64).i64_rem_u();
        }
        s.i64_eqz();
        s.i32_const(0).i32_load(i32_at(SAVED_ROWS)).i32_const(l.n_rows as i32).i32_lt_u().i32_and();
        s.if_(BlockType::Empty);
        {
            // results[saved_rows * n_slots ..] = curr
            s.i32_const(0).i32_load(i32_at(SAVED_ROWS)).i32_const(l.row_bytes() as i32).i32_mul();
            s.i32_const(l.results as i32).i32_add();
            s.i32_const(l.curr as i32).i32_const(l.row_bytes() as i32).memory_copy(0, 0);
            s.i32_const(0)
                .i32_const(0)
                .i32_load(i32_at(SAVED_ROWS))
                .i32_const(1)
                .i32_add()
                .i32_store(i32_at(SAVED_ROWS));
        }
        s.end();
        s.end();
        f
    }

    fn start(&self) -> Result<Function, WasmError> {
        let (l, specs) = (self.layout, &self.program.specs);
        let mut f = Function::new([]);
        let mut s = f.instructions();
        for action in drive::START {
            match action {
                StartAction::SetGlobals => {
                    self.store_global(&mut s, Global::Time, specs.start);
                    self.store_global(&mut s, Global::Dt, specs.dt);
                    self.store_global(&mut s, Global::InitialTime, specs.start);
                    self.store_global(&mut s, Global::FinalTime, specs.stop);
                    self.store_global(&mut s, Global::Step, 0.0);
                    s.i32_const(0).i64_const(0).i64_store(f64_at(STEP));
                }
                StartAction::Initials => self.root_part(&mut s, Phase::Initials, 0),
                StartAction::KeepInit => self.copy(&mut s, l.init, l.curr, l.row_bytes()),
                StartAction::Hoisted => self.run_hoisted(&mut s),
                StartAction::Flows => self.root_part(&mut s, Phase::Flows, 0),
                StartAction::SaveIfDue => {
                    s.call(self.funcs.save_if_due);
                }
            }
        }
        s.i32_const(0).i32_const(1).i32_store(i32_at(STARTED));
        s.end();
        Ok(f)
    }

    /// One DT: the actions of `drive::step_actions`.
    fn step(&self) -> Result<Function, WasmError> {
        let (l, specs) = (self.layout, &self.program.specs);
        Ok(function(0, |s, locals| {
            for &action in drive::step_actions(specs.method) {
                match action {
                    StepAction::KeepPrevious => {
                        for &(start, end) in &self.program.previous_runs() {
                            self.copy(s, l.prev + start * 8, l.curr + start * 8, (end - start) * 8);
                        }
                    }
                    StepAction::Stocks(k) => self.root_part(s, Phase::Stocks, k),
                    StepAction::StageTime(offset) => self.store_time(s, locals, Some(offset)),
                    StepAction::CopyStockRuns => {
                        for &(start, end) in &self.program.layout.stock_runs {
                            self.copy(s, l.curr + start * 8, l.next + start * 8, (end - start) * 8);
                        }
                    }
                    StepAction::Advance => {
                        s.i32_const(0)
                            .i32_const(0)
                            .i64_load(f64_at(STEP))
                            .i64_const(1)
                            .i64_add()
                            .i64_store(f64_at(STEP));
                        self.store_time(s, locals, None);
                        s.i32_const(0);
                        Self::step_as_f64(s);
                        s.f64_store(f64_at(l.curr + Global::Step.slot() * 8));
                    }
                    StepAction::RefreshHoisted => {
                        s.i32_const(0).i32_load(i32_at(STALE)).if_(BlockType::Empty);
                        self.run_hoisted(s);
                        s.end();
                    }
                    StepAction::Flows => self.root_part(s, Phase::Flows, 0),
                    StepAction::SaveIfDue => {
                        s.call(self.funcs.save_if_due);
                    }
                }
            }
            s.end();
        }))
    }

    fn run_to(&self) -> Function {
        let (l, specs) = (self.layout, &self.program.specs);
        const T: u32 = 0;
        let mut f = Function::new([]);
        let mut s = f.instructions();
        s.local_get(T).local_get(T).f64_ne().if_(BlockType::Empty);
        s.i32_const(Status::BadTime as i32).return_();
        s.end();
        s.i32_const(0).i32_load(i32_at(STARTED)).i32_eqz().if_(BlockType::Empty).call(self.funcs.start).end();
        s.block(BlockType::Empty).loop_(BlockType::Empty);
        {
            s.i32_const(0).i64_load(f64_at(STEP)).i64_const(specs.n_steps as i64).i64_ge_u().br_if(1);
            s.i32_const(0).f64_load(f64_at(l.curr + Global::Time.slot() * 8)).local_get(T).f64_le().i32_eqz().br_if(1);
            s.call(self.funcs.step).br(0);
        }
        s.end().end();
        s.i32_const(Status::Ok as i32);
        s.end();
        f
    }

    fn run_to_end(&self) -> Function {
        let mut f = Function::new([]);
        // run_to is the first export.
        f.instructions().f64_const(f64c(f64::INFINITY)).call(self.funcs.exports[0]).end();
        f
    }

    fn reset(&self) -> Function {
        let l = self.layout;
        const S: u32 = 0;
        let mut f = Function::new([(1, I32)]);
        let mut s = f.instructions();
        s.i32_const(0).i32_const(0).i32_store(i32_at(STARTED));
        s.i32_const(0).i32_const(0).i32_store(i32_at(SAVED_ROWS));
        s.i32_const(0).i64_const(0).i64_store(f64_at(STEP));
        s.i32_const(l.curr as i32).i32_const(0).i32_const(l.row_bytes() as i32).memory_fill(0);
        // for s in 0..n_slots: if marks[s] != 0 { curr[s] = const[s] }
        s.i32_const(0).local_set(S);
        s.block(BlockType::Empty).loop_(BlockType::Empty);
        {
            s.local_get(S).i32_const(l.n_slots as i32).i32_ge_u().br_if(1);
            s.local_get(S).i32_load8_u(byte_at(l.marks)).if_(BlockType::Empty);
            s.local_get(S).i32_const(3).i32_shl();
            s.local_get(S).i32_const(3).i32_shl().f64_load(f64_at(l.consts));
            s.f64_store(f64_at(l.curr));
            s.end();
            s.local_get(S).i32_const(1).i32_add().local_set(S).br(0);
        }
        s.end().end();
        s.end();
        f
    }

    fn clear_values(&self) -> Function {
        let l = self.layout;
        let mut f = Function::new([]);
        let mut s = f.instructions();
        self.copy(&mut s, l.consts, l.const_default, l.row_bytes());
        s.i32_const(l.marks as i32).i32_const(0).i32_const(l.n_slots as i32).memory_fill(0);
        s.end();
        f
    }

    fn set_value(&self) -> Function {
        let l = self.layout;
        const SLOT: u32 = 0;
        const V: u32 = 1;
        let mut f = Function::new([]);
        let mut s = f.instructions();
        s.local_get(SLOT).i32_const(l.n_slots as i32).i32_ge_u().if_(BlockType::Empty);
        s.i32_const(Status::SlotOutOfRange as i32).return_();
        s.end();
        s.local_get(SLOT).i32_load8_u(byte_at(l.overridable)).i32_eqz().if_(BlockType::Empty);
        s.i32_const(Status::NotOverridable as i32).return_();
        s.end();
        s.local_get(SLOT).i32_const(3).i32_shl().local_get(V).f64_store(f64_at(l.consts));
        s.local_get(SLOT).i32_const(1).i32_store8(byte_at(l.marks));
        s.local_get(SLOT).i32_const(3).i32_shl().local_get(V).f64_store(f64_at(l.curr));
        s.i32_const(0).i32_const(1).i32_store(i32_at(STALE));
        s.i32_const(Status::Ok as i32);
        s.end();
        f
    }

    fn get_value(&self) -> Function {
        let l = self.layout;
        const SLOT: u32 = 0;
        let mut f = Function::new([]);
        let mut s = f.instructions();
        s.local_get(SLOT).i32_const(l.n_slots as i32).i32_ge_u().if_(BlockType::Empty);
        s.f64_const(nan()).return_();
        s.end();
        // Before the start: `drive::live_value` (globals from the specs, overridable
        // constants from the const region, NaN for the rest).
        let specs = &self.program.specs;
        s.i32_const(0).i32_load(i32_at(STARTED)).i32_eqz().if_(BlockType::Empty);
        // The seed is an override: the const region below answers it.
        for g in Global::ALL.into_iter().filter(|&g| g != Global::Seed) {
            let v = drive::live_value(specs, false, g.slot(), |_| false, |_| f64::NAN, |_| f64::NAN);
            s.local_get(SLOT).i32_const(g.slot() as i32).i32_eq().if_(BlockType::Empty);
            s.f64_const(f64c(v)).return_();
            s.end();
        }
        s.local_get(SLOT).i32_load8_u(byte_at(l.overridable)).if_(BlockType::Empty);
        s.local_get(SLOT).i32_const(3).i32_shl().f64_load(f64_at(l.consts)).return_();
        s.end();
        s.f64_const(nan()).return_();
        s.end();
        s.local_get(SLOT).i32_const(3).i32_shl().f64_load(f64_at(l.curr));
        s.end();
        f
    }

    fn saved_rows(&self) -> Function {
        let mut f = Function::new([]);
        f.instructions().i32_const(0).i32_load(i32_at(SAVED_ROWS)).end();
        f
    }
}
