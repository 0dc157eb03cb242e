//! What only the wasm backend has: wasm32's memory limit (a clean error, never a
//! silent fallback to the vm), and one compiled blob shared by many simulations.
//! (Parity with the vm is in `matrix.rs`, `edge_values.rs` and `live_state.rs`, on every
//! backend.)

mod common;

use std::path::Path;

use millrace::{Backend, Model};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn a_model_too_large_for_wasm32_is_a_clean_error() {
    // 76,695,844 rows of 7 slots (6 globals and `a`): just under the engine's 4 GiB cap
    // on results, but with the other regions beyond what a wasm32 memory can address.
    let text = common::xmile(0.0, 76_695_843.0, 1.0, &common::auxes(&[("a", "TIME")]));
    let model = common::compile(&text);
    let err = model.wasm_blob().unwrap_err().to_string();
    assert!(err.contains("results") && err.contains("4 GiB"), "{err}");
    let err = model.simulation(Backend::Wasm).err().expect("no silent fallback to the vm").to_string();
    assert!(err.contains("cannot lower"), "{err}");
}

#[test]
fn a_model_compiles_once_for_many_simulations() {
    let model = Model::open(&Path::new(ROOT).join("examples/teacup.xmile")).unwrap();
    let first = model.wasm_module().unwrap() as *const _;
    let clone = model.clone();
    for _ in 0..3 {
        let mut sim = clone.simulation(Backend::Wasm).unwrap();
        sim.run_to_end().unwrap();
    }
    assert_eq!(first, clone.wasm_module().unwrap() as *const _, "clones share the compiled module");
}
