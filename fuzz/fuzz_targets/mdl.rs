//! The Vensim `.mdl` reader and the compiler: any bytes, decoded as a model file is,
//! are read and compiled or refused with an error; never a panic, a stack overflow, or
//! work out of proportion to the input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: millrace_fuzz::budgets::lower(),
    |bytes: &[u8]| {
        let text = millrace_engine::source::decode(bytes);
        // The `.mdl` extension picks the Vensim reader whatever the content.
        let _ = millrace_engine::compile_str(&text, "fuzz.mdl");
    }
);
