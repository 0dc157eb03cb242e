//! `millrace merge PARTS... -o out.csv|out.parquet`: the parts of a sharded batch back
//! into the one table (checks and writing in `millrace::batch::merge`).

use std::path::{Path, PathBuf};

pub fn merge(parts: &[PathBuf], output: &Path) -> Result<(), String> {
    let runs = millrace::batch::merge::merge(parts, output).map_err(|e| format!("error: {e}"))?;
    eprintln!("{runs} runs from {} parts into {}", parts.len(), output.display());
    Ok(())
}
