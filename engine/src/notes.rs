//! Each variable's documentation (`<units>`, `<doc>`, `<range>`) and equation text
//! under the name the layout gives it (`inst.var` inside modules), for listings and
//! generated pages. The compiler does not need them, so they are gathered here, beside
//! compilation, from the same datamodel.

use std::collections::HashMap;

use crate::canonical::{canonical, canonical_path};
use crate::datamodel::{Model, Notes, Project, VarKind, Variable};

/// Module nesting deeper than this is not followed (the compiler has already refused
/// recursive modules; this only bounds the walk).
const MAX_DEPTH: usize = 64;

/// Notes by canonical path (`canonical_path` of the layout's names), for the root
/// model and every explicit module instance under it.
pub fn variable_notes(project: &Project) -> HashMap<String, Notes> {
    let mut out = HashMap::new();
    each_variable(project, &mut |path, v, _| {
        if v.notes != Notes::default() {
            out.insert(path.to_owned(), v.notes.clone());
        }
    });
    out
}

/// Each variable's equation as the file writes it, by canonical path (as
/// [`variable_notes`]), for a page to show beside the variable. A stock reads
/// `INTEG(inflows - outflows, initial)`; a graphical function `GRAPH(input)`; a module
/// input wired by its instance's `<connect>` the variable it is connected from, since
/// its own equation (a placeholder) is then not what it computes.
pub fn variable_equations(project: &Project) -> HashMap<String, String> {
    let mut out = HashMap::new();
    each_variable(project, &mut |path, v, connected| {
        if let Some(from) = connected {
            out.insert(path.to_owned(), from.to_owned());
        } else if let Some(text) = equation_text(v) {
            out.insert(path.to_owned(), text);
        }
    });
    out
}

fn equation_text(v: &Variable) -> Option<String> {
    let eqn = v.eqn.as_ref().map(|e| e.text.trim().to_owned());
    match &v.kind {
        VarKind::Stock { inflows, outflows } => {
            let mut rate = inflows.join(" + ");
            for out in outflows {
                rate += &if rate.is_empty() { format!("-{out}") } else { format!(" - {out}") };
            }
            if rate.is_empty() {
                rate.push('0');
            }
            Some(format!("INTEG({rate}, {})", eqn.as_deref().unwrap_or("0")))
        }
        _ if v.gf.is_some() => Some(format!("GRAPH({})", eqn.as_deref().unwrap_or("TIME"))),
        _ => eqn,
    }
}

/// What `visit` is given: a variable's canonical path, the variable, and for a module
/// input wired by a `<connect>`, the name (as written) it is connected from.
type Visit<'v> = dyn FnMut(&str, &Variable, Option<&str>) + 'v;

/// Calls `visit` for every variable of the root model and of the explicit module
/// instances under it (modules themselves are walked, not visited).
fn each_variable(project: &Project, visit: &mut Visit<'_>) {
    let models: HashMap<String, &Model> =
        project.models.iter().filter_map(|m| Some((canonical(m.name.as_deref()?), m))).collect();
    if let Some(root) = project.root_model() {
        walk(root, "", &models, 0, &HashMap::new(), visit);
    }
}

/// `connected`: path -> source name, for this model's inputs wired by the parent.
fn walk(
    model: &Model,
    prefix: &str,
    models: &HashMap<String, &Model>,
    depth: usize,
    connected: &HashMap<String, String>,
    visit: &mut Visit<'_>,
) {
    for v in &model.variables {
        let path = format!("{prefix}{}", canonical(&v.name));
        if let VarKind::Module { model_name, connections } = &v.kind {
            if let Some(sub) = models.get(&canonical(model_name)).filter(|_| depth < MAX_DEPTH) {
                // `<connect to="inst.input" from="parent_var"/>`: `to` names the instance.
                let inputs = connections
                    .iter()
                    .map(|c| (format!("{prefix}{}", canonical_path(&c.to)), c.from.clone()))
                    .filter(|(to, _)| to.starts_with(&format!("{path}.")))
                    .collect();
                walk(sub, &format!("{path}."), models, depth + 1, &inputs, visit);
            }
        } else {
            visit(&path, v, connected.get(&path).map(String::as_str));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::variable_equations;

    #[test]
    fn equations_read_as_written_with_stocks_and_wired_inputs_spelt_out() {
        let text = r#"<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>
<model><variables>
<stock name="Tank"><eqn>10</eqn><inflow>fill</inflow><outflow>drain</outflow><outflow>leak</outflow></stock>
<flow name="fill"><eqn>1</eqn></flow><flow name="drain"><eqn>Tank/2</eqn></flow><flow name="leak"><eqn>0</eqn></flow>
<aux name="shape"><eqn>TIME</eqn><gf><xscale min="0" max="1"/><ypts>0,1</ypts></gf></aux>
<module name="m" model_name="sub"><connect to="m.x" from="fill"/></module>
</variables></model>
<model name="sub"><variables><aux name="x" access="input"><eqn>0</eqn></aux><aux name="y"><eqn>x * 2</eqn></aux></variables></model>
</xmile>"#;
        let project = crate::xmile::read_str(text, "test.xmile").unwrap();
        let eq = variable_equations(&project);
        assert_eq!(eq["tank"], "INTEG(fill - drain - leak, 10)");
        assert_eq!(eq["drain"], "Tank/2");
        assert_eq!(eq["shape"], "GRAPH(TIME)");
        assert_eq!(eq["m.x"], "fill", "a wired input shows where its value comes from");
        assert_eq!(eq["m.y"], "x * 2");
    }
}
