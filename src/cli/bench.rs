//! `millrace bench`: compile and run times per backend, as a small table.

use std::path::Path;

use millrace::Backend;
use millrace::bench::{bench as measure, frontend, table};

use super::{SpecArgs, open_with};

/// `--runs N`: 1 to `MAX_RUNS` timed runs (each kept as a time, and every one run).
pub fn runs_count(text: &str) -> Result<usize, String> {
    let n = millrace::value::count(text, 1, millrace::bench::MAX_RUNS as u64)
        .map_err(|e| format!("--runs {e} (timed runs per backend)"))?;
    Ok(n as usize)
}

pub fn bench(path: &Path, spec_args: &SpecArgs, backends: &[Backend], runs: usize) -> Result<(), String> {
    let model = open_with(path, spec_args)?;
    let specs = &model.program().specs;
    super::print_stdout(&format!(
        "{}: {} steps, {} saved rows, {} slots\n",
        path.display(),
        specs.n_steps,
        specs.n_rows,
        model.program().layout.n_slots
    ))?;
    // The front end is timed on the file's own specs: they change the run's length,
    // not the work of reading and lowering.
    let front = frontend(path).map_err(|e| e.to_string())?;
    let ms = front.as_secs_f64() * 1e3;
    super::print_stdout(&format!("front end (read, parse, lower to IR): {ms:.3} ms; backend compile below\n"))?;
    let rows = measure(&model, backends, runs).map_err(|e| format!("error: {e}"))?;
    super::print_stdout(&table(&rows))
}
