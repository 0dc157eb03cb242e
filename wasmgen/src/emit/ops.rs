//! The wasm adapter for `millrace_engine::numerics::rules`: each [`Ops`] primitive is
//! one wasm instruction (two where wasm lacks one: `i64` abs, unordered), its result
//! kept in a local, so a rule becomes exactly the operations it is written as.
//!
//! A rule's operands come off the operand stack ([`Wasm::take`]) and its result goes
//! back on it ([`Wasm::push`]). Locals are scratch: a rule's values die when it returns,
//! so [`Locals::release`] lets the next rule reuse them, and a function declares only
//! as many as its busiest rule needed.

use millrace_engine::numerics::ops::{FBin, FCmp, FUn, ICmp, Knots, LINEAR_WINDOW, Ops, WBin};
use wasm_encoder::{BlockType, InstructionSink, ValType};

use super::code::{f64_at, f64c};

/// An f64 value of a rule: in a local, or a constant not yet emitted.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Val {
    Local(u32),
    Const(f64),
}

/// The scratch locals of one function, after its `params` parameters.
#[derive(Debug)]
pub(crate) struct Locals {
    params: u32,
    /// The type of each scratch local, in index order.
    types: Vec<ValType>,
    /// Which scratch locals the rule being emitted holds.
    busy: Vec<bool>,
    /// Locals kept for the whole function (never released).
    kept: Vec<bool>,
}

impl Locals {
    pub fn new(params: u32) -> Locals {
        Locals { params, types: Vec::new(), busy: Vec::new(), kept: Vec::new() }
    }

    /// A free local of type `t`.
    fn take(&mut self, t: ValType) -> u32 {
        let k = match (0..self.types.len()).find(|&k| !self.busy[k] && self.types[k] == t) {
            Some(k) => k,
            None => {
                self.types.push(t);
                self.busy.push(false);
                self.kept.push(false);
                self.types.len() - 1
            }
        };
        self.busy[k] = true;
        self.params + k as u32
    }

    /// A local of type `t` for the whole function: [`Locals::release`] never frees it.
    pub fn keep(&mut self, t: ValType) -> u32 {
        let l = self.take(t);
        self.kept[(l - self.params) as usize] = true;
        l
    }

    /// Every scratch local but the kept ones is free again (the rule's values are dead).
    pub fn release(&mut self) {
        for (busy, &kept) in self.busy.iter_mut().zip(&self.kept) {
            *busy = kept;
        }
    }

    /// The declaration of the scratch locals, for `Function::new`.
    pub fn declared(&self) -> Vec<(u32, ValType)> {
        self.types.iter().map(|&t| (1, t)).collect()
    }
}

/// The parameters of a generated lookup function that locate its table: the addresses
/// of the knots' xs and ys and their number (i32 locals).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableParams {
    pub xs: u32,
    pub ys: u32,
    pub n: u32,
    /// The table is long: searches halve first (`Knots::find_first`).
    pub halving: bool,
}

/// Rules emitted into `sink`, with scratch `locals`; `K` is the table being read, if any.
pub(crate) struct Wasm<'s, 'b, K = ()> {
    pub sink: &'s mut InstructionSink<'b>,
    pub locals: &'s mut Locals,
    pub knots: K,
}

impl<'s, 'b> Wasm<'s, 'b> {
    pub fn new(sink: &'s mut InstructionSink<'b>, locals: &'s mut Locals) -> Self {
        Wasm { sink, locals, knots: () }
    }
}

/// The one encoding of each f64 primitive, on operands already on the stack (also
/// used directly by the expression walker for plain arithmetic).
pub(crate) fn encode_fbin(sink: &mut InstructionSink<'_>, op: FBin) {
    match op {
        FBin::Add => sink.f64_add(),
        FBin::Sub => sink.f64_sub(),
        FBin::Mul => sink.f64_mul(),
        FBin::Div => sink.f64_div(),
        // f64.min/max are IEEE 754-2019 minimum/maximum (NaN if either is NaN, -0
        // below +0), as `FBin` defines them, up to the NaN's payload.
        FBin::Min => sink.f64_min(),
        FBin::Max => sink.f64_max(),
        FBin::CopySign => sink.f64_copysign(),
    };
}

pub(crate) fn encode_fun(sink: &mut InstructionSink<'_>, op: FUn) {
    match op {
        FUn::Neg => sink.f64_neg(),
        FUn::Abs => sink.f64_abs(),
        FUn::Sqrt => sink.f64_sqrt(),
        FUn::Floor => sink.f64_floor(),
        FUn::Trunc => sink.f64_trunc(),
    };
}

/// An ordered or unordered comparison of the two f64s on the stack, as an i32.
/// `Uno` is not a single instruction: the walker never needs it, rules go through
/// [`Ops::fcmp`].
pub(crate) fn encode_fcmp(sink: &mut InstructionSink<'_>, cc: FCmp) {
    match cc {
        FCmp::Eq => sink.f64_eq(),
        FCmp::Ne => sink.f64_ne(),
        FCmp::Lt => sink.f64_lt(),
        FCmp::Le => sink.f64_le(),
        FCmp::Gt => sink.f64_gt(),
        FCmp::Ge => sink.f64_ge(),
        FCmp::UGt => sink.f64_le().i32_eqz(),
        FCmp::Uno => unreachable!("Uno has two operands used twice: see Ops::fcmp"),
    };
}

