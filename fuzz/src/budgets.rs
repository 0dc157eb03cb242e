//! The budgets a fuzzed model is compiled under: the engine's own limits
//! (`millrace_engine::limits`), lowered so that every input the fuzzer keeps is cheap to
//! run. Each limit is still checked the way a user meets it (the same code, a smaller
//! number); what is over the budget becomes a plain compile error, which the targets
//! accept. Without this a few bytes (`<dim size="1000000">`) would make one input take
//! seconds, and the fuzzer would spend its time there instead of exploring.

/// Each variable the engine reads, with the value the fuzz targets give it.
const LOWERED: [(&str, &str); 5] = [
    ("MILLRACE_MAX_STEPS", "10000"),
    ("MILLRACE_MAX_SLOTS", "65536"),
    ("MILLRACE_MAX_BUFFER_VALUES", "1048576"),
    ("MILLRACE_MAX_INSTANCES", "4096"),
    ("MILLRACE_MAX_NESTING", "64"),
];

/// Sets the lowered budgets in this process's environment. Called from a target's
/// `init`, before the first input (setting the environment while another thread reads
/// it is what makes `set_var` unsafe).
pub fn lower() {
    for (name, value) in LOWERED {
        // SAFETY: libFuzzer calls `init` once, on the main thread, before any input is
        // run; the only other thread it may have started (its RSS monitor) never reads
        // the environment, and the engine starts its threads only while compiling.
        unsafe { std::env::set_var(name, value) };
    }
}
