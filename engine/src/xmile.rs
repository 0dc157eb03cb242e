//! XMILE reader (being written).
use std::path::Path;

use crate::datamodel::Project;
use crate::error::Error;

pub fn read_file(path: &Path) -> Result<Project, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
    read_str(&crate::source::decode(&bytes), &path.display().to_string())
}

pub fn read_str(_text: &str, file: &str) -> Result<Project, Error> {
    Err(Error::msg(format!(
        "{file}: the XMILE reader is not written yet"
    )))
}
