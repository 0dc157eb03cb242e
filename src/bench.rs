//! `millrace bench`: per backend, the time to generate its code for a model and the
//! time of one run (reset and run to the end), as median and minimum.

use std::time::{Duration, Instant};

use crate::{Backend, Model, SimError};

#[derive(Debug, Clone)]
pub struct BenchRow {
    pub backend: Backend,
    /// Median of a few code generations (the vm: bytecode; wasm: the blob and
    /// wasmtime's compilation; jit: Cranelift).
    pub compile: Duration,
    pub run_median: Duration,
    pub run_min: Duration,
    pub runs: usize,
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Median of 5 front-end compilations of `path` (read, parse, check, lower to the IR):
/// the part of a compile every backend shares, reported beside each backend's own.
pub fn frontend(path: &std::path::Path) -> Result<Duration, crate::Error> {
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        Model::open(path)?;
        times.push(t.elapsed());
    }
    Ok(median(times))
}

/// Runs per backend in one round: enough to warm the caches, few enough that a burst
/// of load on a shared machine hits every backend alike.
const ROUND: usize = 10;

/// The most timed runs per backend (`--runs`): a million is hours on a large model and
/// more than any median needs.
pub const MAX_RUNS: usize = 1_000_000;

/// Times `backends` on `model`: 5 code generations each, one warm-up run each, then
/// `runs` runs each (1 to `MAX_RUNS`: the CLI refuses others; here they are clamped). Backends take turns, `ROUND` runs at a time, so that their ratios
/// come from the same stretch of time even when the machine's load drifts.
pub fn bench(model: &Model, backends: &[Backend], runs: usize) -> Result<Vec<BenchRow>, SimError> {
    let runs = runs.clamp(1, MAX_RUNS);
    let mut compiles = vec![Vec::new(); backends.len()];
    for _ in 0..5 {
        for (i, &backend) in backends.iter().enumerate() {
            let t = Instant::now();
            model.compile_backend(backend)?;
            compiles[i].push(t.elapsed());
        }
    }
    let mut sims = Vec::new();
    for &backend in backends {
        let mut sim = model.simulation(backend)?;
        sim.run_to_end()?;
        sims.push(sim);
    }
    let mut times = vec![Vec::with_capacity(runs); backends.len()];
    let mut done = 0;
    while done < runs {
        let n = ROUND.min(runs - done);
        for (sim, times) in sims.iter_mut().zip(&mut times) {
            for _ in 0..n {
                let t = Instant::now();
                sim.reset()?;
                sim.run_to_end()?;
                times.push(t.elapsed());
            }
        }
        done += n;
    }
    let rows = backends.iter().zip(compiles).zip(times).map(|((&backend, compiles), times)| {
        let run_min = times.iter().copied().min().unwrap_or_default();
        BenchRow { backend, compile: median(compiles), run_median: median(times), run_min, runs }
    });
    Ok(rows.collect())
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

/// The rows as a small table. Speed-ups are against the vm, when it was timed: of the
/// medians, and of the minimums (on a shared machine the minimum moves by 1-2% from one
/// invocation to the next while the median can move by half; docs/performance.md).
pub fn table(rows: &[BenchRow]) -> String {
    let vm = rows.iter().find(|r| r.backend == Backend::Vm);
    let ratio = |of: fn(&BenchRow) -> Duration, r: &BenchRow| {
        vm.map_or("-".to_owned(), |vm| format!("{:.1}x", of(vm).as_secs_f64() / of(r).as_secs_f64()))
    };
    let line = |cells: [&str; 7]| {
        let [backend, compile, median, min, runs, vs_median, vs_min] = cells;
        format!("{backend:<8}{compile:>14}{median:>14}{min:>14}{runs:>8}{vs_median:>12}{vs_min:>12}\n")
    };
    let mut out = line(["backend", "compile", "run median", "run min", "runs", "vm/median", "vm/min"]);
    for r in rows {
        out += &line([
            r.backend.name(),
            &ms(r.compile),
            &ms(r.run_median),
            &ms(r.run_min),
            &r.runs.to_string(),
            &ratio(|r| r.run_median, r),
            &ratio(|r| r.run_min, r),
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(backend: Backend, median_ms: u64, min_ms: u64) -> BenchRow {
        let ms = Duration::from_millis;
        BenchRow { backend, compile: ms(1), run_median: ms(median_ms), run_min: ms(min_ms), runs: 7 }
    }

    #[test]
    fn speed_ups_are_against_the_vm_by_median_and_by_minimum() {
        let text = table(&[row(Backend::Vm, 30, 20), row(Backend::Jit, 3, 1)]);
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(lines[0], ["backend", "compile", "run", "median", "run", "min", "runs", "vm/median", "vm/min"]);
        assert_eq!(lines[1], ["vm", "1.000", "ms", "30.000", "ms", "20.000", "ms", "7", "1.0x", "1.0x"]);
        assert_eq!(lines[2], ["jit", "1.000", "ms", "3.000", "ms", "1.000", "ms", "7", "10.0x", "20.0x"]);
        let without_vm = table(&[row(Backend::Jit, 3, 1)]);
        assert!(without_vm.lines().nth(1).unwrap().ends_with("-           -"), "{without_vm}");
    }

    #[test]
    fn median_takes_the_middle_of_the_sorted_times() {
        let ms = Duration::from_millis;
        assert_eq!(median(vec![ms(5), ms(1), ms(9)]), ms(5));
        assert_eq!(median(vec![ms(4), ms(1), ms(9), ms(2)]), ms(4));
    }
}
