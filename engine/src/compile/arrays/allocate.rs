//! Vensim's one-to-many allocation, as scalar arithmetic over the requesters (the rule
//! is stated once in docs/semantics.md, "Vensim functions"):
//! - `ALLOCATE AVAILABLE(request, profile[.., ptype], available)`;
//! - `ALLOCATE BY PRIORITY(request, priority, size, width, supply)`, which is ALLOCATE
//!   AVAILABLE with every requester's profile rectangular, of that priority and width.
//!
//! Each requester `i` has a curve `f_i(x)` (a fraction from 1 down to 0 as the level
//! `x` rises past its priority); the allocation is `request_i * f_i(x)` at the level
//! where the allocations sum to what is available. The level is found by a bisection
//! of a fixed number of halvings ([`HALVINGS`]), each halving a few generated
//! auxiliaries, so the same IR runs on every backend and the IR grows as
//! `requesters x HALVINGS` per allocation (an error past [`MAX_REQUESTERS`]).

use crate::canonical::canonical;
use crate::equation::{BinaryOp, Expr, ExprKind, Ident, UnaryOp};

use super::expr::{Expander, Fail};
use super::subscript::{self, Binding, Index};
use super::vector::vector_arg;

/// How many times the bracket of the level is halved: from a bracket `W` wide the
/// level is known within `W / 2^53`, an ulp of the bracket's own scale.
pub(crate) const HALVINGS: usize = 52;

/// The most requesters one allocation may have: the expansion is about
/// `100 * HALVINGS` nodes a requester, plus `requesters^2` comparisons for integer
/// allocation's ranking, so a larger vector is an error rather than a huge program
/// (60 requesters: 0.33 s to read and expand, 4.4 s and 1.5 GB to compile on the jit,
/// `millrace bench` of a generated model).
pub(crate) const MAX_REQUESTERS: usize = 64;

/// How far (in widths) beyond its priority each curve reaches 0 and 1, as far as a
/// double tells: the rectangle and the triangle end at half a width; the normal (as
/// computed) is within 1e-19 of its limits at 9, the exponential (`0.5 * e^-40`)
/// within 3e-18 at 40. The search starts from the widest of these.
const REACH: [(f64, f64); 4] = [(1.0, 0.5), (2.0, 0.5), (3.0, 9.0), (4.0, 40.0)];

/// `0.5 / (0.4361836 - 0.1201676 + 0.9372980)`: see [`normal`].
const NORMAL_SCALE: f64 = 0.5 / 1.253_314;

/// Profile types that are added 10 to ask for whole-number allocations.
const INTEGER_OFFSET: f64 = 10.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Allocation {
    Available,
    ByPriority,
}

impl Allocation {
    pub fn name(self) -> &'static str {
        match self {
            Allocation::Available => "ALLOCATE AVAILABLE",
            Allocation::ByPriority => "ALLOCATE BY PRIORITY",
        }
    }

    pub fn arity(self) -> usize {
        match self {
            Allocation::Available => 3,
            Allocation::ByPriority => 5,
        }
    }
}

fn node(kind: ExprKind) -> Expr {
    Expr { kind, span: Default::default() }
}

fn num(v: f64) -> Expr {
    node(ExprKind::Num(v))
}

fn bin(op: BinaryOp, a: Expr, b: Expr) -> Expr {
    node(ExprKind::Binary(op, Box::new(a), Box::new(b)))
}

fn add(a: Expr, b: Expr) -> Expr {
    bin(BinaryOp::Add, a, b)
}

fn sub(a: Expr, b: Expr) -> Expr {
    bin(BinaryOp::Sub, a, b)
}

fn mul(a: Expr, b: Expr) -> Expr {
    bin(BinaryOp::Mul, a, b)
}

fn div(a: Expr, b: Expr) -> Expr {
    bin(BinaryOp::Div, a, b)
}

