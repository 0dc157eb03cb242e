//! The random functions' distributions, each a transform of the uniforms of one
//! [`Stream`], written once: the host function [`random`] evaluates them for every
//! backend, and `docs/millrace-host.mjs` states the same steps in JavaScript.
//!
//! Every sampler takes a bounded number of uniforms: closed-form inverses where they
//! exist, a capped inverse-CDF search (Poisson and binomial with small means), and
//! transformed rejection with at most [`TRIES`] tries and a stated fallback elsewhere.
//! The acceptance rates are above 0.8, so the fallback is reached with a probability
//! below 10^-40 per draw: it exists so that no input makes a loop run unbounded.
//! docs/semantics.md ("Random functions") states each distribution's arguments.

use super::eval::Eval;
use super::random::{Stream, word};
use super::rules;
use super::{exp, ln, pow};

/// The most rejection tries of one draw (gamma, Poisson and binomial rejection, Vensim's
/// truncation to `[min, max]`).
pub const TRIES: u32 = 64;

/// The most steps of an inverse-CDF search (Poisson mean and binomial `n * p` below
/// [`SEARCH_BELOW`]: the probability of a value this far out is below 10^-300).
pub const SEARCH_STEPS: u32 = 1000;

/// Means below this use the inverse-CDF search, above it transformed rejection.
pub const SEARCH_BELOW: f64 = 30.0;

/// What a random call draws: the code the compiler writes as the host function's first
/// argument. XMILE/Stella functions use the plain kinds; Vensim's `RANDOM ...` functions
/// the same kinds, stretched, shifted and truncated ([`random`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Dist {
    /// `(min, max)`: `min + (max - min) * u`.
    Uniform = 0,
    /// `(mean, sd)`.
    Normal = 1,
    /// `(mu, sigma)`: `exp` of a normal with mean mu and standard deviation sigma.
    LogNormal = 2,
    /// `(mean)`.
    Poisson = 3,
    /// `(mean)`: `-mean * ln(u)`.
    Exponential = 4,
    /// `(alpha, beta)`.
    Beta = 5,
    /// `(n, p)`: successes in `n` trials.
    Binomial = 6,
    /// `(shape, scale)`.
    Gamma = 7,
    /// `(p)`: trials up to and including the first success (1, 2, ...).
    Geometric = 8,
    /// `(mean, scale)`.
    Logistic = 9,
    /// `(r, p)`: failures before the `r`-th success.
    NegBinomial = 10,
    /// `(shape, scale)`: at least `scale`.
    Pareto = 11,
    /// `(lower, mode, upper)`.
    Triangular = 12,
    /// `(shape, scale)`.
    Weibull = 13,
    /// `(mean, sd)` of the value itself (not of its log): Vensim's RANDOM LOGNORMAL.
    LogNormalMoments = 14,
    /// `(r, p)`: trials up to and including the `r`-th success (`r + NegBinomial`):
    /// Vensim's RANDOM NEGATIVE BINOMIAL.
    NegBinomialTrials = 15,
}

impl Dist {
    pub const ALL: [Dist; 16] = [
        Dist::Uniform,
        Dist::Normal,
        Dist::LogNormal,
        Dist::Poisson,
        Dist::Exponential,
        Dist::Beta,
        Dist::Binomial,
        Dist::Gamma,
        Dist::Geometric,
        Dist::Logistic,
        Dist::NegBinomial,
        Dist::Pareto,
        Dist::Triangular,
        Dist::Weibull,
        Dist::LogNormalMoments,
        Dist::NegBinomialTrials,
    ];

    /// The kind of code `x` (the host function's first argument), if any.
    pub fn of(x: f64) -> Option<Dist> {
        Dist::ALL.into_iter().find(|d| *d as u8 as f64 == x)
    }

