//! The random functions: XMILE's and Stella's (`NORMAL(mean, sd[, seed])`...) and
//! Vensim's (`RANDOM_NORMAL(min, max, mean, sd, seed)`..., as the `.mdl` reader writes
//! them), each lowered to one call of the host function `random`
//! (`numerics::distributions::random`) with the call's key: its seed (the run seed,
//! `Global::Seed`, unless the call gives one), its call site (a number fixed by the
//! model text, [`site`]), the instance (`Expr::Instance`, known only at run time:
//! module code is shared by instances) and the step (`Global::Step`, constant within
//! one DT). docs/semantics.md ("Random functions") states each one's arguments.

use crate::ir::{BinOp, Builtin, Global};
// Lowered while equations are resolved: variables are ids.
use super::scope::VarExpr as Expr;
use crate::numerics::HostFn;
use crate::numerics::distributions::{Dist, VENSIM};
use crate::numerics::random::{MAX_SEED, mix};

/// How a function's arguments map onto the draw.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// XMILE/Stella: the distribution's parameters in order, then an optional seed.
    Plain,
    /// Vensim: `min, max`, the parameters (in [`RandomFn::order`]), then `shift,
    /// stretch` when `shifted`, then the stream (seed) argument, 0 meaning the run seed.
    Vensim { shifted: bool },
    /// Vensim's RANDOM UNIFORM(min, max, stream): the plain uniform on `[min, max]`
    /// (nothing to truncate), with Vensim's stream argument.
    VensimUniform,
}

pub(crate) struct RandomFn {
    /// Canonical name.
    pub name: &'static str,
    dist: Dist,
    /// The number of distribution parameters written in the call.
    params: usize,
    /// Where each of the written parameters goes in `(a, b, c)` (Vensim's BINOMIAL
    /// writes `P, N` where the distribution takes `n, p`).
    order: [usize; 3],
    /// Parameters the function fixes (Vensim's unit normal, exponential, gamma scale):
    /// `(index in a, b, c, value)`.
    fixed: &'static [(usize, f64)],
    form: Form,
}

impl RandomFn {
    /// The argument counts the call accepts: `(min, max)`.
    pub fn arity(&self) -> (usize, usize) {
        match self.form {
            Form::Plain => (self.params, self.params + 1),
            Form::Vensim { shifted } => {
                let n = 2 + self.params + if shifted { 2 } else { 0 } + 1;
                (n, n)
            }
            Form::VensimUniform => (3, 3),
        }
    }

    /// The call's IR, its arguments already resolved, `site` from [`site`].
    pub fn lower(&self, args: Vec<Expr>, site: u64) -> Expr {
        let mut p = [Expr::Lit(0.0), Expr::Lit(0.0), Expr::Lit(0.0)];
        for &(i, v) in self.fixed {
            p[i] = Expr::Lit(v);
        }
        let mut it = args.into_iter();
        let mut next = || it.next().unwrap_or_else(|| unreachable!("arity is checked before lowering"));
        let run_seed = Expr::Global(Global::Seed);
        let (kind, bounds, transform, seed);
        match self.form {
            Form::Plain => {
                for i in 0..self.params {
                    p[self.order[i]] = next();
                }
                kind = self.dist as u8 as f64;
                bounds = [Expr::Lit(0.0), Expr::Lit(0.0)];
                transform = [Expr::Lit(0.0), Expr::Lit(1.0)];
                seed = None;
            }
            Form::Vensim { shifted } => {
                let (min, max) = (next(), next());
                for i in 0..self.params {
                    p[self.order[i]] = next();
                }
                transform = if shifted { [next(), next()] } else { [Expr::Lit(0.0), Expr::Lit(1.0)] };
                kind = VENSIM + self.dist as u8 as f64;
                bounds = [min, max];
                seed = Some(stream_seed(next(), run_seed.clone()));
            }
            Form::VensimUniform => {
                p[0] = next();
                p[1] = next();
                kind = self.dist as u8 as f64;
                bounds = [Expr::Lit(0.0), Expr::Lit(0.0)];
                transform = [Expr::Lit(0.0), Expr::Lit(1.0)];
                seed = Some(stream_seed(next(), run_seed.clone()));
            }
        }
        let seed = match (seed, it.next()) {
            (Some(s), _) => s,
            (None, Some(given)) => given,
            (None, None) => run_seed,
        };
        let [a, b, c] = p;
        let [min, max] = bounds;
        let [shift, stretch] = transform;
        let args = vec![
            Expr::Lit(kind),
            a,
            b,
            c,
            min,
            max,
            shift,
            stretch,
            seed,
            Expr::Lit(site as f64),
            Expr::Instance,
            Expr::Global(Global::Step),
        ];
        Expr::Call(Builtin::Host(HostFn::Random), args)
    }
}

