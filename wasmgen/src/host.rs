//! The Rust host: runs a blob on wasmtime and implements [`Simulation`] over it.
//!
//! [`WasmModule`] compiles a blob once (machine code plus pre-resolved imports) and is
//! cheap to clone and share across threads; [`WasmSim`] is one instance: its own store
//! and linear memory. The host binds the `millrace_math` imports to the very
//! `numerics` functions the vm calls, so results are bit-identical to the vm's. It
//! drives the blob only through exports and reads memory (live values, saved rows);
//! it never writes the blob's memory.

use std::fmt;
use std::sync::{Arc, OnceLock};

use millrace_engine::numerics::{HOST_MODULE, HostFn};
use millrace_engine::sim::check_overridable;
use millrace_engine::{Program, SimError, Simulation};
use wasmtime::{Config, Engine, Instance, InstancePre, Linker, Memory, Module, Store, TypedFunc};

use crate::emit::Status;
use crate::layout::{MemoryLayout, SAVED_ROWS, STARTED};
use crate::{WasmError, WasmProgram};

/// One engine for the process: compiled modules can then be shared freely.
fn engine() -> Result<&'static Engine, WasmError> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let mut config = Config::new();
            // No NaN canonicalisation and no relaxed SIMD: plain IEEE operations only.
            config.cranelift_nan_canonicalization(false);
            Engine::new(&config).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| WasmError::Runtime(format!("cannot create the wasmtime engine: {e}")))
}

fn runtime(what: &str, e: wasmtime::Error) -> WasmError {
    WasmError::Runtime(format!("{what}: {e}"))
}

/// A blob compiled to machine code, its imports resolved: shareable, instantiated per
/// simulation.
#[derive(Clone)]
pub struct WasmModule {
    program: Arc<Program>,
    layout: Arc<MemoryLayout>,
    pre: InstancePre<()>,
}

impl fmt::Debug for WasmModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WasmModule").field("program", &self.program.name).field("layout", &self.layout).finish()
    }
}

impl WasmModule {
    /// Lowers `program` to a blob and compiles it. wasmtime validates the module as it
    /// compiles it, and nothing here reads the listing, so neither is made twice.
    pub fn new(program: Arc<Program>) -> Result<WasmModule, WasmError> {
        let (bytes, layout) = crate::lower(&program)?;
        WasmModule::from_parts(program, &bytes, layout)
    }

    /// Compiles an already lowered blob of `program`.
    pub fn from_blob(program: Arc<Program>, blob: &WasmProgram) -> Result<WasmModule, WasmError> {
        WasmModule::from_parts(program, blob.bytes(), blob.layout().clone())
    }

    fn from_parts(program: Arc<Program>, bytes: &[u8], layout: MemoryLayout) -> Result<WasmModule, WasmError> {
        let engine = engine()?;
        let module = Module::new(engine, bytes).map_err(|e| runtime("cannot compile the module", e))?;
        let mut linker = Linker::new(engine);
        for f in HostFn::ALL {
            // Every host function is `HostFn::eval`; wasmtime's typed bindings need the
            // arity as a closure type, so each arity a host function has is one arm.
            let name = f.import_name();
            let bound = match f.arity() {
                1 => linker.func_wrap(HOST_MODULE, name, move |x: f64| f.eval(&[x])),
                2 => linker.func_wrap(HOST_MODULE, name, move |a: f64, b: f64| f.eval(&[a, b])),
                12 => linker.func_wrap(
                    HOST_MODULE,
                    name,
                    #[allow(clippy::too_many_arguments)]
                    move |a: f64,
                          b: f64,
                          c: f64,
                          d: f64,
                          e: f64,
                          g: f64,
                          h: f64,
                          i: f64,
                          j: f64,
                          k: f64,
                          l: f64,
                          m: f64| { f.eval(&[a, b, c, d, e, g, h, i, j, k, l, m]) },
                ),
                n => {
                    return Err(WasmError::Runtime(format!(
                        "no wasmtime binding for host function `{name}` of {n} arguments"
                    )));
                }
            };
            bound.map_err(|e| runtime("cannot bind the host functions", e))?;
        }
        let pre = linker.instantiate_pre(&module).map_err(|e| runtime("cannot link the module", e))?;
        Ok(WasmModule { program, layout: Arc::new(layout), pre })
    }

    /// A fresh simulation: a new instance with its own memory.
    pub fn instantiate(&self) -> Result<WasmSim, WasmError> {
        let mut store = Store::new(self.pre.module().engine(), ());
        let instance = self.pre.instantiate(&mut store).map_err(|e| runtime("cannot instantiate the module", e))?;
        let memory = instance
            .get_memory(&mut store, "memory")
            .ok_or_else(|| WasmError::Internal("the module exports no memory".into()))?;
        macro_rules! func {
            ($name:literal) => {
                instance
                    .get_typed_func(&mut store, $name)
                    .map_err(|e| WasmError::Internal(format!("export `{}`: {e}", $name)))?
            };
        }
        Ok(WasmSim {
            program: self.program.clone(),
            layout: self.layout.clone(),
            memory,
            run_to: func!("run_to"),
            reset: func!("reset"),
            clear_values: func!("clear_values"),
            set_value: func!("set_value"),
            instance,
            store,
        })
    }
}

