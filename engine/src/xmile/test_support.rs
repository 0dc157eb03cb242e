//! Helpers shared by the reader's unit tests.

use super::read_str;
use crate::datamodel::{Project, Variable};
use crate::error::Diagnostic;

/// A complete document whose root model holds `variables` (one line each part, so
/// the variables start on line 4).
pub fn wrap(variables: &str) -> String {
    format!(
        "<xmile>\n<sim_specs><start>0</start><stop>10</stop><dt>1</dt></sim_specs>\n\
         <model><variables>\n{variables}\n</variables></model>\n</xmile>"
    )
}

pub fn read_ok(text: &str) -> Project {
    match read_str(text, "test.xmile") {
        Ok(project) => project,
        Err(e) => panic!("unexpected error: {e}\n{text}"),
    }
}

/// The single error diagnostic the text must produce.
pub fn read_err(text: &str) -> Diagnostic {
    match read_str(text, "test.xmile") {
        Ok(project) => panic!("expected an error, got {project:?}"),
        Err(e) => {
            assert_eq!(e.diagnostics.len(), 1, "{e}");
            e.diagnostics[0].clone()
        }
    }
}

/// The variables of the root model of `wrap(variables)`.
pub fn vars(variables: &str) -> Vec<Variable> {
    let project = read_ok(&wrap(variables));
    match project.root_model() {
        Some(model) => model.variables.clone(),
        None => panic!("no root model"),
    }
}

/// The one variable of `wrap(variable)`.
pub fn var(variable: &str) -> Variable {
    let mut all = vars(variable);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}
