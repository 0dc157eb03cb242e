//! The dependency graph of one phase of a definition, its order, and its parts.
//!
//! Nodes are what a phase computes: the definition's own variables, the wired inputs
//! of its child instances (assignments into the child's slots), the parts of its child
//! instances, and (initials only) its pipeline delays. A node depends on the nodes whose
//! values its expression reads in this phase: stocks and constants break cycles in the
//! flows; INIT and PREVIOUS read snapshots (except INIT while initialising).
//!
//! Each node is then labelled with the set of this definition's wired inputs it depends
//! on, transitively; nodes with the same set form a part. Dependencies only ever go from
//! a smaller set to a larger one, so sorting parts by (size, set) is a valid order.

use std::collections::{BTreeSet, HashMap};

use rustc_hash::FxHashMap;

use super::scope::{PipeRef, VarExpr as Expr, VarRef};

use super::scope::{InstId, Role, Scope, VarId, Wire};
use super::{Computed, DefInfo, PartInfo, order, phase_slot};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GraphPhase {
    Initials,
    Flows,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Node {
    Var(VarId),
    /// Wired input `w` of instance `i`.
    Wire(InstId, u32),
    /// Part `p` (of this phase) of instance `i`.
    Part(InstId, u32),
    /// The start of pipeline delay `k` (initials only).
    Pipe(u32),
}

/// One phase of a definition, ordered and split into parts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// The nodes of each part, in dependency order.
    pub parts: Vec<Vec<Node>>,
    pub info: Vec<PartInfo>,
    /// The part that computes each node of the phase (keys are ids, so a fast hash: the
    /// compiler looks nodes up once per read).
    pub part_of: FxHashMap<Node, u32>,
}

/// Orders `phase` of the definition in `scope`; on a cycle, returns its nodes.
pub(crate) fn plan(scope: &Scope, defs: &[DefInfo], phase: GraphPhase) -> Result<Plan, Vec<Node>> {
    let members = members(scope, defs, phase);
    let index: FxHashMap<Node, usize> = members.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut deps = vec![Vec::new(); members.len()];
    let mut direct_inputs = vec![BTreeSet::new(); members.len()];
    for (m, node) in members.iter().enumerate() {
        for read in reads_of(scope, defs, phase, *node) {
            if let Some(&d) = index.get(&read) {
                deps[m].push(d as u32);
            } else if let Node::Var(v) = read
                && let Role::Input(w) = scope.var(v).role
            {
                direct_inputs[m].insert(w);
            }
        }
    }
    let all: Vec<u32> = (0..members.len() as u32).collect();
    let ordered = order::order(members.len(), &all, &deps)
        .map_err(|cycle| cycle.into_iter().map(|m| members[m as usize]).collect::<Vec<_>>())?;

    // The wired inputs each node depends on, dependencies first.
    let mut inputs: Vec<BTreeSet<u32>> = direct_inputs;
    for &m in &ordered {
        let mut set = std::mem::take(&mut inputs[m as usize]);
        for &d in &deps[m as usize] {
            set.extend(inputs[d as usize].iter().copied());
        }
        inputs[m as usize] = set;
    }
    let mut keys: Vec<Vec<u32>> =
        inputs.iter().map(|s| s.iter().copied().collect()).collect::<BTreeSet<_>>().into_iter().collect();
    keys.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    if keys.is_empty() {
        keys.push(Vec::new()); // every phase has at least one (possibly empty) part
    }
    let part_index: HashMap<&Vec<u32>, u32> = keys.iter().enumerate().map(|(i, k)| (k, i as u32)).collect();
    // Each member's part, looked up once (not once per dependency that reads it).
    let part_of_member: Vec<u32> =
        inputs.iter().map(|set| part_index[&set.iter().copied().collect::<Vec<u32>>()]).collect();

    let mut plan = Plan { parts: vec![Vec::new(); keys.len()], ..Plan::default() };
    plan.part_of.reserve(members.len());
    let mut after: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); keys.len()];
    for &m in &ordered {
        let p = part_of_member[m as usize];
        plan.parts[p as usize].push(members[m as usize]);
        plan.part_of.insert(members[m as usize], p);
        for &d in &deps[m as usize] {
            let q = part_of_member[d as usize];
            if q != p {
                after[p as usize].insert(q);
            }
        }
    }
    plan.info = keys
        .into_iter()
        .zip(after)
        .map(|(inputs, after)| PartInfo { inputs, after: after.into_iter().collect() })
        .collect();
    Ok(plan)
}

