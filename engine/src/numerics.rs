//! Every numeric rule of Millrace, stated once in code. docs/semantics.md explains each
//! rule and names the test that pins it; the vm calls these functions, and the other
//! backends either call them (host functions) or emit the very same IEEE operations.
//!
//! Host functions ([`HostFn`]) are the only operations a backend may not inline: the
//! transcendentals, `pow` and `modulo`. Everything else here is a handful of IEEE
//! operations whose order is part of the rule.

use crate::ir::{LookupMode, TableKind};

/// The condition rule: a value is true when it is not (approximately) zero, that is
/// when `|v| > f64::EPSILON`. NaN is true.
#[inline]
pub fn truthy(v: f64) -> bool {
    v.abs() > f64::EPSILON || v.is_nan()
}

/// 1.0 for true, 0.0 for false: how comparisons and logical operators return.
#[inline]
pub fn from_bool(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// `a = b`: equal, or closer than `f64::EPSILON`, or at most 4 ULPs apart (finite
/// values of one sign). NaN equals nothing; an infinity equals only itself.
#[inline]
pub fn approx_eq(a: f64, b: f64) -> bool {
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

/// MIN(a, b): NaN if either is NaN; -0 is below +0 (IEEE 754-2019 `minimum`).
#[inline]
pub fn min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a < b {
        a
    } else if b < a {
        b
    } else if a.is_sign_negative() {
        a
    } else {
        b
    }
}

/// MAX(a, b): NaN if either is NaN; +0 is above -0 (IEEE 754-2019 `maximum`).
#[inline]
pub fn max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a > b {
        a
    } else if b > a {
        b
    } else if a.is_sign_positive() {
        a
    } else {
        b
    }
}

/// ROUND(x): to the nearest integer, halves away from zero (2.5 -> 3, -2.5 -> -3),
/// computed as `t = trunc(x); if |x - t| >= 0.5 { t + copysign(1, x) } else { t }`
/// (`x - t` is exact, so this is the same on every backend).
#[inline]
pub fn round(x: f64) -> f64 {
    let t = x.trunc();
    if (x - t).abs() >= 0.5 { t + 1f64.copysign(x) } else { t }
}

/// SIGN(x): 1, -1, or 0 for either zero; NaN for NaN.
#[inline]
pub fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else if x == 0.0 {
        0.0
    } else {
        f64::NAN
    }
}

/// ABS(x): IEEE `abs` (clears the sign bit, NaN included).
#[inline]
pub fn abs(x: f64) -> f64 {
    x.abs()
}

/// SQRT(x): IEEE `sqrt`, correctly rounded on every target (NaN below zero).
#[inline]
pub fn sqrt(x: f64) -> f64 {
    x.sqrt()
}

/// INT(x) is floor(x).
#[inline]
pub fn floor(x: f64) -> f64 {
    x.floor()
}

/// SAFEDIV(a, b, x): `x` when `b` is exactly zero, else `a / b`.
#[inline]
pub fn safediv(a: f64, b: f64, x: f64) -> f64 {
    if b == 0.0 { x } else { a / b }
}

/// `a MOD b`, Euclidean: the result has the sign of |b| (5 MOD -3 = 2, -5 MOD 3 = 1).
/// `r = fmod(a, b); if r < 0 { r + |b| } else { r }`. A host function.
pub extern "C" fn modulo(a: f64, b: f64) -> f64 {
    let r = a % b;
    if r < 0.0 { r + b.abs() } else { r }
}

/// `a ^ b`. A host function (the platform's `pow`).
pub extern "C" fn pow(a: f64, b: f64) -> f64 {
    a.powf(b)
}

macro_rules! unary_host_fns {
    ($($name:ident => $method:ident),* $(,)?) => {
        $(
            #[doc = concat!("Host function `", stringify!($name), "` (Rust's `f64::", stringify!($method), "`).")]
            pub extern "C" fn $name(x: f64) -> f64 {
                x.$method()
            }
        )*
    };
}

