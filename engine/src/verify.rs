//! `Program::verify`: the IR's own invariants, checked before any backend lowers it.
//!
//! `Program` has public fields, so a program need not come from the compiler. Every
//! backend calls [`Program::verify`] first (`Vm::new`, `WasmModule::new`,
//! `WasmProgram::compile`, `Jit::compile`): what it accepts is a program in which every
//! slot, buffer value, child instance, part, builtin and table a statement names
//! exists, so the generated code never reads or writes outside its memory. (The jit's
//! native code indexes memory unchecked; this is what makes that safe.)
//!
//! The walk over expressions uses an explicit stack, never the Rust stack, so a deep
//! expression cannot overflow it here.

use std::collections::HashMap;
use std::fmt;

use crate::ir::{Expr, Global, MAX_EXPR_HEIGHT, ModuleDef, ModuleId, Phase, PipeAt, Program, Stmt, Table};

/// Where in a program a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The module definition's name and id.
    pub module: Option<(String, ModuleId)>,
    pub phase: Option<Phase>,
    pub part: Option<usize>,
    pub stmt: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((name, id)) = &self.module else { return f.write_str("program") };
        write!(f, "module `{name}` (m{id})")?;
        if let Some(phase) = self.phase {
            write!(f, ", {} phase", phase.name())?;
        }
        if let Some(part) = self.part {
            write!(f, ", part {part}")?;
        }
        if let Some(stmt) = self.stmt {
            write!(f, ", statement {stmt}")?;
        }
        Ok(())
    }
}

/// A program that breaks an invariant of the IR: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid program `{program}`: {at}: {problem}")]
pub struct VerifyError {
    pub program: String,
    pub at: Location,
    pub problem: String,
}

impl Program {
    /// Checks every invariant a backend relies on; the first problem found is the error.
    pub fn verify(&self) -> Result<(), VerifyError> {
        Verifier { program: self, at: Location::default() }.run()
    }
}

struct Verifier<'a> {
    program: &'a Program,
    at: Location,
}

type Check = Result<(), String>;

fn ensure(ok: bool, problem: impl FnOnce() -> String) -> Check {
    if ok { Ok(()) } else { Err(problem()) }
}

