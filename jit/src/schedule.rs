//! The order in which a flows function computes its statements.
//!
//! The engine lists a phase's statements in one dependency order; any other order that
//! keeps every dependency computes the same values bit for bit (each statement is
//! evaluated exactly as before, only sooner or later). The order matters to an
//! out-of-order core: it looks a couple of hundred instructions ahead, so when a chain
//! of divisions and lookups (tens of cycles each) is followed in program order by the
//! statements that wait for it, the core stalls although independent work exists
//! further down. WORLD3's flows are such chains (population -> per capita values ->
//! lookups -> multipliers). So the statements are ordered by the time at which, with
//! unlimited execution units, each could finish (an as-soon-as-possible schedule
//! under rough latencies): chains start early and independent work fills their waits.
//!
//! Only runs of assignments are reordered; any other statement (a call to a child
//! part, a pipeline) stays where it is and nothing moves across it.

use std::collections::HashMap;

use millrace_engine::ir::{BinOp, Expr, PipeAt, Stmt};

/// A statement of a function with its inlined children flattened: the statement and
/// the slot and buffer offsets of the inlined instance it belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Flat<'a> {
    pub stmt: &'a Stmt,
    pub slot_delta: u32,
    pub buf_delta: u32,
}

/// Rough latencies in cycles of a current x86-64 or aarch64 core. Only their
/// proportions matter: a division or a call is an order of magnitude slower than an
/// addition.
mod latency {
    pub const ARITH: u32 = 3;
    pub const DIV: u32 = 13;
    pub const CALL: u32 = 40;
    /// A stored value read back by a later statement.
    pub const STORE_TO_LOAD: u32 = 5;
}

