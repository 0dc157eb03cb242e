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

/// Times `backends` on `model`: 5 code generations each, one warm-up run each, then
/// `runs` runs each. Backends take turns, `ROUND` runs at a time, so that their ratios
/// come from the same stretch of time even when the machine's load drifts.
pub fn bench(model: &Model, backends: &[Backend], runs: usize) -> Result<Vec<BenchRow>, SimError> {
    let runs = runs.max(1);
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

/// The rows as a small table; speed-ups are against the vm's median when it was timed.
pub fn table(rows: &[BenchRow]) -> String {
    let vm = rows.iter().find(|r| r.backend == Backend::Vm).map(|r| r.run_median);
    let mut out =
        format!("{:<8}{:>14}{:>14}{:>14}{:>8}{:>10}\n", "backend", "compile", "run median", "run min", "runs", "vs vm");
    for r in rows {
        let speedup = vm.map_or("-".to_owned(), |vm| format!("{:.1}x", vm.as_secs_f64() / r.run_median.as_secs_f64()));
        out += &format!(
            "{:<8}{:>14}{:>14}{:>14}{:>8}{:>10}\n",
            r.backend.name(),
            ms(r.compile),
            ms(r.run_median),
            ms(r.run_min),
            r.runs,
            speedup
        );
    }
    out
}
