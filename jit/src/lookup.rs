//! Graphical-function lookups as generated functions
//! `fn(xs: *const f64, ys: *const f64, n: i64, x: f64) -> f64`, one per way of reading
//! a table. They are Cranelift IR rather than calls into Rust so that an object file
//! for another target needs nothing but itself; each mirrors `numerics::lookup` branch
//! for branch (the same comparisons, the one interpolation formula), so the bits agree.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{AbiParam, Block, InstBuilder, MemFlagsData, Signature, Value, types};
use cranelift_codegen::isa::TargetFrontendConfig;
use cranelift_frontend::FunctionBuilder;
use cranelift_module::Module;
use millrace_engine::ir::{LookupMode, TableKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum LookupFn {
    /// Interpolate, clamp beyond the ends (continuous tables).
    Continuous,
    /// Interpolate, extend the end segments (extrapolate tables).
    Extrapolate,
    /// The last knot at or below x (discrete tables, LOOKUP_BACKWARD).
    Backward,
    /// The first knot at or above x (LOOKUP_FORWARD).
    Forward,
}

impl LookupFn {
    pub fn of(kind: TableKind, mode: LookupMode) -> LookupFn {
        match (mode, kind) {
            (LookupMode::Forward, _) => LookupFn::Forward,
            (LookupMode::Backward, _) | (LookupMode::Table, TableKind::Discrete) => LookupFn::Backward,
            (LookupMode::Table, TableKind::Continuous) => LookupFn::Continuous,
            (LookupMode::Table, TableKind::Extrapolate) => LookupFn::Extrapolate,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            LookupFn::Continuous => "millrace_lookup_continuous",
            LookupFn::Extrapolate => "millrace_lookup_extrapolate",
            LookupFn::Backward => "millrace_lookup_backward",
            LookupFn::Forward => "millrace_lookup_forward",
        }
    }
}

pub(crate) fn signature<M: Module>(module: &M) -> Signature {
    let ptr = module.target_config().pointer_type();
    let mut sig = module.make_signature();
    sig.params.extend([AbiParam::new(ptr), AbiParam::new(ptr), AbiParam::new(types::I64), AbiParam::new(types::F64)]);
    sig.returns.push(AbiParam::new(types::F64));
    sig
}

/// Builds the body of lookup function `f` into `b`.
pub(crate) fn build(f: LookupFn, b: FunctionBuilder<'_>, config: TargetFrontendConfig) {
    let mut g = Gen::new(b);
    match f {
        LookupFn::Continuous => g.interpolating(false),
        LookupFn::Extrapolate => g.interpolating(true),
        LookupFn::Backward => g.backward(),
        LookupFn::Forward => g.forward(),
    }
    g.b.seal_all_blocks();
    g.b.finalize(config);
}

struct Gen<'a> {
    b: FunctionBuilder<'a>,
    xs: Value,
    ys: Value,
    n: Value,
    x: Value,
}

impl<'a> Gen<'a> {
    /// The entry block: NaN in, NaN out.
    fn new(mut b: FunctionBuilder<'a>) -> Self {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let [xs, ys, n, x] = [0, 1, 2, 3].map(|i| b.block_params(entry)[i]);
        let mut g = Gen { b, xs, ys, n, x };
        let is_nan = g.b.ins().fcmp(FloatCC::Unordered, x, x);
        let nan = g.b.create_block();
        let go = g.b.create_block();
        g.b.ins().brif(is_nan, nan, &[], go, &[]);
        g.b.switch_to_block(nan);
        let v = g.b.ins().f64const(f64::NAN);
        g.b.ins().return_(&[v]);
        g.b.switch_to_block(go);
        g
    }

    /// `p[i]` for an i64 index.
    fn at(&mut self, p: Value, i: Value) -> Value {
        let bytes = self.b.ins().ishl_imm_s(i, 3);
        let addr = self.b.ins().iadd(p, bytes);
        self.b.ins().load(types::F64, MemFlagsData::trusted(), addr, 0)
    }

    fn ret(&mut self, v: Value) {
        self.b.ins().return_(&[v]);
    }

    /// Branches on `cond` to two fresh blocks and returns them (current block ends).
    fn split(&mut self, cond: Value) -> (Block, Block) {
        let (yes, no) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(cond, yes, &[], no, &[]);
        (yes, no)
    }

    /// `numerics::interpolate` on segment `i`: returns from the function.
    fn interpolate(&mut self, i: Value) {
        let i1 = self.b.ins().iadd_imm_s(i, 1);
        let x0 = self.at(self.xs, i);
        let x1 = self.at(self.xs, i1);
        let y0 = self.at(self.ys, i);
        let y1 = self.at(self.ys, i1);
        let dx = self.b.ins().fsub(self.x, x0);
        let width = self.b.ins().fsub(x1, x0);
        let t = self.b.ins().fdiv(dx, width);
        let rise = self.b.ins().fsub(y1, y0);
        let part = self.b.ins().fmul(t, rise);
        let y = self.b.ins().fadd(y0, part);
        self.ret(y);
    }

