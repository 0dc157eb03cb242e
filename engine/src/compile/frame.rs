//! Where one instance of a definition keeps its values, and the summary ([`DefInfo`])
//! its parents see.
//!
//! Frame: (root only: `TIME, DT, INITIAL_TIME, FINAL_TIME`), the stocks (contiguous, so
//! one copy commits them after a step), the other variables in declaration order, two
//! state slots per pipeline delay, (Runge-Kutta only) the stage slots of each stock and
//! the captured input of each pipeline delay, then each child instance's frame. Buffers: each
//! pipeline delay's ring (`capacity` values), then each child's buffers.

use std::collections::HashMap;

use crate::ir::{Global, Method, SlotKind};

use super::graph::{Node, Plan};
use super::scope::{Role, Scope, VarId, Wire};
use super::{ChildVar, Computed, DefInfo, NamedSlot};

pub(crate) struct Frame {
    /// Offset of each own variable (`None` for tables and children's variables).
    pub var_off: Vec<Option<u32>>,
    pub inst_off: Vec<u32>,
    pub inst_buf: Vec<u32>,
    /// First of the two state slots (steps, head) of each pipeline delay.
    pub pipe_state: Vec<u32>,
    pub pipe_buf: Vec<u32>,
    /// Ring length of every pipeline delay: one more than the run's steps, the longest
    /// delay that can matter.
    pub capacity: u32,
    pub n_slots: u32,
    pub n_buf: u32,
    /// `[start, end)` of the own stocks.
    pub stocks: (u32, u32),
    /// Runge-Kutta only: the stage slots of each own stock, in stock order.
    pub stage: Vec<StageSlots>,
    /// Runge-Kutta only: the slot keeping each pipeline delay's input, taken at the
    /// first stage and fed at the last (the ring moves once per DT).
    pub pipe_input: Vec<u32>,
    pub slot_names: Vec<String>,
}

impl Frame {
    /// The offset of value `id`: an own variable, or a child instance's.
    pub fn value_off(&self, scope: &Scope, id: VarId) -> u32 {
        match &scope.var(id).role {
            Role::Child(i, cv) => self.inst_off[*i as usize] + cv.off,
            _ => self.var_off[id as usize].unwrap_or_else(|| unreachable!("values have slots")),
        }
    }
}

/// Where a stock keeps what the stages of a Runge-Kutta step need.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StageSlots {
    /// The stock's value at the start of the DT.
    pub start: u32,
    /// The weighted sum of the stage derivatives so far.
    pub sum: u32,
    /// The current stage's derivative (methods with middle stages).
    pub rate: Option<u32>,
}

/// The stage slots of one stock under `method`: start and sum, and the rate where the
/// method has middle stages (RK4).
fn stage_slots_per_stock(method: Method) -> u64 {
    match method {
        Method::Euler => 0,
        Method::Rk2 => 2,
        Method::Rk4 => 3,
    }
}

/// The slots the stages of `method` add to a definition with `stocks` own stocks and
/// `pipes` pipeline delays (each keeps its input under Runge-Kutta).
pub(crate) fn stage_slots(method: Method, stocks: u64, pipes: u64) -> u64 {
    match method {
        Method::Euler => 0,
        _ => stage_slots_per_stock(method) * stocks + pipes,
    }
}

pub(crate) fn lay_out(scope: &Scope, defs: &[DefInfo], capacity: u32, method: Method) -> Frame {
    let mut names: Vec<String> = Vec::new();
    if scope.is_root {
        names.extend(Global::ALL.iter().map(|g| g.name().to_owned()));
    }
    let mut var_off = vec![None; scope.vars.len()];
    let stocks_start = names.len() as u32;
    let is_stock = |r: &Role| matches!(r, Role::Stock);
    let is_other = |r: &Role| matches!(r, Role::Flow | Role::Aux | Role::Input(_));
    let stocks = scope.vars.iter().enumerate().filter(|(_, v)| is_stock(&v.role));
    let others = scope.vars.iter().enumerate().filter(|(_, v)| is_other(&v.role));
    for (id, v) in stocks.chain(others) {
        var_off[id] = Some(names.len() as u32);
        names.push(v.canonical.clone());
    }
    let n_stocks = scope.vars.iter().filter(|v| is_stock(&v.role)).count() as u32;
    let mut pipe_state = Vec::new();
    let mut pipe_buf = Vec::new();
    let mut n_buf = 0;
    for p in &scope.pipes {
        pipe_state.push(names.len() as u32);
        names.push(format!("{}.steps", p.display));
        names.push(format!("{}.head", p.display));
        pipe_buf.push(n_buf);
        n_buf += capacity;
    }
    let (mut stage, mut pipe_input) = (Vec::new(), Vec::new());
    if method != Method::Euler {
        let slot = |names: &mut Vec<String>, name: String| {
            names.push(name);
            names.len() as u32 - 1
        };
        for v in scope.vars.iter().filter(|v| is_stock(&v.role)) {
            let start = slot(&mut names, format!("{}.stage_start", v.canonical));
            let sum = slot(&mut names, format!("{}.stage_sum", v.canonical));
            let rate =
                (stage_slots_per_stock(method) == 3).then(|| slot(&mut names, format!("{}.stage_rate", v.canonical)));
            stage.push(StageSlots { start, sum, rate });
        }
        for p in &scope.pipes {
            pipe_input.push(slot(&mut names, format!("{}.input", p.display)));
        }
    }
    let mut inst_off = Vec::new();
    let mut inst_buf = Vec::new();
    for inst in &scope.instances {
        let def = &defs[inst.def as usize];
        let base = names.len() as u32;
        inst_off.push(base);
        names.resize(names.len() + def.n_slots as usize, String::new());
        for s in &def.slots {
            names[(base + s.off) as usize] = format!("{}.{}", inst.canonical, s.canonical);
        }
        inst_buf.push(n_buf);
        n_buf += def.n_buf;
    }
    Frame {
        var_off,
        inst_off,
        inst_buf,
        pipe_state,
        pipe_buf,
        capacity,
        n_slots: names.len() as u32,
        n_buf,
        stocks: (stocks_start, stocks_start + n_stocks),
        stage,
        pipe_input,
        slot_names: names,
    }
}

