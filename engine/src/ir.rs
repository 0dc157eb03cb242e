//! The shared IR: the only thing the backends see.
//!
//! A [`Program`] is a set of module definitions (the root model and every distinct
//! submodel), the slot [`Layout`], the run [`Specs`] and the graphical-function
//! [`Table`]s. Each module definition has three phases of [`Stmt`]s run against an
//! instance's base offset `base`: every slot a statement names is `base + off`.
//!
//! Semantics every backend must reproduce bit for bit (docs/semantics.md says why):
//! - expressions are trees of IEEE f64 operations evaluated in exactly the order the tree
//!   gives (children left to right); no fusion, no reassociation, no constant folding
//!   that could change a bit (a backend may compute a host function of literals while
//!   generating code with that same function, or divide by a power of two by
//!   multiplying by its exact reciprocal: the values are identical);
//! - `If` is eager: all three operands are evaluated (they are pure, so a backend may
//!   branch instead, as long as the value is the same);
//! - a phase's statements run in their order, or in any order that keeps every
//!   dependency (a slot is read after the statement that writes it, and written after
//!   the earlier statements that read or write it): each statement computes the same
//!   value either way;
//! - the meaning of each operator and builtin is the function of the same name in
//!   [`crate::numerics`].

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use crate::numerics::HostFn;

pub type ModuleId = u32;
pub type TableId = u32;

/// Absolute slots of the globals every program reserves at the start of the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Global {
    Time = 0,
    Dt = 1,
    InitialTime = 2,
    FinalTime = 3,
    /// The step counter as a number (0 at the start time), written by the driver with
    /// TIME at each `Advance`: what keys a random draw to its DT. Not a named variable.
    Step = 4,
    /// The run seed (a whole number below 2^53, default
    /// [`crate::numerics::random::DEFAULT_SEED`]): an overridable slot with no name, so
    /// `set_seed` is a `set_value` of it, kept by `reset` like any override and returned
    /// to the default by `clear_values`.
    Seed = 5,
}

impl Global {
    pub const COUNT: u32 = 6;
    pub const ALL: [Global; 6] =
        [Global::Time, Global::Dt, Global::InitialTime, Global::FinalTime, Global::Step, Global::Seed];

    /// The globals a model may name (TIME, DT, INITIAL_TIME, FINAL_TIME).
    pub fn named(self) -> bool {
        !matches!(self, Global::Step | Global::Seed)
    }

    pub fn slot(self) -> u32 {
        self as u32
    }

    pub fn name(self) -> &'static str {
        match self {
            Global::Time => "TIME",
            Global::Dt => "DT",
            Global::InitialTime => "INITIAL_TIME",
            Global::FinalTime => "FINAL_TIME",
            Global::Step => "#step",
            Global::Seed => "#seed",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// The model's name (file stem), for listings.
    pub name: String,
    pub modules: Vec<ModuleDef>,
    pub root: ModuleId,
    pub layout: Layout,
    pub specs: Specs,
    pub tables: Vec<Table>,
}

impl Program {
    pub fn module(&self, id: ModuleId) -> &ModuleDef {
        &self.modules[id as usize]
    }

    /// The absolute `[start, end)` runs of the slots some PREVIOUS reads, in every
    /// instance, sorted and merged: what a step keeps in `prev` (the rest of `prev` is
    /// never read). Empty when no expression reads PREVIOUS.
    pub fn previous_runs(&self) -> Vec<(u32, u32)> {
        let mut slots = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut todo = vec![(self.root, 0u32)];
        while let Some((id, base)) = todo.pop() {
            if !seen.insert((id, base)) {
                continue;
            }
            for stmt in self.module(id).all_stmts() {
                if let Stmt::EvalModule { module, off, .. } = stmt {
                    todo.push((*module, base + off));
                }
                for e in stmt.exprs() {
                    e.any(&mut |n| {
                        if let Expr::Previous(off, _) = n {
                            slots.push(base + off);
                        }
                        false
                    });
                }
            }
        }
        slots.sort_unstable();
        slots.dedup();
        merge_runs(slots.into_iter().map(|s| (s, s + 1)).collect())
    }

