//! Where a batch's results go: a table with one row per run (`--final-only`) or one
//! row per run and saved step, written as CSV or Parquet. Values are written in run
//! order whatever order the workers finish in. A file is written beside its target and
//! renamed over it by `finish` (crate::output): a batch that fails or is rejected
//! leaves the previous file as it was.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use millrace_engine::results::{push_csv_field, push_f64};
use parquet::basic::{Repetition, Type as PhysicalType};
use parquet::data_type::{DoubleType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use super::BatchError;
use super::shard::{CSV_PREFIX, PARQUET_KEY, PartInfo};
use crate::output::AtomicFile;

/// A table of rows: a run number, then `columns.len()` values.
pub trait Sink {
    /// `columns` names the values of every row (the run number comes first).
    fn header(&mut self, columns: &[String]) -> Result<(), BatchError>;
    fn row(&mut self, run: u64, values: &[f64]) -> Result<(), BatchError>;
    fn finish(self: Box<Self>) -> Result<(), BatchError>;
}

/// The sink for an output path: Parquet for `.parquet`, CSV for `.csv`; stdout (CSV)
/// without a path.
pub fn for_path(path: Option<&Path>) -> Result<Box<dyn Sink>, BatchError> {
    create(path, None)
}

/// The sink of one shard's part: the same table, marked with `part` (a first comment
/// line in CSV, key-value metadata in Parquet) for `millrace merge`.
pub fn for_part(path: Option<&Path>, part: &PartInfo) -> Result<Box<dyn Sink>, BatchError> {
    create(path, Some(part.text()))
}

/// The table formats, by file extension (lower-cased).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
}

impl Format {
    pub fn of(path: &Path) -> Result<Format, BatchError> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_lowercase).as_deref() {
            Some("csv") => Ok(Format::Csv),
            Some("parquet") => Ok(Format::Parquet),
            _ => Err(BatchError::Usage(format!("--output {}: the extension must be .csv or .parquet", path.display()))),
        }
    }
}

fn create(path: Option<&Path>, part: Option<String>) -> Result<Box<dyn Sink>, BatchError> {
    let Some(path) = path else {
        let out = BufWriter::new(Box::new(std::io::stdout()) as Box<dyn Write>);
        return Ok(Box::new(CsvSink { out, line: String::new(), part, target: None }));
    };
    let format = Format::of(path)?;
    let mut target = AtomicFile::create(path).map_err(BatchError::Output)?;
    let file = target.take_file().map_err(BatchError::Output)?;
    match format {
        Format::Csv => Ok(Box::new(CsvSink {
            out: BufWriter::new(Box::new(file)),
            line: String::new(),
            part,
            target: Some(target),
        })),
        Format::Parquet => Ok(Box::new(ParquetSink::new(file, target, part))),
    }
}

struct CsvSink {
    out: BufWriter<Box<dyn Write>>,
    line: String,
    /// The file the table replaces once finished (none for stdout).
    target: Option<AtomicFile>,
    /// A part's description, written as the first line (`# millrace part ...`).
    part: Option<String>,
}

impl CsvSink {
    fn write_line(&mut self) -> Result<(), BatchError> {
        self.line.push('\n');
        self.out.write_all(self.line.as_bytes()).map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe if self.target.is_none() => BatchError::Closed,
            _ => BatchError::Output(e.to_string()),
        })
    }
}

impl Sink for CsvSink {
    fn header(&mut self, columns: &[String]) -> Result<(), BatchError> {
        if let Some(part) = self.part.take() {
            self.line.clear();
            self.line.push_str(CSV_PREFIX);
            self.line.push_str(&part);
            self.write_line()?;
        }
        self.line.clear();
        self.line.push_str("run");
        for c in columns {
            self.line.push(',');
            push_csv_field(&mut self.line, c);
        }
        self.write_line()
    }

    fn row(&mut self, run: u64, values: &[f64]) -> Result<(), BatchError> {
        self.line.clear();
        self.line.push_str(&run.to_string());
        for &v in values {
            self.line.push(',');
            push_f64(&mut self.line, v);
        }
        self.write_line()
    }