unary_host_fns! {
    exp => exp, ln => ln, log10 => log10,
    sin => sin, cos => cos, tan => tan,
    asin => asin, acos => acos, atan => atan,
    sinh => sinh, cosh => cosh, tanh => tanh,
}

/// The wasm import module of the host functions.
pub const HOST_MODULE: &str = "millrace_math";

/// `f64`, once per argument of a host function's signature.
macro_rules! f64_arg {
    ($arg:ident) => {
        f64
    };
}

/// The host-function table: one row per function (variant, import name, the Rust
/// function and its arguments). Everything a backend needs of a host function (its
/// arity, its address, its value on given arguments) is generated from the row, so a
/// new host function of any arity is one row here and nothing in the backends.
macro_rules! host_fns {
    ($($variant:ident $import:literal => $f:ident($($arg:ident),+);)*) => {
        /// The functions a backend must call rather than emit: one Rust implementation
        /// for every backend (the vm calls [`HostFn::eval`], the jit calls
        /// [`HostFn::address`], a wasm module imports [`HostFn::import_name`] from module
        /// [`HOST_MODULE`], bound by its host to `eval`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum HostFn {
            $($variant),*
        }

        impl HostFn {
            /// Every host function, in the order of the table (a wasm module's import order).
            pub const ALL: [HostFn; [$($import),*].len()] = [$(HostFn::$variant),*];

            pub fn import_name(self) -> &'static str {
                match self {
                    $(HostFn::$variant => $import),*
                }
            }

            /// How many arguments the function takes.
            pub fn arity(self) -> usize {
                match self {
                    $(HostFn::$variant => [$(stringify!($arg)),+].len()),*
                }
            }

            /// The function's value on `args` (exactly [`HostFn::arity`] of them: the IR
            /// verifier checks every call's arity before a backend runs it).
            pub fn eval(self, args: &[f64]) -> f64 {
                match self {
                    $(HostFn::$variant => match *args {
                        [$($arg),+] => $f($($arg),+),
                        _ => unreachable!("{} takes {} arguments, given {}", $import, self.arity(), args.len()),
                    }),*
                }
            }

            /// The address of the `extern "C"` function, `fn(f64, ...) -> f64` with
            /// [`HostFn::arity`] arguments (what generated native code calls).
            pub fn address(self) -> *const u8 {
                match self {
                    $(HostFn::$variant => $f as extern "C" fn($(f64_arg!($arg)),+) -> f64 as *const u8),*
                }
            }
        }
    };
}

host_fns! {
    Exp "exp" => exp(x);
    Ln "ln" => ln(x);
    Log10 "log10" => log10(x);
    Sin "sin" => sin(x);
    Cos "cos" => cos(x);
    Tan "tan" => tan(x);
    Asin "asin" => asin(x);
    Acos "acos" => acos(x);
    Atan "atan" => atan(x);
    Sinh "sinh" => sinh(x);
    Cosh "cosh" => cosh(x);
    Tanh "tanh" => tanh(x);
    Pow "pow" => pow(a, b);
    Mod "mod" => modulo(a, b);
}

/// The length in DT steps of a pipeline delay of `delay` time units:
/// `round(delay / dt)` (halves away from zero), at least 1 (also for NaN) and at most
/// `capacity`. A delay shorter than half a DT still delays by one step, so a pipeline
/// delay never passes its input through in the same step: like a stock, it breaks
/// feedback loops.
pub fn pipeline_steps(delay: f64, dt: f64, capacity: u32) -> u32 {
    let steps = round(delay / dt);
    if steps >= capacity as f64 {
        capacity
    } else if steps >= 1.0 {
        steps as u32
    } else {
        1
    }
}

