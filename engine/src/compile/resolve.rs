//! Names and calls in an equation -> IR expressions whose `Load`, `Init` and `Previous`
//! carry [`VarId`]s (lowering maps them to slot offsets once the layout is known).

use std::collections::HashMap;

use crate::canonical::canonical;
use crate::equation::{BinaryOp, Expr as Ast, ExprKind, Ident, UnaryOp};
use crate::ir::{BinOp, Expr, LookupMode, TableId, UnOp};

use super::builtins;
use super::model::{Role, Var, VarId};

/// A name or call that does not resolve, at a byte offset of the equation.
#[derive(Debug)]
pub(crate) struct Unresolved {
    pub message: String,
    pub offset: usize,
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, Unresolved> {
    Err(Unresolved {
        message: message.into(),
        offset,
    })
}

pub(crate) struct Resolver<'v> {
    vars: &'v [Var<'v>],
    by_name: &'v HashMap<String, VarId>,
    /// The variable whose equation is being resolved (Stella's `SELF`).
    current: VarId,
}

impl<'v> Resolver<'v> {
    pub fn new(vars: &'v [Var<'v>], by_name: &'v HashMap<String, VarId>, current: VarId) -> Self {
        Resolver {
            vars,
            by_name,
            current,
        }
    }

    pub fn resolve(&self, ast: &Ast) -> Result<Expr, Unresolved> {
        let at = ast.span.start;
        Ok(match &ast.kind {
            ExprKind::Num(v) => Expr::Lit(*v),
            ExprKind::Var(name) => self.value(name, at)?,
            ExprKind::Call { name, args } => self.call(name, args, at)?,
            ExprKind::Subscript { name, .. } => {
                return err(
                    at,
                    format!("`{}[...]`: arrays are not supported yet", name.text),
                );
            }
            ExprKind::Unary(op, e) => {
                let e = self.resolve(e)?;
                match op {
                    UnaryOp::Plus => e,
                    UnaryOp::Neg => Expr::Unary(UnOp::Neg, Box::new(e)),
                    UnaryOp::Not => Expr::Unary(UnOp::Not, Box::new(e)),
                }
            }
            ExprKind::Binary(op, a, b) => Expr::Binary(
                binop(*op),
                Box::new(self.resolve(a)?),
                Box::new(self.resolve(b)?),
            ),
            ExprKind::If(c, a, b) => Expr::If(
                Box::new(self.resolve(c)?),
                Box::new(self.resolve(a)?),
                Box::new(self.resolve(b)?),
            ),
        })
    }

    /// A variable of this model, by name as written. `SELF` (Stella) is the variable
    /// being defined, unless the model has a variable of that name.
    fn lookup_var(&self, name: &Ident) -> Option<VarId> {
        let key = canonical(&name.text);
        match self.by_name.get(&key) {
            Some(&id) => Some(id),
            None if key == "self" && !name.quoted => Some(self.current),
            None => None,
        }
    }

    /// A name used as a value.
    fn value(&self, name: &Ident, at: usize) -> Result<Expr, Unresolved> {
        if let Some(id) = self.lookup_var(name) {
            let var = &self.vars[id as usize];
            if var.role == Role::Table {
                return err(
                    at,
                    format!(
                        "`{}` is a graphical function: call it as `{}(x)` or `LOOKUP({}, x)`",
                        var.display, name.text, name.text
                    ),
                );
            }
            return Ok(Expr::Load(id));
        }
        let key = canonical(&name.text);
        if let Some(e) = builtins::constant(&key) {
            return Ok(e);
        }
        if !name.quoted && key.contains('.') {
            return err(
                at,
                format!(
                    "`{}`: references into modules are not supported yet",
                    name.text
                ),
            );
        }
        if builtins::find(&key).is_some() || builtins::SPECIAL.contains(&key.as_str()) {
            return err(
                at,
                format!(
                    "`{}` is a function: it needs arguments in parentheses",
                    name.text
                ),
            );
        }
        err(at, format!("`{}` is not defined", name.text))
    }

    fn call(&self, name: &Ident, args: &[Ast], at: usize) -> Result<Expr, Unresolved> {
        let key = canonical(&name.text);
        let arity = |min: usize, max: usize, text: &str| -> Result<(), Unresolved> {
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
                let table = self.table_arg(&args[0])?;
                return Ok(Expr::Lookup(table, mode, Box::new(self.resolve(&args[1])?)));
            }
            "init" => {
                arity(1, 1, "takes 1 argument (a variable)")?;
                return Ok(Expr::Init(self.var_arg(&args[0], &name.text)?));
            }
            "previous" => {
                arity(
                    1,
                    2,
                    "takes 1 or 2 arguments (a variable, and its value before the first step)",
                )?;
                let var = self.var_arg(&args[0], &name.text)?;
                let init = match args.get(1) {
                    Some(a) => self.resolve(a)?,
                    None => Expr::Lit(0.0),
                };
                return Ok(Expr::Previous(var, Box::new(init)));
            }
            _ => {}
        }
        if (key == "min" || key == "max") && args.len() == 1 {
            return err(
                at,
                format!(
                    "`{}` of one argument takes an array; arrays are not supported yet",
                    name.text
                ),
            );
        }
        if let Some(b) = builtins::find(&key) {
            if args.len() < b.min_args || args.len() > b.max_args {
                return err(
                    at,
                    format!("`{}` {}, got {}", name.text, b.arity_text(), args.len()),
                );
            }
            let args = args
                .iter()
                .map(|a| self.resolve(a))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok((b.lower)(args));
        }
        if let Some(id) = self.lookup_var(name) {
            let var = &self.vars[id as usize];
            let Some(table) = var.table else {
                return err(
                    at,
                    format!(
                        "`{}` is a variable, not a function or graphical function",
                        name.text
                    ),
                );
            };
            arity(1, 1, "is a graphical function and takes 1 argument")?;
            return Ok(Expr::Lookup(
                table,
                LookupMode::Table,
                Box::new(self.resolve(&args[0])?),
            ));
        }
        if builtins::STDLIB.contains(&key.as_str()) {
            return err(at, format!("`{}` is not supported yet", name.text));
        }
        err(at, format!("unknown function `{}`", name.text))
    }

    /// The graphical function named by a LOOKUP's first argument.
    fn table_arg(&self, arg: &Ast) -> Result<TableId, Unresolved> {
        let ExprKind::Var(name) = &arg.kind else {
            return err(
                arg.span.start,
                "the first argument of a lookup must name a graphical function",
            );
        };
        let Some(id) = self.lookup_var(name) else {
            return err(arg.span.start, format!("`{}` is not defined", name.text));
        };
        self.vars[id as usize].table.map_or_else(
            || {
                err(
                    arg.span.start,
                    format!("`{}` is not a graphical function", name.text),
                )
            },
            Ok,
        )
    }

    /// The variable named by INIT's or PREVIOUS's first argument.
    fn var_arg(&self, arg: &Ast, func: &str) -> Result<VarId, Unresolved> {
        let ExprKind::Var(name) = &arg.kind else {
            return err(
                arg.span.start,
                format!("the first argument of `{func}` must be a variable name"),
            );
        };
        match self.value(name, arg.span.start)? {
            Expr::Load(id) => Ok(id),
            _ => err(
                arg.span.start,
                format!("the first argument of `{func}` must be a model variable"),
            ),
        }
    }
}

fn binop(op: BinaryOp) -> BinOp {
    match op {
        BinaryOp::Add => BinOp::Add,
        BinaryOp::Sub => BinOp::Sub,
        BinaryOp::Mul => BinOp::Mul,
        BinaryOp::Div => BinOp::Div,
        BinaryOp::Pow => BinOp::Pow,
        BinaryOp::Mod => BinOp::Mod,
        BinaryOp::Eq => BinOp::Eq,
        BinaryOp::Ne => BinOp::Ne,
        BinaryOp::Lt => BinOp::Lt,
        BinaryOp::Le => BinOp::Le,
        BinaryOp::Gt => BinOp::Gt,
        BinaryOp::Ge => BinOp::Ge,
        BinaryOp::And => BinOp::And,
        BinaryOp::Or => BinOp::Or,
    }
}
