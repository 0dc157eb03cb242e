//! Every inline numeric rule, written once over [`Ops`]: the vm evaluates these
//! functions on `f64`s, the jit and the wasm generator run the very same functions to
//! emit code, so each rule is the same operations in the same order on every backend.
//! docs/semantics.md explains each rule and names the test that pins it.
//!
//! The order of the `Ops` calls is the order of the emitted operations. Only exact
//! operations appear between correctly rounded ones (selects, comparisons, sign
//! manipulation), so where the backends differ (branch or select, register or local)
//! the value cannot.

use super::eval::Eval;
use super::ops::{FBin, FCmp, FUn, ICmp, Knots, Ops, WBin};
use crate::ir::{BinOp, LookupMode, Table, TableKind};

/// The truthiness threshold: a value is true when its magnitude exceeds this.
pub const TRUTH_EPSILON: f64 = f64::EPSILON;

/// Two finite values of one sign at most this many units in the last place apart are
/// equal under `=`.
pub const EQUAL_ULPS: i64 = 4;

/// The condition rule: true when `|v| > TRUTH_EPSILON`, or `v` is NaN.
#[inline]
pub fn truthy<O: Ops>(o: &mut O, v: O::F) -> O::B {
    let magnitude = o.fun(FUn::Abs, v);
    let epsilon = o.f64(TRUTH_EPSILON);
    o.fcmp(FCmp::UGt, magnitude, epsilon)
}

/// `a = b`: equal, or both finite and (closer than `TRUTH_EPSILON`, or of one sign and
/// at most `EQUAL_ULPS` apart). NaN equals nothing; an infinity equals only itself.
#[inline]
pub fn approx_eq<O: Ops>(o: &mut O, a: O::F, b: O::F) -> O::B {
    let equal = o.fcmp(FCmp::Eq, a, b);
    let infinity = o.f64(f64::INFINITY);
    let abs_a = o.fun(FUn::Abs, a);
    let abs_b = o.fun(FUn::Abs, b);
    let finite_a = o.fcmp(FCmp::Lt, abs_a, infinity);
    let finite_b = o.fcmp(FCmp::Lt, abs_b, infinity);
    let finite = o.and(finite_a, finite_b);
    let diff = o.fbin(FBin::Sub, a, b);
    let abs_diff = o.fun(FUn::Abs, diff);
    let epsilon = o.f64(TRUTH_EPSILON);
    let close = o.fcmp(FCmp::Le, abs_diff, epsilon);
    let bits_a = o.bits(a);
    let bits_b = o.bits(b);
    let signs = o.wbin(WBin::Xor, bits_a, bits_b);
    let zero = o.word(0);
    let same_sign = o.wcmp(ICmp::SGe, signs, zero);
    let bits_diff = o.wbin(WBin::Sub, bits_a, bits_b);
    let ulps = o.wabs(bits_diff);
    let bound = o.word(EQUAL_ULPS);
    let near = o.wcmp(ICmp::ULe, ulps, bound);
    let ulp_close = o.and(same_sign, near);
    let either = o.or(close, ulp_close);
    let finite_close = o.and(finite, either);
    o.or(equal, finite_close)
}

/// The IEEE predicate of an ordering comparison (`<`, `<=`, `>`, `>=`; `None` for the
/// other operators): these are exactly the IEEE comparisons, false on NaN.
#[inline]
pub fn ordering(op: BinOp) -> Option<FCmp> {
    match op {
        BinOp::Lt => Some(FCmp::Lt),
        BinOp::Le => Some(FCmp::Le),
        BinOp::Gt => Some(FCmp::Gt),
        BinOp::Ge => Some(FCmp::Ge),
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Eq | BinOp::Ne | BinOp::And | BinOp::Or => None,
    }
}

/// A comparison operator's boolean (`None` for the other operators).
#[inline]
pub fn compare<O: Ops>(o: &mut O, op: BinOp, a: O::F, b: O::F) -> Option<O::B> {
    if let Some(cc) = ordering(op) {
        return Some(o.fcmp(cc, a, b));
    }
    match op {
        BinOp::Eq => Some(approx_eq(o, a, b)),
        BinOp::Ne => {
            let eq = approx_eq(o, a, b);
            Some(o.not(eq))
        }
        _ => None,
    }
}

/// The arithmetic operation of an arithmetic operator (`None` for the others).
#[inline]
pub fn arithmetic(op: BinOp) -> Option<FBin> {
    match op {
        BinOp::Add => Some(FBin::Add),
        BinOp::Sub => Some(FBin::Sub),
        BinOp::Mul => Some(FBin::Mul),
        BinOp::Div => Some(FBin::Div),
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::And | BinOp::Or => None,
    }
}