    /// Continuous and extrapolate tables.
    fn interpolating(&mut self, extrapolate: bool) {
        let zero = self.b.ins().iconst(types::I64, 0);
        let last = self.b.ins().iadd_imm_s(self.n, -1);
        let x0 = self.at(self.xs, zero);
        let below = self.b.ins().fcmp(FloatCC::LessThanOrEqual, self.x, x0);
        let (low, not_low) = self.split(below);

        // x <= xs[0]
        self.b.switch_to_block(low);
        if extrapolate {
            self.extend_end(zero, x0, zero, FloatCC::LessThan);
        } else {
            let y = self.at(self.ys, zero);
            self.ret(y);
        }

        // x >= xs[n-1]
        self.b.switch_to_block(not_low);
        let xl = self.at(self.xs, last);
        let above = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, self.x, xl);
        let (high, inside) = self.split(above);
        self.b.switch_to_block(high);
        if extrapolate {
            let before_last = self.b.ins().iadd_imm_s(self.n, -2);
            self.extend_end(last, xl, before_last, FloatCC::GreaterThan);
        } else {
            let y = self.at(self.ys, last);
            self.ret(y);
        }

        // xs[0] < x < xs[n-1]: i = the last knot with xs[i] <= x
        self.b.switch_to_block(inside);
        let scan = self.b.create_block();
        self.b.append_block_param(scan, types::I64);
        self.b.ins().jump(scan, &[zero.into()]);
        self.b.switch_to_block(scan);
        let i = self.b.block_params(scan)[0];
        let i1 = self.b.ins().iadd_imm_s(i, 1);
        let x1 = self.at(self.xs, i1);
        let further = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x1, self.x);
        let found = self.b.create_block();
        self.b.ins().brif(further, scan, &[i1.into()], found, &[]);
        self.b.switch_to_block(found);
        self.interpolate(i);
    }

    /// Beyond an end of an extrapolate table: with at least two knots, x strictly past
    /// the end knot (`past` compares x with it) and an end segment of non-zero width,
    /// interpolate on `segment`; else the end knot's y.
    fn extend_end(&mut self, end: Value, x_end: Value, segment: Value, past: FloatCC) {
        let two = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, self.n, 2);
        let (maybe, clamp) = self.split(two);
        self.b.switch_to_block(maybe);
        let strictly = self.b.ins().fcmp(past, self.x, x_end);
        let (wide_check, clamp2) = self.split(strictly);
        self.b.switch_to_block(wide_check);
        // The end segment is [segment, segment + 1]; its other knot is the neighbour.
        let neighbour_index = if past == FloatCC::LessThan { self.b.ins().iadd_imm_s(end, 1) } else { segment };
        let neighbour = self.at(self.xs, neighbour_index);
        let wide = self.b.ins().fcmp(FloatCC::NotEqual, neighbour, x_end);
        let (extend, clamp3) = self.split(wide);
        self.b.switch_to_block(extend);
        self.interpolate(segment);
        for block in [clamp, clamp2, clamp3] {
            self.b.switch_to_block(block);
            let y = self.at(self.ys, end);
            self.ret(y);
        }
    }

    /// `ys[i]` for the last knot with `xs[i] <= x`, `ys[0]` below the table.
    fn backward(&mut self) {
        let last = self.b.ins().iadd_imm_s(self.n, -1);
        let scan = self.b.create_block();
        self.b.append_block_param(scan, types::I64);
        self.b.ins().jump(scan, &[last.into()]);
        self.b.switch_to_block(scan);
        let i = self.b.block_params(scan)[0];
        let xi = self.at(self.xs, i);
        let hit = self.b.ins().fcmp(FloatCC::LessThanOrEqual, xi, self.x);
        let (found, miss) = self.split(hit);
        self.b.switch_to_block(found);
        let y = self.at(self.ys, i);
        self.ret(y);
        self.b.switch_to_block(miss);
        let first = self.b.ins().icmp_imm_s(IntCC::Equal, i, 0);
        let below = self.b.create_block();
        let down = self.b.ins().iadd_imm_s(i, -1);
        self.b.ins().brif(first, below, &[], scan, &[down.into()]);
        self.b.switch_to_block(below);
        let zero = self.b.ins().iconst(types::I64, 0);
        let y0 = self.at(self.ys, zero);
        self.ret(y0);
    }

    /// `ys[i]` for the first knot with `xs[i] >= x`, `ys[n-1]` above the table.
    fn forward(&mut self) {
        let zero = self.b.ins().iconst(types::I64, 0);
        let scan = self.b.create_block();
        self.b.append_block_param(scan, types::I64);
        self.b.ins().jump(scan, &[zero.into()]);
        self.b.switch_to_block(scan);
        let i = self.b.block_params(scan)[0];
        let end = self.b.ins().icmp(IntCC::Equal, i, self.n);
        let (above, check) = self.split(end);
        self.b.switch_to_block(above);
        let last = self.b.ins().iadd_imm_s(self.n, -1);
        let y = self.at(self.ys, last);
        self.ret(y);
        self.b.switch_to_block(check);
        let xi = self.at(self.xs, i);
        let hit = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, xi, self.x);
        let found = self.b.create_block();
        let up = self.b.ins().iadd_imm_s(i, 1);
        self.b.ins().brif(hit, found, &[], scan, &[up.into()]);
        self.b.switch_to_block(found);
        let y = self.at(self.ys, i);
        self.ret(y);
    }
}
