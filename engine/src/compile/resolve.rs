//! Names and calls in an equation -> IR expressions whose `Load`, `Init` and `Previous`
//! carry [`VarId`]s (lowering maps them to slot offsets once the frame is known).
//! Stdlib and macro calls become implicit module instances; DELAY becomes a pipeline.

use crate::canonical::{canonical, split_path};
use crate::equation::{BinaryOp, Expr as Ast, ExprKind, Ident, UnaryOp};
use crate::error::Diagnostic;
use crate::ir::{BinOp, Builtin, LookupMode, TableId, UnOp};
// Resolved equations read variables by id (`VarRef`), not by slot.
use super::scope::{PipeRef, VarExpr as Expr, VarRef};
use crate::numerics::HostFn;

use super::builtins;
use super::models::{MACRO_OUTPUT, ModelRef};
use super::scope::{DefBuilder, InstId, Instance, Pipe, Role, VarId, Wire, literal_value};
use super::stdlib;

pub(crate) enum ResolveError {
    /// A name or call that does not resolve, at a byte offset of the equation.
    At { message: String, offset: usize },
    /// A definition this call instantiates failed to compile (located diagnostics).
    Nested(Vec<Diagnostic>),
}

type Resolved<T> = Result<T, ResolveError>;

fn err<T>(offset: usize, message: impl Into<String>) -> Resolved<T> {
    Err(ResolveError::At { message: message.into(), offset })
}

impl DefBuilder<'_, '_> {
    /// Resolves the equation of variable `current`.
    pub fn resolve(&mut self, ast: &Ast, current: VarId) -> Resolved<Expr> {
        let at = ast.span.start;
        Ok(match &ast.kind {
            ExprKind::Num(v) => Expr::Lit(*v),
            ExprKind::Var(name) => self.value(name, current, at)?,
            ExprKind::Call { name, args } => self.call(name, args, current, at)?,
            ExprKind::Subscript { name, .. } => {
                return err(at, format!("`{}[...]`: arrays are not supported yet", name.text));
            }
            ExprKind::Unary(op, e) => {
                let e = self.resolve(e, current)?;
                match op {
                    UnaryOp::Plus => e,
                    UnaryOp::Neg => Expr::Unary(UnOp::Neg, Box::new(e)),
                    UnaryOp::Not => Expr::Unary(UnOp::Not, Box::new(e)),
                }
            }
            ExprKind::Binary(op, a, b) => {
                let a = self.resolve(a, current)?;
                let b = self.resolve(b, current)?;
                binary(*op, a, b)
            }
            ExprKind::If(c, a, b) => {
                let c = self.resolve(c, current)?;
                let a = self.resolve(a, current)?;
                let b = self.resolve(b, current)?;
                Expr::If(Box::new(c), Box::new(a), Box::new(b))
            }
        })
    }

    /// A variable of this definition or of a child instance. `SELF` (Stella) is the
    /// variable being defined, unless the model has a variable of that name.
    fn lookup_var(&mut self, name: &Ident, current: VarId) -> Option<VarId> {
        let key = canonical(&name.text);
        if let Some(&id) = self.scope.by_name.get(&key) {
            return Some(id);
        }
        if !name.quoted {
            if key == "self" {
                return Some(current);
            }
            if key.contains('.') {
                return self.path_value(&name.text);
            }
        }
        None
    }

    /// Whether value `id` is a graphical function (its own or a child's).
    fn is_table(&self, id: VarId) -> bool {
        match &self.scope.var(id).role {
            Role::Table => true,
            Role::Child(_, cv) => cv.is_table,
            _ => self.scope.var(id).table.is_some(),
        }
    }

    /// A name used as a value.
    fn value(&mut self, name: &Ident, current: VarId, at: usize) -> Resolved<Expr> {
        if let Some(id) = self.lookup_var(name, current) {
            let var = self.scope.var(id);
            let is_table = match &var.role {
                Role::Table => true,
                Role::Child(_, cv) => cv.is_table,
                _ => false,
            };
            if is_table {
                return err(
                    at,
                    format!(
                        "`{}` is a graphical function: call it as `{}(x)` or `LOOKUP({}, x)`",
                        var.display, name.text, name.text
                    ),
                );
            }
            return Ok(Expr::Load(VarRef(id)));
        }
        let key = canonical(&name.text);
        if let Some(e) = builtins::constant(&key) {
            return Ok(e);
        }
        if !name.quoted && key.contains('.') {
            let segments = split_path(&name.text);
            let first = canonical(segments[0]);
            return match self.scope.inst_by_name.get(&first) {
                Some(_) => err(
                    at,
                    format!("`{}`: module `{}` has no variable `{}`", name.text, segments[0], segments[1..].join(".")),
                ),
                None => err(at, format!("`{}`: there is no module instance `{}`", name.text, segments[0])),
            };
        }
        if builtins::is_function_name(&key) {
            return err(at, format!("`{}` is a function: it needs arguments in parentheses", name.text));
        }
        err(at, format!("`{}` is not defined", name.text))
    }

