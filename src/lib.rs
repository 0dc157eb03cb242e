//! Millrace: open a model, pick a backend, run it.
//!
//! ```no_run
//! use millrace::{Backend, Model};
//! let model = Model::open("examples/teacup.xmile".as_ref()).unwrap();
//! let mut sim = model.simulation(Backend::Vm).unwrap();
//! sim.run_to_end().unwrap();
//! let results = sim.results();
//! ```

pub mod session;

use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

pub use millrace_engine as engine;
pub use millrace_engine::results::Results;
pub use millrace_engine::{Diagnostic, Error, Program, SimError, Simulation};
pub use millrace_wasmgen as wasmgen;
use millrace_wasmgen::{WasmError, WasmModule, WasmProgram};

/// The backends a model can run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// The bytecode interpreter, the reference.
    Vm,
    /// One WebAssembly module per model, run on wasmtime.
    Wasm,
}

impl Backend {
    pub const ALL: [Backend; 2] = [Backend::Vm, Backend::Wasm];

    pub fn name(self) -> &'static str {
        match self {
            Backend::Vm => "vm",
            Backend::Wasm => "wasm",
        }
    }
}

impl FromStr for Backend {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "vm" => Ok(Backend::Vm),
            "wasm" => Ok(Backend::Wasm),
            other => Err(format!("unknown backend `{other}` (available: vm, wasm)")),
        }
    }
}

/// A compiled model, ready to instantiate on any backend.
#[derive(Debug, Clone)]
pub struct Model {
    program: Arc<Program>,
    warnings: Vec<Diagnostic>,
    /// The wasm blob, compiled on first use and shared by every simulation of this
    /// model (and its clones).
    wasm: Arc<OnceLock<Result<WasmModule, WasmError>>>,
}

impl Model {
    /// Reads and compiles a model file.
    pub fn open(path: &Path) -> Result<Model, Error> {
        let compiled = engine::compile_file(path)?;
        Ok(Model::new(compiled))
    }

    /// Compiles model text; `file` names it in diagnostics.
    pub fn from_str(text: &str, file: &str) -> Result<Model, Error> {
        let compiled = engine::compile_str(text, file)?;
        Ok(Model::new(compiled))
    }

    fn new(compiled: engine::Compiled) -> Model {
        Model { program: Arc::new(compiled.program), warnings: compiled.warnings, wasm: Arc::default() }
    }

    pub fn program(&self) -> &Arc<Program> {
        &self.program
    }

    /// Recoverable problems found while reading and compiling.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// A fresh simulation on `backend`.
    pub fn simulation(&self, backend: Backend) -> Result<Box<dyn Simulation + Send>, SimError> {
        match backend {
            Backend::Vm => Ok(Box::new(millrace_vm::Vm::new(self.program.clone()).instantiate())),
            Backend::Wasm => {
                let sim = self.wasm_module()?.instantiate().map_err(|e| SimError::Backend(e.to_string()))?;
                Ok(Box::new(sim))
            }
        }
    }

    /// The model's wasm blob compiled for wasmtime (once per model; later calls share it).
    pub fn wasm_module(&self) -> Result<&WasmModule, SimError> {
        let module = self.wasm.get_or_init(|| WasmModule::new(self.program.clone()));
        module.as_ref().map_err(|e| SimError::Backend(e.to_string()))
    }

    /// The model lowered to a standalone blob and its listing (`millrace emit-wasm`).
    pub fn wasm_blob(&self) -> Result<WasmProgram, WasmError> {
        WasmProgram::compile(&self.program)
    }

    /// Runs the whole simulation with `overrides` applied (constant name, value) and
    /// returns the default output columns.
    pub fn run(&self, backend: Backend, overrides: &[(String, f64)]) -> Result<Results, SimError> {
        self.run_with(backend, overrides, false)
    }

    /// As [`Model::run`]; with `internals`, the variables of implicit instances
    /// (stdlib functions, macros) are included too.
    pub fn run_with(
        &self,
        backend: Backend,
        overrides: &[(String, f64)],
        internals: bool,
    ) -> Result<Results, SimError> {
        let mut sim = self.simulation(backend)?;
        for (name, value) in overrides {
            sim.set_by_name(name, *value)?;
        }
        sim.run_to_end()?;
        Ok(if internals { sim.results_with_internals() } else { sim.results() })
    }
}
