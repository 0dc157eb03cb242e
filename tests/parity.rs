//! Every backend writes the vm's CSV, byte for byte, for every corpus model file that
//! passes conformance, WORLD3 and the bundled examples. On a difference the message
//! names the first differing variable, row and both values.

use std::path::{Path, PathBuf};

use millrace::{Backend, Model, Results};

fn corpus_models() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let list = std::fs::read_to_string(root.join("tests/conformance/passing.txt")).expect("the passing list reads");
    let mut models: Vec<PathBuf> = list
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| root.join("tests/corpus/cases").join(l))
        .collect();
    models.push(root.join("tests/models/world3/world3.xmile"));
    for example in std::fs::read_dir(root.join("examples")).expect("examples/ reads") {
        let path = example.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "xmile" || e == "stmx") {
            models.push(path);
        }
    }
    models
}

fn csv(results: &Results) -> Vec<u8> {
    let mut out = Vec::new();
    results.write_csv(&mut out).expect("writing to memory");
    out
}

/// The first cell where `a` and `b` differ, described.
fn first_difference(a: &Results, b: &Results) -> String {
    if a.names != b.names {
        return format!("columns differ: {:?} vs {:?}", a.names, b.names);
    }
    if a.rows.len() != b.rows.len() {
        return format!("{} rows vs {}", a.rows.len(), b.rows.len());
    }
    for (r, (ra, rb)) in a.rows.iter().zip(&b.rows).enumerate() {
        for (c, (x, y)) in ra.iter().zip(rb).enumerate() {
            if x.to_bits() != y.to_bits() && !(x.is_nan() && y.is_nan()) {
                return format!("`{}` at row {r} (time {}): {x:?} vs {y:?}", a.names[c], ra[0]);
            }
        }
    }
    "the CSV text differs though every value is the same".into()
}

#[test]
fn every_backend_writes_the_vms_csv() {
    let models = corpus_models();
    assert!(models.len() > 40, "{} models", models.len());
    let mut failures = Vec::new();
    for path in &models {
        let model = Model::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let vm = model.run(Backend::Vm, &[]).expect("the vm runs");
        for backend in Backend::ALL.into_iter().filter(|&b| b != Backend::Vm) {
            match model.run(backend, &[]) {
                Ok(r) if csv(&r) == csv(&vm) => {}
                Ok(r) => {
                    failures.push(format!("{} on {}: {}", path.display(), backend.name(), first_difference(&vm, &r)))
                }
                Err(e) => failures.push(format!("{} on {}: {e}", path.display(), backend.name())),
            }
        }
    }
    println!("{} models x {} backends compared with the vm", models.len(), Backend::ALL.len() - 1);
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}