/// `AND` / `OR` of the operands' truth values (`None` for the other operators). A
/// backend that already holds an operand as a boolean (a comparison's result) may pass
/// it directly: `truthy(from_bool(c))` is `c`.
#[inline]
pub fn combine<O: Ops>(o: &mut O, op: BinOp, a: O::B, b: O::B) -> Option<O::B> {
    match op {
        BinOp::And => Some(o.and(a, b)),
        BinOp::Or => Some(o.or(a, b)),
        _ => None,
    }
}

/// Any binary operator of the IR on two values.
#[inline]
pub fn binary<O: Ops>(o: &mut O, op: BinOp, a: O::F, b: O::F) -> O::F {
    if let Some(f) = arithmetic(op) {
        return o.fbin(f, a, b);
    }
    if let Some(c) = compare(o, op, a, b) {
        return o.one_if(c);
    }
    let (ta, tb) = (truthy(o, a), truthy(o, b));
    let c = combine(o, op, ta, tb).unwrap_or_else(|| unreachable!("every binary operator has a rule"));
    o.one_if(c)
}

/// `NOT v`: 1 when `v` is false, else 0.
#[inline]
pub fn not<O: Ops>(o: &mut O, v: O::F) -> O::F {
    let t = truthy(o, v);
    let f = o.not(t);
    o.one_if(f)
}

/// `IF c THEN a ELSE b` of computed values.
#[inline]
pub fn if_then_else<O: Ops>(o: &mut O, c: O::F, a: O::F, b: O::F) -> O::F {
    let t = truthy(o, c);
    o.select(t, a, b)
}

/// ROUND(x): to the nearest integer, halves away from zero:
/// `t = trunc(x); |x - t| >= 0.5 ? t + copysign(1, x) : t` (`x - t` is exact).
#[inline]
pub fn round<O: Ops>(o: &mut O, x: O::F) -> O::F {
    let t = o.fun(FUn::Trunc, x);
    let frac = o.fbin(FBin::Sub, x, t);
    let abs = o.fun(FUn::Abs, frac);
    let half = o.f64(0.5);
    let away = o.fcmp(FCmp::Ge, abs, half);
    let one = o.f64(1.0);
    let unit = o.fbin(FBin::CopySign, one, x);
    let up = o.fbin(FBin::Add, t, unit);
    o.select(away, up, t)
}

/// SIGN(x): 1, -1, or 0 for either zero; NaN for NaN.
#[inline]
pub fn sign<O: Ops>(o: &mut O, x: O::F) -> O::F {
    let zero = o.f64(0.0);
    let positive = o.fcmp(FCmp::Gt, x, zero);
    let negative = o.fcmp(FCmp::Lt, x, zero);
    let is_zero = o.fcmp(FCmp::Eq, x, zero);
    let one = o.f64(1.0);
    let minus_one = o.f64(-1.0);
    let nan = o.f64(f64::NAN);
    let zero_or_nan = o.select(is_zero, zero, nan);
    let negative_or_rest = o.select(negative, minus_one, zero_or_nan);
    o.select(positive, one, negative_or_rest)
}

/// SAFEDIV(a, b, x): `x` when `b` is exactly zero (either sign), else `a / b`.
#[inline]
pub fn safediv<O: Ops>(o: &mut O, a: O::F, b: O::F, x: O::F) -> O::F {
    let quotient = o.fbin(FBin::Div, a, b);
    let zero = o.f64(0.0);
    let by_zero = o.fcmp(FCmp::Eq, b, zero);
    o.select(by_zero, x, quotient)
}

/// ABS(x): IEEE `abs` (clears the sign bit, NaN included).
#[inline]
pub fn abs<O: Ops>(o: &mut O, x: O::F) -> O::F {
    o.fun(FUn::Abs, x)
}

/// SQRT(x): IEEE `sqrt` (NaN below zero).
#[inline]
pub fn sqrt<O: Ops>(o: &mut O, x: O::F) -> O::F {
    o.fun(FUn::Sqrt, x)
}

/// INT(x) is floor(x).
#[inline]
pub fn floor<O: Ops>(o: &mut O, x: O::F) -> O::F {
    o.fun(FUn::Floor, x)
}

/// MIN(a, b): IEEE 754-2019 `minimum` (NaN if either is NaN; -0 below +0).
#[inline]
pub fn min<O: Ops>(o: &mut O, a: O::F, b: O::F) -> O::F {
    o.fbin(FBin::Min, a, b)
}

/// MAX(a, b): IEEE 754-2019 `maximum` (NaN if either is NaN; +0 above -0).
#[inline]
pub fn max<O: Ops>(o: &mut O, a: O::F, b: O::F) -> O::F {
    o.fbin(FBin::Max, a, b)
}

