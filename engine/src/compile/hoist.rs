//! Run-constant flows hoisted out of the step: a root flow that reads only what no step
//! changes (constants, overridable or not, values only the initials write, INIT, DT,
//! the start and final times, the seed) has the same value at every step of a run, so
//! it is computed once, in the root's hoisted phase, instead of every DT (WORLD3's
//! `LN(Ref_Hi_GDP / Ref_Lo_GDP) / LN(10)`, C-LEARN's hundreds of `INIT` copies). The
//! statements move unchanged: the same operations on the same values, the same bits.
//!
//! What varies during a run is the slots a step writes: TIME and the step counter, the
//! stocks, and everything an assignment of the flows or stocks phases (of the root or,
//! through its calls, of any instance) or a pipeline's feed writes. A `set_value` changes
//! an overridable constant between steps; the driver then re-runs the hoisted phase just
//! before the next flows (`drive::StepAction::RefreshHoisted`), where the flows would
//! first have seen the new value.
//!
//! A root flow `curr[s] = e` is hoisted when, in the flows' order:
//! - `e` reads no varying slot other than an already hoisted one, no PREVIOUS, no
//!   pipeline output, no TIME or step counter, and draws no random number;
//! - nothing else in a step writes `s`;
//! - no earlier flow (or call of a child, read as reading all its slots) reads `s`: it
//!   read the value of the step before, so `s` must not be computed ahead of it.
//!
//! A root flow that is not constant may still hold constant subexpressions (WORLD3's
//! `gdp_index = LN(gdp_pc / ref_lo) / LN(10) / (LN(ref_hi / ref_lo) / LN(10))`): each
//! largest one that does an operation (not a bare read) is computed once into a slot
//! of its own after the program's slots (named `(hoisted k)`, saved with the rest but
//! named by no variable), and the flow reads that slot instead. Identical subexpressions
//! share a slot. A subexpression reading a `LET`'s value from outside it stays. The
//! new slots are bounded: at most as many as the program had, and never so many that
//! the results slab outgrows `MAX_RESULTS_BYTES` or the slot budget.
//!
//! The hoisted statements keep their relative order, which is a dependency order. Only
//! the root's flows are hoisted: a module definition's flow is constant in one instance
//! and not in another (its inputs differ). The stocks phase keeps its expressions: after
//! a `set_value` the first stocks run before the hoisted phase does, and read the new
//! constant directly.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::ir::{Builtin, Expr, Global, ModuleDef, Phase, Program, Stmt};
use crate::numerics::HostFn;

/// Moves the run-constant statements and subexpressions of the root's flows into its
/// hoisted phase.
pub(crate) fn hoist_run_constants(program: &mut Program) {
    let n_slots = program.layout.n_slots;
    // New slots: at most as many as the program has, within the slot budget and the
    // slots a results row may have.
    let slab_slots = super::MAX_RESULTS_BYTES / program.specs.n_rows.max(1) / 8;
    let budget = crate::limits::SLOTS.value().min(slab_slots).min(u64::from(u32::MAX)) as u32;
    let mut h = Hoister {
        writes: step_writes(program),
        instance_slots: program.modules.iter().map(|m| m.n_slots).collect(),
        next_slot: n_slots,
        slot_end: budget.max(n_slots).min(n_slots.saturating_mul(2)),
        hoisted_slots: FxHashSet::default(),
        read: FxHashSet::default(),
        called: FxHashSet::default(),
        shared: HashMap::new(),
        hoisted: Vec::new(),
    };
    let root = &mut program.modules[program.root as usize];
    let Some(flows) = root.flows.first_mut() else { return };
    *flows = std::mem::take(flows).into_iter().filter_map(|stmt| h.stmt(stmt)).collect();
    let n = h.next_slot;
    root.hoisted = vec![h.hoisted];
    root.n_slots = n;
    root.slot_names.extend((n_slots..n).map(|s| format!("(hoisted {})", s - n_slots)));
    let layout = &mut program.layout;
    layout.n_slots = n;
    layout.const_default.resize(n as usize, 0.0);
    layout.overridable.resize(n as usize, false);
}

/// How many statements of the flows and stocks phases (in every instance) and driver
/// actions write each slot during a step.
fn step_writes(program: &Program) -> FxHashMap<u32, u32> {
    let mut writes: FxHashMap<u32, u32> = FxHashMap::default();
    for g in [Global::Time, Global::Step] {
        *writes.entry(g.slot()).or_default() += 1;
    }
    for &(start, end) in &program.layout.stock_runs {
        for s in start..end {
            *writes.entry(s).or_default() += 1;
        }
    }
    let mut seen = FxHashSet::default();
    let mut todo = vec![(program.root, 0u32)];
    while let Some((id, base)) = todo.pop() {
        if !seen.insert((id, base)) {
            continue;
        }
        for stmt in step_stmts(program.module(id)) {
            let mut write = |s: u32| *writes.entry(base + s).or_default() += 1;
            match *stmt {
                Stmt::Assign { off, .. } | Stmt::AssignConst { off } | Stmt::AssignNext { off, .. } => write(off),
                Stmt::PipelineIn { state, .. } | Stmt::PipelineInit { state, .. } => {
                    write(state);
                    write(state + 1);
                }
                Stmt::EvalModule { module, off, .. } => todo.push((module, base + off)),
            }
        }
    }
    writes
}

