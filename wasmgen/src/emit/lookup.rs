//! Graphical-function lookups in wasm: one function per [`LookupRule`],
//! `(x: f64, xs: i32, ys: i32, n: i32) -> f64` (the addresses of a table's knots in
//! memory and their number, at least 1), whose body is `numerics::rules::lookup`
//! emitted through the [`Wasm`] adapter: the vm's rule, operation for operation.

use millrace_engine::numerics::rules::{self, LookupRule};
use wasm_encoder::ValType;

use super::ops::{TableParams, Val, Wasm, function};
use super::{Defined, Funcs};

pub(crate) fn functions(funcs: &Funcs) -> Vec<Defined> {
    use ValType::{F64, I32};
    LookupRule::ALL
        .iter()
        .map(|&rule| Defined {
            index: funcs.lookup(rule),
            sig: (&[F64, I32, I32, I32], &[F64]),
            name: format!("lookup_{}", rule.name()),
            body: function(4, |sink, locals| {
                let mut w = Wasm { sink, locals, knots: TableParams { xs: 1, ys: 2, n: 3 } };
                let y = rules::lookup(&mut w, rule, Val::Local(0));
                w.push(y);
                w.sink.end();
            }),
        })
        .collect()
}
