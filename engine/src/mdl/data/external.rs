//! Data files given to a run (`millrace run --data FILE`, or the `externalDatfiles` of
//! `<model>_spec.json` beside the model): time series by variable name, for the data
//! variables a model declares without an equation (`x ~ units ~ |`). Two layouts:
//! - `.dat` (Vensim's and SDEverywhere's): a line naming a variable (`x[A1]`), then
//!   one `time<TAB>value` line per point;
//! - a table (`.tab`, `.txt`: tab-separated; `.csv`: comma-separated), as Vensim exports
//!   runs: a first row `Time, name, name...` and a row per time, or a first column
//!   `Time, name, name...` and a column per time (when the rest of the first row are
//!   numbers).
//!
//! A blank or non-number value is a missing point, left out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::files::{Cell, delimited_text};
use super::read::Series;
use crate::canonical::canonical;

/// Series by variable: the canonical name and, for an element, its canonical element
/// names.
#[derive(Debug, Default)]
pub(in crate::mdl) struct External {
    series: HashMap<(String, Vec<String>), Series>,
    /// The files read, for messages.
    pub files: Vec<PathBuf>,
}

impl External {
    /// The files' series; a later file's series of a variable replaces an earlier one's.
    pub fn load(paths: &[PathBuf]) -> Result<External, String> {
        let mut out = External::default();
        for path in paths {
            let bytes = super::files::read(path)?;
            let text = crate::source::decode(&bytes);
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            let found = match ext.as_str() {
                "dat" => dat(&text),
                "csv" => table(&text, ','),
                _ => table(&text, '\t'),
            }
            .map_err(|e| format!("the data file `{}`: {e}", path.display()))?;
            for (name, points) in found {
                out.series.insert(key(&name), sorted(points));
            }
            out.files.push(path.clone());
        }
        Ok(out)
    }

    /// The series of `name` (`elements`: one of its elements).
    pub fn get(&self, name: &str, elements: &[String]) -> Option<&Series> {
        self.series.get(&(canonical(name), elements.iter().map(|e| canonical(e)).collect()))
    }
}

/// `x[A1, B2]` -> (`x`, [`a1`, `b2`]), canonical.
fn key(name: &str) -> (String, Vec<String>) {
    match name.split_once('[') {
        Some((base, rest)) => {
            let inner = rest.trim_end().trim_end_matches(']');
            (canonical(base.trim()), inner.split(',').map(|e| canonical(e.trim())).collect())
        }
        None => (canonical(name.trim()), Vec::new()),
    }
}

fn sorted(mut points: Vec<(f64, f64)>) -> Series {
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (xs, ys) = points.into_iter().unzip();
    Series { xs, ys }
}

fn number(cell: &str) -> Option<f64> {
    cell.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Each variable's name, as written, and its (time, value) points.
type Found = Vec<(String, Vec<(f64, f64)>)>;

/// `.dat`: name lines, each followed by its `time value` lines.
fn dat(text: &str) -> Result<Found, String> {
    let mut out: Found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split(['\t', ' ']).filter(|p| !p.is_empty());
        let first = parts.next().and_then(number);
        match (first, out.last_mut()) {
            (Some(t), Some((_, points))) => {
                if let Some(v) = parts.next().and_then(number) {
                    points.push((t, v));
                }
            }
            (Some(_), None) => return Err(format!("line {}: a value before any variable's name", i + 1)),
            (None, _) => out.push((line.trim().to_owned(), Vec::new())),
        }
    }
    Ok(out)
}

/// A table by rows or by columns, its first cell `Time`.
fn table(text: &str, delimiter: char) -> Result<Found, String> {
    let rows = delimited_text(text, delimiter);
    let cell = |r: usize, c: usize| rows.get(r).and_then(|row| row.get(c)).cloned().unwrap_or(Cell::Empty);
    let name = |c: Cell| match c {
        Cell::Text(t) => Some(t),
        Cell::Number(v) => Some(format!("{v}")),
        Cell::Empty => None,
    };
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let by_rows = rows.first().is_some_and(|r| r.len() > 1 && r[1..].iter().all(|c| matches!(c, Cell::Number(_))));
    let (count, len) = if by_rows { (rows.len(), width) } else { (width, rows.len()) };
    // (name, time, value) of series `k` at step `i`: by rows, row k; else column k.
    let at = |k: usize, i: usize| if by_rows { cell(k, i) } else { cell(i, k) };
    let mut out = Vec::new();
    for k in 1..count {
        let Some(n) = name(at(k, 0)) else { continue };
        let points = (1..len)
            .filter_map(|i| match (at(0, i), at(k, i)) {
                (Cell::Number(t), Cell::Number(v)) => Some((t, v)),
                _ => None,
            })
            .collect();
        out.push((n, points));
    }
    if out.is_empty() {
        return Err("no variables (a table's first row or column names them after `Time`)".into());
    }
    Ok(out)
}

/// The data files named by `externalDatfiles` in `<model>_spec.json` beside the model
/// (SDEverywhere's convention), relative to the model's directory.
pub(in crate::mdl) fn spec_files(model: &Path) -> Vec<PathBuf> {
    let dir = model.parent().unwrap_or(Path::new(""));
    let Some(json) = super::spec(model) else { return Vec::new() };
    let Some(list) = json.get("externalDatfiles").and_then(|d| d.as_array()) else { return Vec::new() };
    list.iter().filter_map(|f| f.as_str()).map(|f| dir.join(f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dat_files() {
        let found = dat("x[A1]\n0\t1\n2\t3\n\ny\n0 5\n1\t\n").unwrap();
        assert_eq!(found, [("x[A1]".into(), vec![(0.0, 1.0), (2.0, 3.0)]), ("y".into(), vec![(0.0, 5.0)])]);
        assert!(dat("0\t1\n").unwrap_err().contains("before any"));
        assert_eq!(key(" A Values [a1, B 2] "), ("a_values".into(), vec!["a1".into(), "b_2".into()]));
    }

    #[test]
    fn tables_by_columns_and_by_rows() {
        let found = table("Time\tx[A]\ty\n0\t1\t\n1\t2\t5\n", '\t').unwrap();
        assert_eq!(found, [("x[A]".into(), vec![(0.0, 1.0), (1.0, 2.0)]), ("y".into(), vec![(1.0, 5.0)])]);
        let found = table("Time,0,1\nx,3,4\n", ',').unwrap();
        assert_eq!(found, [("x".into(), vec![(0.0, 3.0), (1.0, 4.0)])]);
        assert!(table("Time\n", '\t').is_err());
    }
}
