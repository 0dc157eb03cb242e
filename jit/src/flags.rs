//! The Cranelift settings of every compilation, native or to an object file: the same
//! optimisation level and verifier choice, plus what each output needs of its own.

use cranelift_codegen::settings::{self, Configurable};

use crate::JitError;

/// Added to the settings of the ISA that compiles code a run executes once (the
/// initials): Cranelift's single-pass register allocator takes about half the time of
/// its default on C-LEARN's initials, and its slower code runs once a run. Register
/// allocation never changes a value.
pub(crate) const RUN_ONCE: (&str, &str) = ("regalloc_algorithm", "single_pass");

/// Shared settings, then `own` (`(name, value)` pairs) on top.
pub(crate) fn flags(own: &[(&str, &str)]) -> Result<settings::Flags, JitError> {
    // The IR verifier costs about as much as code generation; debug builds (and so
    // every test) keep it on.
    let verifier = if cfg!(debug_assertions) { "true" } else { "false" };
    let mut builder = settings::builder();
    for &(name, value) in [("opt_level", "speed"), ("enable_verifier", verifier)].iter().chain(own) {
        builder.set(name, value).map_err(|e| JitError::Target(format!("setting `{name}` to `{value}`: {e}")))?;
    }
    Ok(settings::Flags::new(builder))
}
