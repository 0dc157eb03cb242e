//! The jit's adapter for `millrace_engine::numerics::rules`: each [`Ops`] primitive is
//! one Cranelift instruction, so a rule becomes exactly the operations it is written
//! as. [`Clif`] wraps anything that holds a [`FunctionBuilder`] (the part translator, a
//! lookup function's generator), so a rule's `branch` arms can go on translating IR.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{InstBuilder, MemFlagsData, Value, types};
use cranelift_frontend::FunctionBuilder;
use millrace_engine::numerics::ops::{FBin, FCmp, FUn, ICmp, Knots, LINEAR_WINDOW, Ops, WBin};

/// Something that is building a Cranelift function.
pub(crate) trait Builds<'f> {
    fn builder(&mut self) -> &mut FunctionBuilder<'f>;
}

impl<'f> Builds<'f> for FunctionBuilder<'f> {
    fn builder(&mut self) -> &mut FunctionBuilder<'f> {
        self
    }
}

impl<'f, T: Builds<'f>> Builds<'f> for &mut T {
    fn builder(&mut self) -> &mut FunctionBuilder<'f> {
        (**self).builder()
    }
}

/// Rules emitted into the function `0` is building.
pub(crate) struct Clif<T>(pub T);

/// A table being read by a generated lookup function: the addresses of its knots' xs
/// and ys and their number (an i64), all function parameters.
pub(crate) struct TableArgs<'f> {
    pub b: FunctionBuilder<'f>,
    pub xs: Value,
    pub ys: Value,
    pub n: Value,
    /// The table is long: searches halve first (`Knots::find_first`).
    pub halving: bool,
}

impl<'f> Builds<'f> for TableArgs<'f> {
    fn builder(&mut self) -> &mut FunctionBuilder<'f> {
        &mut self.b
    }
}

fn float_cc(cc: FCmp) -> FloatCC {
    match cc {
        FCmp::Eq => FloatCC::Equal,
        FCmp::Ne => FloatCC::NotEqual,
        FCmp::Lt => FloatCC::LessThan,
        FCmp::Le => FloatCC::LessThanOrEqual,
        FCmp::Gt => FloatCC::GreaterThan,
        FCmp::Ge => FloatCC::GreaterThanOrEqual,
        FCmp::Uno => FloatCC::Unordered,
        FCmp::UGt => FloatCC::UnorderedOrGreaterThan,
    }
}

fn int_cc(cc: ICmp) -> IntCC {
    match cc {
        ICmp::SGe => IntCC::SignedGreaterThanOrEqual,
        ICmp::ULe => IntCC::UnsignedLessThanOrEqual,
    }
}

impl<'f, T: Builds<'f>> Ops for Clif<T> {
    type F = Value;
    type B = Value;
    type W = Value;

    fn f64(&mut self, v: f64) -> Value {
        self.0.builder().ins().f64const(v)
    }

    fn fbin(&mut self, op: FBin, a: Value, b: Value) -> Value {
        let ins = self.0.builder().ins();
        match op {
            FBin::Add => ins.fadd(a, b),
            FBin::Sub => ins.fsub(a, b),
            FBin::Mul => ins.fmul(a, b),
            FBin::Div => ins.fdiv(a, b),
            FBin::Min => ins.fmin(a, b),
            FBin::Max => ins.fmax(a, b),
            FBin::CopySign => ins.fcopysign(a, b),
        }
    }

    fn fun(&mut self, op: FUn, a: Value) -> Value {
        let ins = self.0.builder().ins();
        match op {
            FUn::Neg => ins.fneg(a),
            FUn::Abs => ins.fabs(a),
            FUn::Sqrt => ins.sqrt(a),
            FUn::Floor => ins.floor(a),
            FUn::Trunc => ins.trunc(a),
        }
    }

    fn fcmp(&mut self, cc: FCmp, a: Value, b: Value) -> Value {
        self.0.builder().ins().fcmp(float_cc(cc), a, b)
    }

