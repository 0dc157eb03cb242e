//! Small constructors of equation trees, for the Vensim functions that are written as
//! combinations of XMILE ones. Built nodes carry the span of the call they replace, so
//! an error the compiler finds in them points at that call.

use crate::equation::{BinaryOp, Expr, ExprKind, Ident, Span, UnaryOp};

pub(super) fn num(v: f64, span: Span) -> Expr {
    Expr { kind: ExprKind::Num(v), span }
}

/// A plain (unquoted) name: a builtin constant (`TIME`, `DT`) or `SELF`.
pub(super) fn word(name: &str, span: Span) -> Expr {
    Expr { kind: ExprKind::Var(Ident { text: name.to_owned(), quoted: false }), span }
}

/// A reference to a variable, always read as one name (never a module path).
pub(super) fn var(name: &str, span: Span) -> Expr {
    Expr { kind: ExprKind::Var(Ident { text: name.to_owned(), quoted: true }), span }
}

pub(super) fn call(name: &str, args: Vec<Expr>, span: Span) -> Expr {
    Expr { kind: ExprKind::Call { name: Ident { text: name.to_owned(), quoted: false }, args }, span }
}

pub(super) fn bin(op: BinaryOp, a: Expr, b: Expr) -> Expr {
    let span = Span { start: a.span.start, end: b.span.end.max(a.span.end) };
    Expr { kind: ExprKind::Binary(op, Box::new(a), Box::new(b)), span }
}

pub(super) fn neg(x: Expr) -> Expr {
    let span = x.span;
    Expr { kind: ExprKind::Unary(UnaryOp::Neg, Box::new(x)), span }
}

pub(super) fn if_(c: Expr, a: Expr, b: Expr) -> Expr {
    let span = c.span;
    Expr { kind: ExprKind::If(Box::new(c), Box::new(a), Box::new(b)), span }
}

/// Truncation toward zero from floor (XMILE's INT), exactly:
/// `IF x < 0 THEN -INT(-x) ELSE INT(x)` (negation and floor are exact).
pub(super) fn trunc(x: Expr) -> Expr {
    let span = x.span;
    let below = bin(BinaryOp::Lt, x.clone(), num(0.0, span));
    let up = neg(call("INT", vec![neg(x.clone())], span));
    if_(below, up, call("INT", vec![x], span))
}

/// `TIME + DT / 2`, the time Vensim's pulse functions compare with their start.
pub(super) fn time_plus_half_dt(span: Span) -> Expr {
    bin(BinaryOp::Add, word("TIME", span), bin(BinaryOp::Div, word("DT", span), num(2.0, span)))
}
