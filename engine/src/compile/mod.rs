//! The compiler: a [`Project`] -> a [`Program`] of the shared IR.
//!
//! 1. [`specs`]: run geometry from the sim specs.
//! 2. [`model`]: classify variables, register graphical functions, parse and resolve
//!    every equation ([`resolve`], [`builtins`]).
//! 3. [`order`]: the initials and flows runlists in dependency order.
//! 4. [`layout`]: a slot for every value.
//! 5. [`lower`]: the three phases of each module definition.

mod builtins;
mod layout;
mod lower;
mod model;
mod order;
mod resolve;
mod specs;

use crate::datamodel::Project;
use crate::error::{Diagnostic, Error};
use crate::ir::{ModuleDef, Program};

use model::{ModelVars, Role, VarId};
use order::DepPhase;

/// The largest results slab a compiled program may ask for.
const MAX_RESULTS_BYTES: u64 = 4 << 30;

pub fn compile(project: &Project, warnings: &mut Vec<Diagnostic>) -> Result<Program, Error> {
    let file = project.file.as_str();
    let specs = specs::run_specs(&project.sim_specs, file, warnings)?;
    let Some(model) = project.root_model() else {
        return Err(Error::new(
            Diagnostic::error("the file defines no model").at(Some(file), None),
        ));
    };
    let mut tables = Vec::new();
    let mv = model::build(model, file, &mut tables).map_err(|diagnostics| Error { diagnostics })?;

    let initials = runlist(&mv, DepPhase::Initials, file)?;
    let flows = runlist(&mv, DepPhase::Flows, file)?;
    let frame = layout::root_frame(&mv);
    let layout = layout::root_layout(&mv, &frame);
    let root: ModuleDef = lower::module_def("root", &mv, &frame, &initials, &flows);

    let slab_bytes = specs
        .n_rows
        .saturating_mul(layout.n_slots as u64)
        .saturating_mul(8);
    if slab_bytes > MAX_RESULTS_BYTES {
        return Err(Error::new(
            Diagnostic::error(format!(
                "saving {} rows of {} values needs {} MiB; raise the save interval",
                specs.n_rows,
                layout.n_slots,
                slab_bytes >> 20
            ))
            .at(Some(file), Some(project.sim_specs.line)),
        ));
    }

    let name = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("model")
        .to_owned();
    Ok(Program {
        name,
        modules: vec![root],
        root: 0,
        layout,
        specs,
        tables,
    })
}

/// The variables computed in `phase`, in dependency order. The initials compute every
/// value once at the start time; the flows recompute everything but stocks and constants.
fn runlist(mv: &ModelVars<'_>, phase: DepPhase, file: &str) -> Result<Vec<VarId>, Error> {
    let in_phase = |v: &model::Var<'_>| match phase {
        DepPhase::Initials => v.role != Role::Table,
        DepPhase::Flows => matches!(v.role, Role::Flow | Role::Aux) && !v.is_constant(),
    };
    let members: Vec<VarId> = mv
        .vars
        .iter()
        .enumerate()
        .filter(|(_, v)| in_phase(v))
        .map(|(id, _)| id as VarId)
        .collect();
    let deps: Vec<Vec<VarId>> = mv
        .vars
        .iter()
        .map(|v| {
            let mut out = Vec::new();
            if in_phase(v) && !v.is_constant() {
                let eqn = match (phase, v.role) {
                    (DepPhase::Initials, Role::Stock) => v.eqn.as_ref(),
                    (DepPhase::Initials, _) => v.init_eqn.as_ref().or(v.eqn.as_ref()),
                    (DepPhase::Flows, _) => v.eqn.as_ref(),
                };
                if let Some(e) = eqn {
                    order::reads(e, phase, &mut out);
                }
            }
            out
        })
        .collect();
    order::order(mv.vars.len(), &members, &deps).map_err(|cycle| {
        let names: Vec<String> = cycle
            .iter()
            .map(|&id| format!("`{}`", mv.vars[id as usize].display))
            .collect();
        let first = &mv.vars[cycle[0] as usize];
        let when = if phase == DepPhase::Initials {
            " while computing initial values"
        } else {
            ""
        };
        Error::new(
            Diagnostic::error(format!(
                "circular definition{when}: {} -> {}",
                names.join(" -> "),
                names[0]
            ))
            .at(Some(file), Some(first.src.line))
            .in_variable(&first.display),
        )
    })
}