fn if_(c: Expr, a: Expr, b: Expr) -> Expr {
    node(ExprKind::If(Box::new(c), Box::new(a), Box::new(b)))
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    node(ExprKind::Call { name: Ident { text: name.into(), quoted: false }, args })
}

fn neg(a: Expr) -> Expr {
    node(ExprKind::Unary(UnaryOp::Neg, Box::new(a)))
}

/// A requester's profile type, to be refused when compiling if the model fixes it to
/// a type without a curve (a number, or arithmetic on constants and on elements so
/// defined); checked once every variable is expanded, as the profile may come later.
#[derive(Debug, Clone)]
pub(crate) struct TypeCheck {
    ptype: Expr,
    function: &'static str,
    requester: usize,
    pub line: u32,
    pub variable: String,
}

impl TypeCheck {
    /// The error, when the type is known and has no curve.
    pub fn failure(&self, ex: &Expander<'_>, variables: &Variables<'_>) -> Option<String> {
        let t = known_value(&self.ptype, ex, variables, 0)?;
        let base = if t >= INTEGER_OFFSET { t - INTEGER_OFFSET } else { t };
        if REACH.iter().any(|&(s, _)| s == base) {
            return None;
        }
        Some(format!(
            "{}: profile type {t} of requester {} is not supported (1 rectangular, 2 triangular, 3 normal, \
             4 exponential, each plus 10 for whole numbers; 0 fixed quantity and 5 constant elasticity are not \
             supported yet)",
            self.function,
            self.requester + 1
        ))
    }
}

/// The expanded model's variables by canonical name.
pub(crate) type Variables<'v> = std::collections::HashMap<String, &'v crate::datamodel::Variable>;

/// The value of `e` when it is arithmetic (`+ - * /`, signs) on numbers, on the model's
/// scalar constants and on variables (element variables among them) whose equations
/// are such arithmetic.
fn known_value(e: &Expr, ex: &Expander<'_>, variables: &Variables<'_>, depth: usize) -> Option<f64> {
    if depth > 32 {
        return None;
    }
    Some(match &e.kind {
        ExprKind::Num(v) => *v,
        ExprKind::Unary(UnaryOp::Neg, x) => -known_value(x, ex, variables, depth)?,
        ExprKind::Unary(UnaryOp::Plus, x) => known_value(x, ex, variables, depth)?,
        ExprKind::Binary(op, a, b) => {
            let (a, b) = (known_value(a, ex, variables, depth)?, known_value(b, ex, variables, depth)?);
            match op {
                BinaryOp::Add => a + b,
                BinaryOp::Sub => a - b,
                BinaryOp::Mul => a * b,
                BinaryOp::Div => a / b,
                _ => return None,
            }
        }
        ExprKind::Var(id) => {
            let key = canonical(&id.text);
            if let Some(&v) = ex.constants.get(&key) {
                return Some(v);
            }
            let v = variables.get(&key)?;
            if !matches!(v.kind, crate::datamodel::VarKind::Aux) || v.gf.is_some() {
                return None;
            }
            let ast = crate::equation::parse(&v.eqn.as_ref()?.text).ok()??;
            known_value(&ast, ex, variables, depth + 1)?
        }
        _ => return None,
    })
}

/// One requester: its request (negative read as 0), its profile's type, priority and
/// width, each a name or a number (what the curve's many uses may copy).
struct Requester {
    request: Expr,
    ptype: Expr,
    priority: Expr,
    width: Expr,
}

