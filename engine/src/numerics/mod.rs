//! Every numeric rule of Millrace, stated once in code. docs/semantics.md explains each
//! rule and names the test that pins it.
//!
//! - [`rules`]: each inline rule (truthiness, equality, ROUND, SIGN, SAFEDIV, lookups,
//!   PREVIOUS, the pipeline ring) written once over the operations of [`ops::Ops`]. The
//!   vm evaluates the rules ([`eval::Eval`]); the jit and the wasm generator run the same
//!   rules through their own `Ops` adapters to emit code, so the three perform the very
//!   same IEEE operations in the same order.
//! - The f64 functions below are rules the vm and the compiler evaluate outside an
//!   expression (truthiness, equality, lookups, pipeline steps); an inline builtin's rule
//!   as an f64 function is `ir::InlineFn::f64_fn`, generated from the rule table.
//! - [`HostFn`]: the only operations a backend may not inline (the transcendentals, `pow`
//!   `modulo` and the random draws of [`distributions`] over the counter-based generator
//!   of [`random`]), one Rust implementation every backend calls.

pub mod distributions;
pub mod eval;
pub mod ops;
pub mod random;
pub mod rules;

use crate::ir::{LookupMode, TableKind};
use distributions::random;
use eval::Eval;
use ops::Ops;
use rules::LookupFn;

/// The condition rule ([`rules::truthy`]): `|v| > f64::EPSILON`, or NaN.
#[inline]
pub fn truthy(v: f64) -> bool {
    rules::truthy(&mut Eval::new(), v)
}

/// 1.0 for true, 0.0 for false: how comparisons and logical operators return.
#[inline]
pub fn from_bool(b: bool) -> f64 {
    Eval::new().one_if(b)
}

/// `a = b` ([`rules::approx_eq`]): equal, or closer than `f64::EPSILON`, or at most 4
/// ULPs apart (finite values of one sign). NaN equals nothing; an infinity only itself.
#[inline]
pub fn approx_eq(a: f64, b: f64) -> bool {
    rules::approx_eq(&mut Eval::new(), a, b)
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
    Random "random" => random(kind, a, b, c, min, max, shift, stretch, seed, site, instance, step);
}

/// The length in DT steps of a pipeline delay of `delay` time units
/// ([`rules::pipeline_steps`]): `round(delay / dt)`, at least 1 (also for NaN), at most
/// `capacity`.
pub fn pipeline_steps(delay: f64, dt: f64, capacity: u32) -> u32 {
    rules::pipeline_steps(&mut Eval::new(), delay, dt, capacity as f64) as u32
}

/// Reads a graphical-function table at `x` (`xs` non-decreasing and finite, at least one
/// knot) as [`rules::lookup`] states.
pub fn lookup(xs: &[f64], ys: &[f64], kind: TableKind, mode: LookupMode, x: f64) -> f64 {
    lookup_by(LookupFn::for_knots(kind, mode, xs.len(), rules::evenly_spaced(xs)), xs, ys, x)
}

/// [`lookup`] by the function `f` chosen for the table beforehand (`LookupFn::of`), as
/// the vm runs it.
#[inline]
pub fn lookup_by(f: LookupFn, xs: &[f64], ys: &[f64], x: f64) -> f64 {
    rules::lookup(&mut Eval::table(xs, ys, f.halving), f, x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::InlineFn;
    use rules::F64Fn;

    /// An inline builtin of one argument as the vm calls it (`InlineFn::f64_fn`).
    fn unary(f: InlineFn) -> fn(f64) -> f64 {
        match f.f64_fn() {
            F64Fn::Unary(g) => g,
            _ => panic!("{} takes one argument", f.name()),
        }
    }

    /// An inline builtin of two arguments as the vm calls it.
    fn binary(f: InlineFn) -> fn(f64, f64) -> f64 {
        match f.f64_fn() {
            F64Fn::Binary(g) => g,
            _ => panic!("{} takes two arguments", f.name()),
        }
    }

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
        let (min, max) = (binary(InlineFn::Min), binary(InlineFn::Max));
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
        let round = unary(InlineFn::Round);
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
        let sign = unary(InlineFn::Sign);
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
