//! One module definition under construction: its variables, its module instances
//! (explicit `<module>`s, and implicit ones for stdlib and macro calls) and its pipeline
//! delays, with every equation resolved; then [`DefBuilder::build`] orders, lays out and
//! lowers it into a `ModuleDef` and the `DefInfo` its parents see.

use std::collections::HashMap;

use crate::canonical::{canonical, canonical_path, display_name, split_path};
use crate::datamodel::{Access, Connection, GfKind, Model, VarKind, Variable};
use crate::error::Diagnostic;
use crate::ir::{Expr, ModuleDef, ModuleId, Table, TableId, TableKind};
use crate::limits;

use super::graph::{self, GraphPhase};
use super::models::ModelRef;
use super::{ChildVar, Compiler, DefInfo, frame, lower};

/// The deepest resolved equation the compiler accepts: `ir::MAX_EXPR_HEIGHT` less the
/// few levels lowering may still add (a graphical function's lookup, a non-negative
/// stock's MAX, the Euler update around a stock's flows).
const MAX_EQUATION_HEIGHT: usize = crate::ir::MAX_EXPR_HEIGHT - 16;

/// Names of builtin values a variable may not take (canonical). Vensim's control
/// variables (INITIAL TIME, FINAL TIME, TIME STEP, SAVEPER) stay allowed: converted
/// models define them, as the specs they state.
const RESERVED_NAMES: [&str; 6] = ["time", "dt", "pi", "inf", "infinity", "nan"];

/// Index of a variable in [`Scope::vars`].
pub(crate) type VarId = u32;

/// A variable as a resolved equation reads it: its id, not a slot. Resolved equations
/// are `Expr<VarRef>`, lowered ones `Expr` (slot offsets), so `lower.rs` is the only place
/// one becomes the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct VarRef(pub VarId);

/// A pipeline delay as a resolved equation reads it: its index in [`Scope::pipes`],
/// which lowering maps to the pipeline's slots and buffer (`ir::PipeAt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct PipeRef(pub u32);

/// An equation resolved to variable ids and pipeline indices.
pub(crate) type VarExpr = Expr<VarRef, PipeRef>;
/// Index of an instance in [`Scope::instances`].
pub(crate) type InstId = u32;

#[derive(Debug, Clone)]
pub(crate) enum Role {
    Stock,
    Flow,
    Aux,
    /// A graphical function without an equation: a table to call, not a value.
    Table,
    /// Wired input `w` of this definition: the parent assigns it.
    Input(u32),
    /// A variable of a child instance, read by its path (`inst.var`).
    Child(InstId, ChildVar),
}

#[derive(Debug, Clone)]
pub(crate) struct Var {
    pub display: String,
    pub canonical: String,
    pub line: u32,
    pub role: Role,
    pub table: Option<TableId>,
    /// The equation (a stock's initial value) is a plain number: an overridable constant.
    pub literal: Option<f64>,
    /// Resolved equation (variables as `VarId`s), wrapped in its lookup when the
    /// variable has a graphical function. A stock's is its initial value.
    pub eqn: Option<VarExpr>,
    /// Resolved `<init_eqn>`, used instead of `eqn` while initialising.
    pub init_eqn: Option<VarExpr>,
    pub inflows: Vec<VarId>,
    pub outflows: Vec<VarId>,
    /// A non-negative stock or flow (its own setting, else the `<behavior>` default).
    pub non_negative: bool,
}

impl Var {
    pub fn is_constant(&self) -> bool {
        self.literal.is_some()
    }

    /// A variable this definition computes (not a table, an input or a child's).
    pub fn is_own_value(&self) -> bool {
        matches!(self.role, Role::Stock | Role::Flow | Role::Aux)
    }
}

/// What feeds one wired input of a child instance.
#[derive(Debug, Clone)]
pub(crate) enum Wire {
    /// A number: the child's input becomes a per-instance overridable constant.
    Literal(f64),
    Expr(VarExpr),
}

