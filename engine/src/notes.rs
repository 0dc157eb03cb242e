//! Each variable's documentation (`<units>`, `<doc>`, `<range>`) and equation text
//! under the name the layout gives it (`inst.var` inside modules), for listings and
//! generated pages. The compiler does not need them, so they are gathered here, beside
//! compilation, from the same datamodel.

use std::collections::HashMap;

use crate::canonical::canonical;
use crate::datamodel::{Model, Notes, Project, VarKind, Variable};

/// Module nesting deeper than this is not followed (the compiler has already refused
/// recursive modules; this only bounds the walk).
const MAX_DEPTH: usize = 64;

/// Notes by canonical path (`canonical_path` of the layout's names), for the root
/// model and every explicit module instance under it.
pub fn variable_notes(project: &Project) -> HashMap<String, Notes> {
    let mut out = HashMap::new();
    each_variable(project, &mut |path, v| {
        if v.notes != Notes::default() {
            out.insert(path.to_owned(), v.notes.clone());
        }
    });
    out
}

/// Each variable's equation as the file writes it, by canonical path (as
/// [`variable_notes`]), for a page to show beside the variable. A stock reads
/// `INTEG(inflows - outflows, initial)`; a graphical function `GRAPH(input)`.
pub fn variable_equations(project: &Project) -> HashMap<String, String> {
    let mut out = HashMap::new();
    each_variable(project, &mut |path, v| {
        if let Some(text) = equation_text(v) {
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

/// Calls `visit` with the canonical path of every variable of the root model and of
/// the explicit module instances under it (modules themselves are walked, not visited).
fn each_variable(project: &Project, visit: &mut dyn FnMut(&str, &Variable)) {
    let models: HashMap<String, &Model> =
        project.models.iter().filter_map(|m| Some((canonical(m.name.as_deref()?), m))).collect();
    if let Some(root) = project.root_model() {
        walk(root, "", &models, 0, visit);
    }
}

fn walk(
    model: &Model,
    prefix: &str,
    models: &HashMap<String, &Model>,
    depth: usize,
    visit: &mut dyn FnMut(&str, &Variable),
) {
    for v in &model.variables {
        let path = format!("{prefix}{}", canonical(&v.name));
        if let VarKind::Module { model_name, .. } = &v.kind {
            if let Some(sub) = models.get(&canonical(model_name)).filter(|_| depth < MAX_DEPTH) {
                walk(sub, &format!("{path}."), models, depth + 1, visit);
            }
        } else {
            visit(&path, v);
        }
    }
}
