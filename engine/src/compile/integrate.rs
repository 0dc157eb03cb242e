//! The stocks phase: how every stock of a definition moves through one DT, one part per
//! stage of the integration method (docs/semantics.md, "Integration").
//!
//! - Euler, one part: `next = stock + net * DT`; pipeline delays fed.
//! - Runge-Kutta (RK2: Heun's method; RK4: the classic tableau). The first part keeps
//!   each stock's value at the start of the DT (`start`), takes the stage's derivative
//!   (the net flow, as the flows at the current state gave it) as the running `sum`,
//!   writes the state of the next stage into the stock's `curr` slot and keeps each
//!   pipeline delay's input; a middle part (RK4) adds its derivative, weighted, to `sum`
//!   and writes the next stage's state; the last part writes
//!   `start + (sum + net) * (DT / d)` into `next` (d = 2 for RK2, 6 for RK4) and feeds
//!   the pipelines with the inputs kept at the first stage. Between parts the driver
//!   runs the flows at the stage's state and TIME (`drive::step_actions`).
//!
//! A non-negative stock is clamped wherever a state of it is written (each stage and the
//! step's end), so no flow ever sees it below zero.

use crate::ir::{BinOp, Expr, Global, Method, Stmt, UnOp};

use super::frame::StageSlots;
use super::lower::{Lower, non_negative};
use super::scope::{Role, VarId};

/// The state of the stage after stage `k` (of a Runge-Kutta method) is
/// `start + rate_k * (DT * NEXT_STATE[k])`.
fn next_state_fraction(method: Method, k: u32) -> f64 {
    match (method, k) {
        (Method::Rk2, 0) => 1.0,
        (Method::Rk4, 0 | 1) => 0.5,
        (Method::Rk4, 2) => 1.0,
        _ => unreachable!("stage {k} of {method:?} has no next stage"),
    }
}

/// The weight of a middle stage's derivative in the sum (the first's and the last's
/// are 1).
const MIDDLE_WEIGHT: f64 = 2.0;

/// The divisor of DT in the last stage: the weights' sum.
fn weights_sum(method: Method) -> f64 {
    match method {
        Method::Rk2 => 2.0,
        Method::Rk4 => 6.0,
        Method::Euler => unreachable!("Euler has no weights"),
    }
}

fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
    Expr::Binary(op, Box::new(a), Box::new(b))
}

/// `DT * fraction`, or `DT` itself when the fraction is 1.
fn dt_times(fraction: f64) -> Expr {
    let dt = Expr::Global(Global::Dt);
    if fraction == 1.0 { dt } else { bin(BinOp::Mul, dt, Expr::Lit(fraction)) }
}

/// One stock as the stages see it.
struct Stock<'v> {
    off: u32,
    inflows: &'v [VarId],
    outflows: &'v [VarId],
    non_negative: bool,
}

impl Lower<'_> {
    /// The parts of the stocks phase under `method`.
    pub(super) fn stocks_parts(&self, method: Method) -> Vec<Vec<Stmt>> {
        (0..method.stages()).map(|k| self.stage(method, k)).collect()
    }

    fn own_stocks(&self) -> impl Iterator<Item = Stock<'_>> {
        self.scope.vars.iter().enumerate().filter(|(_, v)| matches!(v.role, Role::Stock)).map(|(id, v)| Stock {
            off: self.off(id as VarId),
            inflows: &v.inflows,
            outflows: &v.outflows,
            non_negative: v.non_negative,
        })
    }

    /// `in1 + in2 + ... - out1 - out2 ...`, summed left to right (with no inflow the
    /// net starts as `-out1`); `None` for a stock without flows.
    fn net(&self, stock: &Stock) -> Option<Expr> {
        let mut net: Option<Expr> = None;
        for &f in stock.inflows {
            let f = Expr::Load(self.off(f));
            net = Some(match net {
                None => f,
                Some(acc) => bin(BinOp::Add, acc, f),
            });
        }
        for &f in stock.outflows {
            let f = Expr::Load(self.off(f));
            net = Some(match net {
                None => Expr::Unary(UnOp::Neg, Box::new(f)),
                Some(acc) => bin(BinOp::Sub, acc, f),
            });
        }
        net
    }

    /// Stage `k` of `method`: the statements of part `k` of the stocks phase.
    fn stage(&self, method: Method, k: u32) -> Vec<Stmt> {
        let last = k + 1 == method.stages();
        let mut out = Vec::new();
        if method != Method::Euler && k == 0 {
            // Kept before any stock moves: an input may read the stocks.
            for (i, pipe) in self.scope.pipes.iter().enumerate() {
                let input = self.expr(&pipe.input, super::graph::GraphPhase::Flows);
                out.push(Stmt::Assign { off: self.frame.pipe_input[i], expr: input });
            }
        }
        for (i, stock) in self.own_stocks().enumerate() {
            let clamp = |e: Expr| if stock.non_negative { non_negative(e) } else { e };
            let Some(net) = self.net(&stock) else {
                // Without flows the stock keeps its value through every stage.
                if last {
                    out.push(Stmt::AssignNext { off: stock.off, expr: Expr::Load(stock.off) });
                }
                continue;
            };
            if method == Method::Euler {
                let next = bin(BinOp::Add, Expr::Load(stock.off), bin(BinOp::Mul, net, Expr::Global(Global::Dt)));
                out.push(Stmt::AssignNext { off: stock.off, expr: clamp(next) });
                continue;
            }
            let StageSlots { start, sum, rate } = self.frame.stage[i];
            if last {
                let step = bin(BinOp::Div, Expr::Global(Global::Dt), Expr::Lit(weights_sum(method)));
                let total = bin(BinOp::Add, Expr::Load(sum), net);
                let next = bin(BinOp::Add, Expr::Load(start), bin(BinOp::Mul, total, step));
                out.push(Stmt::AssignNext { off: stock.off, expr: clamp(next) });
                continue;
            }
            let rate = if k == 0 {
                out.push(Stmt::Assign { off: start, expr: Expr::Load(stock.off) });
                out.push(Stmt::Assign { off: sum, expr: net });
                sum
            } else {
                let rate = rate.unwrap_or_else(|| unreachable!("middle stages have a rate slot"));
                out.push(Stmt::Assign { off: rate, expr: net });
                let weighted = bin(BinOp::Mul, Expr::Lit(MIDDLE_WEIGHT), Expr::Load(rate));
                out.push(Stmt::Assign { off: sum, expr: bin(BinOp::Add, Expr::Load(sum), weighted) });
                rate
            };
            let moved = bin(BinOp::Mul, Expr::Load(rate), dt_times(next_state_fraction(method, k)));
            out.push(Stmt::Assign { off: stock.off, expr: clamp(bin(BinOp::Add, Expr::Load(start), moved)) });
        }
        if last {
            for (i, pipe) in self.scope.pipes.iter().enumerate() {
                let input = match method {
                    Method::Euler => self.expr(&pipe.input, super::graph::GraphPhase::Flows),
                    _ => Expr::Load(self.frame.pipe_input[i]),
                };
                out.push(Stmt::PipelineIn { state: self.frame.pipe_state[i], buf: self.frame.pipe_buf[i], input });
            }
        }
        for (i, inst) in self.scope.instances.iter().enumerate() {
            if self.defs[inst.def as usize].has_stocks {
                out.push(self.eval(i, k));
            }
        }
        out
    }
}
