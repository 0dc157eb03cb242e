//! The reader against the vendored corpus: every real model file reads (or fails with
//! the arrays error when it uses arrays), and a few files are checked in detail.

use std::path::{Path, PathBuf};

use super::{read_file, read_str};
use crate::datamodel::{Project, VarKind};
use crate::error::Severity;

fn repo_tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests")
}

fn corpus_xmile_dir() -> PathBuf {
    repo_tests_dir().join("corpus/cases/xmile")
}

fn world3_path() -> PathBuf {
    repo_tests_dir().join("models/world3/world3.xmile")
}

/// Every `.xmile`/`.stmx` file under `dir`, sorted.
fn model_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "xmile" || ext == "stmx") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn read(path: &Path) -> Project {
    read_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn case(relative: &str) -> Project {
    read(&corpus_xmile_dir().join(relative))
}

/// Whether the file declares array dimensions (`<dim ...>` anywhere).
fn uses_arrays(path: &Path) -> bool {
    let text = crate::source::decode(&std::fs::read(path).expect("a readable file"));
    text.contains("<dim>") || text.contains("<dim ")
}

#[test]
fn every_corpus_file_reads() {
    let mut files = model_files(&corpus_xmile_dir());
    // The SDEverywhere cases carry XMILE conversions too: more real-world variety.
    let sde = repo_tests_dir().join("corpus/cases/sde");
    if sde.is_dir() {
        files.extend(model_files(&sde));
    }
    files.push(world3_path());
    assert!(files.len() > 50, "the corpus is missing: {} files", files.len());

    let mut arrayed = 0;
    for path in &files {
        let project = read_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let root = project.root_model().unwrap_or_else(|| panic!("{}: no root model", path.display()));
        assert!(!root.variables.is_empty(), "{}: no variables in the root model", path.display());
        if uses_arrays(path) {
            // Every declared dimension is kept, and some variable is arrayed over one.
            assert!(!project.dimensions.is_empty(), "{}: dimensions lost", path.display());
            let any = project.models.iter().flat_map(|m| &m.variables).any(|v| v.array.is_some());
            assert!(any, "{}: no arrayed variable read", path.display());
            arrayed += 1;
        }
    }
    assert!(arrayed > 5, "arrayed files {arrayed}");
}

#[test]
fn teacup() {
    let p = case("teacup/teacup.xmile");
    assert_eq!((p.sim_specs.start, p.sim_specs.stop, p.sim_specs.dt), (0.0, 30.0, 0.125));
    assert_eq!(p.sim_specs.save_step, None);
    let root = p.root_model().expect("a root model");
    let kinds: Vec<_> = root.variables.iter().map(|v| (v.name.as_str(), v.kind.clone())).collect();
    assert_eq!(
        kinds,
        [
            ("Heat Loss to Room", VarKind::Flow),
            ("Room Temperature", VarKind::Aux),
            ("Teacup Temperature", VarKind::Stock { inflows: vec![], outflows: vec!["\"Heat Loss to Room\"".into()] }),
            ("Characteristic Time", VarKind::Aux),
        ]
    );
    let stock = &root.variables[2];
    assert_eq!(stock.eqn.as_ref().map(|e| e.text.as_str()), Some("180"));
    assert!(p.warnings.is_empty());

    // The diagram variant reads to the same variables.
    let diagram = case("teacup/teacup_w_diagram.xmile");
    let names = |p: &Project| -> Vec<String> {
        let root = p.root_model().expect("a root model");
        root.variables.iter().map(|v| v.name.clone()).collect()
    };
    assert_eq!(names(&diagram).len(), 4);
}

#[test]
fn sir_reciprocal_dt() {
    let p = case("sir/SIR_reciprocal-dt.xmile");
    assert_eq!(p.sim_specs.dt, 1.0 / 32.0);
}

#[test]
fn world3() {
    let p = read(&world3_path());
    assert_eq!(p.sim_specs.save_step, Some(0.5));
    assert_eq!((p.sim_specs.start, p.sim_specs.stop), (1900.0, 2100.0));
    let root = p.root_model().expect("a root model");
    let attached = root
        .variables
        .iter()
        .filter(|v| v.kind == VarKind::Aux && v.gf.as_ref().is_some_and(|g| g.name.is_none()))
        .count();
    assert_eq!(attached, 55);
    assert!(root.variables.len() > 200);
}

#[test]
fn non_negative_flows_recovers_the_missing_end_tag() {
    let p = case("non_negative_flows/test_non_negative_flows.xmile");
    let root = p.root_model().expect("a root model");
    for name in ["TestStock2", "TestStock3"] {
        let stock = root.variables.iter().find(|v| v.name == name).unwrap_or_else(|| panic!("{name} is missing"));
        assert!(matches!(stock.kind, VarKind::Stock { .. }));
    }
    let if_else3 = root.variables.iter().find(|v| v.name == "if_else3");
    assert_eq!(if_else3.and_then(|v| v.non_negative), Some(false));
    let if_else2 = root.variables.iter().find(|v| v.name == "if_else2");
    assert_eq!(if_else2.and_then(|v| v.non_negative), Some(true));
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    let w = &p.warnings[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.line, Some(34));
    assert!(w.file.as_deref().is_some_and(|f| f.ends_with("test_non_negative_flows.xmile")));
    assert_eq!(w.message, "<flow> opened at line 34 is not closed before </variables>");
}

#[test]
fn behavior_files_set_the_defaults() {
    let p = case("non_negative_flows/test_non_negative_flows_behavior.xmile");
    assert!(p.behavior.non_negative_flows && !p.behavior.non_negative_stocks);
    let p = case("non_negative_stocks/test_non_negative_stocks_behavior.xmile");
    assert!(p.behavior.non_negative_stocks && !p.behavior.non_negative_flows);
}

#[test]
fn modules_and_macros() {
    let p = case("modules2/modules2.xmile");
    assert_eq!(p.models.len(), 3);
    let root = p.root_model().expect("a root model");
    for v in &root.variables {
        let VarKind::Module { connections, .. } = &v.kind else {
            panic!("{} is not a module", v.name);
        };
        assert_eq!(connections.len(), 1, "connect2 must be ignored");
    }
    let p = case("macro_stock/test_macro_stock.xmile");
    assert_eq!(p.macros.len(), 1);
    assert_eq!(p.macros[0].params, ["input", "parameter"]);
}

#[test]
fn truncated_files_never_panic() {
    for relative in ["modules2/modules2.xmile", "lookups/test_lookups.xmile"] {
        let path = corpus_xmile_dir().join(relative);
        let text = crate::source::decode(&std::fs::read(&path).expect("a readable file"));
        for end in (0..text.len()).step_by(97) {
            let Some(prefix) = text.get(..end) else {
                continue;
            };
            // Only the absence of a panic matters: either outcome is acceptable.
            let _ = read_str(prefix, relative);
        }
        assert!(read_str(&text, relative).is_ok());
    }
}

#[test]
fn damaged_files_never_panic() {
    let path = corpus_xmile_dir().join("lookups/test_lookups_xscale.xmile");
    let text = crate::source::decode(&std::fs::read(&path).expect("a readable file"));
    // Cut one slice out, or swap one character for markup, at many places.
    for at in (0..text.len()).step_by(61) {
        if !text.is_char_boundary(at) {
            continue;
        }
        let mut cut = String::from(&text[..at]);
        if let Some(rest) = text.get((at + 13).min(text.len())..) {
            cut.push_str(rest);
        }
        let _ = read_str(&cut, "cut.xmile");
        for junk in ["<", ">", "&", "\"", "</"] {
            let mut damaged = String::from(&text[..at]);
            damaged.push_str(junk);
            damaged.push_str(&text[at..]);
            let _ = read_str(&damaged, "damaged.xmile");
        }
    }
}