    fn select(&mut self, c: Value, a: Value, b: Value) -> Value {
        self.0.builder().ins().select(c, a, b)
    }

    fn one_if(&mut self, c: Value) -> Value {
        let one = self.f64(1.0);
        let zero = self.f64(0.0);
        self.select(c, one, zero)
    }

    fn and(&mut self, a: Value, b: Value) -> Value {
        self.0.builder().ins().band(a, b)
    }

    fn or(&mut self, a: Value, b: Value) -> Value {
        self.0.builder().ins().bor(a, b)
    }

    fn not(&mut self, a: Value) -> Value {
        self.0.builder().ins().bxor_imm_s(a, 1)
    }

    fn bits(&mut self, a: Value) -> Value {
        self.0.builder().ins().bitcast(types::I64, MemFlagsData::new(), a)
    }

    fn word(&mut self, v: i64) -> Value {
        self.0.builder().ins().iconst(types::I64, v)
    }

    fn wbin(&mut self, op: WBin, a: Value, b: Value) -> Value {
        let ins = self.0.builder().ins();
        match op {
            WBin::Sub => ins.isub(a, b),
            WBin::Xor => ins.bxor(a, b),
        }
    }

    fn wabs(&mut self, a: Value) -> Value {
        self.0.builder().ins().iabs(a)
    }

    fn wcmp(&mut self, cc: ICmp, a: Value, b: Value) -> Value {
        self.0.builder().ins().icmp(int_cc(cc), a, b)
    }

    fn branch(
        &mut self,
        c: Value,
        then: impl FnOnce(&mut Self) -> Value,
        else_: impl FnOnce(&mut Self) -> Value,
    ) -> Value {
        let b = self.0.builder();
        let (yes, no, join) = (b.create_block(), b.create_block(), b.create_block());
        b.append_block_param(join, types::F64);
        b.ins().brif(c, yes, &[], no, &[]);
        b.switch_to_block(yes);
        b.seal_block(yes);
        let v = then(self);
        self.0.builder().ins().jump(join, &[v.into()]);
        let b = self.0.builder();
        b.switch_to_block(no);
        b.seal_block(no);
        let v = else_(self);
        let b = self.0.builder();
        b.ins().jump(join, &[v.into()]);
        b.switch_to_block(join);
        b.seal_block(join);
        b.block_params(join)[0]
    }
}

impl<'f> Knots for Clif<TableArgs<'f>> {
    type I = Value;

    fn index(&mut self, k: i64) -> Value {
        self.0.b.ins().iconst(types::I64, k)
    }

    fn n_plus(&mut self, k: i64) -> Value {
        let n = self.0.n;
        self.0.b.ins().iadd_imm_s(n, k)
    }

    fn offset(&mut self, i: Value, k: i64) -> Value {
        self.0.b.ins().iadd_imm_s(i, k)
    }

    fn icmp(&mut self, cc: ICmp, a: Value, b: Value) -> Value {
        self.0.b.ins().icmp(int_cc(cc), a, b)
    }

    fn index_f64(&mut self, i: Value) -> Value {
        self.0.b.ins().fcvt_from_sint(types::F64, i)
    }

    fn index_of(&mut self, v: Value) -> Value {
        // The rule clamps `v` into the table, so the saturating form never saturates.
        self.0.b.ins().fcvt_to_sint_sat(types::I64, v)
    }

    fn x_at(&mut self, i: Value) -> Value {
        let xs = self.0.xs;
        knot(&mut self.0.b, xs, i)
    }

    fn y_at(&mut self, i: Value) -> Value {
        let ys = self.0.ys;
        knot(&mut self.0.b, ys, i)
    }