    /// The same program with the root's hoisted statements put back at the head of its
    /// flows, so that they run every step, as before hoisting: what the tests compare a
    /// hoisted program with. The head is a valid place: a hoisted statement reads only
    /// slots no flow writes (or earlier hoisted statements), and no flow before its
    /// old place read what it writes (`compile/hoist.rs` checks both).
    pub fn unhoisted(&self) -> Program {
        let mut p = self.clone();
        let root = &mut p.modules[p.root as usize];
        let hoisted: Vec<Stmt> = root.hoisted.iter_mut().flat_map(std::mem::take).collect();
        if let Some(flows) = root.flows.first_mut() {
            flows.splice(0..0, hoisted);
        }
        p
    }

    /// Whether any expression calls a random function: only then does the run seed
    /// matter (a batch writes each run's seed only for such a model).
    pub fn uses_random(&self) -> bool {
        let random = |e: &Expr| matches!(e, Expr::Call(Builtin::Host(HostFn::Random), _));
        self.modules.iter().any(|m| m.all_stmts().any(|s| s.exprs().any(|e| e.any(&mut |n| random(n)))))
    }

    /// A readable listing of the whole program.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        let s = &self.specs;
        let _ = writeln!(
            out,
            "program {:?}: start {} stop {} dt {} save every {} steps, {} steps, {} rows, {} slots",
            self.name, s.start, s.stop, s.dt, s.save_every, s.n_steps, s.n_rows, self.layout.n_slots
        );
        for (i, t) in self.tables.iter().enumerate() {
            let _ = writeln!(out, "table t{i} {:?} ({:?}): xs {:?} ys {:?}", t.name, t.kind, t.xs, t.ys);
        }
        for (i, m) in self.modules.iter().enumerate() {
            let root = if i as u32 == self.root { " (root)" } else { "" };
            let _ = writeln!(out, "module m{i} {:?}{root}: {} slots, {} buffer values", m.name, m.n_slots, m.n_buf);
            for phase in Phase::ALL {
                for (k, part) in m.parts(phase).iter().enumerate() {
                    let _ = writeln!(out, "  {} part {k}:", phase.name());
                    for stmt in part {
                        let _ = writeln!(out, "    {}", StmtDisplay { stmt, module: m, program: self });
                    }
                }
            }
        }
        out
    }
}

/// Run geometry, fixed at compile time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Specs {
    pub start: f64,
    pub stop: f64,
    pub dt: f64,
    /// Rows are saved every `save_every` steps (the save interval rounded to whole DTs).
    pub save_every: u64,
    /// Number of DT steps from start to stop.
    pub n_steps: u64,
    /// Number of saved rows: `n_steps / save_every + 1`.
    pub n_rows: u64,
    /// How stocks are integrated: the number of parts of every module's stocks phase
    /// and the driver's actions per DT (`drive::step_actions`).
    pub method: Method,
}

/// An integration method (fixed step). Each is a list of stages: the stocks phase of
/// every module has one part per stage (`compile/integrate.rs` writes them, the driver
/// runs them in order); docs/semantics.md, "Integration", states what each computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Method {
    /// One stage: `stock + net * DT`.
    #[default]
    Euler,
    /// Heun's method (the explicit trapezoid, the classic RK2 tableau): two stages.
    Rk2,
    /// The classic fourth-order Runge-Kutta tableau: four stages.
    Rk4,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Euler, Method::Rk2, Method::Rk4];

    /// Parts of the stocks phase (stages per DT).
    pub fn stages(self) -> u32 {
        match self {
            Method::Euler => 1,
            Method::Rk2 => 2,
            Method::Rk4 => 4,
        }
    }

    /// The name used on the command line and in `<sim_specs method=...>` (any case).
    pub fn name(self) -> &'static str {
        match self {
            Method::Euler => "euler",
            Method::Rk2 => "rk2",
            Method::Rk4 => "rk4",
        }
    }

    /// The method named `name` (case and surrounding spaces ignored).
    pub fn parse(name: &str) -> Option<Method> {
        let name = name.trim();
        Method::ALL.into_iter().find(|m| m.name().eq_ignore_ascii_case(name))
    }
}

