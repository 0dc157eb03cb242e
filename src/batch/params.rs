//! Parameter sets of a batch: a grid of sweeps, random samples, or the rows of a CSV
//! file. A set is generated when a worker takes its run, never all up front: memory
//! does not grow with the run count (a 1e5 x 1e5 grid is 1e10 runs and needs none of
//! it stored). Sets come out of one generator in run order (`Rows::iter_from`, shared
//! by the workers under a lock), so a batch's runs (and its output) do not depend on
//! how many workers run them.

use std::path::Path;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution as _, Normal, Triangular, Uniform};

use super::BatchError;
use crate::value;

/// The most runs one batch takes (1e12): at a million runs a second (a small model,
/// final rows only) that is eleven days; more is a mistake, or several batches.
pub const MAX_RUNS: u64 = 1_000_000_000_000;

/// One run per row: `rows` generates, for run `i`, the value of constant `names[j]`
/// at position `j`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSets {
    pub names: Vec<String>,
    pub rows: Rows,
}

/// How the rows are made: each kind generates them one at a time.
#[derive(Debug, Clone, PartialEq)]
pub enum Rows {
    /// The full grid of the sweeps; the first sweep varies slowest.
    Grid(Vec<Sweep>),
    /// `n` draws of every distribution, from one ChaCha8 stream seeded with `seed`: run
    /// `i` draws its values in the order the constants were given, after run `i - 1`.
    Samples { n: u64, dists: Vec<Distribution>, seed: u64 },
    /// Given rows (a parameter file, a caller's list).
    List(Vec<Vec<f64>>),
}

impl From<Vec<Vec<f64>>> for Rows {
    fn from(rows: Vec<Vec<f64>>) -> Rows {
        Rows::List(rows)
    }
}

impl Rows {
    /// The number of runs, checked: at most `MAX_RUNS`, and every distribution one
    /// that can be sampled (an error names it). The one check a batch makes of its
    /// run list before it starts.
    pub fn count(&self) -> Result<usize, BatchError> {
        let too_many = |what: String| {
            BatchError::Usage(format!(
                "{what}: more than {MAX_RUNS} runs (1e12), the most one batch takes; split the work into several batches"
            ))
        };
        let n = match self {
            Rows::Grid(sweeps) => {
                let mut n: u64 = 1;
                for s in sweeps {
                    n = n.checked_mul(s.n as u64).filter(|&n| n <= MAX_RUNS).ok_or_else(|| {
                        let sizes: Vec<String> = sweeps.iter().map(|s| s.n.to_string()).collect();
                        too_many(format!("the sweep grid ({} values)", sizes.join(" x ")))
                    })?;
                }
                n
            }
            Rows::Samples { n, dists, .. } => {
                for d in dists {
                    Sampler::new(*d).map_err(BatchError::Usage)?;
                }
                if *n > MAX_RUNS {
                    return Err(too_many(format!("--samples {n}")));
                }
                *n
            }
            Rows::List(rows) => rows.len() as u64,
        };
        usize::try_from(n).map_err(|_| too_many(format!("{n} runs")))
    }

