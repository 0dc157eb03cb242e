//! Array functions: SUM, PROD, MEAN, MIN, MAX, STDDEV and SIZE of one array argument.
//! The argument is expanded once per element of its free dimensions (row-major, the
//! first free dimension slowest) and the terms are combined by scalar arithmetic in
//! that order, so every backend runs the same operations (docs/semantics.md, Arrays).

use crate::equation::{BinaryOp, Expr, ExprKind, Ident};

use super::expr::{Expander, Fail, tuples};
use super::subscript::Binding;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArrayFn {
    Sum,
    Prod,
    Mean,
    Min,
    Max,
    Stddev,
    Size,
}

/// The array function called `name` (canonical) with `n_args` arguments, if it is one.
/// MIN, MAX and MEAN with several arguments are the scalar builtins.
pub(crate) fn array_function(name: &str, n_args: usize) -> Option<ArrayFn> {
    if n_args != 1 {
        return None;
    }
    Some(match name {
        "sum" => ArrayFn::Sum,
        "prod" => ArrayFn::Prod,
        "mean" => ArrayFn::Mean,
        "min" | "vmin" => ArrayFn::Min,
        "max" | "vmax" => ArrayFn::Max,
        "stddev" => ArrayFn::Stddev,
        "size" => ArrayFn::Size,
        _ => return None,
    })
}

fn node(kind: ExprKind, at: usize) -> Expr {
    Expr { kind, span: crate::equation::Span { start: at, end: at } }
}

fn num(v: f64, at: usize) -> Expr {
    node(ExprKind::Num(v), at)
}

fn bin(op: BinaryOp, a: Expr, b: Expr, at: usize) -> Expr {
    node(ExprKind::Binary(op, Box::new(a), Box::new(b)), at)
}

fn call(name: &str, args: Vec<Expr>, at: usize) -> Expr {
    node(ExprKind::Call { name: Ident { text: name.into(), quoted: false }, args }, at)
}

pub(crate) fn reduce(
    ex: &mut Expander<'_>,
    f: ArrayFn,
    args: &[Expr],
    ctx: &[Binding],
    hoist: bool,
    at: usize,
) -> Result<Expr, Fail> {
    let arg = &args[0];
    let mut free = Vec::new();
    ex.free_dims(arg, ctx, &mut free)?;
    let combos = tuples(ex.dims, &free, at)?;
    let n = combos.len();
    if f == ArrayFn::Size {
        return Ok(num(n as f64, at));
    }
    let mut terms = Vec::with_capacity(n);
    for combo in combos {
        let mut inner = ctx.to_vec();
        inner.extend(free.iter().zip(&combo).map(|(&dim, &elem)| Binding { dim, elem, iterated: true }));
        terms.push(ex.expand(arg, &inner, hoist)?);
    }
    let several = terms.len() > 1;
    let result = match f {
        ArrayFn::Sum => ex.fold(BinaryOp::Add, terms, at),
        ArrayFn::Prod => ex.fold(BinaryOp::Mul, terms, at),
        ArrayFn::Mean => bin(BinaryOp::Div, ex.fold(BinaryOp::Add, terms, at), num(n as f64, at), at),
        ArrayFn::Min | ArrayFn::Max if several => call(if f == ArrayFn::Min { "MIN" } else { "MAX" }, terms, at),
        ArrayFn::Min | ArrayFn::Max => terms.into_iter().next().unwrap_or_else(|| num(0.0, at)),
        ArrayFn::Stddev => {
            // Population standard deviation: sqrt(sum((t - mean)^2) / n), the mean
            // computed once (a generated auxiliary), each square as a product.
            let mean = bin(BinaryOp::Div, ex.fold(BinaryOp::Add, terms.clone(), at), num(n as f64, at), at);
            let mean = if several { ex.bind(mean) } else { mean };
            let squares = terms
                .into_iter()
                .map(|t| {
                    let d = bin(BinaryOp::Sub, t, mean.clone(), at);
                    bin(BinaryOp::Mul, d.clone(), d, at)
                })
                .collect();
            call("SQRT", vec![bin(BinaryOp::Div, ex.fold(BinaryOp::Add, squares, at), num(n as f64, at), at)], at)
        }
        ArrayFn::Size => unreachable!("answered above"),
    };
    Ok(if hoist && several { ex.bind(result) } else { result })
}
