//! The models of the matrix: every corpus file that passes conformance, WORLD3, the
//! bundled examples, and generated models (register pressure, shared code).

use std::path::{Path, PathBuf};

use millrace::{Method, Model, SpecOverrides};

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
    generated_texts()
        .into_iter()
        .map(|(name, text)| Row {
            name: format!("generated: {name}"),
            model: Model::from_str(&text, name).unwrap_or_else(|e| panic!("{name}: {e}")),
        })
        .collect()
}

/// The generated models' names and texts.
fn generated_texts() -> Vec<(&'static str, String)> {
    vec![
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
        ("Vensim lookup and vector functions", generate::vensim_lookup_and_vector_functions()),
    ]
}

/// The same models under Runge-Kutta: WORLD3 under RK2 and RK4, every corpus model,
/// example and generated model under RK4 (each stage is a part of every module's stocks
/// phase, so a stage that a backend ran in another order or skipped shows here).
pub fn runge_kutta() -> Vec<Row> {
    let with = |path: &Path, method: Method| {
        let specs = SpecOverrides { method: Some(method), ..SpecOverrides::default() };
        let model = Model::open_with_specs(path, &specs).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.strip_prefix(root()).unwrap_or(path).display();
        Row { name: format!("{} under {}", name, method.name()), model }
    };
    let world3 = root().join("tests/models/world3/world3.xmile");
    let mut rows = vec![with(&world3, Method::Rk2), with(&world3, Method::Rk4)];
    let list = std::fs::read_to_string(root().join("tests/conformance/passing.txt")).expect("the passing list reads");
    let cases = root().join("tests/corpus/cases");
    rows.extend(PassingList::parse(&list).paths().map(|l| with(&cases.join(l), Method::Rk4)));
    rows.extend(large_and_examples().into_iter().skip(1).map(|r| with(&root().join(&r.name), Method::Rk4)));
    // The XMILE ones (a `.mdl` text has no <sim_specs>).
    for (name, text) in generated_texts().into_iter().filter(|(_, t)| t.contains("<sim_specs")) {
        assert!(!text.contains("method="), "{name} names its method");
        let text = text.replacen("<sim_specs", "<sim_specs method=\"RK4\"", 1);
        let model = Model::from_str(&text, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        rows.push(Row { name: format!("generated: {name} under rk4"), model });
    }
    rows
}
