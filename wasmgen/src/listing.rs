//! The JSON listing written beside a blob (`model.listing.json`): everything another
//! host needs to drive the module and read its memory: variable name -> slot, the run
//! geometry, every region's address, the imports it must bind and the exports it may call.

use millrace_engine::Program;
use millrace_engine::ir::SlotKind;
use millrace_engine::numerics::{HOST_MODULE, HostFn};
use serde_json::{Map, Value, json};
use wasm_encoder::ValType;

use crate::emit::{EXPORTS, Sig, Status, host_sig};
use crate::layout::{MemoryLayout, SAVED_ROWS, STALE, STARTED, STEP};

/// Version of the listing format; bumped when a field changes meaning.
pub const FORMAT_VERSION: u32 = 1;

fn val_type(t: &ValType) -> &'static str {
    match t {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        _ => "other",
    }
}

fn sig_json(sig: Sig) -> (Value, Value) {
    (sig.0.iter().map(val_type).collect(), sig.1.iter().map(val_type).collect())
}

fn kind(k: SlotKind) -> &'static str {
    match k {
        SlotKind::Global => "global",
        SlotKind::Stock => "stock",
        SlotKind::Flow => "flow",
        SlotKind::Aux => "aux",
        SlotKind::Constant => "constant",
    }
}

/// The listing of `program`'s blob, pretty-printed JSON.
pub fn listing(program: &Program, layout: &MemoryLayout) -> String {
    let specs = &program.specs;
    let vars: Vec<Value> = program
        .layout
        .vars
        .iter()
        .map(|v| {
            json!({
                "name": v.name,
                "slot": v.slot,
                "kind": kind(v.kind),
                "output": v.output,
                "overridable": program.layout.overridable.get(v.slot as usize).copied().unwrap_or(false),
            })
        })
        .collect();
    let slots: Map<String, Value> = program.layout.vars.iter().map(|v| (v.name.clone(), json!(v.slot))).collect();
    let imports: Vec<Value> = HostFn::ALL
        .iter()
        .map(|&f| {
            let (params, results) = sig_json(host_sig(f));
            json!({ "module": HOST_MODULE, "name": f.import_name(), "params": params, "results": results })
        })
        .collect();
    let exports: Vec<Value> = EXPORTS
        .iter()
        .map(|e| {
            let (params, results) = sig_json(e.sig);
            json!({ "name": e.name, "params": params, "results": results, "doc": e.doc })
        })
        .collect();
    let status: Map<String, Value> =
        Status::ALL.iter().map(|s| ((*s as i32).to_string(), json!(s.describe()))).collect();
    let tables: Vec<Value> = program
        .tables
        .iter()
        .zip(&layout.tables)
        .map(|(t, a)| json!({ "name": t.name, "xs_offset": a.xs, "ys_offset": a.ys, "n": a.n }))
        .collect();
    let doc = json!({
        "format": "millrace-wasm-listing",
        "version": FORMAT_VERSION,
        "model": program.name,
        "specs": {
            "start": specs.start,
            "stop": specs.stop,
            "dt": specs.dt,
            "save_every": specs.save_every,
            "n_steps": specs.n_steps,
            "n_rows": specs.n_rows,
        },
        "geometry": {
            "n_slots": layout.n_slots,
            "n_chunks": layout.n_rows,
            "n_buf": layout.n_buf,
            "results_offset": layout.results,
            "curr_offset": layout.curr,
            "next_offset": layout.next,
            "const_offset": layout.consts,
            "const_default_offset": layout.const_default,
            "init_offset": layout.init,
            "prev_offset": layout.prev,
            "bufs_offset": layout.bufs,
            "overridable_offset": layout.overridable,
            "marks_offset": layout.marks,
            "step_offset": STEP,
            "saved_rows_offset": SAVED_ROWS,
            "started_offset": STARTED,
            "stale_offset": STALE,
            "memory_bytes": layout.memory_bytes(),
            "pages": layout.pages,
        },
        "slots": slots,
        "variables": vars,
        "tables": tables,
        "imports": imports,
        "exports": exports,
        "status": status,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
