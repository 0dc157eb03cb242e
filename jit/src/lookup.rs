//! Graphical-function lookups as generated functions
//! `fn(xs: *const f64, ys: *const f64, n: i64, x: f64) -> f64`, one per
//! [`LookupFn`] (a rule, and how it searches its tables). They are Cranelift IR rather
//! than calls into Rust so that an object file for another target needs nothing but
//! itself; the body is
//! `numerics::rules::lookup` emitted through [`Clif`], so the bits are the vm's.

use cranelift_codegen::ir::{AbiParam, InstBuilder, Signature, types};
use cranelift_codegen::isa::TargetFrontendConfig;
use cranelift_frontend::FunctionBuilder;
use cranelift_module::Module;
use millrace_engine::numerics::rules::{self, LookupFn};

use crate::ops::{Clif, TableArgs};

/// The symbol of a lookup function.
pub(crate) fn symbol(f: LookupFn) -> String {
    format!("millrace_lookup_{}", f.name())
}

pub(crate) fn signature<M: Module>(module: &M) -> Signature {
    let ptr = module.target_config().pointer_type();
    let mut sig = module.make_signature();
    sig.params.extend([AbiParam::new(ptr), AbiParam::new(ptr), AbiParam::new(types::I64), AbiParam::new(types::F64)]);
    sig.returns.push(AbiParam::new(types::F64));
    sig
}

/// Builds the body of lookup function `f` into `b`.
pub(crate) fn build(f: LookupFn, mut b: FunctionBuilder<'_>, config: TargetFrontendConfig) {
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let [xs, ys, n, x] = [0, 1, 2, 3].map(|i| b.block_params(entry)[i]);
    let mut table = Clif(TableArgs { b, xs, ys, n, halving: f.halving });
    let y = rules::lookup(&mut table, f, x);
    let mut b = table.0.b;
    b.ins().return_(&[y]);
    b.finalize(config);
}