impl Specs {
    /// TIME at step `k`: `start + k * dt` (no accumulated drift).
    pub fn time_at(&self, step: u64) -> f64 {
        crate::numerics::rules::time_at(&mut crate::numerics::eval::Eval::new(), self.start, self.dt, step as f64)
    }

    /// Bytes of the results slab of one simulation: `n_rows` rows of `n_slots` f64s.
    pub fn results_bytes(&self, n_slots: u32) -> u64 {
        self.n_rows.saturating_mul(u64::from(n_slots)).saturating_mul(8)
    }

    /// TIME of the Runge-Kutta stage `offset` steps after step `step`.
    pub fn stage_time(&self, step: u64, offset: f64) -> f64 {
        let o = &mut crate::numerics::eval::Eval::new();
        crate::numerics::rules::stage_time(o, self.start, self.dt, step as f64, offset)
    }

    /// The same run saving only the first and the last of its rows: every step is
    /// computed as before (saving is a copy of `curr`, read by nothing), so the last row
    /// holds the same bits, and a run writes 2 rows instead of `n_rows`. A batch that
    /// keeps final values only runs with these specs.
    pub fn first_and_last_rows(&self) -> Specs {
        if self.n_rows <= 2 {
            return *self;
        }
        let save_every = self.save_every * (self.n_rows - 1);
        Specs { save_every, n_rows: self.n_steps / save_every + 1, ..*self }
    }
}

/// Sorts ranges and joins the ones that touch.
pub(crate) fn merge_runs(mut runs: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    runs.sort();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (a, b) in runs {
        match out.last_mut() {
            Some(last) if last.1 == a => last.1 = b,
            _ => out.push((a, b)),
        }
    }
    out
}

/// The phases of a module definition, in the order a run first uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    Initials,
    /// The flows that read nothing that changes during a run (`compile/hoist.rs`): run
    /// once after the initials, and again before the next flows whenever an overridable
    /// constant was set (`drive::StepAction::RefreshHoisted`). Only the root's holds
    /// statements.
    Hoisted,
    Flows,
    Stocks,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Initials, Phase::Hoisted, Phase::Flows, Phase::Stocks];

    /// The phase's position in [`Phase::ALL`]: backends index per-phase tables by it.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            Phase::Initials => "initials",
            Phase::Hoisted => "hoisted",
            Phase::Flows => "flows",
            Phase::Stocks => "stocks",
        }
    }
}

/// A module definition: code shared by all its instances. It never holds a
/// per-instance value: overridable constants are read from `const[base + off]`.
///
/// The initials and flows phases come in *parts*. A parent does not run a child
/// instance's phase in one go: it runs each part at its own point of the parent's
/// dependency order, because a part only needs the inputs it depends on. (Atomic module
/// evaluation would turn `y = DELAY1(x, 2)`, `x = f(y)` into a false cycle: the delay's
/// output depends on its stock, not on `x`.) A part is identified by the set of wired
/// inputs it depends on; the root, and every module without wired inputs, has one part
/// of each of these two phases. The stocks phase has one part per stage of the
/// integration method instead (Euler one, RK2 two, RK4 four), in every module: stage
/// `k` of a parent runs part `k` of each child.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleDef {
    pub name: String,
    /// Slots one instance occupies, child instances included.
    pub n_slots: u32,
    /// Ring-buffer values one instance occupies (pipeline delays), children included.
    pub n_buf: u32,
    /// Name of each slot relative to the instance (for listings and error messages).
    pub slot_names: Vec<String>,
    /// Computes every variable once at the start time, in dependency order.
    pub initials: Vec<Vec<Stmt>>,
    /// The root's flows that are constant during a run, moved out of `flows` by
    /// `compile/hoist.rs` in their order: one part in every module, empty but in the
    /// root. Only assignments; they read only run-constant slots.
    pub hoisted: Vec<Vec<Stmt>>,
    /// Computes every non-stock, non-constant variable at the current TIME.
    pub flows: Vec<Vec<Stmt>>,
    /// Integrates the stocks, one part per stage of the program's method
    /// (`Specs::method`): the last part writes every stock's value at TIME + DT into
    /// `next` and feeds the pipeline delays; each earlier one keeps the stage's
    /// derivative and writes the state of the next stage into the stocks' `curr` slots.
    pub stocks: Vec<Vec<Stmt>>,
}

