//! Millrace facade (being written).
pub use millrace_engine as engine;
