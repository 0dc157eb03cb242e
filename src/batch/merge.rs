//! `millrace merge`: the parts of a sharded batch (shard.rs) back into the one table
//! the unsharded batch writes, byte for byte. Every part must come from the same batch
//! (run count, shard count, plan fingerprint, columns), every shard must be given once,
//! and each part must hold exactly its slice of runs, each run's rows together, before
//! the table counts as whole. Rows go through the batch's own sinks, so the bytes (CSV
//! number formatting, Parquet row groups) are the unsharded batch's.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use parquet::basic::Type as PhysicalType;
use parquet::column::reader::get_typed_column_reader;
use parquet::data_type::{DoubleType, Int64Type};
use parquet::file::reader::{FileReader, SerializedFileReader};

use super::BatchError;
use super::shard::{CSV_PREFIX, PARQUET_KEY, PartInfo};
use super::sink::{self, Format, Sink};

/// One part file, its description and header read.
struct Part {
    path: PathBuf,
    info: PartInfo,
    /// The value columns (after `run`).
    columns: Vec<String>,
}

fn bad(path: &Path, why: impl std::fmt::Display) -> BatchError {
    BatchError::Usage(format!("{}: {why}", path.display()))
}

/// Merges `parts` into `output` (CSV or Parquet, the parts' format). Returns the number
/// of runs. The table is written beside `output` and renamed over it only when whole
/// (the sink's `finish`), so on any error an earlier `output` stays as it was.
pub fn merge(parts: &[PathBuf], output: &Path) -> Result<usize, BatchError> {
    let format = Format::of(output)?;
    if parts.is_empty() {
        return Err(BatchError::Usage("give the part files to merge".into()));
    }
    let mut read = Vec::new();
    for path in parts {
        if Format::of(path).ok() != Some(format) {
            return Err(bad(path, format!("a part must have the output's format ({})", extension(format))));
        }
        if same_file(path, output) {
            return Err(bad(path, "is also the output; write the merged table elsewhere"));
        }
        read.push(match format {
            Format::Csv => read_csv_part(path)?,
            Format::Parquet => read_parquet_part(path)?,
        });
    }
    let ordered = check_parts(read)?;
    let total = ordered[0].info.runs;
    let mut sink = sink::for_path(Some(output))?;
    copy_rows(&ordered, &mut *sink, format)?;
    sink.finish()?;
    Ok(total)
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Csv => ".csv",
        Format::Parquet => ".parquet",
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The parts in shard order, once each check that they are one batch, whole.
fn check_parts(parts: Vec<Part>) -> Result<Vec<Part>, BatchError> {
    let first = &parts[0];
    let (count, runs, plan) = (first.info.shard.count, first.info.runs, first.info.plan);
    let (first_path, first_columns) = (first.path.clone(), first.columns.clone());
    let mut by_index: BTreeMap<usize, Part> = BTreeMap::new();
    for part in parts {
        let info = part.info;
        let other = |what: &str| {
            bad(
                &part.path,
                format!("{what} differs from {}'s: the parts are of different batches", first_path.display()),
            )
        };
        if info.shard.count != count {
            return Err(other(&format!("the shard count ({})", info.shard.count)));
        }
        if info.runs != runs {
            return Err(other(&format!("the run count ({})", info.runs)));
        }
        if info.plan != plan {
            return Err(other("the plan (parameter sets, variables or --final-only)"));
        }
        if part.columns != first_columns {
            return Err(other("the header"));
        }
        if let Some(earlier) = by_index.get(&info.shard.index) {
            return Err(bad(
                &part.path,
                format!("shard {} is given twice (also {})", info.shard, earlier.path.display()),
            ));
        }
        by_index.insert(info.shard.index, part);
    }
    let missing: Vec<String> = (0..count)
        .filter(|k| !by_index.contains_key(k))
        .map(|index| {
            let shard = super::shard::Shard { index, count };
            let r = shard.runs(runs);
            format!("{shard} (runs {}..{})", r.start, r.end)
        })
        .collect();
    if !missing.is_empty() {
        return Err(BatchError::Usage(format!(
            "{} of {count} shards missing: {}; every shard of the batch must be merged",
            missing.len(),
            missing.join(", ")
        )));
    }
    Ok(by_index.into_values().collect())
}

/// Checks, row by row, that a part holds exactly its shard's runs, in order, each run's
/// rows together and every run at least once.
struct RunCheck<'a> {
    part: &'a Part,
    range: std::ops::Range<usize>,
    /// The run of the last row seen.
    last: Option<usize>,
}

