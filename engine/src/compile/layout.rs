//! Slot assignment. The root's frame is `[TIME, DT, INITIAL_TIME, FINAL_TIME]`, then
//! its stocks (contiguous, so one copy commits them after each step), then every other
//! variable in declaration order. Graphical functions without an equation get no slot.

use crate::ir::{Global, Layout, SlotKind, VarSlot};

use super::model::{ModelVars, Role};

/// Offsets of each variable (by `VarId`) in the module frame, and the frame size.
pub(crate) struct Frame {
    pub offsets: Vec<Option<u32>>,
    pub n_slots: u32,
    /// `[start, end)` of the stock slots.
    pub stocks: (u32, u32),
    /// Name of each slot, for listings.
    pub slot_names: Vec<String>,
}

pub(crate) fn root_frame(mv: &ModelVars<'_>) -> Frame {
    let mut offsets = vec![None; mv.vars.len()];
    let mut slot_names: Vec<String> = Global::ALL.iter().map(|g| g.name().to_owned()).collect();
    let stocks_first = mv
        .vars
        .iter()
        .enumerate()
        .filter(|(_, v)| v.role == Role::Stock);
    let others = mv
        .vars
        .iter()
        .enumerate()
        .filter(|(_, v)| matches!(v.role, Role::Flow | Role::Aux));
    let n_stocks = mv.vars.iter().filter(|v| v.role == Role::Stock).count() as u32;
    for (id, v) in stocks_first.chain(others) {
        offsets[id] = Some(slot_names.len() as u32);
        slot_names.push(v.canonical.clone());
    }
    let n_slots = slot_names.len() as u32;
    Frame {
        offsets,
        n_slots,
        stocks: (Global::COUNT, Global::COUNT + n_stocks),
        slot_names,
    }
}

/// The program layout of a model whose root frame is `frame`.
pub(crate) fn root_layout(mv: &ModelVars<'_>, frame: &Frame) -> Layout {
    let n = frame.n_slots as usize;
    let mut const_default = vec![0.0; n];
    let mut overridable = vec![false; n];
    let mut vars = Vec::new();
    for (id, v) in mv.vars.iter().enumerate() {
        let Some(slot) = frame.offsets[id] else {
            continue;
        };
        if let Some(value) = v.literal {
            const_default[slot as usize] = value;
            overridable[slot as usize] = true;
        }
        let kind = match (v.role, v.literal) {
            (Role::Stock, _) => SlotKind::Stock,
            (_, Some(_)) => SlotKind::Constant,
            (Role::Flow, None) => SlotKind::Flow,
            _ => SlotKind::Aux,
        };
        vars.push(VarSlot {
            name: v.display.clone(),
            canonical: v.canonical.clone(),
            slot,
            kind,
            output: true,
        });
    }
    vars.sort_by(|a, b| {
        a.canonical
            .cmp(&b.canonical)
            .then_with(|| a.name.cmp(&b.name))
    });
    // The globals answer to their names unless the model has variables of the same
    // name (Vensim-converted models carry INITIAL TIME, FINAL TIME... as auxes).
    for g in Global::ALL {
        let canonical = crate::canonical::canonical(g.name());
        if !mv.by_name.contains_key(&canonical) {
            vars.push(VarSlot {
                name: g.name().to_owned(),
                canonical,
                slot: g.slot(),
                kind: SlotKind::Global,
                output: false,
            });
        }
    }
    let stock_runs = if frame.stocks.0 < frame.stocks.1 {
        vec![frame.stocks]
    } else {
        vec![]
    };
    Layout::new(frame.n_slots, vars, const_default, overridable, stock_runs)
}
