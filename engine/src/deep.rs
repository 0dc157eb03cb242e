//! Running work that recurses over expressions on a stack sized for the deepest
//! expression a program may hold ([`crate::ir::MAX_EXPR_HEIGHT`]).
//!
//! Lowering and every backend's translation walk expressions recursively; the height
//! bound makes that recursion finite, and this makes it fit: a debug build's jit
//! translator takes over 1 KB a level, more than a 2 MiB thread (Rust's default for
//! spawned threads, and so for test threads) holds at the bound. The stack is only
//! reserved address space: pages are committed as the recursion touches them.

/// The stack of a deep-work thread: at least 4 KiB for each of `MAX_EXPR_HEIGHT` levels,
/// with room for what the callers already use.
pub const DEEP_STACK_BYTES: usize = 64 << 20;

/// Runs `work` on a thread whose stack is [`DEEP_STACK_BYTES`], and returns its value (a
/// panic in `work` is resumed here).
pub fn on_deep_stack<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("millrace-deep".into())
            .stack_size(DEEP_STACK_BYTES)
            .spawn_scoped(scope, work)
            .unwrap_or_else(|e| panic!("cannot start a thread with a {DEEP_STACK_BYTES}-byte stack: {e}"));
        thread.join().unwrap_or_else(|payload| std::panic::resume_unwind(payload))
    })
}
