//! `millrace batch`: sweeps, Monte Carlo samples or a parameter file, on all cores.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressStyle};
use millrace::Backend;
use millrace::batch::bands::BandSink;
use millrace::batch::params::{ParamSets, Sweep, Vary};
use millrace::batch::shard::{PartInfo, Shard};
use millrace::batch::{self, BatchError, Plan, sink};

use super::{SpecArgs, open_with};

/// Where the parameter sets come from, as given on the command line.
pub struct Sources {
    pub sweeps: Vec<String>,
    pub samples: Option<usize>,
    pub varies: Vec<String>,
    pub seed: u64,
    pub params: Option<PathBuf>,
}

pub struct Options {
    pub backend: Backend,
    pub jobs: Option<usize>,
    pub vars: Option<Vec<String>>,
    pub final_only: bool,
    pub output: Option<PathBuf>,
    /// Draw the sensitivity bands of `vars` here (.svg or .png).
    pub plot: Option<PathBuf>,
    /// `K/N`: run only the K-th of N slices of the runs, into a part for `millrace merge`.
    pub shard: Option<String>,
}

/// The parameter sets: exactly one of a sweep grid, samples, or a parameter file.
fn param_sets(s: &Sources) -> Result<ParamSets, String> {
    let usage = |m: &str| format!("error: {m}");
    let kinds = [!s.sweeps.is_empty(), s.samples.is_some() || !s.varies.is_empty(), s.params.is_some()];
    match kinds.iter().filter(|&&k| k).count() {
        0 => return Err(usage("say what to run: --sweep NAME=LO:HI:N, --samples N with --vary, or --params FILE.csv")),
        1 => {}
        _ => return Err(usage("use one of --sweep, --samples/--vary and --params at a time")),
    }
    let err = |e: BatchError| format!("error: {e}");
    if !s.sweeps.is_empty() {
        let sweeps = s.sweeps.iter().map(|t| Sweep::parse(t)).collect::<Result<Vec<_>, _>>().map_err(err)?;
        return Ok(ParamSets::grid(&sweeps));
    }
    if let Some(path) = &s.params {
        return ParamSets::from_csv(path).map_err(err);
    }
    let n = s.samples.ok_or_else(|| usage("--vary needs --samples N"))?;
    if s.varies.is_empty() {
        return Err(usage("--samples needs at least one --vary NAME=DIST(...)"));
    }
    let varies = s.varies.iter().map(|t| Vary::parse(t)).collect::<Result<Vec<_>, _>>().map_err(err)?;
    Ok(ParamSets::samples(n, &varies, s.seed))
}

pub fn batch(path: &std::path::Path, specs: &SpecArgs, sources: Sources, options: Options) -> Result<(), String> {
    let shard = options.shard.as_deref().map(Shard::parse).transpose().map_err(|e| format!("error: {e}"))?;
    let params = param_sets(&sources)?;
    let model = open_with(path, specs)?;
    let jobs = options.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if jobs == 0 {
        return Err("error: --jobs must be at least 1".into());
    }
    let band_vars = match (&options.plot, &options.vars) {
        (None, _) => None,
        (Some(_), _) if options.final_only => {
            return Err("error: --plot draws every saved time; it cannot go with --final-only".into());
        }
        (Some(_), _) if shard.is_some() => {
            return Err("error: --plot draws the bands of the whole batch; it cannot go with --shard".into());
        }
        // Bands keep every run's values of the chosen variables: naming them bounds it.
        (Some(_), None) => return Err("error: --plot needs --vars A,B (the variables to draw)".into()),
        (Some(_), Some(vars)) => Some(vars.clone()),
    };
    let plan = Plan { params, vars: options.vars, final_only: options.final_only, backend: options.backend, jobs };
    let runs = shard.map_or(plan.params.rows.len(), |s| s.runs(plan.params.rows.len()).len());
    let mut sink = match shard {
        Some(shard) => sink::for_part(options.output.as_deref(), &PartInfo::new(shard, &plan)),
        None => sink::for_path(options.output.as_deref()),
    }
    .map_err(|e| format!("error: {e}"))?;
    let bands = Arc::new(Mutex::new(None));
    if let Some(vars) = &band_vars {
        // The table's columns carry the model's spelling of each name.
        let layout = &model.program().layout;
        let names = vars.iter().map(|n| layout.find(n).map_or_else(|| n.clone(), |v| v.name.clone())).collect();
        sink = Box::new(BandSink::new(sink, names, bands.clone()));
    }
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(runs as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {per_sec}  ETA {eta}") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let outcome = match shard {
        Some(shard) => batch::run_shard(&model, &plan, shard, sink, &mut || progress.inc(1)),
        None => batch::run(&model, &plan, sink, &mut || progress.inc(1)),
    };
    progress.finish_and_clear();
    let summary = outcome.map_err(|e| format!("error: {e}"))?;
    if let Some(file) = &options.plot {
        let bands = bands.lock().map_err(|_| "error: --plot: band data lost".to_owned())?.take();
        let bands = bands.ok_or("error: --plot: the batch gave no band data")?;
        let title = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "model".into());
        super::bands_chart::draw(&bands, &title, file)?;
        eprintln!("wrote {}", file.display());
    }
    let secs = summary.elapsed.as_secs_f64();
    eprintln!(
        "{} runs{} in {secs:.3} s ({:.0} runs/s) on {jobs} worker{}, {}",
        summary.runs,
        shard.map(|s| format!(" (shard {s})")).unwrap_or_default(),
        summary.runs as f64 / secs.max(1e-9),
        if jobs == 1 { "" } else { "s" },
        options.backend.name()
    );
    Ok(())
}