/// `items` reordered as the module doc says: each run of assignments sorted by its
/// as-soon-as-possible finish time, ties in the original order.
pub(crate) fn schedule(items: Vec<Flat<'_>>) -> Vec<Flat<'_>> {
    let mut out = Vec::with_capacity(items.len());
    let mut run = Vec::new();
    for item in items {
        if matches!(item.stmt, Stmt::Assign { .. } | Stmt::AssignConst { .. }) {
            run.push(item);
        } else {
            out.extend(schedule_run(std::mem::take(&mut run)));
            out.push(item);
        }
    }
    out.extend(schedule_run(run));
    out
}

/// Orders a run of assignments. A statement's finish time is above that of every
/// statement it must follow: the writer of each slot it reads, and every earlier
/// reader and writer of the slot it writes. Times strictly grow along those edges, so
/// sorting by time keeps them all.
fn schedule_run(run: Vec<Flat<'_>>) -> Vec<Flat<'_>> {
    // Per slot: the finish time of its last writer, and the latest finish time of
    // a statement that read it since.
    let mut written: HashMap<u32, u32> = HashMap::new();
    let mut read: HashMap<u32, u32> = HashMap::new();
    let mut timed: Vec<(u32, usize, Flat<'_>)> = Vec::with_capacity(run.len());
    for (i, item) in run.into_iter().enumerate() {
        let (off, expr) = match item.stmt {
            Stmt::Assign { off, expr } => (*off, Some(expr)),
            Stmt::AssignConst { off } => (*off, None),
            _ => unreachable!("runs hold assignments only"),
        };
        let target = item.slot_delta + off;
        let ready = expr.map_or(0, |e| finish(e, item.slot_delta, &written));
        let after_others = written.get(&target).into_iter().chain(read.get(&target)).copied().max().unwrap_or(0);
        let time = ready.max(after_others) + latency::STORE_TO_LOAD;
        if let Some(e) = expr {
            for slot in reads(e, item.slot_delta) {
                let r = read.entry(slot).or_insert(0);
                *r = (*r).max(time);
            }
        }
        written.insert(target, time);
        read.remove(&target);
        timed.push((time, i, item));
    }
    timed.sort_by_key(|&(time, i, _)| (time, i));
    timed.into_iter().map(|(_, _, item)| item).collect()
}

/// When `e` could finish, given the finish times of the slots written so far.
fn finish(e: &Expr, delta: u32, written: &HashMap<u32, u32>) -> u32 {
    let f = |e: &Expr| finish(e, delta, written);
    match e {
        // A Temp's value is counted at its Let.
        Expr::Lit(_) | Expr::Global(_) | Expr::Instance | Expr::Init(_) | Expr::Temp(_) => 0,
        Expr::Let(value, body) => f(value).max(f(body)),
        Expr::Load(_) | Expr::PipelineOut(_) => {
            node_reads(e, delta).map(|s| written.get(&s).copied().unwrap_or(0)).max().unwrap_or(0)
        }
        Expr::Previous(_, init) => f(init),
        Expr::Unary(_, a) => f(a) + latency::ARITH,
        Expr::Binary(op, a, b) => {
            let cost = match op {
                BinOp::Div => latency::DIV,
                BinOp::Add
                | BinOp::Sub
                | BinOp::Mul
                | BinOp::Eq
                | BinOp::Ne
                | BinOp::Lt
                | BinOp::Le
                | BinOp::Gt
                | BinOp::Ge
                | BinOp::And
                | BinOp::Or => latency::ARITH,
            };
            f(a).max(f(b)) + cost
        }
        Expr::If(c, a, b) => f(c).max(f(a)).max(f(b)) + latency::ARITH,
        Expr::Call(_, args) => args.iter().map(f).max().unwrap_or(0) + latency::CALL,
        Expr::Lookup(_, _, x) => f(x) + latency::CALL,
    }
}

/// The slots of `curr` that `e` reads (a pipeline's output reads its state slots).
fn reads(e: &Expr, delta: u32) -> Vec<u32> {
    let mut slots = Vec::new();
    e.any(&mut |n| {
        slots.extend(node_reads(n, delta));
        false
    });
    slots
}

/// The slots of `curr` that node `n` itself reads, not counting its operands.
fn node_reads(n: &Expr, delta: u32) -> impl Iterator<Item = u32> {
    let slots = match n {
        Expr::Load(off) => [Some(delta + off), None],
        Expr::PipelineOut(PipeAt { state, .. }) => [Some(delta + state), Some(delta + state + 1)],
        // Globals are written only by the driver, INIT and PREVIOUS snapshots only
        // between phases: no statement of a flows function writes what they read.
        Expr::Lit(_)
        | Expr::Global(_)
        | Expr::Instance
        | Expr::Init(_)
        | Expr::Previous(..)
        | Expr::Unary(..)
        | Expr::Binary(..)
        | Expr::If(..)
        | Expr::Call(..)
        | Expr::Lookup(..)
        | Expr::Let(..)
        | Expr::Temp(_) => [None, None],
    };
    slots.into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assign(off: u32, expr: Expr) -> Stmt {
        Stmt::Assign { off, expr }
    }

    fn load(off: u32) -> Box<Expr> {
        Box::new(Expr::Load(off))
    }

    fn div(a: u32, b: u32) -> Expr {
        Expr::Binary(BinOp::Div, load(a), load(b))
    }

    fn order(stmts: &[Stmt]) -> Vec<u32> {
        let items = stmts.iter().map(|stmt| Flat { stmt, slot_delta: 0, buf_delta: 0 }).collect();
        schedule(items)
            .into_iter()
            .map(|f| match f.stmt {
                Stmt::Assign { off, .. } | Stmt::AssignConst { off } => *off,
                Stmt::EvalModule { off, .. } => 1000 + off,
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn independent_work_fills_a_chains_wait() {
        // The chain 10 = 1/2, 11 = 10/3, then 12 = (4/5)/6, which needs neither: 12
        // goes between the chain's two steps, so that its divisions fill the wait.
        let independent = Expr::Binary(BinOp::Div, Box::new(div(4, 5)), load(6));
        let stmts = [assign(10, div(1, 2)), assign(11, div(10, 3)), assign(12, independent)];
        assert_eq!(order(&stmts), [10, 12, 11]);
        // A cheap independent statement goes first.
        let stmts = [assign(10, div(1, 2)), assign(12, Expr::Binary(BinOp::Add, load(4), load(5)))];
        assert_eq!(order(&stmts), [12, 10]);
    }

    #[test]
    fn a_slot_read_before_it_is_written_is_still_read_first() {
        // 20 reads slot 30 (last step's value) before 30 is written: 30 must stay
        // after 20 although it could start sooner.
        let stmts = [assign(20, div(30, 1)), assign(30, Expr::Lit(1.0))];
        assert_eq!(order(&stmts), [20, 30]);
        // and two writes of one slot keep their order
        let stmts = [assign(5, div(1, 2)), assign(5, Expr::Lit(1.0))];
        let items: Vec<_> = stmts.iter().map(|stmt| Flat { stmt, slot_delta: 0, buf_delta: 0 }).collect();
        let out = schedule(items);
        assert_eq!(out[0].stmt, &stmts[0]);
    }

    #[test]
    fn nothing_moves_across_a_call() {
        let call = Stmt::EvalModule { module: 0, off: 1, buf_off: 0, part: 0 };
        let stmts = [assign(10, div(1, 2)), assign(11, div(10, 3)), call, assign(12, Expr::Lit(0.0))];
        assert_eq!(order(&stmts), [10, 11, 1001, 12]);
    }

    #[test]
    fn inlined_offsets_are_absolute() {
        // The same statement text in two inlined instances: instance 100's reads
        // its own slot 101, written by the statement before it.
        let first = assign(1, div(2, 3));
        let second = assign(4, Expr::Binary(BinOp::Add, load(1), load(1)));
        let items = vec![
            Flat { stmt: &first, slot_delta: 100, buf_delta: 0 },
            Flat { stmt: &second, slot_delta: 0, buf_delta: 0 },
            Flat { stmt: &second, slot_delta: 100, buf_delta: 0 },
        ];
        let out = schedule(items);
        let deltas: Vec<(u32, bool)> = out.iter().map(|f| (f.slot_delta, std::ptr::eq(f.stmt, &first))).collect();
        // instance 0's add needs nothing and goes first; instance 100's waits for its
        // division.
        assert_eq!(deltas, [(0, false), (100, true), (100, false)]);
    }
}