/// Reads a graphical-function table at `x` (`xs` non-decreasing, at least one knot).
///
/// - NaN in, NaN out.
/// - `Table` mode on a continuous table: `ys[0]` at or below `xs[0]`, `ys[n-1]` at or
///   above `xs[n-1]`; between, on the segment `i` = the last knot with `xs[i] <= x`:
///   `t = (x - xs[i]) / (xs[i+1] - xs[i]); ys[i] + t * (ys[i+1] - ys[i])`.
///   An x equal to a knot therefore returns that knot's y exactly.
/// - Extrapolate: the same formula on the first (last) segment beyond the ends, when that
///   segment has a non-zero width; otherwise clamped.
/// - Discrete and `Backward` mode: `ys[i]` for the last knot with `xs[i] <= x`
///   (`ys[0]` below the table).
/// - `Forward` mode: `ys[i]` for the first knot with `xs[i] >= x` (`ys[n-1]` above).
pub fn lookup(xs: &[f64], ys: &[f64], kind: TableKind, mode: LookupMode, x: f64) -> f64 {
    let n = xs.len();
    debug_assert!(n >= 1 && ys.len() == n);
    if x.is_nan() {
        return f64::NAN;
    }
    match (mode, kind) {
        (LookupMode::Forward, _) => match xs.iter().position(|&k| k >= x) {
            Some(i) => ys[i],
            None => ys[n - 1],
        },
        (LookupMode::Backward, _) | (LookupMode::Table, TableKind::Discrete) => {
            match xs.iter().rposition(|&k| k <= x) {
                Some(i) => ys[i],
                None => ys[0],
            }
        }
        (LookupMode::Table, kind) => {
            let extrapolate = kind == TableKind::Extrapolate && n >= 2;
            if x <= xs[0] {
                if extrapolate && x < xs[0] && xs[1] != xs[0] {
                    return interpolate(xs, ys, 0, x);
                }
                return ys[0];
            }
            if x >= xs[n - 1] {
                if extrapolate && x > xs[n - 1] && xs[n - 1] != xs[n - 2] {
                    return interpolate(xs, ys, n - 2, x);
                }
                return ys[n - 1];
            }
            // xs[0] < x < xs[n-1]: the last knot at or below x exists and is not the last.
            let i = xs.iter().rposition(|&k| k <= x).unwrap_or(0);
            interpolate(xs, ys, i, x)
        }
    }
}

