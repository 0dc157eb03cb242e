//! Function translation, IR -> Cranelift IR: the body of one part function (planned by
//! [`crate::plan`]),
//! `fn(ctx: *const JitCtx, base: i64, buf_base: i64)`, where `base` is the instance's
//! first slot and `buf_base` its first ring-buffer value. One [`Translator`] builds one
//! function; one match arm per IR node.
//!
//! Every IR operation becomes the same IEEE operation, in the IR's order: the backend
//! never fuses (Cranelift emits an FMA only for an explicit `fma`, which we never use)
//! nor reassociates. Each `numerics::rules` rule is emitted by running the rule itself
//! through the [`Clif`] adapter.
//! Where the generated code differs from a literal reading of the IR, the value is the
//! same bit for bit, and the parity tests hold it to that:
//! - a division by a power-of-two literal is a multiplication by its exact reciprocal
//!   ([`exact_reciprocal`]);
//! - a host function of literals (`LN(10)`) is called while generating the code;
//! - an `IF` whose arms divide or call branches and evaluates only the arm taken;
//! - the flows' statements run in the order [`crate::schedule`] chooses, which keeps
//!   every dependency.

use std::collections::HashMap;

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{FuncRef, InstBuilder, MemFlagsData, Type, Value, types};
use cranelift_frontend::FunctionBuilder;
use cranelift_module::{FuncId, Module};
use millrace_engine::ir::{BinOp, Builtin, Expr, Global, Phase, PipeAt, Program, Stmt, UnOp};
use millrace_engine::numerics::HostFn;
use millrace_engine::numerics::ops::{FUn, Ops};
use millrace_engine::numerics::rules::{self, LookupFn};

use crate::ctx::offsets;
use crate::ops::{Builds, Clif};
use crate::plan::{Declared, PartKey};
use crate::schedule::{Flat, schedule};

/// Builds one part function.
pub(crate) struct Translator<'a, M: Module> {
    b: FunctionBuilder<'a>,
    module: &'a mut M,
    program: &'a Program,
    declared: &'a Declared,
    /// The phase being built (a child call runs the same phase).
    phase: Phase,
    /// The target's pointer type.
    ptr: Type,
    /// `*const JitCtx`.
    ctx: Value,
    base: Value,
    buf_base: Value,
    /// `curr + base`, `next + base`, `consts + base`, `init + base`, `prev + base`,
    /// `bufs + buf_base` (byte addresses), computed once in the entry block so that
    /// they dominate every use; the unused ones are removed by Cranelift.
    curr_base: Value,
    next_base: Value,
    const_base: Value,
    init_base: Value,
    prev_base: Value,
    buf_ptr: Value,
    /// `curr` itself, for the globals (absolute slots).
    curr: Value,
    /// Added to every slot offset: the offset of the inlined child being translated
    /// within this function's instance (0 outside inlined code).
    slot_delta: u32,
    /// Added to every buffer offset, likewise.
    buf_delta: u32,
    /// Callee references already imported into this function.
    func_refs: HashMap<FuncId, FuncRef>,
    /// The value of each enclosing `Let`, innermost last.
    lets: Vec<Value>,
}

/// `1 / c` when `c` is a power of two whose reciprocal is a normal f64. Then `a / c`
/// and `a * (1 / c)` are the one real number `a * 2^-k` rounded once: the same bits for
/// every `a` (NaN, infinities, zeros and subnormals included), and a multiplication is
/// several times cheaper than a division.
fn exact_reciprocal(c: f64) -> Option<f64> {
    let bits = c.to_bits();
    let exponent = (bits >> 52) & 0x7ff;
    (bits & ((1 << 52) - 1) == 0 && (1..=2045).contains(&exponent)).then(|| 1.0 / c)
}

fn flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// Byte offset of absolute slot `slot` (the globals).
fn at(slot: u32) -> i32 {
    (slot as i64 * 8) as i32
}

