//! The builtin functions of the equation language and what each lowers to.
//!
//! Most builtins are one IR node. STEP, RAMP and PULSE are lowered here to plain IR
//! arithmetic on TIME and DT, so that their boundary rules (docs/semantics.md) are
//! written once and every backend runs them as the same operations.
//! Builtins that need an unresolved argument (a table for LOOKUP, a variable for INIT
//! and PREVIOUS) are handled by the resolver.

use crate::ir::{BinOp, Builtin, Global, InlineFn};
// Builtins are lowered while equations are resolved: their variables are ids.
use super::scope::VarExpr as Expr;
use crate::numerics::HostFn;

/// A builtin that takes ordinary expression arguments.
pub(crate) struct BuiltinFn {
    /// Canonical name.
    pub name: &'static str,
    pub min_args: usize,
    /// `usize::MAX` for variadic builtins.
    pub max_args: usize,
    pub lower: fn(Vec<Expr>) -> Expr,
}

impl BuiltinFn {
    pub fn arity_text(&self) -> String {
        arity_text(self.min_args, self.max_args)
    }
}

/// "takes 2 arguments", "takes 2 or 3 arguments", "takes at least 2 arguments".
pub(crate) fn arity_text(min: usize, max: usize) -> String {
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    match (min, max) {
        (a, b) if a == b => format!("takes {a} {}", plural(a)),
        (a, usize::MAX) => format!("takes at least {a} {}", plural(a)),
        (a, b) if b == a + 1 => format!("takes {a} or {b} arguments"),
        (a, b) => format!("takes {a} to {b} arguments"),
    }
}

pub(crate) fn find(canonical: &str) -> Option<&'static BuiltinFn> {
    BUILTINS.iter().find(|b| b.name == canonical)
}

/// Names that stand for a value without parentheses (`TIME`, `PI`...).
pub(crate) fn constant(canonical: &str) -> Option<Expr> {
    Some(match canonical {
        "time" => Expr::Global(Global::Time),
        "dt" | "time_step" => Expr::Global(Global::Dt),
        "starttime" | "initial_time" => Expr::Global(Global::InitialTime),
        "stoptime" | "final_time" => Expr::Global(Global::FinalTime),
        "pi" => Expr::Lit(std::f64::consts::PI),
        "inf" | "infinity" => Expr::Lit(f64::INFINITY),
        "nan" => Expr::Lit(f64::NAN),
        _ => return None,
    })
}

/// Builtins the resolver handles itself (their first argument is not a value).
pub(crate) const SPECIAL: &[&str] =
    &["lookup", "lookup_forward", "lookup_backward", "init", "previous", "delay", "delay_fixed"];

/// Whether `canonical` names a function of the equation language (a builtin, a special
/// form or a stdlib function): what a call of that name means before any macro.
pub(crate) fn is_function_name(canonical: &str) -> bool {
    find(canonical).is_some()
        || SPECIAL.contains(&canonical)
        || super::stdlib::find(canonical).is_some()
        || super::random::find(canonical).is_some()
}

fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
    Expr::Binary(op, Box::new(a), Box::new(b))
}

fn call(b: Builtin, args: Vec<Expr>) -> Expr {
    Expr::Call(b, args)
}

fn if_(c: Expr, a: Expr, b: Expr) -> Expr {
    Expr::If(Box::new(c), Box::new(a), Box::new(b))
}

fn time() -> Expr {
    Expr::Global(Global::Time)
}

fn dt() -> Expr {
    Expr::Global(Global::Dt)
}

fn half_dt() -> Expr {
    bin(BinOp::Div, dt(), Expr::Lit(2.0))
}

fn take<const N: usize>(args: Vec<Expr>) -> [Expr; N] {
    match args.try_into() {
        Ok(a) => a,
        Err(_) => unreachable!("arity is checked before lowering"),
    }
}

