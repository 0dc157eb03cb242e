//! `millrace batch`: sweeps, Monte Carlo samples or a parameter file, on all cores.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressStyle};
use millrace::Backend;
use millrace::batch::bands::BandSink;
use millrace::batch::params::{MAX_RUNS, ParamSets, Sweep, Vary};
use millrace::batch::shard::{PartInfo, Shard};
use millrace::batch::{self, BatchError, MAX_JOBS, Plan, sink};
use millrace::output::AtomicFile;

use super::{SpecArgs, open_with};

/// Where the parameter sets come from, as given on the command line.
pub struct Sources {
    pub sweeps: Vec<String>,
    pub samples: Option<u64>,
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
    let n = usize::try_from(n).map_err(|_| usage(&format!("--samples {n}: too many for this machine")))?;
    Ok(ParamSets::samples(n, &varies, s.seed))
}

/// `--samples N`: a run count, 1 to `MAX_RUNS`.
pub fn samples_count(text: &str) -> Result<u64, String> {
    millrace::value::count(text, 1, MAX_RUNS)
        .map_err(|e| format!("--samples {e} (runs of one batch: split bigger work into several batches)"))
}

/// `--jobs N`: 1 to `MAX_JOBS` worker threads (a batch then starts no more than it has runs).
pub fn jobs_count(text: &str) -> Result<usize, String> {
    let n = millrace::value::count(text, 1, MAX_JOBS).map_err(|e| format!("--jobs {e} (worker threads)"))?;
    Ok(n as usize)
}

/// The most values `--plot` keeps in memory (runs x saved rows x variables): 512 M
/// values, 4 GiB.
const MAX_BAND_VALUES: u128 = 1 << 29;

pub fn batch(path: &std::path::Path, specs: &SpecArgs, sources: Sources, options: Options) -> Result<(), String> {
    let err = |e: BatchError| format!("error: {e}");
    // From here SIGINT stops the batch gracefully (before the first run: nothing written).
    let stop = super::interrupt::stop_flag();
    // Everything is checked before any file is touched or any run starts: a rejected
    // batch leaves an earlier output as it was.
    let shard = options.shard.as_deref().map(Shard::parse).transpose().map_err(err)?;
    let params = param_sets(&sources)?;
    if let Some(out) = &options.output {
        sink::Format::of(out).map_err(err)?;
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
        (Some(file), Some(vars)) => {
            let ext = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            if !matches!(ext.as_deref(), Some("svg" | "png")) {
                return Err(format!("error: --plot {}: write a .svg or a .png file", file.display()));
            }
            Some(vars.clone())
        }
    };
    let model = open_with(path, specs)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let requested = options.jobs.unwrap_or(cores);
    let plan = Plan {
        params,
        vars: options.vars,
        final_only: options.final_only,
        backend: options.backend,
        jobs: requested,
        seed: sources.seed,
    };
    let total = batch::check(&model, &plan).map_err(err)?;
    let runs = shard.map_or(total, |s| s.runs(total).len());
    // The workers the batch will start (batch::run_until caps them the same way).
    let jobs = requested.clamp(1, runs.max(1).min(MAX_JOBS as usize));
    if let Some(vars) = &band_vars {
        let layout = &model.program().layout;
        let columns: usize = vars.iter().map(|n| layout.select(n).len().max(1)).sum();
        let kept = runs as u128 * model.program().specs.n_rows as u128 * columns as u128;
        if kept > MAX_BAND_VALUES {
            return Err(format!(
                "error: --plot keeps every run's saved values of the --vars: {kept} values here, more than {MAX_BAND_VALUES} (4 GiB); plot fewer runs, variables or saved rows (--save-every)"
            ));
        }
    }
    // The outputs are created now, as temporary files beside their targets: an
    // unwritable directory fails here, before the first run.
    let plot_file =
        options.plot.as_deref().map(AtomicFile::create).transpose().map_err(|e| format!("error: --plot: {e}"))?;
    let mut sink = match shard {
        Some(shard) => sink::for_part(options.output.as_deref(), &PartInfo::new(shard, &plan).map_err(err)?),
        None => sink::for_path(options.output.as_deref()),
    }
    .map_err(err)?;
    let bands = Arc::new(Mutex::new(None));
    if let Some(vars) = &band_vars {
        // The table's columns carry the model's spelling of each name.
        let layout = &model.program().layout;
        let names = vars.iter().flat_map(|n| layout.select(n)).map(|v| v.name.clone()).collect();
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
    let outcome = batch::run_until(&model, &plan, shard, sink, &mut || progress.inc(1), &stop);
    progress.finish_and_clear();
    if matches!(outcome, Err(BatchError::Closed)) {
        return Ok(());
    }
    let summary = outcome.map_err(|e| {
        let kept = options.output.as_ref().map(|o| format!(" ({} left as it was)", o.display())).unwrap_or_default();
        format!("error: {e}{kept}")
    })?;
    let target = options.output.as_ref().map_or_else(|| "standard output".to_owned(), |o| o.display().to_string());
    if summary.interrupted {
        // No chart of a partial batch: its temporary file goes (exit runs no destructor).
        drop(plot_file);
        if summary.runs == 0 {
            eprintln!("interrupted before any run was done: nothing written ({target} left as it was)");
        } else {
            eprintln!(
                "interrupted: wrote the first {} of {} runs{} to {target}, each run whole; the rest were not run",
                summary.runs,
                summary.total,
                shard.map(|s| format!(" of shard {s}")).unwrap_or_default(),
            );
        }
        std::process::exit(super::interrupt::STATUS);
    }
    if let (Some(file), Some(out)) = (&options.plot, plot_file) {
        let bands = bands.lock().map_err(|_| "error: --plot: band data lost".to_owned())?.take();
        let bands = bands.ok_or("error: --plot: the batch gave no band data")?;
        let title = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "model".into());
        super::bands_chart::draw(&bands, &title, &out)?;
        out.commit().map_err(|e| format!("error: --plot: {e}"))?;
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