pub(crate) fn expand(
    ex: &mut Expander<'_>,
    f: Allocation,
    args: &[Expr],
    ctx: &[Binding],
    at: usize,
) -> Result<Expr, Fail> {
    let fname = f.name();
    if args.len() != f.arity() {
        return Err(Fail::at(at, format!("{fname} takes {} arguments, not {}", f.arity(), args.len())));
    }
    // The request vector: its last dimension is the requesters', and the equation's
    // element of it is the requester whose allocation this is.
    let (request_name, request_idx) = vector_arg(ex, &args[0], &format!("request of {fname}"))?;
    let request_var = ex.arrays[&canonical(&request_name)].clone();
    let last_dim = *request_var.dims.last().expect("an arrayed variable has a dimension");
    let last = request_idx.last().expect("one index per dimension");
    let position = match subscript::resolve(ex.dims, last, last_dim, ctx)? {
        Index::Fixed(i) => i,
        Index::Free(_) => {
            return Err(Fail::at(
                last.span.start,
                format!("{fname} must be arrayed over the last dimension of its request"),
            ));
        }
    };
    let n = ex.dims.size(last_dim);
    if n > MAX_REQUESTERS {
        return Err(Fail::at(
            at,
            format!("{fname} over {n} requesters: more than {MAX_REQUESTERS}, too large to expand"),
        ));
    }
    let requests: Vec<Expr> = (0..n)
        .map(|k| {
            let idx = replaced(&request_idx, &[(request_idx.len() - 1, k)]);
            element(ex, &request_name, idx, ctx)
        })
        .collect::<Result<_, _>>()?;
    let mut requesters = Vec::with_capacity(n);
    let available = match f {
        Allocation::Available => {
            let (pp_name, pp_idx) = vector_arg(ex, &args[1], &format!("priority profile of {fname}"))?;
            let pp_var = ex.arrays[&canonical(&pp_name)].clone();
            let d = pp_var.dims.len();
            if d < 2 || ex.dims.size(pp_var.dims[d - 2]) != n {
                return Err(Fail::at(
                    args[1].span.start,
                    format!(
                        "the priority profile of {fname} must have the requesters' dimension ({n} elements) \
                         second last and the profile (ptype, ppriority, pwidth, ...) last"
                    ),
                ));
            }
            let profile_dim = pp_var.dims[d - 1];
            let first = match subscript::resolve(ex.dims, &pp_idx[d - 1], profile_dim, ctx)? {
                Index::Fixed(i) => i,
                Index::Free(_) => {
                    return Err(Fail::at(
                        args[1].span.start,
                        format!("the priority profile of {fname} must name its first element (ptype)"),
                    ));
                }
            };
            if first + 3 > ex.dims.size(profile_dim) {
                return Err(Fail::at(
                    args[1].span.start,
                    format!(
                        "the priority profile of {fname} needs 3 elements from the one named (ptype, ppriority, \
                         pwidth); `{}` has {} after it",
                        ex.dims.get(profile_dim).display,
                        ex.dims.size(profile_dim) - first - 1
                    ),
                ));
            }
            for (k, request) in requests.into_iter().enumerate() {
                let at_k = |j: usize| replaced(&pp_idx, &[(d - 2, k), (d - 1, first + j)]);
                let ptype = element(ex, &pp_name, at_k(0), ctx)?;
                let priority = element(ex, &pp_name, at_k(1), ctx)?;
                let width = element(ex, &pp_name, at_k(2), ctx)?;
                requesters.push(Requester { request, ptype, priority, width });
            }
            ex.expand(&args[2], ctx, true)?
        }
        Allocation::ByPriority => {
            let (pr_name, pr_idx) = vector_arg(ex, &args[1], &format!("priority of {fname}"))?;
            let pr_var = ex.arrays[&canonical(&pr_name)].clone();
            let pr_last = *pr_var.dims.last().expect("an arrayed variable has a dimension");
            if ex.dims.size(pr_last) != n {
                return Err(Fail::at(
                    args[1].span.start,
                    format!(
                        "the priority of {fname} must have as many elements along its last dimension as the request ({n})"
                    ),
                ));
            }
            if let Some(size) = ex.constant(&args[2])
                && size != n as f64
            {
                return Err(Fail::at(
                    args[2].span.start,
                    format!("the size of {fname} is {size}, but its request has {n} elements"),
                ));
            }
            let width = ex.expand(&args[3], ctx, true)?;
            let width = ex.bind_if_complex(width);
            for (k, request) in requests.into_iter().enumerate() {
                let idx = replaced(&pr_idx, &[(pr_idx.len() - 1, k)]);
                let priority = element(ex, &pr_name, idx, ctx)?;
                requesters.push(Requester { request, ptype: num(1.0), priority, width: width.clone() });
            }
            ex.expand(&args[4], ctx, true)?
        }
    };
    for (k, r) in requesters.iter().enumerate() {
        let check = TypeCheck {
            ptype: r.ptype.clone(),
            function: fname,
            requester: k,
            line: ex.line,
            variable: ex.variable.clone(),
        };
        ex.checks.push(check);
    }
    let available = ex.bind_if_complex(available);
    Ok(allocate(ex, requesters, available, position))
}