#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub display: String,
    pub canonical: String,
    pub line: u32,
    pub def: ModuleId,
    /// One per wired input of the child definition, in its order.
    pub wires: Vec<Wire>,
    /// An explicit `<module>` (its variables are in the default output); implicit
    /// instances of stdlib functions and macros are not.
    pub visible: bool,
}

/// A pipeline delay (DELAY): state and ring buffer in this definition's instance.
#[derive(Debug, Clone)]
pub(crate) struct Pipe {
    pub display: String,
    pub input: VarExpr,
    pub delay: VarExpr,
    pub init: VarExpr,
}

#[derive(Debug, Default)]
pub(crate) struct Scope {
    pub model_display: String,
    pub is_root: bool,
    pub vars: Vec<Var>,
    pub by_name: HashMap<String, VarId>,
    pub instances: Vec<Instance>,
    pub inst_by_name: HashMap<String, InstId>,
    pub pipes: Vec<Pipe>,
    /// The wired inputs of this definition, in declaration order.
    pub inputs: Vec<VarId>,
}

impl Scope {
    pub fn var(&self, id: VarId) -> &Var {
        &self.vars[id as usize]
    }
}

pub(crate) struct DefBuilder<'c, 'p> {
    pub cx: &'c mut Compiler<'p>,
    pub scope: Scope,
    pub file: &'p str,
}

impl<'c, 'p> DefBuilder<'c, 'p> {
    /// Compiles `model` with the inputs named in `wired` connected.
    pub fn build(
        cx: &'c mut Compiler<'p>,
        model: &ModelRef,
        wired: &[String],
        is_root: bool,
    ) -> Result<(ModuleDef, DefInfo), Vec<Diagnostic>> {
        let file = cx.file;
        let source = cx.catalog.model(model).map_err(|e| {
            vec![Diagnostic::error(format!("internal error: stdlib model {model:?}: {e}")).at(Some(file), None)]
        })?;
        let mut model_display = cx.catalog.display(model);
        if !wired.is_empty() {
            model_display = format!("{model_display}({})", wired.join(","));
        }
        let scope = Scope { model_display, is_root, ..Scope::default() };
        let mut b = DefBuilder { cx, scope, file };
        b.collect_vars(&source, wired)?;
        b.collect_instances(&source)?;
        b.check_budgets(source.line)?;
        b.resolve_equations(&source)?;
        let plans = [b.plan(GraphPhase::Initials)?, b.plan(GraphPhase::Flows)?];
        let frame = frame::lay_out(&b.scope, &b.cx.defs, b.cx.specs.n_steps as u32 + 1, b.cx.specs.method);
        let module = lower::module_def(&b.scope, &b.cx.defs, &frame, &plans, b.cx.specs.method);
        let info = frame::def_info(&b.scope, &b.cx.defs, &frame, &plans);
        Ok((module, info))
    }

    /// The instance's slots, buffers and nested instances against `crate::limits`,
    /// before any of them is laid out (children's counts are known: they are compiled).
    fn check_budgets(&self, line: u32) -> Result<(), Vec<Diagnostic>> {
        let defs = &self.cx.defs;
        let children = self.scope.instances.iter().map(|i| &defs[i.def as usize]);
        let n_stocks = self.scope.vars.iter().filter(|v| matches!(v.role, Role::Stock)).count() as u64;
        let slots = self.scope.vars.len() as u64
            + 2 * self.scope.pipes.len() as u64
            + frame::stage_slots(self.cx.specs.method, n_stocks, self.scope.pipes.len() as u64)
            + children.clone().map(|d| u64::from(d.n_slots)).sum::<u64>();
        let buffers = self.scope.pipes.len() as u64 * (self.cx.specs.n_steps + 1)
            + children.clone().map(|d| u64::from(d.n_buf)).sum::<u64>();
        let instances = children.map(|d| 1 + d.instances).sum::<u64>();
        let needs = format!("model `{}`", self.scope.model_display);
        limits::SLOTS
            .check(slots, &needs)
            .and_then(|()| limits::BUFFER_VALUES.check(buffers, &needs))
            .and_then(|()| limits::INSTANCES.check(instances, &needs))
            .map_err(|message| vec![self.error(line, None, message)])
    }