/// An inline builtin's rule evaluated on `f64`s ([`Eval`]), as a plain function of its
/// arguments: what the vm calls, one op per arity ([`InlineFn::f64_fn`]).
#[derive(Debug, Clone, Copy)]
pub enum F64Fn {
    Unary(fn(f64) -> f64),
    Binary(fn(f64, f64) -> f64),
    Ternary(fn(f64, f64, f64) -> f64),
}

/// The [`F64Fn`] of `rule` for the argument list of its row in `inline_fns!`.
macro_rules! f64_fn {
    ($rule:ident($a:ident)) => {
        F64Fn::Unary(|$a| $rule(&mut Eval::new(), $a))
    };
    ($rule:ident($a:ident, $b:ident)) => {
        F64Fn::Binary(|$a, $b| $rule(&mut Eval::new(), $a, $b))
    };
    ($rule:ident($a:ident, $b:ident, $c:ident)) => {
        F64Fn::Ternary(|$a, $b, $c| $rule(&mut Eval::new(), $a, $b, $c))
    };
}

/// The inline-builtin table: one row per builtin (variant, name, the rule and its
/// arguments). Everything a backend needs of an inline builtin (its arity, its name,
/// its value through any `Ops`, its rule as an `f64` function) is generated from the
/// row, so a new inline builtin is its rule, one row here and the equation name in
/// `compile/builtins.rs`; no backend needs a line (a rule of more than three arguments
/// adds an [`F64Fn`] arity).
macro_rules! inline_fns {
    ($($(#[$doc:meta])* $variant:ident $name:literal => $rule:ident($($arg:ident),+);)*) => {
        /// The builtins every backend computes itself, each by its rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum InlineFn {
            $($(#[$doc])* $variant),*
        }

        impl InlineFn {
            /// Every inline builtin, in the order of the table.
            pub const ALL: [InlineFn; [$($name),*].len()] = [$(InlineFn::$variant),*];

            /// How many arguments the builtin takes.
            pub fn arity(self) -> usize {
                match self {
                    $(InlineFn::$variant => [$(stringify!($arg)),+].len()),*
                }
            }

            pub fn name(self) -> &'static str {
                match self {
                    $(InlineFn::$variant => $name),*
                }
            }

            /// The rule evaluated on `f64`s by [`Eval`], as a function pointer of the
            /// builtin's arity.
            pub fn f64_fn(self) -> F64Fn {
                match self {
                    $(InlineFn::$variant => f64_fn!($rule($($arg),+))),*
                }
            }
        }

        /// An inline builtin of its argument values (exactly `f.arity()` of them: the IR
        /// verifier checks every call before a backend sees it).
        #[inline]
        pub fn inline<O: Ops>(o: &mut O, f: InlineFn, args: &[O::F]) -> O::F {
            match f {
                $(InlineFn::$variant => match *args {
                    [$($arg),+] => $rule(o, $($arg),+),
                    _ => unreachable!("{} takes {} arguments, given {}", $name, f.arity(), args.len()),
                }),*
            }
        }
    };
}

inline_fns! {
    Abs "abs" => abs(x);
    Sqrt "sqrt" => sqrt(x);
    /// INT(x)
    Floor "floor" => floor(x);
    Round "round" => round(x);
    Sign "sign" => sign(x);
    Min "min" => min(a, b);
    Max "max" => max(a, b);
    /// SAFEDIV(a, b, x): `x` when `b == 0`, else `a / b`.
    SafeDiv "safediv" => safediv(a, b, x);
}

/// PREVIOUS(v, init): `init` on the first step (`first`), else the value `v` had at
/// the end of the previous step (`prev`).
#[inline]
pub fn previous<O: Ops>(o: &mut O, first: O::B, init: O::F, prev: O::F) -> O::F {
    o.select(first, init, prev)
}

/// The length in DT steps of a pipeline delay of `delay` time units:
/// `round(delay / dt)`, at least 1 (also for NaN) and at most `capacity`. A delay
/// shorter than half a DT still delays by one step, so a pipeline delay never passes
/// its input through in the same step: like a stock, it breaks feedback loops.
#[inline]
pub fn pipeline_steps<O: Ops>(o: &mut O, delay: O::F, dt: O::F, capacity: O::F) -> O::F {
    let ratio = o.fbin(FBin::Div, delay, dt);
    let steps = round(o, ratio);
    let one = o.f64(1.0);
    let full = o.fcmp(FCmp::Ge, steps, capacity);
    let some = o.fcmp(FCmp::Ge, steps, one);
    let at_least_one = o.select(some, steps, one);
    o.select(full, capacity, at_least_one)
}

/// The ring position after `head` in a pipeline of `steps` positions (both integral):
/// `head + 1`, wrapping to 0.
#[inline]
pub fn ring_next<O: Ops>(o: &mut O, head: O::F, steps: O::F) -> O::F {
    let one = o.f64(1.0);
    let next = o.fbin(FBin::Add, head, one);
    let wrap = o.fcmp(FCmp::Ge, next, steps);
    let zero = o.f64(0.0);
    o.select(wrap, zero, next)
}

/// TIME at step `k` (an integral f64): `start + k * dt`, two IEEE operations, never an
/// accumulated sum (which would drift).
#[inline]
pub fn time_at<O: Ops>(o: &mut O, start: O::F, dt: O::F, k: O::F) -> O::F {
    let offset = o.fbin(FBin::Mul, k, dt);
    o.fbin(FBin::Add, start, offset)
}

/// TIME of a Runge-Kutta stage `offset` steps after step `k` (an exact sum: 0.5 or 1
/// added to an integral f64): [`time_at`] of `k + offset`.
#[inline]
pub fn stage_time<O: Ops>(o: &mut O, start: O::F, dt: O::F, k: O::F, offset: O::F) -> O::F {
    let at = o.fbin(FBin::Add, k, offset);
    time_at(o, start, dt, at)
}

/// The ways of reading a table: what (kind, mode) pair a lookup needs. Backends that
/// generate a lookup function generate one per rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LookupRule {
    /// Interpolate; clamp beyond the ends (continuous tables).
    Continuous,
    /// Interpolate; extend the end segments (extrapolating tables).
    Extrapolate,
    /// The last knot at or below x (discrete tables, LOOKUP_BACKWARD).
    Backward,
    /// The first knot at or above x (LOOKUP_FORWARD).
    Forward,
}

/// A lookup function a backend generates: a rule, and how it finds the segment of a
/// table: whether its tables are long enough to be searched by halving first
/// ([`HALVING_ABOVE`](super::ops::HALVING_ABOVE)), and whether they are evenly spaced,
/// so that an interpolating rule first tries the segment `x`'s distance from the first
/// knot points to ([`spaced_segment`]). Neither changes a value: every search finds the
/// segment a forward scan finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LookupFn {
    pub rule: LookupRule,
    pub halving: bool,
    pub spaced: bool,
}