/// The statements a part function runs, in the order it runs them: `stmts` with every
/// child part that has no function of its own (see `plan::INLINE_LIMIT`) replaced by its
/// statements (their slots become constant offsets), the flows then scheduled across
/// them ([`schedule`]).
pub(crate) fn flat_part<'a>(
    program: &'a Program,
    declared: &Declared,
    phase: Phase,
    stmts: &'a [Stmt],
) -> Vec<Flat<'a>> {
    let mut flat = Vec::new();
    flatten(program, declared, phase, stmts, 0, 0, &mut flat);
    if phase == Phase::Flows { schedule(flat) } else { flat }
}

/// `stmts` of the instance at `slot_delta`, `buf_delta` within the function's, inlined
/// children flattened, appended to `out`.
fn flatten<'a>(
    program: &'a Program,
    declared: &Declared,
    phase: Phase,
    stmts: &'a [Stmt],
    slot_delta: u32,
    buf_delta: u32,
    out: &mut Vec<Flat<'a>>,
) {
    for stmt in stmts {
        if let Stmt::EvalModule { module, off, buf_off, part } = stmt
            && !declared.parts.contains_key(&PartKey { module: *module, phase, part: *part })
        {
            let child = &program.module(*module).parts(phase)[*part as usize];
            flatten(program, declared, phase, child, slot_delta + off, buf_delta + buf_off, out);
        } else {
            out.push(Flat { stmt, slot_delta, buf_delta });
        }
    }
}

impl<'a, M: Module> Builds<'a> for Translator<'a, M> {
    fn builder(&mut self) -> &mut FunctionBuilder<'a> {
        &mut self.b
    }
}

impl<'a, M: Module> Translator<'a, M> {
    /// Builds the function that runs `flat` (from [`flat_part`]) in its order.
    pub(crate) fn build(
        mut b: FunctionBuilder<'a>,
        module: &'a mut M,
        program: &'a Program,
        declared: &'a Declared,
        phase: Phase,
        flat: &[Flat<'a>],
    ) {
        let ptr = module.target_config().pointer_type();
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.seal_block(entry);
        let [ctx, base, buf_base] = [0, 1, 2].map(|i| b.block_params(entry)[i]);
        let field = |b: &mut FunctionBuilder, off: i32| b.ins().load(ptr, flags(), ctx, off);
        let curr = field(&mut b, offsets::CURR);
        let next = field(&mut b, offsets::NEXT);
        let consts = field(&mut b, offsets::CONSTS);
        let init = field(&mut b, offsets::INIT);
        let prev = field(&mut b, offsets::PREV);
        let bufs = field(&mut b, offsets::BUFS);
        let base_bytes = b.ins().ishl_imm_s(base, 3);
        let buf_bytes = b.ins().ishl_imm_s(buf_base, 3);
        let plus = |b: &mut FunctionBuilder, p: Value, by: Value| b.ins().iadd(p, by);
        let curr_base = plus(&mut b, curr, base_bytes);
        let next_base = plus(&mut b, next, base_bytes);
        let const_base = plus(&mut b, consts, base_bytes);
        let init_base = plus(&mut b, init, base_bytes);
        let prev_base = plus(&mut b, prev, base_bytes);
        let buf_ptr = plus(&mut b, bufs, buf_bytes);
        let mut t = Translator {
            b,
            module,
            program,
            declared,
            phase,
            ptr,
            ctx,
            base,
            buf_base,
            curr_base,
            next_base,
            const_base,
            init_base,
            prev_base,
            buf_ptr,
            curr,
            slot_delta: 0,
            buf_delta: 0,
            func_refs: HashMap::new(),
            lets: Vec::new(),
        };
        for &Flat { stmt, slot_delta, buf_delta } in flat {
            (t.slot_delta, t.buf_delta) = (slot_delta, buf_delta);
            t.stmt(stmt);
        }
        t.b.ins().return_(&[]);
        let config = t.module.target_config();
        t.b.finalize(config);
    }

    /// Byte offset, from the region pointers, of slot `off` of the code being translated.
    fn slot(&self, off: u32) -> i32 {
        ((self.slot_delta + off) as i64 * 8) as i32
    }

    /// Loads slot `off` of `region` (a region pointer at this instance's base).
    fn load(&mut self, region: Value, off: u32) -> Value {
        let at = self.slot(off);
        self.b.ins().load(types::F64, flags(), region, at)
    }

    /// Stores `v` into slot `off` of `region`.
    fn store(&mut self, region: Value, off: u32, v: Value) {
        let at = self.slot(off);
        self.b.ins().store(flags(), v, region, at);
    }

    /// Byte offset, from `buf_ptr`, of ring-buffer value `off`.
    fn buf(&self, off: u32) -> i64 {
        (self.buf_delta + off) as i64 * 8
    }

    fn func_ref(&mut self, id: FuncId) -> FuncRef {
        if let Some(&r) = self.func_refs.get(&id) {
            return r;
        }
        let r = self.module.declare_func_in_func(id, self.b.func);
        self.func_refs.insert(id, r);
        r
    }

    fn call(&mut self, id: FuncId, args: &[Value]) -> Option<Value> {
        let r = self.func_ref(id);
        let inst = self.b.ins().call(r, args);
        self.b.inst_results(inst).first().copied()
    }

    fn f64(&mut self, v: f64) -> Value {
        self.b.ins().f64const(v)
    }

    /// The rules' adapter over this function.
    fn ops(&mut self) -> Clif<&mut Self> {
        Clif(self)
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Assign { off, expr } => {
                let v = self.expr(expr);
                self.store(self.curr_base, *off, v);
            }
            Stmt::AssignConst { off } => {
                let v = self.load(self.const_base, *off);
                self.store(self.curr_base, *off, v);
            }
            Stmt::AssignNext { off, expr } => {
                let v = self.expr(expr);
                self.store(self.next_base, *off, v);
            }
            Stmt::EvalModule { module, off, buf_off, part } => {
                // Inlined parts were replaced by their statements in `flatten`: what
                // is left is a call.
                let callee = self.declared.parts[&PartKey { module: *module, phase: self.phase, part: *part }];
                let base = self.b.ins().iadd_imm_s(self.base, (self.slot_delta + off) as i64);
                let buf_base = self.b.ins().iadd_imm_s(self.buf_base, (self.buf_delta + buf_off) as i64);
                self.call(callee, &[self.ctx, base, buf_base]);
            }
            Stmt::PipelineInit { state, buf, capacity, delay, init } => {
                self.pipeline_init(*state, *buf, *capacity, delay, init)
            }
            Stmt::PipelineIn { state, buf, input } => {
                let v = self.expr(input);
                let steps = self.load(self.curr_base, *state);
                let head_f = self.load(self.curr_base, *state + 1);
                let slot = self.ring_slot(*buf, head_f);
                self.b.ins().store(flags(), v, slot, 0);
                let head = rules::ring_next(&mut self.ops(), head_f, steps);
                self.store(self.curr_base, *state + 1, head);
            }
        }
    }

