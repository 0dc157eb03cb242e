//! [`Ops`] on Rust values: the rules evaluated directly. This is what the vm runs, and
//! what the f64 functions of [`super`] (the specification in code) are made of.

use std::cmp::Ordering;

use super::ops::{FBin, FCmp, FUn, ICmp, Knots, Ops, WBin};

/// Evaluates rules on `f64`s; with a table (`Eval::table`), lookups too.
#[derive(Debug, Clone, Copy, Default)]
pub struct Eval<'t> {
    xs: &'t [f64],
    ys: &'t [f64],
    /// The table is long: searches halve first (`Knots::find_first`).
    halving: bool,
}

impl<'t> Eval<'t> {
    /// An evaluator for rules that read no table.
    pub fn new() -> Eval<'static> {
        Eval { xs: &[], ys: &[], halving: false }
    }

    /// An evaluator that reads the table `xs`, `ys` (equal lengths, at least one knot,
    /// `xs` sorted: what `Program::verify` checks of every table), halving its searches
    /// when `halving` (`LookupFn::halving`; any choice finds the same knots).
    pub fn table(xs: &'t [f64], ys: &'t [f64], halving: bool) -> Eval<'t> {
        debug_assert!(!xs.is_empty() && xs.len() == ys.len());
        Eval { xs, ys, halving }
    }
}

impl Ops for Eval<'_> {
    type F = f64;
    type B = bool;
    type W = i64;

    #[inline(always)]
    fn f64(&mut self, v: f64) -> f64 {
        v
    }

    #[inline(always)]
    fn fbin(&mut self, op: FBin, a: f64, b: f64) -> f64 {
        match op {
            FBin::Add => a + b,
            FBin::Sub => a - b,
            FBin::Mul => a * b,
            FBin::Div => a / b,
            FBin::Min => {
                if a.is_nan() || b.is_nan() {
                    f64::NAN
                } else if a < b || (a == b && a.is_sign_negative()) {
                    a
                } else {
                    b
                }
            }
            FBin::Max => {
                if a.is_nan() || b.is_nan() {
                    f64::NAN
                } else if a > b || (a == b && a.is_sign_positive()) {
                    a
                } else {
                    b
                }
            }
            FBin::CopySign => a.copysign(b),
        }
    }

    #[inline(always)]
    fn fun(&mut self, op: FUn, a: f64) -> f64 {
        match op {
            FUn::Neg => -a,
            FUn::Abs => a.abs(),
            FUn::Sqrt => a.sqrt(),
            FUn::Floor => a.floor(),
            FUn::Trunc => a.trunc(),
        }
    }

    #[inline(always)]
    fn fcmp(&mut self, cc: FCmp, a: f64, b: f64) -> bool {
        match cc {
            FCmp::Eq => a == b,
            FCmp::Ne => a != b,
            FCmp::Lt => a < b,
            FCmp::Le => a <= b,
            FCmp::Gt => a > b,
            FCmp::Ge => a >= b,
            FCmp::Uno => a.is_nan() || b.is_nan(),
            FCmp::UGt => !matches!(a.partial_cmp(&b), Some(Ordering::Less | Ordering::Equal)),
        }
    }

    #[inline(always)]
    fn select(&mut self, c: bool, a: f64, b: f64) -> f64 {
        if c { a } else { b }
    }

    #[inline(always)]
    fn one_if(&mut self, c: bool) -> f64 {
        if c { 1.0 } else { 0.0 }
    }

    #[inline(always)]
    fn and(&mut self, a: bool, b: bool) -> bool {
        a & b
    }

    #[inline(always)]
    fn or(&mut self, a: bool, b: bool) -> bool {
        a | b
    }

    #[inline(always)]
    fn not(&mut self, a: bool) -> bool {
        !a
    }

    #[inline(always)]
    fn bits(&mut self, a: f64) -> i64 {
        a.to_bits() as i64
    }

    #[inline(always)]
    fn word(&mut self, v: i64) -> i64 {
        v
    }

    #[inline(always)]
    fn wbin(&mut self, op: WBin, a: i64, b: i64) -> i64 {
        match op {
            WBin::Sub => a.wrapping_sub(b),
            WBin::Xor => a ^ b,
        }
    }

    #[inline(always)]
    fn wabs(&mut self, a: i64) -> i64 {
        a.wrapping_abs()
    }

    #[inline(always)]
    fn wcmp(&mut self, cc: ICmp, a: i64, b: i64) -> bool {
        icmp(cc, a, b)
    }

    #[inline(always)]
    fn branch(&mut self, c: bool, then: impl FnOnce(&mut Self) -> f64, else_: impl FnOnce(&mut Self) -> f64) -> f64 {
        if c { then(self) } else { else_(self) }
    }
}

#[inline(always)]
fn icmp(cc: ICmp, a: i64, b: i64) -> bool {
    match cc {
        ICmp::SGe => a >= b,
        ICmp::ULe => (a as u64) <= (b as u64),
    }
}

impl Eval<'_> {
    /// The halvings of [`Knots::find_first`]: `lo..hi` narrowed to at most
    /// [`LINEAR_WINDOW`](super::ops::LINEAR_WINDOW) knots.
    #[inline(always)]
    fn halve(&mut self, from: i64, to: i64, pred: &mut impl FnMut(&mut Self, i64) -> bool) -> (i64, i64) {
        let (mut lo, mut hi) = (from, to);
        while self.halving && hi - lo > super::ops::LINEAR_WINDOW {
            let mid = lo + ((hi - lo) >> 1);
            if pred(self, mid) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        (lo, hi)
    }
}

/// Indices are `i64` so that an index computed but never read (`n - 2` of a one-knot
/// table) cannot overflow; every index read is in range.
impl Knots for Eval<'_> {
    type I = i64;

    #[inline(always)]
    fn index(&mut self, k: i64) -> i64 {
        k
    }

    #[inline(always)]
    fn n_plus(&mut self, k: i64) -> i64 {
        self.xs.len() as i64 + k
    }

    #[inline(always)]
    fn offset(&mut self, i: i64, k: i64) -> i64 {
        i + k
    }

    #[inline(always)]
    fn icmp(&mut self, cc: ICmp, a: i64, b: i64) -> bool {
        icmp(cc, a, b)
    }

    #[inline(always)]
    fn index_f64(&mut self, i: i64) -> f64 {
        i as f64
    }

    #[inline(always)]
    fn index_of(&mut self, v: f64) -> i64 {
        v as i64
    }

    #[inline(always)]
    fn x_at(&mut self, i: i64) -> f64 {
        self.xs[i as usize]
    }

    #[inline(always)]
    fn y_at(&mut self, i: i64) -> f64 {
        self.ys[i as usize]
    }

    #[inline(always)]
    fn find_first(&mut self, from: i64, to: i64, mut pred: impl FnMut(&mut Self, i64) -> bool) -> i64 {
        let (mut lo, hi) = self.halve(from, to, &mut pred);
        while lo < hi && !pred(self, lo) {
            lo += 1;
        }
        lo
    }

    #[inline(always)]
    fn scan(&mut self, from: i64, to: i64, mut pred: impl FnMut(&mut Self, i64) -> bool) -> i64 {
        let (mut i, _) = self.halve(from, to, &mut pred);
        while !pred(self, i) {
            i += 1;
        }
        i
    }
}
