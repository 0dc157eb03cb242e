//! The commands of the `millrace` binary, one file each. Every function returns its
//! error as the one message to print (exit status 2).

pub mod batch;
pub mod bench;
pub mod check;
pub mod emit_wasm;
pub mod merge;
pub mod run;
pub mod session;

use std::path::Path;

use millrace::Model;

/// Opens a model, printing its warnings to stderr.
pub fn open(path: &Path) -> Result<Model, String> {
    let model = Model::open(path).map_err(|e| e.to_string())?;
    for w in model.warnings() {
        eprintln!("{w}");
    }
    Ok(model)
}
