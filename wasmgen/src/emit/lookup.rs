//! Graphical-function lookups in wasm: one function per [`LookupFn`] (a rule, and
//! how it searches its tables),
//! `(x: f64, xs: i32, ys: i32, n: i32) -> f64` (the addresses of a table's knots in
//! memory and their number, at least 1), whose body is `numerics::rules::lookup`
//! emitted through the [`Wasm`] adapter: the vm's rule, operation for operation.

use millrace_engine::numerics::rules::{self, LookupFn};
use wasm_encoder::ValType;

use super::ops::{TableParams, Val, Wasm, function};
use super::{Defined, Funcs};

pub(crate) fn functions(funcs: &Funcs) -> Vec<Defined> {
    use ValType::{F64, I32};
    LookupFn::ALL
        .iter()
        .map(|&f| Defined {
            index: funcs.lookup(f),
            sig: (&[F64, I32, I32, I32], &[F64]),
            name: format!("lookup_{}", f.name()),
            body: function(4, |sink, locals| {
                let knots = TableParams { xs: 1, ys: 2, n: 3, halving: f.halving };
                let mut w = Wasm { sink, locals, knots };
                let y = rules::lookup(&mut w, f, Val::Local(0));
                w.push(y);
                w.sink.end();
            }),
        })
        .collect()
}
