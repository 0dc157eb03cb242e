//! The functions generated code calls by name: the host functions of
//! `millrace_engine::numerics` (one implementation for every backend) under
//! `millrace_<name>`. In process they are bound to the Rust functions' addresses; an
//! object file imports them and its host (the C driver in tests) defines them.

use millrace_engine::numerics::HostFn;

/// The symbol generated code calls for a host function.
pub fn symbol(f: HostFn) -> String {
    format!("millrace_{}", f.import_name())
}

/// Every host function with its symbol and address (for the in-process JIT).
pub fn host_symbols() -> Vec<(String, *const u8)> {
    HostFn::ALL.iter().map(|&f| (symbol(f), f.address())).collect()
}

/// libc functions Cranelift may call itself (`floor` becomes a libcall on x86-64
/// without SSE4.1): bound explicitly so that nothing depends on symbol lookup.
pub fn libcall_symbols() -> Vec<(&'static str, *const u8)> {
    extern "C" fn floor(x: f64) -> f64 {
        x.floor()
    }
    extern "C" fn ceil(x: f64) -> f64 {
        x.ceil()
    }
    extern "C" fn trunc(x: f64) -> f64 {
        x.trunc()
    }
    extern "C" fn nearbyint(x: f64) -> f64 {
        x.round_ties_even()
    }
    /// The stepping loop copies rows with `memcpy` (cranelift-frontend's libcall).
    unsafe extern "C" fn memcpy(to: *mut u8, from: *const u8, n: usize) -> *mut u8 {
        // SAFETY: generated code passes non-overlapping ranges of `n` valid bytes.
        unsafe { std::ptr::copy_nonoverlapping(from, to, n) };
        to
    }
    vec![
        ("memcpy", memcpy as *const u8),
        ("floor", floor as *const u8),
        ("ceil", ceil as *const u8),
        ("trunc", trunc as *const u8),
        ("nearbyint", nearbyint as *const u8),
    ]
}