impl LookupFn {
    /// Every lookup function: the four rules by halving, then the two interpolating
    /// rules on evenly spaced tables by halving (the others never guess).
    pub const ALL: [LookupFn; 12] = [
        LookupFn { rule: LookupRule::Continuous, halving: false, spaced: false },
        LookupFn { rule: LookupRule::Extrapolate, halving: false, spaced: false },
        LookupFn { rule: LookupRule::Backward, halving: false, spaced: false },
        LookupFn { rule: LookupRule::Forward, halving: false, spaced: false },
        LookupFn { rule: LookupRule::Continuous, halving: true, spaced: false },
        LookupFn { rule: LookupRule::Extrapolate, halving: true, spaced: false },
        LookupFn { rule: LookupRule::Backward, halving: true, spaced: false },
        LookupFn { rule: LookupRule::Forward, halving: true, spaced: false },
        LookupFn { rule: LookupRule::Continuous, halving: false, spaced: true },
        LookupFn { rule: LookupRule::Extrapolate, halving: false, spaced: true },
        LookupFn { rule: LookupRule::Continuous, halving: true, spaced: true },
        LookupFn { rule: LookupRule::Extrapolate, halving: true, spaced: true },
    ];

    /// The function reading `table` by `mode`.
    pub fn of(table: &Table, mode: LookupMode) -> LookupFn {
        LookupFn::for_knots(table.kind, mode, table.xs.len(), table.evenly_spaced)
    }

    /// The function reading a table of `kind` with `knots` knots, evenly spaced or not
    /// ([`evenly_spaced`]), by `mode`.
    pub fn for_knots(kind: TableKind, mode: LookupMode, knots: usize, evenly_spaced: bool) -> LookupFn {
        let rule = LookupRule::of(kind, mode);
        let interpolates = matches!(rule, LookupRule::Continuous | LookupRule::Extrapolate);
        LookupFn { rule, halving: knots > super::ops::HALVING_ABOVE, spaced: interpolates && evenly_spaced }
    }

    /// `continuous`, ..., `continuous_long` (halving), ..., `continuous_spaced`, ...
    pub fn name(self) -> String {
        let halving = if self.halving { "_long" } else { "" };
        let spaced = if self.spaced { "_spaced" } else { "" };
        format!("{}{halving}{spaced}", self.rule.name())
    }
}