    /// The address of ring value `head` (an integral f64) of the pipeline at `buf`.
    fn ring_slot(&mut self, buf: u32, head_f: Value) -> Value {
        let head = self.b.ins().fcvt_to_sint_sat(types::I64, head_f);
        let bytes = self.b.ins().ishl_imm_s(head, 3);
        let slot = self.b.ins().iadd(self.buf_ptr, bytes);
        let at = self.buf(buf);
        self.b.ins().iadd_imm_s(slot, at)
    }

    /// `numerics::pipeline_steps`, then fill the ring with the initial value.
    fn pipeline_init(&mut self, state: u32, buf: u32, capacity: u32, delay: &Expr, init: &Expr) {
        let delay = self.expr(delay);
        let init = self.expr(init);
        let dt = self.b.ins().load(types::F64, flags(), self.curr, at(Global::Dt.slot()));
        let cap = self.f64(capacity as f64);
        let steps = rules::pipeline_steps(&mut self.ops(), delay, dt, cap);
        self.store(self.curr_base, state, steps);
        let zero = self.f64(0.0);
        self.store(self.curr_base, state + 1, zero);

        // for i in 0..steps { ring[i] = init }
        let n = self.b.ins().fcvt_to_sint_sat(types::I64, steps);
        let header = self.b.create_block();
        let body = self.b.create_block();
        let exit = self.b.create_block();
        self.b.append_block_param(header, types::I64);
        let i0 = self.b.ins().iconst(types::I64, 0);
        self.b.ins().jump(header, &[i0.into()]);
        self.b.switch_to_block(header);
        let i = self.b.block_params(header)[0];
        let more = self.b.ins().icmp(IntCC::SignedLessThan, i, n);
        self.b.ins().brif(more, body, &[], exit, &[]);
        self.b.switch_to_block(body);
        self.b.seal_block(body);
        let bytes = self.b.ins().ishl_imm_s(i, 3);
        let slot = self.b.ins().iadd(self.buf_ptr, bytes);
        let at = self.buf(buf) as i32;
        self.b.ins().store(flags(), init, slot, at);
        let i1 = self.b.ins().iadd_imm_s(i, 1);
        self.b.ins().jump(header, &[i1.into()]);
        self.b.seal_block(header);
        self.b.switch_to_block(exit);
        self.b.seal_block(exit);
    }