    /// One draw with parameters `p` (unused ones ignored).
    pub fn sample(self, p: [f64; 3], s: &mut Stream) -> f64 {
        let [a, b, c] = p;
        match self {
            Dist::Uniform => a + (b - a) * s.uniform(),
            Dist::Normal => a + b * std_normal(s),
            Dist::LogNormal => exp(a + b * std_normal(s)),
            Dist::Poisson => poisson(a, s),
            Dist::Exponential => -a * ln(s.uniform()),
            Dist::Beta => beta(a, b, s),
            Dist::Binomial => binomial(a, b, s),
            Dist::Gamma => gamma(a, s) * b,
            Dist::Geometric => geometric(a, s),
            Dist::Logistic => {
                let u = s.uniform();
                a + b * ln(u / (1.0 - u))
            }
            Dist::NegBinomial => neg_binomial(a, b, s),
            Dist::Pareto => b * pow(s.uniform(), -1.0 / a),
            Dist::Triangular => triangular(a, b, c, s.uniform()),
            Dist::Weibull => b * pow(-ln(s.uniform()), 1.0 / a),
            Dist::LogNormalMoments => {
                // sigma^2 = ln(1 + sd^2 / mean^2), mu = ln(mean) - sigma^2 / 2.
                let var = ln(1.0 + (b * b) / (a * a));
                exp((ln(a) - var / 2.0) + var.sqrt() * std_normal(s))
            }
            Dist::NegBinomialTrials => a.floor() + neg_binomial(a, b, s),
        }
    }
}

/// The host function of every random call (`HostFn::Random`):
/// `random(kind, a, b, c, min, max, shift, stretch, seed, site, instance, step)`.
/// A kind below 64 is a plain draw of [`Dist`] `kind` with parameters `(a, b, c)`
/// (`min`..`stretch` unused); `64 + k` is Vensim's form of kind `k`:
/// `shift + stretch * x`, redrawn until it lies in `[min, max]` (at most [`TRIES`]
/// draws; then the last one clamped to `[min, max]`); NaN when `min > max`. An unknown
/// kind is NaN. The stream is keyed by ([`word`] of) seed, site, instance and step.
#[allow(clippy::too_many_arguments)]
pub extern "C" fn random(
    kind: f64,
    a: f64,
    b: f64,
    c: f64,
    min: f64,
    max: f64,
    shift: f64,
    stretch: f64,
    seed: f64,
    site: f64,
    instance: f64,
    step: f64,
) -> f64 {
    let mut s = Stream::new(word(seed), word(site), word(instance), word(step));
    let (vensim, code) = if kind >= VENSIM { (true, kind - VENSIM) } else { (false, kind) };
    let Some(dist) = Dist::of(code) else { return f64::NAN };
    if !vensim {
        return dist.sample([a, b, c], &mut s);
    }
    if min > max {
        return f64::NAN;
    }
    let mut x = f64::NAN;
    for _ in 0..TRIES {
        x = shift + stretch * dist.sample([a, b, c], &mut s);
        if x >= min && x <= max {
            return x;
        }
    }
    let o = &mut Eval::new();
    let above = rules::max(o, x, min);
    rules::min(o, above, max)
}

/// The kind offset of Vensim's stretched, shifted and truncated forms.
pub const VENSIM: f64 = 64.0;

/// A standard normal by Box-Muller from two uniforms: `sqrt(-2 ln u1) * cos(2 pi u2)`.
fn std_normal(s: &mut Stream) -> f64 {
    let u1 = s.uniform();
    let u2 = s.uniform();
    (-2.0 * ln(u1)).sqrt() * super::cos((2.0 * std::f64::consts::PI) * u2)
}

