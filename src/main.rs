//! The `millrace` command line. Every error is one clear message on stderr and exit
//! status 2; results go to stdout (or `--output`). One file per command in `cli/`.

mod cli;
mod web;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use millrace::Backend;
use millrace::engine::results::TableFormat;

#[derive(Parser)]
#[command(name = "millrace", version, about = "System-dynamics simulation engine")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a model and write its results as CSV (a `time` column, then one per variable),
    /// or tab-separated as Vensim exports them (`--format tab`, or an output named `.tab`).
    Run {
        /// The model file (.xmile, .stmx, .mdl).
        model: PathBuf,
        #[command(flatten)]
        specs: cli::SpecArgs,
        /// The backend to run on: vm (the reference), wasm or jit.
        #[arg(long, default_value = "vm", value_parser = backend_parser())]
        backend: Backend,
        /// Override a constant before the run (repeatable).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        sets: Vec<String>,
        /// Write the results here instead of to stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The table's format: csv, or tab (tab-separated, a `Time` column first, as
        /// Vensim's .tab exports). Default: tab for an output named `.tab`, else csv.
        #[arg(long, value_parser = cli::run::format_value)]
        format: Option<millrace::engine::results::TableFormat>,
        /// Also write the variables of implicit instances (stdlib functions, macros).
        #[arg(long, conflicts_with = "vars")]
        internals: bool,
        /// Only these variables' columns, in this order (default: every output variable).
        #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
        vars: Option<Vec<String>>,
        /// The seed of the random functions (NORMAL, RANDOM UNIFORM...): a whole number
        /// from 0 to 2^53 - 1; the same seed repeats the run exactly. A batch writes
        /// each run's seed in its `seed` column.
        #[arg(long, default_value_t = 0, value_parser = cli::run::seed_value)]
        seed: u64,
    },
    /// Many runs: a sweep grid, Monte Carlo samples or a parameter file, on all cores.
    /// One output row per run (--final-only) or per run and saved step.
    Batch {
        model: PathBuf,
        #[command(flatten)]
        specs: cli::SpecArgs,
        /// Sweep a constant over N evenly spaced values (repeatable: a full grid).
        #[arg(long = "sweep", value_name = "NAME=LO:HI:N")]
        sweeps: Vec<String>,
        /// The number of Monte Carlo runs (with --vary), 1 to 1e12 (e-notation accepted).
        #[arg(long, value_parser = cli::batch::samples_count)]
        samples: Option<u64>,
        /// Draw a constant per run: uniform(A,B), normal(MEAN,SD) or triangular(A,MODE,B).
        #[arg(long = "vary", value_name = "NAME=DIST(...)")]
        varies: Vec<String>,
        /// The seed of the Monte Carlo draws and of the runs' random functions (run k
        /// gets a seed derived from this and k, written in the `seed` column when the
        /// model calls random functions): the same seed gives the same runs.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// A CSV file: one run per row, one column per constant (named in the header).
        #[arg(long, value_name = "FILE.csv")]
        params: Option<PathBuf>,
        /// The backend to run on: vm, wasm or jit (the jit by default here: the fastest
        /// once compiled, and a batch compiles once for all its runs).
        #[arg(long, default_value = "jit", value_parser = backend_parser())]
        backend: Backend,
        /// Worker threads (default: every core; never more than the runs), 1 to 1024.
        #[arg(long, value_parser = cli::batch::jobs_count)]
        jobs: Option<usize>,
        /// The variables to keep (default: every output variable).
        #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
        vars: Option<Vec<String>>,
        /// Keep only each run's last saved row.
        #[arg(long)]
        final_only: bool,
        /// Write here (.csv or .parquet) instead of CSV to stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Also draw the sensitivity bands of the --vars across runs (.svg or .png).
        #[arg(long, value_name = "BANDS.svg")]
        plot: Option<PathBuf>,
        /// Run only slice K (from 0) of N of the runs, writing a part for `millrace merge`
        /// (job arrays: Slurm, Kubernetes Indexed Jobs).
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
    },
    /// Merge the parts of `batch --shard` into the table the unsharded batch writes,
    /// after checking that every run is there exactly once.
    Merge {
        /// Every shard's part (.csv or .parquet, the output's format).
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// The merged table (.csv or .parquet).
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Time each backend on a model: code generation, and one run (median, minimum).
    Bench {
        model: PathBuf,
        #[command(flatten)]
        specs: cli::SpecArgs,
        /// The backends to time, comma-separated: any of vm, wasm, jit.
        #[arg(long, value_delimiter = ',', default_value = "vm,wasm,jit", value_parser = backend_parser())]
        backends: Vec<Backend>,
        /// Timed runs per backend, 1 to 1000000.
        #[arg(long, default_value = "100", value_parser = cli::bench::runs_count)]
        runs: usize,
    },
    /// Draw one run's time series of chosen variables as an SVG or PNG chart.
    Plot {
        model: PathBuf,
        #[command(flatten)]
        specs: cli::SpecArgs,
        /// The variables to draw (default: the model's stocks).
        #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
        vars: Option<Vec<String>>,
        /// Override a constant before the run (repeatable).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        sets: Vec<String>,
        /// The backend to run on: vm (the reference), wasm or jit.
        #[arg(long, default_value = "vm", value_parser = backend_parser())]
        backend: Backend,
        /// The chart's title (default: the model file's name).
        #[arg(long)]
        title: Option<String>,
        /// The chart file: .svg or .png.
        #[arg(long, short)]
        output: PathBuf,
    },
    /// List a model's constants (default, units, documented range), stocks and outputs:
    /// the names --set, --vary, --sweep and --vars accept.
    Vars {
        model: PathBuf,
        /// Write JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Read and compile a model; report problems with file and line.
    Check {
        model: PathBuf,
        /// Print the compiled IR.
        #[arg(long)]
        ir: bool,
        /// Fail (exit status 2) when reading or compiling gave any warning.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Drive a live simulation over stdin/stdout, one command a line (see README).
    Session {
        model: PathBuf,
        #[command(flatten)]
        specs: cli::SpecArgs,
        /// The backend to run on: vm (the reference), wasm or jit.
        #[arg(long, default_value = "vm", value_parser = backend_parser())]
        backend: Backend,
    },
    /// Make the model an interactive web page: a slider for every constant, charts that
    /// re-run in the browser, reset, CSV download (static files; see README).
    Web {
        model: PathBuf,
        #[command(flatten)]
        specs: cli::SpecArgs,
        /// The variables to chart (default: the model's stocks).
        #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
        vars: Option<Vec<String>>,
        /// The page's title (default: the model file's name).
        #[arg(long)]
        title: Option<String>,
        /// Write the site into this directory (replacing a previous site there).
        #[arg(long, short, value_name = "DIR", required_unless_present = "serve")]
        output: Option<PathBuf>,
        /// Replace the -o directory even if it holds other files (they are deleted).
        #[arg(long, requires = "output")]
        force: bool,
        /// Serve the site on http://127.0.0.1:PORT/ until Ctrl-C.
        #[arg(long)]
        serve: bool,
        /// The port for --serve (0: any free port; the URL is printed).
        #[arg(long, default_value_t = 8000, requires = "serve")]
        port: u16,
    },
    /// Write the model's WebAssembly module and its JSON listing (`NAME.listing.json`
    /// beside it) for other hosts: browsers, other runtimes (see docs/wasm.md).
    EmitWasm {
        model: PathBuf,
        /// The module file to write (default: the model's name with `.wasm`, in the
        /// current directory; the files written are named on stderr).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// `--backend`'s values, listed by `--help` and in the error for any other value.
fn backend_parser() -> impl TypedValueParser<Value = Backend> {
    PossibleValuesParser::new(Backend::ALL.map(Backend::name)).try_map(|name| name.parse::<Backend>())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    // A batch handles SIGINT itself (it stops between runs and finishes its table);
    // every other command exits, removing the temporary file of any output not yet in place.
    if !matches!(command, Command::Batch { .. }) {
        cli::interrupt::exit_on_interrupt();
    }
    match command {
        Command::Run { model, specs, backend, sets, output, format, internals, vars, seed } => {
            let format = format.or(output.as_deref().map(TableFormat::of_path)).unwrap_or_default();
            let table = cli::run::Table { output, format, internals, vars: vars.as_deref() };
            cli::run::run_model(&model, &specs, backend, &sets, table, seed)
        }
        Command::Plot { model, specs, vars, sets, backend, title, output } => {
            let args =
                cli::plot::PlotArgs { specs: &specs, backend, sets: &sets, vars: vars.as_deref(), title, output };
            cli::plot::plot(&model, args)
        }
        Command::Vars { model, json } => cli::vars::vars(&model, json),
        Command::Batch {
            model,
            specs,
            sweeps,
            samples,
            varies,
            seed,
            params,
            backend,
            jobs,
            vars,
            final_only,
            output,
            plot,
            shard,
        } => {
            let sources = cli::batch::Sources { sweeps, samples, varies, seed, params };
            let options = cli::batch::Options { backend, jobs, vars, final_only, output, plot, shard };
            cli::batch::batch(&model, &specs, sources, options)
        }
        Command::Merge { parts, output } => cli::merge::merge(&parts, &output),
        Command::Bench { model, specs, backends, runs } => cli::bench::bench(&model, &specs, &backends, runs),
        Command::Check { model, ir, deny_warnings } => cli::check::check(&model, ir, deny_warnings),
        Command::Session { model, specs, backend } => cli::session::session(&model, &specs, backend),
        Command::Web { model, specs, vars, title, output, force, serve, port } => {
            let args = cli::web::WebArgs {
                specs: &specs,
                vars: vars.as_deref(),
                title,
                output,
                force,
                serve: serve.then_some(port),
            };
            cli::web::web(&model, args)
        }
        Command::EmitWasm { model, output } => cli::emit_wasm::emit_wasm(&model, output),
    }
}
