//! A second, model-aware shrinking pass after proptest's.
//!
//! Proptest shrinks a tuple one component at a time and stops for good as soon as a
//! component cannot be "complicated" back, so its result often still carries
//! variables and operations that play no part in the failure. This pass finishes the
//! job greedily: it tries removing each operation, variable and table, replacing each
//! expression node by a child or a plain number, and dropping optional parts, and keeps
//! any change that still fails the same way and makes the case strictly smaller (by
//! [`size`]), until nothing more can go.

use std::ops::Range;
use std::time::Instant;

use super::check::Failure;
use super::fuzz::{Case, Settings, check_case};
use super::model::{Expr, RandomModel, Var};
use super::scenario::Op;
use super::xmile::render;

/// Smaller is simpler: the XMILE text's length, then the number of operations, then
/// how many are not `run_to_end`.
fn size(case: &Case) -> (usize, usize, usize) {
    let ops = &case.scenario.ops;
    (render(&case.model).len(), ops.len(), ops.iter().filter(|o| !matches!(o, Op::RunToEnd)).count())
}

/// Reduces `case` (which fails with `failure`) to a fixpoint; returns it, its failure
/// and the number of cases tried.
pub fn reduce(mut case: Case, mut failure: Failure, settings: &Settings) -> (Case, Failure, u32) {
    let started = Instant::now();
    let mut tried = 0;
    'outer: loop {
        let current = size(&case);
        for edit in edits(&case) {
            if tried >= settings.max_reduce_iters || started.elapsed() > settings.max_shrink_time {
                break 'outer;
            }
            let mut candidate = case.clone();
            edit(&mut candidate);
            if size(&candidate) >= current {
                continue;
            }
            tried += 1;
            if let Err(f) = check_case(&candidate)
                && f.kind == failure.kind
            {
                (case, failure) = (candidate, f);
                continue 'outer;
            }
        }
        break;
    }
    (case, failure, tried)
}

/// A one-step simplification.
type Edit = Box<dyn Fn(&mut Case)>;

/// Every one-step simplification of `case`, coarsest first: removing runs of
/// operations, variables, submodel auxes and tables (halves, quarters, ... single
/// items), then smaller parts.
fn edits(case: &Case) -> Vec<Edit> {
    let mut out: Vec<Edit> = Vec::new();
    for r in chunks(case.scenario.ops.len()) {
        out.push(Box::new(move |c| drop(c.scenario.ops.drain(r.clone()))));
    }
    for r in chunks(case.model.vars.len()) {
        out.push(Box::new(move |c| drop(c.model.vars.drain(r.clone()))));
    }
    for r in chunks(case.model.sub.extra.len()) {
        out.push(Box::new(move |c| drop(c.model.sub.extra.drain(r.clone()))));
    }
    for r in chunks(case.model.tables.len()) {
        out.push(Box::new(move |c| drop(c.model.tables.drain(r.clone()))));
    }
    for i in 0..case.scenario.ops.len() {
        out.push(Box::new(move |c| c.scenario.ops[i] = Op::RunToEnd));
    }
    for (i, var) in case.model.vars.iter().enumerate() {
        for v in simpler_vars(var) {
            out.push(Box::new(move |c| c.model.vars[i] = v.clone()));
        }
    }
    if case.model.specs.method.is_some() {
        out.push(Box::new(|c| c.model.specs.method = None));
    }
    out.push(Box::new(|c| c.model.specs.steps = (c.model.specs.steps / 2).max(1)));
    out.push(Box::new(|c| c.model.specs.steps = c.model.specs.steps.saturating_sub(1)));
    for (r, root) in roots(&case.model).into_iter().enumerate() {
        for n in 0..count(root) {
            let Some(node) = nth(root, n) else { continue };
            let mut replacements: Vec<Expr> = children(node).into_iter().cloned().collect();
            replacements.extend([Expr::Num(0.0), Expr::Num(1.0)]);
            for rep in replacements {
                out.push(Box::new(move |c| {
                    if let Some(slot) = roots_mut(&mut c.model).into_iter().nth(r).and_then(|e| nth_mut(e, n)) {
                        *slot = rep.clone();
                    }
                }));
            }
        }
    }
    out
}

/// The runs of a list of `len` items to try removing: the whole list, halves,
/// quarters, ... single items.
fn chunks(len: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut size = len;
    while size > 0 {
        out.extend((0..len).step_by(size).map(|start| start..(start + size).min(len)));
        size = if size == 1 { 0 } else { size.div_ceil(2) };
    }
    out
}