    /// The rows from run `start` on, in run order. A grid starts at `start` directly;
    /// samples draw and drop the runs before it (the stream has no shortcut: a normal
    /// draw takes a varying number of words), which costs time, not memory.
    pub fn iter_from(&self, start: usize) -> RowIter<'_> {
        let total = self.count().unwrap_or(0);
        let remaining = total.saturating_sub(start);
        let state = match self {
            Rows::Grid(sweeps) => {
                // `start` in mixed radix, the last sweep the fastest digit.
                let mut digits = vec![0; sweeps.len()];
                let mut rest = start;
                for (d, s) in digits.iter_mut().zip(sweeps).rev() {
                    *d = rest % s.n.max(1);
                    rest /= s.n.max(1);
                }
                State::Grid { sweeps, digits }
            }
            Rows::Samples { dists, seed, .. } => {
                // Checked by `count`; a distribution that still fails draws NaN, which
                // the batch refuses as a parameter value, naming it (never a silent default).
                let samplers = dists.iter().map(|d| Sampler::new(*d).ok()).collect();
                let mut state = State::Samples { rng: Box::new(ChaCha8Rng::seed_from_u64(*seed)), samplers };
                for _ in 0..start.min(total) {
                    state.next_row();
                }
                state
            }
            Rows::List(rows) => State::List(rows.get(start..).unwrap_or(&[]).iter()),
        };
        RowIter { state, remaining }
    }

    pub fn iter(&self) -> RowIter<'_> {
        self.iter_from(0)
    }

    /// Feeds what decides the rows to `eat` (for a shard's plan fingerprint), without
    /// generating them.
    pub(crate) fn describe(&self, eat: &mut dyn FnMut(&[u8])) {
        let num = |v: f64, eat: &mut dyn FnMut(&[u8])| eat(&v.to_bits().to_le_bytes());
        match self {
            Rows::Grid(sweeps) => {
                eat(b"grid");
                for s in sweeps {
                    num(s.lo, eat);
                    num(s.hi, eat);
                    eat(&(s.n as u64).to_le_bytes());
                }
            }
            Rows::Samples { n, dists, seed } => {
                eat(b"samples");
                eat(&n.to_le_bytes());
                eat(&seed.to_le_bytes());
                for d in dists {
                    let (kind, args): (&[u8], Vec<f64>) = match *d {
                        Distribution::Uniform { a, b } => (b"u", vec![a, b]),
                        Distribution::Normal { mean, sd } => (b"n", vec![mean, sd]),
                        Distribution::Triangular { a, mode, b } => (b"t", vec![a, mode, b]),
                    };
                    eat(kind);
                    args.into_iter().for_each(|v| num(v, eat));
                }
            }
            Rows::List(rows) => {
                eat(b"list");
                for v in rows.iter().flatten() {
                    num(*v, eat);
                }
            }
        }
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = Vec<f64>;
    type IntoIter = RowIter<'a>;
    fn into_iter(self) -> RowIter<'a> {
        self.iter()
    }
}

/// The rows of a `Rows`, one run at a time.
pub struct RowIter<'a> {
    state: State<'a>,
    remaining: usize,
}

enum State<'a> {
    Grid { sweeps: &'a [Sweep], digits: Vec<usize> },
    Samples { rng: Box<ChaCha8Rng>, samplers: Vec<Option<Sampler>> },
    List(std::slice::Iter<'a, Vec<f64>>),
}

impl State<'_> {
    fn next_row(&mut self) -> Option<Vec<f64>> {
        match self {
            State::Grid { sweeps, digits } => {
                let row = sweeps.iter().zip(digits.iter()).map(|(s, &d)| s.value(d)).collect();
                // Count up, the last digit fastest.
                for (d, s) in digits.iter_mut().zip(sweeps.iter()).rev() {
                    *d += 1;
                    if *d < s.n {
                        break;
                    }
                    *d = 0;
                }
                Some(row)
            }
            State::Samples { rng, samplers } => {
                Some(samplers.iter().map(|s| s.as_ref().map_or(f64::NAN, |s| s.sample(rng))).collect())
            }
            State::List(rows) => rows.next().cloned(),
        }
    }
}

impl Iterator for RowIter<'_> {
    type Item = Vec<f64>;
    fn next(&mut self) -> Option<Vec<f64>> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        self.state.next_row()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

/// `--sweep NAME=LO:HI:N`: `N` evenly spaced values from `LO` to `HI`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub name: String,
    pub lo: f64,
    pub hi: f64,
    pub n: usize,
}

impl Sweep {
    pub fn parse(text: &str) -> Result<Sweep, BatchError> {
        let bad =
            |why: &str| BatchError::Usage(format!("--sweep `{text}`: {why}; expected NAME=LO:HI:N, e.g. `k=0:10:11`"));
        let (name, range) = text.split_once('=').ok_or_else(|| bad("no `=`"))?;
        let name = name.trim();
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        let [lo, hi, n] = parts[..] else { return Err(bad("not three fields LO:HI:N")) };
        let number = |s: &str| value::parse(name, s).map_err(|e| bad(&e));
        let n = value::count(n, 1, MAX_RUNS).map_err(|e| bad(&format!("N {e}")))?;
        let n = usize::try_from(n).map_err(|_| bad("N is too large for this machine"))?;
        Ok(Sweep { name: name.to_owned(), lo: number(lo)?, hi: number(hi)?, n })
    }

