//! Every model a definition can be made from: the file's models (by name), its macros
//! (as models: parameters are inputs, the macro's equation the output) and the stdlib.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::canonical::{canonical, display_name};
use crate::datamodel::{Access, Equation, Macro, Model, Project, VarKind, Variable};
use crate::error::Diagnostic;

use super::stdlib::StdModel;

/// Which model a definition is made from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum ModelRef {
    /// A model of the file, by index in `Project::models`.
    File(usize),
    /// A macro of the file, by index in `Project::macros`.
    Macro(usize),
    Std(StdModel),
}

/// The variable a macro's model computes its value into. `#` cannot occur in an
/// XMILE name, so it never collides with the macro's own variables.
pub(crate) const MACRO_OUTPUT: &str = "#output";

pub(crate) struct Catalog<'p> {
    project: &'p Project,
    file_models: Vec<Rc<Model>>,
    by_name: HashMap<String, usize>,
    macro_models: Vec<Rc<Model>>,
    macros_by_name: HashMap<String, usize>,
    std_models: RefCell<HashMap<StdModel, Rc<Model>>>,
}

impl<'p> Catalog<'p> {
    pub fn new(project: &'p Project) -> Result<Self, Vec<Diagnostic>> {
        let file = project.file.as_str();
        let mut errors = Vec::new();
        let mut by_name = HashMap::new();
        for (i, m) in project.models.iter().enumerate() {
            if let Some(name) = &m.name
                && by_name.insert(canonical(name), i).is_some()
            {
                errors.push(Diagnostic::error(format!("two models are named `{name}`")).at(Some(file), Some(m.line)));
            }
        }
        let mut macros_by_name = HashMap::new();
        for (i, m) in project.macros.iter().enumerate() {
            if macros_by_name.insert(canonical(&m.name), i).is_some() {
                errors
                    .push(Diagnostic::error(format!("two macros are named `{}`", m.name)).at(Some(file), Some(m.line)));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Catalog {
            project,
            file_models: project.models.iter().cloned().map(Rc::new).collect(),
            by_name,
            macro_models: project.macros.iter().map(|m| Rc::new(macro_model(m))).collect(),
            macros_by_name,
            std_models: RefCell::new(HashMap::new()),
        })
    }

    /// The model the simulation starts from.
    pub fn root(&self) -> Option<ModelRef> {
        let root = self.project.root_model()?;
        self.project.models.iter().position(|m| std::ptr::eq(m, root)).map(ModelRef::File)
    }

    /// The file's model of this (canonical) name.
    pub fn named(&self, name: &str) -> Option<ModelRef> {
        self.by_name.get(name).map(|&i| ModelRef::File(i))
    }

    /// The macro of this (canonical) name, and its definition.
    pub fn macro_named(&self, name: &str) -> Option<(ModelRef, &'p Macro)> {
        self.macros_by_name.get(name).map(|&i| (ModelRef::Macro(i), &self.project.macros[i]))
    }

    pub fn model(&self, r: &ModelRef) -> Result<Rc<Model>, String> {
        Ok(match r {
            ModelRef::File(i) => self.file_models[*i].clone(),
            ModelRef::Macro(i) => self.macro_models[*i].clone(),
            ModelRef::Std(s) => {
                if let Some(m) = self.std_models.borrow().get(s) {
                    return Ok(m.clone());
                }
                let m = Rc::new(s.model()?);
                self.std_models.borrow_mut().insert(*s, m.clone());
                m
            }
        })
    }

    pub fn display(&self, r: &ModelRef) -> String {
        match r {
            ModelRef::File(i) => {
                self.project.models[*i].name.as_deref().map(display_name).unwrap_or_else(|| "root".into())
            }
            ModelRef::Macro(i) => display_name(&self.project.macros[*i].name),
            ModelRef::Std(s) => s.display(),
        }
    }
}

/// A macro as a model: its parameters are inputs (declared among its variables or
/// added as plain auxiliaries), and [`MACRO_OUTPUT`] holds the macro's equation.
fn macro_model(m: &Macro) -> Model {
    let mut variables = m.variables.clone();
    for p in &m.params {
        let key = canonical(p);
        match variables.iter_mut().find(|v| canonical(&v.name) == key) {
            Some(v) => v.access = Some(Access::Input),
            None => variables.push(Variable {
                name: p.clone(),
                kind: VarKind::Aux,
                eqn: None,
                init_eqn: None,
                gf: None,
                non_negative: None,
                access: Some(Access::Input),
                notes: Default::default(),
                array: None,
                line: m.line,
            }),
        }
    }
    variables.push(Variable {
        name: MACRO_OUTPUT.to_owned(),
        kind: VarKind::Aux,
        eqn: m.eqn.clone().or_else(|| Some(Equation { text: String::new(), line: m.line })),
        init_eqn: None,
        gf: None,
        non_negative: None,
        access: Some(Access::Output),
        notes: Default::default(),
        array: None,
        line: m.line,
    });
    Model { name: Some(m.name.clone()), variables, line: m.line }
}