/// `indices` with each `(position, k)` replaced by element number `k + 1`.
fn replaced(indices: &[Expr], with: &[(usize, usize)]) -> Vec<Expr> {
    let mut idx = indices.to_vec();
    for &(p, k) in with {
        idx[p] = num((k + 1) as f64);
    }
    idx
}

/// The element variable `name[indices]` names under the bindings.
fn element(ex: &mut Expander<'_>, name: &str, indices: Vec<Expr>, ctx: &[Binding]) -> Result<Expr, Fail> {
    let e = node(ExprKind::Subscript { name: Ident { text: name.to_owned(), quoted: true }, indices });
    ex.expand(&e, ctx, true)
}

/// The allocation of requester `position`: the common level found by bisection, each
/// step's bracket, total and midpoint generated auxiliaries (shared by every element
/// of the result, as their text is the same).
/// Requester `position`'s allocation: [`allocate_all`]'s, built once per allocation
/// (the elements of an equation each ask for theirs).
fn allocate(ex: &mut Expander<'_>, requesters: Vec<Requester>, available: Expr, position: usize) -> Expr {
    let print = super::print::print;
    let mut key = print(&available);
    for r in &requesters {
        for e in [&r.request, &r.ptype, &r.priority, &r.width] {
            key.push('\u{0}');
            key.push_str(&print(e));
        }
    }
    if let Some(all) = ex.allocations.get(&key) {
        return all[position].clone();
    }
    let all = allocate_all(ex, requesters, available);
    let mine = all[position].clone();
    ex.allocations.insert(key, all);
    mine
}

