//! Machine code for a program's function bodies, several at a time. Cranelift compiles
//! each function on its own, so once every body is built (building needs the module, to
//! declare what a body calls), the bodies are compiled on up to one thread per core,
//! largest first, and their code is then defined in the module in the order given. The
//! code of each function is the same whatever the number of threads; only the time to
//! get it changes (WORLD3's initials and flows are two bodies of about 1,500
//! instructions, each about 3.5 ms of code generation).

use std::cmp::Reverse;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use cranelift_codegen::Context;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::Function;
use cranelift_codegen::isa::TargetIsa;
use cranelift_module::{FuncId, Module, ModuleReloc};

use crate::JitError;

/// Below this many instructions in all, threads cost more than they save.
const PARALLEL_INSTRUCTIONS: usize = 2_000;

/// A built function body, ready to compile.
pub(crate) struct Body {
    pub id: FuncId,
    pub func: Function,
    /// What the function is, for error messages (`module `m` flows part 0`).
    pub what: String,
    /// Whether a run executes the function once (the initials): compiled by the ISA
    /// for such code ([`crate::flags::RUN_ONCE`]).
    pub once: bool,
}

/// A compiled body: what `Module::define_function_bytes` takes.
struct Code {
    id: FuncId,
    alignment: u64,
    bytes: Vec<u8>,
    relocs: Vec<ModuleReloc>,
}

/// Compiles `bodies` and defines their code in `module`, in the order of `bodies`.
/// Bodies that run once a run are compiled by `once`, the others by the module's ISA.
pub(crate) fn define_all<M: Module>(module: &mut M, once: &dyn TargetIsa, bodies: Vec<Body>) -> Result<(), JitError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for code in compile_all([module.isa(), once], bodies, threads)? {
        module
            .define_function_bytes(code.id, code.alignment, &code.bytes, &code.relocs)
            .map_err(|e| JitError::Codegen(e.to_string()))?;
    }
    Ok(())
}

/// Compiles every body on up to `threads` threads, by `isas[0]` or, if it runs once,
/// `isas[1]`; the results are in input order.
fn compile_all(isas: [&dyn TargetIsa; 2], bodies: Vec<Body>, threads: usize) -> Result<Vec<Code>, JitError> {
    let sizes: Vec<usize> = bodies.iter().map(|b| b.func.dfg.num_insts()).collect();
    let threads = if sizes.iter().sum::<usize>() < PARALLEL_INSTRUCTIONS { 1 } else { threads.min(bodies.len()) };
    if threads <= 1 {
        return bodies.into_iter().map(|body| compile(isas, body)).collect();
    }
    let mut order: Vec<usize> = (0..bodies.len()).collect();
    order.sort_by_key(|&i| Reverse(sizes[i]));
    let todo: Vec<Mutex<Option<Body>>> = bodies.into_iter().map(|b| Mutex::new(Some(b))).collect();
    let done: Vec<Mutex<Option<Result<Code, JitError>>>> = todo.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let body = todo[i].lock().map(|mut b| b.take()).ok().flatten();
            if let Some(body) = body {
                let code = compile(isas, body);
                if let Ok(mut slot) = done[i].lock() {
                    *slot = Some(code);
                }
            }
        }
    };
    // A panic in a compiling thread is re-raised here once every thread has joined, as
    // it would be on a single thread; so every slot is filled after the scope.
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    done.into_iter()
        .map(|slot| {
            slot.into_inner().ok().flatten().unwrap_or_else(|| Err(JitError::Codegen("a body was not compiled".into())))
        })
        .collect()
}

fn compile(isas: [&dyn TargetIsa; 2], body: Body) -> Result<Code, JitError> {
    let isa = isas[usize::from(body.once)];
    let mut ctx = Context::for_function(body.func);
    if let Err(e) = ctx.compile(isa, &mut ControlPlane::default()) {
        return Err(JitError::Codegen(format!("{}: {}", body.what, e.inner)));
    }
    let code = ctx.compiled_code().expect("compiled just above");
    let relocs = code.buffer.relocs().iter().map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, body.id)).collect();
    Ok(Code { id: body.id, alignment: u64::from(code.buffer.alignment), bytes: code.code_buffer().to_vec(), relocs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cranelift_codegen::ir::{AbiParam, InstBuilder, Signature, UserFuncName, types};
    use cranelift_codegen::isa::CallConv;
    use cranelift_codegen::settings;
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

    /// `fn(x: f64) -> f64`: x + 1 + 2 + ... + n, n additions in a chain.
    fn body(isa: &dyn TargetIsa, id: u32, n: usize) -> Body {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::F64));
        sig.returns.push(AbiParam::new(types::F64));
        let mut func = Function::with_name_signature(UserFuncName::user(0, id), sig);
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let mut v = b.block_params(entry)[0];
        for k in 1..=n {
            let c = b.ins().f64const(k as f64);
            v = b.ins().fadd(v, c);
        }
        b.ins().return_(&[v]);
        b.seal_all_blocks();
        b.finalize(isa.frontend_config());
        Body { id: FuncId::from_u32(id), func, what: format!("body {id}"), once: id % 2 == 1 }
    }

    #[test]
    fn the_code_is_the_same_on_any_number_of_threads() {
        let isa = cranelift_native::builder().unwrap().finish(settings::Flags::new(settings::builder())).unwrap();
        let bodies = || (0..7).map(|i| body(&*isa, i, 100 + 300 * (i as usize % 4))).collect::<Vec<_>>();
        let one = compile_all([&*isa, &*isa], bodies(), 1).unwrap();
        for threads in [2, 3, 8] {
            let many = compile_all([&*isa, &*isa], bodies(), threads).unwrap();
            assert_eq!(many.len(), one.len());
            for (a, b) in one.iter().zip(&many) {
                assert_eq!((a.id, a.alignment, &a.bytes), (b.id, b.alignment, &b.bytes), "{threads} threads");
            }
        }
    }
}
