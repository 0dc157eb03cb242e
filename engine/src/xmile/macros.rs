//! `<macro name="f">`: a user-defined function with `<parm>` parameters, a result
//! `<eqn>`, and its own `<variables>` when the body needs more than one expression.

use super::values::equation_child;
use super::{Ctx, variables};
use crate::datamodel::Macro;
use crate::error::Error;
use crate::xml::Element;

pub(super) fn read_macro(ctx: &mut Ctx<'_>, element: &Element) -> Result<Macro, Error> {
    let name = match element.attr("name") {
        Some(name) if !name.trim().is_empty() => name.to_owned(),
        _ => return Err(ctx.error(element.line, "<macro> without a name")),
    };
    let params = element
        .children_named("parm")
        .map(|p| {
            let param = p.trimmed_text();
            if param.is_empty() {
                Err(ctx.error(p.line, format!("macro `{name}` has an empty <parm>")))
            } else {
                Ok(param.to_owned())
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut vars = Vec::new();
    for list in element.children_named("variables") {
        variables::read_variables(ctx, list, &mut vars)?;
    }
    Ok(Macro { name, params, eqn: equation_child(element, "eqn"), variables: vars, line: element.line })
}

#[cfg(test)]
mod tests {
    use crate::datamodel::VarKind;
    use crate::xmile::test_support::{read_err, read_ok};

    fn with_macro(def: &str) -> String {
        format!(
            "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
             <model><variables><aux name=\"a\"><eqn>f(1, 2)</eqn></aux></variables></model>\n{def}\n</xmile>"
        )
    }

    #[test]
    fn parameters_equation_and_variables() {
        let p = read_ok(&with_macro(
            "<macro name=\"EXPRESSION MACRO\">\n<eqn>EXPRESSION MACRO</eqn>\n\
             <parm>input</parm>\n<parm> parameter </parm>\n<variables>\n\
             <flow name=\"input\"/>\n<stock name=\"EXPRESSION MACRO\"><inflow>input</inflow><eqn>parameter</eqn></stock>\n\
             </variables>\n<views><view><aux name=\"macro_input\"/></view></views>\n</macro>",
        ));
        assert_eq!(p.macros.len(), 1);
        let m = &p.macros[0];
        assert_eq!(m.name, "EXPRESSION MACRO");
        assert_eq!(m.line, 4);
        assert_eq!(m.params, ["input", "parameter"]);
        let eqn = m.eqn.as_ref().expect("an equation");
        assert_eq!((eqn.text.as_str(), eqn.line), ("EXPRESSION MACRO", 5));
        assert_eq!(m.variables.len(), 2);
        assert_eq!(m.variables[0].kind, VarKind::Flow);
        assert!(matches!(m.variables[1].kind, VarKind::Stock { .. }));
        assert_eq!(p.models.len(), 1, "a macro is not a model");
    }

    #[test]
    fn a_macro_without_variables() {
        let p = read_ok(&with_macro("<macro name=\"f\"><parm>a</parm><parm>b</parm><eqn>a + b</eqn></macro>"));
        let m = &p.macros[0];
        assert_eq!(m.params, ["a", "b"]);
        assert_eq!(m.eqn.as_ref().map(|e| e.text.as_str()), Some("a + b"));
        assert!(m.variables.is_empty());
    }

    #[test]
    fn a_macro_needs_a_name() {
        let d = read_err(&with_macro("<macro><eqn>1</eqn></macro>"));
        assert!(d.message.contains("<macro> without a name"), "{}", d.message);
        assert_eq!(d.line, Some(4));
    }
}