/// MIN or MAX of many arguments, as a balanced tree of two-argument calls: its height
/// grows with the logarithm of the count, not the count. The value is the same as a
/// left fold's, bit for bit: IEEE `minimum` and `maximum` are exact, associative and
/// commutative (a NaN anywhere gives NaN; -0 and +0 are ordered).
fn fold(b: Builtin, args: Vec<Expr>) -> Expr {
    let mut level = args;
    if level.is_empty() {
        return Expr::Lit(f64::NAN);
    }
    while level.len() > 1 {
        let mut next = Vec::with_capacity(level.len().div_ceil(2));
        let mut it = level.into_iter();
        while let Some(a) = it.next() {
            next.push(match it.next() {
                Some(b2) => call(b, vec![a, b2]),
                None => a,
            });
        }
        level = next;
    }
    level.pop().unwrap_or(Expr::Lit(f64::NAN))
}

/// STEP(h, t0) = IF TIME + DT/2 > t0 THEN h ELSE 0
fn step(args: Vec<Expr>) -> Expr {
    let [h, t0] = take(args);
    if_(bin(BinOp::Gt, bin(BinOp::Add, time(), half_dt()), t0), h, Expr::Lit(0.0))
}

/// `LET value IN body`, where `body` reads the value as `Expr::Temp(0)` (one more `Let`
/// inside shifts it to `Temp(1)`). The arguments placed in `body` are closed
/// expressions (their own `Temp`s refer to their own `Let`s), so they need no shift.
fn let_(value: Expr, body: Expr) -> Expr {
    Expr::Let(Box::new(value), Box::new(body))
}

/// RAMP(slope, start[, end]) = IF TIME > start THEN slope * (MIN(TIME, end) - start) ELSE 0
/// (`start` evaluated once).
fn ramp(args: Vec<Expr>) -> Expr {
    let mut it = args.into_iter();
    let (Some(slope), Some(start)) = (it.next(), it.next()) else { unreachable!("arity is checked") };
    let until = match it.next() {
        Some(end) => call(Builtin::Inline(InlineFn::Min), vec![time(), end]),
        None => time(),
    };
    let start_ = Expr::Temp(0);
    let rise = bin(BinOp::Mul, slope, bin(BinOp::Sub, until, start_.clone()));
    let_(start, if_(bin(BinOp::Gt, time(), start_), rise, Expr::Lit(0.0)))
}

/// PULSE(volume, first[, interval]): volume/DT during the one DT step starting at each
/// pulse time. With `k = (TIME - first) + DT/2` (the half-DT rule), the step pulses
/// when `k >= 0` and `r < DT`, where `r = k - interval * floor(k / interval)` when
/// `interval > 0` and `r = k` otherwise (a single pulse). `k` and `interval` are each
/// evaluated once (`Let`): copying them made nested PULSEs grow as 4^n.
fn pulse(args: Vec<Expr>) -> Expr {
    let mut it = args.into_iter();
    let (Some(volume), Some(first)) = (it.next(), it.next()) else { unreachable!("arity is checked") };
    let k_value = bin(BinOp::Add, bin(BinOp::Sub, time(), first), half_dt());
    let k = Expr::Temp(0);
    let pulses = |r: Expr| {
        let on = bin(BinOp::And, bin(BinOp::Ge, k.clone(), Expr::Lit(0.0)), bin(BinOp::Lt, r, dt()));
        if_(on, bin(BinOp::Div, volume, dt()), Expr::Lit(0.0))
    };
    match it.next() {
        Some(interval_value) => {
            // Inside both Lets: k is Temp(0), interval Temp(1).
            let interval = Expr::Temp(1);
            let periods = call(Builtin::Inline(InlineFn::Floor), vec![bin(BinOp::Div, k.clone(), interval.clone())]);
            let wrapped = bin(BinOp::Sub, k.clone(), bin(BinOp::Mul, interval.clone(), periods));
            let r = if_(bin(BinOp::Gt, interval, Expr::Lit(0.0)), wrapped, k.clone());
            let_(interval_value, let_(k_value, pulses(r)))
        }
        None => let_(k_value, pulses(k.clone())),
    }
}

macro_rules! unary {
    ($name:literal, $b:expr) => {
        BuiltinFn { name: $name, min_args: 1, max_args: 1, lower: |a| call($b, a) }
    };
}