impl ModuleDef {
    /// The parts of `phase`, each an ordered list of statements.
    pub fn parts(&self, phase: Phase) -> &[Vec<Stmt>] {
        match phase {
            Phase::Initials => &self.initials,
            Phase::Hoisted => &self.hoisted,
            Phase::Flows => &self.flows,
            Phase::Stocks => &self.stocks,
        }
    }

    /// The parts of `phase`, mutably.
    pub fn parts_mut(&mut self, phase: Phase) -> &mut Vec<Vec<Stmt>> {
        match phase {
            Phase::Initials => &mut self.initials,
            Phase::Hoisted => &mut self.hoisted,
            Phase::Flows => &mut self.flows,
            Phase::Stocks => &mut self.stocks,
        }
    }

    /// Every statement of every part of every phase.
    pub fn all_stmts(&self) -> impl Iterator<Item = &Stmt> {
        Phase::ALL.into_iter().flat_map(move |p| self.parts(p).iter().flatten())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `curr[base + off] = expr`
    Assign { off: u32, expr: Expr },
    /// `curr[base + off] = const[base + off]`: an overridable constant.
    AssignConst { off: u32 },
    /// `next[base + off] = expr`: a stock's value one DT later.
    AssignNext { off: u32, expr: Expr },
    /// Run part `part` of this phase of child instance `module` at slot base
    /// `base + off` and buffer base `buf_base + buf_off`. The parent has already
    /// assigned the child's wired inputs (ordinary assignments into the child's slots).
    EvalModule { module: ModuleId, off: u32, buf_off: u32, part: u32 },
    /// Starts a pipeline delay (initials): `steps = max(1, min(capacity, round(delay / DT)))`
    /// (NaN: 1); `curr[base + state] = steps`, `curr[base + state + 1] = 0` (the head);
    /// `buf[buf_base + buf + i] = init` for `i < steps`.
    PipelineInit { state: u32, buf: u32, capacity: u32, delay: Expr, init: Expr },
    /// Feeds a pipeline delay (stocks phase): `buf[buf_base + buf + head] = input`, then
    /// `head = head + 1`, wrapping to 0 at `steps`.
    PipelineIn { state: u32, buf: u32, input: Expr },
}

impl Stmt {
    /// The expressions this statement evaluates.
    pub fn exprs(&self) -> impl Iterator<Item = &Expr> {
        let (a, b) = match self {
            Stmt::Assign { expr, .. } | Stmt::AssignNext { expr, .. } => (Some(expr), None),
            Stmt::PipelineInit { delay, init, .. } => (Some(delay), Some(init)),
            Stmt::PipelineIn { input, .. } => (Some(input), None),
            Stmt::AssignConst { .. } | Stmt::EvalModule { .. } => (None, None),
        };
        a.into_iter().chain(b)
    }

