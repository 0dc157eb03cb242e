//! Arrays, as a front-end matter: before the scalar compiler sees a model, every
//! arrayed variable becomes one scalar variable per element (`name[e1,e2]`, the
//! elements in row-major order), each with its own equation in which every subscript
//! names one element and every array function is scalar arithmetic. The IR, and so the
//! three backends, never see an array: they stay bit-identical by construction.
//!
//! - [`dims`]: dimensions, subranges and positional mappings;
//! - [`subscript`]: which element an index names;
//! - [`expr`]: one equation for one element;
//! - [`reduce`]: SUM, PROD, MEAN, MIN, MAX, STDDEV, SIZE;
//! - [`vector`]: VECTOR SELECT, VECTOR ELM MAP, VECTOR SORT ORDER, RANK;
//! - [`allocate`]: ALLOCATE AVAILABLE, ALLOCATE BY PRIORITY;
//! - [`vars`]: one variable into its elements (stocks, flows, graphical functions,
//!   per-element equations);
//! - [`print`]: expanded equations back to text.

mod allocate;
mod dims;
mod expr;
mod print;
mod reduce;
mod subscript;
mod vars;
mod vector;

#[cfg(test)]
mod tests;

use crate::datamodel::Project;
use crate::error::Diagnostic;

/// The project with every array expanded, or `None` when it has none (then nothing is
/// rewritten: scalar models compile exactly as written).
pub(crate) fn expand(project: &Project) -> Result<Option<Project>, Vec<Diagnostic>> {
    let arrayed = project.models.iter().flat_map(|m| &m.variables).any(|v| v.array.is_some());
    if !arrayed && project.dimensions.is_empty() {
        return Ok(None);
    }
    let file = project.file.as_str();
    let dims = dims::Dims::new(&project.dimensions, file)?;
    let mut errors = Vec::new();
    let mut models = Vec::with_capacity(project.models.len());
    for m in &project.models {
        match vars::expand_model(&dims, m, file) {
            Ok(model) => models.push(model),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Some(Project { models, ..project.clone() }))
}
