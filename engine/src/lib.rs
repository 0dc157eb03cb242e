//! Millrace engine: everything the backends share.
//!
//! Pipeline (see `docs/architecture.md`):
//! source bytes -> [`source`] text -> [`xml`] tree -> [`xmile`] reader (or text -> the
//! [`mdl`] reader for Vensim files) -> [`datamodel`]
//! -> [`compile`] (resolve, order, lay out, lower) -> [`ir::Program`].
//! Backends turn a `Program` into something that runs and implement [`sim::Simulation`].
//! [`numerics`] states every numeric rule once, in code; [`state`] is the stepping driver
//! for backends that run phases natively (the vm, the jit).

#![forbid(unsafe_code)]

pub mod canonical;
pub mod compile;
pub mod datamodel;
pub mod deep;
pub mod drive;
pub mod equation;
pub mod error;
pub mod ir;
pub mod limits;
pub mod mdl;
pub mod notes;
pub mod numerics;
pub mod results;
pub mod sim;
pub mod source;
pub mod state;
pub mod suggest;
pub mod verify;
pub mod xmile;
pub mod xml;

pub use error::{Diagnostic, Error, Severity};
pub use ir::Program;
pub use sim::{SimError, Simulation};
pub use verify::VerifyError;

use std::path::{Path, PathBuf};

/// Reads and compiles a model file. Warnings (recoverable problems in the file) are
/// returned beside the program; any error stops compilation.
pub fn compile_file(path: &Path) -> Result<Compiled, Error> {
    let project = read_file(path)?;
    compile_project(project)
}

/// Reads a model file into a datamodel, choosing the reader by extension and content
/// (`mdl::is_mdl`): Vensim `.mdl`, else XMILE.
pub fn read_file(path: &Path) -> Result<datamodel::Project, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
    let text = source::decode(&bytes);
    let file = path.display().to_string();
    if mdl::is_mdl(Some(path), &text) { mdl::read_str(&text, &file) } else { xmile::read_str(&text, &file) }
}

/// Reads model text into a datamodel (Vensim when `mdl::is_mdl` says so, else XMILE).
pub fn read_str(text: &str, file: &str) -> Result<datamodel::Project, Error> {
    if mdl::is_mdl(Some(Path::new(file)), text) { mdl::read_str(text, file) } else { xmile::read_str(text, file) }
}

/// As [`compile_file`], with some of the sim specs replaced (then checked as the
/// file's own are).
pub fn compile_file_with_specs(path: &Path, specs: &datamodel::SpecOverrides) -> Result<Compiled, Error> {
    compile_file_with(path, specs, &[])
}

/// As [`compile_file_with_specs`], a Vensim model's data variables without an equation
/// read from the `data` files (`.dat`, `.tab`, `.csv`; docs/semantics.md, "Vensim
/// data"). They are read now, into the model: no backend reads a file.
pub fn compile_file_with(path: &Path, specs: &datamodel::SpecOverrides, data: &[PathBuf]) -> Result<Compiled, Error> {
    let mut project = read_file_with_data(path, data)?;
    specs.apply(&mut project.sim_specs);
    compile_project(project)
}

/// As [`read_file`], with the data files of [`compile_file_with`]; an XMILE model
/// reads none.
pub fn read_file_with_data(path: &Path, data: &[PathBuf]) -> Result<datamodel::Project, Error> {
    if data.is_empty() {
        return read_file(path);
    }
    let bytes = std::fs::read(path).map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
    let text = source::decode(&bytes);
    if !mdl::is_mdl(Some(path), &text) {
        return Err(Error::msg(format!(
            "{}: data files are for Vensim models (data variables without an equation); this is XMILE",
            path.display()
        )));
    }
    mdl::read_str_with_data(&text, &path.display().to_string(), data)
}

/// Reads and compiles model text; `file` names it in diagnostics.
pub fn compile_str(text: &str, file: &str) -> Result<Compiled, Error> {
    let project = read_str(text, file)?;
    compile_project(project)
}

fn compile_project(project: datamodel::Project) -> Result<Compiled, Error> {
    let mut warnings = project.warnings.clone();
    // Resolution and lowering recurse over equations (bounded by the parser's and the
    // IR's height limits): on a stack sized for those bounds.
    let program = deep::on_deep_stack(|| compile::compile(&project, &mut warnings))?;
    let notes = notes::variable_notes(&project);
    let equations = notes::variable_equations(&project);
    Ok(Compiled { program, warnings, notes, equations })
}

/// A compiled model and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub program: Program,
    pub warnings: Vec<Diagnostic>,
    /// Each documented variable's units, doc and range, by canonical path.
    pub notes: std::collections::HashMap<String, datamodel::Notes>,
    /// Each variable's equation as written, by canonical path (`notes::variable_equations`).
    pub equations: std::collections::HashMap<String, String>,
}