/// The pass over the root's flows, in their order.
struct Hoister {
    /// [`step_writes`].
    writes: FxHashMap<u32, u32>,
    /// Slots of one instance of each module definition, by id.
    instance_slots: Vec<u32>,
    /// The next new slot.
    next_slot: u32,
    /// The end of the slots this pass may add.
    slot_end: u32,
    /// Slots the hoisted phase writes (constant during the run).
    hoisted_slots: FxHashSet<u32>,
    /// Slots the flows so far read.
    read: FxHashSet<u32>,
    /// Child instances the flows so far called (by slot offset).
    called: FxHashSet<u32>,
    /// The slot of each hoisted subexpression, by [`share_key`].
    shared: HashMap<String, u32>,
    /// The hoisted statements, in order.
    hoisted: Vec<Stmt>,
}

impl Hoister {
    fn varying(&self, s: u32) -> bool {
        !self.hoisted_slots.contains(&s) && self.writes.contains_key(&s)
    }

    /// Hoists `stmt` whole (`None`) or its constant subexpressions (the rest is kept).
    fn stmt(&mut self, mut stmt: Stmt) -> Option<Stmt> {
        if let Stmt::Assign { off, expr } = &stmt
            && self.writes.get(off).copied() == Some(1)
            && !self.read.contains(off)
            && !expr.any(&mut |n| varies(n, &|s| self.varying(s)))
        {
            self.note_reads(&stmt);
            self.hoisted_slots.insert(*off);
            self.hoisted.push(stmt);
            return None;
        }
        self.note_reads(&stmt);
        if let Stmt::Assign { expr, .. } = &mut stmt {
            let (constant, needs) = self.scan(expr);
            if constant && needs == 0 {
                self.replace(expr);
            }
        }
        Some(stmt)
    }

    /// Notes what `stmt` reads: a child call reads its whole instance (a child's
    /// expressions read only its own slots).
    fn note_reads(&mut self, stmt: &Stmt) {
        if let Stmt::EvalModule { module, off, .. } = *stmt
            && self.called.insert(off)
        {
            self.read.extend(off..off + self.instance_slots[module as usize]);
        }
        for e in stmt.exprs() {
            e.any(&mut |n| {
                if let Expr::Load(s) | Expr::Previous(s, _) = n {
                    self.read.insert(*s);
                }
                false
            });
        }
    }

    /// Whether `e` is constant during a run, and how many enclosing `LET`s it reads
    /// (0: it is closed); replaces its largest closed constant subexpressions with
    /// reads of hoisted slots when it is not both. Recursive: the height is bounded by
    /// `ir::MAX_EXPR_HEIGHT`, and compilation runs on `deep::on_deep_stack`.
    fn scan(&mut self, e: &mut Expr) -> (bool, u32) {
        let mut constant = !varies(e, &|s| self.varying(s));
        let mut needs = if let Expr::Temp(k) = e { *k + 1 } else { 0 };
        let is_let = matches!(e, Expr::Let(..));
        let mut kids = Vec::new();
        for (i, child) in e.children_mut().into_iter().enumerate() {
            let (c, n) = self.scan(child);
            // A child that reads an enclosing LET cannot move out of it; a LET's body
            // (its second operand) reads the LET's own value as Temp(0), so the LET
            // needs one fewer than its body.
            kids.push(c && n == 0);
            constant &= c;
            needs = needs.max(if is_let && i == 1 { n.saturating_sub(1) } else { n });
        }
        if !(constant && needs == 0) && kids.contains(&true) {
            for (child, closed_constant) in e.children_mut().into_iter().zip(kids) {
                if closed_constant {
                    self.replace(child);
                }
            }
        }
        (constant, needs)
    }

    /// Replaces the closed constant `e` with a read of a hoisted slot holding it, when
    /// it does an operation and a slot is left.
    fn replace(&mut self, e: &mut Expr) {
        if matches!(e, Expr::Lit(_) | Expr::Load(_) | Expr::Global(_) | Expr::Instance | Expr::Init(_) | Expr::Temp(_))
        {
            return;
        }
        let key = share_key(e);
        if let Some(&slot) = key.as_ref().and_then(|k| self.shared.get(k)) {
            *e = Expr::Load(slot);
            return;
        }
        if self.next_slot >= self.slot_end {
            return;
        }
        let slot = self.next_slot;
        self.next_slot += 1;
        let expr = std::mem::replace(e, Expr::Load(slot));
        self.hoisted_slots.insert(slot);
        self.hoisted.push(Stmt::Assign { off: slot, expr });
        if let Some(k) = key {
            self.shared.insert(k, slot);
        }
    }
}

/// A text that is equal for two expressions exactly when they are the same tree with
/// the same bits (`{:?}` prints every f64 but NaN exactly): `None` for a tree with a NaN
/// literal, which is never shared.
fn share_key(e: &Expr) -> Option<String> {
    let nan = e.any(&mut |n| matches!(n, Expr::Lit(v) if v.is_nan()));
    (!nan).then(|| format!("{e:?}"))
}

/// The statements a step runs in `module`: its flows and stocks (its hoisted phase is
/// empty until this pass fills the root's).
fn step_stmts(module: &ModuleDef) -> impl Iterator<Item = &Stmt> {
    [Phase::Flows, Phase::Stocks].into_iter().flat_map(move |p| module.parts(p).iter().flatten())
}

/// Whether node `n` (not its children) can change during a run: `varying(s)` says
/// whether slot `s` can.
fn varies(n: &Expr, varying: &impl Fn(u32) -> bool) -> bool {
    match n {
        Expr::Load(s) => varying(*s),
        Expr::Global(g) => matches!(g, Global::Time | Global::Step),
        Expr::Previous(..) | Expr::PipelineOut(_) => true,
        Expr::Call(Builtin::Host(HostFn::Random), _) => true,
        Expr::Lit(_)
        | Expr::Instance
        | Expr::Init(_)
        | Expr::Unary(..)
        | Expr::Binary(..)
        | Expr::If(..)
        | Expr::Call(..)
        | Expr::Lookup(..)
        | Expr::Let(..)
        | Expr::Temp(_) => false,
    }
}