/// Whether the knots `xs` (sorted) are evenly spaced enough for [`spaced_segment`]'s
/// guess to be worth its cost: at least [`SPACED_FROM`] knots, each within a quarter of
/// the first step of where that step repeated would put it. Only the cost depends on it.
pub fn evenly_spaced(xs: &[f64]) -> bool {
    if xs.len() < SPACED_FROM {
        return false;
    }
    let step = xs[1] - xs[0];
    step > 0.0
        && step.is_finite()
        && xs.iter().enumerate().all(|(i, &x)| ((x - xs[0]) - i as f64 * step).abs() <= step / 4.0)
}

/// The fewest knots a table needs for its lookups to guess the segment: the tables long
/// enough to halve. The guess's dozen operations (a division and two conversions among
/// them) cost more than a short scan: guessing from 3 knots on, WORLD3 (tables of 2 to 11
/// knots, and one each of 16 and 26) ran 12% more jit instructions a run, while C-LEARN's
/// 251-knot tables gain 22% (docs/performance.md).
pub const SPACED_FROM: usize = super::ops::HALVING_ABOVE + 1;

impl LookupRule {
    pub const ALL: [LookupRule; 4] =
        [LookupRule::Continuous, LookupRule::Extrapolate, LookupRule::Backward, LookupRule::Forward];

    pub fn of(kind: TableKind, mode: LookupMode) -> LookupRule {
        match (mode, kind) {
            (LookupMode::Forward, _) => LookupRule::Forward,
            (LookupMode::Backward, _) | (LookupMode::Table, TableKind::Discrete) => LookupRule::Backward,
            (LookupMode::Table, TableKind::Continuous) => LookupRule::Continuous,
            (LookupMode::Table, TableKind::Extrapolate) => LookupRule::Extrapolate,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            LookupRule::Continuous => "continuous",
            LookupRule::Extrapolate => "extrapolate",
            LookupRule::Backward => "backward",
            LookupRule::Forward => "forward",
        }
    }
}

/// Reads the table at `x`.
///
/// - NaN in, NaN out.
/// - Continuous: `ys[0]` at or below `xs[0]`, `ys[n-1]` at or above `xs[n-1]`;
///   between, [`interpolate`] on segment `i` = the last knot with `xs[i] <= x`, so an x
///   equal to a knot returns that knot's y exactly (the later one of repeated knots).
/// - Extrapolate: the same, but strictly beyond an end (with at least two knots) the
///   end segment's line when that segment has a non-zero width.
/// - Backward: `ys[i]` for the last knot with `xs[i] <= x` (`ys[0]` below the table).
/// - Forward: `ys[i]` for the first knot with `xs[i] >= x` (`ys[n-1]` above).
///
/// Knots are sorted, so "the last knot with `xs[i] <= x`" is the one before the first
/// knot with `xs[i] > x`: every search is one bisection for the first knot a monotone
/// comparison holds at ([`Knots::find_first`]).
#[inline]
pub fn lookup<K: Knots>(k: &mut K, f: LookupFn, x: K::F) -> K::F {
    let is_nan = k.fcmp(FCmp::Uno, x, x);
    k.branch(
        is_nan,
        |k| k.f64(f64::NAN),
        |k| match f.rule {
            LookupRule::Forward => {
                let (from, to) = (k.index(0), k.n_plus(-1));
                let i = k.find_first(from, to, |k, i| {
                    let xi = k.x_at(i);
                    k.fcmp(FCmp::Ge, xi, x)
                });
                k.y_at(i)
            }
            LookupRule::Backward => {
                let i = last_at_or_below(k, x);
                k.y_at(i)
            }
            LookupRule::Continuous => interpolating(k, x, false, f.spaced),
            LookupRule::Extrapolate => interpolating(k, x, true, f.spaced),
        },
    )
}

/// The last knot with `xs[i] <= x`, or 0 when there is none: one before the first
/// knot from 1 on with `xs[i] > x` (`n` when there is none).
#[inline]
fn last_at_or_below<K: Knots>(k: &mut K, x: K::F) -> K::I {
    let (from, to) = (k.index(1), k.n_plus(0));
    let above = k.find_first(from, to, |k, i| {
        let xi = k.x_at(i);
        k.fcmp(FCmp::Gt, xi, x)
    });
    k.offset(above, -1)
}

