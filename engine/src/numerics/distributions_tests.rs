//! Distribution tests: 100,000 draws per function (one per step, as a model draws them)
//! against the distribution's CDF by the Kolmogorov-Smirnov statistic
//! `D = sup |F_n(x) - F(x)|`. The bound is the 1-in-1000 critical value
//! `sqrt(-ln(0.0005) / 2) / sqrt(n) = 0.00616`; the draws are a fixed function of the
//! seed, so each test passes or fails for good. For discrete distributions `D` is taken
//! over the integers, where the continuous critical value is conservative (the
//! statistic is stochastically smaller). Each CDF here is written independently of the
//! samplers (closed forms, or pmf sums in plain Rust `f64`).

use super::*;

const N: usize = 100_000;
const SITE: f64 = 17.0;

fn ks_bound() -> f64 {
    (-(0.0005f64).ln() / 2.0).sqrt() / (N as f64).sqrt()
}

/// `N` draws of `kind` with parameters `(a, b, c)` (and Vensim's `min, max, shift,
/// stretch` when the kind is a Vensim one), one per step, seed 5.
fn draws(kind: f64, p: [f64; 7]) -> Vec<f64> {
    (0..N).map(|step| random(kind, p[0], p[1], p[2], p[3], p[4], p[5], p[6], 5.0, SITE, 4.0, step as f64)).collect()
}

fn plain(d: Dist, a: f64, b: f64, c: f64) -> Vec<f64> {
    draws(d as u8 as f64, [a, b, c, 0.0, 0.0, 0.0, 0.0])
}

fn ks_continuous(mut xs: Vec<f64>, cdf: impl Fn(f64) -> f64) -> f64 {
    assert!(xs.iter().all(|x| x.is_finite()), "every draw is a number");
    xs.sort_by(f64::total_cmp);
    let n = xs.len() as f64;
    xs.iter().enumerate().fold(0.0f64, |d, (i, &x)| {
        let f = cdf(x);
        d.max((i as f64 + 1.0) / n - f).max(f - i as f64 / n)
    })
}

/// D over the integers `0..=top`, `pmf(k)` the probability of `k`.
fn ks_discrete(xs: &[f64], top: usize, pmf: impl Fn(usize) -> f64) -> f64 {
    let mut counts = vec![0usize; top + 1];
    for &x in xs {
        assert!(x >= 0.0 && x.fract() == 0.0, "a whole number: {x}");
        counts[(x as usize).min(top)] += 1;
    }
    let (mut seen, mut cdf, mut d) = (0usize, 0.0, 0.0f64);
    for (k, c) in counts.iter().enumerate().take(top) {
        seen += c;
        cdf += pmf(k);
        d = d.max((seen as f64 / xs.len() as f64 - cdf).abs());
    }
    d
}

fn assert_fits(name: &str, d: f64) {
    assert!(d < ks_bound(), "{name}: KS distance {d} above {}", ks_bound());
}

/// erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7, far below the bound).
fn erf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.3275911 * x.abs());
    let y = 1.0
        - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
            * t
            * (-x * x).exp();
    if x < 0.0 { -y } else { y }
}

fn phi(z: f64) -> f64 {
    0.5 * (1.0 + erf(z / std::f64::consts::SQRT_2))
}

fn ln_fact(k: usize) -> f64 {
    (2..=k).map(|i| (i as f64).ln()).sum()
}

fn choose_ln(n: usize, k: usize) -> f64 {
    ln_fact(n) - ln_fact(k) - ln_fact(n - k)
}

