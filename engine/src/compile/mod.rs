//! The compiler: a [`Project`] -> a [`Program`] of the shared IR.
//!
//! The unit of compilation is a *module definition*: one model (a model of the file, a
//! macro, or a stdlib function) with one set of wired inputs. Every instance of a
//! definition shares its code; its per-instance values live in its slots and in the
//! constant region. Definitions are compiled children first ([`Compiler::def`]), and a
//! parent sees a child only through its [`DefInfo`].
//!
//! For one definition ([`scope::DefBuilder`]):
//! 1. [`scope`]: collect the variables and module instances, parse and resolve every
//!    equation ([`resolve`], [`builtins`]; stdlib and macro calls become implicit
//!    instances of [`models`] built by [`stdlib`]);
//! 2. [`graph`]: order each phase and split it into parts by the wired inputs each
//!    statement depends on;
//! 3. [`frame`]: a slot for every value, a buffer range for every pipeline delay;
//! 4. [`lower`]: the statements of each part.
//!
//! Before all of this, [`arrays`] expands every arrayed variable into one scalar
//! variable per element, so nothing after it knows arrays.
//!
//! [`specs`] turns the sim specs into the run geometry; [`order`] is the topological sort.

pub(crate) mod arrays;
mod builtins;
pub(crate) mod constant;
mod frame;
mod graph;
mod hoist;
mod integrate;
mod lower;
mod models;
mod order;
mod random;
mod resolve;
mod scope;
mod specs;
mod stdlib;
mod wide_tables;

use std::collections::HashMap;

use crate::datamodel::{Behavior, Project};
use crate::error::{Diagnostic, Error};
use crate::ir::{Global, Layout, ModuleDef, ModuleId, Program, SlotKind, Specs, Table, VarSlot};

use models::{Catalog, ModelRef};

/// The largest results slab a compiled program may ask for; also the most that the
/// slabs of a batch's workers may take together (`millrace::batch`).
pub const MAX_RESULTS_BYTES: u64 = 4 << 30;

pub fn compile(project: &Project, warnings: &mut Vec<Diagnostic>) -> Result<Program, Error> {
    let file = project.file.as_str();
    let specs = specs::run_specs(&project.sim_specs, file, warnings)?;
    // Arrays become scalar variables first; a project without any is used as it is.
    let expanded = arrays::expand(project).map_err(|diagnostics| Error { diagnostics })?;
    let project = expanded.as_ref().unwrap_or(project);
    // A call resolves to a builtin before a macro, so a macro named like a builtin never
    // runs. Converted files define such macros as shims of the builtin itself (C-LEARN's
    // `init(x) = INIT(x)`), so this is said, not refused.
    for m in &project.macros {
        if builtins::is_function_name(&crate::canonical::canonical(&m.name)) {
            let message =
                format!("macro `{}` has the name of a builtin function: calls of `{}` use the builtin", m.name, m.name);
            warnings.push(Diagnostic::warning(message).at(Some(file), Some(m.line)));
        }
    }
    let catalog = Catalog::new(project).map_err(|diagnostics| Error { diagnostics })?;
    let Some(root) = catalog.root() else {
        return Err(Error::new(Diagnostic::error("the file defines no model").at(Some(file), None)));
    };
    let mut cx = Compiler {
        file,
        catalog,
        specs,
        behavior: project.behavior,
        tables: Vec::new(),
        defs: Vec::new(),
        modules: Vec::new(),
        cache: HashMap::new(),
        stack: Vec::new(),
    };
    let root = cx.def(root, Vec::new(), true).map_err(|diagnostics| Error { diagnostics })?;
    let layout = root_layout(&cx.defs[root as usize]);

    let slab_bytes = specs.results_bytes(layout.n_slots);
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
    wide_tables::halve_wide_tables(&mut cx.modules, &mut cx.tables);
    let name = std::path::Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or("model").to_owned();
    let mut program = Program { name, modules: cx.modules, root, layout, specs, tables: cx.tables };
    hoist::hoist_run_constants(&mut program);
    Ok(program)
}

/// Compilation state shared by every definition of a program.
pub(crate) struct Compiler<'p> {
    pub file: &'p str,
    pub catalog: Catalog<'p>,
    pub specs: Specs,
    pub behavior: Behavior,
    pub tables: Vec<Table>,
    /// What a parent knows of each compiled definition, by module id.
    pub defs: Vec<DefInfo>,
    /// The IR of each compiled definition, by module id.
    pub modules: Vec<ModuleDef>,
    cache: HashMap<(ModelRef, Vec<String>), ModuleId>,
    /// Definitions being compiled (a model must not contain itself).
    stack: Vec<ModelRef>,
}

