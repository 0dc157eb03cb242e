//! `<module>`: an instance of another model, wired by `<connect to from>` children.

use super::Ctx;
use crate::datamodel::{Connection, VarKind};
use crate::error::Error;
use crate::xml::Element;

/// The kind of the module variable `name` read from `element`. The model it
/// instantiates is named by `model_name` (Simlin writes `simlin:model_name`), else it
/// is the model with the module's own name (Stella's convention).
pub(super) fn read_module(ctx: &Ctx<'_>, element: &Element, name: &str) -> Result<VarKind, Error> {
    let model_name = element.attr_local("model_name").filter(|n| !n.trim().is_empty()).unwrap_or(name).to_owned();
    // `<connect2>` is Stella's duplicate of each `<connect>`: only `<connect>` counts.
    let connections = element
        .children
        .iter()
        .filter(|c| c.name == "connect")
        .map(|c| connection(ctx, c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(VarKind::Module { model_name, connections })
}

fn connection(ctx: &Ctx<'_>, element: &Element) -> Result<Connection, Error> {
    let end = |attr: &str| {
        element
            .attr(attr)
            .map(str::to_owned)
            .ok_or_else(|| ctx.error(element.line, format!("<connect> has no `{attr}` attribute")))
    };
    Ok(Connection { to: end("to")?, from: end("from")?, line: element.line })
}

#[cfg(test)]
mod tests {
    use crate::datamodel::{Connection, VarKind};
    use crate::xmile::test_support::{read_err, var, wrap};

    #[test]
    fn connections_in_order_and_connect2_ignored() {
        let v = var("<module name=\"Module 1\" isee:label=\"\">\n\
             <connect to=\"ghost.input\" from=\"Module_1.out\"/>\n\
             <connect2 to=\"ghost.input\" from=\"Module_1.out\"/>\n\
             <connect to='b.\"x/y\"' from='a.\"m/o\"'/>\n</module>");
        assert_eq!(v.name, "Module 1");
        assert_eq!(v.line, 4);
        assert_eq!(v.eqn, None);
        let VarKind::Module { model_name, connections } = v.kind else {
            panic!("not a module: {:?}", v.kind);
        };
        assert_eq!(model_name, "Module 1");
        assert_eq!(
            connections,
            [
                Connection { to: "ghost.input".into(), from: "Module_1.out".into(), line: 5 },
                Connection { to: "b.\"x/y\"".into(), from: "a.\"m/o\"".into(), line: 7 },
            ]
        );
    }

    fn model_name(module: &str) -> String {
        match var(module).kind {
            VarKind::Module { model_name, .. } => model_name,
            other => panic!("not a module: {other:?}"),
        }
    }

    #[test]
    fn model_name_from_any_prefix_or_the_module_name() {
        assert_eq!(model_name("<module name=\"m\" model_name=\"sub\"/>"), "sub");
        assert_eq!(model_name("<module name=\"m\" simlin:model_name=\"sub\"/>"), "sub");
        assert_eq!(model_name("<module name=\"m\" isee:model_name=\"sub\"/>"), "sub");
        assert_eq!(model_name("<module name=\"m\"/>"), "m");
    }

    #[test]
    fn a_connection_needs_both_ends() {
        let d = read_err(&wrap("<module name=\"m\">\n<connect to=\"m.x\"/></module>"));
        assert!(d.message.contains("`from`"), "{}", d.message);
        assert_eq!(d.line, Some(5));
        assert_eq!(d.variable.as_deref(), Some("m"));
    }
}