/// Every requester's allocation, in requester order.
fn allocate_all(ex: &mut Expander<'_>, requesters: Vec<Requester>, available: Expr) -> Vec<Expr> {
    // Whole numbers when the first requester's profile type is 10 or more.
    let first_type = requesters[0].ptype.clone();
    let integer = ex.bind(bin(BinaryOp::Ge, first_type, num(INTEGER_OFFSET)));
    let whole = |ex: &mut Expander<'_>, x: Expr| ex.bind(if_(integer.clone(), call("INT", vec![x.clone()]), x));
    let supply = whole(ex, available);
    let mut rs = Vec::new();
    let mut shapes = Vec::new();
    for r in &requesters {
        let positive = ex.bind_if_complex(call("MAX", vec![r.request.clone(), num(0.0)]));
        rs.push(whole(ex, positive));
        let t = r.ptype.clone();
        let shape = match ex.constant(&t) {
            Some(v) => num(if v >= INTEGER_OFFSET { v - INTEGER_OFFSET } else { v }),
            None => {
                let less = sub(t.clone(), num(INTEGER_OFFSET));
                ex.bind(if_(bin(BinaryOp::Ge, t.clone(), num(INTEGER_OFFSET)), less, t))
            }
        };
        shapes.push(shape);
    }
    // A width that is not positive has no curve: NaN, which the bracket carries into
    // every allocation that rations.
    let widths: Vec<Expr> = requesters
        .iter()
        .map(|r| {
            let positive = bin(BinaryOp::Gt, r.width.clone(), num(0.0));
            ex.bind_if_complex(if_(positive, r.width.clone(), call("NAN", vec![])))
        })
        .collect();
    // Each curve's reach in widths, known when its type is, else chosen as the model runs.
    let reaches: Vec<Expr> = shapes
        .iter()
        .map(|shape| match shape.kind {
            ExprKind::Num(v) => num(REACH.iter().find(|(t, _)| *t == v).map_or(f64::NAN, |r| r.1)),
            _ => {
                let chain = REACH.iter().rev().fold(call("NAN", vec![]), |rest, &(t, r)| {
                    if_(bin(BinaryOp::Eq, shape.clone(), num(t)), num(r), rest)
                });
                ex.bind(chain)
            }
        })
        .collect();
    let span = |i: usize| mul(reaches[i].clone(), widths[i].clone());
    let lows: Vec<Expr> = (0..requesters.len()).map(|i| sub(requesters[i].priority.clone(), span(i))).collect();
    let highs: Vec<Expr> = (0..requesters.len()).map(|i| add(requesters[i].priority.clone(), span(i))).collect();
    let total = ex.fold(BinaryOp::Add, rs.clone(), 0);
    let total = ex.bind(total);
    let extreme = |ex: &mut Expander<'_>, f: &str, terms: Vec<Expr>| {
        let e = if terms.len() == 1 { terms.into_iter().next().expect("one term") } else { call(f, terms) };
        ex.bind(e)
    };
    let mut lo = extreme(ex, "MIN", lows);
    let mut hi = extreme(ex, "MAX", highs);
    let curve = |ex: &mut Expander<'_>, i: usize, x: &Expr| -> Expr {
        let z = ex.bind(div(sub(requesters[i].priority.clone(), x.clone()), widths[i].clone()));
        fraction(ex, &shapes[i], &z)
    };
    for _ in 0..HALVINGS {
        let mid = ex.bind(mul(add(lo.clone(), hi.clone()), num(0.5)));
        let terms: Vec<Expr> = (0..requesters.len()).map(|i| mul(rs[i].clone(), curve(ex, i, &mid))).collect();
        let sum = ex.fold(BinaryOp::Add, terms, 0);
        let sum = ex.bind(sum);
        let over = bin(BinaryOp::Gt, sum, supply.clone());
        let next_lo = ex.bind(if_(over.clone(), mid.clone(), lo.clone()));
        let next_hi = ex.bind(if_(over, hi.clone(), mid));
        lo = next_lo;
        hi = next_hi;
    }
    let level = ex.bind(mul(add(lo, hi), num(0.5)));
    let shares: Vec<Expr> = (0..requesters.len())
        .map(|i| {
            let f = curve(ex, i, &level);
            ex.bind(mul(rs[i].clone(), f))
        })
        .collect();
    // Whole numbers: each share rounded down, and the units left over one each to the
    // largest remainders (ties to the earlier element).
    let floors: Vec<Expr> = shares.iter().map(|s| ex.bind(call("INT", vec![s.clone()]))).collect();
    let floor_sum = ex.fold(BinaryOp::Add, floors.clone(), 0);
    let left = ex.bind(call("INT", vec![add(sub(supply.clone(), floor_sum), num(0.5))]));
    let remainders: Vec<Expr> =
        shares.iter().zip(&floors).map(|(s, f)| ex.bind_if_complex(sub(s.clone(), f.clone()))).collect();
    let ranks = super::vector::ranks(ex, &remainders, false, 0);
    (0..requesters.len())
        .map(|position| {
            let extra = if_(bin(BinaryOp::Lt, ranks[position].clone(), left.clone()), num(1.0), num(0.0));
            let whole_share = add(floors[position].clone(), extra);
            let share = if_(integer.clone(), whole_share, shares[position].clone());
            let rationed = if_(bin(BinaryOp::Ge, supply.clone(), total.clone()), rs[position].clone(), share);
            if_(bin(BinaryOp::Le, supply.clone(), num(0.0)), num(0.0), rationed)
        })
        .collect()
}

