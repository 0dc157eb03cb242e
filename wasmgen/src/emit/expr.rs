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
use millrace_engine::ir::{BinOp, Builtin, Expr, Global, LookupMode, ModuleDef, Phase, Stmt, TableKind, UnOp};
use millrace_engine::numerics::HostFn;
use wasm_encoder::{BlockType, Function, InstructionSink, ValType};

use super::code::{addr, f64_at, f64c, falsy, nan, round, truthy};
use super::{Defined, Funcs, PART_SIG};
use crate::WasmError;
use crate::layout::{MemoryLayout, STEP};

const BASE: u32 = 0;
const BUF: u32 = 1;
const S0: u32 = 2;
const S1: u32 = 3;
const S2: u32 = 4;

/// The part functions of every module definition.
pub(crate) fn module_functions(
    program: &Program,
    layout: &MemoryLayout,
    funcs: &Funcs,
) -> Result<Vec<Defined>, WasmError> {
    let mut out = Vec::new();
    for (mi, module) in program.modules.iter().enumerate() {
        for phase in Phase::ALL {
            for (k, part) in module.parts(phase).iter().enumerate() {
                let mut body = Function::new([(3, ValType::F64)]);
                let mut lower = Gen { program, layout, funcs, module, phase, sink: body.instructions() };
                for stmt in part {
                    lower.stmt(stmt)?;
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
    Ok(out)
}

struct Gen<'a> {
    program: &'a Program,
    layout: &'a MemoryLayout,
    funcs: &'a Funcs,
    module: &'a ModuleDef,
    phase: Phase,
    sink: InstructionSink<'a>,
}

impl Gen<'_> {
    /// Checks that slot offset `off` (and `extra` slots after it) lie in the instance.
    fn slot(&self, off: u32, extra: u32) -> Result<u32, WasmError> {
        match off.checked_add(extra) {
            Some(last) if last < self.module.n_slots => Ok(off * 8),
            _ => Err(WasmError::Invalid(format!(
                "module `{}` uses slot offset {off} but has {} slots",
                self.module.name, self.module.n_slots
            ))),
        }
    }

    /// Checks a ring-buffer range `[buf, buf + len)` of the instance.
    fn ring(&self, buf: u32, len: u32) -> Result<u32, WasmError> {
        match buf.checked_add(len) {
            Some(end) if end <= self.module.n_buf => Ok(buf * 8),
            _ => Err(WasmError::Invalid(format!(
                "module `{}` uses ring-buffer values {buf}..+{len} but has {}",
                self.module.name, self.module.n_buf
            ))),
        }
    }

    /// Pushes the address `base + region + 8 off` of a slot of this instance.
    fn slot_addr(&mut self, region: u32, off: u32, extra: u32) -> Result<(), WasmError> {
        let rel = self.slot(off, extra)?;
        self.sink.local_get(BASE).i32_const((region + rel) as i32).i32_add();
        Ok(())
    }

    fn stmt(&mut self, stmt: &Stmt) -> Result<(), WasmError> {
        let curr = self.layout.curr;
        match stmt {
            Stmt::Assign { off, expr } => {
                let rel = self.slot(*off, 0)?;
                self.sink.local_get(BASE);
                self.expr(expr)?;
                self.sink.f64_store(f64_at(curr + rel));
            }
            Stmt::AssignConst { off } => {
                let rel = self.slot(*off, 0)?;
                self.sink.local_get(BASE).local_get(BASE).f64_load(f64_at(self.layout.consts + rel));
                self.sink.f64_store(f64_at(curr + rel));
            }
            Stmt::AssignNext { off, expr } => {
                let rel = self.slot(*off, 0)?;
                self.sink.local_get(BASE);
                self.expr(expr)?;
                self.sink.f64_store(f64_at(self.layout.next + rel));
            }
            Stmt::EvalModule { module, off, buf_off, part } => {
                let p = self.phase.index();
                let Some(f) = self.funcs.parts.get(*module as usize).and_then(|m| m[p].get(*part as usize)) else {
                    return Err(WasmError::Invalid(format!(
                        "module `{}` evaluates part {part} of {} of module m{module}, which does not exist",
                        self.module.name,
                        self.phase.name()
                    )));
                };
                let child = &self.program.modules[*module as usize];
                self.slot(*off, child.n_slots.saturating_sub(1))?;
                self.ring(*buf_off, child.n_buf)?;
                self.sink.local_get(BASE).i32_const((off * 8) as i32).i32_add();
                self.sink.local_get(BUF).i32_const((buf_off * 8) as i32).i32_add();
                self.sink.call(*f);
            }
            Stmt::PipelineInit { state, buf, capacity, delay, init } => {
                self.expr(delay)?;
                self.expr(init)?;
                self.slot_addr(curr, *state, 1)?;
                let rel = self.ring(*buf, *capacity)?;
                self.sink.local_get(BUF).i32_const((self.layout.bufs + rel) as i32).i32_add();
                self.sink.i32_const(*capacity as i32).call(self.funcs.pipeline_init);
            }
            Stmt::PipelineIn { state, buf, input } => {
                self.expr(input)?;
                self.slot_addr(curr, *state, 1)?;
                let rel = self.ring(*buf, 0)?;
                self.sink.local_get(BUF).i32_const((self.layout.bufs + rel) as i32).i32_add();
                self.sink.call(self.funcs.pipeline_in);
            }
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), WasmError> {
        let l = self.layout;
        match e {
            Expr::Lit(v) => {
                self.sink.f64_const(f64c(*v));
            }
            Expr::Load(off) => {
                let rel = self.slot(*off, 0)?;
                self.sink.local_get(BASE).f64_load(f64_at(l.curr + rel));
            }
            Expr::Global(g) => self.global(*g),
            Expr::Init(off) => {
                let rel = self.slot(*off, 0)?;
                self.sink.local_get(BASE).f64_load(f64_at(l.init + rel));
            }
            Expr::Previous(off, init) => {
                // step == 0 ? init : prev[base + off]
                let rel = self.slot(*off, 0)?;
                self.expr(init)?;
                self.sink.local_get(BASE).f64_load(f64_at(l.prev + rel));
                self.sink.i32_const(0).i64_load(f64_at(STEP)).i64_eqz().select();
            }
            Expr::Unary(UnOp::Neg, a) => {
                self.expr(a)?;
                self.sink.f64_neg();
            }
            Expr::Unary(UnOp::Not, a) => {
                self.expr(a)?;
                falsy(&mut self.sink);
                self.sink.f64_convert_i32_u();
            }
            Expr::Binary(op, a, b) => self.binary(*op, a, b)?,
            Expr::If(c, a, b) => {
                // Eager in the IR; the operands are pure, so branching gives the same value.
                self.expr(c)?;
                truthy(&mut self.sink);
                self.sink.if_(BlockType::Result(ValType::F64));
                self.expr(a)?;
                self.sink.else_();
                self.expr(b)?;
                self.sink.end();
            }
            Expr::Call(b, args) => self.call(*b, args)?,
            Expr::Lookup(t, mode, x) => self.lookup(*t, *mode, x)?,
            Expr::PipelineOut { state, buf } => {
                // buf[buf_base + buf + head], head = curr[base + state + 1] as usize
                let head = self.slot(*state, 1)? + 8;
                let rel = self.ring(*buf, 0)?;
                self.sink.local_get(BUF);
                self.sink.local_get(BASE).f64_load(f64_at(l.curr + head)).i32_trunc_sat_f64_u();
                self.sink.i32_const(3).i32_shl().i32_add().f64_load(f64_at(l.bufs + rel));
            }
        }
        Ok(())
    }

    fn global(&mut self, g: Global) {
        addr(&mut self.sink, 0);
        self.sink.f64_load(f64_at(self.layout.curr + g.slot() * 8));
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr) -> Result<(), WasmError> {
        self.expr(a)?;
        if matches!(op, BinOp::And | BinOp::Or) {
            truthy(&mut self.sink);
        }
        self.expr(b)?;
        let s = &mut self.sink;
        match op {
            BinOp::Add => s.f64_add(),
            BinOp::Sub => s.f64_sub(),
            BinOp::Mul => s.f64_mul(),
            BinOp::Div => s.f64_div(),
            BinOp::Pow => s.call(self.funcs.host(HostFn::Pow)),
            BinOp::Mod => s.call(self.funcs.host(HostFn::Mod)),
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
        Ok(())
    }

    fn call(&mut self, b: Builtin, args: &[Expr]) -> Result<(), WasmError> {
        if args.len() != b.arity() {
            return Err(WasmError::Invalid(format!(
                "builtin `{}` takes {} arguments, the IR gives {}",
                b.name(),
                b.arity(),
                args.len()
            )));
        }
        for a in args {
            self.expr(a)?;
        }
        if let Some(f) = b.host_fn() {
            self.sink.call(self.funcs.host(f));
            return Ok(());
        }
        let s = &mut self.sink;
        match b {
            Builtin::Abs => s.f64_abs(),
            Builtin::Sqrt => s.f64_sqrt(),
            Builtin::Floor => s.f64_floor(),
            // f64.min/max are IEEE 754-2019 minimum/maximum: numerics::min/max exactly
            // (NaN if either is NaN, -0 below +0), up to the NaN's payload.
            Builtin::Min => s.f64_min(),
            Builtin::Max => s.f64_max(),
            Builtin::Round => {
                round(s, S0, S1);
                s
            }
            Builtin::Sign => {
                // x > 0 ? 1 : x < 0 ? -1 : x == x ? 0 : NaN
                s.local_set(S0);
                s.f64_const(f64c(1.0)).f64_const(f64c(-1.0)).f64_const(f64c(0.0)).f64_const(nan());
                s.local_get(S0).local_get(S0).f64_eq().select();
                s.local_get(S0).f64_const(f64c(0.0)).f64_lt().select();
                s.local_get(S0).f64_const(f64c(0.0)).f64_gt().select()
            }
            Builtin::SafeDiv => {
                // b == 0 ? x : a / b
                s.local_set(S2).local_set(S1).local_set(S0);
                s.local_get(S2);
                s.local_get(S0).local_get(S1).f64_div();
                s.local_get(S1).f64_const(f64c(0.0)).f64_eq().select()
            }
            _ => unreachable!("{b:?} is a host function"),
        };
        Ok(())
    }

    fn lookup(&mut self, t: u32, mode: LookupMode, x: &Expr) -> Result<(), WasmError> {
        let (Some(table), Some(at)) = (self.program.tables.get(t as usize), self.layout.tables.get(t as usize)) else {
            return Err(WasmError::Invalid(format!("lookup in table t{t}, which does not exist")));
        };
        if table.xs.is_empty() || table.ys.len() != table.xs.len() {
            return Err(WasmError::Invalid(format!(
                "graphical function `{}` has {} x and {} y values; it needs at least one knot and as many y as x",
                table.name,
                table.xs.len(),
                table.ys.len()
            )));
        }
        self.expr(x)?;
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
        Ok(())
    }
}
