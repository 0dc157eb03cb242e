//! Small vocabulary shared by the function generators: memory operands, constants and
//! the truthiness test, so each generator reads as the rule it implements.

use wasm_encoder::{Ieee64, InstructionSink, MemArg};

/// `f64::EPSILON`, the truthiness and equality threshold of `numerics`.
pub const EPSILON: f64 = f64::EPSILON;

/// An 8-byte-aligned f64 (or i64) operand at static `offset` from the address on the stack.
pub fn f64_at(offset: u32) -> MemArg {
    MemArg { offset: offset as u64, align: 3, memory_index: 0 }
}

/// A 4-byte-aligned i32 operand.
pub fn i32_at(offset: u32) -> MemArg {
    MemArg { offset: offset as u64, align: 2, memory_index: 0 }
}

/// A byte operand.
pub fn byte_at(offset: u32) -> MemArg {
    MemArg { offset: offset as u64, align: 0, memory_index: 0 }
}

pub fn f64c(v: f64) -> Ieee64 {
    Ieee64::from(v)
}

/// The canonical NaN every `numerics` rule returns (`f64::NAN`).
pub fn nan() -> Ieee64 {
    Ieee64::new(f64::NAN.to_bits())
}

/// An address operand: the constant `a` (reinterpreted as i32; addresses stay below 4 GiB).
pub fn addr(sink: &mut InstructionSink<'_>, a: u32) {
    sink.i32_const(a as i32);
}

/// Pops an f64 `x`, pushes `numerics::round(x)`:
/// `t = trunc(x); |x - t| >= 0.5 ? t + copysign(1, x) : t` (not `f64.nearest`, which
/// rounds halves to even). `x` and `t` are f64 locals it may overwrite.
pub fn round(sink: &mut InstructionSink<'_>, x: u32, t: u32) {
    sink.local_set(x).local_get(x).f64_trunc().local_set(t);
    sink.local_get(t).f64_const(f64c(1.0)).local_get(x).f64_copysign().f64_add();
    sink.local_get(t);
    sink.local_get(x).local_get(t).f64_sub().f64_abs().f64_const(f64c(0.5)).f64_ge();
    sink.select();
}

/// Pops an f64 `v`, pushes `truthy(v)` as an i32: `!(|v| <= EPSILON)`, which is
/// `|v| > EPSILON || v is NaN` (every comparison with NaN is false).
pub fn truthy(sink: &mut InstructionSink<'_>) {
    sink.f64_abs().f64_const(f64c(EPSILON)).f64_le().i32_eqz();
}

/// Pops an f64 `v`, pushes `!truthy(v)` as an i32.
pub fn falsy(sink: &mut InstructionSink<'_>) {
    sink.f64_abs().f64_const(f64c(EPSILON)).f64_le();
}
