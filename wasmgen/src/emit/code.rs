//! Small vocabulary shared by the function generators: memory operands and constants.

use wasm_encoder::{Ieee64, InstructionSink, MemArg};

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
