//! What a model file says, before any meaning is given to it: the output of the
//! readers (XMILE today, Vensim `.mdl` later) and the input of the compiler.
//!
//! Names are kept as written (the compiler canonicalises them); every item keeps the
//! line it came from so that diagnostics can point at it.

use crate::error::Diagnostic;

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The file the project was read from, as the user named it (for diagnostics).
    pub file: String,
    pub sim_specs: SimSpecs,
    /// The first model without a name (or the only model) is the root.
    pub models: Vec<Model>,
    /// Defaults that apply to every stock or flow without its own setting.
    pub behavior: Behavior,
    /// XMILE `<macro>` definitions.
    pub macros: Vec<Macro>,
    /// The dimensions (subscript ranges) declared in the header or in a model, in file
    /// order.
    pub dimensions: Vec<Dimension>,
    /// Recoverable problems met while reading (a missing end tag, an unknown
    /// integration method...). Errors are returned instead of a project.
    pub warnings: Vec<Diagnostic>,
}

impl Project {
    /// The model the simulation starts from.
    pub fn root_model(&self) -> Option<&Model> {
        if self.models.len() == 1 {
            return self.models.first();
        }
        self.models.iter().find(|m| m.name.is_none()).or(self.models.first())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimSpecs {
    pub start: f64,
    pub stop: f64,
    /// The time step, already inverted when the file gave it as `reciprocal="true"`.
    pub dt: f64,
    /// Save interval as written (`isee:save_interval` or `<savestep>`); `None` means every DT.
    pub save_step: Option<f64>,
    /// The integration method as written (`method="..."`), if any.
    pub method: Option<String>,
    pub line: u32,
}

/// Sim specs given on the command line in place of the file's (each `None` keeps the
/// file's value). Applied before compilation, so the result is checked exactly as the
/// file's own specs are, and everything sized by the run (delay rings) follows it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SpecOverrides {
    pub start: Option<f64>,
    pub stop: Option<f64>,
    pub dt: Option<f64>,
    /// The save interval, in model time (as `isee:save_interval`).
    pub save_step: Option<f64>,
    /// The integration method, replacing `<sim_specs method=...>`.
    pub method: Option<crate::ir::Method>,
}

impl SpecOverrides {
    pub fn is_empty(&self) -> bool {
        *self == SpecOverrides::default()
    }

