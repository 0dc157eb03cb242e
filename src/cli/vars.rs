//! `millrace vars`: what a model offers a user: its constants (what `--set`, `--vary`
//! and `--sweep` accept) with default, units and documented range; its stocks; its
//! other outputs (flows and auxiliaries). As text, or `--json` for programs.

use std::path::Path;

use millrace::engine::ir::{SlotKind, VarSlot};
use millrace::engine::results::format_f64;
use millrace::{Model, Notes};
use serde_json::{Value, json};

use super::open;

/// One listed variable and what the file says about it.
pub(crate) struct Entry<'a> {
    pub(crate) var: &'a VarSlot,
    /// The compiled default (constants only: stocks' numeric initial values too).
    pub(crate) default: Option<f64>,
    pub(crate) notes: Notes,
}

/// Constants, stocks, outputs: every output variable in exactly one of the three.
/// Every entry with a default is settable (`--set NAME=VALUE`). `millrace web` makes a
/// slider of every constant listed here, so the page and `vars` never disagree.
pub(crate) fn sections(model: &Model) -> [(&'static str, Vec<Entry<'_>>); 3] {
    let layout = &model.program().layout;
    let mut constants = Vec::new();
    let mut stocks = Vec::new();
    let mut outputs = Vec::new();
    for var in layout.outputs() {
        let overridable = layout.overridable.get(var.slot as usize) == Some(&true);
        let default = overridable.then(|| layout.const_default[var.slot as usize]);
        let entry = Entry { var, default, notes: model.notes(&var.name).cloned().unwrap_or_default() };
        // A stock with a numeric initial value is settable too; it is still listed
        // as a stock, with that value as its default.
        match var.kind {
            SlotKind::Stock => stocks.push(entry),
            _ if overridable => constants.push(entry),
            _ => outputs.push(entry),
        }
    }
    [("constants", constants), ("stocks", stocks), ("outputs", outputs)]
}

pub(crate) fn kind_name(kind: SlotKind) -> &'static str {
    match kind {
        SlotKind::Global => "global",
        SlotKind::Stock => "stock",
        SlotKind::Flow => "flow",
        SlotKind::Aux => "aux",
        SlotKind::Constant => "constant",
    }
}

fn to_json(sections: &[(&'static str, Vec<Entry<'_>>)]) -> Value {
    let entry = |e: &Entry<'_>| {
        json!({
            "name": e.var.name,
            "kind": kind_name(e.var.kind),
            "default": e.default,
            "units": e.notes.units,
            "range": e.notes.range.map(|(lo, hi)| [lo, hi]),
            "doc": e.notes.doc,
        })
    };
    let map = sections.iter().map(|(title, entries)| (title.to_string(), entries.iter().map(entry).collect()));
    Value::Object(map.collect())
}

fn to_text(sections: &[(&'static str, Vec<Entry<'_>>)]) -> String {
    let mut out = String::new();
    for (title, entries) in sections {
        out += &format!("{title} ({}):\n", entries.len());
        for e in entries {
            let mut line = format!("  {}", e.var.name);
            if let Some(d) = e.default {
                line += &format!(" = {}", format_f64(d));
            }
            if let Some(units) = &e.notes.units {
                line += &format!(" [{units}]");
            }
            if let Some((lo, hi)) = e.notes.range {
                line += &format!(" range {}..{}", format_f64(lo), format_f64(hi));
            }
            if e.default.is_none() {
                line += &format!(" ({})", kind_name(e.var.kind));
            }
            out += &line;
            out.push('\n');
        }
    }
    out
}

pub fn vars(path: &Path, as_json: bool) -> Result<(), String> {
    let model = open(path)?;
    let sections = sections(&model);
    let text = if as_json {
        serde_json::to_string_pretty(&to_json(&sections)).map_err(|e| format!("error: {e}"))? + "\n"
    } else {
        to_text(&sections)
    };
    super::print_stdout(&text)
}
