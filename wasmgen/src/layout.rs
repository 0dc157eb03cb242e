//! The linear memory of one blob: where every region lives, computed once per program.
//!
//! The blob owns all of this memory; a host only reads it (results, live values) and
//! calls exports. Regions, in address order (docs/wasm.md has the same table):
//!
//! | region | size | contents |
//! |---|---|---|
//! | control | 64 bytes | `step` (u64 at 0), `saved_rows` (u32 at 8), `started` (u32 at 12), `stale` (u32 at 16) |
//! | curr | n_slots f64 | live values; slot `s` at `curr + 8 s` |
//! | next | n_slots f64 | stocks one DT later (written by the stocks phase) |
//! | const | n_slots f64 | current value of each overridable constant, by absolute slot |
//! | const_default | n_slots f64 | compiled defaults (read-only; `clear_values` copies it into const) |
//! | init | n_slots f64 | the INIT snapshot: `curr` right after the initials |
//! | prev | n_slots f64 | the PREVIOUS snapshot: `curr` before the last step's stocks |
//! | bufs | n_buf f64 | ring buffers of the pipeline delays |
//! | tables | per table: xs then ys, f64 | graphical functions (read-only) |
//! | overridable | n_slots bytes | 1 where `set_value` is allowed (read-only) |
//! | marks | n_slots bytes | 1 where a constant was overridden |
//! | results | n_rows x n_slots f64 | saved rows, step-major, TIME in column 0 |
//!
//! Every f64 region starts on an 8-byte boundary. The memory has a fixed size
//! (minimum = maximum pages): the blob never grows it, so the addresses in the listing
//! stay valid for the life of an instance.

use millrace_engine::Program;

use crate::WasmError;

/// Bytes in a wasm page.
pub const PAGE: u64 = 65536;
/// Bytes of the control block at address 0.
pub const CONTROL_BYTES: u32 = 64;
/// Address of the step counter (u64): the step whose flows `curr` holds.
pub const STEP: u32 = 0;
/// Address of the number of saved rows (u32).
pub const SAVED_ROWS: u32 = 8;
/// Address of the started flag (u32): 1 once the initials have run.
pub const STARTED: u32 = 12;
/// Address of the stale flag (u32): 1 when a `set_value` came after the hoisted phase
/// last ran, so it runs again before the next flows (`drive::StepAction::RefreshHoisted`).
pub const STALE: u32 = 16;

/// Where one graphical-function table lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableAddr {
    pub xs: u32,
    pub ys: u32,
    /// Number of knots.
    pub n: u32,
}

/// Byte addresses of every region of the blob's memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryLayout {
    pub n_slots: u32,
    pub n_buf: u32,
    pub n_rows: u32,
    pub curr: u32,
    pub next: u32,
    pub consts: u32,
    pub const_default: u32,
    pub init: u32,
    pub prev: u32,
    pub bufs: u32,
    pub tables: Vec<TableAddr>,
    pub overridable: u32,
    pub marks: u32,
    pub results: u32,
    /// Bytes actually used (the memory is this rounded up to whole pages).
    pub used_bytes: u64,
    pub pages: u64,
}

/// Hands out consecutive regions, checking that they stay within wasm32's 4 GiB.
struct Cursor {
    at: u64,
}

impl Cursor {
    fn take(&mut self, what: &str, bytes: u64) -> Result<u32, WasmError> {
        let start = self.at.next_multiple_of(8);
        let end = start + bytes;
        if end > MAX_BYTES {
            return Err(WasmError::TooLarge(format!(
                "the {what} region needs {bytes} bytes, which takes the blob's memory past {MAX_BYTES} bytes \
                 (wasm32 addresses at most 4 GiB)"
            )));
        }
        self.at = end;
        Ok(start as u32)
    }
}

/// Largest memory a blob may have: 4 GiB less one page, so every address and every
/// `address + 8` fits an i32 without wrapping.
const MAX_BYTES: u64 = (1 << 32) - PAGE;

impl MemoryLayout {
    pub fn new(program: &Program) -> Result<MemoryLayout, WasmError> {
        let layout = &program.layout;
        let n = layout.n_slots as u64;
        let n_rows = program.specs.n_rows;
        if n_rows > u32::MAX as u64 {
            return Err(WasmError::TooLarge(format!("{n_rows} saved rows do not fit a wasm32 memory")));
        }
        let f64s = |k: u64| k * 8;
        let mut c = Cursor { at: CONTROL_BYTES as u64 };
        let curr = c.take("curr", f64s(n))?;
        let next = c.take("next", f64s(n))?;
        let consts = c.take("const", f64s(n))?;
        let const_default = c.take("const_default", f64s(n))?;
        let init = c.take("init", f64s(n))?;
        let prev = c.take("prev", f64s(n))?;
        let bufs = c.take("pipeline buffer", f64s(layout.n_buf as u64))?;
        let mut tables = Vec::with_capacity(program.tables.len());
        for t in &program.tables {
            let k = t.xs.len() as u64;
            let xs = c.take("graphical-function", f64s(k))?;
            let ys = c.take("graphical-function", f64s(k))?;
            tables.push(TableAddr { xs, ys, n: k as u32 });
        }
        let overridable = c.take("overridable flags", n)?;
        let marks = c.take("marks", n)?;
        let results = c.take(&format!("results ({n_rows} rows x {n} slots)"), f64s(n) * n_rows)?;
        let used_bytes = c.at;
        let pages = used_bytes.div_ceil(PAGE).max(1);
        Ok(MemoryLayout {
            n_slots: layout.n_slots,
            n_buf: layout.n_buf,
            n_rows: n_rows as u32,
            curr,
            next,
            consts,
            const_default,
            init,
            prev,
            bufs,
            tables,
            overridable,
            marks,
            results,
            used_bytes,
            pages,
        })
    }

    /// Bytes of one f64-per-slot region (also the bytes of one results row).
    pub fn row_bytes(&self) -> u32 {
        self.n_slots * 8
    }

    /// Total bytes of the memory (whole pages).
    pub fn memory_bytes(&self) -> u64 {
        self.pages * PAGE
    }
}
