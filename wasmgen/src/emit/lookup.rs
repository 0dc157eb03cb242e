//! Graphical-function lookups in wasm: `numerics::lookup` comparison for comparison.
//! The search is the same linear scan (`position` / `rposition`) and the segment formula
//! the same `t = (x - x0) / (x1 - x0); y0 + t * (y1 - y0)`, so every result is the vm's.
//!
//! Each lookup function takes `(x: f64, xs: i32, ys: i32, n: i32)`: the addresses of a
//! table's knots in memory and their number (at least 1).

use wasm_encoder::{BlockType, Function, ValType};

use super::code::{f64_at, nan};
use super::{Defined, Funcs};

const X: u32 = 0;
const XS: u32 = 1;
const YS: u32 = 2;
const N: u32 = 3;

pub(crate) fn functions(funcs: &Funcs) -> Vec<Defined> {
    use ValType::{F64, I32};
    vec![
        Defined { index: funcs.interp, sig: (&[F64, I32, I32], &[F64]), name: "interpolate".into(), body: interp() },
        Defined {
            index: funcs.lookup_interp,
            sig: (&[F64, I32, I32, I32, I32], &[F64]),
            name: "lookup_table".into(),
            body: lookup_interp(funcs.interp),
        },
        Defined {
            index: funcs.lookup_forward,
            sig: (&[F64, I32, I32, I32], &[F64]),
            name: "lookup_forward".into(),
            body: lookup_forward(),
        },
        Defined {
            index: funcs.lookup_backward,
            sig: (&[F64, I32, I32, I32], &[F64]),
            name: "lookup_backward".into(),
            body: lookup_backward(),
        },
    ]
}

/// `numerics::interpolate` on the segment whose knots are at addresses `xa` and `ya`:
/// `t = (x - xs[i]) / (xs[i+1] - xs[i]); ys[i] + t * (ys[i+1] - ys[i])`.
fn interp() -> Function {
    const XA: u32 = 1;
    const YA: u32 = 2;
    let mut f = Function::new([]);
    let mut s = f.instructions();
    s.local_get(YA).f64_load(f64_at(0));
    s.local_get(X).local_get(XA).f64_load(f64_at(0)).f64_sub();
    s.local_get(XA).f64_load(f64_at(8)).local_get(XA).f64_load(f64_at(0)).f64_sub();
    s.f64_div();
    s.local_get(YA).f64_load(f64_at(8)).local_get(YA).f64_load(f64_at(0)).f64_sub();
    s.f64_mul().f64_add();
    s.end();
    f
}