/// 1.0 or 0.0 for the i32 boolean on the stack.
pub(crate) fn encode_from_bool(sink: &mut InstructionSink<'_>) {
    sink.f64_convert_i32_u();
}

impl<K> Wasm<'_, '_, K> {
    /// Pops an f64 off the operand stack into a local.
    pub fn take(&mut self) -> Val {
        let l = self.locals.take(ValType::F64);
        self.sink.local_set(l);
        Val::Local(l)
    }

    /// Pushes `v` onto the operand stack.
    pub fn push(&mut self, v: Val) {
        match v {
            Val::Local(l) => self.sink.local_get(l),
            Val::Const(c) => self.sink.f64_const(f64c(c)),
        };
    }

    /// Pops an i32 off the operand stack into a local.
    pub fn take_bool(&mut self) -> u32 {
        self.set(ValType::I32)
    }

    /// Stores the value on the stack, of type `t`, into a fresh local.
    fn set(&mut self, t: ValType) -> u32 {
        let l = self.locals.take(t);
        self.sink.local_set(l);
        l
    }

    fn set_f64(&mut self) -> Val {
        Val::Local(self.set(ValType::F64))
    }
}

impl<K> Ops for Wasm<'_, '_, K> {
    type F = Val;
    type B = u32;
    type W = u32;

    fn f64(&mut self, v: f64) -> Val {
        Val::Const(v)
    }

    fn fbin(&mut self, op: FBin, a: Val, b: Val) -> Val {
        self.push(a);
        self.push(b);
        encode_fbin(self.sink, op);
        self.set_f64()
    }

    fn fun(&mut self, op: FUn, a: Val) -> Val {
        self.push(a);
        encode_fun(self.sink, op);
        self.set_f64()
    }

    fn fcmp(&mut self, cc: FCmp, a: Val, b: Val) -> u32 {
        if cc == FCmp::Uno {
            // a != a || b != b
            self.push(a);
            self.push(a);
            self.sink.f64_ne();
            self.push(b);
            self.push(b);
            self.sink.f64_ne().i32_or();
        } else {
            self.push(a);
            self.push(b);
            encode_fcmp(self.sink, cc);
        }
        self.set(ValType::I32)
    }

    fn select(&mut self, c: u32, a: Val, b: Val) -> Val {
        self.push(a);
        self.push(b);
        self.sink.local_get(c).select();
        self.set_f64()
    }

    fn one_if(&mut self, c: u32) -> Val {
        self.sink.local_get(c);
        encode_from_bool(self.sink);
        self.set_f64()
    }

    fn and(&mut self, a: u32, b: u32) -> u32 {
        self.sink.local_get(a).local_get(b).i32_and();
        self.set(ValType::I32)
    }

    fn or(&mut self, a: u32, b: u32) -> u32 {
        self.sink.local_get(a).local_get(b).i32_or();
        self.set(ValType::I32)
    }

    fn not(&mut self, a: u32) -> u32 {
        self.sink.local_get(a).i32_eqz();
        self.set(ValType::I32)
    }

    fn bits(&mut self, a: Val) -> u32 {
        self.push(a);
        self.sink.i64_reinterpret_f64();
        self.set(ValType::I64)
    }

    fn word(&mut self, v: i64) -> u32 {
        self.sink.i64_const(v);
        self.set(ValType::I64)
    }

    fn wbin(&mut self, op: WBin, a: u32, b: u32) -> u32 {
        self.sink.local_get(a).local_get(b);
        match op {
            WBin::Sub => self.sink.i64_sub(),
            WBin::Xor => self.sink.i64_xor(),
        };
        self.set(ValType::I64)
    }

    fn wabs(&mut self, a: u32) -> u32 {
        // a < 0 ? 0 - a : a (wrapping)
        self.sink.i64_const(0).local_get(a).i64_sub();
        self.sink.local_get(a);
        self.sink.local_get(a).i64_const(0).i64_lt_s().select();
        self.set(ValType::I64)
    }

    fn wcmp(&mut self, cc: ICmp, a: u32, b: u32) -> u32 {
        self.sink.local_get(a).local_get(b);
        match cc {
            ICmp::SGe => self.sink.i64_ge_s(),
            ICmp::ULe => self.sink.i64_le_u(),
        };
        self.set(ValType::I32)
    }

    fn branch(&mut self, c: u32, then: impl FnOnce(&mut Self) -> Val, else_: impl FnOnce(&mut Self) -> Val) -> Val {
        self.sink.local_get(c).if_(BlockType::Result(ValType::F64));
        let v = then(self);
        self.push(v);
        self.sink.else_();
        let v = else_(self);
        self.push(v);
        self.sink.end();
        self.set_f64()
    }
}