impl<'a> RunCheck<'a> {
    fn new(part: &'a Part) -> RunCheck<'a> {
        RunCheck { part, range: part.info.shard.runs(part.info.runs), last: None }
    }

    fn row(&mut self, run: i64, at: &str) -> Result<(), BatchError> {
        let ok = usize::try_from(run).ok().filter(|r| self.range.contains(r));
        let Some(run) = ok else {
            return Err(bad(
                &self.part.path,
                format!(
                    "{at}: run {run} is not in shard {} (runs {}..{})",
                    self.part.info.shard, self.range.start, self.range.end
                ),
            ));
        };
        let expected = self.last.map_or(self.range.start, |l| l + 1);
        if Some(run) != self.last && run != expected {
            let why = if self.last.is_some_and(|l| run < l) {
                format!("{at}: run {run} again (its rows must be together, runs in order)")
            } else {
                format!("{at}: run {run} where run {expected} should be: run {expected} is missing")
            };
            return Err(bad(&self.part.path, why));
        }
        self.last = Some(run);
        Ok(())
    }

    fn finish(&self) -> Result<(), BatchError> {
        let next = self.last.map_or(self.range.start, |l| l + 1);
        if next != self.range.end {
            return Err(bad(
                &self.part.path,
                format!(
                    "ends before run {next}: runs {next}..{} of shard {} are missing",
                    self.range.end, self.part.info.shard
                ),
            ));
        }
        Ok(())
    }
}

fn copy_rows(parts: &[Part], sink: &mut dyn Sink, format: Format) -> Result<(), BatchError> {
    sink.header(&parts[0].columns)?;
    for part in parts {
        let mut check = RunCheck::new(part);
        match format {
            Format::Csv => copy_csv_rows(part, &mut check, sink)?,
            Format::Parquet => copy_parquet_rows(part, &mut check, sink)?,
        }
        check.finish()?;
    }
    Ok(())
}

// CSV parts: `# millrace part ...`, the header, then rows of numbers in shortest
// round-trip form (read back to the same bits, so written again to the same text).

fn csv_reader(path: &Path) -> Result<(PartInfo, csv::Reader<BufReader<File>>), BatchError> {
    let file = File::open(path).map_err(|e| bad(path, e))?;
    let mut reader = BufReader::new(file);
    let mut first = String::new();
    reader.read_line(&mut first).map_err(|e| bad(path, e))?;
    let description = first
        .trim_end()
        .strip_prefix(CSV_PREFIX)
        .ok_or_else(|| bad(path, "line 1 is not `# millrace part ...`: not a part of `millrace batch --shard`"))?;
    let info = PartInfo::parse(description).map_err(|e| bad(path, format!("line 1: {e}")))?;
    Ok((info, csv::ReaderBuilder::new().has_headers(true).from_reader(reader)))
}

fn read_csv_part(path: &Path) -> Result<Part, BatchError> {
    let (info, mut reader) = csv_reader(path)?;
    let header = reader.headers().map_err(|e| bad(path, format!("line 2: {e}")))?;
    let mut names = header.iter().map(str::to_owned);
    if names.next().as_deref() != Some("run") {
        return Err(bad(path, "line 2: the header must start with `run`"));
    }
    Ok(Part { path: path.to_owned(), info, columns: names.collect() })
}

fn copy_csv_rows(part: &Part, check: &mut RunCheck, sink: &mut dyn Sink) -> Result<(), BatchError> {
    let path = &part.path;
    let (_, mut reader) = csv_reader(path)?;
    let mut values = Vec::with_capacity(part.columns.len());
    for (i, record) in reader.records().enumerate() {
        let at = format!("line {}", i + 3);
        let record = record.map_err(|e| bad(path, format!("{at}: {e}")))?;
        if record.len() != part.columns.len() + 1 {
            return Err(bad(path, format!("{at}: {} fields for {} columns", record.len(), part.columns.len() + 1)));
        }
        let run: i64 =
            record[0].parse().map_err(|_| bad(path, format!("{at}: run `{}` is not a number", &record[0])))?;
        check.row(run, &at)?;
        values.clear();
        for (cell, name) in record.iter().skip(1).zip(&part.columns) {
            let v =
                cell.parse::<f64>().map_err(|_| bad(path, format!("{at}: `{cell}` for `{name}` is not a number")))?;
            values.push(v);
        }
        sink.row(run as u64, &values)?;
    }
    Ok(())
}

// Parquet parts: the description in the key-value metadata, an INT64 `run` column then
// DOUBLE columns, read a row group at a time (values keep their bits).

fn parquet_reader(path: &Path) -> Result<SerializedFileReader<File>, BatchError> {
    let file = File::open(path).map_err(|e| bad(path, e))?;
    SerializedFileReader::new(file).map_err(|e| bad(path, e))
}

fn read_parquet_part(path: &Path) -> Result<Part, BatchError> {
    let reader = parquet_reader(path)?;
    let meta = reader.metadata().file_metadata();
    let description = meta
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|k| k.key == PARQUET_KEY))
        .and_then(|k| k.value.clone())
        .ok_or_else(|| bad(path, format!("no `{PARQUET_KEY}` metadata: not a part of `millrace batch --shard`")))?;
    let info = PartInfo::parse(&description).map_err(|e| bad(path, e))?;
    let columns = meta.schema_descr().columns();
    // The typed readers below need exactly these physical types (another would panic).
    for (i, c) in columns.iter().enumerate() {
        let want = if i == 0 { PhysicalType::INT64 } else { PhysicalType::DOUBLE };
        if c.physical_type() != want || c.max_def_level() != 0 || c.max_rep_level() != 0 {
            return Err(bad(path, format!("column `{}` is not a required {want} column", c.name())));
        }
    }
    let mut names = columns.iter().map(|c| c.name().to_owned());
    if names.next().as_deref() != Some("run") {
        return Err(bad(path, "the first column must be `run`"));
    }
    Ok(Part { path: path.to_owned(), info, columns: names.collect() })
}

