//! Vensim's vector functions, as scalar arithmetic over the elements (the rules are in
//! docs/semantics.md, Arrays):
//! - `VECTOR SELECT(selection, values, missing, action, error action)`;
//! - `VECTOR ELM MAP(vector[.., start], offset)`;
//! - `VECTOR SORT ORDER(vector, direction)`;
//! - `RANK(array, r)`;
//! - `ALLOCATE AVAILABLE` and `ALLOCATE BY PRIORITY` ([`super::allocate`]).
//!
//! Every intermediate a result would repeat (an offset, a rank, a count) is bound to a
//! generated auxiliary, so no subexpression is copied per element.

use crate::canonical::canonical;
use crate::equation::{BinaryOp, Expr, ExprKind, Ident};

use super::expr::{Expander, Fail, tuples};
use super::subscript::{self, Binding, Index};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VectorFn {
    Select,
    ElmMap,
    SortOrder,
    Rank,
    Allocate(super::allocate::Allocation),
}

pub(crate) fn vector_function(name: &str) -> Option<VectorFn> {
    Some(match name {
        "vector_select" => VectorFn::Select,
        "vector_elm_map" => VectorFn::ElmMap,
        "vector_sort_order" => VectorFn::SortOrder,
        "rank" => VectorFn::Rank,
        "allocate_available" => VectorFn::Allocate(super::allocate::Allocation::Available),
        "allocate_by_priority" => VectorFn::Allocate(super::allocate::Allocation::ByPriority),
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

fn if_(c: Expr, a: Expr, b: Expr, at: usize) -> Expr {
    node(ExprKind::If(Box::new(c), Box::new(a), Box::new(b)), at)
}

fn call(name: &str, args: Vec<Expr>, at: usize) -> Expr {
    node(ExprKind::Call { name: Ident { text: name.into(), quoted: false }, args }, at)
}

/// `INF()` or `(-INF())`: the identity of MIN or MAX.
fn infinity(sign: f64, at: usize) -> Expr {
    let inf = call("INF", Vec::new(), at);
    if sign > 0.0 { inf } else { node(ExprKind::Unary(crate::equation::UnaryOp::Neg, Box::new(inf)), at) }
}

pub(crate) fn expand(
    ex: &mut Expander<'_>,
    f: VectorFn,
    args: &[Expr],
    ctx: &[Binding],
    at: usize,
) -> Result<Expr, Fail> {
    let want = match f {
        VectorFn::Select => 5,
        VectorFn::ElmMap | VectorFn::SortOrder | VectorFn::Rank => 2,
        VectorFn::Allocate(a) => return super::allocate::expand(ex, a, args, ctx, at),
    };
    if args.len() != want {
        return Err(Fail::at(at, format!("{} takes {want} arguments, not {}", name(f), args.len())));
    }
    match f {
        VectorFn::Select => select(ex, args, ctx, at),
        VectorFn::ElmMap => elm_map(ex, args, ctx, at),
        VectorFn::SortOrder => sort_order(ex, args, ctx, at),
        VectorFn::Rank => rank(ex, args, ctx, at),
        VectorFn::Allocate(a) => super::allocate::expand(ex, a, args, ctx, at),
    }
}

fn name(f: VectorFn) -> &'static str {
    match f {
        VectorFn::Select => "VECTOR SELECT",
        VectorFn::ElmMap => "VECTOR ELM MAP",
        VectorFn::SortOrder => "VECTOR SORT ORDER",
        VectorFn::Rank => "RANK",
        VectorFn::Allocate(a) => a.name(),
    }
}

/// VECTOR SELECT over the free dimensions of its first two arguments: the action
/// (Vensim's codes: 0 sum, 1 minimum, 2 mean, 3 maximum, 4 product; a number or a
/// constant of the model) over the values whose selection is true (truthiness), or
/// `missing` when none is.
fn select(ex: &mut Expander<'_>, args: &[Expr], ctx: &[Binding], at: usize) -> Result<Expr, Fail> {
    let action = ex.constant(&args[3]).ok_or_else(|| {
        Fail::at(
            args[3].span.start,
            "the action of VECTOR SELECT must be a constant (0 sum, 1 min, 2 mean, 3 max, 4 product)".into(),
        )
    })?;
    let mut free = Vec::new();
    ex.free_dims(&args[0], ctx, &mut free)?;
    ex.free_dims(&args[1], ctx, &mut free)?;
    let (identity, op): (f64, Option<BinaryOp>) = match action as i64 {
        0 | 2 if action == action.trunc() => (0.0, Some(BinaryOp::Add)),
        1 if action == 1.0 => (f64::INFINITY, None),
        3 if action == 3.0 => (f64::NEG_INFINITY, None),
        4 if action == 4.0 => (1.0, Some(BinaryOp::Mul)),
        _ => {
            let message =
                format!("VECTOR SELECT action {action} is not 0 (sum), 1 (min), 2 (mean), 3 (max) or 4 (product)");
            return Err(Fail::at(args[3].span.start, message));
        }
    };
    let mut terms = Vec::new();
    let mut counts = Vec::new();
    for combo in tuples(ex.dims, &free, at)? {
        let mut inner = ctx.to_vec();
        inner.extend(free.iter().zip(&combo).map(|(&dim, &elem)| Binding { dim, elem, iterated: true }));
        let sel = ex.expand(&args[0], &inner, true)?;
        let sel = ex.bind_if_complex(sel);
        let value = ex.expand(&args[1], &inner, true)?;
        let id = if identity.is_infinite() { infinity(identity, at) } else { num(identity, at) };
        terms.push(if_(sel.clone(), value, id, at));
        counts.push(if_(sel, num(1.0, at), num(0.0, at), at));
    }
    let result = match op {
        Some(op) => ex.fold(op, terms, at),
        None if terms.len() > 1 => call(if action == 1.0 { "MIN" } else { "MAX" }, terms, at),
        None => terms.pop().unwrap_or_else(|| num(0.0, at)),
    };
    let result = ex.bind(result);
    let count = ex.fold(BinaryOp::Add, counts, at);
    let count = ex.bind(count);
    // The mean: the selected values' sum over their count.
    let result = if action == 2.0 { ex.bind(bin(BinaryOp::Div, result, count.clone(), at)) } else { result };
    let missing = ex.expand(&args[2], ctx, true)?;
    Ok(if_(bin(BinaryOp::Gt, count, num(0.0, at), at), result, missing, at))
}

/// Each value's ascending rank (0-based, ties in element order), each a generated
/// auxiliary: `#{k < j: v_k <= v_j} + #{k > j: v_k < v_j}` (`>=`/`>` descending).
pub(super) fn ranks(ex: &mut Expander<'_>, values: &[Expr], ascending: bool, at: usize) -> Vec<Expr> {
    let (before, after) = if ascending { (BinaryOp::Le, BinaryOp::Lt) } else { (BinaryOp::Ge, BinaryOp::Gt) };
    let n = values.len();
    (0..n)
        .map(|j| {
            let comparisons: Vec<Expr> = (0..n)
                .filter(|&k| k != j)
                .map(|k| bin(if k < j { before } else { after }, values[k].clone(), values[j].clone(), at))
                .collect();
            if comparisons.is_empty() {
                num(0.0, at)
            } else {
                let sum = ex.fold(BinaryOp::Add, comparisons, at);
                ex.bind(sum)
            }
        })
        .collect()
}

/// RANK(array, r): the 1-based position (over the array's free dimensions, row-major)
/// of the element whose ascending rank is `r` (1 the smallest; ties in element order);
/// 0 when no element has that rank.
fn rank(ex: &mut Expander<'_>, args: &[Expr], ctx: &[Binding], at: usize) -> Result<Expr, Fail> {
    let mut free = Vec::new();
    ex.free_dims(&args[0], ctx, &mut free)?;
    let mut values = Vec::new();
    for combo in tuples(ex.dims, &free, at)? {
        let mut inner = ctx.to_vec();
        inner.extend(free.iter().zip(&combo).map(|(&dim, &elem)| Binding { dim, elem, iterated: true }));
        values.push(ex.expand(&args[0], &inner, true)?);
    }
    let wanted = ex.expand(&args[1], ctx, true)?;
    let wanted = ex.bind_if_complex(bin(BinaryOp::Sub, wanted, num(1.0, at), at));
    let ranks = ranks(ex, &values, true, at);
    let terms = ranks
        .into_iter()
        .enumerate()
        .map(|(j, r)| if_(bin(BinaryOp::Eq, r, wanted.clone(), at), num((j + 1) as f64, at), num(0.0, at), at))
        .collect();
    Ok(ex.fold(BinaryOp::Add, terms, at))
}

/// The arrayed variable a vector argument reads, and the index of each of its
/// dimensions as the equation's bindings resolve it. A bare name stands for all its
/// dimensions by name.
fn vector_arg(ex: &Expander<'_>, arg: &Expr, what: &str) -> Result<(String, Vec<Expr>), Fail> {
    let at = arg.span.start;
    match &arg.kind {
        ExprKind::Subscript { name, indices } if ex.arrays.contains_key(&canonical(&name.text)) => {
            Ok((name.text.clone(), indices.clone()))
        }
        ExprKind::Var(id) if ex.arrays.contains_key(&canonical(&id.text)) => {
            let var = &ex.arrays[&canonical(&id.text)];
            let indices = var
                .dims
                .iter()
                .map(|&d| node(ExprKind::Var(super::print::quoted(&ex.dims.get(d).display)), at))
                .collect();
            Ok((id.text.clone(), indices))
        }
        _ => Err(Fail::at(at, format!("the {what} must be an arrayed variable"))),
    }
}

/// `name[indices with the last one replaced by position k]` (1-based), as an AST.
fn with_last(name: &str, indices: &[Expr], k: usize, at: usize) -> Expr {
    let mut idx = indices.to_vec();
    if let Some(last) = idx.last_mut() {
        *last = num((k + 1) as f64, at);
    }
    node(ExprKind::Subscript { name: Ident { text: name.to_owned(), quoted: true }, indices: idx }, at)
}

/// VECTOR ELM MAP(vector[..., e], offset): the element of `vector` `offset` positions
/// after `e` along its last dimension (offset 0 is `e` itself); NaN when that is
/// beyond the last element or the offset is not a whole number in range.
fn elm_map(ex: &mut Expander<'_>, args: &[Expr], ctx: &[Binding], at: usize) -> Result<Expr, Fail> {
    let (name, indices) = vector_arg(ex, &args[0], "first argument of VECTOR ELM MAP")?;
    let var = ex.arrays[&canonical(&name)].clone();
    let last_dim = *var.dims.last().expect("an arrayed variable has a dimension");
    let last = indices.last().expect("one index per dimension");
    let start = match subscript::resolve(ex.dims, last, last_dim, ctx)? {
        Index::Fixed(i) => i,
        Index::Free(_) => return Err(Fail::at(last.span.start, "VECTOR ELM MAP needs one starting element".into())),
    };
    let offset = ex.expand(&args[1], ctx, true)?;
    let offset = ex.bind_if_complex(offset);
    let n = ex.dims.size(last_dim);
    let mut result = call("NAN", Vec::new(), at);
    for (links, k) in (start..n).rev().enumerate() {
        let element = ex.expand(&with_last(&name, &indices, k, at), ctx, true)?;
        let hit = bin(BinaryOp::Eq, offset.clone(), num((k - start) as f64, at), at);
        result = if_(hit, element, result, at);
        // A long chain is cut into generated auxiliaries, as folds are.
        if (links + 1) % super::expr::CHUNK == 0 {
            result = ex.bind(result);
        }
    }
    Ok(result)
}

/// VECTOR SORT ORDER(vector, direction): at position i of the vector's last dimension,
/// the 0-based position of the element that sorts i-th (direction > 0 ascending, else
/// descending; ties keep their order). Each element's rank is a count of
/// comparisons, `rank(j) = #{k < j: v_k <= v_j} + #{k > j: v_k < v_j}` (ascending;
/// `>=`/`>` descending), and the result is `sum over j of (IF rank(j) = i THEN j ELSE 0)`.
fn sort_order(ex: &mut Expander<'_>, args: &[Expr], ctx: &[Binding], at: usize) -> Result<Expr, Fail> {
    let (name, indices) = vector_arg(ex, &args[0], "first argument of VECTOR SORT ORDER")?;
    let direction = ex
        .constant(&args[1])
        .ok_or_else(|| Fail::at(args[1].span.start, "the direction of VECTOR SORT ORDER must be a constant".into()))?;
    let var = ex.arrays[&canonical(&name)].clone();
    let last_dim = *var.dims.last().expect("an arrayed variable has a dimension");
    let last = indices.last().expect("one index per dimension");
    let position = match subscript::resolve(ex.dims, last, last_dim, ctx)? {
        Index::Fixed(i) => i,
        Index::Free(_) => {
            return Err(Fail::at(
                last.span.start,
                "VECTOR SORT ORDER must be arrayed over its vector's last dimension".into(),
            ));
        }
    };
    let n = ex.dims.size(last_dim);
    let mut values = Vec::with_capacity(n);
    for k in 0..n {
        values.push(ex.expand(&with_last(&name, &indices, k, at), ctx, true)?);
    }
    let ranks = ranks(ex, &values, direction > 0.0, at);
    let terms = ranks
        .into_iter()
        .enumerate()
        .map(|(j, r)| if_(bin(BinaryOp::Eq, r, num(position as f64, at), at), num(j as f64, at), num(0.0, at), at))
        .collect();
    Ok(ex.fold(BinaryOp::Add, terms, at))
}