/// The nodes computed in `phase`, in a deterministic order (declaration order).
fn members(scope: &Scope, defs: &[DefInfo], phase: GraphPhase) -> Vec<Node> {
    let mut out = Vec::new();
    for (id, v) in scope.vars.iter().enumerate() {
        let computed = match phase {
            GraphPhase::Initials => v.is_own_value(),
            GraphPhase::Flows => matches!(v.role, Role::Flow | Role::Aux) && !v.is_constant(),
        };
        if computed {
            out.push(Node::Var(id as VarId));
        }
    }
    for (i, inst) in scope.instances.iter().enumerate() {
        for (w, wire) in inst.wires.iter().enumerate() {
            if phase == GraphPhase::Initials || matches!(wire, Wire::Expr(_)) {
                out.push(Node::Wire(i as InstId, w as u32));
            }
        }
        let n_parts = defs[inst.def as usize].parts[phase_slot(phase)].len();
        out.extend((0..n_parts as u32).map(|p| Node::Part(i as InstId, p)));
    }
    if phase == GraphPhase::Initials {
        out.extend((0..scope.pipes.len() as u32).map(Node::Pipe));
    }
    out
}

/// The nodes whose values `node` reads in `phase` (members of the phase or not).
fn reads_of(scope: &Scope, defs: &[DefInfo], phase: GraphPhase, node: Node) -> Vec<Node> {
    let mut out = Vec::new();
    match node {
        Node::Var(v) => {
            let var = scope.var(v);
            let eqn = match (phase, &var.role) {
                (GraphPhase::Initials, Role::Stock) => var.eqn.as_ref(),
                (GraphPhase::Initials, _) => var.init_eqn.as_ref().or(var.eqn.as_ref()),
                (GraphPhase::Flows, _) => var.eqn.as_ref(),
            };
            if let Some(e) = eqn {
                reads(scope, phase, e, &mut out);
            }
        }
        Node::Wire(i, w) => {
            if let Wire::Expr(e) = &scope.instances[i as usize].wires[w as usize] {
                reads(scope, phase, e, &mut out);
            }
        }
        Node::Part(i, p) => {
            let info = &defs[scope.instances[i as usize].def as usize].parts[phase_slot(phase)][p as usize];
            out.extend(info.inputs.iter().map(|&w| Node::Wire(i, w)));
            out.extend(info.after.iter().map(|&q| Node::Part(i, q)));
        }
        Node::Pipe(k) => {
            let pipe = &scope.pipes[k as usize];
            reads(scope, phase, &pipe.delay, &mut out);
            reads(scope, phase, &pipe.init, &mut out);
        }
    }
    out
}

/// The nodes an expression reads in `phase`.
pub(crate) fn reads(scope: &Scope, phase: GraphPhase, expr: &Expr, out: &mut Vec<Node>) {
    match expr {
        Expr::Load(VarRef(id)) => out.extend(value_node(scope, phase, *id)),
        Expr::Init(VarRef(id)) => {
            if phase == GraphPhase::Initials {
                out.extend(value_node(scope, phase, *id));
            }
        }
        Expr::PipelineOut(PipeRef(pipe)) => {
            if phase == GraphPhase::Initials {
                out.push(Node::Pipe(*pipe));
            }
        }
        Expr::Previous(_, init) => reads(scope, phase, init, out),
        Expr::Lit(_) | Expr::Global(_) | Expr::Instance | Expr::Temp(_) => {}
        Expr::Unary(_, e) | Expr::Lookup(_, _, e) => reads(scope, phase, e, out),
        Expr::Binary(_, a, b) | Expr::Let(a, b) => {
            reads(scope, phase, a, out);
            reads(scope, phase, b, out);
        }
        Expr::If(c, a, b) => {
            reads(scope, phase, c, out);
            reads(scope, phase, a, out);
            reads(scope, phase, b, out);
        }
        Expr::Call(_, args) => args.iter().for_each(|a| reads(scope, phase, a, out)),
    }
}

/// The node that computes value `id` in `phase`, if any.
fn value_node(scope: &Scope, phase: GraphPhase, id: VarId) -> Option<Node> {
    match &scope.var(id).role {
        Role::Child(i, cv) => match cv.computed[phase_slot(phase)] {
            Computed::Part(p) => Some(Node::Part(*i, p)),
            Computed::Input(w) => Some(Node::Wire(*i, w)),
            Computed::Nothing => None,
        },
        _ => Some(Node::Var(id)),
    }
}

/// A readable name of a node, for cycle messages.
pub(crate) fn node_name(scope: &Scope, defs: &[DefInfo], node: Node) -> String {
    match node {
        Node::Var(v) => scope.var(v).display.clone(),
        Node::Wire(i, w) => {
            let inst = &scope.instances[i as usize];
            let input = &defs[inst.def as usize].inputs[w as usize].0;
            format!("{}.{input}", inst.display)
        }
        Node::Part(i, _) => scope.instances[i as usize].display.clone(),
        Node::Pipe(k) => scope.pipes[k as usize].display.clone(),
    }
}
