//! In-process code for the host ISA (cranelift-jit): compiled once, immutable after
//! `finalize_definitions`, shared by every simulation instance on every thread.

use cranelift_jit::{ArenaMemoryProvider, JITBuilder, JITModule};
use cranelift_module::Linkage;
use millrace_engine::ir::{Phase, Program};

use crate::JitError;
use crate::ctx::JitCtx;
use crate::driver;
use crate::flags;
use crate::plan::{PartKey, define_program};
use crate::symbols;

/// A compiled root phase: `fn(ctx, base, buf_base)`.
pub type PartFn = unsafe extern "C" fn(*const JitCtx, i64, i64);

/// The compiled stepping loop (`crate::driver`): `fn(ctx, end_step)`.
pub type StepsFn = unsafe extern "C" fn(*mut JitCtx, i64);

/// The machine code of one program.
pub struct NativeCode {
    /// Owns the code memory; freed on drop.
    module: Option<JITModule>,
    /// The root's parts, by phase index then part (the stocks have one per stage).
    root: Vec<Vec<PartFn>>,
    steps: StepsFn,
}

// SAFETY: after `finalize_definitions` the code is never written again; the function
// pointers may be called from any thread, each call with its own `JitCtx`.
unsafe impl Send for NativeCode {}
unsafe impl Sync for NativeCode {}

/// Address space reserved for one program's code and data (untouched pages cost no
/// memory). The generated functions call each other (chunks, lookups, child parts) with
/// PC-relative calls, which reach +-2 GiB on x86-64 and +-128 MiB on aarch64: with
/// Cranelift's default provider each segment is allocated on its own and may land out
/// of reach (the backends fuzz target found one, under ASan); in one reserved region
/// every call reaches. A program whose code outgrows it is a code-generation error
/// (C-LEARN's code is a few MiB).
const CODE_RESERVE: usize = if cfg!(target_arch = "aarch64") { 120 << 20 } else { 1 << 30 };

impl NativeCode {
    pub fn compile(program: &Program) -> Result<NativeCode, JitError> {
        let target = |e: String| JitError::Target(e);
        let own = [("is_pic", "false"), ("use_colocated_libcalls", "false")];
        let isa = |own: &[(&str, &str)]| {
            cranelift_native::builder()
                .map_err(|e| target(e.to_string()))?
                .finish(flags::flags(own)?)
                .map_err(|e| target(e.to_string()))
        };
        let once = isa(&[own[0], own[1], flags::RUN_ONCE])?;
        let isa = isa(&own)?;
        let mut builder = JITBuilder::with_isa(isa, cranelift_module::default_libcall_names());
        let arena = ArenaMemoryProvider::new_with_size(CODE_RESERVE)
            .map_err(|e| target(format!("reserving {} MiB of address space for code: {e}", CODE_RESERVE >> 20)))?;
        builder.memory_provider(Box::new(arena));
        for (name, ptr) in symbols::host_symbols() {
            builder.symbol(name, ptr);
        }
        for (name, ptr) in symbols::libcall_symbols() {
            builder.symbol(name, ptr);
        }
        let mut module = JITModule::new(builder);
        let declared = define_program(&mut module, &*once, program, false)?;
        let steps = driver::define(&mut module, program, &driver::RootParts::of(program, &declared), Linkage::Local)?;
        module.finalize_definitions().map_err(|e| JitError::Codegen(e.to_string()))?;
        let root = Phase::ALL
            .iter()
            .map(|&p| {
                PartKey::roots(program, p)
                    .map(|key| {
                        let code = module.get_finalized_function(declared.parts[&key]);
                        // SAFETY: every part function is defined with the `PartFn` signature.
                        unsafe { std::mem::transmute::<*const u8, PartFn>(code) }
                    })
                    .collect()
            })
            .collect();
        // SAFETY: the driver is defined with the `StepsFn` signature.
        let steps = unsafe { std::mem::transmute::<*const u8, StepsFn>(module.get_finalized_function(steps)) };
        Ok(NativeCode { module: Some(module), root, steps })
    }

    /// Runs part `part` of a root phase over the memory `ctx` points at.
    ///
    /// # Safety
    /// `ctx` must point at the memory of an instance of the program this code was
    /// compiled from (every vector sized by its layout), alive for the call.
    /// `part` must be a part of the phase (panics otherwise, before any native call).
    pub unsafe fn run(&self, phase: Phase, part: u32, ctx: &JitCtx) {
        let f = self.root[phase.index()][part as usize];
        // SAFETY: the caller guarantees `ctx`; the code only touches slots and buffers
        // the program's layout defines.
        unsafe { f(ctx, 0, 0) }
    }

    /// Runs whole steps until `ctx.step` is `end` (see `crate::driver`).
    ///
    /// # Safety
    /// As for [`NativeCode::run`], and `ctx.results` must be the instance's results
    /// slab with `ctx.saved_rows` rows saved.
    pub unsafe fn run_steps(&self, ctx: &mut JitCtx, end: u64) {
        // SAFETY: as for `run`; the loop saves no more than the slab's rows.
        unsafe { (self.steps)(ctx, end as i64) }
    }
}

impl Drop for NativeCode {
    fn drop(&mut self) {
        if let Some(module) = self.module.take() {
            // SAFETY: no function pointer outlives `self`: they are only reachable
            // through it.
            unsafe { module.free_memory() };
        }
    }
}
