//! Many runs of one model: parameter sweeps, Monte Carlo samples, parameter files.
//!
//! The model is compiled once; `jobs` workers share its code, each with one live
//! simulation that it resets between runs (clear_values, reset, then the run's
//! overrides). Runs are handed out a chunk at a time, their parameter sets generated as
//! they are taken (params.rs: memory does not grow with the run count), and results are
//! written in run order, so the output is the same bytes whatever the number of
//! workers, and each run is exactly the run of its parameter set alone. A stop flag
//! (the CLI's SIGINT) ends a batch between runs with a complete table of the runs
//! done so far.

pub mod bands;
pub mod merge;
pub mod params;
pub mod shard;
pub mod sink;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};

use millrace_engine::Simulation;
use millrace_engine::ir::Global;
use millrace_engine::sim::check_overridable;

use crate::{Backend, Model};
use params::ParamSets;
use shard::Shard;
use sink::Sink;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BatchError {
    /// The batch is wrongly specified (found before any run starts).
    #[error("{0}")]
    Usage(String),
    /// A run failed.
    #[error("run {run}: {message}")]
    Run { run: usize, message: String },
    #[error("writing results: {0}")]
    Output(String),
    /// The reader of standard output went away (`millrace batch ... | head`): it has
    /// what it wanted, so the CLI stops quietly, as `run` does.
    #[error("standard output closed")]
    Closed,
}

/// What a batch runs and keeps.
#[derive(Debug, Clone)]
pub struct Plan {
    pub params: ParamSets,
    /// The variables to keep (default: the model's output variables).
    pub vars: Option<Vec<String>>,
    /// Keep each run's last saved row only, instead of every saved row.
    pub final_only: bool,
    pub backend: Backend,
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// The batch seed: run k runs with the seed `random::run_seed(seed, k)`, written in
    /// the table's `seed` column when the model calls a random function.
    pub seed: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Runs written (all of them, unless `interrupted`).
    pub runs: usize,
    /// Runs the batch (or its shard) holds.
    pub total: usize,
    /// The stop flag ended the batch early: `runs` are the first runs, each whole.
    pub interrupted: bool,
    pub elapsed: Duration,
}

/// The most worker threads a batch starts: far more than any machine's cores, so it
/// only stops a typo (`--jobs 1000000`) from starting a thread (and a simulation) each.
pub const MAX_JOBS: u64 = 1024;

/// The plan checked against the model: slots of the parameters and of the outputs.
struct Resolved {
    params: Vec<u32>,
    outputs: Vec<u32>,
    columns: Vec<String>,
    /// The model draws random numbers: each run gets its seed, and a `seed` column.
    seeded: bool,
}

