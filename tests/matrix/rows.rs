//! The models of the matrix: every corpus file that passes conformance, WORLD3, the
//! bundled examples, and generated models (register pressure, shared code).

use std::path::{Path, PathBuf};

use millrace::Model;

use crate::common::generate;
use crate::manifest::PassingList;

pub struct Row {
    pub name: String,
    pub model: Model,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn open(path: &Path) -> Row {
    let model = Model::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.strip_prefix(root()).unwrap_or(path).display().to_string();
    Row { name, model }
}

/// Every corpus model file listed as passing conformance.
pub fn corpus() -> Vec<Row> {
    let list = std::fs::read_to_string(root().join("tests/conformance/passing.txt")).expect("the passing list reads");
    PassingList::parse(&list).paths().map(|l| open(&root().join("tests/corpus/cases").join(l))).collect()
}

/// WORLD3 and the bundled examples.
pub fn large_and_examples() -> Vec<Row> {
    let mut paths: Vec<PathBuf> = vec![root().join("tests/models/world3/world3.xmile")];
    for entry in std::fs::read_dir(root().join("examples")).expect("examples/ reads") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "xmile" || e == "stmx") {
            paths.push(path);
        }
    }
    paths.sort();
    paths.iter().map(|p| open(p)).collect()
}

/// Generated register-heavy and multi-instance models.
pub fn generated() -> Vec<Row> {
    let rows = [
        ("live across calls", generate::live_across_calls()),
        ("wide calls and deep IFs", generate::wide_calls_and_deep_ifs()),
        ("hundreds of equations", generate::hundreds_of_equations()),
        ("random expressions, seed 1", generate::random_expressions(1, 4, 7)),
        ("random expressions, seed 7", generate::random_expressions(7, 4, 7)),
        ("random expressions, seed 12345", generate::random_expressions(12345, 4, 7)),
        ("400-level nesting", generate::deep_nesting()),
        ("large shared submodel x5", generate::large_shared_submodel()),
        ("submodel x30", generate::many_submodel_instances(30)),
        ("every stdlib function x12", generate::many_stdlib_instances(12)),
        ("arrays: 12x5x3, wide expansions", generate::arrayed_register_heavy()),
        ("arrays: arrayed submodel x3", generate::arrayed_instances()),
        ("random functions in a submodel x3", generate::random_functions(3)),
        ("Vensim random functions", generate::vensim_random_functions()),
    ];
    rows.into_iter()
        .map(|(name, text)| Row {
            name: format!("generated: {name}"),
            model: Model::from_str(&text, name).unwrap_or_else(|e| panic!("{name}: {e}")),
        })
        .collect()
}
