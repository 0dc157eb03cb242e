//! Millrace WebAssembly backend: one self-driving wasm module ("blob") per model.
//!
//! [`WasmProgram::compile`] lowers a [`Program`] to a module that owns its whole live
//! state: the memory regions of `docs/design.md` ([`layout`]), one function per phase part per
//! module definition ([`emit`]), and the stepping driver with the live-state API as
//! exports (`run_to`, `reset`, `set_value`, ...). Transcendentals, `pow` and `mod` are
//! imported from module `millrace_math`; the [`host`] binds the very `numerics` functions
//! the vm calls, so results are bit-identical to the vm's.
//!
//! Architecture invariants: this crate depends on `millrace-engine` only (never on
//! another backend); a host drives a blob only through its exports and reads its memory,
//! never writes it.

#![forbid(unsafe_code)]

pub mod emit;
pub mod host;
pub mod layout;
pub mod listing;

use millrace_engine::Program;

pub use emit::{EXPORTS, Status};
pub use host::{WasmModule, WasmSim};
pub use layout::MemoryLayout;

/// Why a program could not be turned into a running blob.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WasmError {
    /// The model uses something this backend cannot lower yet (the message names it).
    #[error("the wasm backend cannot lower this model: {0}")]
    Unsupported(String),
    /// The model's memory would not fit a wasm32 module.
    #[error("the wasm backend cannot lower this model: {0}")]
    TooLarge(String),
    /// The program fails `Program::verify`.
    #[error("the wasm backend cannot lower this model: {0}")]
    Unverified(#[from] millrace_engine::VerifyError),
    /// A bug of this backend: the emitted module is not valid wasm.
    #[error("internal error of the wasm backend: {0}")]
    Internal(String),
    /// wasmtime refused to compile or instantiate the module.
    #[error("wasm runtime: {0}")]
    Runtime(String),
}

/// A compiled blob: the module bytes, its memory layout and its listing.
#[derive(Debug, Clone)]
pub struct WasmProgram {
    bytes: Vec<u8>,
    layout: MemoryLayout,
    listing: String,
}

impl WasmProgram {
    /// Lowers `program` to one wasm module, validated with wasmparser, and its listing:
    /// what a standalone blob needs (a host in this process skips both, see
    /// [`WasmModule::new`]).
    pub fn compile(program: &Program) -> Result<WasmProgram, WasmError> {
        let (bytes, layout) = lower(program)?;
        validate(&bytes)?;
        let listing = listing::listing(program, &layout);
        Ok(WasmProgram { bytes, layout, listing })
    }

    /// The module's binary encoding.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn layout(&self) -> &MemoryLayout {
        &self.layout
    }

    /// The JSON listing (variable name -> slot, geometry, imports, exports).
    pub fn listing(&self) -> &str {
        &self.listing
    }
}

/// The module's bytes and memory layout.
/// Every path to a blob goes through here, so every blob is of a verified program.
fn lower(program: &Program) -> Result<(Vec<u8>, MemoryLayout), WasmError> {
    program.verify()?;
    let layout = MemoryLayout::new(program)?;
    let bytes = millrace_engine::deep::on_deep_stack(|| emit::emit(program, &layout))?;
    Ok((bytes, layout))
}

/// Validates a module with wasmparser's default feature set (what wasmtime and every
/// current browser accept).
pub fn validate(bytes: &[u8]) -> Result<(), WasmError> {
    wasmparser::Validator::new()
        .validate_all(bytes)
        .map(|_| ())
        .map_err(|e| WasmError::Internal(format!("the emitted module does not validate: {e}")))
}