/// Checks every parameter (an overridable constant, each named once) and every output
/// (a variable, each named once) before any run starts, and names the table's columns,
/// every one distinct (Parquet readers refuse a file with two columns of one name).
fn resolve(model: &Model, plan: &Plan) -> Result<Resolved, BatchError> {
    let program = model.program();
    let layout = &program.layout;
    let mut params = Vec::new();
    let mut seen: HashMap<u32, &str> = HashMap::new();
    for name in &plan.params.names {
        let var = layout.find(name).ok_or_else(|| {
            BatchError::Usage(format!("parameter `{name}`: unknown variable{}", layout.constant_hint(name)))
        })?;
        check_overridable(program, var.slot).map_err(|e| BatchError::Usage(format!("parameter `{name}`: {e}")))?;
        // Two values for one constant: only the last would be run, while the table
        // showed both.
        if let Some(first) = seen.insert(var.slot, name) {
            return Err(BatchError::Usage(format!(
                "parameter `{name}` is given twice (also as `{first}`): a constant takes one value per run"
            )));
        }
        params.push(var.slot);
    }
    let (outputs, names): (Vec<u32>, Vec<String>) = match &plan.vars {
        Some(vars) => {
            let mut seen = HashMap::new();
            let mut chosen = Vec::new();
            for name in vars {
                // A whole array by its bare name gives all its elements (as `run --vars`).
                let found = layout.select(name);
                if found.is_empty() {
                    return Err(BatchError::Usage(format!("--vars: unknown variable `{name}`{}", layout.hint(name))));
                }
                for v in found {
                    if let Some(first) = seen.insert(v.slot, name) {
                        return Err(BatchError::Usage(format!("--vars names `{name}` twice (also as `{first}`)")));
                    }
                    chosen.push((v.slot, v.name.clone()));
                }
            }
            chosen.into_iter().unzip()
        }
        None => layout.outputs().map(|v| (v.slot, v.name.clone())).unzip(),
    };
    let mut rest: Vec<String> = Vec::new();
    if !plan.final_only {
        rest.push("time".into());
    }
    rest.extend(names);
    // A parameter also written as an output under the same name (a swept constant in
    // the default outputs) gets its column named `NAME (parameter)`.
    let mut columns: Vec<String> = plan
        .params
        .names
        .iter()
        .map(|n| if rest.contains(n) { format!("{n} (parameter)") } else { n.clone() })
        .collect();
    let seeded = program.uses_random();
    if seeded {
        columns.push("seed".into());
    }
    columns.extend(rest);
    let mut distinct = std::collections::HashSet::new();
    if let Some(twice) = columns.iter().find(|c| !distinct.insert(c.as_str())) {
        return Err(BatchError::Usage(format!(
            "two columns would be named `{twice}`: rename a parameter or a variable"
        )));
    }
    Ok(Resolved { params, outputs, columns, seeded })
}

/// Checks `plan` against `model` as a batch would before its first run: the run count,
/// the parameters, the outputs. The CLI calls it before it opens the output file.
pub fn check(model: &Model, plan: &Plan) -> Result<usize, BatchError> {
    let runs = plan.params.rows.count()?;
    resolve(model, plan)?;
    Ok(runs)
}

/// One run: its parameter values, its seed (when `seed` is given), then its table rows
/// (each `[time,] outputs...`), read from the saved rows (the last one only with
/// `final_only`).
fn run_one(
    sim: &mut dyn Simulation,
    r: &Resolved,
    names: &[String],
    values: &[f64],
    seed: Option<u64>,
    final_only: bool,
) -> Result<Vec<Vec<f64>>, String> {
    if values.len() != names.len() {
        return Err(format!("{} parameter values for {} parameters", values.len(), names.len()));
    }
    // The one rule for a parameter value (a draw, a grid point, a caller's row alike).
    for (name, &v) in names.iter().zip(values) {
        crate::value::check(name, v).map_err(|e| format!("parameter {e}"))?;
    }
    let err = |e: millrace_engine::SimError| e.to_string();
    sim.clear_values().map_err(err)?;
    sim.reset().map_err(err)?;
    for (&slot, &v) in r.params.iter().zip(values) {
        sim.set_value(slot, v).map_err(err)?;
    }
    if let Some(seed) = seed {
        sim.set_seed(seed).map_err(err)?;
    }
    sim.run_to_end().map_err(err)?;
    let rows = sim.saved_rows();
    let first = if final_only { rows.saturating_sub(1) } else { 0 };
    let time = (!final_only).then_some(Global::Time.slot());
    let row = |k: usize| -> Result<Vec<f64>, millrace_engine::SimError> {
        let mut row = values.to_vec();
        row.extend(seed.map(|s| s as f64));
        for &slot in time.iter().chain(&r.outputs) {
            row.push(sim.saved_value(k, slot)?);
        }
        Ok(row)
    };
    (first..rows).map(row).collect::<Result<_, _>>().map_err(err)
}

/// Runs a worker takes at a time: few enough that the workers finish together, many
/// enough that handing results to the writer (a thread wake-up each) costs nothing
/// next to the runs.
fn chunk_size(runs: usize, jobs: usize) -> usize {
    (runs / (jobs * 16)).clamp(1, 32)
}

