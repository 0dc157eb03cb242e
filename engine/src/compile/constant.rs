//! The value of an equation when compiling, for a reader that needs a number before
//! the run (the order of Vensim's `SMOOTH N`, a delay time). The equation is lowered to
//! the IR exactly as the compiler lowers it ([`super::builtins`]: STEP's half-DT rule,
//! RAMP, MIN and MAX...) and the IR evaluated on `f64`s by the rules every backend runs
//! ([`crate::numerics::rules`]), so no numeric rule is written twice.

use crate::canonical::canonical;
use crate::equation::{Expr as Ast, ExprKind, Ident, UnaryOp};
use crate::ir::{Builtin, Global, UnOp};
use crate::numerics::{eval::Eval, rules};

use super::builtins;
use super::scope::VarExpr as Expr;

/// What an equation's names stand for.
pub(crate) trait Names {
    /// The value of the model's variable `name`; `Ok(None)` when the model has no such
    /// variable (the name may be a builtin's: `TIME`, `DT`, `PI`...).
    fn variable(&mut self, name: &Ident) -> Result<Option<f64>, String>;
    /// The value of a global (TIME, DT, INITIAL TIME, FINAL TIME); an error when it has
    /// none when compiling (TIME when the value must hold for the whole run).
    fn global(&mut self, g: Global) -> Result<f64, String>;
}

/// The value of `e`, an equation in the compiler's language (XMILE builtins), or why it
/// has none: a name that is neither a variable with a value nor a builtin constant, a
/// call that is not an ordinary builtin (a lookup, a stdlib function, INIT...).
pub(crate) fn value(e: &Ast, names: &mut dyn Names) -> Result<f64, String> {
    let ir = lower(e, names)?;
    eval(&ir, names, &mut Vec::new())
}

/// Whether `canonical` names a builtin constant (`TIME`, `DT`, `PI`...).
pub(crate) fn is_builtin_constant(canonical: &str) -> bool {
    builtins::constant(canonical).is_some()
}

fn lower(e: &Ast, names: &mut dyn Names) -> Result<Expr, String> {
    Ok(match &e.kind {
        ExprKind::Num(v) => Expr::Lit(*v),
        ExprKind::Var(id) => match names.variable(id)? {
            Some(v) => Expr::Lit(v),
            None => match builtins::constant(&canonical(&id.text)) {
                Some(e) => e,
                None => return Err(format!("`{}` has no value when compiling", id.text)),
            },
        },
        ExprKind::Unary(op, x) => {
            let x = lower(x, names)?;
            match op {
                UnaryOp::Plus => x,
                UnaryOp::Neg => Expr::Unary(UnOp::Neg, Box::new(x)),
                UnaryOp::Not => Expr::Unary(UnOp::Not, Box::new(x)),
            }
        }
        ExprKind::Binary(op, a, b) => super::resolve::binary(*op, lower(a, names)?, lower(b, names)?),
        ExprKind::If(c, a, b) => {
            Expr::If(Box::new(lower(c, names)?), Box::new(lower(a, names)?), Box::new(lower(b, names)?))
        }
        ExprKind::Call { name, args } => {
            let f = builtins::find(&canonical(&name.text))
                .filter(|f| (f.min_args..=f.max_args).contains(&args.len()))
                .ok_or_else(|| format!("`{}(...)` has no value when compiling", name.text))?;
            let args = args.iter().map(|a| lower(a, names)).collect::<Result<Vec<_>, _>>()?;
            (f.lower)(args)
        }
        ExprKind::Subscript { name, .. } => return Err(format!("`{}[...]` has no value when compiling", name.text)),
    })
}

fn eval(e: &Expr, names: &mut dyn Names, lets: &mut Vec<f64>) -> Result<f64, String> {
    let o = &mut Eval::new();
    Ok(match e {
        Expr::Lit(v) => *v,
        Expr::Global(g) => names.global(*g)?,
        Expr::Unary(UnOp::Neg, x) => -eval(x, names, lets)?,
        Expr::Unary(UnOp::Not, x) => {
            let x = eval(x, names, lets)?;
            rules::not(o, x)
        }
        Expr::Binary(op, a, b) => {
            let (a, b) = (eval(a, names, lets)?, eval(b, names, lets)?);
            rules::binary(o, *op, a, b)
        }
        Expr::If(c, a, b) => {
            let (c, a, b) = (eval(c, names, lets)?, eval(a, names, lets)?, eval(b, names, lets)?);
            rules::if_then_else(o, c, a, b)
        }
        Expr::Call(f, args) => {
            let args = args.iter().map(|a| eval(a, names, lets)).collect::<Result<Vec<_>, _>>()?;
            match f {
                Builtin::Inline(f) => rules::inline(o, *f, &args),
                Builtin::Host(f) => f.eval(&args),
            }
        }
        Expr::Let(v, body) => {
            let v = eval(v, names, lets)?;
            lets.push(v);
            let body = eval(body, names, lets);
            lets.pop();
            body?
        }
        Expr::Temp(d) => match lets.len().checked_sub(*d as usize + 1) {
            Some(i) => lets[i],
            None => return Err("a LET's value outside its LET".into()),
        },
        _ => return Err("the equation has no value when compiling".into()),
    })
}
