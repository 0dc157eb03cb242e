//! Differential: what compiles (its run cut to a few hundred steps) runs on the vm, wasm
//! and the jit, which must agree bit for bit (`millrace_fuzz::differential`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: millrace_fuzz::budgets::lower(),
    |bytes: &[u8]| {
        let text = millrace_engine::source::decode(bytes);
        if let Some(program) = millrace_fuzz::differential::compile(&text) {
            millrace_fuzz::differential::check(program);
        }
    }
);