/// A live simulation running inside a blob instance.
pub struct WasmSim {
    program: Arc<Program>,
    layout: Arc<MemoryLayout>,
    store: Store<()>,
    memory: Memory,
    run_to: TypedFunc<f64, i32>,
    reset: TypedFunc<(), ()>,
    clear_values: TypedFunc<(), ()>,
    set_value: TypedFunc<(i32, f64), i32>,
    instance: Instance,
}

fn trap(what: &str, e: wasmtime::Error) -> SimError {
    SimError::Backend(format!("wasm: {what} failed: {e}"))
}

fn status(what: &str, code: i32) -> Result<(), SimError> {
    match Status::from_code(code) {
        Some(Status::Ok) => Ok(()),
        Some(s) => Err(SimError::Backend(format!("wasm: {what}: {}", s.describe()))),
        None => Err(SimError::Backend(format!("wasm: {what}: unknown status {code}"))),
    }
}

impl WasmSim {
    /// The whole linear memory (for tests and hosts that snapshot state).
    pub fn memory_bytes(&self) -> &[u8] {
        self.memory.data(&self.store)
    }

    pub fn layout(&self) -> &MemoryLayout {
        &self.layout
    }

    /// Calls export `name` as is, without the host's checks (tests of the blob's own
    /// checks and status codes; hosts in other languages see exactly this).
    pub fn call_export<P, R>(&mut self, name: &str, params: P) -> Result<R, SimError>
    where
        P: wasmtime::WasmParams,
        R: wasmtime::WasmResults,
    {
        let f = self
            .instance
            .get_typed_func::<P, R>(&mut self.store, name)
            .map_err(|e| SimError::Backend(format!("wasm: export `{name}`: {e}")))?;
        f.call(&mut self.store, params).map_err(|e| trap(name, e))
    }

    fn f64_at(&self, addr: u32) -> f64 {
        let a = addr as usize;
        let bytes = &self.memory_bytes()[a..a + 8];
        f64::from_le_bytes(bytes.try_into().unwrap_or([0; 8]))
    }
}

impl Simulation for WasmSim {
    fn program(&self) -> &Program {
        &self.program
    }

    fn set_value(&mut self, slot: u32, value: f64) -> Result<(), SimError> {
        // The host's check gives the vm's error messages; the blob checks again.
        check_overridable(&self.program, slot)?;
        let code = self.set_value.call(&mut self.store, (slot as i32, value)).map_err(|e| trap("set_value", e))?;
        status("set_value", code)
    }

    fn run_to(&mut self, time: f64) -> Result<(), SimError> {
        if time.is_nan() {
            return Err(SimError::BadTime(time));
        }
        let code = self.run_to.call(&mut self.store, time).map_err(|e| trap("run_to", e))?;
        status("run_to", code)
    }

    fn run_to_end(&mut self) -> Result<(), SimError> {
        self.run_to(f64::INFINITY)
    }

    fn reset(&mut self) -> Result<(), SimError> {
        self.reset.call(&mut self.store, ()).map_err(|e| trap("reset", e))
    }

    fn clear_values(&mut self) -> Result<(), SimError> {
        self.clear_values.call(&mut self.store, ()).map_err(|e| trap("clear_values", e))
    }

    fn get_value(&self, slot: u32) -> Result<f64, SimError> {
        if slot >= self.layout.n_slots {
            return Err(SimError::SlotOutOfRange(slot));
        }
        let l = &self.layout;
        let started = self.memory_bytes().get(STARTED as usize..STARTED as usize + 4) != Some(&[0; 4][..]);
        Ok(millrace_engine::drive::live_value(
            &self.program.specs,
            started,
            slot,
            |s| self.memory_bytes().get((l.overridable + s) as usize).is_some_and(|&b| b != 0),
            |s| self.f64_at(l.consts + s * 8),
            |s| self.f64_at(l.curr + s * 8),
        ))
    }

    /// The blob's count of saved rows, never more than its slab holds (the count lives
    /// in memory a host could write; reads stay inside the slab whatever it holds).
    fn saved_rows(&self) -> usize {
        let a = SAVED_ROWS as usize;
        let bytes = &self.memory_bytes()[a..a + 4];
        let rows = u32::from_le_bytes(bytes.try_into().unwrap_or([0; 4])) as usize;
        rows.min(self.layout.n_rows as usize)
    }

    fn saved_value(&self, row: usize, slot: u32) -> Result<f64, SimError> {
        if slot >= self.layout.n_slots {
            return Err(SimError::SlotOutOfRange(slot));
        }
        if row >= self.saved_rows() {
            return Err(SimError::RowOutOfRange(row));
        }
        Ok(self.f64_at(self.layout.results + row as u32 * self.layout.row_bytes() + slot * 8))
    }
}