    /// The statement's expressions, mutably.
    pub fn exprs_mut(&mut self) -> impl Iterator<Item = &mut Expr> {
        let (a, b) = match self {
            Stmt::Assign { expr, .. } | Stmt::AssignNext { expr, .. } => (Some(expr), None),
            Stmt::PipelineInit { delay, init, .. } => (Some(delay), Some(init)),
            Stmt::PipelineIn { input, .. } => (Some(input), None),
            Stmt::AssignConst { .. } | Stmt::EvalModule { .. } => (None, None),
        };
        a.into_iter().chain(b)
    }
}

/// Where a pipeline delay is in a `Program`, relative to its instance: `state` is its
/// first state slot (`curr[base + state]` its step count, `+ 1` its head), `buf` its
/// first buffer value (`buf[buf_base + buf]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipeAt {
    pub state: u32,
    pub buf: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr<V = u32, P = PipeAt> {
    Lit(f64),
    /// `curr[base + off]`. `V` is the index space: a slot offset (`u32`) in a
    /// `Program`; the compiler's resolved equations name variables instead
    /// (`compile::scope::VarRef`), and lowering maps one to the other, so the two cannot
    /// be mixed up.
    Load(V),
    /// `curr[global slot]` (absolute, whatever the base)
    Global(Global),
    /// The instance's base slot as a number (0 for the root): what tells two instances
    /// of one module definition apart at run time, as a random draw's key needs.
    Instance,
    /// INIT(x): `init[base + off]`, the value after the initials phase.
    Init(V),
    /// PREVIOUS(x, init): `init` while no step has been taken yet, else
    /// `prev[base + off]`, the value x had one DT earlier.
    Previous(V, Box<Expr<V, P>>),
    Unary(UnOp, Box<Expr<V, P>>),
    Binary(BinOp, Box<Expr<V, P>>, Box<Expr<V, P>>),
    /// Eager `IF c THEN a ELSE b`: `a` when `truthy(c)`.
    If(Box<Expr<V, P>>, Box<Expr<V, P>>, Box<Expr<V, P>>),
    Call(Builtin, Vec<Expr<V, P>>),
    Lookup(TableId, LookupMode, Box<Expr<V, P>>),
    /// The output of a pipeline delay: `buf[buf_base + buf + head]`, the input of
    /// `steps` DT steps ago (or the initial value while the pipe fills). `P` is where
    /// the pipeline is: its slots and buffer ([`PipeAt`]) in a `Program`; before
    /// lowering, which pipeline of its definition it is (`compile::scope::PipeRef`).
    PipelineOut(P),
    /// `LET t = value IN body`: `value` is evaluated once, first, then `body`, in which
    /// [`Expr::Temp`] reads it. How lowering uses a value several times (PULSE's start
    /// time) without copying its expression: a copy would double the IR at every level
    /// of nesting.
    Let(Box<Expr<V, P>>, Box<Expr<V, P>>),
    /// The value of an enclosing [`Expr::Let`], by how many `Let`s lie between (0: the
    /// innermost). Relative, so an expression with its own `Let`s can be placed inside
    /// another's body unchanged.
    Temp(u32),
}

/// The deepest expression tree a `Program` may hold (the root is level 1). Backends
/// translate expressions recursively; the compiler refuses a model whose lowered
/// equations are deeper (with the variable's name), and `Program::verify` refuses a
/// program that is, so no backend's recursion depends on the input without this bound.
/// The equation parser's own bound (`MAX_HEIGHT`) is lower: lowering adds a few levels
/// (RAMP, PULSE, folds of MIN/MAX).
pub const MAX_EXPR_HEIGHT: usize = 1200;

impl<V, P> Expr<V, P> {
    /// The node's operands, mutably.
    pub fn children_mut(&mut self) -> Vec<&mut Expr<V, P>> {
        match self {
            Expr::Lit(_)
            | Expr::Load(_)
            | Expr::Global(_)
            | Expr::Instance
            | Expr::Init(_)
            | Expr::PipelineOut(_)
            | Expr::Temp(_) => vec![],
            Expr::Previous(_, a) | Expr::Unary(_, a) | Expr::Lookup(_, _, a) => vec![&mut **a],
            Expr::Binary(_, a, b) | Expr::Let(a, b) => vec![&mut **a, &mut **b],
            Expr::If(c, a, b) => vec![&mut **c, &mut **a, &mut **b],
            Expr::Call(_, args) => args.iter_mut().collect(),
        }
    }