    fn call(&mut self, name: &Ident, args: &[Ast], current: VarId, at: usize) -> Resolved<Expr> {
        let key = canonical(&name.text);
        let arity = |min: usize, max: usize, text: &str| -> Resolved<()> {
            if args.len() < min || args.len() > max {
                return err(at, format!("`{}` {text}, got {}", name.text, args.len()));
            }
            Ok(())
        };
        match key.as_str() {
            "lookup" | "lookup_forward" | "lookup_backward" => {
                arity(2, 2, "takes 2 arguments (a graphical function and a value)")?;
                let mode = match key.as_str() {
                    "lookup" => LookupMode::Table,
                    "lookup_forward" => LookupMode::Forward,
                    _ => LookupMode::Backward,
                };
                let table = self.table_arg(&args[0], current)?;
                let x = self.resolve(&args[1], current)?;
                return Ok(Expr::Lookup(table, mode, Box::new(x)));
            }
            "init" => {
                arity(1, 1, "takes 1 argument (a variable)")?;
                return Ok(Expr::Init(self.var_arg(&args[0], &name.text, current)?));
            }
            "previous" => {
                arity(1, 2, "takes 1 or 2 arguments (a variable, and its value before the first step)")?;
                let var = self.var_arg(&args[0], &name.text, current)?;
                let init = match args.get(1) {
                    Some(a) => self.resolve(a, current)?,
                    None => Expr::Lit(0.0),
                };
                return Ok(Expr::Previous(var, Box::new(init)));
            }
            "delay" | "delay_fixed" => {
                arity(2, 3, "takes 2 or 3 arguments (input, delay time[, initial value])")?;
                return self.pipeline(name, args, current);
            }
            _ => {}
        }
        if (key == "min" || key == "max") && args.len() == 1 {
            return err(at, format!("`{}` of one argument takes an array; arrays are not supported yet", name.text));
        }
        // A random function, unless the model has a graphical function of that name
        // (`normal(x)` reading a table called NORMAL stays a lookup).
        if let Some(f) = super::random::find(&key)
            && !self.lookup_var(name, current).is_some_and(|id| self.is_table(id))
        {
            let (min, max) = f.arity();
            if args.len() < min || args.len() > max {
                let text = builtins::arity_text(min, max);
                return err(at, format!("`{}` {text}, got {}", name.text, args.len()));
            }
            let args = args.iter().map(|a| self.resolve(a, current)).collect::<Resolved<Vec<_>>>()?;
            let site = super::random::site(&self.scope.model_display, &self.scope.var(current).canonical, at);
            return Ok(f.lower(args, site));
        }
        if let Some(b) = builtins::find(&key) {
            if args.len() < b.min_args || args.len() > b.max_args {
                return err(at, format!("`{}` {}, got {}", name.text, b.arity_text(), args.len()));
            }
            let args = args.iter().map(|a| self.resolve(a, current)).collect::<Resolved<Vec<_>>>()?;
            return Ok((b.lower)(args));
        }
        if let Some(f) = stdlib::find(&key) {
            let text = builtins::arity_text(f.min_args, f.max_args);
            arity(f.min_args, f.max_args, &text)?;
            let order = match f.order_arg {
                None => f.order,
                Some(i) => order_arg(&args[i], &name.text)?,
            };
            let mut wires = Vec::new();
            for (i, a) in args.iter().enumerate() {
                if let Some(input) = f.input_of(i) {
                    wires.push((input.to_owned(), self.wire(a, current)?));
                }
            }
            return self.implicit_instance(&name.text, ModelRef::Std((f.model)(order)), wires, "output", current, at);
        }
        if let Some((model, def)) = self.cx.catalog.macro_named(&key) {
            let n = def.params.len();
            if args.len() != n {
                return err(at, format!("macro `{}` takes {n} arguments, got {}", name.text, args.len()));
            }
            let mut wires = Vec::new();
            for (p, a) in def.params.iter().zip(args) {
                wires.push((canonical(p), self.wire(a, current)?));
            }
            return self.implicit_instance(&name.text, model, wires, MACRO_OUTPUT, current, at);
        }
        if let Some(id) = self.lookup_var(name, current) {
            let var = self.scope.var(id);
            let Some(table) = var.table else {
                return err(at, format!("`{}` is a variable, not a function or graphical function", name.text));
            };
            arity(1, 1, "is a graphical function and takes 1 argument")?;
            let x = self.resolve(&args[0], current)?;
            return Ok(Expr::Lookup(table, LookupMode::Table, Box::new(x)));
        }
        err(at, format!("unknown function `{}`", name.text))
    }

    /// What feeds a stdlib or macro input: a plain number becomes a per-instance
    /// overridable constant of the child.
    fn wire(&mut self, arg: &Ast, current: VarId) -> Resolved<Wire> {
        Ok(match literal_value(arg) {
            Some(v) => Wire::Literal(v),
            None => Wire::Expr(self.resolve(arg, current)?),
        })
    }

