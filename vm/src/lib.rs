//! Millrace bytecode VM: the reference backend (being written).

use std::sync::Arc;

use millrace_engine::Program;
use millrace_engine::ir::Phase;
use millrace_engine::state::{Memory, NativeSim, PhaseRunner};

/// A program compiled to bytecode: immutable, shareable across threads.
#[derive(Debug, Clone)]
pub struct Vm {
    program: Arc<Program>,
}

impl Vm {
    pub fn new(program: Arc<Program>) -> Self {
        Vm { program }
    }

    /// A fresh simulation instance running this bytecode.
    pub fn instantiate(&self) -> VmSim {
        NativeSim::new(self.program.clone(), Interpreter {})
    }
}

pub type VmSim = NativeSim<Interpreter>;

pub struct Interpreter {}

impl PhaseRunner for Interpreter {
    fn run_phase(&mut self, _phase: Phase, _mem: &mut Memory) {}
}