/// Continuous and extrapolating tables (`x` is not NaN).
#[inline]
fn interpolating<K: Knots>(k: &mut K, x: K::F, extrapolate: bool, spaced: bool) -> K::F {
    let first = k.index(0);
    let x_first = k.x_at(first);
    let low = k.fcmp(FCmp::Le, x, x_first);
    k.branch(
        low,
        |k| {
            if extrapolate {
                let next = k.index(1);
                extend_end(k, x, FCmp::Lt, first, next, first)
            } else {
                k.y_at(first)
            }
        },
        |k| {
            let last = k.n_plus(-1);
            let x_last = k.x_at(last);
            let high = k.fcmp(FCmp::Ge, x, x_last);
            k.branch(
                high,
                |k| {
                    if extrapolate {
                        let before = k.n_plus(-2);
                        extend_end(k, x, FCmp::Gt, last, before, before)
                    } else {
                        k.y_at(last)
                    }
                },
                |k| {
                    // xs[0] < x < xs[n-1]: the segment is the first `i` in 0..n-1
                    // whose end knot `i + 1` is above x; it exists (the last knot is
                    // above), so the scan needs no bound.
                    let search = |k: &mut K| {
                        let (from, to) = (k.index(0), k.n_plus(-1));
                        let i = k.scan(from, to, |k, i| {
                            let end = k.offset(i, 1);
                            let x_end = k.x_at(end);
                            k.fcmp(FCmp::Gt, x_end, x)
                        });
                        interpolate(k, i, x)
                    };
                    if !spaced {
                        return search(k);
                    }
                    // That `i` is the one with xs[i] <= x < xs[i+1]: a guess that passes
                    // this test is the segment the search finds.
                    let i = spaced_segment(k, x, x_first);
                    let x_start = k.x_at(i);
                    let end = k.offset(i, 1);
                    let x_end = k.x_at(end);
                    let from_start = k.fcmp(FCmp::Le, x_start, x);
                    let before_end = k.fcmp(FCmp::Gt, x_end, x);
                    let hit = k.and(from_start, before_end);
                    k.branch(hit, |k| interpolate(k, i, x), search)
                },
            )
        },
    )
}

/// The segment `x` would be in if every step of the table were its first (`xs[0] < x <
/// xs[n-1]`, `n >= 2`): `(x - xs[0]) / (xs[1] - xs[0])`, clamped to `0..=n-2` (NaN, from a
/// step of zero or an infinite one, to `n - 2`), truncated. Only a guess: the caller
/// checks it.
#[inline]
fn spaced_segment<K: Knots>(k: &mut K, x: K::F, x_first: K::F) -> K::I {
    let second = k.index(1);
    let x_second = k.x_at(second);
    let step = k.fbin(FBin::Sub, x_second, x_first);
    let along = k.fbin(FBin::Sub, x, x_first);
    let steps = k.fbin(FBin::Div, along, step);
    let last_segment = k.n_plus(-2);
    let last = k.index_f64(last_segment);
    let below_last = k.fcmp(FCmp::Lt, steps, last);
    let at_most_last = k.select(below_last, steps, last);
    let zero = k.f64(0.0);
    let above_zero = k.fcmp(FCmp::Gt, at_most_last, zero);
    let clamped = k.select(above_zero, at_most_last, zero);
    k.index_of(clamped)
}

/// At or beyond the end knot `end` of an extrapolating table: with at least two
/// knots, `x` strictly past the end (`past`) and the end segment (from `segment`, whose
/// other end is knot `neighbour`) of non-zero width, the segment's line at `x`; else
/// the end knot's y.
#[inline]
fn extend_end<K: Knots>(k: &mut K, x: K::F, past: FCmp, end: K::I, neighbour: K::I, segment: K::I) -> K::F {
    let two = k.index(2);
    let n = k.n_plus(0);
    let has_segment = k.icmp(ICmp::SGe, n, two);
    k.branch(
        has_segment,
        |k| {
            let x_end = k.x_at(end);
            let strictly = k.fcmp(past, x, x_end);
            let x_neighbour = k.x_at(neighbour);
            let wide = k.fcmp(FCmp::Ne, x_neighbour, x_end);
            let extend = k.and(strictly, wide);
            k.branch(extend, |k| interpolate(k, segment, x), |k| k.y_at(end))
        },
        |k| k.y_at(end),
    )
}

/// Linear interpolation on segment `i` (knots `i` and `i + 1`):
/// `t = (x - xs[i]) / (xs[i+1] - xs[i]); ys[i] + t * (ys[i+1] - ys[i])`.
#[inline]
pub fn interpolate<K: Knots>(k: &mut K, i: K::I, x: K::F) -> K::F {
    let i1 = k.offset(i, 1);
    let x0 = k.x_at(i);
    let x1 = k.x_at(i1);
    let y0 = k.y_at(i);
    let y1 = k.y_at(i1);
    let dx = k.fbin(FBin::Sub, x, x0);
    let width = k.fbin(FBin::Sub, x1, x0);
    let t = k.fbin(FBin::Div, dx, width);
    let rise = k.fbin(FBin::Sub, y1, y0);
    let part = k.fbin(FBin::Mul, t, rise);
    k.fbin(FBin::Add, y0, part)
}