    /// The height of the tree (a leaf is 1), computed without recursion.
    pub fn height(&self) -> usize {
        let mut stack = vec![(self, 1usize)];
        let mut tallest = 0;
        while let Some((e, h)) = stack.pop() {
            tallest = tallest.max(h);
            match e {
                Expr::Lit(_)
                | Expr::Load(_)
                | Expr::Global(_)
                | Expr::Instance
                | Expr::Init(_)
                | Expr::PipelineOut(_)
                | Expr::Temp(_) => {}
                Expr::Previous(_, a) | Expr::Unary(_, a) | Expr::Lookup(_, _, a) => stack.push((a, h + 1)),
                Expr::Binary(_, a, b) | Expr::Let(a, b) => stack.extend([(&**a, h + 1), (&**b, h + 1)]),
                Expr::If(c, a, b) => stack.extend([(&**c, h + 1), (&**a, h + 1), (&**b, h + 1)]),
                Expr::Call(_, args) => stack.extend(args.iter().map(|a| (a, h + 1))),
            }
        }
        tallest
    }

    pub fn reads_previous(&self) -> bool {
        self.any(&mut |e| matches!(e, Expr::Previous(..)))
    }

    /// Whether `pred` holds for this node or any node below it.
    pub fn any(&self, pred: &mut impl FnMut(&Expr<V, P>) -> bool) -> bool {
        if pred(self) {
            return true;
        }
        match self {
            Expr::Lit(_)
            | Expr::Load(_)
            | Expr::Global(_)
            | Expr::Instance
            | Expr::Init(_)
            | Expr::PipelineOut(_)
            | Expr::Temp(_) => false,
            Expr::Previous(_, e) | Expr::Unary(_, e) | Expr::Lookup(_, _, e) => e.any(pred),
            Expr::Binary(_, a, b) | Expr::Let(a, b) => a.any(pred) || b.any(pred),
            Expr::If(c, a, b) => c.any(pred) || a.any(pred) || b.any(pred),
            Expr::Call(_, args) => args.iter().any(|a| a.any(pred)),
        }
    }

    /// Whether evaluating the tree costs a division, a call or a lookup. The jit and the
    /// vm branch on an `If` with such an arm, evaluating only the arm taken (the arms
    /// are pure: the same value); cheaper arms are both evaluated and one selected.
    pub fn is_costly(&self) -> bool {
        self.any(&mut |n| matches!(n, Expr::Binary(BinOp::Div, ..) | Expr::Call(..) | Expr::Lookup(..)))
    }