impl Compiler<'_> {
    /// The definition of `model` with the inputs named in `wired` (canonical names)
    /// connected by the parent: compiled once, then shared.
    pub fn def(&mut self, model: ModelRef, mut wired: Vec<String>, is_root: bool) -> Result<ModuleId, Vec<Diagnostic>> {
        wired.sort();
        wired.dedup();
        let key = (model.clone(), wired);
        if let Some(&id) = self.cache.get(&key) {
            return Ok(id);
        }
        let nesting = self.stack.len() as u64 + 1;
        if let Err(message) =
            crate::limits::NESTING.check(nesting, &format!("model `{}`", self.catalog.display(&model)))
        {
            return Err(vec![Diagnostic::error(message).at(Some(self.file), None)]);
        }
        if self.stack.contains(&model) {
            let chain: Vec<String> = self.stack.iter().map(|m| format!("`{}`", self.catalog.display(m))).collect();
            return Err(vec![
                Diagnostic::error(format!(
                    "model `{}` contains itself ({} -> `{}`)",
                    self.catalog.display(&model),
                    chain.join(" -> "),
                    self.catalog.display(&model)
                ))
                .at(Some(self.file), None),
            ]);
        }
        self.stack.push(model.clone());
        let built = scope::DefBuilder::build(self, &model, &key.1, is_root);
        self.stack.pop();
        let (module, info) = built?;
        let id = self.modules.len() as ModuleId;
        self.modules.push(module);
        self.defs.push(info);
        self.cache.insert(key, id);
        Ok(id)
    }
}

/// What a parent needs to know of a compiled child definition.
#[derive(Debug, Clone)]
pub(crate) struct DefInfo {
    pub n_slots: u32,
    pub n_buf: u32,
    /// The wired inputs, in the order the parts refer to them: (canonical name, offset).
    pub inputs: Vec<(String, u32)>,
    /// Every variable reachable from a parent, by canonical path (`k`, `inner.k`).
    pub vars: HashMap<String, ChildVar>,
    /// The parts of the initials and the flows phases.
    pub parts: [Vec<PartInfo>; 2],
    /// Every named slot, children included, relative to the instance.
    pub slots: Vec<NamedSlot>,
    /// Every overridable constant and its default, children included, relative.
    pub consts: Vec<(u32, f64)>,
    /// Stock slot ranges `[start, end)`, children included, relative.
    pub stock_runs: Vec<(u32, u32)>,
    /// Whether its stocks phase does anything (else parents skip calling it).
    pub has_stocks: bool,
    /// Module instances inside one instance of it, at every depth.
    pub instances: u64,
}

/// A variable of a child definition, as its parent sees it.
#[derive(Debug, Clone)]
pub(crate) struct ChildVar {
    pub off: u32,
    pub display: String,
    /// A graphical function without an equation (no value to read).
    pub is_table: bool,
    /// What computes it in the initials (`[0]`) and in the flows (`[1]`).
    pub computed: [Computed; 2],
}

/// What computes a child's variable in a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Computed {
    /// Nothing in this phase: a stock during the flows, a constant during the flows.
    Nothing,
    /// Part `p` of the child.
    Part(u32),
    /// The parent, by assigning wired input `w`.
    Input(u32),
}

/// One part of a phase of a definition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PartInfo {
    /// The wired inputs (indices into `DefInfo::inputs`) the part depends on.
    pub inputs: Vec<u32>,
    /// The parts of the same phase that must run before it.
    pub after: Vec<u32>,
}

#[derive(Debug, Clone)]
pub(crate) struct NamedSlot {
    pub display: String,
    pub canonical: String,
    pub off: u32,
    pub kind: SlotKind,
    /// In the default output (not inside an implicit instance).
    pub visible: bool,
}

/// Index of a phase in `[initials, flows]` arrays.
pub(crate) fn phase_slot(phase: graph::GraphPhase) -> usize {
    match phase {
        graph::GraphPhase::Initials => 0,
        graph::GraphPhase::Flows => 1,
    }
}

/// The program layout from the root definition: its named slots, the globals, the
/// constant region and the stock ranges.
fn root_layout(root: &DefInfo) -> Layout {
    let n = root.n_slots as usize;
    let mut const_default = vec![0.0; n];
    let mut overridable = vec![false; n];
    for &(off, value) in &root.consts {
        const_default[off as usize] = value;
        overridable[off as usize] = true;
    }
    // The seed is set like a constant (`set_seed`), with no name; its default, 0, is
    // what `curr` holds before any override.
    const_default[Global::Seed.slot() as usize] = crate::numerics::random::DEFAULT_SEED as f64;
    overridable[Global::Seed.slot() as usize] = true;
    let mut vars: Vec<VarSlot> = root
        .slots
        .iter()
        .map(|s| VarSlot {
            name: s.display.clone(),
            canonical: s.canonical.clone(),
            slot: s.off,
            kind: s.kind,
            output: s.visible,
        })
        .collect();
    vars.sort_by(|a, b| a.canonical.cmp(&b.canonical).then_with(|| a.name.cmp(&b.name)));
    // The globals answer to their names unless the model has variables of the same
    // name (Vensim-converted models carry INITIAL TIME, FINAL TIME... as auxes).
    for g in Global::ALL.into_iter().filter(|g| g.named()) {
        let canonical = crate::canonical::canonical(g.name());
        if !vars.iter().any(|v| v.canonical == canonical) {
            vars.push(VarSlot {
                name: g.name().to_owned(),
                canonical,
                slot: g.slot(),
                kind: SlotKind::Global,
                output: false,
            });
        }
    }
    Layout::new(root.n_slots, root.n_buf, vars, const_default, overridable, root.stock_runs.clone())
}