    /// An implicit instance of `model` for one call site of `func` in `current`'s
    /// equation; its value is the child's `output` variable.
    fn implicit_instance(
        &mut self,
        func: &str,
        model: ModelRef,
        wires: Vec<(String, Wire)>,
        output: &str,
        current: VarId,
        at: usize,
    ) -> Resolved<Expr> {
        let wired: Vec<String> = wires.iter().map(|(n, _)| n.clone()).collect();
        let def_id = self.cx.def(model, wired, false).map_err(ResolveError::Nested)?;
        let def = &self.cx.defs[def_id as usize];
        let mut ordered = Vec::with_capacity(def.inputs.len());
        for (input, _) in &def.inputs {
            match wires.iter().find(|(n, _)| n == input) {
                Some((_, w)) => ordered.push(w.clone()),
                None => unreachable!("the definition was compiled with exactly these inputs wired"),
            }
        }
        let base = format!("{}@{}", self.scope.var(current).display, func);
        let mut display = base.clone();
        let mut k = 2;
        while self.scope.inst_by_name.contains_key(&canonical(&display)) {
            display = format!("{base}#{k}");
            k += 1;
        }
        let key = canonical(&display);
        let inst_id = self.scope.instances.len() as InstId;
        self.scope.inst_by_name.insert(key.clone(), inst_id);
        self.scope.instances.push(Instance {
            display: display.clone(),
            canonical: key.clone(),
            line: self.scope.var(current).line,
            def: def_id,
            wires: ordered,
            visible: false,
        });
        match self.path_value(&format!("{key}.{}", canonical(output))) {
            Some(id) => Ok(Expr::Load(VarRef(id))),
            None => err(at, format!("internal error: `{func}` has no output variable")),
        }
    }

    /// DELAY(input, delay time[, initial value]): a pipeline delay in this definition.
    /// The initial value defaults to the input's value at the start.
    fn pipeline(&mut self, name: &Ident, args: &[Ast], current: VarId) -> Resolved<Expr> {
        let input = self.resolve(&args[0], current)?;
        let delay = self.resolve(&args[1], current)?;
        let init = match args.get(2) {
            Some(a) => self.resolve(a, current)?,
            None => input.clone(),
        };
        let k = self.scope.pipes.len() as u32;
        let display = format!("{}@{}", self.scope.var(current).display, name.text);
        self.scope.pipes.push(Pipe { display, input, delay, init });
        Ok(Expr::PipelineOut(PipeRef(k)))
    }

    /// The graphical function named by a LOOKUP's first argument.
    fn table_arg(&mut self, arg: &Ast, current: VarId) -> Resolved<TableId> {
        let ExprKind::Var(name) = &arg.kind else {
            return err(arg.span.start, "the first argument of a lookup must name a graphical function");
        };
        let Some(id) = self.lookup_var(name, current) else {
            return err(arg.span.start, format!("`{}` is not defined", name.text));
        };
        match self.scope.var(id).table {
            Some(t) => Ok(t),
            None => err(arg.span.start, format!("`{}` is not a graphical function", name.text)),
        }
    }

    /// The variable named by INIT's or PREVIOUS's first argument.
    fn var_arg(&mut self, arg: &Ast, func: &str, current: VarId) -> Resolved<VarRef> {
        let ExprKind::Var(name) = &arg.kind else {
            return err(arg.span.start, format!("the first argument of `{func}` must be a variable name"));
        };
        match self.value(name, current, arg.span.start)? {
            Expr::Load(var) => Ok(var),
            _ => err(arg.span.start, format!("the first argument of `{func}` must be a model variable")),
        }
    }
}

/// The order argument of SMTHN / DELAYN: a whole number from 1 to `MAX_ORDER`.
fn order_arg(arg: &Ast, func: &str) -> Resolved<u32> {
    match literal_value(arg) {
        Some(v) if v.fract() == 0.0 && v >= 1.0 && v <= stdlib::MAX_ORDER as f64 => Ok(v as u32),
        _ => err(
            arg.span.start,
            format!(
                "the order of `{func}` must be a whole number from 1 to {} written in the equation",
                stdlib::MAX_ORDER
            ),
        ),
    }
}

/// `a op b` in the IR: `^` and `MOD` are host-function calls, the rest operators.
pub(super) fn binary(op: BinaryOp, a: Expr, b: Expr) -> Expr {
    let op = match op {
        BinaryOp::Pow => return Expr::Call(Builtin::Host(HostFn::Pow), vec![a, b]),
        BinaryOp::Mod => return Expr::Call(Builtin::Host(HostFn::Mod), vec![a, b]),
        BinaryOp::Add => BinOp::Add,
        BinaryOp::Sub => BinOp::Sub,
        BinaryOp::Mul => BinOp::Mul,
        BinaryOp::Div => BinOp::Div,
        BinaryOp::Eq => BinOp::Eq,
        BinaryOp::Ne => BinOp::Ne,
        BinaryOp::Lt => BinOp::Lt,
        BinaryOp::Le => BinOp::Le,
        BinaryOp::Gt => BinOp::Gt,
        BinaryOp::Ge => BinOp::Ge,
        BinaryOp::And => BinOp::And,
        BinaryOp::Or => BinOp::Or,
    };
    Expr::Binary(op, Box::new(a), Box::new(b))
}