    pub fn apply(&self, specs: &mut SimSpecs) {
        specs.start = self.start.unwrap_or(specs.start);
        specs.stop = self.stop.unwrap_or(specs.stop);
        specs.dt = self.dt.unwrap_or(specs.dt);
        if self.save_step.is_some() {
            specs.save_step = self.save_step;
        }
        if let Some(method) = self.method {
            specs.method = Some(method.name().to_owned());
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Behavior {
    pub non_negative_stocks: bool,
    pub non_negative_flows: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// `None` for the root model of a file that does not name it.
    pub name: Option<String>,
    pub variables: Vec<Variable>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// As written in the `name` attribute.
    pub name: String,
    pub kind: VarKind,
    /// The equation (for a stock: its initial value).
    pub eqn: Option<Equation>,
    /// XMILE `<init_eqn>` (Vensim's ACTIVE INITIAL): the value used while initialising.
    pub init_eqn: Option<Equation>,
    /// A graphical function attached to the variable: the variable is `gf(eqn)`, and
    /// `name(x)` elsewhere is a lookup in this table.
    pub gf: Option<GraphicalFunction>,
    /// `<non_negative/>` on this stock or flow: `Some(true)` or `Some(false)` when the
    /// file says so, `None` to follow the project's behaviour defaults.
    pub non_negative: Option<bool>,
    /// `access="input"` / `access="output"` on a module's variable.
    pub access: Option<Access>,
    /// What the file documents about the variable, for listings and user interfaces
    /// (the compiler does not read it).
    pub notes: Notes,
    /// `Some` when the variable is arrayed (`<dimensions>` with at least one `<dim>`).
    pub array: Option<ArraySpec>,
    pub line: u32,
}

/// `<dim name="D"><elem name="a"/>...</dim>` or `<dim name="N" size="3"/>` (elements
/// `1`, `2`, `3`). A dimension whose elements all belong to another is a subrange of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    pub name: String,
    /// Element names as written, in order.
    pub elements: Vec<String>,
    /// Declared mappings to other dimensions: `<isee:maps_to>` (position by position)
    /// and `<simlin:mapping target=...>` (element by element, several elements of the
    /// target may map from one of this dimension).
    pub mappings: Vec<DimMapping>,
    /// The dimension whose numbering this one's elements take when its name is used as
    /// a value (Vensim numbers a subrange's elements in their family, the largest range
    /// holding them); `None`: its own numbering, from 1.
    pub numbered_in: Option<String>,
    pub line: u32,
}

/// A declared correspondence from the elements of one dimension to another's.
#[derive(Debug, Clone, PartialEq)]
pub struct DimMapping {
    /// The other dimension, as written.
    pub target: String,
    /// `(element of this dimension, element of the target)`, as written; empty for a
    /// positional mapping (the i-th element to the i-th).
    pub pairs: Vec<(String, String)>,
}

/// The array part of a variable: the dimension names it is arrayed over (as written,
/// in order: the last varies fastest), and its per-element definitions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArraySpec {
    pub dims: Vec<String>,
    /// `<element subscript="a, b">` definitions (non-apply-to-all). Empty when the
    /// variable's own equation applies to all elements.
    pub elements: Vec<ElementDef>,
    /// Several `<eqn>`s directly in an arrayed variable (as some Vensim translations
    /// write it): one per element, in row-major order. Empty otherwise.
    pub positional: Vec<Equation>,
    /// Elements no `<element>` defines do not exist (Vensim defines a variable on the
    /// elements its equations name and no others); otherwise each is an error.
    pub sparse: bool,
    pub line: u32,
}

/// One `<element subscript="...">` of a non-apply-to-all variable.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementDef {
    /// The element names, one per dimension, as written (`"Entry 1, Column 2"` split).
    pub subscript: Vec<String>,
    pub eqn: Option<Equation>,
    pub init_eqn: Option<Equation>,
    pub gf: Option<GraphicalFunction>,
    /// The dimensions the definition was written over, one per position, where it was
    /// written over a dimension rather than an element (Vensim's `x[Sub] = ...` for a
    /// subrange `Sub` defines each element of `Sub`, and `Sub` in its equation means
    /// that element): `None` at a position written as an element. Empty for XMILE.
    pub written: Vec<Option<String>>,
    pub line: u32,
}

/// A variable's `<units>`, `<doc>` and `<range min max>` (XMILE 1.0 section 4.1.4),
/// as written; absent ones are `None`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Notes {
    pub units: Option<String>,
    pub doc: Option<String>,
    pub range: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VarKind {
    Stock {
        inflows: Vec<String>,
        outflows: Vec<String>,
    },
    Flow,
    Aux,
    /// A `<module>`: an instance of another model, wired by its connections.
    Module {
        model_name: String,
        connections: Vec<Connection>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Input,
    Output,
}

/// `<connect to="inst.input" from="parent_var"/>` inside a `<module>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    pub to: String,
    pub from: String,
    pub line: u32,
}

/// Equation text and where it starts, for locating parse errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Equation {
    pub text: String,
    /// Line of the first character of `text` in the file.
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GraphicalFunction {
    /// A standalone `<gf name="...">` has its own name; an attached one has none.
    pub name: Option<String>,
    pub kind: GfKind,
    /// Knot abscissae, non-decreasing (from `xpts`, or spread evenly over `xscale`).
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub line: u32,
}

/// XMILE `<gf type="...">`: what the table does between and beyond its knots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GfKind {
    /// Linear interpolation, clamped to the end values outside the table.
    #[default]
    Continuous,
    /// Linear interpolation, extended linearly beyond the ends.
    Extrapolate,
    /// A step function: the value of the last knot at or below x.
    Discrete,
}

/// `<macro name="f"><parm>a</parm>...<eqn>...</eqn></macro>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Macro {
    pub name: String,
    pub params: Vec<String>,
    pub eqn: Option<Equation>,
    pub variables: Vec<Variable>,
    pub line: u32,
}
