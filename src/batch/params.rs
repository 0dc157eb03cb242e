//! Parameter sets of a batch: a grid of sweeps, random samples, or the rows of a CSV
//! file. Every set is generated up front, in one thread, so a batch's runs (and its
//! output) do not depend on how many workers run them.

use std::path::Path;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution as _, Normal, Triangular, Uniform};

use super::BatchError;

/// One run per row: `rows[i][j]` is the value of constant `names[j]` in run `i`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSets {
    pub names: Vec<String>,
    pub rows: Vec<Vec<f64>>,
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
        let bad = || BatchError::Usage(format!("--sweep `{text}`: expected NAME=LO:HI:N, e.g. `k=0:10:11`"));
        let (name, range) = text.split_once('=').ok_or_else(bad)?;
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        let [lo, hi, n] = parts[..] else { return Err(bad()) };
        let number = |s: &str| s.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(bad);
        let n = n.parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(bad)?;
        Ok(Sweep { name: name.trim().to_owned(), lo: number(lo)?, hi: number(hi)?, n })
    }

    /// Value `i`: `lo + (hi - lo) * i / (n - 1)`, `lo` alone when `n` is 1.
    pub fn value(&self, i: usize) -> f64 {
        if self.n == 1 { self.lo } else { self.lo + (self.hi - self.lo) * i as f64 / (self.n - 1) as f64 }
    }
}

/// The distribution of a `--vary` constant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    Uniform { a: f64, b: f64 },
    Normal { mean: f64, sd: f64 },
    Triangular { a: f64, mode: f64, b: f64 },
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
        let spec = spec.trim();
        let (kind, args) = spec.split_once('(').ok_or_else(|| bad("no `(`"))?;
        let args = args.strip_suffix(')').ok_or_else(|| bad("no closing `)`"))?;
        let args: Vec<f64> = args
            .split(',')
            .map(|a| a.trim().parse::<f64>().ok().filter(|v| v.is_finite()))
            .collect::<Option<_>>()
            .ok_or_else(|| bad("the arguments must be numbers"))?;
        let dist = match (kind.trim().to_lowercase().as_str(), &args[..]) {
            ("uniform", &[a, b]) if a < b => Distribution::Uniform { a, b },
            ("uniform", &[_, _]) => return Err(bad("uniform(A,B) needs A < B")),
            ("normal", &[mean, sd]) if sd >= 0.0 => Distribution::Normal { mean, sd },
            ("normal", &[_, _]) => return Err(bad("normal(MEAN,SD) needs SD >= 0")),
            ("triangular", &[a, mode, b]) if a <= mode && mode <= b && a < b => Distribution::Triangular { a, mode, b },
            ("triangular", &[_, _, _]) => return Err(bad("triangular(A,MODE,B) needs A <= MODE <= B and A < B")),
            _ => return Err(bad("unknown distribution or wrong number of arguments")),
        };
        Ok(Vary { name: name.trim().to_owned(), dist })
    }
}

impl ParamSets {
    /// The full grid of `sweeps`; the first sweep varies slowest.
    pub fn grid(sweeps: &[Sweep]) -> ParamSets {
        let names = sweeps.iter().map(|s| s.name.clone()).collect();
        let mut rows = vec![Vec::new()];
        for sweep in sweeps {
            rows = rows
                .into_iter()
                .flat_map(|row| {
                    (0..sweep.n).map(move |i| {
                        let mut r = row.clone();
                        r.push(sweep.value(i));
                        r
                    })
                })
                .collect();
        }
        ParamSets { names, rows }
    }

    /// `n` draws of every `vary`, from one ChaCha8 stream seeded with `seed`: run `i`
    /// draws its values in the order the constants were given, after run `i - 1`.
    pub fn samples(n: usize, varies: &[Vary], seed: u64) -> ParamSets {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let rows = (0..n)
            .map(|_| {
                varies
                    .iter()
                    .map(|v| match v.dist {
                        Distribution::Uniform { a, b } => Uniform::new(a, b).map_or(a, |d| d.sample(&mut rng)),
                        Distribution::Normal { mean, sd } => Normal::new(mean, sd).map_or(mean, |d| d.sample(&mut rng)),
                        Distribution::Triangular { a, mode, b } => {
                            Triangular::new(a, b, mode).map_or(mode, |d| d.sample(&mut rng))
                        }
                    })
                    .collect()
            })
            .collect();
        ParamSets { names: varies.iter().map(|v| v.name.clone()).collect(), rows }
    }

    /// One run per data row of a CSV file whose header names the constants.
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
                    cell.parse::<f64>().map_err(|_| {
                        BatchError::Usage(format!("--params {file}:{line}: `{cell}` for `{name}` is not a number"))
                    })
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
        Ok(ParamSets { names, rows })
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
            sets.rows,
            vec![vec![0.0, 10.0], vec![0.0, 20.0], vec![0.5, 10.0], vec![0.5, 20.0], vec![1.0, 10.0], vec![1.0, 20.0]]
        );
        assert_eq!(ParamSets::grid(&[Sweep::parse("a=3:9:1").unwrap()]).rows, vec![vec![3.0]]);
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
        let mean_b = one.rows.iter().map(|r| r[1]).sum::<f64>() / 500.0;
        assert!(mean_b.abs() < 0.2, "{mean_b}");
    }

    #[test]
    fn bad_specs_are_clear_errors() {
        for (spec, want) in [
            ("k", "expected NAME=LO:HI:N"),
            ("k=1:2", "expected NAME=LO:HI:N"),
            ("k=1:2:0", "expected NAME=LO:HI:N"),
            ("k=a:2:3", "expected NAME=LO:HI:N"),
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