impl Knots for Wasm<'_, '_, TableParams> {
    /// An i32 local holding a knot index.
    type I = u32;

    fn index(&mut self, k: i64) -> u32 {
        self.sink.i32_const(k as i32);
        self.set(ValType::I32)
    }

    fn n_plus(&mut self, k: i64) -> u32 {
        self.sink.local_get(self.knots.n).i32_const(k as i32).i32_add();
        self.set(ValType::I32)
    }

    fn offset(&mut self, i: u32, k: i64) -> u32 {
        self.sink.local_get(i).i32_const(k as i32).i32_add();
        self.set(ValType::I32)
    }

    fn icmp(&mut self, cc: ICmp, a: u32, b: u32) -> u32 {
        self.sink.local_get(a).local_get(b);
        match cc {
            ICmp::SGe => self.sink.i32_ge_s(),
            ICmp::ULe => self.sink.i32_le_u(),
        };
        self.set(ValType::I32)
    }

    fn index_f64(&mut self, i: u32) -> Val {
        self.sink.local_get(i).f64_convert_i32_s();
        self.set_f64()
    }

    fn index_of(&mut self, v: Val) -> u32 {
        // The rule clamps `v` into the table, so the trapping form never traps.
        self.push(v);
        self.sink.i32_trunc_f64_s();
        self.set(ValType::I32)
    }

    fn x_at(&mut self, i: u32) -> Val {
        self.knot(self.knots.xs, i)
    }

    fn y_at(&mut self, i: u32) -> Val {
        self.knot(self.knots.ys, i)
    }

    fn find_first(&mut self, from: u32, to: u32, mut pred: impl FnMut(&mut Self, u32) -> u32) -> u32 {
        let (lo, hi) = self.halve(from, to, &mut pred);
        self.sink.block(BlockType::Empty).loop_(BlockType::Empty);
        self.sink.local_get(lo).local_get(hi).i32_ge_s().br_if(1);
        let hit = pred(self, lo);
        self.sink.local_get(hit).br_if(1);
        self.sink.local_get(lo).i32_const(1).i32_add().local_set(lo).br(0);
        self.sink.end().end();
        lo
    }

    fn scan(&mut self, from: u32, to: u32, mut pred: impl FnMut(&mut Self, u32) -> u32) -> u32 {
        let (i, _) = self.halve(from, to, &mut pred);
        self.sink.loop_(BlockType::Empty);
        let hit = pred(self, i);
        self.sink.local_get(hit).i32_eqz().if_(BlockType::Empty);
        self.sink.local_get(i).i32_const(1).i32_add().local_set(i).br(1);
        self.sink.end().end();
        i
    }
}

impl Wasm<'_, '_, TableParams> {
    /// The halvings of `Knots::find_first`: locals `lo..hi` narrowed (by `select`s, so
    /// the only branch is the loop's) to at most `LINEAR_WINDOW` knots.
    fn halve(&mut self, from: u32, to: u32, pred: &mut impl FnMut(&mut Self, u32) -> u32) -> (u32, u32) {
        if !self.knots.halving {
            // `from` is a scratch local the scan may advance, as before halving existed.
            let lo = self.locals.take(ValType::I32);
            self.sink.local_get(from).local_set(lo);
            return (lo, to);
        }
        let (lo, hi, mid) =
            (self.locals.take(ValType::I32), self.locals.take(ValType::I32), self.locals.take(ValType::I32));
        self.sink.local_get(from).local_set(lo).local_get(to).local_set(hi);
        self.sink.block(BlockType::Empty).loop_(BlockType::Empty);
        self.sink.local_get(hi).local_get(lo).i32_sub().i32_const(LINEAR_WINDOW as i32).i32_le_s().br_if(1);
        self.sink.local_get(lo).local_get(hi).local_get(lo).i32_sub().i32_const(1).i32_shr_s().i32_add().local_set(mid);
        let hit = pred(self, mid);
        // lo = hit ? lo : mid + 1; hi = hit ? mid : hi
        self.sink.local_get(lo).local_get(mid).i32_const(1).i32_add().local_get(hit).select().local_set(lo);
        self.sink.local_get(mid).local_get(hi).local_get(hit).select().local_set(hi);
        self.sink.br(0);
        self.sink.end().end();
        (lo, hi)
    }

    /// `p[i]`: the f64 at address `p + 8 i`.
    fn knot(&mut self, p: u32, i: u32) -> Val {
        self.sink.local_get(p).local_get(i).i32_const(3).i32_shl().i32_add().f64_load(f64_at(0));
        self.set_f64()
    }
}

/// A function body whose instructions `emit` writes (the final `end` included), with
/// the scratch locals it took declared after the function's `params` parameters.
pub(crate) fn function(
    params: u32,
    emit: impl FnOnce(&mut InstructionSink<'_>, &mut Locals),
) -> wasm_encoder::Function {
    let mut bytes = Vec::new();
    let mut locals = Locals::new(params);
    emit(&mut InstructionSink::new(&mut bytes), &mut locals);
    let mut f = wasm_encoder::Function::new(locals.declared());
    f.raw(bytes);
    f
}
