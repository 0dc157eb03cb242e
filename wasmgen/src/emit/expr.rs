//! One wasm function per (module definition, phase, part): statements and expressions
//! lowered by a post-order walk, so the float operations run exactly in IR order.
//!
//! Every part function takes `(base: i32, buf: i32)`: the byte offset of the instance's
//! first slot (added to a region's address: `curr[base + off]` is the f64 at
//! `base + curr + 8 off`) and the byte offset of its first ring-buffer value. A child
//! instance is a call with both offsets advanced, so a definition's code is shared by
//! all its instances and holds no per-instance value: an overridable constant is read
//! from the const region, never baked in.
//!
//! Locals: 0 = base, 1 = buf, 2..=4 = f64 scratch. Scratch locals are only live between
//! popping an operator's operands and pushing its result, so nesting never clobbers them.

use millrace_engine::Program;
use millrace_engine::ir::{BinOp, Builtin, Expr, Global, InlineFn, LookupMode, Phase, Stmt, TableKind, UnOp};
use wasm_encoder::{BlockType, Function, InstructionSink, ValType};

use super::code::{addr, f64_at, f64c, falsy, nan, round, truthy};
use super::{Defined, Funcs, PART_SIG};
use crate::layout::{MemoryLayout, STEP};

const BASE: u32 = 0;
const BUF: u32 = 1;
const S0: u32 = 2;
const S1: u32 = 3;
const S2: u32 = 4;

/// The part functions of every module definition.
pub(crate) fn module_functions(program: &Program, layout: &MemoryLayout, funcs: &Funcs) -> Vec<Defined> {
    let mut out = Vec::new();
    for (mi, module) in program.modules.iter().enumerate() {
        for phase in Phase::ALL {
            for (k, part) in module.parts(phase).iter().enumerate() {
                let mut body = Function::new([(3, ValType::F64)]);
                let mut lower = Gen { program, layout, funcs, phase, sink: body.instructions() };
                for stmt in part {
                    lower.stmt(stmt);
                }
                lower.sink.end();
                out.push(Defined {
                    index: funcs.parts[mi][phase.index()][k],
                    sig: PART_SIG,
                    name: format!("m{mi}:{}.{}.{k}", module.name, phase.name()),
                    body,
                });
            }
        }
    }
    out
}

struct Gen<'a> {
    program: &'a Program,
    layout: &'a MemoryLayout,
    funcs: &'a Funcs,
    phase: Phase,
    sink: InstructionSink<'a>,
}

