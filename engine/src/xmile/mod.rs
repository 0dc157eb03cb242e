//! XMILE reader: model text -> [`Project`].
//!
//! The text becomes an element tree ([`crate::xml`]), then each top-level element is
//! read in document order, so that the error reported is the first one in the file.
//! Names and equations are kept as written; giving them meaning is the compiler's job.
//! Display content (views, vendor `isee:*` elements, units, docs) is ignored.

mod arrays;
mod gf;
mod macros;
mod modules;
mod specs;
mod values;
mod variables;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod test_support;

use std::path::Path;

use crate::datamodel::{Behavior, Dimension, Model, Project, SimSpecs};
use crate::error::{Diagnostic, Error};
use crate::xml::{self, Element};

/// Reads an XMILE (`.xmile`, `.stmx`) file: UTF-8 or Latin-1, any line endings.
pub fn read_file(path: &Path) -> Result<Project, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
    read_str(&crate::source::decode(&bytes), &path.display().to_string())
}

/// Reads XMILE text; `file` names it in diagnostics.
pub fn read_str(text: &str, file: &str) -> Result<Project, Error> {
    let document = xml::parse(text, file)?;
    let mut ctx = Ctx { file, warnings: document.warnings };
    let project = read_project(&mut ctx, &document.root)?;
    Ok(Project { warnings: ctx.warnings, ..project })
}

/// What every part of the reader needs: the file name for diagnostics and the
/// warnings gathered so far.
struct Ctx<'a> {
    file: &'a str,
    warnings: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// An error located at `line` of the file.
    fn error(&self, line: u32, message: impl Into<String>) -> Error {
        Error::new(Diagnostic::error(message).at(Some(self.file), Some(line)))
    }

    /// Records a recoverable problem located at `line`.
    fn warn(&mut self, line: u32, message: impl Into<String>) {
        let diagnostic = Diagnostic::warning(message).at(Some(self.file), Some(line));
        self.warnings.push(diagnostic);
    }
}

/// Marks every diagnostic of `error` as belonging to `variable` (unless already marked).
fn in_variable(error: Error, variable: &str) -> Error {
    Error { diagnostics: error.diagnostics.into_iter().map(|d| d.in_variable(variable)).collect() }
}

fn read_project(ctx: &mut Ctx<'_>, root: &Element) -> Result<Project, Error> {
    if root.local_name() != "xmile" {
        return Err(
            ctx.error(root.line, format!("not an XMILE file: the root element is <{}>, expected <xmile>", root.name))
        );
    }

    let mut sim_specs: Option<SimSpecs> = None;
    let mut behavior = Behavior::default();
    let mut models = Vec::new();
    let mut macros = Vec::new();
    let mut dimensions = Vec::new();
    // Vendor extensions (`isee:*`, `simlin:*`) never carry model content we read.
    for child in root.children.iter().filter(|c| !c.is_prefixed()) {
        match child.local_name() {
            // Two would leave a reader to pick one in silence: refused.
            "sim_specs" => match &sim_specs {
                None => sim_specs = Some(specs::read_sim_specs(ctx, child)?),
                Some(first) => {
                    let message = format!("a second <sim_specs> (the first is at line {})", first.line);
                    return Err(ctx.error(child.line, message));
                }
            },
            "behavior" => specs::apply_behavior(ctx, child, &mut behavior)?,
            "dimensions" => arrays::read_dimensions(ctx, child, &mut dimensions)?,
            "model" => models.push(read_model(ctx, child, &mut dimensions)?),
            "macro" => macros.push(macros::read_macro(ctx, child)?),
            _ => {}
        }
    }

    let Some(sim_specs) = sim_specs else {
        return Err(ctx.error(root.line, "the file has no <sim_specs>"));
    };
    if models.is_empty() {
        return Err(ctx.error(root.line, "the file has no <model>"));
    }
    let mut unnamed = models.iter().filter(|m| m.name.is_none());
    if let (Some(first), Some(second)) = (unnamed.next(), unnamed.next()) {
        let message =
            format!("a second <model> without a name (the root model is at line {}): name one of them", first.line);
        return Err(ctx.error(second.line, message));
    }
    Ok(Project { file: ctx.file.to_owned(), sim_specs, models, behavior, macros, dimensions, warnings: Vec::new() })
}

