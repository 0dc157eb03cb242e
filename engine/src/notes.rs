//! Each variable's documentation (`<units>`, `<doc>`, `<range>`) under the name the
//! layout gives it (`inst.var` inside modules), for listings and generated pages. The
//! compiler does not need it, so it is gathered here, beside compilation, from the
//! same datamodel.

use std::collections::HashMap;

use crate::canonical::canonical;
use crate::datamodel::{Model, Notes, Project, VarKind};

/// Module nesting deeper than this is not followed (the compiler has already refused
/// recursive modules; this only bounds the walk).
const MAX_DEPTH: usize = 64;

/// Notes by canonical path (`canonical_path` of the layout's names), for the root
/// model and every explicit module instance under it.
pub fn variable_notes(project: &Project) -> HashMap<String, Notes> {
    let models: HashMap<String, &Model> =
        project.models.iter().filter_map(|m| Some((canonical(m.name.as_deref()?), m))).collect();
    let mut out = HashMap::new();
    if let Some(root) = project.root_model() {
        walk(root, "", &models, 0, &mut out);
    }
    out
}

fn walk(model: &Model, prefix: &str, models: &HashMap<String, &Model>, depth: usize, out: &mut HashMap<String, Notes>) {
    for v in &model.variables {
        let path = format!("{prefix}{}", canonical(&v.name));
        if let VarKind::Module { model_name, .. } = &v.kind {
            if let Some(sub) = models.get(&canonical(model_name)).filter(|_| depth < MAX_DEPTH) {
                walk(sub, &format!("{path}."), models, depth + 1, out);
            }
        } else if v.notes != Notes::default() {
            out.insert(path, v.notes.clone());
        }
    }
}
