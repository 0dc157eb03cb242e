//! Shared helpers of the benchmarks: the models they run.

use std::path::PathBuf;

/// The models every benchmark runs: (short name, path).
pub fn models() -> Vec<(&'static str, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    vec![
        ("teacup", root.join("examples/teacup.xmile")),
        ("sir", root.join("tests/corpus/cases/xmile/sir/SIR.xmile")),
        ("world3", root.join("tests/models/world3/world3.xmile")),
    ]
}
