//! The run's driver as generated code, from `millrace_engine::drive` (the description
//! `state.rs` interprets for the vm), one match arm per action:
//! - the stepping loop `fn(ctx: *mut JitCtx, end: i64)` runs whole steps until
//!   `ctx.step` is `end`, each the actions of `drive::step_actions`; TIME is `rules::time_at`
//!   emitted through [`Clif`]. A step of a small model costs a few nanoseconds; two
//!   calls from Rust per step, each building a context, cost as much again.
//! - the start `fn(ctx: *mut JitCtx)`, the actions of `drive::START`, for object files
//!   only (in process, `state.rs` starts the run): a host of an object file calls the
//!   start and the loop, and restates neither.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{AbiParam, FuncRef, InstBuilder, MemFlagsData, Signature, Value, types};
use cranelift_codegen::isa::TargetFrontendConfig;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{FuncId, Linkage, Module};
use millrace_engine::drive::{self, StageOffset, StartAction, StepAction};
use millrace_engine::ir::{Global, Phase, Program};
use millrace_engine::numerics::ops::Ops;
use millrace_engine::numerics::rules;

use crate::JitError;
use crate::ctx::offsets;
use crate::ops::Clif;
use crate::plan::{Declared, PartKey};

fn flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// `fn(ctx)`, plus an `i64` parameter for the stepping loop's end step.
fn signature<M: Module>(module: &M, with_end: bool) -> Signature {
    let ptr = module.target_config().pointer_type();
    let mut sig = module.make_signature();
    sig.params.push(AbiParam::new(ptr));
    if with_end {
        sig.params.push(AbiParam::new(types::I64));
    }
    sig
}

/// The stepping loop's name, exported from object files (`fn(ctx: *mut JitCtx, end: i64)`).
pub const STEPS_SYMBOL: &str = "millrace_steps";

/// The start's name, exported from object files (`fn(ctx: *mut JitCtx)`).
pub const START_SYMBOL: &str = "millrace_start";

/// The root parts of the phases, as declared functions (`fn(ctx, base, buf_base)`).
pub(crate) struct RootParts {
    pub initials: FuncId,
    pub hoisted: FuncId,
    pub flows: FuncId,
    /// One per integration stage.
    pub stocks: Vec<FuncId>,
}

impl RootParts {
    pub fn of(program: &Program, declared: &Declared) -> RootParts {
        let part = |phase| declared.parts[&PartKey::root(program, phase, 0)];
        let stocks = PartKey::roots(program, Phase::Stocks).map(|key| declared.parts[&key]).collect();
        RootParts { initials: part(Phase::Initials), hoisted: part(Phase::Hoisted), flows: part(Phase::Flows), stocks }
    }
}

/// What a driver function's code reads: the context and the regions it points to.
struct Frame<'p> {
    program: &'p Program,
    config: TargetFrontendConfig,
    jctx: Value,
    curr: Value,
    results: Value,
    zero: Value,
}