    /// Value `i`: `lo + (hi - lo) * i / (n - 1)`, `lo` alone when `n` is 1. When that
    /// overflows (a span beyond the largest f64, `-1e308:1e308`), it is computed on the
    /// halved bounds and doubled (exact in binary floating point), inside the bounds.
    pub fn value(&self, i: usize) -> f64 {
        if self.n == 1 {
            return self.lo;
        }
        let plain = self.lo + (self.hi - self.lo) * i as f64 / (self.n - 1) as f64;
        if plain.is_finite() {
            return plain;
        }
        let t = i as f64 / (self.n - 1) as f64;
        let (lo, hi) = (self.lo / 2.0, self.hi / 2.0);
        let v = 2.0 * (lo + (hi - lo) * t);
        v.clamp(self.lo.min(self.hi), self.lo.max(self.hi))
    }
}

/// The distribution of a `--vary` constant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    Uniform { a: f64, b: f64 },
    Normal { mean: f64, sd: f64 },
    Triangular { a: f64, mode: f64, b: f64 },
}

/// A distribution ready to draw from, or why it cannot be. The rand_distr samplers
/// compute with the width of the range (and the triangular one with its square), which
/// overflows for wide ranges (`uniform(-1e308,1e308)`); such a range is sampled scaled
/// down by a power of two and scaled back (exact), clamped to the bounds.
#[derive(Debug, Clone, Copy)]
enum Sampler {
    Uniform(Uniform<f64>, f64),
    Normal(Normal<f64>),
    Triangular(Triangular<f64>, f64, f64, f64),
}

/// Scale for a triangular range too wide to square (2^600: a width up to 2^1025 becomes
/// 2^425, whose square is finite).
const TRIANGULAR_SCALE: f64 = 4.149515568880993e180;

/// How far out a normal draw can lie, in SDs (the ziggurat's tail in double precision
/// stays well within this).
const NORMAL_REACH: f64 = 40.0;

impl Sampler {
    fn new(d: Distribution) -> Result<Sampler, String> {
        match d {
            Distribution::Uniform { a, b } => {
                let s = if (b - a).is_finite() { 1.0 } else { 2.0 };
                Uniform::new(a / s, b / s)
                    .map(|u| Sampler::Uniform(u, s))
                    .map_err(|e| format!("uniform({a},{b}): {e}; it needs finite A < B"))
            }
            Distribution::Normal { mean, sd } => {
                if !(mean.abs() + NORMAL_REACH * sd).is_finite() {
                    return Err(format!(
                        "normal({mean},{sd}): a draw could overflow; |MEAN| + {NORMAL_REACH} SD must be below {:e}",
                        f64::MAX
                    ));
                }
                Normal::new(mean, sd).map(Sampler::Normal).map_err(|e| format!("normal({mean},{sd}): {e}"))
            }
            Distribution::Triangular { a, mode, b } => {
                let s = if (b - a) < 2f64.powi(500) { 1.0 } else { TRIANGULAR_SCALE };
                Triangular::new(a / s, b / s, mode / s)
                    .map(|t| Sampler::Triangular(t, s, a, b))
                    .map_err(|e| format!("triangular({a},{mode},{b}): {e}; it needs A <= MODE <= B"))
            }
        }
    }

    fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        match self {
            // Doubling the halved range's draw is exact: it stays below B.
            Sampler::Uniform(u, s) => u.sample(rng) * s,
            Sampler::Normal(n) => n.sample(rng),
            // Unscaled draws are rand_distr's own, bit for bit (the same seed, the same runs).
            Sampler::Triangular(t, s, a, b) => {
                if *s == 1.0 {
                    t.sample(rng)
                } else {
                    (t.sample(rng) * s).clamp(*a, *b)
                }
            }
        }
    }
}