/// The bytes of run tables a batch may hold while they wait to be written in run order.
const REORDER_BYTES: u64 = 64 << 20;

/// How many runs may be taken ahead of the last one written: as many as
/// [`REORDER_BYTES`] holds of `run_bytes` each, but never fewer than a chunk per worker
/// (else workers would idle), and at least 1.
fn reorder_window(run_bytes: u64, jobs: usize, chunk: usize) -> usize {
    let fits = usize::try_from(REORDER_BYTES / run_bytes.max(1)).unwrap_or(usize::MAX);
    fits.max(jobs.saturating_mul(chunk)).max(1)
}

/// How far the workers have taken runs and the writer has written them, so a worker
/// takes its next chunk only while the runs in between fit the reorder window.
#[derive(Default)]
struct Progress {
    /// Runs handed to workers (the next run's index).
    taken: AtomicUsize,
    /// Runs written, guarded for the condition variable.
    written: Mutex<usize>,
    room: Condvar,
}

impl Progress {
    /// Waits until fewer than `window` runs are taken and not written, or `stopped()`;
    /// false when stopped. A wait wakes at least every 50 ms to look at `stopped`.
    fn wait_for_room(&self, window: usize, stopped: impl Fn() -> bool) -> bool {
        let Ok(mut written) = self.written.lock() else { return false };
        while self.taken.load(Ordering::Relaxed).saturating_sub(*written) >= window {
            if stopped() {
                return false;
            }
            written = match self.room.wait_timeout(written, Duration::from_millis(50)) {
                Ok((guard, _)) => guard,
                Err(_) => return false,
            };
        }
        true
    }

    fn written(&self, runs: usize) {
        if let Ok(mut written) = self.written.lock() {
            *written = runs;
        }
        self.room.notify_all();
    }
}

/// Halts the workers and wakes any waiting for room when the writer is done.
struct WakeOnDrop<'a>(&'a Progress, &'a AtomicBool);

impl Drop for WakeOnDrop<'_> {
    fn drop(&mut self) {
        self.1.store(true, Ordering::Relaxed);
        self.0.room.notify_all();
    }
}

/// Runs every parameter set of `plan` on `model` and writes the table to `sink`, calling
/// `on_written` after each run's rows are written (in run order, on the calling thread:
/// the CLI moves its progress bar there).
pub fn run(
    model: &Model,
    plan: &Plan,
    sink: Box<dyn Sink>,
    on_written: &mut dyn FnMut(),
) -> Result<Summary, BatchError> {
    run_until(model, plan, None, sink, on_written, &AtomicBool::new(false))
}

/// Runs only `shard`'s slice of `plan`'s runs (shard.rs), numbered as in the whole
/// batch, so `merge` of every shard's table is the table of `run`.
pub fn run_shard(
    model: &Model,
    plan: &Plan,
    shard: Shard,
    sink: Box<dyn Sink>,
    on_written: &mut dyn FnMut(),
) -> Result<Summary, BatchError> {
    run_until(model, plan, Some(shard), sink, on_written, &AtomicBool::new(false))
}

/// `run` (or `run_shard` with a shard) that also ends when `stop` is set: no run starts
/// after it, the runs already going finish, and the table is finished with the first
/// runs up to the first one not done (`Summary::interrupted`), so it is complete as a
/// file and holds each of its runs whole. Stopped before the first run is done, the
/// table is not finished at all (a file target keeps its earlier contents).
pub fn run_until(
    model: &Model,
    plan: &Plan,
    shard: Option<Shard>,
    sink: Box<dyn Sink>,
    on_written: &mut dyn FnMut(),
    stop: &AtomicBool,
) -> Result<Summary, BatchError> {
    let total = plan.params.rows.count()?;
    let range = shard.map_or(0..total, |s| s.runs(total));
    let first_run = range.start;
    run_rows(model, plan, range, first_run, sink, on_written, stop)
}