impl Frame<'_> {
    fn n_slots(&self) -> u64 {
        u64::from(self.program.layout.n_slots)
    }

    fn copy(&self, b: &mut FunctionBuilder, to: Value, from: Value, bytes: u64) {
        b.emit_small_memory_copy(self.config, to, from, bytes, 8, 8, true, flags());
    }

    fn call_part(&self, b: &mut FunctionBuilder, part: FuncRef) {
        b.ins().call(part, &[self.jctx, self.zero, self.zero]);
    }

    /// Calls the root's hoisted part and clears `ctx.stale`.
    fn run_hoisted(&self, b: &mut FunctionBuilder, hoisted: FuncRef) {
        self.call_part(b, hoisted);
        b.ins().store(flags(), self.zero, self.jctx, offsets::STALE);
    }

    /// `drive`'s SaveIfDue at step `step`: when `step % save_every == 0` and
    /// `saved_rows < n_rows`, `curr` into the next row.
    fn save_if_due(&self, b: &mut FunctionBuilder, step: Value) {
        let specs = &self.program.specs;
        let rows = b.ins().load(types::I64, flags(), self.jctx, offsets::SAVED_ROWS);
        let phase = b.ins().urem_imm_s(step, specs.save_every as i64);
        let on_cadence = b.ins().icmp_imm_s(IntCC::Equal, phase, 0);
        let room = b.ins().icmp_imm_s(IntCC::UnsignedLessThan, rows, specs.n_rows as i64);
        let due = b.ins().band(on_cadence, room);
        let (save, saved) = (b.create_block(), b.create_block());
        b.ins().brif(due, save, &[], saved, &[]);
        b.switch_to_block(save);
        let row_bytes = b.ins().imul_imm_s(rows, (self.n_slots() * 8) as i64);
        let row = b.ins().iadd(self.results, row_bytes);
        self.copy(b, row, self.curr, self.n_slots() * 8);
        let rows = b.ins().iadd_imm_s(rows, 1);
        b.ins().store(flags(), rows, self.jctx, offsets::SAVED_ROWS);
        b.ins().jump(saved, &[]);
        b.switch_to_block(saved);
    }

    /// TIME = `rules::time_at` of step `k` (an f64), or `rules::stage_time` of `k` and a
    /// stage's offset.
    fn store_time(&self, b: &mut FunctionBuilder, k: Value, offset: Option<StageOffset>) {
        let specs = &self.program.specs;
        let mut o = Clif(&mut *b);
        let (start, dt) = (o.f64(specs.start), o.f64(specs.dt));
        let time = match offset {
            None => rules::time_at(&mut o, start, dt, k),
            Some(offset) => {
                let offset = o.f64(offset.steps());
                rules::stage_time(&mut o, start, dt, k, offset)
            }
        };
        b.ins().store(flags(), time, self.curr, Global::Time.slot() as i32 * 8);
    }

    fn store_global(&self, b: &mut FunctionBuilder, g: Global, v: f64) {
        let v = b.ins().f64const(v);
        b.ins().store(flags(), v, self.curr, g.slot() as i32 * 8);
    }
}

/// Declares a driver function and builds its body with `body(builder, frame, params)`.
fn define_fn<M: Module>(
    module: &mut M,
    program: &Program,
    name: &str,
    with_end: bool,
    linkage: Linkage,
    body: impl FnOnce(&mut M, &mut FunctionBuilder, &Frame, &[Value]),
) -> Result<FuncId, JitError> {
    let err = |e: cranelift_module::ModuleError| JitError::Codegen(format!("{name}: {e}"));
    let id = module.declare_function(name, linkage, &signature(module, with_end)).map_err(err)?;
    let mut ctx = module.make_context();
    ctx.func.signature = signature(module, with_end);
    let mut fctx = FunctionBuilderContext::new();
    let config = module.target_config();
    let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let params = b.block_params(entry).to_vec();
    let jctx = params[0];
    let field = |b: &mut FunctionBuilder, off: i32| b.ins().load(config.pointer_type(), flags(), jctx, off);
    let curr = field(&mut b, offsets::CURR);
    let results = field(&mut b, offsets::RESULTS);
    let zero = b.ins().iconst(types::I64, 0);
    let frame = Frame { program, config, jctx, curr, results, zero };
    body(module, &mut b, &frame, &params);
    b.seal_all_blocks();
    b.finalize(config);
    module.define_function(id, &mut ctx).map_err(err)?;
    Ok(id)
}