#[test]
fn continuous_distributions_fit_their_cdfs() {
    assert_fits("uniform", ks_continuous(plain(Dist::Uniform, -2.0, 3.0, 0.0), |x| (x + 2.0) / 5.0));
    assert_fits("normal", ks_continuous(plain(Dist::Normal, 10.0, 2.0, 0.0), |x| phi((x - 10.0) / 2.0)));
    assert_fits("lognormal", ks_continuous(plain(Dist::LogNormal, 0.5, 0.75, 0.0), |x| phi((x.ln() - 0.5) / 0.75)));
    assert_fits("exponential", ks_continuous(plain(Dist::Exponential, 3.0, 0.0, 0.0), |x| 1.0 - (-x / 3.0).exp()));
    assert_fits(
        "logistic",
        ks_continuous(plain(Dist::Logistic, 1.0, 2.0, 0.0), |x| 1.0 / (1.0 + (-(x - 1.0) / 2.0).exp())),
    );
    assert_fits("pareto", ks_continuous(plain(Dist::Pareto, 3.0, 2.0, 0.0), |x| 1.0 - (2.0 / x).powf(3.0)));
    assert_fits("weibull", ks_continuous(plain(Dist::Weibull, 1.5, 2.0, 0.0), |x| 1.0 - (-(x / 2.0).powf(1.5)).exp()));
    let tri = |x: f64| if x < 1.0 { (x * x) / 4.0 } else { 1.0 - (4.0 - x).powi(2) / 12.0 };
    assert_fits("triangular", ks_continuous(plain(Dist::Triangular, 0.0, 1.0, 4.0), tri));
    // Gamma of shape 3 (Erlang: 1 - e^-y (1 + y + y^2/2), y = x / scale), shape 0.5
    // with scale 2 (chi-square of 1 degree: erf(sqrt(x / 2))) and shape 1.
    let erlang = |x: f64| {
        let y = x / 1.5;
        1.0 - (-y).exp() * (1.0 + y + y * y / 2.0)
    };
    assert_fits("gamma 3", ks_continuous(plain(Dist::Gamma, 3.0, 1.5, 0.0), erlang));
    assert_fits("gamma 0.5", ks_continuous(plain(Dist::Gamma, 0.5, 2.0, 0.0), |x| erf((x / 2.0).sqrt())));
    assert_fits("gamma 1", ks_continuous(plain(Dist::Gamma, 1.0, 1.0, 0.0), |x| 1.0 - (-x).exp()));
    // Beta(2, 3): P(Binomial(4, x) >= 2); Beta(0.5, 0.5): (2 / pi) asin(sqrt x).
    let beta23 = |x: f64| 1.0 - (1.0 - x).powi(4) - 4.0 * x * (1.0 - x).powi(3);
    assert_fits("beta 2 3", ks_continuous(plain(Dist::Beta, 2.0, 3.0, 0.0), beta23));
    let arcsine = |x: f64| 2.0 / std::f64::consts::PI * x.sqrt().asin();
    assert_fits("beta 0.5 0.5", ks_continuous(plain(Dist::Beta, 0.5, 0.5, 0.0), arcsine));
    // Vensim's lognormal by its moments: mean 2, sd 1 -> sigma^2 = ln(1.25).
    let s2 = 1.25f64.ln();
    let mu = 2f64.ln() - s2 / 2.0;
    let moments = plain(Dist::LogNormalMoments, 2.0, 1.0, 0.0);
    assert_fits("lognormal by moments", ks_continuous(moments, |x| phi((x.ln() - mu) / s2.sqrt())));
}

#[test]
fn discrete_distributions_fit_their_pmfs() {
    let poisson = |m: f64| move |k: usize| (k as f64 * m.ln() - m - ln_fact(k)).exp();
    assert_fits("poisson 4 (search)", ks_discrete(&plain(Dist::Poisson, 4.0, 0.0, 0.0), 60, poisson(4.0)));
    assert_fits("poisson 100 (PTRS)", ks_discrete(&plain(Dist::Poisson, 100.0, 0.0, 0.0), 300, poisson(100.0)));
    let binomial = |n: usize, p: f64| {
        move |k: usize| {
            if k > n { 0.0 } else { (choose_ln(n, k) + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln()).exp() }
        }
    };
    let b = |n: f64, p: f64| plain(Dist::Binomial, n, p, 0.0);
    assert_fits("binomial 20 0.3 (search)", ks_discrete(&b(20.0, 0.3), 20, binomial(20, 0.3)));
    assert_fits("binomial 20 0.8 (flipped)", ks_discrete(&b(20.0, 0.8), 20, binomial(20, 0.8)));
    assert_fits("binomial 1000 0.4 (BTRS)", ks_discrete(&b(1000.0, 0.4), 1000, binomial(1000, 0.4)));
    assert_fits("binomial 1000 0.9 (BTRS, flipped)", ks_discrete(&b(1000.0, 0.9), 1000, binomial(1000, 0.9)));
    let geo = |k: usize| if k == 0 { 0.0 } else { 0.8f64.powi(k as i32 - 1) * 0.2 };
    assert_fits("geometric 0.2", ks_discrete(&plain(Dist::Geometric, 0.2, 0.0, 0.0), 200, geo));
    // Failures before the 3rd success at p = 0.4: C(k + 2, k) 0.4^3 0.6^k.
    let nb = |k: usize| (choose_ln(k + 2, k) + 3.0 * 0.4f64.ln() + k as f64 * 0.6f64.ln()).exp();
    assert_fits("negative binomial 3 0.4", ks_discrete(&plain(Dist::NegBinomial, 3.0, 0.4, 0.0), 200, nb));
    let trials = plain(Dist::NegBinomialTrials, 3.0, 0.4, 0.0);
    let nb_trials = |k: usize| if k < 3 { 0.0 } else { nb(k - 3) };
    assert_fits("negative binomial trials 3 0.4", ks_discrete(&trials, 200, nb_trials));
}