/// Runs every parameter set of `plan` as the runs numbered from `first_run`: a chunk of
/// a bigger batch given only its own rows (a Dask task's), whose table (run numbers,
/// seeds, values) is then that batch's rows for those runs, bit for bit.
pub fn run_numbered_from(
    model: &Model,
    plan: &Plan,
    first_run: usize,
    sink: Box<dyn Sink>,
    on_written: &mut dyn FnMut(),
) -> Result<Summary, BatchError> {
    let total = plan.params.rows.count()?;
    run_rows(model, plan, 0..total, first_run, sink, on_written, &AtomicBool::new(false))
}

/// Runs the parameter sets `range` of `plan`, numbering the first `first_run` (the run
/// number decides the run's seed), as `run_until` states.
fn run_rows(
    model: &Model,
    plan: &Plan,
    range: std::ops::Range<usize>,
    first_run: usize,
    mut sink: Box<dyn Sink>,
    on_written: &mut dyn FnMut(),
    stop: &AtomicBool,
) -> Result<Summary, BatchError> {
    let resolved = resolve(model, plan)?;
    // A run of a final-only batch saves its first and last rows only: the same last row
    // (saving is a copy nothing reads), without writing every saved row (WORLD3: 1.16 MB
    // a run, more than a core's L2, against 5.8 KB).
    let model = if plan.final_only { model.saving_first_and_last_rows() } else { model };
    let n = range.len();
    // No more workers than runs, nor than MAX_JOBS.
    let jobs = plan.jobs.clamp(1, (MAX_JOBS as usize).min(n.max(1)));
    // Each worker's simulation keeps its own results slab: together they stay within
    // the budget one run has, checked before any is made.
    let program = model.program();
    let slab = program.specs.results_bytes(program.layout.n_slots);
    let budget = millrace_engine::compile::MAX_RESULTS_BYTES;
    if slab.saturating_mul(jobs as u64) > budget {
        let fits = match (budget / slab.max(1)).max(1) {
            1 => "--jobs 1".to_owned(),
            n => format!("--jobs {n} or fewer"),
        };
        return Err(BatchError::Usage(format!(
            "{jobs} workers would keep {} MiB of saved rows each ({} MiB in all, over the {} MiB a batch may \
             keep): use {fits}, --final-only, or a longer save interval",
            slab >> 20,
            slab.saturating_mul(jobs as u64) >> 20,
            budget >> 20
        )));
    }
    // Every worker's simulation, made here (the code compiled once and shared), so a
    // backend error stops the batch before any run.
    let sims = (0..jobs)
        .map(|_| model.simulation(plan.backend))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| BatchError::Usage(e.to_string()))?;
    sink.header(&resolved.columns)?;
    let start = Instant::now();
    // The run list's generator, shared: a worker takes the next chunk of (index, values)
    // under the lock, so sets are made in run order, once each, only when needed.
    let source = Mutex::new((0usize, plan.params.rows.iter_from(range.start).take(n)));
    let halt = AtomicBool::new(false);
    let chunk = chunk_size(n, jobs);
    // Runs taken but not yet written (in a worker's hands, in the channel, held for
    // their turn) are bounded in bytes: a slow run makes the others wait for it rather
    // than pile their tables up behind it.
    let row_bytes = (resolved.columns.len() as u64).saturating_mul(8).saturating_add(64);
    let rows_per_run = if plan.final_only { 1 } else { program.specs.n_rows };
    let window = reorder_window(row_bytes.saturating_mul(rows_per_run), jobs, chunk);
    let progress = Progress::default();
    let names = &plan.params.names;
    let (tx, rx) = mpsc::sync_channel::<Vec<(usize, Result<Vec<Vec<f64>>, String>)>>(jobs * 8);
    let mut turn = 0;
    let written = std::thread::scope(|scope| -> Result<(), BatchError> {
        for mut sim in sims {
            let tx = tx.clone();
            let (source, resolved, halt, progress) = (&source, &resolved, &halt, &progress);
            scope.spawn(move || {
                loop {
                    let stopped = || stop.load(Ordering::Relaxed) || halt.load(Ordering::Relaxed);
                    if stopped() || !progress.wait_for_room(window, stopped) {
                        break;
                    }
                    let sets: Vec<(usize, Vec<f64>)> = match source.lock() {
                        Ok(mut guard) => {
                            let (next, rows) = &mut *guard;
                            let sets: Vec<_> =
                                rows.by_ref().take(chunk).enumerate().map(|(k, v)| (*next + k, v)).collect();
                            *next += sets.len();
                            progress.taken.store(*next, Ordering::Relaxed);
                            sets
                        }
                        Err(_) => break,
                    };
                    if sets.is_empty() {
                        break;
                    }
                    let outs: Vec<_> = sets
                        .into_iter()
                        .map(|(i, values)| {
                            let run = (first_run + i) as u64;
                            let seed =
                                resolved.seeded.then(|| millrace_engine::numerics::random::run_seed(plan.seed, run));
                            (i, run_one(&mut *sim, resolved, names, &values, seed, plan.final_only))
                        })
                        .collect();
                    if tx.send(outs).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Whatever ends the writing (done, a failed run, a failed write) lets a worker
        // waiting for room go and find there is no more to do.
        let _wake = WakeOnDrop(&progress, &halt);
        // Write in run order: hold early finishers until their turn.
        let mut pending = BTreeMap::new();
        // `rx` moves in here: returning early drops it, so a worker blocked on a full
        // channel gets an error and stops instead of waiting forever.
        for (i, out) in rx.into_iter().flatten() {
            match out {
                Ok(table) => pending.insert(i, table),
                Err(message) => {
                    halt.store(true, Ordering::Relaxed);
                    return Err(BatchError::Run { run: first_run + i, message });
                }
            };
            while let Some(table) = pending.remove(&turn) {
                for row in &table {
                    sink.row((first_run + turn) as u64, row)?;
                }
                turn += 1;
                progress.written(turn);
                on_written();
            }
        }
        Ok(())
    });
    written?;
    if turn == 0 && stop.load(Ordering::Relaxed) {
        // Stopped before any run was done: the sink is dropped unfinished, so an
        // earlier file stays rather than being replaced by an empty table.
        drop(sink);
        return Ok(Summary { runs: 0, total: n, interrupted: true, elapsed: start.elapsed() });
    }
    sink.finish()?;
    Ok(Summary { runs: turn, total: n, interrupted: turn < n, elapsed: start.elapsed() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reorder_window_holds_its_bytes_but_a_chunk_per_worker() {
        // 1 KiB runs: 64 Ki of them fit; 1 GiB runs: none fit, one chunk per worker.
        assert_eq!(reorder_window(1 << 10, 2, 32), 64 << 10);
        assert_eq!(reorder_window(1 << 30, 2, 32), 64);
        assert_eq!(reorder_window(u64::MAX, 1, 1), 1);
        assert_eq!(reorder_window(0, 1, 1), REORDER_BYTES as usize);
    }

    #[test]
    fn a_worker_waits_while_the_window_is_full_and_goes_when_a_run_is_written() {
        let progress = Progress::default();
        progress.taken.store(2, Ordering::Relaxed);
        let went = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                assert!(progress.wait_for_room(2, || false));
                went.store(true, Ordering::Relaxed);
            });
            std::thread::sleep(Duration::from_millis(200));
            assert!(!went.load(Ordering::Relaxed), "2 runs taken, none written: no room for a third");
            progress.written(1);
        });
        assert!(went.load(Ordering::Relaxed));
        // A stopped batch ends the wait (false) instead of waiting for room.
        progress.taken.store(10, Ordering::Relaxed);
        assert!(!progress.wait_for_room(2, || true));
    }
}
