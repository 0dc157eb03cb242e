//! Object files for any target Cranelift supports (cranelift-object): how the jit is
//! proven on aarch64. The object exports the root phases under
//! `plan::ROOT_SYMBOLS`, the start under `driver::START_SYMBOL` and the stepping loop
//! under `driver::STEPS_SYMBOL`, and
//! imports the host functions under `symbols::symbol` (and `memcpy`, which the loop may
//! call to copy rows); everything else (lookups, tables, submodule parts) is inside it.

use std::str::FromStr;

use cranelift_codegen::isa;
use cranelift_module::Linkage;
use cranelift_object::{ObjectBuilder, ObjectModule};
use millrace_engine::ir::Program;
use target_lexicon::Triple;

use crate::plan::define_program;
use crate::{JitError, driver, flags};

/// Compiles `program` into a relocatable object for `triple` (e.g.
/// `aarch64-unknown-linux-gnu`), after checking it (`Program::verify`), as
/// `Jit::compile` does.
pub fn compile_object(program: &Program, triple: &str) -> Result<Vec<u8>, JitError> {
    program.verify()?;
    millrace_engine::deep::on_deep_stack(|| object_code(program, triple))
}

fn object_code(program: &Program, triple: &str) -> Result<Vec<u8>, JitError> {
    let target = |e: String| JitError::Target(e);
    let triple = Triple::from_str(triple).map_err(|e| target(format!("target `{triple}`: {e}")))?;
    let isa = |own: &[(&str, &str)]| {
        isa::lookup(triple.clone())
            .map_err(|e| target(format!("target `{triple}`: {e}")))?
            .finish(flags::flags(own)?)
            .map_err(|e| target(e.to_string()))
    };
    let once = isa(&[("is_pic", "true"), flags::RUN_ONCE])?;
    let isa = isa(&[("is_pic", "true")])?;
    let builder = ObjectBuilder::new(isa, "millrace_model", cranelift_module::default_libcall_names())
        .map_err(|e| JitError::Codegen(e.to_string()))?;
    let mut module = ObjectModule::new(builder);
    let declared = define_program(&mut module, &*once, program, true)?;
    let root = driver::RootParts::of(program, &declared);
    driver::define(&mut module, program, &root, Linkage::Export)?;
    driver::define_start(&mut module, program, &root)?;
    module.finish().emit().map_err(|e| JitError::Codegen(e.to_string()))
}
