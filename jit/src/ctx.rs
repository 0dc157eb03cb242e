//! The context every generated function receives: where one simulation instance's
//! memory is. `#[repr(C)]` because generated code (and the C driver of the aarch64
//! test) reads its fields at the fixed offsets below.

use millrace_engine::state::Memory;

#[repr(C)]
#[derive(Debug)]
pub struct JitCtx {
    pub curr: *mut f64,
    pub next: *mut f64,
    pub consts: *const f64,
    pub init: *const f64,
    pub prev: *mut f64,
    pub bufs: *mut f64,
    /// The step whose flows `curr` holds (PREVIOUS reads its initial value at step 0).
    pub step: u64,
    /// The results slab (`n_rows x n_slots`); only the stepping loop reads this and
    /// the next field.
    pub results: *mut f64,
    /// Rows saved so far.
    pub saved_rows: u64,
    /// Nonzero when the hoisted phase must run again before the next flows
    /// (`Memory::stale`); the stepping loop clears it.
    pub stale: u64,
}

/// Byte offsets of the fields, as generated code reads them.
pub mod offsets {
    pub const CURR: i32 = 0;
    pub const NEXT: i32 = 8;
    pub const CONSTS: i32 = 16;
    pub const INIT: i32 = 24;
    pub const PREV: i32 = 32;
    pub const BUFS: i32 = 40;
    pub const STEP: i32 = 48;
    pub const RESULTS: i32 = 56;
    pub const SAVED_ROWS: i32 = 64;
    pub const STALE: i32 = 72;
}

impl JitCtx {
    /// A context over `mem`, valid while `mem` is borrowed and not resized.
    pub fn over(mem: &mut Memory) -> JitCtx {
        JitCtx {
            curr: mem.curr.as_mut_ptr(),
            next: mem.next.as_mut_ptr(),
            consts: mem.consts.as_ptr(),
            init: mem.init.as_ptr(),
            prev: mem.prev.as_mut_ptr(),
            bufs: mem.bufs.as_mut_ptr(),
            step: mem.step,
            results: mem.results.as_mut_ptr(),
            saved_rows: mem.saved_rows,
            stale: u64::from(mem.stale),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::offset_of;

    #[test]
    fn field_offsets_match_what_generated_code_reads() {
        assert_eq!(offset_of!(JitCtx, curr) as i32, offsets::CURR);
        assert_eq!(offset_of!(JitCtx, next) as i32, offsets::NEXT);
        assert_eq!(offset_of!(JitCtx, consts) as i32, offsets::CONSTS);
        assert_eq!(offset_of!(JitCtx, init) as i32, offsets::INIT);
        assert_eq!(offset_of!(JitCtx, prev) as i32, offsets::PREV);
        assert_eq!(offset_of!(JitCtx, bufs) as i32, offsets::BUFS);
        assert_eq!(offset_of!(JitCtx, step) as i32, offsets::STEP);
        assert_eq!(offset_of!(JitCtx, results) as i32, offsets::RESULTS);
        assert_eq!(offset_of!(JitCtx, saved_rows) as i32, offsets::SAVED_ROWS);
        assert_eq!(offset_of!(JitCtx, stale) as i32, offsets::STALE);
    }
}
