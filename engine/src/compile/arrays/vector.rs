//! Vensim's vector functions, as scalar arithmetic over the elements (the rules are in
//! docs/semantics.md, Arrays):
//! - `VECTOR SELECT(selection, values, missing, action, error action)`;
//! - `VECTOR ELM MAP(vector[.., start], offset)`;
//! - `VECTOR SORT ORDER(vector, direction)`;
//! - `VECTOR RANK(vector, direction)`;
//! - `VECTOR REORDER(vector, sort order)`;
//! - `VECTOR LOOKUP(vector, x, xmin, xmax, mode)`;
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
    VectorRank,
    Reorder,
    Lookup,
    Rank,
    Allocate(super::allocate::Allocation),
}

pub(crate) fn vector_function(name: &str) -> Option<VectorFn> {
    Some(match name {
        "vector_select" => VectorFn::Select,
        "vector_elm_map" => VectorFn::ElmMap,
        "vector_sort_order" => VectorFn::SortOrder,
        "vector_rank" => VectorFn::VectorRank,
        "vector_reorder" => VectorFn::Reorder,
        "vector_lookup" => VectorFn::Lookup,
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
        VectorFn::Select | VectorFn::Lookup => 5,
        VectorFn::ElmMap | VectorFn::SortOrder | VectorFn::VectorRank | VectorFn::Reorder | VectorFn::Rank => 2,
        VectorFn::Allocate(a) => return super::allocate::expand(ex, a, args, ctx, at),
    };
    if args.len() != want {
        return Err(Fail::at(at, format!("{} takes {want} arguments, not {}", name(f), args.len())));
    }
    match f {
        VectorFn::Select => select(ex, args, ctx, at),
        VectorFn::ElmMap => elm_map(ex, args, ctx, at),
        VectorFn::SortOrder => sort_order(ex, args, ctx, at, false),
        VectorFn::VectorRank => sort_order(ex, args, ctx, at, true),
        VectorFn::Reorder => reorder(ex, args, ctx, at),
        VectorFn::Lookup => lookup(ex, args, ctx, at),
        VectorFn::Rank => rank(ex, args, ctx, at),
        VectorFn::Allocate(a) => super::allocate::expand(ex, a, args, ctx, at),
    }
}

fn name(f: VectorFn) -> &'static str {
    match f {
        VectorFn::Select => "VECTOR SELECT",
        VectorFn::ElmMap => "VECTOR ELM MAP",
        VectorFn::SortOrder => "VECTOR SORT ORDER",
        VectorFn::VectorRank => "VECTOR RANK",
        VectorFn::Reorder => "VECTOR REORDER",
        VectorFn::Lookup => "VECTOR LOOKUP",
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
pub(super) fn vector_arg(ex: &Expander<'_>, arg: &Expr, what: &str) -> Result<(String, Vec<Expr>), Fail> {
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
/// With `vector_rank`, VECTOR RANK(vector, direction): at position i, `rank(i) + 1`
/// (1 the first in that order).
fn sort_order(
    ex: &mut Expander<'_>,
    args: &[Expr],
    ctx: &[Binding],
    at: usize,
    vector_rank: bool,
) -> Result<Expr, Fail> {
    let what = if vector_rank { "VECTOR RANK" } else { "VECTOR SORT ORDER" };
    let (name, indices) = vector_arg(ex, &args[0], &format!("first argument of {what}"))?;
    let direction = ex
        .constant(&args[1])
        .ok_or_else(|| Fail::at(args[1].span.start, format!("the direction of {what} must be a constant")))?;
    let var = ex.arrays[&canonical(&name)].clone();
    let last_dim = *var.dims.last().expect("an arrayed variable has a dimension");
    let last = indices.last().expect("one index per dimension");
    let position = match subscript::resolve(ex.dims, last, last_dim, ctx)? {
        Index::Fixed(i) => i,
        Index::Free(_) => {
            return Err(Fail::at(last.span.start, format!("{what} must be arrayed over its vector's last dimension")));
        }
    };
    let n = ex.dims.size(last_dim);
    let mut values = Vec::with_capacity(n);
    for k in 0..n {
        values.push(ex.expand(&with_last(&name, &indices, k, at), ctx, true)?);
    }
    let mut ranks = ranks(ex, &values, direction > 0.0, at);
    if vector_rank {
        return Ok(bin(BinaryOp::Add, ranks.swap_remove(position), num(1.0, at), at));
    }
    let terms = ranks
        .into_iter()
        .enumerate()
        .map(|(j, r)| if_(bin(BinaryOp::Eq, r, num(position as f64, at), at), num(j as f64, at), num(0.0, at), at))
        .collect();
    Ok(ex.fold(BinaryOp::Add, terms, at))
}

/// VECTOR REORDER(vector, order): the element of `vector` (along its last dimension)
/// whose 0-based position is `order` at the current element, chosen by `order = k`
/// comparisons (the equality rule); NaN when no position matches.
fn reorder(ex: &mut Expander<'_>, args: &[Expr], ctx: &[Binding], at: usize) -> Result<Expr, Fail> {
    let (name, indices) = vector_arg(ex, &args[0], "first argument of VECTOR REORDER")?;
    let var = ex.arrays[&canonical(&name)].clone();
    let last_dim = *var.dims.last().expect("an arrayed variable has a dimension");
    let order = ex.expand(&args[1], ctx, true)?;
    let order = ex.bind_if_complex(order);
    let n = ex.dims.size(last_dim);
    let mut result = call("NAN", Vec::new(), at);
    for (links, k) in (0..n).rev().enumerate() {
        let element = ex.expand(&with_last(&name, &indices, k, at), ctx, true)?;
        let hit = bin(BinaryOp::Eq, order.clone(), num(k as f64, at), at);
        result = if_(hit, element, result, at);
        if (links + 1) % super::expr::CHUNK == 0 {
            result = ex.bind(result);
        }
    }
    Ok(result)
}

/// The modes of VECTOR LOOKUP this expansion writes (Vensim's numbers 0 to 5 and 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Lookup,
    Area,
    Backward,
    Extrapolate,
    Forward,
    Invert,
    ExtrapolatedArea,
}

/// VECTOR LOOKUP(vector, x, xmin, xmax, mode): the vector's elements along its last
/// dimension (n of them, n >= 2) as the y values of a table whose x values are evenly
/// spaced from `xmin` to `xmax`: `x_k = xmin + k * ((xmax - xmin) / (n - 1))`, the last
/// `xmax` itself. The mode (a constant) reads it as a lookup does: 0 continuous
/// (clamped), 2 backward, 3 extrapolating, 4 forward; 1 the area from `xmin` to x as
/// LOOKUP AREA measures it (the table held beyond its ends), 7 the same with the end
/// segments extended; 5 the smallest x at which the table is x (as LOOKUP INVERT).
/// Each mode is a chain of IFs over the knots, in the order a
/// forward scan finds the knot, with the lookups' interpolation formula
/// `y_k + ((x - x_k) / (x_k+1 - x_k)) * (y_k+1 - y_k)`; NaN in, NaN out.
fn lookup(ex: &mut Expander<'_>, args: &[Expr], ctx: &[Binding], at: usize) -> Result<Expr, Fail> {
    let (name, indices) = vector_arg(ex, &args[0], "first argument of VECTOR LOOKUP")?;
    let mode = ex.constant(&args[4]).ok_or_else(|| {
        Fail::at(args[4].span.start, "the mode of VECTOR LOOKUP must be a constant (0 to 5 or 7)".into())
    })?;
    let mode = match mode {
        0.0 => Mode::Lookup,
        1.0 => Mode::Area,
        2.0 => Mode::Backward,
        3.0 => Mode::Extrapolate,
        4.0 => Mode::Forward,
        5.0 => Mode::Invert,
        7.0 => Mode::ExtrapolatedArea,
        _ => {
            let message = format!(
                "not supported yet: VECTOR LOOKUP in mode {mode} (modes 0 lookup, 1 area, 2 backward, 3 \
                 extrapolate, 4 forward, 5 invert and 7 extrapolated area are)"
            );
            return Err(Fail::at(args[4].span.start, message));
        }
    };
    let var = ex.arrays[&canonical(&name)].clone();
    let last_dim = *var.dims.last().expect("an arrayed variable has a dimension");
    let n = ex.dims.size(last_dim);
    if n < 2 {
        return Err(Fail::at(at, "VECTOR LOOKUP needs a vector of at least two elements".into()));
    }
    let mut ys = Vec::with_capacity(n);
    for k in 0..n {
        let y = ex.expand(&with_last(&name, &indices, k, at), ctx, true)?;
        ys.push(ex.bind_if_complex(y));
    }
    let x = ex.expand(&args[1], ctx, true)?;
    let x = ex.bind_if_complex(x);
    let xmin = ex.expand(&args[2], ctx, true)?;
    let xmin = ex.bind_if_complex(xmin);
    let xmax = ex.expand(&args[3], ctx, true)?;
    let xmax = ex.bind_if_complex(xmax);
    let step = bin(BinaryOp::Div, bin(BinaryOp::Sub, xmax.clone(), xmin.clone(), at), num((n - 1) as f64, at), at);
    let step = ex.bind(step);
    let mut xs = vec![xmin.clone()];
    for k in 1..n - 1 {
        let xk = bin(BinaryOp::Add, xmin.clone(), bin(BinaryOp::Mul, num(k as f64, at), step.clone(), at), at);
        xs.push(ex.bind(xk));
    }
    xs.push(xmax);
    // The areas up to each knot (trapezoids, summed in order), for the area modes.
    let mut areas = vec![num(0.0, at)];
    if matches!(mode, Mode::Area | Mode::ExtrapolatedArea) {
        for k in 1..n {
            let width = bin(BinaryOp::Sub, xs[k].clone(), xs[k - 1].clone(), at);
            let mean = bin(BinaryOp::Div, bin(BinaryOp::Add, ys[k - 1].clone(), ys[k].clone(), at), num(2.0, at), at);
            let area = bin(BinaryOp::Add, areas[k - 1].clone(), bin(BinaryOp::Mul, width, mean, at), at);
            areas.push(ex.bind(area));
        }
    }
    // The interpolation on segment k, evaluated at x.
    let seg = |k: usize| {
        let t = bin(
            BinaryOp::Div,
            bin(BinaryOp::Sub, x.clone(), xs[k].clone(), at),
            bin(BinaryOp::Sub, xs[k + 1].clone(), xs[k].clone(), at),
            at,
        );
        let dy = bin(BinaryOp::Sub, ys[k + 1].clone(), ys[k].clone(), at);
        bin(BinaryOp::Add, ys[k].clone(), bin(BinaryOp::Mul, t, dy, at), at)
    };
    let at_or_above = |k: usize| bin(BinaryOp::Ge, x.clone(), xs[k].clone(), at);
    let from = |k: usize| bin(BinaryOp::Sub, x.clone(), xs[k].clone(), at);
    let half = |a: Expr, b: Expr| bin(BinaryOp::Div, bin(BinaryOp::Add, a, b, at), num(2.0, at), at);
    // The area up to x on segment k: `A_k + (x - x_k) * ((y_k + seg_k(x)) / 2)`.
    let area_on = |k: usize| {
        let mean = half(ys[k].clone(), seg(k));
        bin(BinaryOp::Add, areas[k].clone(), bin(BinaryOp::Mul, from(k), mean, at), at)
    };
    // Below the first knot (and for NaN, which no comparison holds: x itself).
    let below = |value: Expr| if_(bin(BinaryOp::Lt, x.clone(), xs[0].clone(), at), value, x.clone(), at);
    // Links from the innermost out: (condition, value).
    let (mut result, links): (Expr, Vec<(Expr, Expr)>) = match mode {
        Mode::Lookup => {
            let mut links: Vec<(Expr, Expr)> = (0..n - 1).map(|k| (at_or_above(k), seg(k))).collect();
            links.push((at_or_above(n - 1), ys[n - 1].clone()));
            (below(ys[0].clone()), links)
        }
        Mode::Backward => (below(ys[0].clone()), (0..n).map(|k| (at_or_above(k), ys[k].clone())).collect()),
        Mode::Extrapolate => (seg(0), (1..n - 1).map(|k| (at_or_above(k), seg(k))).collect()),
        Mode::Forward => {
            // The first knot at or above x, so the chain starts at the first.
            let above = bin(BinaryOp::Gt, x.clone(), xs[n - 1].clone(), at);
            let links =
                (0..n).rev().map(|k| (bin(BinaryOp::Le, x.clone(), xs[k].clone(), at), ys[k].clone())).collect();
            (if_(above, ys[n - 1].clone(), x.clone(), at), links)
        }
        Mode::Area | Mode::ExtrapolatedArea => {
            // Held (mode 1) or extended (mode 7) beyond the ends.
            let held = mode == Mode::Area;
            let before = if held { ys[0].clone() } else { half(ys[0].clone(), seg(0)) };
            let after = if held { ys[n - 1].clone() } else { half(ys[n - 1].clone(), seg(n - 2)) };
            let last = bin(BinaryOp::Add, areas[n - 1].clone(), bin(BinaryOp::Mul, from(n - 1), after, at), at);
            let mut links: Vec<(Expr, Expr)> = (0..n - 1).map(|k| (at_or_above(k), area_on(k))).collect();
            links.push((at_or_above(n - 1), last));
            (bin(BinaryOp::Mul, from(0), before, at), links)
        }
        Mode::Invert => {
            // x is a y value: the first segment whose y values hold it gives its x
            // (`x_k` when the segment is flat); Vensim's :NA: when none does, NaN for NaN.
            let na = num(crate::equation::VENSIM_NA, at);
            let innermost = if_(bin(BinaryOp::Eq, x.clone(), x.clone(), at), na, x.clone(), at);
            let links = (0..n - 1)
                .rev()
                .map(|k| {
                    let (a, b) = (ys[k].clone(), ys[k + 1].clone());
                    let low = call("MIN", vec![a.clone(), b.clone()], at);
                    let high = call("MAX", vec![a.clone(), b.clone()], at);
                    let inside = bin(
                        BinaryOp::And,
                        bin(BinaryOp::Ge, x.clone(), low, at),
                        bin(BinaryOp::Le, x.clone(), high, at),
                        at,
                    );
                    let flat = bin(
                        BinaryOp::And,
                        bin(BinaryOp::Le, b.clone(), a.clone(), at),
                        bin(BinaryOp::Ge, b.clone(), a.clone(), at),
                        at,
                    );
                    let t = bin(
                        BinaryOp::Div,
                        bin(BinaryOp::Sub, x.clone(), a.clone(), at),
                        bin(BinaryOp::Sub, b, a, at),
                        at,
                    );
                    let dx = bin(BinaryOp::Sub, xs[k + 1].clone(), xs[k].clone(), at);
                    let value = bin(BinaryOp::Add, xs[k].clone(), bin(BinaryOp::Mul, t, dx, at), at);
                    (inside, if_(flat, xs[k].clone(), value, at))
                })
                .collect();
            (innermost, links)
        }
    };
    for (i, (c, v)) in links.into_iter().enumerate() {
        result = if_(c, v, result, at);
        if (i + 1) % super::expr::CHUNK == 0 {
            result = ex.bind(result);
        }
    }
    Ok(result)
}
