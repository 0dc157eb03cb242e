//! Reading the expected outputs of the conformance corpus into one table shape.
//!
//! Layouts found in `tests/corpus` (see its README for the traps):
//! - `.csv`: comma-separated, a header row (`Time`, then variable names), one row per
//!   saved step;
//! - `.tab`: the same, tab-separated (Vensim and Stella exports), names sometimes quoted
//!   CSV-style (`"""Aux with $peC!@| characters"""`);
//! - transposed `.tab` (Vensim can export one row per variable, times across): no file in
//!   the training corpus has it, but Vensim writes it, so the held-out set may;
//! - `.dat` (SDEverywhere cases): blocks of a variable-name line followed by
//!   `time<TAB>value` lines, listing only the times Vensim stored (constants only at the
//!   initial time, data variables only at their data points).
//!
//! Bytes may be UTF-8 or Latin-1, lines may end in LF, CRLF or a bare CR, and a Vensim
//! row may stop early (its missing trailing cells are blanks).

use std::path::Path;

/// An expected output: one time axis and the columns read against it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedTable {
    pub time: Vec<f64>,
    pub columns: Vec<ExpectedColumn>,
}

/// One expected series; `None` means the file gives no value at that time.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedColumn {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

impl ExpectedTable {
    /// The column with exactly this name, as written in the file.
    pub fn column(&self, name: &str) -> Option<&ExpectedColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// How a file is laid out on disk, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tab,
    Dat,
}

impl Format {
    /// `.csv` is comma-separated and `.dat` is SDEverywhere's block format; anything else
    /// is read as a tab-separated export (the delimiter is re-checked on the header).
    pub fn from_path(path: &Path) -> Format {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext.to_ascii_lowercase().as_str() {
            "csv" => Format::Csv,
            "dat" => Format::Dat,
            _ => Format::Tab,
        }
    }
}

/// Reads an expected-output file; errors name the file.
pub fn read_expected(path: &Path) -> Result<ExpectedTable, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_expected(&bytes, Format::from_path(path)).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses the bytes of an expected-output file laid out as `format`.
pub fn parse_expected(bytes: &[u8], format: Format) -> Result<ExpectedTable, String> {
    let text = decode(bytes);
    // One line ending from here on; `\r` never appears inside a name or a number.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    match format {
        Format::Dat => parse_dat(&text),
        Format::Csv => parse_delimited(&text, b','),
        Format::Tab => parse_delimited(&text, b'\t'),
    }
}

/// UTF-8 when valid (without a byte-order mark), else Latin-1, where every byte is the
/// code point of the same value, so the decoding cannot fail.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// A number cell: Rust's float syntax (which takes `1.05E-15`, `-0.0`, `inf`, `NaN`) plus
/// the Microsoft C runtime's spellings of infinities and NaNs that Windows tools export.
pub fn parse_number(cell: &str) -> Option<f64> {
    let cell = cell.trim();
    if let Ok(v) = cell.parse::<f64>() {
        return Some(v);
    }
    // `1.#INF`, `-1.#INF`, `1.#IND`, `1.#QNAN`, `1.#SNAN`.
    let upper = cell.to_ascii_uppercase();
    let (negative, body) = match upper.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, upper.as_str()),
    };
    let kind = body.strip_prefix("1.#")?;
    if kind.starts_with("INF") {
        Some(if negative { f64::NEG_INFINITY } else { f64::INFINITY })
    } else if ["IND", "QNAN", "SNAN", "NAN"].iter().any(|k| kind.starts_with(k)) {
        Some(f64::NAN)
    } else {
        None
    }
}

/// Vensim's "no value" marker.
fn is_na(cell: &str) -> bool {
    cell.trim().eq_ignore_ascii_case(":NA:")
}

fn parse_time(cell: &str) -> Result<f64, String> {
    match parse_number(cell) {
        // `+ 0.0` turns -0 into 0, so one instant has one spelling on the time axis.
        Some(t) if t.is_finite() => Ok(t + 0.0),
        _ => Err(format!("time `{cell}` is not a finite number")),
    }
}

/// Turns a column's cells into values, in time order. A blank repeats the previous
/// value (Vensim writes a value only when it changes); after `:NA:` there is no
/// previous value, so the blanks that follow stay empty too.
#[derive(Default)]
struct CellReader {
    last: Option<f64>,
}

impl CellReader {
    fn next(&mut self, cell: &str) -> Result<Option<f64>, String> {
        let cell = cell.trim();
        if cell.is_empty() {
            return Ok(self.last);
        }
        if is_na(cell) {
            self.last = None;
            return Ok(None);
        }
        let v = parse_number(cell).ok_or_else(|| format!("`{cell}` is not a number"))?;
        self.last = Some(v);
        Ok(Some(v))
    }
}

fn parse_delimited(text: &str, preferred: u8) -> Result<ExpectedTable, String> {
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let grid = read_grid(text, pick_delimiter(first_line, preferred))?;
    let Some((header, body)) = grid.split_first() else {
        return Err("no header line".into());
    };
    let header = trim_trailing_blanks(header);
    if is_transposed(header) { by_rows(header, body) } else { by_columns(header, body) }
}

/// Trusts the extension unless the header holds none of its delimiter but some of the
/// other one (a mislabelled export would otherwise read as a single column).
fn pick_delimiter(header: &str, preferred: u8) -> u8 {
    let other = if preferred == b'\t' { b',' } else { b'\t' };
    let has = |d: u8| header.as_bytes().contains(&d);
    if !has(preferred) && has(other) { other } else { preferred }
}