    fn expr(&mut self, e: &Expr) -> Value {
        match e {
            Expr::Lit(v) => self.f64(*v),
            Expr::Load(off) => self.load(self.curr_base, *off),
            Expr::Global(g) => self.b.ins().load(types::F64, flags(), self.curr, at(g.slot())),
            Expr::Instance => {
                // The instance's base slot: this function's base plus the inlined child's offset.
                let slot = self.b.ins().iadd_imm_s(self.base, self.slot_delta as i64);
                self.b.ins().fcvt_from_sint(types::F64, slot)
            }
            Expr::Init(off) => self.load(self.init_base, *off),
            Expr::Previous(off, init) => {
                let init = self.expr(init);
                let step = self.b.ins().load(types::I64, flags(), self.ctx, offsets::STEP);
                let first = self.b.ins().icmp_imm_s(IntCC::Equal, step, 0);
                let prev = self.load(self.prev_base, *off);
                rules::previous(&mut self.ops(), first, init, prev)
            }
            Expr::Unary(UnOp::Neg, a) => {
                let a = self.expr(a);
                self.ops().fun(FUn::Neg, a)
            }
            Expr::Unary(UnOp::Not, _) => {
                let c = self.cond(e);
                self.ops().one_if(c)
            }
            Expr::Binary(BinOp::Div, a, divisor)
                if let Expr::Lit(c) = **divisor
                    && let Some(r) = exact_reciprocal(c) =>
            {
                let a = self.expr(a);
                let r = self.f64(r);
                self.b.ins().fmul(a, r)
            }
            Expr::Binary(op, a, b) => match rules::arithmetic(*op) {
                Some(f) => {
                    let (a, b) = self.operands(a, b);
                    self.ops().fbin(f, a, b)
                }
                None => {
                    let c = self.cond(e);
                    self.ops().one_if(c)
                }
            },
            Expr::If(c, a, b) if !(a.is_costly() || b.is_costly()) => {
                let c = self.cond(c);
                let a = self.expr(a);
                let b = self.expr(b);
                self.ops().select(c, a, b)
            }
            Expr::If(c, a, b) => {
                let c = self.cond(c);
                self.ops().branch(c, |o| o.0.expr(a), |o| o.0.expr(b))
            }
            Expr::Call(builtin, args) => self.builtin(*builtin, args),
            Expr::Lookup(t, mode, x) => {
                let x = self.expr(x);
                let table = &self.program.tables[*t as usize];
                let f = LookupFn::of(table, *mode);
                let data = self.module.declare_data_in_func(self.declared.tables[*t as usize], self.b.func);
                let xs = self.b.ins().symbol_value(self.ptr, data);
                let ys = self.b.ins().iadd_imm_s(xs, table.xs.len() as i64 * 8);
                let n = self.b.ins().iconst(types::I64, table.xs.len() as i64);
                let id = self.declared.lookups[&f];
                self.call(id, &[xs, ys, n, x]).unwrap_or_else(|| unreachable!("lookups return a value"))
            }
            Expr::PipelineOut(PipeAt { state, buf }) => {
                let head_f = self.load(self.curr_base, *state + 1);
                let slot = self.ring_slot(*buf, head_f);
                self.b.ins().load(types::F64, flags(), slot, 0)
            }
            Expr::Let(value, body) => {
                let v = self.expr(value);
                self.lets.push(v);
                let r = self.expr(body);
                self.lets.pop();
                r
            }
            // `Program::verify` checks that every Temp has its Let.
            Expr::Temp(d) => self.lets[self.lets.len() - 1 - *d as usize],
        }
    }