#[cfg(test)]
mod tests {
    //! The rules against plain-Rust statements of the same rules (the form they had
    //! before they were written over `Ops`), on edge values and on many pseudo-random
    //! inputs: every result must have the same bits.

    use super::*;
    use crate::numerics::eval::Eval;

    /// A small deterministic generator (xorshift64*), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        /// Edge values, small integers and halves, near-equal pairs and raw bit patterns.
        fn value(&mut self) -> f64 {
            const EDGES: [f64; 12] =
                [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.5, f64::EPSILON, f64::MAX, f64::INFINITY, -f64::INFINITY, f64::NAN];
            match self.next() % 4 {
                0 => EDGES[(self.next() % EDGES.len() as u64) as usize],
                1 => (self.next() % 41) as f64 / 4.0 - 5.0,
                2 => f64::from_bits(0x3ff0_0000_0000_0000 + self.next() % 8),
                _ => f64::from_bits(self.next()),
            }
        }
    }

    fn reference_approx_eq(a: f64, b: f64) -> bool {
        if a == b {
            return true;
        }
        if !a.is_finite() || !b.is_finite() {
            return false;
        }
        if (a - b).abs() <= f64::EPSILON {
            return true;
        }
        if a.is_sign_negative() != b.is_sign_negative() {
            return false;
        }
        (a.to_bits() as i64).wrapping_sub(b.to_bits() as i64).unsigned_abs() <= 4
    }

    fn reference_lookup(xs: &[f64], ys: &[f64], rule: LookupRule, x: f64) -> f64 {
        let n = xs.len();
        let interpolate = |i: usize| {
            let t = (x - xs[i]) / (xs[i + 1] - xs[i]);
            ys[i] + t * (ys[i + 1] - ys[i])
        };
        if x.is_nan() {
            return f64::NAN;
        }
        match rule {
            LookupRule::Forward => xs.iter().position(|&k| k >= x).map_or(ys[n - 1], |i| ys[i]),
            LookupRule::Backward => xs.iter().rposition(|&k| k <= x).map_or(ys[0], |i| ys[i]),
            LookupRule::Continuous | LookupRule::Extrapolate => {
                let extrapolate = rule == LookupRule::Extrapolate && n >= 2;
                if x <= xs[0] {
                    return if extrapolate && x < xs[0] && xs[1] != xs[0] { interpolate(0) } else { ys[0] };
                }
                if x >= xs[n - 1] {
                    return if extrapolate && x > xs[n - 1] && xs[n - 1] != xs[n - 2] {
                        interpolate(n - 2)
                    } else {
                        ys[n - 1]
                    };
                }
                interpolate(xs.iter().rposition(|&k| k <= x).unwrap_or(0))
            }
        }
    }

    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    #[test]
    fn scalar_rules_match_their_plain_statements() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let o = &mut Eval::new();
        for _ in 0..200_000 {
            let (a, b, c) = (rng.value(), rng.value(), rng.value());
            assert_eq!(approx_eq(o, a, b), reference_approx_eq(a, b), "approx_eq({a:e}, {b:e})");
            assert_eq!(truthy(o, a), a.abs() > f64::EPSILON || a.is_nan(), "truthy({a:e})");
            assert!(same(round(o, a), a.round()), "round({a:e})");
            let sign = if a > 0.0 {
                1.0
            } else if a < 0.0 {
                -1.0
            } else if a == 0.0 {
                0.0
            } else {
                f64::NAN
            };
            assert!(same(self::sign(o, a), sign), "sign({a:e})");
            assert!(same(safediv(o, a, b, c), if b == 0.0 { c } else { a / b }), "safediv({a:e}, {b:e}, {c:e})");
        }
    }

    /// Every way of searching, on `xs`, whatever the table is like: a guess that misses
    /// or a halving of a short table must still find the forward scan's segment.
    fn every_search(rule: LookupRule) -> impl Iterator<Item = LookupFn> {
        [(false, false), (true, false), (false, true), (true, true)]
            .into_iter()
            .map(move |(halving, spaced)| LookupFn { rule, halving, spaced })
    }

    fn check_lookups(xs: &[f64], ys: &[f64], x: f64) {
        for rule in LookupRule::ALL {
            let want = reference_lookup(xs, ys, rule, x);
            for f in every_search(rule) {
                let got = lookup(&mut Eval::table(xs, ys, f.halving), f, x);
                assert!(same(got, want), "{f:?} of {xs:?} -> {ys:?} at {x:e}: {got:e}, want {want:e}");
            }
        }
    }

    #[test]
    fn lookups_match_their_plain_statements_on_random_sorted_tables() {
        let mut rng = Rng(0x0123_4567_89ab_cdef);
        for _ in 0..20_000 {
            let n = 1 + (rng.next() % 24) as usize;
            // Knots on a coarse grid, so repeated knots and x on a knot are common.
            let mut xs: Vec<f64> = (0..n).map(|_| (rng.next() % 9) as f64 - 4.0).collect();
            xs.sort_by(f64::total_cmp);
            let ys: Vec<f64> = (0..n).map(|_| rng.value()).collect();
            for _ in 0..8 {
                let x = if rng.next().is_multiple_of(3) { rng.value() } else { (rng.next() % 21) as f64 / 2.0 - 5.0 };
                check_lookups(&xs, &ys, x);
            }
        }
    }

    /// Evenly spaced tables whose knots are rounded sums or products of a step that is
    /// not a binary fraction (so the guess is off by one near knots), read at, next to
    /// and between knots: the guess's check and its fallback keep every bit.
    #[test]
    fn spaced_lookups_match_the_forward_scan_near_every_knot() {
        let mut rng = Rng(0x5eed_05ac_e0f5);
        for _ in 0..3_000 {
            let n = SPACED_FROM + (rng.next() % 300) as usize;
            let start = (rng.next() % 2001) as f64 / 10.0 - 100.0;
            let step = [0.1, 0.3, 1.0 / 3.0, 0.7, 2.5, 1e-3, 7.0][(rng.next() % 7) as usize];
            let xs: Vec<f64> = if rng.next().is_multiple_of(2) {
                (0..n).map(|i| start + i as f64 * step).collect()
            } else {
                (0..n).scan(start, |x, _| Some(std::mem::replace(x, *x + step))).collect()
            };
            assert!(evenly_spaced(&xs), "{start} + i * {step}, {n} knots");
            let ys: Vec<f64> = (0..n).map(|_| rng.value()).collect();
            for _ in 0..6 {
                let knot = xs[(rng.next() % n as u64) as usize];
                let x = match rng.next() % 4 {
                    0 => knot,
                    1 => f64::from_bits(knot.to_bits().wrapping_add(1)),
                    2 => f64::from_bits(knot.to_bits().wrapping_sub(1)),
                    _ => knot + step * (rng.next() % 1000) as f64 / 1000.0,
                };
                check_lookups(&xs, &ys, x);
            }
        }
        // Hostile knots with the guess forced on: steps of zero, steps too wide to
        // subtract (infinite, then NaN, positions) and extreme x all clamp into the table.
        let wide = [-f64::MAX, -1.0, 0.0, 0.0, 1.0, f64::MAX];
        let flat = [2.0; 5];
        let tiny = [0.0, f64::from_bits(1), f64::from_bits(2), 1.0];
        for xs in [&wide[..], &flat, &tiny] {
            let ys: Vec<f64> = (0..xs.len()).map(|i| i as f64 - 1.5).collect();
            for x in [f64::MIN, -1e300, -0.5, 0.0, f64::from_bits(1), 0.5, 1.5, 1e300, f64::MAX, f64::INFINITY] {
                check_lookups(xs, &ys, x);
            }
        }
        let even: Vec<f64> = (0..SPACED_FROM).map(|i| i as f64).collect();
        assert!(evenly_spaced(&even) && !evenly_spaced(&even[1..]), "long enough");
        let mut moved = even.clone();
        moved[5] += 0.3;
        let repeated = vec![1.0; SPACED_FROM];
        assert!(!evenly_spaced(&moved) && !evenly_spaced(&repeated));
    }

    #[test]
    fn pipeline_ring_rules() {
        let o = &mut Eval::new();
        assert_eq!(ring_next(o, 0.0, 3.0), 1.0);
        assert_eq!(ring_next(o, 2.0, 3.0), 0.0);
        assert_eq!(ring_next(o, 0.0, 1.0), 0.0);
        assert_eq!(pipeline_steps(o, 1.125, 0.25, 100.0), 5.0);
        assert_eq!(pipeline_steps(o, f64::NAN, 1.0, 100.0), 1.0);
        assert_eq!(pipeline_steps(o, f64::INFINITY, 1.0, 100.0), 100.0);
        assert_eq!(previous(o, true, 1.0, 2.0), 1.0);
        assert_eq!(previous(o, false, 1.0, 2.0), 2.0);
    }
}