    fn error(&self, line: u32, var: Option<&str>, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::error(message).at(Some(self.file), Some(line));
        match var {
            Some(v) => d.in_variable(v),
            None => d,
        }
    }

    /// The model's variables (modules aside): names, roles, tables, flags.
    fn collect_vars(&mut self, model: &Model, wired: &[String]) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let behavior = self.cx.behavior;
        for v in model.variables.iter().filter(|v| !matches!(v.kind, VarKind::Module { .. })) {
            let display = display_name(&v.name);
            let key = canonical(&v.name);
            if key.is_empty() {
                errors.push(self.error(v.line, None, "a variable has an empty name"));
                continue;
            }
            // A variable named like a builtin value would shadow it in every equation
            // (and `time` would be a second time column of the results).
            if RESERVED_NAMES.contains(&key.as_str()) {
                errors.push(self.error(
                    v.line,
                    Some(&display),
                    format!(
                        "a variable cannot be named `{display}`: that is the builtin {}; rename it",
                        key.to_uppercase()
                    ),
                ));
                continue;
            }
            if let Some(&prev) = self.scope.by_name.get(&key) {
                let first = self.scope.var(prev).line;
                errors.push(self.error(
                    v.line,
                    Some(&display),
                    format!("`{display}` is defined twice (first at line {first})"),
                ));
                continue;
            }
            let role = if wired.contains(&key) {
                Role::Input(0) // numbered below, in declaration order
            } else {
                match &v.kind {
                    VarKind::Stock { .. } => Role::Stock,
                    VarKind::Flow => Role::Flow,
                    _ if v.gf.is_some() && v.eqn.is_none() => Role::Table,
                    _ => Role::Aux,
                }
            };
            let non_negative = v.non_negative.unwrap_or(match v.kind {
                VarKind::Stock { .. } => behavior.non_negative_stocks,
                VarKind::Flow => behavior.non_negative_flows,
                _ => false,
            });
            let table = v.gf.as_ref().map(|gf| self.register_table(&display, gf));
            let id = self.scope.vars.len() as VarId;
            if matches!(role, Role::Input(_)) {
                self.scope.inputs.push(id);
            }
            self.scope.by_name.insert(key.clone(), id);
            self.scope.vars.push(Var {
                display,
                canonical: key,
                line: v.line,
                role,
                table,
                literal: None,
                eqn: None,
                init_eqn: None,
                inflows: Vec::new(),
                outflows: Vec::new(),
                non_negative,
            });
        }
        for (w, &id) in self.scope.inputs.iter().enumerate() {
            self.scope.vars[id as usize].role = Role::Input(w as u32);
        }
        for name in wired {
            if !self.scope.by_name.contains_key(name) {
                let line = model.line;
                errors.push(self.error(
                    line,
                    None,
                    format!("model `{}` has no variable `{name}` to connect to", self.scope.model_display),
                ));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    fn register_table(&mut self, display: &str, gf: &crate::datamodel::GraphicalFunction) -> TableId {
        let kind = match gf.kind {
            GfKind::Continuous => TableKind::Continuous,
            GfKind::Extrapolate => TableKind::Extrapolate,
            GfKind::Discrete => TableKind::Discrete,
        };
        let name = gf.name.as_deref().map(display_name).unwrap_or_else(|| display.to_owned());
        self.cx.tables.push(Table::new(name, kind, gf.xs.clone(), gf.ys.clone()));
        (self.cx.tables.len() - 1) as TableId
    }

    /// The explicit `<module>` instances: compile each child definition (with the
    /// inputs its connections wire), then resolve what feeds each input.
    fn collect_instances(&mut self, model: &Model) -> Result<(), Vec<Diagnostic>> {
        let modules: Vec<&Variable> =
            model.variables.iter().filter(|v| matches!(v.kind, VarKind::Module { .. })).collect();
        let mut errors = Vec::new();
        for m in &modules {
            let key = canonical(&m.name);
            if self.scope.by_name.contains_key(&key) || self.scope.inst_by_name.contains_key(&key) {
                errors.push(self.error(m.line, None, format!("`{}` is defined twice", display_name(&m.name))));
            } else {
                self.scope.inst_by_name.insert(key, u32::MAX);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Every connection, attributed to the instance it feeds. Stella writes each
        // connection inside both modules it joins, with `to` qualified by the target.
        let mut wiring: Vec<(String, String, &Connection)> = Vec::new();
        for m in &modules {
            let VarKind::Module { connections, .. } = &m.kind else { continue };
            for c in connections {
                let to = split_path(c.to.trim().trim_start_matches('.'));
                let (inst, input) = match to.split_first() {
                    Some((first, rest))
                        if !rest.is_empty() && self.scope.inst_by_name.contains_key(&canonical(first)) =>
                    {
                        (canonical(first), rest.iter().map(|s| canonical(s)).collect::<Vec<_>>().join("."))
                    }
                    _ => (canonical(&m.name), canonical_path(&c.to)),
                };
                if !wiring.iter().any(|(i, n, _)| *i == inst && *n == input) {
                    wiring.push((inst, input, c));
                }
            }
        }
        for m in &modules {
            let VarKind::Module { model_name, .. } = &m.kind else { continue };
            let key = canonical(&m.name);
            let Some(child) = self.cx.catalog.named(&canonical(model_name)) else {
                errors.push(self.error(
                    m.line,
                    Some(&display_name(&m.name)),
                    format!(
                        "module `{}` instantiates `{model_name}`, but the file has no model of that name",
                        display_name(&m.name)
                    ),
                ));
                continue;
            };
            let wired: Vec<String> = wiring.iter().filter(|(i, _, _)| *i == key).map(|(_, n, _)| n.clone()).collect();
            match self.cx.def(child, wired, false) {
                Ok(def) => {
                    let id = self.scope.instances.len() as InstId;
                    self.scope.inst_by_name.insert(key.clone(), id);
                    self.scope.instances.push(Instance {
                        display: display_name(&m.name),
                        canonical: key,
                        line: m.line,
                        def,
                        wires: Vec::new(),
                        visible: true,
                    });
                }
                // Two instances of one failing model report its errors once.
                Err(e) => {
                    for d in e {
                        if !errors.contains(&d) {
                            errors.push(d);
                        }
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        for inst in 0..self.scope.instances.len() {
            let def = &self.cx.defs[self.scope.instances[inst].def as usize];
            let inputs: Vec<String> = def.inputs.iter().map(|(n, _)| n.clone()).collect();
            let mut wires = Vec::new();
            for input in inputs {
                let key = &self.scope.instances[inst].canonical;
                let Some((_, _, c)) = wiring.iter().find(|(i, n, _)| i == key && *n == input) else {
                    unreachable!("the definition was compiled with exactly these inputs wired")
                };
                match self.path_value(&c.from) {
                    Some(id) => wires.push(Wire::Expr(Expr::Load(VarRef(id)))),
                    None => errors.push(self.error(
                        c.line,
                        None,
                        format!("connection to `{}`: `{}` is not defined", c.to, c.from),
                    )),
                }
            }
            self.scope.instances[inst].wires = wires;
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// A variable named by a path (`x`, `inst.var`, `outer.inner.var`) as a value id.
    pub fn path_value(&mut self, path: &str) -> Option<VarId> {
        let key = canonical_path(path);
        if let Some(&id) = self.scope.by_name.get(&key) {
            return Some(id);
        }
        let (inst, rest) = key.split_once('.')?;
        let &inst_id = self.scope.inst_by_name.get(inst)?;
        let def = &self.cx.defs[self.scope.instances.get(inst_id as usize)?.def as usize];
        let child = def.vars.get(rest)?.clone();
        let inst = &self.scope.instances[inst_id as usize];
        let display = format!("{}.{}", inst.display, child.display);
        let id = self.scope.vars.len() as VarId;
        self.scope.by_name.insert(key.clone(), id);
        self.scope.vars.push(Var {
            display,
            canonical: key,
            line: inst.line,
            role: Role::Child(inst_id, child),
            table: None,
            literal: None,
            eqn: None,
            init_eqn: None,
            inflows: Vec::new(),
            outflows: Vec::new(),
            non_negative: false,
        });
        Some(id)
    }

    /// Parses and resolves every equation, and the flows of every stock.
    fn resolve_equations(&mut self, model: &Model) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let own: Vec<(VarId, &Variable)> = model
            .variables
            .iter()
            .filter(|v| !matches!(v.kind, VarKind::Module { .. }))
            .filter_map(|v| self.scope.by_name.get(&canonical(&v.name)).map(|&id| (id, v)))
            .collect();
        for (id, v) in own {
            if let Err(mut e) = self.resolve_var(id, v) {
                errors.append(&mut e);
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    fn resolve_var(&mut self, id: VarId, v: &Variable) -> Result<(), Vec<Diagnostic>> {
        let display = self.scope.var(id).display.clone();
        let role = self.scope.var(id).role.clone();
        if matches!(role, Role::Input(_)) {
            return Ok(()); // the parent's wiring replaces the equation
        }
        let mut errors = Vec::new();
        let eqn_ast = self.parse(v.eqn.as_ref(), &display, &mut errors);
        let init_ast = self.parse(v.init_eqn.as_ref(), &display, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut eqn = self.resolve_equation(eqn_ast.as_ref(), id, &mut errors);
        let init_eqn = self.resolve_equation(init_ast.as_ref(), id, &mut errors);
        let table = self.scope.var(id).table;
        let literal = match (&eqn_ast, table) {
            (Some((ast, _)), None) => literal_value(ast),
            _ => None,
        };
        if let Some(table) = table {
            eqn = eqn.map(|e| Expr::Lookup(table, crate::ir::LookupMode::Table, Box::new(e)));
        }
        if eqn_ast.is_none() && !matches!(role, Role::Table) && errors.is_empty() {
            let message = match (&role, v.access) {
                (_, Some(Access::Input)) => format!(
                    "input `{display}` of model `{}` is not connected and has no equation",
                    self.scope.model_display
                ),
                (Role::Stock, _) => format!("`{display}` has no initial value"),
                _ => format!("`{display}` has no equation"),
            };
            errors.push(self.error(v.line, Some(&display), message));
        }
        let (inflows, outflows) = match &v.kind {
            VarKind::Stock { inflows, outflows } => (
                self.stock_flows(inflows, "inflow", v, &mut errors),
                self.stock_flows(outflows, "outflow", v, &mut errors),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        // A flow listed twice would be counted twice in the stock's net flow.
        let mut seen = std::collections::HashSet::new();
        for &f in inflows.iter().chain(&outflows) {
            if !seen.insert(f) {
                let flow = self.scope.var(f).display.clone();
                errors.push(self.error(
                    v.line,
                    Some(&display),
                    format!("flow `{flow}` is listed twice among the inflows and outflows of stock `{display}`"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let var = &mut self.scope.vars[id as usize];
        var.literal = literal;
        var.eqn = eqn;
        var.init_eqn = init_eqn;
        var.inflows = inflows;
        var.outflows = outflows;
        Ok(())
    }

    fn stock_flows(&self, names: &[String], what: &str, stock: &Variable, errors: &mut Vec<Diagnostic>) -> Vec<VarId> {
        let stock_name = display_name(&stock.name);
        names
            .iter()
            .filter_map(|n| match self.scope.by_name.get(&canonical(n)) {
                Some(&id) if self.scope.var(id).is_own_value() || matches!(self.scope.var(id).role, Role::Input(_)) => {
                    Some(id)
                }
                _ => {
                    errors.push(self.error(
                        stock.line,
                        Some(&stock_name),
                        format!("{what} `{}` of stock `{stock_name}` is not defined", display_name(n)),
                    ));
                    None
                }
            })
            .collect()
    }

    fn parse<'e>(
        &self,
        eq: Option<&'e crate::datamodel::Equation>,
        display: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<(crate::equation::Expr, &'e crate::datamodel::Equation)> {
        let eq = eq?;
        match crate::equation::parse(&eq.text) {
            Ok(ast) => ast.map(|a| (a, eq)),
            Err(e) => {
                errors.push(self.error(line_of(eq, e.offset), Some(display), format!("syntax error: {}", e.message)));
                None
            }
        }
    }

    /// Resolves an equation, refusing one deeper than [`MAX_EQUATION_HEIGHT`] (every
    /// later stage, and every backend, walks expressions recursively).
    fn resolve_equation(
        &mut self,
        ast: Option<&(crate::equation::Expr, &crate::datamodel::Equation)>,
        current: VarId,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<VarExpr> {
        let (ast, eq) = ast?;
        match self.resolve(ast, current) {
            Ok(e) if e.height() > MAX_EQUATION_HEIGHT => {
                let display = self.scope.var(current).display.clone();
                let message = format!(
                    "this equation is nested {} levels deep once its functions are expanded; at most \
                     {MAX_EQUATION_HEIGHT} are allowed (split it into intermediate variables)",
                    e.height()
                );
                errors.push(self.error(line_of(eq, 0), Some(&display), message));
                None
            }
            Ok(e) => Some(e),
            Err(super::resolve::ResolveError::At { message, offset }) => {
                let display = self.scope.var(current).display.clone();
                errors.push(self.error(line_of(eq, offset), Some(&display), message));
                None
            }
            Err(super::resolve::ResolveError::Nested(mut e)) => {
                errors.append(&mut e);
                None
            }
        }
    }

    fn plan(&self, phase: GraphPhase) -> Result<graph::Plan, Vec<Diagnostic>> {
        graph::plan(&self.scope, &self.cx.defs, phase).map_err(|cycle| {
            let names: Vec<String> =
                cycle.iter().map(|n| format!("`{}`", graph::node_name(&self.scope, &self.cx.defs, *n))).collect();
            let line = cycle.iter().find_map(|n| match n {
                graph::Node::Var(v) => Some(self.scope.var(*v).line),
                graph::Node::Wire(i, _) | graph::Node::Part(i, _) => Some(self.scope.instances[*i as usize].line),
                graph::Node::Pipe(_) => None,
            });
            let first = match cycle.first() {
                Some(graph::Node::Var(v)) => Some(self.scope.var(*v).display.clone()),
                _ => None,
            };
            let when = if phase == GraphPhase::Initials { " while computing initial values" } else { "" };
            let mut d = Diagnostic::error(format!(
                "circular definition{when}: {} -> {}",
                names.join(" -> "),
                names.first().cloned().unwrap_or_default()
            ))
            .at(Some(self.file), line);
            if let Some(first) = first {
                d = d.in_variable(&first);
            }
            vec![d]
        })
    }
}

/// The value of an equation that is a plain number (`5`, `-0.3`, `+2`).
pub(crate) fn literal_value(ast: &crate::equation::Expr) -> Option<f64> {
    use crate::equation::{ExprKind, UnaryOp};
    match &ast.kind {
        ExprKind::Num(v) => Some(*v),
        ExprKind::Unary(UnaryOp::Neg, inner) => literal_value(inner).map(|v| -v),
        ExprKind::Unary(UnaryOp::Plus, inner) => literal_value(inner),
        _ => None,
    }
}

/// The file line of byte `offset` of an equation's text.
fn line_of(eq: &crate::datamodel::Equation, offset: usize) -> u32 {
    let upto = eq.text.get(..offset).unwrap_or(&eq.text);
    eq.line + upto.matches('\n').count() as u32
}
