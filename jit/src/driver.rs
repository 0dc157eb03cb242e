//! The stepping loop as generated code: `fn(ctx: *mut JitCtx, end: i64)` runs whole
//! steps until `ctx.step` is `end`, each exactly as `millrace_engine::state::step`
//! does (that function is the specification, and the vm runs it): keep `curr` in
//! `prev` when the program reads PREVIOUS, run the stocks, copy the stock runs from
//! `next` to `curr`, advance the step and TIME (`start + step * dt`, the same two IEEE
//! operations), run the flows, save the row when due. A step of a small model costs a
//! few nanoseconds; two calls from Rust per step, each building a context, cost as
//! much again.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{AbiParam, InstBuilder, MemFlagsData, Signature, Value, types};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{FuncId, Linkage, Module};
use millrace_engine::ir::{Global, Program};

use crate::JitError;
use crate::ctx::offsets;

fn flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

fn signature<M: Module>(module: &M) -> Signature {
    let ptr = module.target_config().pointer_type();
    let mut sig = module.make_signature();
    sig.params.extend([AbiParam::new(ptr), AbiParam::new(types::I64)]);
    sig
}

/// The stepping loop's name, exported from object files (`fn(ctx: *mut JitCtx, end: i64)`).
pub const STEPS_SYMBOL: &str = "millrace_steps";

/// Declares and defines the driver of `program`, whose root stocks and flows are
/// `stocks` and `flows` (`fn(ctx, base, buf_base)`); `linkage` is `Export` in object
/// files, so that their test runs this loop rather than a copy of it.
pub(crate) fn define<M: Module>(
    module: &mut M,
    program: &Program,
    stocks: FuncId,
    flows: FuncId,
    linkage: Linkage,
) -> Result<FuncId, JitError> {
    let err = |e: cranelift_module::ModuleError| JitError::Codegen(e.to_string());
    let id = module.declare_function(STEPS_SYMBOL, linkage, &signature(module)).map_err(err)?;
    let mut ctx = module.make_context();
    ctx.func.signature = signature(module);
    let mut fctx = FunctionBuilderContext::new();
    let config = module.target_config();
    let ptr = config.pointer_type();
    let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
    let stocks = module.declare_func_in_func(stocks, b.func);
    let flows = module.declare_func_in_func(flows, b.func);

    let entry = b.create_block();
    let header = b.create_block();
    let body = b.create_block();
    let save = b.create_block();
    let exit = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let [jctx, end] = [0, 1].map(|i| b.block_params(entry)[i]);
    let field = |b: &mut FunctionBuilder, off: i32| b.ins().load(ptr, flags(), jctx, off);
    let curr = field(&mut b, offsets::CURR);
    let next = field(&mut b, offsets::NEXT);
    let prev = field(&mut b, offsets::PREV);
    let results = field(&mut b, offsets::RESULTS);
    let zero = b.ins().iconst(types::I64, 0);
    b.ins().jump(header, &[]);

    // while ctx.step < end
    b.switch_to_block(header);
    let step = b.ins().load(types::I64, flags(), jctx, offsets::STEP);
    let more = b.ins().icmp(IntCC::UnsignedLessThan, step, end);
    b.ins().brif(more, body, &[], exit, &[]);

    b.switch_to_block(body);
    let n_slots = u64::from(program.layout.n_slots);
    let copy = |b: &mut FunctionBuilder, to: Value, from: Value, bytes: u64| {
        b.emit_small_memory_copy(config, to, from, bytes, 8, 8, true, flags());
    };
    if program.uses_previous() {
        copy(&mut b, prev, curr, n_slots * 8);
    }
    b.ins().call(stocks, &[jctx, zero, zero]);
    for &(start, stop) in &program.layout.stock_runs {
        let at = i64::from(start) * 8;
        let to = b.ins().iadd_imm_s(curr, at);
        let from = b.ins().iadd_imm_s(next, at);
        copy(&mut b, to, from, u64::from(stop - start) * 8);
    }
    let step = b.ins().iadd_imm_s(step, 1);
    b.ins().store(flags(), step, jctx, offsets::STEP);
    let specs = &program.specs;
    let k = b.ins().fcvt_from_uint(types::F64, step);
    let dt = b.ins().f64const(specs.dt);
    let start = b.ins().f64const(specs.start);
    let offset = b.ins().fmul(k, dt);
    let time = b.ins().fadd(start, offset);
    b.ins().store(flags(), time, curr, Global::Time.slot() as i32 * 8);
    b.ins().call(flows, &[jctx, zero, zero]);
    // Save when step % save_every == 0 and saved_rows < n_rows.
    let rows = b.ins().load(types::I64, flags(), jctx, offsets::SAVED_ROWS);
    let phase = b.ins().urem_imm_s(step, specs.save_every as i64);
    let on_cadence = b.ins().icmp_imm_s(IntCC::Equal, phase, 0);
    let room = b.ins().icmp_imm_s(IntCC::UnsignedLessThan, rows, specs.n_rows as i64);
    let due = b.ins().band(on_cadence, room);
    b.ins().brif(due, save, &[], header, &[]);

    b.switch_to_block(save);
    let row_bytes = b.ins().imul_imm_s(rows, (n_slots * 8) as i64);
    let row = b.ins().iadd(results, row_bytes);
    copy(&mut b, row, curr, n_slots * 8);
    let rows = b.ins().iadd_imm_s(rows, 1);
    b.ins().store(flags(), rows, jctx, offsets::SAVED_ROWS);
    b.ins().jump(header, &[]);

    b.switch_to_block(exit);
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(config);
    module.define_function(id, &mut ctx).map_err(|e| JitError::Codegen(format!("stepping loop: {e}")))?;
    Ok(id)
}