static BUILTINS: &[BuiltinFn] = &[
    unary!("abs", Builtin::Inline(InlineFn::Abs)),
    unary!("sqrt", Builtin::Inline(InlineFn::Sqrt)),
    unary!("exp", Builtin::Host(HostFn::Exp)),
    unary!("ln", Builtin::Host(HostFn::Ln)),
    unary!("log10", Builtin::Host(HostFn::Log10)),
    unary!("sin", Builtin::Host(HostFn::Sin)),
    unary!("cos", Builtin::Host(HostFn::Cos)),
    unary!("tan", Builtin::Host(HostFn::Tan)),
    unary!("arcsin", Builtin::Host(HostFn::Asin)),
    unary!("arccos", Builtin::Host(HostFn::Acos)),
    unary!("arctan", Builtin::Host(HostFn::Atan)),
    unary!("sinh", Builtin::Host(HostFn::Sinh)),
    unary!("cosh", Builtin::Host(HostFn::Cosh)),
    unary!("tanh", Builtin::Host(HostFn::Tanh)),
    unary!("int", Builtin::Inline(InlineFn::Floor)),
    unary!("round", Builtin::Inline(InlineFn::Round)),
    unary!("sign", Builtin::Inline(InlineFn::Sign)),
    BuiltinFn { name: "min", min_args: 2, max_args: usize::MAX, lower: |a| fold(Builtin::Inline(InlineFn::Min), a) },
    BuiltinFn { name: "max", min_args: 2, max_args: usize::MAX, lower: |a| fold(Builtin::Inline(InlineFn::Max), a) },
    BuiltinFn {
        name: "mean",
        min_args: 1,
        max_args: usize::MAX,
        lower: |a| {
            let n = a.len() as f64;
            let mut it = a.into_iter();
            let first = it.next().unwrap_or(Expr::Lit(f64::NAN));
            bin(BinOp::Div, it.fold(first, |acc, x| bin(BinOp::Add, acc, x)), Expr::Lit(n))
        },
    },
    BuiltinFn {
        name: "safediv",
        min_args: 2,
        max_args: 3,
        lower: |mut a| {
            if a.len() == 2 {
                a.push(Expr::Lit(0.0));
            }
            call(Builtin::Inline(InlineFn::SafeDiv), a)
        },
    },
    // Vensim's MODULO, as XMILE converters write it: the same Euclidean rule as `MOD`.
    BuiltinFn {
        name: "modulo",
        min_args: 2,
        max_args: 2,
        lower: |a| {
            let [x, m] = take(a);
            call(Builtin::Host(HostFn::Mod), vec![x, m])
        },
    },
    BuiltinFn { name: "step", min_args: 2, max_args: 2, lower: step },
    BuiltinFn { name: "ramp", min_args: 2, max_args: 3, lower: ramp },
    BuiltinFn { name: "pulse", min_args: 2, max_args: 3, lower: pulse },
    BuiltinFn { name: "pi", min_args: 0, max_args: 0, lower: |_| Expr::Lit(std::f64::consts::PI) },
    BuiltinFn { name: "inf", min_args: 0, max_args: 0, lower: |_| Expr::Lit(f64::INFINITY) },
    BuiltinFn { name: "nan", min_args: 0, max_args: 0, lower: |_| Expr::Lit(f64::NAN) },
    BuiltinFn { name: "time", min_args: 0, max_args: 0, lower: |_| time() },
    BuiltinFn { name: "dt", min_args: 0, max_args: 0, lower: |_| dt() },
    BuiltinFn { name: "starttime", min_args: 0, max_args: 0, lower: |_| Expr::Global(Global::InitialTime) },
    BuiltinFn { name: "stoptime", min_args: 0, max_args: 0, lower: |_| Expr::Global(Global::FinalTime) },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arity_texts_read_well() {
        assert_eq!(find("step").unwrap().arity_text(), "takes 2 arguments");
        assert_eq!(find("ramp").unwrap().arity_text(), "takes 2 or 3 arguments");
        assert_eq!(find("min").unwrap().arity_text(), "takes at least 2 arguments");
        assert_eq!(find("abs").unwrap().arity_text(), "takes 1 argument");
    }

    #[test]
    fn every_builtin_name_is_canonical_and_unique() {
        for (i, b) in BUILTINS.iter().enumerate() {
            assert_eq!(crate::canonical::canonical(b.name), b.name);
            assert!(BUILTINS[i + 1..].iter().all(|o| o.name != b.name), "{} twice", b.name);
            assert!(!SPECIAL.contains(&b.name) && super::super::stdlib::find(b.name).is_none());
        }
    }
}
