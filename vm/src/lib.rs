//! Millrace bytecode VM: the reference backend.
//!
//! [`Vm::new`] compiles a [`Program`] to [`bytecode::Bytecode`] once; the result is
//! immutable and shared by every [`VmSim`] instantiated from it (across threads too).
//! Stepping, saving and the live-state API come from `millrace_engine::state`; the vm
//! supplies only "run this phase" ([`Interpreter`]).
//!
//! Architecture invariant: the vm reads nothing but the IR; it is the oracle the other
//! backends are compared with, so it stays a plain, obviously-correct interpreter.

#![forbid(unsafe_code)]

pub mod bytecode;
mod interp;

use std::sync::Arc;

use millrace_engine::ir::Phase;
use millrace_engine::state::{Memory, NativeSim, PhaseRunner};
use millrace_engine::{Program, VerifyError};

use bytecode::Bytecode;

/// A program compiled to bytecode: immutable, shareable across threads.
#[derive(Debug, Clone)]
pub struct Vm {
    program: Arc<Program>,
    code: Arc<Bytecode>,
}

impl Vm {
    /// Compiles `program`, after checking it (`Program::verify`): a program that
    /// breaks the IR's invariants is an error, never an out-of-range index later.
    pub fn new(program: Arc<Program>) -> Result<Self, VerifyError> {
        program.verify()?;
        let code = Arc::new(millrace_engine::deep::on_deep_stack(|| Bytecode::compile(&program)));
        Ok(Vm { program, code })
    }

    pub fn bytecode(&self) -> &Bytecode {
        &self.code
    }

    /// A fresh simulation instance running this bytecode.
    pub fn instantiate(&self) -> VmSim {
        let interpreter = Interpreter { code: self.code.clone(), stack: vec![0.0; self.code.max_stack] };
        NativeSim::new(self.program.clone(), interpreter)
    }
}

/// A live simulation on the vm.
pub type VmSim = NativeSim<Interpreter>;

/// Runs phases of the root module by interpreting bytecode.
pub struct Interpreter {
    code: Arc<Bytecode>,
    /// Operand stack, reused by every phase.
    stack: Vec<f64>,
}

impl PhaseRunner for Interpreter {
    fn run_part(&mut self, phase: Phase, part: u32, mem: &mut Memory) {
        let p = phase.index();
        let ops = &self.code.modules[self.code.root as usize].phases[p][part as usize];
        interp::exec(&self.code, ops, p, 0, 0, mem, &mut self.stack);
    }
}
