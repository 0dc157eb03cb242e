//! The XMILE reader and the compiler: any bytes, decoded as a model file is, are read
//! and compiled or refused with an error; never a panic, a stack overflow, or work
//! out of proportion to the input (libFuzzer's -timeout and -rss_limit_mb catch those).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: millrace_fuzz::budgets::lower(),
    |bytes: &[u8]| {
        let text = millrace_engine::source::decode(bytes);
        // The reader is chosen by content as for a file named `.xmile`: XMILE unless the
        // text starts `{UTF-8}` (the mdl target covers that reader).
        let _ = millrace_engine::compile_str(&text, "fuzz.xmile");
    }
);
