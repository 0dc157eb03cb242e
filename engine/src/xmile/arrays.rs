//! Arrays (subscripts) are not supported yet: any sign of them stops the read with one
//! clear error, rather than a model that silently means something else.

use super::Ctx;
use crate::error::Error;
use crate::xml::Element;

const NOT_SUPPORTED: &str = "arrays (dimensions) are not supported yet";

/// A top-level `<dimensions>`: fine when empty, an error when it declares a `<dim>`.
pub(super) fn check_dimensions(ctx: &Ctx<'_>, dimensions: &Element) -> Result<(), Error> {
    if dimensions.child("dim").is_some() {
        return Err(ctx.error(dimensions.line, NOT_SUPPORTED));
    }
    Ok(())
}

/// A variable is arrayed when it has a non-empty `<dimensions>` or any `<element>`.
pub(super) fn check_variable(ctx: &Ctx<'_>, variable: &Element) -> Result<(), Error> {
    let arrayed = variable.children.iter().find(|c| match c.name.as_str() {
        "dimensions" => c.child("dim").is_some(),
        "element" => true,
        _ => false,
    });
    match arrayed {
        Some(child) => Err(ctx.error(child.line, NOT_SUPPORTED)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::xmile::test_support::{read_err, read_ok, var, wrap};

    #[test]
    fn top_level_dimensions_with_a_dim_are_refused() {
        let text = "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
            <dimensions>\n<dim name=\"d\"><elem name=\"a\"/></dim>\n</dimensions>\n\
            <model><variables/></model></xmile>";
        let d = read_err(text);
        assert_eq!(d.message, "arrays (dimensions) are not supported yet");
        assert_eq!(d.line, Some(3));
        assert_eq!(d.file.as_deref(), Some("test.xmile"));
    }

    #[test]
    fn empty_dimensions_are_fine() {
        let text = "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
            <dimensions/>\n<model><variables><aux name=\"a\"><dimensions/><eqn>1</eqn></aux></variables></model></xmile>";
        let p = read_ok(text);
        assert_eq!(p.models[0].variables.len(), 1);
        assert_eq!(var("<aux name=\"a\"><dimensions></dimensions></aux>").name, "a");
    }

    #[test]
    fn arrayed_variables_are_refused_at_the_first_such_element() {
        let d = read_err(&wrap(
            "<aux name=\"a\"><eqn>1</eqn></aux>\n<aux name=\"b\">\n<dimensions><dim name=\"d\"/></dimensions><eqn>1</eqn></aux>",
        ));
        assert_eq!(d.message, "arrays (dimensions) are not supported yet");
        assert_eq!(d.line, Some(6));
        let d = read_err(&wrap("<stock name=\"s\">\n<element subscript=\"a\"><eqn>1</eqn></element></stock>"));
        assert_eq!(d.line, Some(5));
    }
}
