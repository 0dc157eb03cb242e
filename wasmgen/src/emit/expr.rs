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
//! Plain arithmetic and ordering comparisons are single instructions on the operand
//! stack; every other rule (`numerics::rules`) runs through the [`Wasm`] adapter, which
//! takes its operands off the stack into scratch locals and pushes its result.
//!
//! Locals: 0 = base, 1 = buf, then the scratch locals of the rules. A rule's locals are
//! only live between popping its operands and pushing its result, so nesting never
//! clobbers them.

use millrace_engine::Program;
use millrace_engine::ir::{BinOp, Builtin, Expr, Global, Phase, PipeAt, Stmt, UnOp};
use millrace_engine::numerics::ops::FUn;
use millrace_engine::numerics::rules::{self, LookupFn};
use wasm_encoder::{BlockType, InstructionSink, ValType};

use super::code::{addr, f64_at, f64c};
use super::ops::{Locals, Val, Wasm, encode_fbin, encode_fcmp, encode_from_bool, encode_fun, function};
use super::{Defined, Funcs, PART_SIG};
use crate::layout::{MemoryLayout, STEP};

const BASE: u32 = 0;
const BUF: u32 = 1;

/// The part functions of every module definition.
pub(crate) fn module_functions(program: &Program, layout: &MemoryLayout, funcs: &Funcs) -> Vec<Defined> {
    let mut out = Vec::new();
    for (mi, module) in program.modules.iter().enumerate() {
        for phase in Phase::ALL {
            for (k, part) in module.parts(phase).iter().enumerate() {
                let body = function(2, |sink, locals| {
                    let mut lower =
                        Gen { program, layout, funcs, phase, sink, locals, lets: 0, let_locals: Vec::new() };
                    for stmt in part {
                        lower.stmt(stmt);
                    }
                    lower.sink.end();
                });
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

struct Gen<'a, 's, 'b> {
    program: &'a Program,
    layout: &'a MemoryLayout,
    funcs: &'a Funcs,
    phase: Phase,
    sink: &'s mut InstructionSink<'b>,
    locals: &'s mut Locals,
    /// How many `Let`s enclose the expression being lowered.
    lets: usize,
    /// The f64 local holding the value of the `Let` at each nesting level (one per level
    /// for the whole function: sibling `Let`s at a level share it).
    let_locals: Vec<u32>,
}

impl Gen<'_, '_, '_> {
    /// Runs `rule` through the adapter (its operands already on the stack) and pushes
    /// its value; its scratch locals are free again afterwards.
    fn rule(&mut self, rule: impl FnOnce(&mut Wasm<'_, '_>) -> Val) {
        let mut w = Wasm::new(self.sink, self.locals);
        let v = rule(&mut w);
        w.push(v);
        self.locals.release();
    }

    /// The same for a rule that gives a boolean (pushed as an i32).
    fn bool_rule(&mut self, rule: impl FnOnce(&mut Wasm<'_, '_>) -> u32) {
        let mut w = Wasm::new(self.sink, self.locals);
        let c = rule(&mut w);
        w.sink.local_get(c);
        self.locals.release();
    }

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
            Expr::Instance => {
                // The instance's base slot: the base byte offset / 8.
                self.sink.local_get(BASE).i32_const(3).i32_shr_u().f64_convert_i32_u();
            }
            Expr::Init(off) => {
                let rel = self.slot(*off);
                self.sink.local_get(BASE).f64_load(f64_at(l.init + rel));
            }
            Expr::Previous(off, init) => {
                let rel = self.slot(*off);
                self.expr(init);
                self.sink.local_get(BASE).f64_load(f64_at(l.prev + rel));
                self.sink.i32_const(0).i64_load(f64_at(STEP)).i64_eqz();
                self.rule(|w| {
                    let first = w.take_bool();
                    let prev = w.take();
                    let init = w.take();
                    rules::previous(w, first, init, prev)
                });
            }
            Expr::Unary(UnOp::Neg, a) => {
                self.expr(a);
                encode_fun(self.sink, FUn::Neg);
            }
            Expr::Unary(UnOp::Not, a) => {
                self.expr(a);
                self.rule(|w| {
                    let v = w.take();
                    rules::not(w, v)
                });
            }
            Expr::Binary(op, a, b) => self.binary(*op, a, b),
            Expr::If(c, a, b) => {
                // Eager in the IR; the operands are pure, so branching gives the same value.
                self.expr(c);
                self.bool_rule(|w| {
                    let c = w.take();
                    rules::truthy(w, c)
                });
                self.sink.if_(BlockType::Result(ValType::F64));
                self.expr(a);
                self.sink.else_();
                self.expr(b);
                self.sink.end();
            }
            Expr::Call(b, args) => self.call(*b, args),
            Expr::Let(value, body) => {
                self.expr(value);
                if self.let_locals.len() == self.lets {
                    let l = self.locals.keep(ValType::F64);
                    self.let_locals.push(l);
                }
                self.sink.local_set(self.let_locals[self.lets]);
                self.lets += 1;
                self.expr(body);
                self.lets -= 1;
            }
            // `Program::verify` checks that every Temp has its Let.
            Expr::Temp(d) => {
                self.sink.local_get(self.let_locals[self.lets - 1 - *d as usize]);
            }
            Expr::Lookup(t, mode, x) => self.lookup(*t, *mode, x),
            Expr::PipelineOut(PipeAt { state, buf }) => {
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
        addr(self.sink, 0);
        self.sink.f64_load(f64_at(self.layout.curr + g.slot() * 8));
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr) {
        self.expr(a);
        self.expr(b);
        if let Some(f) = rules::arithmetic(op) {
            encode_fbin(self.sink, f);
        } else if let Some(cc) = rules::ordering(op) {
            encode_fcmp(self.sink, cc);
            encode_from_bool(self.sink);
        } else {
            self.rule(|w| {
                let b = w.take();
                let a = w.take();
                rules::binary(w, op, a, b)
            });
        }
    }

    fn call(&mut self, b: Builtin, args: &[Expr]) {
        for a in args {
            self.expr(a);
        }
        match b {
            Builtin::Host(f) => {
                self.sink.call(self.funcs.host(f));
            }
            Builtin::Inline(f) => self.rule(|w| {
                let mut values: Vec<Val> = args.iter().map(|_| w.take()).collect();
                values.reverse();
                rules::inline(w, f, &values)
            }),
        }
    }

    fn lookup(&mut self, t: u32, mode: millrace_engine::ir::LookupMode, x: &Expr) {
        let (table, at) = (&self.program.tables[t as usize], self.layout.tables[t as usize]);
        self.expr(x);
        self.sink.i32_const(at.xs as i32).i32_const(at.ys as i32).i32_const(at.n as i32);
        self.sink.call(self.funcs.lookup(LookupFn::of(table, mode)));
    }
}