/// Declares and defines the stepping loop of `program`; `linkage` is `Export` in
/// object files, so that their test runs this loop rather than a copy of it.
pub(crate) fn define<M: Module>(
    module: &mut M,
    program: &Program,
    root: &RootParts,
    linkage: Linkage,
) -> Result<FuncId, JitError> {
    define_fn(module, program, STEPS_SYMBOL, true, linkage, |module, b, f, params| {
        let end = params[1];
        let specs = &program.specs;
        let stocks: Vec<FuncRef> = root.stocks.iter().map(|&id| module.declare_func_in_func(id, b.func)).collect();
        let flows = module.declare_func_in_func(root.flows, b.func);
        let hoisted = module.declare_func_in_func(root.hoisted, b.func);
        let ptr = f.config.pointer_type();
        let next = b.ins().load(ptr, flags(), f.jctx, offsets::NEXT);
        let prev = b.ins().load(ptr, flags(), f.jctx, offsets::PREV);
        let previous = program.previous_runs();
        let (header, body, exit) = (b.create_block(), b.create_block(), b.create_block());
        b.ins().jump(header, &[]);

        // while ctx.step < end
        b.switch_to_block(header);
        let mut step = b.ins().load(types::I64, flags(), f.jctx, offsets::STEP);
        let more = b.ins().icmp(IntCC::UnsignedLessThan, step, end);
        b.ins().brif(more, body, &[], exit, &[]);

        b.switch_to_block(body);
        for &action in drive::step_actions(specs.method) {
            match action {
                StepAction::KeepPrevious => {
                    for &(start, stop) in &previous {
                        let at = i64::from(start) * 8;
                        let to = b.ins().iadd_imm_s(prev, at);
                        let from = b.ins().iadd_imm_s(f.curr, at);
                        f.copy(b, to, from, u64::from(stop - start) * 8);
                    }
                }
                StepAction::Stocks(k) => f.call_part(b, stocks[k as usize]),
                StepAction::StageTime(offset) => {
                    let k = b.ins().fcvt_from_uint(types::F64, step);
                    f.store_time(b, k, Some(offset));
                }
                StepAction::CopyStockRuns => {
                    for &(start, stop) in &program.layout.stock_runs {
                        let at = i64::from(start) * 8;
                        let to = b.ins().iadd_imm_s(f.curr, at);
                        let from = b.ins().iadd_imm_s(next, at);
                        f.copy(b, to, from, u64::from(stop - start) * 8);
                    }
                }
                StepAction::Advance => {
                    step = b.ins().iadd_imm_s(step, 1);
                    b.ins().store(flags(), step, f.jctx, offsets::STEP);
                    let k = b.ins().fcvt_from_uint(types::F64, step);
                    f.store_time(b, k, None);
                    b.ins().store(flags(), k, f.curr, Global::Step.slot() as i32 * 8);
                }
                StepAction::RefreshHoisted => {
                    let stale = b.ins().load(types::I64, flags(), f.jctx, offsets::STALE);
                    let (refresh, fresh) = (b.create_block(), b.create_block());
                    b.ins().brif(stale, refresh, &[], fresh, &[]);
                    b.switch_to_block(refresh);
                    f.run_hoisted(b, hoisted);
                    b.ins().jump(fresh, &[]);
                    b.switch_to_block(fresh);
                }
                StepAction::Flows => f.call_part(b, flows),
                StepAction::SaveIfDue => f.save_if_due(b, step),
            }
        }
        b.ins().jump(header, &[]);

        b.switch_to_block(exit);
        b.ins().return_(&[]);
    })
}

/// Declares and defines the start of `program` (exported: object files only).
pub(crate) fn define_start<M: Module>(module: &mut M, program: &Program, root: &RootParts) -> Result<FuncId, JitError> {
    define_fn(module, program, START_SYMBOL, false, Linkage::Export, |module, b, f, _| {
        let initials = module.declare_func_in_func(root.initials, b.func);
        let hoisted = module.declare_func_in_func(root.hoisted, b.func);
        let flows = module.declare_func_in_func(root.flows, b.func);
        let specs = &program.specs;
        for action in drive::START {
            match action {
                StartAction::SetGlobals => {
                    f.store_global(b, Global::Time, specs.start);
                    f.store_global(b, Global::Dt, specs.dt);
                    f.store_global(b, Global::InitialTime, specs.start);
                    f.store_global(b, Global::FinalTime, specs.stop);
                    f.store_global(b, Global::Step, 0.0);
                    b.ins().store(flags(), f.zero, f.jctx, offsets::STEP);
                }
                StartAction::Initials => f.call_part(b, initials),
                StartAction::KeepInit => {
                    let init = b.ins().load(f.config.pointer_type(), flags(), f.jctx, offsets::INIT);
                    f.copy(b, init, f.curr, f.n_slots() * 8);
                }
                StartAction::Hoisted => f.run_hoisted(b, hoisted),
                StartAction::Flows => f.call_part(b, flows),
                StartAction::SaveIfDue => f.save_if_due(b, f.zero),
            }
        }
        b.ins().return_(&[]);
    })
}
