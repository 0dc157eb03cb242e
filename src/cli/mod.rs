//! The commands of the `millrace` binary, one file each. Every function returns its
//! error as the one message to print (exit status 2).

pub mod bands_chart;
pub mod batch;
pub mod bench;
pub mod check;
pub mod emit_wasm;
pub mod interrupt;
pub mod merge;
pub mod plot;
pub mod run;
pub mod session;
pub mod vars;
pub mod web;

use std::io::Write;
use std::path::{Path, PathBuf};

use millrace::{Method, Model, SpecOverrides};

/// `--start --stop --dt --save-every --method`: sim specs in place of the model's own;
/// `--data`: data files for a Vensim model's data variables.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct SpecArgs {
    /// Start time, in place of the model's.
    #[arg(long, value_name = "TIME", allow_negative_numbers = true)]
    pub start: Option<f64>,
    /// Stop time, in place of the model's.
    #[arg(long, value_name = "TIME", allow_negative_numbers = true)]
    pub stop: Option<f64>,
    /// Time step, in place of the model's.
    #[arg(long, value_name = "DT", allow_negative_numbers = true)]
    pub dt: Option<f64>,
    /// Save interval in model time (a whole number of DTs), in place of the model's.
    #[arg(long, value_name = "INTERVAL", allow_negative_numbers = true)]
    pub save_every: Option<f64>,
    /// Integration method, in place of the model's: euler, rk2 (Heun) or rk4.
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    pub method: Option<Method>,
    /// A data file (.dat, .tab, .csv) for a Vensim model's data variables without an
    /// equation, read while compiling; may be repeated.
    #[arg(long = "data", value_name = "FILE")]
    pub data: Vec<PathBuf>,
}

impl SpecArgs {
    fn overrides(&self) -> SpecOverrides {
        SpecOverrides {
            start: self.start,
            stop: self.stop,
            dt: self.dt,
            save_step: self.save_every,
            method: self.method,
        }
    }
}

fn parse_method(name: &str) -> Result<Method, String> {
    Method::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
        format!("`{name}` is not an integration method (one of: {})", names.join(", "))
    })
}

/// Opens a model, printing its warnings to stderr.
pub fn open(path: &Path) -> Result<Model, String> {
    open_with(path, &SpecArgs::default())
}

/// Opens a model with the sim specs given on the command line, printing its warnings.
pub fn open_with(path: &Path, specs: &SpecArgs) -> Result<Model, String> {
    let overrides = specs.overrides();
    let opened = match (overrides.is_empty(), specs.data.is_empty()) {
        (true, true) => Model::open(path),
        (false, true) => Model::open_with_specs(path, &overrides),
        _ => Model::open_with_data(path, &overrides, &specs.data),
    };
    let model = opened.map_err(|e| {
        let message = e.to_string();
        // The specs checks point at the file's <sim_specs>; say that the command line
        // changed them, or the modeller looks for a mistake that is not in the file.
        if !overrides.is_empty() && message.contains("sim specs") {
            format!(
                "{message}\n  (the sim specs include --start/--stop/--dt/--save-every/--method from the command line)"
            )
        } else {
            message
        }
    })?;
    for w in model.warnings() {
        eprintln!("{w}");
    }
    Ok(model)
}

/// Writes `text` to standard output. A closed pipe (`millrace check --ir m | head`) is
/// not an error of ours: the reader has what it wanted.
pub fn print_stdout(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("error: writing to standard output: {e}")),
        _ => Ok(()),
    }
}