/// `Table` mode on a continuous or extrapolating table. Extra param `extrapolate`
/// (i32): the table extrapolates and has at least two knots.
fn lookup_interp(interp: u32) -> Function {
    const EXTRAP: u32 = 4;
    const I: u32 = 5;
    const LAST: u32 = 6;
    let mut f = Function::new([(2, ValType::I32)]);
    let mut s = f.instructions();
    // NaN in, NaN out.
    s.local_get(X).local_get(X).f64_ne().if_(BlockType::Empty).f64_const(nan()).return_().end();
    // x <= xs[0]
    s.local_get(X).local_get(XS).f64_load(f64_at(0)).f64_le().if_(BlockType::Empty);
    {
        // extrapolate && x < xs[0] && xs[1] != xs[0]: the first segment
        s.local_get(EXTRAP).if_(BlockType::Empty);
        s.local_get(X).local_get(XS).f64_load(f64_at(0)).f64_lt().if_(BlockType::Empty);
        s.local_get(XS).f64_load(f64_at(8)).local_get(XS).f64_load(f64_at(0)).f64_ne().if_(BlockType::Empty);
        s.local_get(X).local_get(XS).local_get(YS).call(interp).return_();
        s.end().end().end();
        s.local_get(YS).f64_load(f64_at(0)).return_();
    }
    s.end();
    // LAST = 8 (n - 1), the byte offset of the last knot
    s.local_get(N).i32_const(1).i32_sub().i32_const(3).i32_shl().local_set(LAST);
    // x >= xs[n-1]
    s.local_get(X).local_get(XS).local_get(LAST).i32_add().f64_load(f64_at(0)).f64_ge().if_(BlockType::Empty);
    {
        // extrapolate && x > xs[n-1] && xs[n-1] != xs[n-2]: the last segment
        s.local_get(EXTRAP).if_(BlockType::Empty);
        s.local_get(X).local_get(XS).local_get(LAST).i32_add().f64_load(f64_at(0)).f64_gt().if_(BlockType::Empty);
        s.local_get(XS).local_get(LAST).i32_add().f64_load(f64_at(0));
        s.local_get(XS).local_get(LAST).i32_add().i32_const(8).i32_sub().f64_load(f64_at(0));
        s.f64_ne().if_(BlockType::Empty);
        s.local_get(X);
        s.local_get(XS).local_get(LAST).i32_add().i32_const(8).i32_sub();
        s.local_get(YS).local_get(LAST).i32_add().i32_const(8).i32_sub();
        s.call(interp).return_();
        s.end().end().end();
        s.local_get(YS).local_get(LAST).i32_add().f64_load(f64_at(0)).return_();
    }
    s.end();
    // i = the last knot with xs[i] <= x (rposition), 0 if none: scan down from n - 1.
    s.local_get(LAST).local_set(I);
    s.block(BlockType::Empty).loop_(BlockType::Empty);
    s.local_get(XS).local_get(I).i32_add().f64_load(f64_at(0)).local_get(X).f64_le().br_if(1);
    s.local_get(I).i32_eqz().br_if(1);
    s.local_get(I).i32_const(8).i32_sub().local_set(I).br(0);
    s.end().end();
    s.local_get(X).local_get(XS).local_get(I).i32_add().local_get(YS).local_get(I).i32_add().call(interp);
    s.end();
    f
}

/// `Forward` mode: `ys[i]` for the first knot with `xs[i] >= x`, `ys[n-1]` if none.
fn lookup_forward() -> Function {
    const I: u32 = 4;
    let mut f = Function::new([(1, ValType::I32)]);
    let mut s = f.instructions();
    s.local_get(X).local_get(X).f64_ne().if_(BlockType::Empty).f64_const(nan()).return_().end();
    s.i32_const(0).local_set(I);
    s.loop_(BlockType::Empty);
    {
        s.local_get(I).local_get(N).i32_ge_u().if_(BlockType::Empty);
        s.local_get(YS).local_get(N).i32_const(1).i32_sub().i32_const(3).i32_shl().i32_add();
        s.f64_load(f64_at(0)).return_();
        s.end();
        s.local_get(XS).local_get(I).i32_const(3).i32_shl().i32_add().f64_load(f64_at(0)).local_get(X).f64_ge();
        s.if_(BlockType::Empty);
        s.local_get(YS).local_get(I).i32_const(3).i32_shl().i32_add().f64_load(f64_at(0)).return_();
        s.end();
        s.local_get(I).i32_const(1).i32_add().local_set(I).br(0);
    }
    s.end();
    s.unreachable();
    s.end();
    f
}

/// `Backward` mode and discrete tables: `ys[i]` for the last knot with `xs[i] <= x`,
/// `ys[0]` if none.
fn lookup_backward() -> Function {
    const I: u32 = 4;
    let mut f = Function::new([(1, ValType::I32)]);
    let mut s = f.instructions();
    s.local_get(X).local_get(X).f64_ne().if_(BlockType::Empty).f64_const(nan()).return_().end();
    s.local_get(N).local_set(I);
    s.loop_(BlockType::Empty);
    {
        s.local_get(I).i32_eqz().if_(BlockType::Empty);
        s.local_get(YS).f64_load(f64_at(0)).return_();
        s.end();
        s.local_get(I).i32_const(1).i32_sub().local_set(I);
        s.local_get(XS).local_get(I).i32_const(3).i32_shl().i32_add().f64_load(f64_at(0)).local_get(X).f64_le();
        s.if_(BlockType::Empty);
        s.local_get(YS).local_get(I).i32_const(3).i32_shl().i32_add().f64_load(f64_at(0)).return_();
        s.end();
        s.br(0);
    }
    s.end();
    s.unreachable();
    s.end();
    f
}