/// Gamma with `shape` and scale 1: Marsaglia and Tsang's method (2000), with
/// `gamma(shape + 1) * u^(1 / shape)` below shape 1. NaN unless `shape > 0`. After
/// [`TRIES`] rejections, `d = shape - 1/3` (near the median).
fn gamma(shape: f64, s: &mut Stream) -> f64 {
    // Finite and positive (NaN fails both tests).
    if !(shape.is_finite() && shape > 0.0) {
        return f64::NAN;
    }
    if shape < 1.0 {
        let g = gamma(shape + 1.0, s);
        return g * pow(s.uniform(), 1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    for _ in 0..TRIES {
        let z = std_normal(s);
        let t = 1.0 + c * z;
        if t <= 0.0 {
            continue;
        }
        let v = t * t * t;
        let u = s.uniform();
        if ln(u) < 0.5 * (z * z) + (d - d * v) + d * ln(v) {
            return d * v;
        }
    }
    d
}

/// Beta as `x / (x + y)` of two gammas with scale 1.
fn beta(alpha: f64, beta: f64, s: &mut Stream) -> f64 {
    let x = gamma(alpha, s);
    let y = gamma(beta, s);
    x / (x + y)
}

/// `ln(k!)` for a whole `k >= 0`: exactly summed logs below 16, else Stirling's series
/// for `ln Gamma(k + 1)` to the `z^-5` term (error below 10^-12 at k = 16).
fn ln_factorial(k: f64) -> f64 {
    if k < 16.0 {
        let mut f = 1.0;
        let mut i = 2.0;
        while i <= k {
            f *= i;
            i += 1.0;
        }
        return ln(f);
    }
    let z = k + 1.0;
    let z2 = z * z;
    let series = 1.0 / (12.0 * z) - 1.0 / (360.0 * (z * z2)) + 1.0 / (1260.0 * (z * z2 * z2));
    ((z - 0.5) * ln(z) - z) + 0.918_938_533_204_672_8 + series
}

/// Poisson: NaN for a negative or NaN mean, 0 for 0. Below [`SEARCH_BELOW`], the
/// inverse CDF of one uniform by a forward search (at most [`SEARCH_STEPS`] steps); above,
/// Hormann's transformed rejection PTRS (1993), falling back to `floor(mean)`.
fn poisson(mean: f64, s: &mut Stream) -> f64 {
    if !(mean.is_finite() && mean >= 0.0) {
        return f64::NAN;
    }
    if mean == 0.0 {
        return 0.0;
    }
    if mean < SEARCH_BELOW {
        let u = s.uniform();
        let mut p = exp(-mean);
        let mut cdf = p;
        let mut k = 0.0;
        let mut steps = 0;
        while u > cdf && steps < SEARCH_STEPS {
            k += 1.0;
            p *= mean / k;
            cdf += p;
            steps += 1;
        }
        return k;
    }
    let slam = mean.sqrt();
    let loglam = ln(mean);
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    for _ in 0..TRIES {
        let u = s.uniform() - 0.5;
        let v = s.uniform();
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + mean + 0.43).floor();
        if us >= 0.07 && v <= vr {
            return k;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        if ln(v) + ln(inv_alpha) - ln(a / (us * us) + b) <= -mean + k * loglam - ln_factorial(k) {
            return k;
        }
    }
    mean.floor()
}

/// Binomial with `n` trials (truncated to a whole number) and success probability `p`
/// (outside `[0, 1]` taken as 1, as Stella documents); NaN for a negative or NaN `n` or
/// a NaN `p`. With `q = min(p, 1 - p)`: below [`SEARCH_BELOW`] for `n * q`, the inverse
/// CDF of one uniform by a forward search (at most [`SEARCH_STEPS`] steps); above,
/// Hormann's BTRS (1993), falling back to `floor(n * q)`. For `p > 1/2` the result is
/// `n` minus the draw for `q`.
fn binomial(n: f64, p: f64, s: &mut Stream) -> f64 {
    if !(n.is_finite() && n >= 0.0) || p.is_nan() {
        return f64::NAN;
    }
    let n = n.floor();
    let p = if (0.0..=1.0).contains(&p) { p } else { 1.0 };
    let flip = p > 0.5;
    let q = if flip { 1.0 - p } else { p };
    if q == 0.0 || n == 0.0 {
        return if flip { n } else { 0.0 };
    }
    let k = if n * q < SEARCH_BELOW {
        let u = s.uniform();
        let ratio = q / (1.0 - q);
        let mut f = pow(1.0 - q, n);
        let mut cdf = f;
        let mut k = 0.0;
        let mut steps = 0;
        while u > cdf && k < n && steps < SEARCH_STEPS {
            f *= ((n - k) / (k + 1.0)) * ratio;
            k += 1.0;
            cdf += f;
            steps += 1;
        }
        k
    } else {
        btrs(n, q, s)
    };
    if flip { n - k } else { k }
}

/// Hormann's BTRS for `n * q >= 10`, `q <= 1/2`.
fn btrs(n: f64, q: f64, s: &mut Stream) -> f64 {
    let spq = (n * q * (1.0 - q)).sqrt();
    let b = 1.15 + 2.53 * spq;
    let a = -0.0873 + 0.0248 * b + 0.01 * q;
    let c = n * q + 0.5;
    let vr = 0.92 - 4.2 / b;
    let alpha = (2.83 + 5.1 / b) * spq;
    let lpq = ln(q / (1.0 - q));
    let m = ((n + 1.0) * q).floor();
    let h = ln_factorial(m) + ln_factorial(n - m);
    for _ in 0..TRIES {
        let u = s.uniform() - 0.5;
        let v = s.uniform();
        let us = 0.5 - u.abs();
        let k = ((2.0 * a / us + b) * u + c).floor();
        if k < 0.0 || k > n {
            continue;
        }
        if us >= 0.07 && v <= vr {
            return k;
        }
        let v = ln(v * alpha / (a / (us * us) + b));
        if v <= (h - ln_factorial(k) - ln_factorial(n - k)) + (k - m) * lpq {
            return k;
        }
    }
    (n * q).floor()
}

/// Geometric on 1, 2, ...: `max(1, ceil(ln(u) / ln(1 - p)))`; 1 for `p = 1`, NaN unless
/// `0 < p <= 1`.
fn geometric(p: f64, s: &mut Stream) -> f64 {
    if !(p > 0.0 && p <= 1.0) {
        return f64::NAN;
    }
    let u = s.uniform();
    if p == 1.0 {
        return 1.0;
    }
    (ln(u) / ln(1.0 - p)).ceil().max(1.0)
}

/// Failures before the `r`-th success (`r` truncated to a whole number, at least 1) with
/// success probability `p` (`0 < p <= 1`, else NaN): Poisson of a gamma with shape `r`
/// and scale `(1 - p) / p`.
fn neg_binomial(r: f64, p: f64, s: &mut Stream) -> f64 {
    let r = r.floor();
    if !(r >= 1.0 && p > 0.0 && p <= 1.0) || r.is_infinite() {
        return f64::NAN;
    }
    if p == 1.0 {
        return 0.0;
    }
    let g = gamma(r, s) * ((1.0 - p) / p);
    poisson(g, s)
}

/// Triangular by its inverse CDF at `u`: below `F(mode) = (mode - lo) / (hi - lo)`,
/// `lo + sqrt(u (hi - lo)(mode - lo))`, else `hi - sqrt((1 - u)(hi - lo)(hi - mode))`.
/// NaN unless `lo <= mode <= hi`; `lo` when `lo = hi`.
fn triangular(lo: f64, mode: f64, hi: f64, u: f64) -> f64 {
    if !(lo <= mode && mode <= hi) {
        return f64::NAN;
    }
    let width = hi - lo;
    if width == 0.0 {
        return lo;
    }
    if u < (mode - lo) / width {
        lo + (u * width * (mode - lo)).sqrt()
    } else {
        hi - ((1.0 - u) * width * (hi - mode)).sqrt()
    }
}

#[cfg(test)]
#[path = "distributions_tests.rs"]
mod tests;
