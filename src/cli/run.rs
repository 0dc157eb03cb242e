//! `millrace run`: one run, written as CSV.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use millrace::Backend;

use super::open;

fn parse_set(text: &str) -> Result<(String, f64), String> {
    let (name, value) = text.split_once('=').ok_or_else(|| format!("error: --set `{text}`: expected NAME=VALUE"))?;
    let value = value
        .trim()
        .parse::<f64>()
        .map_err(|_| format!("error: --set `{text}`: `{}` is not a number", value.trim()))?;
    Ok((name.trim().to_owned(), value))
}

pub fn run_model(
    path: &Path,
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