    /// Number of nodes (a size measure for tests and listings).
    pub fn size(&self) -> usize {
        let mut n = 0;
        self.any(&mut |_| {
            n += 1;
            false
        });
        n
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnOp {
    Neg,
    /// 1 when the operand is not truthy, else 0.
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    /// `numerics::approx_eq`: equal or within a few ULPs
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `truthy(a) && truthy(b)`, as 1 or 0
    And,
    Or,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Eq => "=",
            BinOp::Ne => "<>",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

/// A builtin function of the IR: either computed inline by every backend (the rule is
/// written once, in [`crate::numerics`]) or a host function every backend calls. The
/// split is a type, so a match over either kind is exhaustive and a new builtin is a
/// compile error wherever it must be handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    Inline(InlineFn),
    Host(HostFn),
}

impl Builtin {
    pub fn arity(self) -> usize {
        match self {
            Builtin::Inline(f) => f.arity(),
            Builtin::Host(f) => f.arity(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Builtin::Inline(f) => f.name(),
            Builtin::Host(f) => f.import_name(),
        }
    }
}

/// The builtins every backend computes itself: the table `numerics::rules::inline_fns!`
/// (one row each: variant, name, rule).
pub use crate::numerics::rules::InlineFn;

/// How a lookup reads its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LookupMode {
    /// As the table's kind says (interpolate, extrapolate or step).
    Table,
    /// LOOKUP_FORWARD: the value at the first knot at or above x.
    Forward,
    /// LOOKUP_BACKWARD: the value at the last knot at or below x.
    Backward,
}

/// What a graphical function does between and beyond its knots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TableKind {
    #[default]
    Continuous,
    Extrapolate,
    Discrete,
}

/// A graphical-function table: at least one knot, `xs` non-decreasing.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub kind: TableKind,
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    /// `numerics::rules::evenly_spaced(&xs)`, decided once per table (`Table::new`;
    /// `Program::verify` checks it) rather than at each of its lookups in each backend.
    pub evenly_spaced: bool,
}

impl Table {
    pub fn new(name: String, kind: TableKind, xs: Vec<f64>, ys: Vec<f64>) -> Table {
        let evenly_spaced = crate::numerics::rules::evenly_spaced(&xs);
        Table { name, kind, xs, ys, evenly_spaced }
    }
}

/// What a named slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotKind {
    Global,
    Stock,
    Flow,
    Aux,
    /// An aux whose equation is a numeric literal.
    Constant,
}

/// One named scalar of the running model.
#[derive(Debug, Clone, PartialEq)]
pub struct VarSlot {
    /// The name to show: as written in the model, `inst.var` inside modules.
    pub name: String,
    /// Canonical form of `name` (what lookups by name compare).
    pub canonical: String,
    pub slot: u32,
    pub kind: SlotKind,
    /// Part of the default output (false for the globals and for the variables of
    /// implicit instances: stdlib functions, macros, pipeline delays).
    pub output: bool,
}

/// Where every value lives. Absolute slot = instance base + offset in its definition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub n_slots: u32,
    /// Ring-buffer values of the whole program (pipeline delays).
    pub n_buf: u32,
    /// Every named slot, in output order.
    pub vars: Vec<VarSlot>,
    by_name: HashMap<String, usize>,
    /// Compiled default of each overridable constant, by absolute slot (0 elsewhere).
    pub const_default: Vec<f64>,
    /// Whether the slot holds an overridable constant.
    pub overridable: Vec<bool>,
    /// Absolute `[start, end)` ranges of stock slots: after the stocks phase each step
    /// copies these from `next` to `curr`.
    pub stock_runs: Vec<(u32, u32)>,
}

impl Layout {
    pub fn new(
        n_slots: u32,
        n_buf: u32,
        vars: Vec<VarSlot>,
        const_default: Vec<f64>,
        overridable: Vec<bool>,
        stock_runs: Vec<(u32, u32)>,
    ) -> Self {
        let by_name = vars.iter().enumerate().map(|(i, v)| (v.canonical.clone(), i)).collect();
        Layout { n_slots, n_buf, vars, by_name, const_default, overridable, stock_runs }
    }

    /// The variable named `name` (any spelling; `inst.var` and `outer.inner.var` too).
    pub fn find(&self, name: &str) -> Option<&VarSlot> {
        let key = crate::canonical::canonical_path(name);
        self.by_name.get(&key).map(|&i| &self.vars[i])
    }

    /// The variables `name` selects: the one of that name, else every element of the
    /// array of that name (`x` gives `x[a]`, `x[b]`... in layout order); empty if none.
    pub fn select(&self, name: &str) -> Vec<&VarSlot> {
        if let Some(v) = self.find(name) {
            return vec![v];
        }
        let prefix = format!("{}[", crate::canonical::canonical_path(name));
        self.vars.iter().filter(|v| v.canonical.starts_with(&prefix) && v.output).collect()
    }

    /// ` (did you mean `NAME`?)` for the named variable closest to `typed`, or nothing.
    pub fn hint(&self, typed: &str) -> String {
        crate::suggest::hint(typed, self.vars.iter().filter(|v| v.kind != SlotKind::Global).map(|v| v.name.as_str()))
    }