    fn find_first(&mut self, from: Value, to: Value, mut pred: impl FnMut(&mut Self, Value) -> Value) -> Value {
        let (lo, hi) = self.halve(from, to, &mut pred);
        let b = &mut self.0.b;
        let (scan, scan_body, exit) = (b.create_block(), b.create_block(), b.create_block());
        b.append_block_param(scan, types::I64);
        b.append_block_param(exit, types::I64);
        b.ins().jump(scan, &[lo.into()]);
        b.switch_to_block(scan);
        let i = b.block_params(scan)[0];
        let more = b.ins().icmp(IntCC::SignedLessThan, i, hi);
        b.ins().brif(more, scan_body, &[], exit, &[i.into()]);
        b.switch_to_block(scan_body);
        b.seal_block(scan_body);
        let hit = pred(self, i);
        let b = &mut self.0.b;
        let next = b.ins().iadd_imm_s(i, 1);
        b.ins().brif(hit, exit, &[i.into()], scan, &[next.into()]);
        b.seal_block(scan);
        b.switch_to_block(exit);
        b.seal_block(exit);
        b.block_params(exit)[0]
    }

    fn scan(&mut self, from: Value, to: Value, mut pred: impl FnMut(&mut Self, Value) -> Value) -> Value {
        let (lo, _) = self.halve(from, to, &mut pred);
        let b = &mut self.0.b;
        let (scan, exit) = (b.create_block(), b.create_block());
        b.append_block_param(scan, types::I64);
        b.ins().jump(scan, &[lo.into()]);
        b.switch_to_block(scan);
        let i = b.block_params(scan)[0];
        let hit = pred(self, i);
        let b = &mut self.0.b;
        let next = b.ins().iadd_imm_s(i, 1);
        b.ins().brif(hit, exit, &[], scan, &[next.into()]);
        b.seal_block(scan);
        b.switch_to_block(exit);
        b.seal_block(exit);
        i
    }
}

impl<'f> Clif<TableArgs<'f>> {
    /// The halvings of `Knots::find_first`: `lo..hi` narrowed (by selects, so the only
    /// branch is the loop's) to at most `LINEAR_WINDOW` knots.
    fn halve(&mut self, from: Value, to: Value, pred: &mut impl FnMut(&mut Self, Value) -> Value) -> (Value, Value) {
        if !self.0.halving {
            return (from, to);
        }
        let b = &mut self.0.b;
        let (halve, halve_body, done) = (b.create_block(), b.create_block(), b.create_block());
        b.append_block_param(halve, types::I64);
        b.append_block_param(halve, types::I64);
        b.append_block_param(done, types::I64);
        b.append_block_param(done, types::I64);
        b.ins().jump(halve, &[from.into(), to.into()]);
        b.switch_to_block(halve);
        let (lo, hi) = (b.block_params(halve)[0], b.block_params(halve)[1]);
        let width = b.ins().isub(hi, lo);
        let wide = b.ins().icmp_imm_s(IntCC::SignedGreaterThan, width, LINEAR_WINDOW);
        b.ins().brif(wide, halve_body, &[], done, &[lo.into(), hi.into()]);
        b.switch_to_block(halve_body);
        b.seal_block(halve_body);
        let half = b.ins().sshr_imm_s(width, 1);
        let mid = b.ins().iadd(lo, half);
        let hit = pred(self, mid);
        let b = &mut self.0.b;
        let above = b.ins().iadd_imm_s(mid, 1);
        let lo_next = b.ins().select(hit, lo, above);
        let hi_next = b.ins().select(hit, mid, hi);
        b.ins().jump(halve, &[lo_next.into(), hi_next.into()]);
        b.seal_block(halve);
        b.switch_to_block(done);
        b.seal_block(done);
        (b.block_params(done)[0], b.block_params(done)[1])
    }
}

/// `p[i]` for an i64 index `i`.
fn knot(b: &mut FunctionBuilder<'_>, p: Value, i: Value) -> Value {
    let bytes = b.ins().ishl_imm_s(i, 3);
    let addr = b.ins().iadd(p, bytes);
    b.ins().load(types::F64, MemFlagsData::trusted(), addr, 0)
}