/// The same variable with one optional part dropped.
fn simpler_vars(var: &Var) -> Vec<Var> {
    let mut out = Vec::new();
    match var {
        Var::Aux { eqn, gf, init } => {
            if gf.is_some() {
                out.push(Var::Aux { eqn: eqn.clone(), gf: None, init: init.clone() });
            }
            if init.is_some() {
                out.push(Var::Aux { eqn: eqn.clone(), gf: gf.clone(), init: None });
            }
            out.push(Var::Const(0.0));
        }
        Var::Flow { eqn, non_negative: true } => out.push(Var::Flow { eqn: eqn.clone(), non_negative: false }),
        Var::Stock { init, inflows, outflows, non_negative } => {
            for k in 0..inflows.len() {
                let mut fewer = inflows.clone();
                fewer.remove(k);
                out.push(Var::Stock {
                    init: init.clone(),
                    inflows: fewer,
                    outflows: outflows.clone(),
                    non_negative: *non_negative,
                });
            }
            for k in 0..outflows.len() {
                let mut fewer = outflows.clone();
                fewer.remove(k);
                out.push(Var::Stock {
                    init: init.clone(),
                    inflows: inflows.clone(),
                    outflows: fewer,
                    non_negative: *non_negative,
                });
            }
            if *non_negative {
                out.push(Var::Stock {
                    init: init.clone(),
                    inflows: inflows.clone(),
                    outflows: outflows.clone(),
                    non_negative: false,
                });
            }
        }
        Var::Modules { wires } if wires.len() > 1 => {
            for k in 0..wires.len() {
                let mut fewer = wires.clone();
                fewer.remove(k);
                out.push(Var::Modules { wires: fewer });
            }
        }
        _ => {}
    }
    out
}

/// Every expression of the model, in a fixed order (the same as [`roots_mut`]).
fn roots(model: &RandomModel) -> Vec<&Expr> {
    let mut out = Vec::new();
    for var in &model.vars {
        match var {
            Var::Aux { eqn, init, .. } => out.extend(std::iter::once(eqn).chain(init.as_ref())),
            Var::Flow { eqn, .. } => out.push(eqn),
            Var::Stock { init, .. } => out.push(init),
            Var::Const(_) | Var::Modules { .. } => {}
        }
    }
    out.push(&model.sub.rate);
    out.extend(&model.sub.extra);
    out.push(&model.sub.out);
    out
}

fn roots_mut(model: &mut RandomModel) -> Vec<&mut Expr> {
    let mut out = Vec::new();
    for var in &mut model.vars {
        match var {
            Var::Aux { eqn, init, .. } => out.extend(std::iter::once(eqn).chain(init.as_mut())),
            Var::Flow { eqn, .. } => out.push(eqn),
            Var::Stock { init, .. } => out.push(init),
            Var::Const(_) | Var::Modules { .. } => {}
        }
    }
    out.push(&mut model.sub.rate);
    out.extend(&mut model.sub.extra);
    out.push(&mut model.sub.out);
    out
}

fn children(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Num(_) | Expr::Ref(_) | Expr::Global(_) | Expr::Named(..) | Expr::Init(_) | Expr::Previous(_, None) => {
            vec![]
        }
        Expr::Neg(a) | Expr::Not(a) | Expr::Lookup(_, _, a) | Expr::Previous(_, Some(a)) => vec![a],
        Expr::Bin(_, a, b) => vec![a, b],
        Expr::If(c, a, b) => vec![c, a, b],
        Expr::Call(_, args) => args.iter().collect(),
        Expr::Std(call) => std::iter::once(&*call.input).chain(&call.args).collect(),
        Expr::Delay(i, d, init) => [Some(&**i), Some(&**d), init.as_deref()].into_iter().flatten().collect(),
    }
}

fn children_mut(e: &mut Expr) -> Vec<&mut Expr> {
    match e {
        Expr::Num(_) | Expr::Ref(_) | Expr::Global(_) | Expr::Named(..) | Expr::Init(_) | Expr::Previous(_, None) => {
            vec![]
        }
        Expr::Neg(a) | Expr::Not(a) | Expr::Lookup(_, _, a) | Expr::Previous(_, Some(a)) => vec![a],
        Expr::Bin(_, a, b) => vec![a, b],
        Expr::If(c, a, b) => vec![c, a, b],
        Expr::Call(_, args) => args.iter_mut().collect(),
        Expr::Std(call) => std::iter::once(&mut *call.input).chain(&mut call.args).collect(),
        Expr::Delay(i, d, init) => {
            [Some(&mut **i), Some(&mut **d), init.as_deref_mut()].into_iter().flatten().collect()
        }
    }
}

fn count(e: &Expr) -> usize {
    1 + children(e).into_iter().map(count).sum::<usize>()
}

/// Node `n` of `e` in pre-order.
fn nth(e: &Expr, n: usize) -> Option<&Expr> {
    fn go<'a>(e: &'a Expr, n: &mut usize) -> Option<&'a Expr> {
        if *n == 0 {
            return Some(e);
        }
        *n -= 1;
        children(e).into_iter().find_map(|c| go(c, n))
    }
    go(e, &mut { n })
}

fn nth_mut(e: &mut Expr, n: usize) -> Option<&mut Expr> {
    fn go<'a>(e: &'a mut Expr, n: &mut usize) -> Option<&'a mut Expr> {
        if *n == 0 {
            return Some(e);
        }
        *n -= 1;
        children_mut(e).into_iter().find_map(|c| go(c, n))
    }
    go(e, &mut { n })
}