/// `--vary NAME=uniform(A,B)|normal(MEAN,SD)|triangular(A,MODE,B)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    pub name: String,
    pub dist: Distribution,
}

impl Vary {
    pub fn parse(text: &str) -> Result<Vary, BatchError> {
        let bad = |why: &str| {
            BatchError::Usage(format!(
                "--vary `{text}`: {why}; expected NAME=uniform(A,B), NAME=normal(MEAN,SD) or NAME=triangular(A,MODE,B)"
            ))
        };
        let (name, spec) = text.split_once('=').ok_or_else(|| bad("no `=`"))?;
        let name = name.trim();
        let spec = spec.trim();
        let (kind, args) = spec.split_once('(').ok_or_else(|| bad("no `(`"))?;
        let args = args.strip_suffix(')').ok_or_else(|| bad("no closing `)`"))?;
        // Each argument under the one rule for parameter values (crate::value).
        let args: Vec<f64> = args
            .split(',')
            .map(|a| value::parse(name, a))
            .collect::<Result<_, _>>()
            .map_err(|e| bad(&format!("the arguments must be numbers: {e}")))?;
        let dist = match (kind.trim().to_lowercase().as_str(), &args[..]) {
            ("uniform", &[a, b]) if a < b => Distribution::Uniform { a, b },
            ("uniform", &[_, _]) => return Err(bad("uniform(A,B) needs A < B")),
            ("normal", &[mean, sd]) if sd >= 0.0 => Distribution::Normal { mean, sd },
            ("normal", &[_, _]) => return Err(bad("normal(MEAN,SD) needs SD >= 0")),
            ("triangular", &[a, mode, b]) if a <= mode && mode <= b && a < b => Distribution::Triangular { a, mode, b },
            ("triangular", &[_, _, _]) => return Err(bad("triangular(A,MODE,B) needs A <= MODE <= B and A < B")),
            _ => return Err(bad("unknown distribution or wrong number of arguments")),
        };
        Sampler::new(dist).map_err(|e| bad(&e))?;
        Ok(Vary { name: name.to_owned(), dist })
    }
}

impl ParamSets {
    /// The given rows (a caller's list): one run each.
    pub fn from_rows(names: Vec<String>, rows: Vec<Vec<f64>>) -> ParamSets {
        ParamSets { names, rows: Rows::List(rows) }
    }

    /// The full grid of `sweeps`; the first sweep varies slowest.
    pub fn grid(sweeps: &[Sweep]) -> ParamSets {
        ParamSets { names: sweeps.iter().map(|s| s.name.clone()).collect(), rows: Rows::Grid(sweeps.to_vec()) }
    }

    /// `n` draws of every `vary`, from one ChaCha8 stream seeded with `seed`: run `i`
    /// draws its values in the order the constants were given, after run `i - 1`.
    pub fn samples(n: usize, varies: &[Vary], seed: u64) -> ParamSets {
        let dists = varies.iter().map(|v| v.dist).collect();
        ParamSets {
            names: varies.iter().map(|v| v.name.clone()).collect(),
            rows: Rows::Samples { n: n as u64, dists, seed },
        }
    }