    /// As [`Layout::hint`], among the overridable constants only (what `--set` accepts).
    pub fn constant_hint(&self, typed: &str) -> String {
        let constants = self.vars.iter().filter(|v| self.overridable.get(v.slot as usize) == Some(&true));
        crate::suggest::hint(typed, constants.map(|v| v.name.as_str()))
    }

    /// The variable stored at `slot`, if the slot is named.
    pub fn var_at(&self, slot: u32) -> Option<&VarSlot> {
        self.vars.iter().find(|v| v.slot == slot)
    }

    /// The variables of the default output, in order.
    pub fn outputs(&self) -> impl Iterator<Item = &VarSlot> {
        self.vars.iter().filter(|v| v.output)
    }
}

struct StmtDisplay<'a> {
    stmt: &'a Stmt,
    module: &'a ModuleDef,
    program: &'a Program,
}

impl<'a> fmt::Display for StmtDisplay<'a> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |off: u32| self.module.slot_names.get(off as usize).map(String::as_str).unwrap_or("?");
        let expr = |e: &'a Expr| ExprDisplay { expr: e, module: self.module };
        match self.stmt {
            Stmt::Assign { off, expr: e } => write!(f, "s{off} {} = {}", name(*off), expr(e)),
            Stmt::AssignConst { off } => write!(f, "s{off} {} = const[s{off}]", name(*off)),
            Stmt::AssignNext { off, expr: e } => {
                write!(f, "next s{off} {} = {}", name(*off), expr(e))
            }
            Stmt::EvalModule { module, off, buf_off, part } => write!(
                f,
                "eval m{module} {:?} part {part} at +{off} (buffers +{buf_off})",
                self.program.module(*module).name
            ),
            Stmt::PipelineInit { state, buf, capacity, delay, init } => write!(
                f,
                "pipeline s{state} buf+{buf} (capacity {capacity}) = start(delay {}, init {})",
                expr(delay),
                expr(init)
            ),
            Stmt::PipelineIn { state, buf, input } => write!(f, "pipeline s{state} buf+{buf} <- {}", expr(input)),
        }
    }
}

struct ExprDisplay<'a> {
    expr: &'a Expr,
    module: &'a ModuleDef,
}

impl<'a> fmt::Display for ExprDisplay<'a> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sub = |e: &'a Expr| ExprDisplay { expr: e, module: self.module };
        match self.expr {
            Expr::Lit(v) => write!(f, "{v:?}"),
            Expr::Load(off) => write!(f, "s{off}"),
            Expr::Global(g) => write!(f, "{}", g.name()),
            Expr::Instance => write!(f, "instance"),
            Expr::Init(off) => write!(f, "init[s{off}]"),
            Expr::Previous(off, init) => write!(f, "previous(s{off}, {})", sub(init)),
            Expr::Unary(UnOp::Neg, e) => write!(f, "(-{})", sub(e)),
            Expr::Unary(UnOp::Not, e) => write!(f, "(not {})", sub(e)),
            Expr::Binary(op, a, b) => write!(f, "({} {} {})", sub(a), op.symbol(), sub(b)),
            Expr::If(c, a, b) => write!(f, "(if {} then {} else {})", sub(c), sub(a), sub(b)),
            Expr::Call(b, args) => {
                write!(f, "{}(", b.name())?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{}", sub(a))?;
                }
                write!(f, ")")
            }
            Expr::Lookup(t, mode, x) => write!(f, "lookup_{mode:?}(t{t}, {})", sub(x)),
            Expr::PipelineOut(PipeAt { state, buf }) => write!(f, "pipeline_out(s{state}, buf+{buf})"),
            Expr::Let(value, body) => write!(f, "(let {} in {})", sub(value), sub(body)),
            Expr::Temp(d) => write!(f, "let{d}"),
        }
    }
}