fn read_model(ctx: &mut Ctx<'_>, element: &Element, dimensions: &mut Vec<Dimension>) -> Result<Model, Error> {
    // A model may declare dimensions of its own; names are global to the file.
    for dims in element.children_named("dimensions") {
        arrays::read_dimensions(ctx, dims, dimensions)?;
    }
    let mut vars = Vec::new();
    for list in element.children_named("variables") {
        variables::read_variables(ctx, list, &mut vars)?;
    }
    Ok(Model {
        name: element.attr("name").filter(|n| !n.trim().is_empty()).map(str::to_owned),
        variables: vars,
        line: element.line,
    })
}

#[cfg(test)]
mod tests {
    use super::test_support::{read_err, read_ok, wrap};
    use crate::datamodel::VarKind;

    #[test]
    fn reads_a_minimal_project() {
        let p = read_ok(&wrap("<aux name=\"a\"><eqn>1</eqn></aux>"));
        assert_eq!(p.file, "test.xmile");
        assert_eq!(p.models.len(), 1);
        let root = p.root_model().expect("a root model");
        assert_eq!(root.name, None);
        assert_eq!(root.variables.len(), 1);
        assert_eq!(root.variables[0].kind, VarKind::Aux);
        assert!(p.warnings.is_empty());
        assert!(p.macros.is_empty());
    }

    #[test]
    fn the_root_must_be_xmile() {
        let d = read_err("<?xml version=\"1.0\"?>\n<html><model/></html>");
        assert!(d.message.contains("not an XMILE file"), "{}", d.message);
        assert_eq!(d.line, Some(2));
        assert_eq!(d.file.as_deref(), Some("test.xmile"));
    }

    #[test]
    fn a_file_needs_sim_specs_and_a_model() {
        let d = read_err("<xmile><model><variables/></model></xmile>");
        assert!(d.message.contains("no <sim_specs>"), "{}", d.message);
        let d = read_err("<xmile><sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs></xmile>");
        assert!(d.message.contains("no <model>"), "{}", d.message);
    }

    #[test]
    fn two_sim_specs_or_two_root_models_are_errors_not_a_silent_choice() {
        let specs = "<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>";
        let d = read_err(&format!("<xmile>{specs}\n{specs}<model><variables/></model></xmile>"));
        assert!(d.message.contains("second <sim_specs>"), "{}", d.message);
        assert_eq!(d.line, Some(2));
        let d = read_err(&format!("<xmile>{specs}<model><variables/></model>\n<model><variables/></model></xmile>"));
        assert!(d.message.contains("second <model> without a name"), "{}", d.message);
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn malformed_xml_is_one_error_with_file_and_line() {
        let d = read_err("<xmile>\n<sim_specs>\n<start>0</start>\n");
        assert!(d.message.starts_with("malformed XML"), "{}", d.message);
        assert_eq!(d.file.as_deref(), Some("test.xmile"));
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn multiple_models_are_kept_in_file_order() {
        let text = "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
            <model name=\"sub\"><variables><aux name=\"x\"><eqn>1</eqn></aux></variables></model>\n\
            <model><variables><aux name=\"y\"><eqn>2</eqn></aux></variables></model>\n</xmile>";
        let p = read_ok(text);
        let names: Vec<_> = p.models.iter().map(|m| m.name.clone()).collect();
        assert_eq!(names, [Some("sub".to_owned()), None]);
        assert_eq!(p.models[0].line, 3);
        let root = p.root_model().expect("a root model");
        assert_eq!(root.variables[0].name, "y");
    }

    #[test]
    fn a_submodel_sim_specs_is_ignored() {
        let text = "<xmile>\n<sim_specs><start>0</start><stop>10</stop><dt>1</dt></sim_specs>\n\
            <model name=\"sub\"><sim_specs><start>5</start><stop>6</stop><dt>0.5</dt></sim_specs>\
            <variables><aux name=\"x\"><eqn>1</eqn></aux></variables></model>\n\
            <model><variables><aux name=\"y\"><eqn>2</eqn></aux></variables></model>\n</xmile>";
        let p = read_ok(text);
        assert_eq!((p.sim_specs.start, p.sim_specs.stop, p.sim_specs.dt), (0.0, 10.0, 1.0));
    }
}
