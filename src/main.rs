//! The `millrace` command line. Every error is one clear message on stderr and exit
//! status 2; results go to stdout (or `--output`).

use std::io::{self, BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use millrace::session::{Reply, Session};
use millrace::{Backend, Model};

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
            run_model(&model, backend, &sets, output, internals)
        }
        Command::Check { model, ir } => check(&model, ir),
        Command::Session { model, backend } => session(&model, backend),
        Command::EmitWasm { model, output } => emit_wasm(&model, output),
    }
}

/// Opens a model, printing its warnings to stderr.
fn open(path: &std::path::Path) -> Result<Model, String> {
    let model = Model::open(path).map_err(|e| e.to_string())?;
    for w in model.warnings() {
        eprintln!("{w}");
    }
    Ok(model)
}

fn parse_set(text: &str) -> Result<(String, f64), String> {
    let (name, value) = text.split_once('=').ok_or_else(|| format!("error: --set `{text}`: expected NAME=VALUE"))?;
    let value = value
        .trim()
        .parse::<f64>()
        .map_err(|_| format!("error: --set `{text}`: `{}` is not a number", value.trim()))?;
    Ok((name.trim().to_owned(), value))
}

fn run_model(
    path: &std::path::Path,
    backend: Backend,
    sets: &[String],
    output: Option<PathBuf>,
    internals: bool,
) -> Result<(), String> {
    let overrides = sets.iter().map(|s| parse_set(s)).collect::<Result<Vec<_>, _>>()?;
    let model = open(path)?;
    let results = model.run_with(backend, &overrides, internals).map_err(|e| format!("error: {e}"))?;
    let write = |out: &mut dyn Write| results.write_csv(out).and_then(|()| out.flush());
    match output {
        Some(file) => {
            let f = std::fs::File::create(&file).map_err(|e| format!("error: cannot write {}: {e}", file.display()))?;
            write(&mut BufWriter::new(f)).map_err(|e| format!("error: writing {}: {e}", file.display()))
        }
        None => {
            let stdout = io::stdout();
            match write(&mut BufWriter::new(stdout.lock())) {
                Ok(()) => Ok(()),
                // A closed pipe (`millrace run m | head`) is not an error of ours.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(format!("error: writing results: {e}")),
            }
        }
    }
}

fn check(path: &std::path::Path, ir: bool) -> Result<(), String> {
    let model = open(path)?;
    let program = model.program();
    if ir {
        print!("{}", program.dump());
    }
    let layout = &program.layout;
    let count = |k| layout.vars.iter().filter(|v| v.output && v.kind == k).count();
    use millrace::engine::ir::SlotKind;
    println!(
        "ok: {} variables ({} stocks, {} flows, {} auxes, {} constants), {} steps, {} saved rows",
        layout.outputs().count(),
        count(SlotKind::Stock),
        count(SlotKind::Flow),
        count(SlotKind::Aux),
        count(SlotKind::Constant),
        program.specs.n_steps,
        program.specs.n_rows
    );
    Ok(())
}

fn session(path: &std::path::Path, backend: Backend) -> Result<(), String> {
    let model = open(path)?;
    let sim = model.simulation(backend).map_err(|e| format!("error: {e}"))?;
    let mut session = Session::new(sim);
    let stdin = io::stdin();
    let mut stdout = io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| format!("error: reading stdin: {e}"))?;
        match session.handle(&line) {
            Reply::Line(reply) => {
                if writeln!(stdout, "{reply}").and_then(|()| stdout.flush()).is_err() {
                    return Ok(());
                }
            }
            Reply::Silent => {}
            Reply::Quit => break,
        }
    }
    Ok(())
}

/// `model.wasm` -> `model.listing.json` (any other name gets `.listing.json` appended).
fn listing_path(wasm: &std::path::Path) -> PathBuf {
    let name = wasm.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(".wasm").unwrap_or(&name);
    wasm.with_file_name(format!("{stem}.listing.json"))
}

fn emit_wasm(path: &std::path::Path, output: Option<PathBuf>) -> Result<(), String> {
    let model = open(path)?;
    let blob = model.wasm_blob().map_err(|e| format!("error: {}: {e}", path.display()))?;
    let wasm = output.unwrap_or_else(|| {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "model".into());
        PathBuf::from(format!("{stem}.wasm"))
    });
    let listing = listing_path(&wasm);
    let write = |file: &std::path::Path, bytes: &[u8]| {
        std::fs::write(file, bytes).map_err(|e| format!("error: cannot write {}: {e}", file.display()))
    };
    write(&wasm, blob.bytes())?;
    write(&listing, blob.listing().as_bytes())?;
    eprintln!("wrote {} ({} bytes) and {}", wasm.display(), blob.bytes().len(), listing.display());
    Ok(())
}
