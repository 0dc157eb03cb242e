//! Internal helper functions too long to inline at every use: approximate equality
//! and the two pipeline-delay statements. Each is the `numerics` / vm rule of the same
//! name, operation for operation.

use wasm_encoder::{BlockType, Function, ValType};

use super::code::{f64_at, f64c, round};
use super::{Defined, Funcs};
use crate::layout::MemoryLayout;

pub(crate) fn functions(funcs: &Funcs, layout: &MemoryLayout) -> Vec<Defined> {
    vec![
        Defined {
            index: funcs.approx_eq,
            sig: (&[ValType::F64, ValType::F64], &[ValType::I32]),
            name: "approx_eq".into(),
            body: approx_eq(),
        },
        Defined {
            index: funcs.pipeline_init,
            sig: (&[ValType::F64, ValType::F64, ValType::I32, ValType::I32, ValType::I32], &[]),
            name: "pipeline_init".into(),
            body: pipeline_init(layout),
        },
        Defined {
            index: funcs.pipeline_in,
            sig: (&[ValType::F64, ValType::I32, ValType::I32], &[]),
            name: "pipeline_in".into(),
            body: pipeline_in(),
        },
    ]
}

/// `numerics::approx_eq(a, b)` as an i32:
/// `a == b` -> 1; either not finite -> 0; `|a - b| <= EPSILON` -> 1; signs differ -> 0;
/// else `|bits(a) - bits(b)|` (as i64, wrapping, unsigned magnitude) `<= 4`.
fn approx_eq() -> Function {
    const A: u32 = 0;
    const B: u32 = 1;
    const IA: u32 = 2;
    const IB: u32 = 3;
    const D: u32 = 4;
    let mut f = Function::new([(3, ValType::I64)]);
    let mut s = f.instructions();
    s.local_get(A).local_get(B).f64_eq().if_(BlockType::Empty).i32_const(1).return_().end();
    // is_finite(v) == |v| < inf (false for NaN)
    for v in [A, B] {
        s.local_get(v).f64_abs().f64_const(f64c(f64::INFINITY)).f64_lt().i32_eqz();
        s.if_(BlockType::Empty).i32_const(0).return_().end();
    }
    s.local_get(A).local_get(B).f64_sub().f64_abs().f64_const(f64c(f64::EPSILON)).f64_le();
    s.if_(BlockType::Empty).i32_const(1).return_().end();
    s.local_get(A).i64_reinterpret_f64().local_set(IA);
    s.local_get(B).i64_reinterpret_f64().local_set(IB);
    // is_sign_negative(a) != is_sign_negative(b)
    s.local_get(IA).i64_const(0).i64_lt_s().local_get(IB).i64_const(0).i64_lt_s().i32_ne();
    s.if_(BlockType::Empty).i32_const(0).return_().end();
    // d = ia - ib (wrapping); |d| as unsigned <= 4
    s.local_get(IA).local_get(IB).i64_sub().local_set(D);
    s.i64_const(0).local_get(D).i64_sub().local_get(D).local_get(D).i64_const(0).i64_lt_s().select();
    s.i64_const(4).i64_le_u();
    s.end();
    f
}

/// `PipelineInit` (vm `PipeInit`): `steps = pipeline_steps(delay, DT, capacity)`;
/// `curr[state] = steps`, `curr[state + 1] = 0`; the first `steps` ring values = init.
/// Params: delay, init, address of `curr[base + state]`, address of the ring, capacity.
fn pipeline_init(layout: &MemoryLayout) -> Function {
    const DELAY: u32 = 0;
    const INIT: u32 = 1;
    const STATE: u32 = 2;
    const RING: u32 = 3;
    const CAP: u32 = 4;
    const X: u32 = 5;
    const T: u32 = 6;
    const STEPS: u32 = 7;
    const I: u32 = 8;
    let mut f = Function::new([(2, ValType::F64), (2, ValType::I32)]);
    let mut s = f.instructions();
    // x = delay / DT (DT read from live curr, as the vm does)
    s.local_get(DELAY).i32_const(0).f64_load(f64_at(layout.curr + 8)).f64_div();
    round(&mut s, X, T);
    s.local_set(X);
    // steps = x >= capacity ? capacity : x >= 1 ? x as u32 : 1
    s.local_get(CAP);
    s.local_get(X).i32_trunc_sat_f64_u().i32_const(1).local_get(X).f64_const(f64c(1.0)).f64_ge().select();
    s.local_get(X).local_get(CAP).f64_convert_i32_u().f64_ge().select().local_set(STEPS);
    s.local_get(STATE).local_get(STEPS).f64_convert_i32_u().f64_store(f64_at(0));
    s.local_get(STATE).f64_const(f64c(0.0)).f64_store(f64_at(8));
    // for i in 0..steps: ring[i] = init
    s.i32_const(0).local_set(I);
    s.block(BlockType::Empty).loop_(BlockType::Empty);
    s.local_get(I).local_get(STEPS).i32_ge_u().br_if(1);
    s.local_get(RING).local_get(I).i32_const(3).i32_shl().i32_add().local_get(INIT).f64_store(f64_at(0));
    s.local_get(I).i32_const(1).i32_add().local_set(I).br(0);
    s.end().end();
    s.end();
    f
}

/// `PipelineIn` (vm `PipeIn`): `ring[head] = input`; `head = head + 1 >= steps ? 0 : head + 1`.
/// Params: input, address of `curr[base + state]`, address of the ring.
fn pipeline_in() -> Function {
    const INPUT: u32 = 0;
    const STATE: u32 = 1;
    const RING: u32 = 2;
    const STEPS: u32 = 3;
    const HEAD: u32 = 4;
    let mut f = Function::new([(2, ValType::I32)]);
    let mut s = f.instructions();
    s.local_get(STATE).f64_load(f64_at(0)).i32_trunc_sat_f64_u().local_set(STEPS);
    s.local_get(STATE).f64_load(f64_at(8)).i32_trunc_sat_f64_u().local_set(HEAD);
    s.local_get(RING).local_get(HEAD).i32_const(3).i32_shl().i32_add().local_get(INPUT).f64_store(f64_at(0));
    s.local_get(STATE);
    s.i32_const(0).local_get(HEAD).i32_const(1).i32_add().local_get(HEAD).i32_const(1).i32_add();
    s.local_get(STEPS).i32_ge_u().select();
    s.f64_convert_i32_u().f64_store(f64_at(8));
    s.end();
    f
}
