//! The `millrace` command line. Every error is one clear message on stderr and exit
//! status 2; results go to stdout (or `--output`). One file per command in `cli/`.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use millrace::Backend;

#[derive(Parser)]
#[command(name = "millrace", version, about = "System-dynamics simulation engine")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a model and write its results as CSV (a `time` column, then one per variable).
    Run {
        /// The model file (.xmile, .stmx).
        model: PathBuf,
        /// The backend to run on.
        #[arg(long, default_value = "vm")]
        backend: Backend,
        /// Override a constant before the run (repeatable).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        sets: Vec<String>,
        /// Write the CSV here instead of to stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Also write the variables of implicit instances (stdlib functions, macros).
        #[arg(long)]
        internals: bool,
    },
    /// Many runs: a sweep grid, Monte Carlo samples or a parameter file, on all cores.
    /// One output row per run (--final-only) or per run and saved step.
    Batch {
        model: PathBuf,
        /// Sweep a constant over N evenly spaced values (repeatable: a full grid).
        #[arg(long = "sweep", value_name = "NAME=LO:HI:N")]
        sweeps: Vec<String>,
        /// The number of Monte Carlo runs (with --vary).
        #[arg(long)]
        samples: Option<usize>,
        /// Draw a constant per run: uniform(A,B), normal(MEAN,SD) or triangular(A,MODE,B).
        #[arg(long = "vary", value_name = "NAME=DIST(...)")]
        varies: Vec<String>,
        /// The seed of the Monte Carlo draws (the same seed gives the same runs).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// A CSV file: one run per row, one column per constant (named in the header).
        #[arg(long, value_name = "FILE.csv")]
        params: Option<PathBuf>,
        /// The backend to run on.
        #[arg(long, default_value = "jit")]
        backend: Backend,
        /// Worker threads (default: every core).
        #[arg(long)]
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
        /// The backends to time.
        #[arg(long, value_delimiter = ',', default_value = "vm,wasm,jit")]
        backends: Vec<Backend>,
        /// Timed runs per backend.
        #[arg(long, default_value_t = 100)]
        runs: usize,
    },
    /// Read and compile a model; report problems with file and line.
    Check {
        model: PathBuf,
        /// Print the compiled IR.
        #[arg(long)]
        ir: bool,
    },
    /// Drive a live simulation over stdin/stdout, one command a line (see README).
    Session {
        model: PathBuf,
        #[arg(long, default_value = "vm")]
        backend: Backend,
    },
    /// Write the model's WebAssembly module and its JSON listing (`NAME.listing.json`
    /// beside it) for other hosts: browsers, other runtimes (see docs/wasm.md).
    EmitWasm {
        model: PathBuf,
        /// The module file to write (default: the model's name with `.wasm`, here).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
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
    match command {
        Command::Run { model, backend, sets, output, internals } => {
            cli::run::run_model(&model, backend, &sets, output, internals)
        }
        Command::Batch {
            model,
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
            shard,
        } => {
            let sources = cli::batch::Sources { sweeps, samples, varies, seed, params };
            let options = cli::batch::Options { backend, jobs, vars, final_only, output, shard };
            cli::batch::batch(&model, sources, options)
        }
        Command::Merge { parts, output } => cli::merge::merge(&parts, &output),
        Command::Bench { model, backends, runs } => cli::bench::bench(&model, &backends, runs),
        Command::Check { model, ir } => cli::check::check(&model, ir),
        Command::Session { model, backend } => cli::session::session(&model, backend),
        Command::EmitWasm { model, output } => cli::emit_wasm::emit_wasm(&model, output),
    }
}