/// What parents of this definition see: its variables (children's included, by path),
/// its parts, and the names, constants and stock ranges of its frame.
pub(crate) fn def_info(scope: &Scope, defs: &[DefInfo], frame: &Frame, plans: &[Plan; 2]) -> DefInfo {
    let computed = |node: Node| -> [Computed; 2] {
        [0, 1].map(|ph| match plans[ph].part_of.get(&node) {
            Some(&p) => Computed::Part(p),
            None => Computed::Nothing,
        })
    };
    let mut vars = HashMap::new();
    let mut slots = Vec::new();
    let mut consts = Vec::new();
    for (id, v) in scope.vars.iter().enumerate() {
        let computed = match v.role {
            Role::Input(w) => [Computed::Input(w); 2],
            Role::Child(..) => continue,
            _ => computed(Node::Var(id as VarId)),
        };
        let off = frame.var_off[id].unwrap_or(0);
        let is_table = matches!(v.role, Role::Table);
        vars.insert(v.canonical.clone(), ChildVar { off, display: v.display.clone(), is_table, computed });
        if is_table {
            continue;
        }
        if let (Some(value), false) = (v.literal, matches!(v.role, Role::Input(_))) {
            consts.push((off, value));
        }
        let kind = match (&v.role, v.literal) {
            (Role::Stock, _) => SlotKind::Stock,
            (Role::Input(_), _) => SlotKind::Aux,
            (_, Some(_)) => SlotKind::Constant,
            (Role::Flow, None) => SlotKind::Flow,
            _ => SlotKind::Aux,
        };
        // Auxiliaries generated by the array expansion (`#array1`) are internals.
        let visible = !v.canonical.starts_with('#');
        slots.push(NamedSlot { display: v.display.clone(), canonical: v.canonical.clone(), off, kind, visible });
    }
    let mut stock_runs = Vec::new();
    if frame.stocks.0 < frame.stocks.1 {
        stock_runs.push(frame.stocks);
    }
    for (i, inst) in scope.instances.iter().enumerate() {
        let def = &defs[inst.def as usize];
        let base = frame.inst_off[i];
        let child_part = |ph: usize, c: Computed| match c {
            Computed::Part(p) => {
                plans[ph].part_of.get(&Node::Part(i as u32, p)).map_or(Computed::Nothing, |&q| Computed::Part(q))
            }
            Computed::Input(w) => {
                plans[ph].part_of.get(&Node::Wire(i as u32, w)).map_or(Computed::Nothing, |&q| Computed::Part(q))
            }
            Computed::Nothing => Computed::Nothing,
        };
        for (path, cv) in &def.vars {
            vars.insert(
                format!("{}.{path}", inst.canonical),
                ChildVar {
                    off: base + cv.off,
                    display: format!("{}.{}", inst.display, cv.display),
                    is_table: cv.is_table,
                    computed: [child_part(0, cv.computed[0]), child_part(1, cv.computed[1])],
                },
            );
        }
        let literal_inputs: HashMap<u32, f64> = def
            .inputs
            .iter()
            .zip(&inst.wires)
            .filter_map(|((_, off), w)| match w {
                Wire::Literal(v) => Some((*off, *v)),
                Wire::Expr(_) => None,
            })
            .collect();
        for s in &def.slots {
            let kind = if literal_inputs.contains_key(&s.off) { SlotKind::Constant } else { s.kind };
            slots.push(NamedSlot {
                display: format!("{}.{}", inst.display, s.display),
                canonical: format!("{}.{}", inst.canonical, s.canonical),
                off: base + s.off,
                kind,
                visible: inst.visible && s.visible,
            });
        }
        consts.extend(literal_inputs.iter().map(|(&off, &v)| (base + off, v)));
        consts.extend(def.consts.iter().map(|&(off, v)| (base + off, v)));
        stock_runs.extend(def.stock_runs.iter().map(|&(a, b)| (base + a, base + b)));
    }
    consts.sort_by_key(|&(off, _)| off);
    DefInfo {
        n_slots: frame.n_slots,
        n_buf: frame.n_buf,
        inputs: scope
            .inputs
            .iter()
            .map(|&id| (scope.var(id).canonical.clone(), frame.var_off[id as usize].unwrap_or(0)))
            .collect(),
        vars,
        parts: [plans[0].info.clone(), plans[1].info.clone()],
        slots,
        consts,
        stock_runs: crate::ir::merge_runs(stock_runs),
        has_stocks: frame.stocks.0 < frame.stocks.1
            || !scope.pipes.is_empty()
            || scope.instances.iter().any(|inst| defs[inst.def as usize].has_stocks),
        instances: scope.instances.iter().map(|inst| 1 + defs[inst.def as usize].instances).sum(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::merge_runs;

    #[test]
    fn touching_runs_merge() {
        assert_eq!(merge_runs(vec![(10, 12), (4, 6), (6, 8), (12, 13)]), vec![(4, 8), (10, 13)]);
    }
}