    /// One run per data row of a CSV file whose header names the constants. Each value
    /// follows the parameter-value rule (`crate::value`); the file is read whole (its
    /// rows are the run list).
    pub fn from_csv(path: &Path) -> Result<ParamSets, BatchError> {
        let file = path.display();
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(path)
            .map_err(|e| BatchError::Usage(format!("--params {file}: {e}")))?;
        let names: Vec<String> = reader
            .headers()
            .map_err(|e| BatchError::Usage(format!("--params {file}: {e}")))?
            .iter()
            .map(str::to_owned)
            .collect();
        if names.is_empty() || names.iter().any(String::is_empty) {
            return Err(BatchError::Usage(format!("--params {file}: the header must name every column")));
        }
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let line = i + 2;
            let record = record.map_err(|e| BatchError::Usage(format!("--params {file}:{line}: {e}")))?;
            let row = record
                .iter()
                .zip(&names)
                .map(|(cell, name)| {
                    value::parse(name, cell).map_err(|e| BatchError::Usage(format!("--params {file}:{line}: {e}")))
                })
                .collect::<Result<Vec<f64>, _>>()?;
            if row.len() != names.len() {
                return Err(BatchError::Usage(format!(
                    "--params {file}:{line}: {} values for {} columns",
                    row.len(),
                    names.len()
                )));
            }
            rows.push(row);
        }
        if rows.is_empty() {
            return Err(BatchError::Usage(format!("--params {file}: no data rows, so no runs")));
        }
        Ok(ParamSets::from_rows(names, rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_make_a_grid_first_slowest() {
        let sets = ParamSets::grid(&[Sweep::parse("a=0:1:3").unwrap(), Sweep::parse("b=10:20:2").unwrap()]);
        assert_eq!(sets.names, ["a", "b"]);
        assert_eq!(
            sets.rows.iter().collect::<Vec<_>>(),
            vec![vec![0.0, 10.0], vec![0.0, 20.0], vec![0.5, 10.0], vec![0.5, 20.0], vec![1.0, 10.0], vec![1.0, 20.0]]
        );
        assert_eq!(
            ParamSets::grid(&[Sweep::parse("a=3:9:1").unwrap()]).rows.iter().collect::<Vec<_>>(),
            vec![vec![3.0]]
        );
    }

    #[test]
    fn samples_are_reproducible_and_in_range() {
        let varies = [
            Vary::parse("a=uniform(1, 2)").unwrap(),
            Vary::parse("b=normal(0,1)").unwrap(),
            Vary::parse("c=triangular(0, 1, 4)").unwrap(),
        ];
        let one = ParamSets::samples(500, &varies, 42);
        assert_eq!(one, ParamSets::samples(500, &varies, 42));
        assert_ne!(one, ParamSets::samples(500, &varies, 43));
        assert!(one.rows.iter().all(|r| (1.0..2.0).contains(&r[0]) && (0.0..=4.0).contains(&r[2])));
        let rows: Vec<Vec<f64>> = one.rows.iter().collect();
        assert_eq!(rows.len(), 500);
        assert!(rows.iter().all(|r| (1.0..2.0).contains(&r[0]) && (0.0..=4.0).contains(&r[2])));
        let mean_b = rows.iter().map(|r| r[1]).sum::<f64>() / 500.0;
        assert!(mean_b.abs() < 0.2, "{mean_b}");
    }

    #[test]
    fn runs_start_anywhere_without_generating_the_list() {
        let grid = ParamSets::grid(&[Sweep::parse("a=0:1:3").unwrap(), Sweep::parse("b=10:20:2").unwrap()]);
        let all: Vec<Vec<f64>> = grid.rows.iter().collect();
        for start in 0..=6 {
            assert_eq!(grid.rows.iter_from(start).collect::<Vec<_>>(), all[start..], "grid from {start}");
        }
        let varies = [Vary::parse("a=uniform(1,2)").unwrap(), Vary::parse("b=normal(0,1)").unwrap()];
        let samples = ParamSets::samples(50, &varies, 7);
        let all: Vec<Vec<f64>> = samples.rows.iter().collect();
        assert_eq!(samples.rows.iter_from(31).collect::<Vec<_>>(), all[31..]);
        // 1e5 x 1e5: counted, started in the middle, nothing stored.
        let huge = ParamSets::grid(&[Sweep::parse("a=0:1:1e5").unwrap(), Sweep::parse("b=0:1:100000").unwrap()]);
        assert_eq!(huge.rows.count().unwrap(), 10_000_000_000);
        let row = huge.rows.iter_from(5_000_000_001).next().unwrap();
        assert_eq!(row, vec![huge_value(50_000), huge_value(1)]);
    }

    fn huge_value(i: usize) -> f64 {
        Sweep { name: "x".into(), lo: 0.0, hi: 1.0, n: 100_000 }.value(i)
    }

    #[test]
    fn too_many_runs_is_an_error_not_an_allocation() {
        let sweep = |n: &str| Sweep::parse(&format!("a=0:1:{n}")).unwrap();
        let grid = ParamSets::grid(&[sweep("1e6"), sweep("1e6"), sweep("2")]);
        let err = grid.rows.count().unwrap_err().to_string();
        assert!(err.contains("1000000 x 1000000 x 2") && err.contains("1000000000000"), "{err}");
        let overflow = ParamSets::grid(&[sweep("1e12"), sweep("1e12"), sweep("1e12")]);
        assert!(overflow.rows.count().is_err());
        let err = Sweep::parse("a=0:1:18446744073709551615").unwrap_err().to_string();
        assert!(err.contains("at most 1000000000000"), "{err}");
        let v = [Vary::parse("a=uniform(1,2)").unwrap()];
        assert!(ParamSets::samples(usize::MAX, &v, 0).rows.count().unwrap_err().to_string().contains("--samples"));
    }

    #[test]
    fn wide_ranges_are_sampled_and_swept_without_overflow() {
        let varies = [
            Vary::parse("u=uniform(-1e308,1e308)").unwrap(),
            Vary::parse("t=triangular(-1e308,0,1e308)").unwrap(),
            Vary::parse("m=uniform(-1.7976931348623157e308,1.7976931348623157e308)").unwrap(),
        ];
        let rows: Vec<Vec<f64>> = ParamSets::samples(2000, &varies, 3).rows.iter().collect();
        for (j, (lo, hi)) in [(-1e308, 1e308), (-1e308, 1e308), (-f64::MAX, f64::MAX)].into_iter().enumerate() {
            let column: Vec<f64> = rows.iter().map(|r| r[j]).collect();
            assert!(column.iter().all(|v| v.is_finite() && (lo..=hi).contains(v)), "column {j}");
            // Spread over the range, not stuck at a bound: both signs, and large.
            assert!(column.iter().any(|&v| v > hi / 4.0) && column.iter().any(|&v| v < lo / 4.0), "column {j}");
            let distinct: std::collections::BTreeSet<u64> = column.iter().map(|v| v.to_bits()).collect();
            assert!(distinct.len() > 1900, "column {j}: {} distinct values", distinct.len());
        }
        let sweep = Sweep::parse("k=-1e308:1e308:5").unwrap();
        let values: Vec<f64> = (0..5).map(|i| sweep.value(i)).collect();
        assert_eq!(values, [-1e308, -5e307, 0.0, 5e307, 1e308]);
        let sweep = Sweep::parse("k=0:1.7e308:100").unwrap();
        assert!((0..100).all(|i| sweep.value(i).is_finite()));
        assert_eq!(sweep.value(99), 1.7e308);
        assert!(Vary::parse("k=normal(0,1e307)").unwrap_err().to_string().contains("could overflow"));
    }

    #[test]
    fn bad_specs_are_clear_errors() {
        for (spec, want) in [
            ("k", "expected NAME=LO:HI:N"),
            ("k=1:2", "expected NAME=LO:HI:N"),
            ("k=1:2:0", "expected NAME=LO:HI:N"),
            ("k=a:2:3", "expected NAME=LO:HI:N"),
            ("k=NaN:2:3", "finite"),
            ("k=0:1e400:3", "out of range"),
            ("k=0:1:2.5", "whole number"),
        ] {
            assert!(Sweep::parse(spec).unwrap_err().to_string().contains(want), "{spec}");
        }
        for (spec, want) in [
            ("k=uniform(2,1)", "needs A < B"),
            ("k=normal(0,-1)", "SD >= 0"),
            ("k=triangular(0,5,4)", "A <= MODE <= B"),
            ("k=poisson(3)", "unknown distribution"),
            ("k=uniform(1,x)", "must be numbers"),
            ("uniform(1,2)", "no `=`"),
        ] {
            assert!(Vary::parse(spec).unwrap_err().to_string().contains(want), "{spec}");
        }
    }
}