/// The cells of every non-blank line, trimmed. The `csv` crate undoes CSV quoting,
/// which both the comma and the tab exports use for names holding quotes.
fn read_grid(text: &str, delimiter: u8) -> Result<Vec<Vec<String>>, String> {
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut grid = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("record {}: {e}", i + 1))?;
        let row: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if row.iter().any(|c| !c.is_empty()) {
            grid.push(row);
        }
    }
    Ok(grid)
}

/// A trailing delimiter leaves an empty last cell, which is not a column.
fn trim_trailing_blanks(row: &[String]) -> &[String] {
    let keep = row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
    &row[..keep]
}

/// Transposed exports have times, not names, after the first header cell.
fn is_transposed(header: &[String]) -> bool {
    header.len() > 1 && header[1..].iter().all(|c| parse_time(c).is_ok())
}

/// The usual layout: the header names the columns, each line is one saved step.
fn by_columns(header: &[String], body: &[Vec<String>]) -> Result<ExpectedTable, String> {
    let names = column_names(header)?;
    let mut time = Vec::with_capacity(body.len());
    let mut readers: Vec<CellReader> = names.iter().map(|_| CellReader::default()).collect();
    let mut values: Vec<Vec<Option<f64>>> = names.iter().map(|_| Vec::new()).collect();
    for (r, row) in body.iter().enumerate() {
        let line = r + 2; // 1-based, after the header
        time.push(parse_time(&row[0]).map_err(|e| format!("data line {line}: {e}"))?);
        if trim_trailing_blanks(row).len() > names.len() + 1 {
            return Err(format!("data line {line} has {} cells, the header {}", row.len(), names.len() + 1));
        }
        for (j, reader) in readers.iter_mut().enumerate() {
            // A short row is one whose trailing cells are blank.
            let cell = row.get(j + 1).map_or("", String::as_str);
            let v = reader.next(cell).map_err(|e| format!("data line {line}, column `{}`: {e}", names[j]))?;
            values[j].push(v);
        }
    }
    Ok(table(time, names, values))
}

/// The transposed layout: the header holds the times, each line is one variable.
fn by_rows(header: &[String], body: &[Vec<String>]) -> Result<ExpectedTable, String> {
    let time = header[1..].iter().map(|c| parse_time(c)).collect::<Result<Vec<_>, _>>()?;
    let mut names = Vec::with_capacity(body.len());
    let mut values = Vec::with_capacity(body.len());
    for (r, row) in body.iter().enumerate() {
        let name = row[0].clone();
        if name.is_empty() {
            return Err(format!("line {}: no variable name", r + 2));
        }
        if trim_trailing_blanks(row).len() > time.len() + 1 {
            return Err(format!("variable `{name}` has more values than times"));
        }
        let mut reader = CellReader::default();
        let mut series = Vec::with_capacity(time.len());
        for j in 0..time.len() {
            let cell = row.get(j + 1).map_or("", String::as_str);
            series.push(reader.next(cell).map_err(|e| format!("variable `{name}`: {e}"))?);
        }
        names.push(name);
        values.push(series);
    }
    Ok(table(time, names, values))
}

fn column_names(header: &[String]) -> Result<Vec<String>, String> {
    if header.is_empty() {
        return Err("empty header".into());
    }
    let names = header[1..].to_vec();
    if let Some(i) = names.iter().position(String::is_empty) {
        return Err(format!("header cell {} is empty", i + 2));
    }
    Ok(names)
}

fn table(time: Vec<f64>, names: Vec<String>, values: Vec<Vec<Option<f64>>>) -> ExpectedTable {
    let columns = names.into_iter().zip(values).map(|(name, values)| ExpectedColumn { name, values }).collect();
    ExpectedTable { time, columns }
}

/// A `.dat` block: a variable name and its (time, value) points.
type DatBlock = (String, Vec<(f64, Option<f64>)>);

/// SDEverywhere's `.dat`: the time axis is the sorted union of every block's times, and a
/// block has values only at its own times. Nothing is carried forward: a data variable
/// listed at its data points interpolates between them, so a repeated value would be wrong.
fn parse_dat(text: &str) -> Result<ExpectedTable, String> {
    let mut blocks: Vec<DatBlock> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((t, v)) = line.split_once('\t') else {
            blocks.push((line.trim().to_owned(), Vec::new()));
            continue;
        };
        let at = |e: String| format!("line {}: {e}", i + 1);
        let Some((_, points)) = blocks.last_mut() else {
            return Err(at("a value before any variable name".into()));
        };
        let t = parse_time(t).map_err(at)?;
        let v = if is_na(v) {
            None
        } else {
            Some(parse_number(v).ok_or_else(|| at(format!("`{}` is not a number", v.trim())))?)
        };
        points.push((t, v));
    }
    if blocks.is_empty() {
        return Err("no variables".into());
    }
    let mut time: Vec<f64> = blocks.iter().flat_map(|(_, p)| p.iter().map(|&(t, _)| t)).collect();
    time.sort_by(f64::total_cmp);
    time.dedup();
    let mut names = Vec::with_capacity(blocks.len());
    let mut values = Vec::with_capacity(blocks.len());
    for (name, points) in blocks {
        let mut series = vec![None; time.len()];
        for (t, v) in points {
            if let Ok(k) = time.binary_search_by(|x| x.total_cmp(&t)) {
                series[k] = v;
            }
        }
        names.push(name);
        values.push(series);
    }
    Ok(table(time, names, values))
}
