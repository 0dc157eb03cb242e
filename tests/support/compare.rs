//! Comparing a simulation's saved rows with an expected table (rules: corpus README).

use std::collections::HashMap;
use std::fmt;

use millrace::Results;
use millrace::engine::canonical::canonical;

use super::expected::ExpectedTable;

/// Absolute tolerance of a cell.
pub const ABS_TOL: f64 = 2e-3;
/// Relative loosening for large magnitudes: Vensim exports about 6 significant digits.
pub const REL_TOL: f64 = 5e-6;
/// Below this magnitude on both sides, values count as equal (both "zero").
pub const TINY: f64 = 1e-6;

/// Simulation-control columns Vensim exports as if they were variables.
const CONTROL_COLUMNS: [&str; 4] = ["initial_time", "final_time", "time_step", "saveper"];

/// Whether an actual value matches an expected one.
pub fn cell_passes(expected: f64, actual: f64) -> bool {
    if expected.is_nan() || actual.is_nan() {
        return expected.is_nan() && actual.is_nan();
    }
    if expected.is_infinite() || actual.is_infinite() {
        return expected == actual;
    }
    if expected.abs() < TINY && actual.abs() < TINY {
        return true;
    }
    (expected - actual).abs() <= ABS_TOL + REL_TOL * expected.abs()
}

/// The key under which an expected column and a model variable are the same: the
/// engine's canonical name, with every quote dropped (expected files quote names inside
/// module paths, `a."module/output"`) and no separator beside `[ ] , .` (`a[x, y]` is
/// `a[x,y]`).
pub fn match_key(name: &str) -> String {
    let canon: Vec<char> = canonical(name).chars().filter(|&c| c != '"').collect();
    let punct = |c: Option<&char>| matches!(c, Some('[' | ']' | ',' | '.'));
    let mut key = String::with_capacity(canon.len());
    for (i, &c) in canon.iter().enumerate() {
        if c == '_' && (punct(key.chars().last().as_ref()) || punct(canon.get(i + 1))) {
            continue;
        }
        key.push(c);
    }
    key.trim_matches('_').to_owned()
}

fn is_control(key: &str) -> bool {
    CONTROL_COLUMNS.contains(&key)
}

/// What a comparison found. It passed when `failure` is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Expected columns matched to a model variable and compared.
    pub compared_columns: usize,
    /// Expected columns the model has no variable for (control columns not included).
    pub skipped: Vec<String>,
    /// Cells compared (cells with no expected value are not).
    pub compared_cells: usize,
    pub failure: Option<Failure>,
}

/// Why a comparison failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// No expected column names a model variable: nothing could be checked.
    NothingCompared {
        skipped: usize,
    },
    RowCount {
        expected: usize,
        actual: usize,
    },
    /// Saved row `row` is at another time than the expected one.
    Time {
        row: usize,
        expected: f64,
        actual: f64,
    },
    /// Cells out of tolerance; the first one (earliest time, then file order) is named.
    Values {
        column: String,
        time: f64,
        expected: f64,
        actual: f64,
        failed_cells: usize,
        failed_columns: usize,
    },
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::NothingCompared { skipped } => {
                write!(f, "no expected column matches a model variable ({skipped} skipped)")
            }
            Failure::RowCount { expected, actual } => {
                write!(f, "{actual} saved rows, expected {expected}")
            }
            Failure::Time { row, expected, actual } => {
                write!(f, "saved row {row} is at time {actual}, expected {expected}")
            }
            Failure::Values { column, time, expected, actual, failed_cells, failed_columns } => write!(
                f,
                "`{column}` at time {time}: expected {expected}, got {actual} \
                 ({failed_cells} cells in {failed_columns} columns out of tolerance)"
            ),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(failure) = &self.failure {
            write!(f, "{failure}")?;
        } else {
            write!(f, "{} columns, {} cells", self.compared_columns, self.compared_cells)?;
        }
        if !self.skipped.is_empty() {
            let shown: Vec<&str> = self.skipped.iter().take(3).map(String::as_str).collect();
            let more = if self.skipped.len() > 3 { ", ..." } else { "" };
            write!(f, "; {} skipped: {}{more}", self.skipped.len(), shown.join(", "))?;
        }
        Ok(())
    }
}

/// Compares `results` with `expected`.
pub fn compare_results(expected: &ExpectedTable, results: &Results) -> Outcome {
    compare(expected, &results.names, &results.rows)
}

/// Compares saved rows (`names[0]` and column 0 are time) with `expected`.
pub fn compare(expected: &ExpectedTable, names: &[String], rows: &[Vec<f64>]) -> Outcome {
    let mut by_key: HashMap<String, usize> = HashMap::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        by_key.entry(match_key(name)).or_insert(i);
    }
    let mut matched = Vec::new();
    let mut skipped = Vec::new();
    for column in &expected.columns {
        let key = match_key(&column.name);
        if is_control(&key) {
            continue;
        }
        match by_key.get(&key) {
            Some(&i) => matched.push((column, i)),
            None => skipped.push(column.name.clone()),
        }
    }
    let mut outcome = Outcome { compared_columns: matched.len(), skipped, compared_cells: 0, failure: None };
    outcome.failure = first_failure(expected, rows, &matched, &mut outcome);
    outcome
}

type Matched<'a> = [(&'a super::expected::ExpectedColumn, usize)];

fn first_failure(
    expected: &ExpectedTable,
    rows: &[Vec<f64>],
    matched: &Matched<'_>,
    outcome: &mut Outcome,
) -> Option<Failure> {
    if matched.is_empty() {
        let skipped = outcome.skipped.len();
        return Some(Failure::NothingCompared { skipped });
    }
    if rows.len() != expected.time.len() {
        let (expected, actual) = (expected.time.len(), rows.len());
        return Some(Failure::RowCount { expected, actual });
    }
    // A missing value (short row) reads as NaN, which fails unless NaN was expected.
    let cell = |row: &[f64], i: usize| row.get(i).copied().unwrap_or(f64::NAN);
    for (row, (&t, values)) in expected.time.iter().zip(rows).enumerate() {
        let actual = cell(values, 0);
        if !cell_passes(t, actual) {
            return Some(Failure::Time { row, expected: t, actual });
        }
    }
    // Row-major, so the reported cell is the earliest divergence.
    let mut first = None;
    let mut failed_cells = 0;
    let mut column_failed = vec![false; matched.len()];
    for (r, values) in rows.iter().enumerate() {
        for (m, &(column, i)) in matched.iter().enumerate() {
            let Some(want) = column.values.get(r).copied().flatten() else {
                continue;
            };
            let got = cell(values, i);
            outcome.compared_cells += 1;
            if cell_passes(want, got) {
                continue;
            }
            failed_cells += 1;
            column_failed[m] = true;
            first.get_or_insert((column.name.clone(), expected.time[r], want, got));
        }
    }
    let (column, time, expected, actual) = first?;
    Some(Failure::Values {
        column,
        time,
        expected,
        actual,
        failed_cells,
        failed_columns: column_failed.iter().filter(|&&f| f).count(),
    })
}