/// The fraction of its request a requester gets at normalized distance
/// `z = (priority - level) / width` (1 well above its priority, 0 well below), for profile `shape`
/// (a number, or a name whose value picks the curve when the model runs; NaN for a
/// type without a curve).
fn fraction(ex: &mut Expander<'_>, shape: &Expr, z: &Expr) -> Expr {
    let curve = |ex: &mut Expander<'_>, t: f64| match t {
        1.0 => rectangular(z),
        2.0 => triangular(z),
        3.0 => normal(ex, z),
        4.0 => exponential(z),
        _ => call("NAN", vec![]),
    };
    if let ExprKind::Num(v) = shape.kind {
        return curve(ex, v);
    }
    let mut chain = call("NAN", vec![]);
    for t in [4.0, 3.0, 2.0, 1.0] {
        chain = if_(bin(BinaryOp::Eq, shape.clone(), num(t)), curve(ex, t), chain);
    }
    chain
}

/// Rectangular: a straight ramp over one width centred on the priority.
fn rectangular(z: &Expr) -> Expr {
    call("MIN", vec![call("MAX", vec![add(z.clone(), num(0.5)), num(0.0)]), num(1.0)])
}

/// Triangular: the integral of a triangle one width wide centred on the priority.
fn triangular(z: &Expr) -> Expr {
    let above = sub(num(0.5), z.clone());
    let below = add(z.clone(), num(0.5));
    let upper = sub(num(1.0), mul(num(2.0), mul(above.clone(), above)));
    let lower = mul(num(2.0), mul(below.clone(), below));
    let ge = |a: f64| bin(BinaryOp::Ge, z.clone(), num(a));
    if_(ge(0.5), num(1.0), if_(ge(0.0), upper, if_(bin(BinaryOp::Gt, z.clone(), num(-0.5)), lower, num(0.0))))
}

/// Normal: the cumulative normal distribution of `z` (the width its standard
/// deviation), by Abramowitz and Stegun's 26.2.16 (error below 1e-5), the form
/// Vensim's output follows (`sde/allocate`): with `t = 1 / (1 + 0.33267 |z|)`, the
/// tail `q = k e^(-z^2/2) (0.4361836 t - 0.1201676 t^2 + 0.9372980 t^3)` is the
/// fraction below `-|z|`. `k` is `0.5 / 1.253314` (the polynomial at `t = 1`) rather
/// than `1 / sqrt(2 pi)`, 2e-7 apart, so that the curve is 1/2 at its priority from
/// both sides: continuous, so the allocations always sum to what is available.
fn normal(ex: &mut Expander<'_>, z: &Expr) -> Expr {
    let t = ex.bind(div(num(1.0), add(num(1.0), mul(num(0.33267), call("ABS", vec![z.clone()])))));
    let poly = mul(t.clone(), add(num(0.4361836), mul(t.clone(), add(num(-0.1201676), mul(t, num(0.937298))))));
    let density = mul(num(NORMAL_SCALE), call("EXP", vec![neg(div(mul(z.clone(), z.clone()), num(2.0)))]));
    let tail = ex.bind(mul(density, poly));
    if_(bin(BinaryOp::Ge, z.clone(), num(0.0)), sub(num(1.0), tail.clone()), tail)
}

/// Exponential: the integral of the two-sided exponential `0.5 e^-|z|`.
fn exponential(z: &Expr) -> Expr {
    let half = |e: Expr| mul(num(0.5), call("EXP", vec![e]));
    if_(bin(BinaryOp::Ge, z.clone(), num(0.0)), sub(num(1.0), half(neg(z.clone()))), half(z.clone()))
}