/// Vensim's stream argument as a seed: stream 0 is the run seed, any other number the
/// call's own seed (`LET s = stream IN IF s = 0 THEN run seed ELSE s`).
fn stream_seed(stream: Expr, run_seed: Expr) -> Expr {
    let zero = Expr::Binary(BinOp::Eq, Box::new(Expr::Temp(0)), Box::new(Expr::Lit(0.0)));
    let pick = Expr::If(Box::new(zero), Box::new(run_seed), Box::new(Expr::Temp(0)));
    Expr::Let(Box::new(stream), Box::new(pick))
}

/// A call's site: a hash of the model, the variable the equation defines and the
/// call's byte offset in the equation, below 2^53 (an exact f64). Stable for a given
/// model text; two calls differ in variable or position; arrays are expanded first, so
/// each element is a variable of its own.
pub(crate) fn site(model: &str, variable: &str, offset: usize) -> u64 {
    // FNV-1a over the bytes (fixed, unlike std's hasher), then the generator's mix.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = model.bytes().chain([0]).chain(variable.bytes()).chain([0]).chain(offset.to_le_bytes());
    for byte in bytes {
        h = (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h) & MAX_SEED
}

pub(crate) fn find(canonical: &str) -> Option<&'static RandomFn> {
    RANDOM_FNS.iter().find(|f| f.name == canonical)
}

const fn plain(name: &'static str, dist: Dist, params: usize) -> RandomFn {
    RandomFn { name, dist, params, order: [0, 1, 2], fixed: &[], form: Form::Plain }
}

const fn vensim(
    name: &'static str,
    dist: Dist,
    params: usize,
    order: [usize; 3],
    fixed: &'static [(usize, f64)],
    shifted: bool,
) -> RandomFn {
    RandomFn { name, dist, params, order, fixed, form: Form::Vensim { shifted } }
}

const ORDER: [usize; 3] = [0, 1, 2];

static RANDOM_FNS: &[RandomFn] = &[
    plain("random", Dist::Uniform, 2),
    plain("normal", Dist::Normal, 2),
    plain("lognormal", Dist::LogNormal, 2),
    plain("poisson", Dist::Poisson, 1),
    plain("exprnd", Dist::Exponential, 1),
    plain("beta", Dist::Beta, 2),
    plain("binomial", Dist::Binomial, 2),
    plain("gamma", Dist::Gamma, 2),
    plain("geometric", Dist::Geometric, 1),
    plain("logistic", Dist::Logistic, 2),
    plain("negbinomial", Dist::NegBinomial, 2),
    plain("pareto", Dist::Pareto, 2),
    plain("triangular", Dist::Triangular, 3),
    plain("weibull", Dist::Weibull, 2),
    // Vensim (the `.mdl` reader writes RANDOM UNIFORM as RANDOM_UNIFORM...).
    RandomFn {
        name: "random_uniform",
        dist: Dist::Uniform,
        params: 2,
        order: ORDER,
        fixed: &[],
        form: Form::VensimUniform,
    },
    vensim("random_normal", Dist::Normal, 0, ORDER, &[(1, 1.0)], true),
    vensim("random_exponential", Dist::Exponential, 0, ORDER, &[(0, 1.0)], true),
    vensim("random_gamma", Dist::Gamma, 1, ORDER, &[(1, 1.0)], true),
    vensim("random_beta", Dist::Beta, 2, ORDER, &[], true),
    vensim("random_binomial", Dist::Binomial, 2, [1, 0, 2], &[], true),
    vensim("random_negative_binomial", Dist::NegBinomialTrials, 2, [1, 0, 2], &[], true),
    vensim("random_poisson", Dist::Poisson, 1, ORDER, &[], true),
    vensim("random_triangular", Dist::Triangular, 3, ORDER, &[], false),
    vensim("random_weibull", Dist::Weibull, 1, ORDER, &[(1, 1.0)], true),
    vensim("random_lognormal", Dist::LogNormalMoments, 2, ORDER, &[], false),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_canonical_unique_and_not_other_builtins() {
        for (i, f) in RANDOM_FNS.iter().enumerate() {
            assert_eq!(crate::canonical::canonical(f.name), f.name);
            assert!(RANDOM_FNS[i + 1..].iter().all(|o| o.name != f.name), "{} twice", f.name);
            assert!(super::super::builtins::find(f.name).is_none(), "{} is also a builtin", f.name);
        }
    }

    #[test]
    fn every_call_is_one_host_call_of_the_arity_the_host_function_has() {
        for f in RANDOM_FNS {
            let (lo, hi) = f.arity();
            for n in lo..=hi {
                let e = f.lower(vec![Expr::Lit(1.0); n], 7);
                let Expr::Call(Builtin::Host(h), args) = e else { panic!("{}: not a host call", f.name) };
                assert_eq!((h, args.len()), (HostFn::Random, HostFn::Random.arity()), "{}", f.name);
            }
        }
    }

    #[test]
    fn sites_differ_by_model_variable_and_position() {
        let s = site("m", "x", 3);
        assert_eq!(s, site("m", "x", 3));
        for other in [site("m", "x", 4), site("m", "y", 3), site("n", "x", 3), site("mx", "", 3)] {
            assert_ne!(s, other);
        }
        assert!(s <= MAX_SEED);
    }
}
