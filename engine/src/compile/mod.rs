//! Compiler (being written).
use crate::datamodel::Project;
use crate::error::{Diagnostic, Error};
use crate::ir::Program;

pub fn compile(_project: &Project, _warnings: &mut Vec<Diagnostic>) -> Result<Program, Error> {
    Err(Error::msg("the compiler is not written yet"))
}
