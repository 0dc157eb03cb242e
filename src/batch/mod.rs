//! Many runs of one model: parameter sweeps, Monte Carlo samples, parameter files.
//!
//! The model is compiled once; `jobs` workers share its code, each with one live
//! simulation that it resets between runs (clear_values, reset, then the run's
//! overrides). Runs are handed out a chunk at a time, and results are written in run order,
//! so the output is the same bytes whatever the number of workers, and each run is
//! exactly the run of its parameter set alone.

pub mod bands;
pub mod merge;
pub mod params;
pub mod shard;
pub mod sink;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub runs: usize,
    pub elapsed: Duration,
}

/// The plan checked against the model: slots of the parameters and of the outputs.
struct Resolved {
    params: Vec<u32>,
    outputs: Vec<u32>,
    columns: Vec<String>,
}

/// Checks every parameter (an overridable constant) and every output (a variable)
/// before any run starts.
fn resolve(model: &Model, plan: &Plan) -> Result<Resolved, BatchError> {
    let program = model.program();
    let layout = &program.layout;
    let mut params = Vec::new();
    for name in &plan.params.names {
        let var = layout.find(name).ok_or_else(|| {
            BatchError::Usage(format!("parameter `{name}`: unknown variable{}", layout.constant_hint(name)))
        })?;
        check_overridable(program, var.slot).map_err(|e| BatchError::Usage(format!("parameter `{name}`: {e}")))?;
        params.push(var.slot);
    }
    let (outputs, names): (Vec<u32>, Vec<String>) = match &plan.vars {
        Some(vars) => {
            vars.iter()
                .map(|name| {
                    layout.find(name).map(|v| (v.slot, v.name.clone())).ok_or_else(|| {
                        BatchError::Usage(format!("--vars: unknown variable `{name}`{}", layout.hint(name)))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .unzip()
        }
        None => layout.outputs().map(|v| (v.slot, v.name.clone())).unzip(),
    };
    let mut columns = plan.params.names.clone();
    if !plan.final_only {
        columns.push("time".into());
    }
    columns.extend(names);
    Ok(Resolved { params, outputs, columns })
}

/// One run: its parameter values, then its table rows (each `[time,] outputs...`),
/// read from the saved rows (the last one only with `final_only`).
fn run_one(sim: &mut dyn Simulation, r: &Resolved, values: &[f64], final_only: bool) -> Result<Vec<Vec<f64>>, String> {
    let err = |e: millrace_engine::SimError| e.to_string();
    sim.clear_values().map_err(err)?;
    sim.reset().map_err(err)?;
    for (&slot, &v) in r.params.iter().zip(values) {
        sim.set_value(slot, v).map_err(err)?;
    }
    sim.run_to_end().map_err(err)?;
    let rows = sim.saved_rows();
    let first = if final_only { rows.saturating_sub(1) } else { 0 };
    let time = (!final_only).then_some(Global::Time.slot());
    let row = |k: usize| -> Result<Vec<f64>, millrace_engine::SimError> {
        let mut row = values.to_vec();
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

/// Runs every parameter set of `plan` on `model` and writes the table to `sink`, calling
/// `on_written` after each run's rows are written (in run order, on the calling thread:
/// the CLI moves its progress bar there).
pub fn run(
    model: &Model,
    plan: &Plan,
    sink: Box<dyn Sink>,
    on_written: &mut dyn FnMut(),
) -> Result<Summary, BatchError> {
    run_range(model, plan, 0..plan.params.rows.len(), sink, on_written)
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
    run_range(model, plan, shard.runs(plan.params.rows.len()), sink, on_written)
}

fn run_range(
    model: &Model,
    plan: &Plan,
    range: std::ops::Range<usize>,
    mut sink: Box<dyn Sink>,
    on_written: &mut dyn FnMut(),
) -> Result<Summary, BatchError> {
    let resolved = resolve(model, plan)?;
    // A run of a final-only batch saves its first and last rows only: the same last row
    // (saving is a copy nothing reads), without writing every saved row (WORLD3: 1.16 MB
    // a run, more than a core's L2, against 5.8 KB).
    let model = if plan.final_only { model.saving_first_and_last_rows() } else { model };
    let jobs = plan.jobs.max(1);
    // Every worker's simulation, made here (the code compiled once and shared), so a
    // backend error stops the batch before any run.
    let sims = (0..jobs)
        .map(|_| model.simulation(plan.backend))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| BatchError::Usage(e.to_string()))?;
    sink.header(&resolved.columns)?;
    let start = Instant::now();
    let first_run = range.start;
    let rows = &plan.params.rows[range];
    let n = rows.len();
    let next = AtomicUsize::new(0);
    let chunk = chunk_size(n, jobs);
    let (tx, rx) = mpsc::sync_channel::<Vec<(usize, Result<Vec<Vec<f64>>, String>)>>(jobs * 8);
    let written = std::thread::scope(|scope| -> Result<(), BatchError> {
        for mut sim in sims {
            let tx = tx.clone();
            let (next, resolved) = (&next, &resolved);
            scope.spawn(move || {
                loop {
                    let first = next.fetch_add(chunk, Ordering::Relaxed);
                    if first >= n {
                        break;
                    }
                    let outs: Vec<_> = (first..n.min(first + chunk))
                        .map(|i| (i, run_one(&mut *sim, resolved, &rows[i], plan.final_only)))
                        .collect();
                    if tx.send(outs).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Write in run order: hold early finishers until their turn.
        let mut pending = BTreeMap::new();
        let mut turn = 0;
        // `rx` moves in here: returning early drops it, so a worker blocked on a full
        // channel gets an error and stops instead of waiting forever.
        for (i, out) in rx.into_iter().flatten() {
            match out {
                Ok(table) => pending.insert(i, table),
                Err(message) => {
                    next.store(n, Ordering::Relaxed);
                    return Err(BatchError::Run { run: first_run + i, message });
                }
            };
            while let Some(table) = pending.remove(&turn) {
                for row in &table {
                    sink.row((first_run + turn) as u64, row)?;
                }
                turn += 1;
                on_written();
            }
        }
        Ok(())
    });
    written?;
    sink.finish()?;
    Ok(Summary { runs: n, elapsed: start.elapsed() })
}