/// Linear interpolation on segment `i` (the one formula every backend uses).
#[inline]
pub fn interpolate(xs: &[f64], ys: &[f64], i: usize, x: f64) -> f64 {
    let t = (x - xs[i]) / (xs[i + 1] - xs[i]);
    ys[i] + t * (ys[i + 1] - ys[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthiness() {
        assert!(!truthy(0.0));
        assert!(!truthy(-0.0));
        assert!(!truthy(1e-17));
        assert!(truthy(1e-15));
        assert!(truthy(-1.0));
        assert!(truthy(f64::NAN));
        assert!(truthy(f64::INFINITY));
    }

    #[test]
    fn equality_within_ulps() {
        assert!(approx_eq(0.1 + 0.2, 0.3));
        let x = 1234.5678f64;
        let four_up = f64::from_bits(x.to_bits() + 4);
        let five_up = f64::from_bits(x.to_bits() + 5);
        assert!(approx_eq(x, four_up));
        assert!(!approx_eq(x, five_up));
        assert!(approx_eq(0.0, -0.0));
        assert!(approx_eq(1e-17, 0.0));
        assert!(!approx_eq(f64::NAN, f64::NAN));
        assert!(approx_eq(f64::INFINITY, f64::INFINITY));
        assert!(!approx_eq(f64::MAX, f64::INFINITY));
        assert!(!approx_eq(1.0, 1.0 + 1e-12));
    }

    #[test]
    fn min_max_propagate_nan_and_order_zeros() {
        assert!(min(1.0, f64::NAN).is_nan());
        assert!(min(f64::NAN, 1.0).is_nan());
        assert!(max(f64::NAN, 1.0).is_nan());
        assert_eq!(min(-0.0, 0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(min(0.0, -0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(max(-0.0, 0.0).to_bits(), 0f64.to_bits());
        assert_eq!(max(0.0, -0.0).to_bits(), 0f64.to_bits());
        assert_eq!(min(2.0, 3.0), 2.0);
        assert_eq!(max(2.0, 3.0), 3.0);
    }

    #[test]
    fn euclidean_mod() {
        assert_eq!(modulo(5.0, 3.0), 2.0);
        assert_eq!(modulo(5.0, -3.0), 2.0);
        assert_eq!(modulo(-5.0, 3.0), 1.0);
        assert_eq!(modulo(-5.0, -3.0), 1.0);
        assert!(modulo(1.0, 0.0).is_nan());
    }

    #[test]
    fn round_halves_away_from_zero() {
        for (x, want) in [
            (2.5, 3.0),
            (-2.5, -3.0),
            (0.5, 1.0),
            (-0.5, -1.0),
            (1.4999999999999998, 1.0),
            (0.49999999999999994, 0.0),
            (4503599627370497.0, 4503599627370497.0),
            (2.4, 2.0),
            (-2.6, -3.0),
        ] {
            assert_eq!(round(x), want, "round({x})");
            assert_eq!(round(x), x.round(), "matches f64::round at {x}");
        }
        assert!(round(f64::NAN).is_nan());
        assert_eq!(round(f64::INFINITY), f64::INFINITY);
        assert_eq!(round(-0.3).to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn pipeline_steps_round_and_clamp() {
        assert_eq!(pipeline_steps(5.0, 1.0, 100), 5);
        assert_eq!(pipeline_steps(1.0, 0.25, 100), 4);
        assert_eq!(pipeline_steps(1.1, 0.25, 100), 4);
        assert_eq!(pipeline_steps(1.125, 0.25, 100), 5);
        assert_eq!(pipeline_steps(0.0, 1.0, 100), 1);
        assert_eq!(pipeline_steps(-3.0, 1.0, 100), 1);
        assert_eq!(pipeline_steps(f64::NAN, 1.0, 100), 1);
        assert_eq!(pipeline_steps(1e9, 1.0, 100), 100);
        assert_eq!(pipeline_steps(f64::INFINITY, 1.0, 100), 100);
    }

    #[test]
    fn sign_of_values() {
        assert_eq!(sign(3.0), 1.0);
        assert_eq!(sign(-3.0), -1.0);
        assert_eq!(sign(-0.0).to_bits(), 0f64.to_bits());
        assert!(sign(f64::NAN).is_nan());
    }

    #[test]
    fn lookups_clamp_interpolate_and_hit_knots() {
        let xs = [0.0, 1.0, 3.0];
        let ys = [0.0, 10.0, 30.0];
        let l = |x| lookup(&xs, &ys, TableKind::Continuous, LookupMode::Table, x);
        assert_eq!(l(-5.0), 0.0);
        assert_eq!(l(5.0), 30.0);
        assert_eq!(l(1.0), 10.0);
        assert_eq!(l(0.5), 5.0);
        assert_eq!(l(2.0), 20.0);
        assert!(l(f64::NAN).is_nan());
        let e = |x| lookup(&xs, &ys, TableKind::Extrapolate, LookupMode::Table, x);
        assert_eq!(e(-1.0), -10.0);
        assert_eq!(e(4.0), 40.0);
        let d = |x| lookup(&xs, &ys, TableKind::Discrete, LookupMode::Table, x);
        assert_eq!(d(0.99), 0.0);
        assert_eq!(d(1.0), 10.0);
        assert_eq!(d(-1.0), 0.0);
        let f = |x| lookup(&xs, &ys, TableKind::Continuous, LookupMode::Forward, x);
        assert_eq!(f(0.5), 10.0);
        assert_eq!(f(1.0), 10.0);
        assert_eq!(f(9.0), 30.0);
        let b = |x| lookup(&xs, &ys, TableKind::Continuous, LookupMode::Backward, x);
        assert_eq!(b(2.9), 10.0);
        assert_eq!(b(-2.0), 0.0);
    }

    #[test]
    fn lookup_with_repeated_knots_takes_the_later_segment() {
        let xs = [0.0, 1.0, 1.0, 2.0];
        let ys = [0.0, 1.0, 5.0, 6.0];
        let l = |x| lookup(&xs, &ys, TableKind::Continuous, LookupMode::Table, x);
        assert_eq!(l(1.0), 5.0);
        assert_eq!(l(0.5), 0.5);
        assert_eq!(l(1.5), 5.5);
    }
}
