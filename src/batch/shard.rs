//! Job-array shards of a batch: `--shard K/N` runs the K-th of N contiguous slices of
//! the run list (K from 0, as Kubernetes' `JOB_COMPLETION_INDEX` and `sbatch --array=0-3`
//! count). Every shard of one batch generates the same run list (params.rs: the same
//! grid, or the same seeded draws), so its slice depends only on K, N and the run count.
//!
//! A shard's part file says which part it is (`PartInfo`), so `millrace merge` can check
//! that every run of the batch is there exactly once before writing the whole table.

use std::ops::Range;

use super::{BatchError, Plan};

/// Slice `index` of `count` (`0 <= index < count`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// `K/N`, with `0 <= K < N`.
    pub fn parse(text: &str) -> Result<Shard, BatchError> {
        let bad =
            |why: &str| BatchError::Usage(format!("--shard `{text}`: {why}; expected K/N with 0 <= K < N, e.g. 0/4"));
        let (k, n) = text.split_once('/').ok_or_else(|| bad("no `/`"))?;
        let number = |s: &str| s.trim().parse::<usize>().map_err(|_| bad("K and N must be whole numbers"));
        let (index, count) = (number(k)?, number(n)?);
        if count == 0 {
            return Err(bad("N must be at least 1"));
        }
        if index >= count {
            return Err(bad("K must be below N (shards count from 0)"));
        }
        Ok(Shard { index, count })
    }

    /// This shard's runs among `total`: `[total*K/N, total*(K+1)/N)`, so the N slices are
    /// contiguous, in order, cover every run once, and differ in size by at most one.
    pub fn runs(&self, total: usize) -> Range<usize> {
        let at = |k: usize| (total as u128 * k as u128 / self.count as u128) as usize;
        at(self.index)..at(self.index + 1)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What a part file records about itself: its shard, the batch's run count, and a
/// fingerprint of the batch's plan (parameter names and values, kept variables,
/// final-only), so parts of different batches are not merged together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartInfo {
    pub shard: Shard,
    pub runs: usize,
    pub plan: u64,
}

/// The CSV part's first line starts with this; Parquet keeps the same text under
/// `PARQUET_KEY` in the file's key-value metadata.
pub const CSV_PREFIX: &str = "# millrace part ";
pub const PARQUET_KEY: &str = "millrace.part";

impl PartInfo {
    pub fn new(shard: Shard, plan: &Plan) -> Result<PartInfo, BatchError> {
        Ok(PartInfo { shard, runs: plan.params.rows.count()?, plan: fingerprint(plan) })
    }

    /// `shard=K/N runs=R plan=HEX`.
    pub fn text(&self) -> String {
        format!("shard={} runs={} plan={:016x}", self.shard, self.runs, self.plan)
    }

    pub fn parse(text: &str) -> Result<PartInfo, String> {
        let bad = || format!("`{text}` is not a millrace part description (shard=K/N runs=R plan=HEX)");
        let mut fields = text.split_whitespace().map(|f| f.split_once('=').ok_or_else(bad));
        let mut next = |key: &str| -> Result<String, String> {
            match fields.next() {
                Some(Ok((k, v))) if k == key => Ok(v.to_owned()),
                Some(Err(e)) => Err(e),
                _ => Err(bad()),
            }
        };
        let shard = Shard::parse(&next("shard")?).map_err(|e| e.to_string())?;
        let runs = next("runs")?.parse().map_err(|_| bad())?;
        let plan = u64::from_str_radix(&next("plan")?, 16).map_err(|_| bad())?;
        Ok(PartInfo { shard, runs, plan })
    }
}

/// FNV-1a over everything that decides a batch's rows besides the model (which the
/// merged header then checks by its columns): parameter names, how their values are
/// made (a grid's bounds and counts, the distributions and seed, or a list's value
/// bits: never the generated list, which can be 1e12 runs), the kept variables,
/// final-only. Not cryptographic: it guards against mistakes, not attacks.
fn fingerprint(plan: &Plan) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    let mut name = |s: &str| {
        eat(&(s.len() as u64).to_le_bytes());
        eat(s.as_bytes());
    };
    for n in &plan.params.names {
        name(n);
    }
    match &plan.vars {
        Some(vars) => vars.iter().for_each(|v| name(v)),
        None => name("(every output)"),
    }
    name(if plan.final_only { "final" } else { "every saved row" });
    plan.params.rows.describe(&mut eat);
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Backend;
    use crate::batch::params::ParamSets;

    #[test]
    fn shards_cover_every_run_once_in_order() {
        for total in [0, 1, 7, 10, 10_000] {
            for count in [1, 2, 3, 4, 11] {
                let ranges: Vec<_> = (0..count).map(|index| Shard { index, count }.runs(total)).collect();
                assert_eq!(ranges[0].start, 0);
                assert_eq!(ranges[count - 1].end, total);
                for pair in ranges.windows(2) {
                    assert_eq!(pair[0].end, pair[1].start, "{total} runs, {count} shards");
                }
                let sizes: Vec<usize> = ranges.iter().map(|r| r.len()).collect();
                assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1, "{sizes:?}");
            }
        }
        assert_eq!(Shard { index: 1, count: 4 }.runs(10_000), 2500..5000);
    }

    #[test]
    fn bad_shards_are_clear_errors() {
        assert_eq!(Shard::parse(" 3 / 4 ").unwrap(), Shard { index: 3, count: 4 });
        for (text, want) in
            [("4/4", "K must be below N"), ("1/0", "N must be at least 1"), ("1", "no `/`"), ("a/2", "whole")]
        {
            let err = Shard::parse(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: {err}");
        }
    }

    #[test]
    fn part_text_round_trips_and_the_plan_tells_batches_apart() {
        let plan = |value: f64| Plan {
            params: ParamSets::from_rows(vec!["k".into()], vec![vec![1.0], vec![value]]),
            vars: None,
            final_only: true,
            backend: Backend::Jit,
            jobs: 1,
            seed: 0,
        };
        let info = PartInfo::new(Shard { index: 1, count: 2 }, &plan(2.0)).unwrap();
        assert_eq!(PartInfo::parse(&info.text()).unwrap(), info);
        assert_eq!(info.plan, PartInfo::new(info.shard, &plan(2.0)).unwrap().plan);
        assert_ne!(info.plan, PartInfo::new(info.shard, &plan(-2.0)).unwrap().plan);
        assert!(PartInfo::parse("shard=1/2 runs=x plan=00").is_err());
        assert!(PartInfo::parse("runs=2 shard=1/2 plan=00").is_err());
    }
}
