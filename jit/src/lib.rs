//! Millrace JIT: the shared IR -> Cranelift -> native code.
//!
//! [`Jit::compile`] turns a [`Program`] into machine code for the host, once; the code
//! is immutable and shared (across threads too) by every [`JitSim`] instantiated from
//! it, each of which owns its memory. The live-state API is `millrace_engine::state`'s,
//! exactly as for the vm; the jit supplies "run this phase" and "run these steps" (the
//! step loop generated from `state::step`).
//! [`compile_object`] emits the same code for another target (the aarch64 proof).
//!
//! Architecture invariant: the jit reads nothing but the IR (never the vm or wasmgen);
//! every numeric rule is emitted as the operations `millrace_engine::numerics` states,
//! and transcendentals are calls to the very functions the vm uses.

mod compile;
mod ctx;
mod driver;
mod flags;
mod lookup;
mod native;
mod object;
mod ops;
mod plan;
mod schedule;
mod symbols;
mod translate;

use std::sync::Arc;

use millrace_engine::Program;
use millrace_engine::ir::Phase;
use millrace_engine::state::{Memory, NativeSim, PhaseRunner};

pub use ctx::{JitCtx, offsets as ctx_offsets};
pub use driver::{START_SYMBOL, STEPS_SYMBOL};
pub use object::compile_object;
pub use plan::{ROOT_SYMBOLS, root_symbol};
pub use symbols::symbol as host_symbol;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JitError {
    #[error("jit: code generation failed: {0}")]
    Codegen(String),
    #[error("jit: target: {0}")]
    Target(String),
    /// The program breaks an invariant of the IR (`Program::verify`).
    #[error("jit: {0}")]
    Invalid(#[from] millrace_engine::VerifyError),
}

/// A program compiled to native code for this machine.
#[derive(Clone)]
pub struct Jit {
    program: Arc<Program>,
    code: Arc<native::NativeCode>,
}

impl std::fmt::Debug for Jit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jit").field("program", &self.program.name).finish_non_exhaustive()
    }
}

impl Jit {
    /// Compiles `program` to native code, after checking it (`Program::verify`): the
    /// generated code indexes memory without bounds checks, so a program that breaks
    /// the IR's invariants must be an error here.
    pub fn compile(program: Arc<Program>) -> Result<Jit, JitError> {
        program.verify()?;
        let code = Arc::new(millrace_engine::deep::on_deep_stack(|| native::NativeCode::compile(&program))?);
        Ok(Jit { program, code })
    }

    /// A fresh simulation instance running this code.
    pub fn instantiate(&self) -> JitSim {
        NativeSim::new(self.program.clone(), Runner { code: self.code.clone() })
    }
}

/// A live simulation on the jit.
pub type JitSim = NativeSim<Runner>;

/// Runs phases of the root module as native calls.
pub struct Runner {
    code: Arc<native::NativeCode>,
}

impl PhaseRunner for Runner {
    fn run_part(&mut self, phase: Phase, part: u32, mem: &mut Memory) {
        let ctx = JitCtx::over(mem);
        // SAFETY: `mem` was made by `Memory::new` for the program this code was compiled
        // from (NativeSim owns both), so every slot and buffer the code touches exists,
        // and `mem` stays borrowed for the call.
        unsafe { self.code.run(phase, part, &ctx) }
    }

    fn run_steps(&mut self, _: &Program, mem: &mut Memory, end: u64, _: &[(u32, u32)]) {
        let mut ctx = JitCtx::over(mem);
        // SAFETY: as in `run_phase`; `ctx.results` is the instance's slab and
        // `ctx.saved_rows` its count of saved rows.
        unsafe { self.code.run_steps(&mut ctx, end) };
        mem.step = ctx.step;
        mem.saved_rows = ctx.saved_rows;
        mem.stale = ctx.stale != 0;
    }
}
