//! Internal helper functions too long to inline at every use: the two pipeline-delay
//! statements. Their numbers are `numerics::rules::{pipeline_steps, ring_next}`
//! emitted through the [`Wasm`] adapter; the rest is moving values in memory.

use millrace_engine::ir::Global;
use millrace_engine::numerics::rules;
use wasm_encoder::{BlockType, Function, ValType};

use super::code::{f64_at, f64c};
use super::ops::{Val, Wasm, function};
use super::{Defined, Funcs};
use crate::layout::MemoryLayout;

pub(crate) fn functions(funcs: &Funcs, layout: &MemoryLayout) -> Vec<Defined> {
    vec![
        Defined {
            index: funcs.pipeline_init,
            sig: (&[ValType::F64, ValType::F64, ValType::I32, ValType::I32, ValType::I32], &[]),
            name: "pipeline_init".into(),
            body: pipeline_init(layout),
        },
        Defined {
            index: funcs.pipeline_in,
            sig: (&[ValType::F64, ValType::I32, ValType::I32], &[]),
            name: "pipeline_in".into(),
            body: pipeline_in(),
        },
    ]
}

/// `PipelineInit` (vm `PipeInit`): `steps = pipeline_steps(delay, DT, capacity)`;
/// `curr[state] = steps`, `curr[state + 1] = 0`; the first `steps` ring values = init.
/// Params: delay, init, address of `curr[base + state]`, address of the ring, capacity.
fn pipeline_init(layout: &MemoryLayout) -> Function {
    const DELAY: u32 = 0;
    const INIT: u32 = 1;
    const STATE: u32 = 2;
    const RING: u32 = 3;
    const CAP: u32 = 4;
    function(5, |sink, locals| {
        let mut w = Wasm::new(sink, locals);
        // DT is read from live curr, as the vm does.
        w.sink.i32_const(0).f64_load(f64_at(layout.curr + Global::Dt.slot() * 8));
        let dt = w.take();
        w.sink.local_get(CAP).f64_convert_i32_u();
        let capacity = w.take();
        let steps = rules::pipeline_steps(&mut w, Val::Local(DELAY), dt, capacity);
        w.sink.local_get(STATE);
        w.push(steps);
        w.sink.f64_store(f64_at(0));
        w.sink.local_get(STATE).f64_const(f64c(0.0)).f64_store(f64_at(8));
        // for i in 0..steps: ring[i] = init
        w.push(steps);
        w.sink.i32_trunc_sat_f64_u();
        let n = w.take_bool();
        w.sink.i32_const(0);
        let i = w.take_bool();
        w.sink.block(BlockType::Empty).loop_(BlockType::Empty);
        w.sink.local_get(i).local_get(n).i32_ge_u().br_if(1);
        w.sink.local_get(RING).local_get(i).i32_const(3).i32_shl().i32_add().local_get(INIT).f64_store(f64_at(0));
        w.sink.local_get(i).i32_const(1).i32_add().local_set(i).br(0);
        w.sink.end().end();
        w.sink.end();
    })
}

/// `PipelineIn` (vm `PipeIn`): `ring[head] = input`; `head = ring_next(head, steps)`.
/// Params: input, address of `curr[base + state]`, address of the ring.
fn pipeline_in() -> Function {
    const INPUT: u32 = 0;
    const STATE: u32 = 1;
    const RING: u32 = 2;
    function(3, |sink, locals| {
        let mut w = Wasm::new(sink, locals);
        w.sink.local_get(STATE).f64_load(f64_at(0));
        let steps = w.take();
        w.sink.local_get(STATE).f64_load(f64_at(8));
        let head = w.take();
        w.sink.local_get(RING);
        w.push(head);
        w.sink.i32_trunc_sat_f64_u().i32_const(3).i32_shl().i32_add().local_get(INPUT).f64_store(f64_at(0));
        let next = rules::ring_next(&mut w, head, steps);
        w.sink.local_get(STATE);
        w.push(next);
        w.sink.f64_store(f64_at(8));
        w.sink.end();
    })
}
