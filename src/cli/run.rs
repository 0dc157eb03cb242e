//! `millrace run`: one run, written as CSV or tab-separated.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use millrace::engine::ir::{Global, VarSlot};
use millrace::engine::results::TableFormat;
use millrace::output::AtomicFile;
use millrace::{Backend, Model, Results, SimError};

use super::{SpecArgs, open_with};

/// `--set NAME=VALUE`, the value under the one rule for parameter values
/// (millrace::value: a finite number).
pub(super) fn parse_set(text: &str) -> Result<(String, f64), String> {
    let (name, value) = text.split_once('=').ok_or_else(|| format!("error: --set `{text}`: expected NAME=VALUE"))?;
    let name = name.trim();
    let value = millrace::value::parse(name, value).map_err(|e| format!("error: --set {e}"))?;
    Ok((name.to_owned(), value))
}

/// `--format csv|tab`.
pub fn format_value(text: &str) -> Result<TableFormat, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "csv" => Ok(TableFormat::Csv),
        "tab" => Ok(TableFormat::Tab),
        _ => Err(format!("`{text}` is not a format: csv or tab")),
    }
}

/// What `millrace run` writes: where, in which format, which columns.
pub struct Table<'a> {
    /// The file (written whole or not at all), or stdout.
    pub output: Option<PathBuf>,
    pub format: TableFormat,
    /// With the variables of implicit instances.
    pub internals: bool,
    /// Only these variables' columns, in this order.
    pub vars: Option<&'a [String]>,
}

/// `--seed S`: a whole number from 0 to 2^53 - 1 (the seed slot holds it exactly).
pub fn seed_value(text: &str) -> Result<u64, String> {
    let max = millrace::engine::numerics::random::MAX_SEED;
    match text.trim().parse::<u64>() {
        Ok(s) if s <= max => Ok(s),
        _ => Err(format!("`{text}` is not a seed: a whole number from 0 to {max}")),
    }
}

/// The variables of `names`, in the order given (each checked first, with a suggestion
/// for a misspelt one; a whole array by its bare name gives all its elements).
fn selected_vars<'m>(model: &'m Model, names: &[String]) -> Result<Vec<&'m VarSlot>, SimError> {
    let layout = &model.program().layout;
    let mut vars = Vec::new();
    for n in names {
        let found = layout.select(n);
        if found.is_empty() {
            return Err(SimError::UnknownVariable(n.clone(), layout.hint(n)));
        }
        vars.extend(found);
    }
    Ok(vars)
}

/// One run keeping only `names`' columns ([`selected_vars`]), as `Results`.
pub(super) fn run_selected(
    model: &Model,
    backend: Backend,
    overrides: &[(String, f64)],
    names: &[String],
    seed: u64,
) -> Result<Results, SimError> {
    let vars = selected_vars(model, names)?;
    let sim = model.run_simulation(backend, overrides, seed)?;
    let series = vars.into_iter().map(|v| sim.series(v.slot).map(|s| (v, s))).collect::<Result<Vec<_>, _>>()?;
    Ok(Results::from_columns(sim.series(Global::Time.slot())?, series))
}

pub fn run_model(
    path: &Path,
    specs: &SpecArgs,
    backend: Backend,
    sets: &[String],
    table: Table<'_>,
    seed: u64,
) -> Result<(), String> {
    let Table { output, format, internals, vars } = table;
    let overrides = sets.iter().map(|s| parse_set(s)).collect::<Result<Vec<_>, _>>()?;
    // Created before the run, as a temporary file beside the target: an unwritable
    // path fails now, and an earlier file stays until the results replace it whole.
    let mut file = output.as_deref().map(AtomicFile::create).transpose().map_err(|e| format!("error: {e}"))?;
    let model = open_with(path, specs)?;
    let fail = |e: SimError| format!("error: {e}");
    let columns = match vars {
        None => None,
        Some(names) => {
            let vars = selected_vars(&model, names).map_err(fail)?;
            let time = ("time".to_owned(), Global::Time.slot());
            Some(std::iter::once(time).chain(vars.into_iter().map(|v| (v.name.clone(), v.slot))).collect())
        }
    };
    let sim = model.run_simulation(backend, &overrides, seed).map_err(fail)?;
    let columns = columns.unwrap_or_else(|| sim.result_columns(internals));
    // Straight from the simulation's saved rows: no copy of them (a run's memory is its
    // results slab, which the compiler bounds).
    let write = |out: &mut dyn Write| sim.write_table(out, format, &columns).and_then(|()| out.flush());
    match file.take() {
        Some(mut file) => {
            let shown = file.target().display().to_string();
            let f = file.take_file().map_err(|e| format!("error: {e}"))?;
            write(&mut BufWriter::new(f)).map_err(|e| format!("error: writing {shown}: {e}"))?;
            file.commit().map_err(|e| format!("error: {e}"))
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