    fn finish(mut self: Box<Self>) -> Result<(), BatchError> {
        self.out.flush().map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe if self.target.is_none() => BatchError::Closed,
            _ => BatchError::Output(e.to_string()),
        })?;
        match self.target.take() {
            Some(target) => target.commit().map_err(BatchError::Output),
            None => Ok(()),
        }
    }
}

/// Rows per Parquet row group (merge.rs writes through this sink, so a merged file is
/// grouped as the unsharded batch's): big enough to compress well, small enough to bound memory.
const ROW_GROUP: usize = 1 << 16;

struct ParquetSink {
    /// The output, created up front (so a bad path fails before any run) until the
    /// header makes the writer over it.
    file: Option<File>,
    /// What the written file replaces once finished.
    target: Option<AtomicFile>,
    writer: Option<SerializedFileWriter<File>>,
    path: String,
    /// A part's description, kept under `PARQUET_KEY` in the file's metadata.
    part: Option<String>,
    runs: Vec<i64>,
    /// One buffer per value column.
    columns: Vec<Vec<f64>>,
}

impl ParquetSink {
    fn new(file: File, target: AtomicFile, part: Option<String>) -> ParquetSink {
        ParquetSink {
            file: Some(file),
            path: target.target().display().to_string(),
            target: Some(target),
            writer: None,
            part,
            runs: Vec::new(),
            columns: Vec::new(),
        }
    }

    fn err(&self, e: impl std::fmt::Display) -> BatchError {
        BatchError::Output(format!("{}: {e}", self.path))
    }

    fn flush(&mut self) -> Result<(), BatchError> {
        if self.runs.is_empty() {
            return Ok(());
        }
        let writer = self.writer.as_mut().ok_or_else(|| BatchError::Output("parquet: no header".into()))?;
        let mut group = writer.next_row_group().map_err(|e| BatchError::Output(e.to_string()))?;
        let mut index = 0;
        while let Some(mut column) = group.next_column().map_err(|e| BatchError::Output(e.to_string()))? {
            let written = if index == 0 {
                column.typed::<Int64Type>().write_batch(&self.runs, None, None)
            } else {
                column.typed::<DoubleType>().write_batch(&self.columns[index - 1], None, None)
            };
            written.map_err(|e| BatchError::Output(e.to_string()))?;
            column.close().map_err(|e| BatchError::Output(e.to_string()))?;
            index += 1;
        }
        group.close().map_err(|e| BatchError::Output(e.to_string()))?;
        self.runs.clear();
        self.columns.iter_mut().for_each(Vec::clear);
        Ok(())
    }
}

impl Sink for ParquetSink {
    fn header(&mut self, columns: &[String]) -> Result<(), BatchError> {
        let field = |name: &str, t: PhysicalType| {
            Type::primitive_type_builder(name, t).with_repetition(Repetition::REQUIRED).build().map(Arc::new)
        };
        let mut fields = vec![field("run", PhysicalType::INT64).map_err(|e| self.err(e))?];
        for c in columns {
            fields.push(field(c, PhysicalType::DOUBLE).map_err(|e| self.err(e))?);
        }
        let schema = Type::group_type_builder("millrace_batch").with_fields(fields).build().map_err(|e| self.err(e))?;
        let file = self.file.take().ok_or_else(|| self.err("header written twice"))?;
        let metadata = self.part.take().map(|part| vec![KeyValue::new(PARQUET_KEY.to_owned(), part)]);
        let props = Arc::new(WriterProperties::builder().set_key_value_metadata(metadata).build());
        self.writer = Some(SerializedFileWriter::new(file, Arc::new(schema), props).map_err(|e| self.err(e))?);
        self.columns = vec![Vec::new(); columns.len()];
        Ok(())
    }

    fn row(&mut self, run: u64, values: &[f64]) -> Result<(), BatchError> {
        self.runs.push(run as i64);
        for (column, &v) in self.columns.iter_mut().zip(values) {
            column.push(v);
        }
        if self.runs.len() >= ROW_GROUP { self.flush() } else { Ok(()) }
    }

    fn finish(mut self: Box<Self>) -> Result<(), BatchError> {
        self.flush()?;
        if let Some(writer) = self.writer.take() {
            writer.into_inner().map(|_| ()).map_err(|e| self.err(e))?;
        }
        match self.target.take() {
            Some(target) => target.commit().map_err(BatchError::Output),
            None => Ok(()),
        }
    }
}
