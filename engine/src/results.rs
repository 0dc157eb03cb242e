//! Saved results as named columns, and their CSV and tab-separated forms.
//!
//! Every value is written in Rust's shortest round-trip form, so reading the CSV back
//! gives the exact bits (plain decimals between 1e-5 and 1e16, exponent form outside).

use std::io::{self, Write};

use crate::ir::{Global, VarSlot};

#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// Column names: `time`, then each output variable under its model name.
    pub names: Vec<String>,
    /// The slot of each column.
    pub slots: Vec<u32>,
    /// One row per saved step, `names.len()` values each.
    pub rows: Vec<Vec<f64>>,
}

impl Results {
    /// Named columns from one series per variable: `time` first, then `vars`.
    pub fn from_columns(time: Vec<f64>, vars: Vec<(&VarSlot, Vec<f64>)>) -> Self {
        let mut names = vec!["time".to_owned()];
        let mut slots = vec![Global::Time.slot()];
        let mut columns = vec![time];
        for (v, series) in vars {
            names.push(v.name.clone());
            slots.push(v.slot);
            columns.push(series);
        }
        let n_rows = columns[0].len();
        let rows = (0..n_rows).map(|r| columns.iter().map(|c| c[r]).collect()).collect();
        Results { names, slots, rows }
    }

    /// The column of the variable with this name (any spelling, or `time`).
    pub fn column(&self, name: &str) -> Option<Vec<f64>> {
        let key = crate::canonical::canonical_path(name);
        let i = self.names.iter().position(|n| crate::canonical::canonical_path(n) == key)?;
        Some(self.rows.iter().map(|r| r[i]).collect())
    }

    /// Writes the results as CSV: a header, then one line per saved row.
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        write_csv(out, &self.names, self.rows.len(), |r, c| Ok(self.rows[r][c]))
    }
}

/// How a table of results is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableFormat {
    /// Comma-separated, fields quoted as RFC 4180 has them; the time column is `time`.
    #[default]
    Csv,
    /// Tab-separated as Vensim exports a run (`.tab`): the time column is `Time`, names
    /// are not quoted (a tab or line break in a name is written as a space).
    Tab,
}

impl TableFormat {
    /// The format an output path asks for: `.tab` (any case) is [`TableFormat::Tab`],
    /// anything else CSV.
    pub fn of_path(path: &std::path::Path) -> TableFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("tab") => TableFormat::Tab,
            _ => TableFormat::Csv,
        }
    }
}

/// Writes CSV: the header `names`, then `n_rows` lines of `value(row, column)`.
pub fn write_csv(
    out: &mut dyn Write,
    names: &[String],
    n_rows: usize,
    value: impl Fn(usize, usize) -> io::Result<f64>,
) -> io::Result<()> {
    write_table(out, TableFormat::Csv, names, n_rows, value)
}

/// Writes a table in `format`: the header `names` (the first is the time column), then
/// `n_rows` lines of `value(row, column)`. The one results writer: `millrace run`
/// streams a simulation's saved rows through it without a copy of them.
pub fn write_table(
    out: &mut dyn Write,
    format: TableFormat,
    names: &[String],
    n_rows: usize,
    value: impl Fn(usize, usize) -> io::Result<f64>,
) -> io::Result<()> {
    let separator = match format {
        TableFormat::Csv => ',',
        TableFormat::Tab => '\t',
    };
    let mut line = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            line.push(separator);
        }
        match format {
            TableFormat::Csv => push_csv_field(&mut line, name),
            TableFormat::Tab if i == 0 && name == "time" => line.push_str("Time"),
            TableFormat::Tab => {
                line.extend(name.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }))
            }
        }
    }
    line.push('\n');
    out.write_all(line.as_bytes())?;
    for row in 0..n_rows {
        line.clear();
        for column in 0..names.len() {
            if column > 0 {
                line.push(separator);
            }
            push_f64(&mut line, value(row, column)?);
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Appends `field`, quoted when it holds a comma, a quote or a line break.
pub fn push_csv_field(line: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        line.push('"');
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

/// Appends `v` in its shortest round-trip form: `180`, `0.125`, `1e-7`, `NaN`, `inf`.
pub fn push_f64(line: &mut String, v: f64) {
    use std::fmt::Write as _;
    let a = v.abs();
    if v == 0.0 || !v.is_finite() || (1e-5..1e16).contains(&a) {
        let _ = write!(line, "{v}");
    } else {
        let _ = write!(line, "{v:e}");
    }
}

/// `v` in its shortest round-trip form.
pub fn format_f64(v: f64) -> String {
    let mut s = String::new();
    push_f64(&mut s, v);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_round_trip_exactly() {
        for v in
            [0.0, -0.0, 180.0, 0.125, 0.1, 1.0 / 3.0, 1e-7, 1.5e300, -2.5e-308, 123456789012345680.0, 1e16, 9.999e15]
        {
            let s = format_f64(v);
            let back: f64 = s.parse().unwrap();
            assert_eq!(back.to_bits(), v.to_bits(), "{v} -> {s}");
        }
        assert_eq!(format_f64(180.0), "180");
        assert_eq!(format_f64(1e-7), "1e-7");
        assert_eq!(format_f64(f64::NAN), "NaN");
        assert_eq!(format_f64(f64::NEG_INFINITY), "-inf");
    }
}