impl Gen<'_> {
    /// The byte offset of slot `off` of this instance within a region (`Program::verify`
    /// has checked every offset against the module's slots and buffers).
    fn slot(&self, off: u32) -> u32 {
        off * 8
    }

    /// Pushes the address `base + region + 8 off` of a slot of this instance.
    fn slot_addr(&mut self, region: u32, off: u32) {
        let rel = self.slot(off);
        self.sink.local_get(BASE).i32_const((region + rel) as i32).i32_add();
    }

    fn stmt(&mut self, stmt: &Stmt) {
        let curr = self.layout.curr;
        match stmt {
            Stmt::Assign { off, expr } => {
                let rel = self.slot(*off);
                self.sink.local_get(BASE);
                self.expr(expr);
                self.sink.f64_store(f64_at(curr + rel));
            }
            Stmt::AssignConst { off } => {
                let rel = self.slot(*off);
                self.sink.local_get(BASE).local_get(BASE).f64_load(f64_at(self.layout.consts + rel));
                self.sink.f64_store(f64_at(curr + rel));
            }
            Stmt::AssignNext { off, expr } => {
                let rel = self.slot(*off);
                self.sink.local_get(BASE);
                self.expr(expr);
                self.sink.f64_store(f64_at(self.layout.next + rel));
            }
            Stmt::EvalModule { module, off, buf_off, part } => {
                let f = self.funcs.parts[*module as usize][self.phase.index()][*part as usize];
                self.sink.local_get(BASE).i32_const((off * 8) as i32).i32_add();
                self.sink.local_get(BUF).i32_const((buf_off * 8) as i32).i32_add();
                self.sink.call(f);
            }
            Stmt::PipelineInit { state, buf, capacity, delay, init } => {
                self.expr(delay);
                self.expr(init);
                self.slot_addr(curr, *state);
                let rel = self.slot(*buf);
                self.sink.local_get(BUF).i32_const((self.layout.bufs + rel) as i32).i32_add();
                self.sink.i32_const(*capacity as i32).call(self.funcs.pipeline_init);
            }
            Stmt::PipelineIn { state, buf, input } => {
                self.expr(input);
                self.slot_addr(curr, *state);
                let rel = self.slot(*buf);
                self.sink.local_get(BUF).i32_const((self.layout.bufs + rel) as i32).i32_add();
                self.sink.call(self.funcs.pipeline_in);
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        let l = self.layout;
        match e {
            Expr::Lit(v) => {
                self.sink.f64_const(f64c(*v));
            }
            Expr::Load(off) => {
                let rel = self.slot(*off);
                self.sink.local_get(BASE).f64_load(f64_at(l.curr + rel));
            }
            Expr::Global(g) => self.global(*g),
            Expr::Init(off) => {
                let rel = self.slot(*off);
                self.sink.local_get(BASE).f64_load(f64_at(l.init + rel));
            }
            Expr::Previous(off, init) => {
                // step == 0 ? init : prev[base + off]
                let rel = self.slot(*off);
                self.expr(init);
                self.sink.local_get(BASE).f64_load(f64_at(l.prev + rel));
                self.sink.i32_const(0).i64_load(f64_at(STEP)).i64_eqz().select();
            }
            Expr::Unary(UnOp::Neg, a) => {
                self.expr(a);
                self.sink.f64_neg();
            }
            Expr::Unary(UnOp::Not, a) => {
                self.expr(a);
                falsy(&mut self.sink);
                self.sink.f64_convert_i32_u();
            }
            Expr::Binary(op, a, b) => self.binary(*op, a, b),
            Expr::If(c, a, b) => {
                // Eager in the IR; the operands are pure, so branching gives the same value.
                self.expr(c);
                truthy(&mut self.sink);
                self.sink.if_(BlockType::Result(ValType::F64));
                self.expr(a);
                self.sink.else_();
                self.expr(b);
                self.sink.end();
            }
            Expr::Call(b, args) => self.call(*b, args),
            Expr::Lookup(t, mode, x) => self.lookup(*t, *mode, x),
            Expr::PipelineOut { state, buf } => {
                // buf[buf_base + buf + head], head = curr[base + state + 1] as usize
                let head = self.slot(*state) + 8;
                let rel = self.slot(*buf);
                self.sink.local_get(BUF);
                self.sink.local_get(BASE).f64_load(f64_at(l.curr + head)).i32_trunc_sat_f64_u();
                self.sink.i32_const(3).i32_shl().i32_add().f64_load(f64_at(l.bufs + rel));
            }
        }
    }

    fn global(&mut self, g: Global) {
        addr(&mut self.sink, 0);
        self.sink.f64_load(f64_at(self.layout.curr + g.slot() * 8));
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr) {
        self.expr(a);
        if matches!(op, BinOp::And | BinOp::Or) {
            truthy(&mut self.sink);
        }
        self.expr(b);
        let s = &mut self.sink;
        match op {
            BinOp::Add => s.f64_add(),
            BinOp::Sub => s.f64_sub(),
            BinOp::Mul => s.f64_mul(),
            BinOp::Div => s.f64_div(),
            BinOp::Eq => s.call(self.funcs.approx_eq).f64_convert_i32_u(),
            BinOp::Ne => s.call(self.funcs.approx_eq).i32_eqz().f64_convert_i32_u(),
            BinOp::Lt => s.f64_lt().f64_convert_i32_u(),
            BinOp::Le => s.f64_le().f64_convert_i32_u(),
            BinOp::Gt => s.f64_gt().f64_convert_i32_u(),
            BinOp::Ge => s.f64_ge().f64_convert_i32_u(),
            BinOp::And => {
                truthy(s);
                s.i32_and().f64_convert_i32_u()
            }
            BinOp::Or => {
                truthy(s);
                s.i32_or().f64_convert_i32_u()
            }
        };
    }

    fn call(&mut self, b: Builtin, args: &[Expr]) {
        for a in args {
            self.expr(a);
        }
        let f = match b {
            Builtin::Host(f) => {
                self.sink.call(self.funcs.host(f));
                return;
            }
            Builtin::Inline(f) => f,
        };
        let s = &mut self.sink;
        match f {
            InlineFn::Abs => s.f64_abs(),
            InlineFn::Sqrt => s.f64_sqrt(),
            InlineFn::Floor => s.f64_floor(),
            // f64.min/max are IEEE 754-2019 minimum/maximum: numerics::min/max exactly
            // (NaN if either is NaN, -0 below +0), up to the NaN's payload.
            InlineFn::Min => s.f64_min(),
            InlineFn::Max => s.f64_max(),
            InlineFn::Round => {
                round(s, S0, S1);
                s
            }
            InlineFn::Sign => {
                // x > 0 ? 1 : x < 0 ? -1 : x == x ? 0 : NaN
                s.local_set(S0);
                s.f64_const(f64c(1.0)).f64_const(f64c(-1.0)).f64_const(f64c(0.0)).f64_const(nan());
                s.local_get(S0).local_get(S0).f64_eq().select();
                s.local_get(S0).f64_const(f64c(0.0)).f64_lt().select();
                s.local_get(S0).f64_const(f64c(0.0)).f64_gt().select()
            }
            InlineFn::SafeDiv => {
                // b == 0 ? x : a / b
                s.local_set(S2).local_set(S1).local_set(S0);
                s.local_get(S2);
                s.local_get(S0).local_get(S1).f64_div();
                s.local_get(S1).f64_const(f64c(0.0)).f64_eq().select()
            }
        };
    }

    fn lookup(&mut self, t: u32, mode: LookupMode, x: &Expr) {
        let (table, at) = (&self.program.tables[t as usize], self.layout.tables[t as usize]);
        self.expr(x);
        let s = &mut self.sink;
        s.i32_const(at.xs as i32).i32_const(at.ys as i32).i32_const(at.n as i32);
        match (mode, table.kind) {
            (LookupMode::Forward, _) => s.call(self.funcs.lookup_forward),
            (LookupMode::Backward, _) | (LookupMode::Table, TableKind::Discrete) => s.call(self.funcs.lookup_backward),
            (LookupMode::Table, kind) => {
                let extrapolate = kind == TableKind::Extrapolate && at.n >= 2;
                s.i32_const(extrapolate as i32).call(self.funcs.lookup_interp)
            }
        };
    }
}