    /// Both operands of a binary operator, left then right.
    fn operands(&mut self, a: &Expr, b: &Expr) -> (Value, Value) {
        let a = self.expr(a);
        (a, self.expr(b))
    }

    /// An expression used as a condition, as an `i8` boolean. Comparisons and logic are
    /// computed as booleans directly (their values are 1 and 0, and
    /// `truthy(from_bool(c))` is `c`); anything else is `truthy(value)`.
    fn cond(&mut self, e: &Expr) -> Value {
        match e {
            Expr::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
                let a = self.cond(a);
                let b = self.cond(b);
                rules::combine(&mut self.ops(), *op, a, b).unwrap_or_else(|| unreachable!("a logical operator"))
            }
            Expr::Binary(op, a, b) if rules::arithmetic(*op).is_none() => {
                let (a, b) = self.operands(a, b);
                rules::compare(&mut self.ops(), *op, a, b).unwrap_or_else(|| unreachable!("a comparison"))
            }
            Expr::Unary(UnOp::Not, a) => {
                let a = self.cond(a);
                self.ops().not(a)
            }
            Expr::Binary(..)
            | Expr::Unary(UnOp::Neg, _)
            | Expr::Lit(_)
            | Expr::Load(_)
            | Expr::Global(_)
            | Expr::Instance
            | Expr::Init(_)
            | Expr::Previous(..)
            | Expr::If(..)
            | Expr::Call(..)
            | Expr::Lookup(..)
            | Expr::PipelineOut(_)
            | Expr::Let(..)
            | Expr::Temp(_) => {
                let v = self.expr(e);
                rules::truthy(&mut self.ops(), v)
            }
        }
    }

    /// Host function `f` of `args`. On literals (`LN(10)`) it is called now, when the
    /// code is generated, rather than at every step: the same function gives the same
    /// bits.
    fn host(&mut self, f: HostFn, args: &[&Expr]) -> Value {
        let literals: Option<Vec<f64>> =
            args.iter().map(|a| if let Expr::Lit(v) = **a { Some(v) } else { None }).collect();
        if let Some(v) = literals {
            return self.f64(f.eval(&v));
        }
        let v: Vec<Value> = args.iter().map(|a| self.expr(a)).collect();
        let id = self.declared.host[&f];
        self.call(id, &v).unwrap_or_else(|| unreachable!("host functions return a value"))
    }

    fn builtin(&mut self, builtin: Builtin, args: &[Expr]) -> Value {
        let f = match builtin {
            Builtin::Host(f) => {
                let args: Vec<&Expr> = args.iter().collect();
                return self.host(f, &args);
            }
            Builtin::Inline(f) => f,
        };
        let v: Vec<Value> = args.iter().map(|a| self.expr(a)).collect();
        rules::inline(&mut self.ops(), f, &v)
    }
}

#[cfg(test)]
mod tests {
    use super::exact_reciprocal;

    #[test]
    fn exact_reciprocals_are_those_of_normal_powers_of_two_with_normal_reciprocals() {
        assert_eq!(exact_reciprocal(1.0), Some(1.0));
        assert_eq!(exact_reciprocal(-4.0), Some(-0.25));
        assert_eq!(exact_reciprocal(0.5), Some(2.0));
        assert_eq!(exact_reciprocal(f64::MIN_POSITIVE), Some(2f64.powi(1022)));
        assert_eq!(exact_reciprocal(2f64.powi(1022)), Some(f64::MIN_POSITIVE));
        // 1 / 2^1023 is subnormal; subnormal powers of two have no finite reciprocal.
        for c in [2f64.powi(1023), 5e-324, 3.0, 0.1, 0.0, -0.0, f64::INFINITY, f64::NAN] {
            assert_eq!(exact_reciprocal(c), None, "{c:e}");
        }
    }
}