#[test]
fn the_test_rejects_a_wrong_distribution() {
    // The bound is tight enough to matter: a 5% error in the sd, or in a mean, is rejected.
    let d = ks_continuous(plain(Dist::Normal, 0.0, 1.0, 0.0), |x| phi(x / 1.05));
    assert!(d > ks_bound(), "{d}");
    let d =
        ks_discrete(&plain(Dist::Poisson, 4.0, 0.0, 0.0), 60, |k| (k as f64 * 4.2f64.ln() - 4.2 - ln_fact(k)).exp());
    assert!(d > ks_bound(), "{d}");
}

#[test]
fn vensim_forms_stretch_shift_and_truncate() {
    let v = VENSIM + Dist::Normal as u8 as f64;
    // RANDOM NORMAL(-1, 2, 0, 1, s): the standard normal conditioned on [-1, 2].
    let xs = draws(v, [0.0, 1.0, 0.0, -1.0, 2.0, 0.0, 1.0]);
    assert!(xs.iter().all(|&x| (-1.0..=2.0).contains(&x)));
    let (lo, hi) = (phi(-1.0), phi(2.0));
    assert_fits("truncated normal", ks_continuous(xs, |x| (phi(x) - lo) / (hi - lo)));
    // RANDOM EXPONENTIAL(0, 100, 5, 2, s): 5 + 2 E(1), so shifted and stretched.
    let e = VENSIM + Dist::Exponential as u8 as f64;
    let xs = draws(e, [1.0, 0.0, 0.0, 0.0, 100.0, 5.0, 2.0]);
    assert_fits("shifted exponential", ks_continuous(xs, |x| 1.0 - (-(x - 5.0) / 2.0).exp()));
    // A window the distribution cannot reach: 64 tries, then the last draw clamped.
    let far = random(v, 0.0, 1.0, 0.0, 50.0, 60.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0);
    assert_eq!(far, 50.0);
    assert!(random(v, 0.0, 1.0, 0.0, 2.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0).is_nan(), "min > max");
}

#[test]
fn invalid_parameters_are_nan_and_unknown_kinds_too() {
    let one = |d: Dist, a: f64, b: f64, c: f64| random(d as u8 as f64, a, b, c, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0);
    assert!(one(Dist::Gamma, -1.0, 1.0, 0.0).is_nan());
    assert!(one(Dist::Poisson, -1.0, 0.0, 0.0).is_nan());
    assert!(one(Dist::Poisson, f64::NAN, 0.0, 0.0).is_nan());
    assert!(one(Dist::Binomial, -3.0, 0.5, 0.0).is_nan());
    assert!(one(Dist::Geometric, 0.0, 0.0, 0.0).is_nan());
    assert!(one(Dist::Triangular, 3.0, 1.0, 4.0).is_nan());
    assert_eq!(one(Dist::Binomial, 10.0, 7.0, 0.0), 10.0, "p outside [0, 1] is 1 (Stella)");
    assert_eq!(one(Dist::Poisson, 0.0, 0.0, 0.0), 0.0);
    assert!(random(40.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0).is_nan());
    // Huge means stay bounded (no loop runs away) and finite.
    assert!(one(Dist::Poisson, 1e15, 0.0, 0.0).is_finite());
    assert!(one(Dist::Binomial, 1e15, 0.3, 0.0).is_finite());
    assert!(one(Dist::Binomial, 1e9, 1e-8, 0.0).is_finite());
}

/// Pearson correlation of two samples.
fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

#[test]
fn call_sites_instances_seeds_and_steps_are_independent() {
    // For independent samples of 100,000 the correlation is about N(0, 1/n): a bound of
    // 5 / sqrt(n) = 0.0158 fails with probability below 10^-6 when they are independent.
    let bound = 5.0 / (N as f64).sqrt();
    let u = |seed: f64, site: f64, inst: f64| -> Vec<f64> {
        (0..N).map(|k| random(0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, seed, site, inst, k as f64)).collect()
    };
    let base = u(1.0, 1.0, 4.0);
    for (what, other) in [
        ("call site", u(1.0, 2.0, 4.0)),
        ("instance", u(1.0, 1.0, 5.0)),
        ("seed", u(2.0, 1.0, 4.0)),
        ("site and instance swapped", u(1.0, 4.0, 1.0)),
    ] {
        let r = correlation(&base, &other);
        assert!(r.abs() < bound, "{what}: correlation {r}");
        assert_ne!(base, other);
    }
    let lag = correlation(&base[..N - 1], &base[1..]);
    assert!(lag.abs() < bound, "consecutive steps: correlation {lag}");
    // The same key gives the same draw.
    assert_eq!(base, u(1.0, 1.0, 4.0));
}