fn copy_parquet_rows(part: &Part, check: &mut RunCheck, sink: &mut dyn Sink) -> Result<(), BatchError> {
    let path = &part.path;
    let reader = parquet_reader(path)?;
    let err = |e: parquet::errors::ParquetError| bad(path, e);
    let mut row_start = 0usize;
    for g in 0..reader.num_row_groups() {
        let group = reader.get_row_group(g).map_err(err)?;
        let rows = usize::try_from(group.metadata().num_rows()).map_err(|_| bad(path, "a negative row count"))?;
        let mut runs: Vec<i64> = Vec::with_capacity(rows);
        let mut column = get_typed_column_reader::<Int64Type>(group.get_column_reader(0).map_err(err)?);
        column.read_records(rows, None, None, &mut runs).map_err(err)?;
        let mut columns: Vec<Vec<f64>> = Vec::with_capacity(part.columns.len());
        for c in 0..part.columns.len() {
            let mut values = Vec::with_capacity(rows);
            let mut column = get_typed_column_reader::<DoubleType>(group.get_column_reader(c + 1).map_err(err)?);
            column.read_records(rows, None, None, &mut values).map_err(err)?;
            columns.push(values);
        }
        if runs.len() != rows || columns.iter().any(|c| c.len() != rows) {
            return Err(bad(path, format!("row group {g}: columns shorter than its {rows} rows")));
        }
        let mut values = vec![0.0; part.columns.len()];
        for (r, &run) in runs.iter().enumerate() {
            check.row(run, &format!("row {}", row_start + r))?;
            for (v, column) in values.iter_mut().zip(&columns) {
                *v = column[r];
            }
            sink.row(run as u64, &values)?;
        }
        row_start += rows;
    }
    Ok(())
}