impl Verifier<'_> {
    fn run(&mut self) -> Result<(), VerifyError> {
        let p = self.program;
        let fail = |at: &Location, problem: String| VerifyError { program: p.name.clone(), at: at.clone(), problem };
        self.program_wide().map_err(|e| fail(&self.at, e))?;
        for (i, table) in p.tables.iter().enumerate() {
            check_table(table).map_err(|e| fail(&self.at, format!("table {i} `{}`: {e}", table.name)))?;
        }
        for (id, module) in p.modules.iter().enumerate() {
            self.at = Location { module: Some((module.name.clone(), id as ModuleId)), ..Location::default() };
            self.module(module, id as ModuleId == p.root).map_err(|e| fail(&self.at, e))?;
        }
        self.at = Location::default();
        self.no_cycles().map_err(|e| fail(&self.at, e))
    }

    /// The root, the layout and the specs.
    fn program_wide(&self) -> Check {
        let p = self.program;
        let l = &p.layout;
        let root = p.modules.get(p.root as usize);
        let root = root.ok_or_else(|| format!("the root m{} does not exist ({} modules)", p.root, p.modules.len()))?;
        ensure(l.n_slots >= Global::COUNT, || {
            format!("{} slots leave no room for the {} globals", l.n_slots, Global::COUNT)
        })?;
        ensure(root.n_slots == l.n_slots, || {
            format!("the layout has {} slots, the root module `{}` {}", l.n_slots, root.name, root.n_slots)
        })?;
        ensure(root.n_buf == l.n_buf, || {
            format!("the layout has {} buffer values, the root module `{}` {}", l.n_buf, root.name, root.n_buf)
        })?;
        for phase in [Phase::Initials, Phase::Flows] {
            let n = root.parts(phase).len();
            ensure(n == 1, || format!("the root has {n} parts in the {} phase, not one", phase.name()))?;
        }
        let n = l.n_slots as usize;
        ensure(l.const_default.len() == n, || format!("{n} slots but {} constant defaults", l.const_default.len()))?;
        ensure(l.overridable.len() == n, || format!("{n} slots but {} overridable flags", l.overridable.len()))?;
        let mut end = 0;
        for &(start, stop) in &l.stock_runs {
            ensure(start >= end && start < stop && stop <= l.n_slots, || {
                format!(
                    "stock run [{start}, {stop}) is empty, out of order or past the {} slots (the previous ends at {end})",
                    l.n_slots
                )
            })?;
            end = stop;
        }
        for var in &l.vars {
            ensure(var.slot < l.n_slots, || format!("variable `{}` at slot {} of {}", var.name, var.slot, l.n_slots))?;
        }
        let s = &p.specs;
        ensure(s.start.is_finite() && s.stop.is_finite() && s.dt.is_finite() && s.dt > 0.0, || {
            format!("sim specs start {:?}, stop {:?}, dt {:?}: not finite or dt not positive", s.start, s.stop, s.dt)
        })?;
        ensure(s.save_every >= 1, || "save_every is 0".to_owned())
    }

    fn module(&mut self, module: &ModuleDef, is_root: bool) -> Check {
        let (stocks, method) = (module.parts(Phase::Stocks).len(), self.program.specs.method);
        ensure(stocks == method.stages() as usize, || {
            format!("{stocks} parts in the stocks phase, not the {} stages of {}", method.stages(), method.name())
        })?;
        // The driver runs the root's hoisted part only, and that part calls no child.
        let hoisted = module.parts(Phase::Hoisted);
        ensure(hoisted.len() == 1, || format!("{} parts in the hoisted phase, not one", hoisted.len()))?;
        ensure(is_root || hoisted[0].is_empty(), || "a module other than the root has hoisted statements".to_owned())?;
        // Each pipeline's buffer capacity, from the PipelineInit that starts it.
        let mut pipelines: HashMap<(u32, u32), u32> = HashMap::new();
        for stmt in module.parts(Phase::Initials).iter().flatten() {
            if let Stmt::PipelineInit { state, buf, capacity, .. } = *stmt {
                pipelines.insert((state, buf), capacity);
            }
        }
        for phase in Phase::ALL {
            for (part, stmts) in module.parts(phase).iter().enumerate() {
                for (k, stmt) in stmts.iter().enumerate() {
                    self.at.phase = Some(phase);
                    self.at.part = Some(part);
                    self.at.stmt = Some(k);
                    self.stmt(module, phase, stmt, &pipelines)?;
                }
            }
        }
        self.at.phase = None;
        self.at.part = None;
        self.at.stmt = None;
        Ok(())
    }

    fn stmt(&self, module: &ModuleDef, phase: Phase, stmt: &Stmt, pipelines: &HashMap<(u32, u32), u32>) -> Check {
        let slot = |off: u32, what: &str| {
            ensure(off < module.n_slots, || {
                format!("{what} slot {off} is outside the module's {} slots", module.n_slots)
            })
        };
        ensure(phase != Phase::Hoisted || matches!(stmt, Stmt::Assign { .. }), || {
            "the hoisted phase holds only assignments".to_owned()
        })?;
        match *stmt {
            Stmt::Assign { off, .. } | Stmt::AssignConst { off } | Stmt::AssignNext { off, .. } => {
                slot(off, "assigned")?;
            }
            Stmt::EvalModule { module: child_id, off, buf_off, part } => {
                let child = self.program.modules.get(child_id as usize).ok_or_else(|| {
                    format!("child module m{child_id} does not exist ({} modules)", self.program.modules.len())
                })?;
                let parts = child.parts(phase).len();
                ensure((part as usize) < parts, || {
                    format!("child `{}` has {parts} parts in the {} phase, not part {part}", child.name, phase.name())
                })?;
                ensure(off as u64 + child.n_slots as u64 <= module.n_slots as u64, || {
                    format!(
                        "child `{}` at slot {off} needs {} slots; the parent has {}",
                        child.name, child.n_slots, module.n_slots
                    )
                })?;
                ensure(buf_off as u64 + child.n_buf as u64 <= module.n_buf as u64, || {
                    format!(
                        "child `{}` at buffer {buf_off} needs {} buffer values; the parent has {}",
                        child.name, child.n_buf, module.n_buf
                    )
                })?;
            }
            Stmt::PipelineInit { state, buf, capacity, .. } => {
                ensure(phase == Phase::Initials, || "a pipeline starts only in the initials phase".to_owned())?;
                self.pipeline_state(module, state)?;
                ensure(capacity >= 1 && buf as u64 + capacity as u64 <= module.n_buf as u64, || {
                    format!(
                        "pipeline buffer [{buf}, {buf} + {capacity}) is empty or outside the module's {} buffer values",
                        module.n_buf
                    )
                })?;
            }
            Stmt::PipelineIn { state, buf, .. } => {
                ensure(phase == Phase::Stocks, || "a pipeline is fed only in the stocks phase".to_owned())?;
                self.started_pipeline(module, state, buf, pipelines)?;
            }
        }
        for expr in stmt.exprs() {
            self.expr(module, expr, pipelines)?;
        }
        Ok(())
    }

    /// A pipeline's state takes two slots: its length and its head.
    fn pipeline_state(&self, module: &ModuleDef, state: u32) -> Check {
        ensure(state as u64 + 2 <= module.n_slots as u64, || {
            format!(
                "pipeline state slots {state} and {} are outside the module's {} slots",
                state as u64 + 1,
                module.n_slots
            )
        })
    }

    fn started_pipeline(
        &self,
        module: &ModuleDef,
        state: u32,
        buf: u32,
        pipelines: &HashMap<(u32, u32), u32>,
    ) -> Check {
        self.pipeline_state(module, state)?;
        ensure(pipelines.contains_key(&(state, buf)), || {
            format!("pipeline (state {state}, buffer {buf}) has no PipelineInit in the module's initials")
        })
    }

    /// Every node of `root`, depth first, on an explicit stack.
    fn expr<'p>(&self, module: &ModuleDef, root: &'p Expr, pipelines: &HashMap<(u32, u32), u32>) -> Check {
        let slot = |off: u32, what: &str| {
            ensure(off < module.n_slots, || {
                format!("{what} of slot {off}, outside the module's {} slots", module.n_slots)
            })
        };
        // (node, enclosing Lets, height of the node in the tree: the root is 1)
        let mut stack = vec![(root, 0u32, 1usize)];
        while let Some((e, lets, height)) = stack.pop() {
            ensure(height <= MAX_EXPR_HEIGHT, || {
                format!("an expression deeper than {MAX_EXPR_HEIGHT} levels (backends walk it recursively)")
            })?;
            let below = |a: &'p Expr| (a, lets, height + 1);
            match e {
                Expr::Lit(_) | Expr::Global(_) | Expr::Instance => {}
                Expr::Temp(d) => ensure(*d < lets, || format!("let{d} outside {} enclosing LETs", lets))?,
                Expr::Let(value, body) => stack.extend([below(value), (&**body, lets + 1, height + 1)]),
                Expr::Load(off) => slot(*off, "load")?,
                Expr::Init(off) => slot(*off, "INIT")?,
                Expr::Previous(off, init) => {
                    slot(*off, "PREVIOUS")?;
                    stack.push(below(init));
                }
                Expr::Unary(_, a) => stack.push(below(a)),
                Expr::Binary(_, a, b) => stack.extend([below(a), below(b)]),
                Expr::If(c, a, b) => stack.extend([below(c), below(a), below(b)]),
                Expr::Call(builtin, args) => {
                    ensure(args.len() == builtin.arity(), || {
                        format!("{} takes {} arguments, not {}", builtin.name(), builtin.arity(), args.len())
                    })?;
                    stack.extend(args.iter().map(below));
                }
                Expr::Lookup(table, _, x) => {
                    ensure((*table as usize) < self.program.tables.len(), || {
                        format!("lookup in table {table}; the program has {}", self.program.tables.len())
                    })?;
                    stack.push(below(x));
                }
                Expr::PipelineOut(PipeAt { state, buf }) => self.started_pipeline(module, *state, *buf, pipelines)?,
            }
        }
        Ok(())
    }

    /// No module evaluates itself, directly or through its children (an iterative
    /// depth-first search: white, grey on the path, black done).
    fn no_cycles(&mut self) -> Check {
        let modules = &self.program.modules;
        let children = |m: &ModuleDef| -> Vec<usize> {
            let mut c: Vec<usize> = m
                .all_stmts()
                .filter_map(|s| match *s {
                    Stmt::EvalModule { module, .. } => Some(module as usize),
                    _ => None,
                })
                .collect();
            c.sort_unstable();
            c.dedup();
            c
        };
        let edges: Vec<Vec<usize>> = modules.iter().map(children).collect();
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            OnPath,
            Done,
        }
        let mut mark = vec![Mark::New; modules.len()];
        for start in 0..modules.len() {
            if mark[start] != Mark::New {
                continue;
            }
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            mark[start] = Mark::OnPath;
            while let Some(&mut (node, ref mut next)) = path.last_mut() {
                if let Some(&child) = edges[node].get(*next) {
                    *next += 1;
                    match mark[child] {
                        Mark::OnPath => {
                            let m = &modules[child];
                            self.at.module = Some((m.name.clone(), child as ModuleId));
                            return Err(format!("evaluates itself (a cycle of EvalModule through m{node})"));
                        }
                        Mark::New => {
                            mark[child] = Mark::OnPath;
                            path.push((child, 0));
                        }
                        Mark::Done => {}
                    }
                } else {
                    mark[node] = Mark::Done;
                    path.pop();
                }
            }
        }
        Ok(())
    }
}

/// Non-empty, as many ys as xs, every knot finite, xs non-decreasing, `evenly_spaced`
/// what the knots are.
fn check_table(t: &Table) -> Check {
    ensure(!t.xs.is_empty(), || "no knots".to_owned())?;
    ensure(t.xs.len() == t.ys.len(), || format!("{} xs but {} ys", t.xs.len(), t.ys.len()))?;
    if let Some(i) = t.xs.iter().chain(&t.ys).position(|v| !v.is_finite()) {
        let (axis, k) = if i < t.xs.len() { ("x", i) } else { ("y", i - t.xs.len()) };
        let v = if axis == "x" { t.xs[k] } else { t.ys[k] };
        return Err(format!("{axis} of knot {k} is {v:?}, not finite"));
    }
    if let Some(k) = t.xs.windows(2).position(|w| w[1] < w[0]) {
        return Err(format!("xs decrease at knot {}: {:?} after {:?}", k + 1, t.xs[k + 1], t.xs[k]));
    }
    let spaced = crate::numerics::rules::evenly_spaced(&t.xs);
    ensure(t.evenly_spaced == spaced, || format!("marked evenly_spaced {} but it is {spaced}", t.evenly_spaced))
}
