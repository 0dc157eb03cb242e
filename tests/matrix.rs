//! The three-way parity matrix: rows of (model, scenario) x backends. For every row,
//! every value every backend shows after every operation (each slot's live value, the
//! saved-row count, the outcome) and every saved series must be the vm's bytes.
//!
//! Models: every corpus file that passes conformance, WORLD3, the examples, and
//! generated models (values live across hundreds of calls, wide calls, deep IFs,
//! hundreds of equations, random expressions of every operator, deep nesting, a large
//! submodel shared by five instances, a submodel x30, every stdlib function x12).
//! The same models again under RK4 (WORLD3 under RK2 too).
//! Scenarios (`matrix/scenario.rs`): plain run, run_to in segments, set_value mid-run,
//! two instances overridden differently, reset after overrides, clear_values then
//! reset, run_to again on a full slab. Plus the seed cases as named tests.

#[path = "matrix/check.rs"]
mod check;
mod common;
#[allow(dead_code)] // the matrix reads the passing list only
#[path = "support/manifest.rs"]
mod manifest;
#[path = "common/observe.rs"]
mod observation;
#[path = "matrix/rows.rs"]
mod rows;
#[path = "matrix/scenario.rs"]
mod scenario;

use millrace::{Backend, Model, Simulation};

/// Runs every scenario of every row; reports all differences at once.
fn run_rows(group: &str, rows: Vec<rows::Row>) {
    let mut failures = Vec::new();
    let (mut count, mut values) = (0, 0);
    for row in &rows {
        for scenario in scenario::scenarios(row.model.program()) {
            count += 1;
            match check::check(&row.model, &scenario) {
                Ok(n) => values += n,
                Err(e) => failures.push(format!("{} x {}: {e}", row.name, scenario.name)),
            }
        }
    }
    println!(
        "matrix, {group}: {} models, {count} rows (model x scenario) x {} backends, {values} values compared with the vm",
        rows.len(),
        Backend::ALL.len()
    );
    assert!(failures.is_empty(), "{} rows differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn matrix_corpus() {
    run_rows("corpus", rows::corpus());
}

#[test]
fn matrix_world3_and_examples() {
    run_rows("WORLD3 and examples", rows::large_and_examples());
}

#[test]
fn matrix_generated() {
    run_rows("generated", rows::generated());
}

#[test]
fn matrix_runge_kutta() {
    run_rows("RK2 and RK4", rows::runge_kutta());
}

fn two_instances() -> Model {
    Model::open(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/two_instances.xmile").as_ref()).unwrap()
}

/// Seed case: overriding two instances of one submodel differently gives 107 and 207
/// on every backend (Simlin's VM gives 207 and 207).
#[test]
fn seed_distinct_overrides_of_two_instances() {
    for backend in Backend::ALL {
        let mut sim = two_instances().simulation(backend).unwrap();
        sim.set_by_name("sub0.k", 100.0).unwrap();
        sim.set_by_name("sub1.k", 200.0).unwrap();
        sim.run_to_end().unwrap();
        assert_eq!(sim.get_by_name("sub0.out").unwrap(), 107.0, "{}", backend.name());
        assert_eq!(sim.get_by_name("sub1.out").unwrap(), 207.0, "{}", backend.name());
        assert_eq!(sim.get_by_name("total").unwrap(), 314.0, "{}", backend.name());
        // Reset re-applies both overrides; clear_values then reset gives 12 and 12.
        sim.reset().unwrap();
        sim.run_to_end().unwrap();
        assert_eq!(sim.get_by_name("sub0.out").unwrap(), 107.0, "{}", backend.name());
        assert_eq!(sim.get_by_name("sub1.out").unwrap(), 207.0, "{}", backend.name());
        sim.clear_values().unwrap();
        sim.reset().unwrap();
        sim.run_to_end().unwrap();
        assert_eq!(sim.get_by_name("sub0.out").unwrap(), 12.0, "{}", backend.name());
        assert_eq!(sim.get_by_name("sub1.out").unwrap(), 12.0, "{}", backend.name());
    }
}

/// Seed case: reset re-applies the overrides (and only them).
#[test]
fn seed_reset_reapplies_overrides() {
    for backend in Backend::ALL {
        let mut sim = two_instances().simulation(backend).unwrap();
        sim.set_by_name("sub0.k", 100.0).unwrap();
        sim.run_to(2.0).unwrap();
        sim.reset().unwrap();
        assert_eq!(sim.get_by_name("sub0.k").unwrap(), 100.0, "{}: marked constant re-applied", backend.name());
        assert_eq!(
            sim.get_by_name("sub1.k").unwrap(),
            5.0,
            "{}: before the start an unmarked constant reads its default (drive::live_value)",
            backend.name()
        );
        sim.run_to_end().unwrap();
        assert_eq!(sim.series_by_name("sub0.out").unwrap(), vec![107.0; 5], "{}", backend.name());
        assert_eq!(sim.series_by_name("sub1.out").unwrap(), vec![12.0; 5], "{}", backend.name());
    }
}

/// Seed case: a second run_to_end on a full slab changes nothing anyone can observe.
#[test]
fn seed_second_run_to_end_on_a_full_slab_changes_nothing() {
    for backend in Backend::ALL {
        let mut sim = two_instances().simulation(backend).unwrap();
        sim.run_to_end().unwrap();
        let n = sim.program().layout.n_slots;
        let snapshot = |s: &dyn Simulation| -> Vec<Vec<u64>> {
            (0..n)
                .map(|slot| {
                    let mut v: Vec<u64> = s.series(slot).unwrap().iter().map(|x| x.to_bits()).collect();
                    v.push(s.get_value(slot).unwrap().to_bits());
                    v
                })
                .collect()
        };
        let before = (snapshot(&*sim), sim.saved_rows());
        sim.run_to_end().unwrap();
        assert_eq!((snapshot(&*sim), sim.saved_rows()), before, "{}", backend.name());
    }
}

/// The generated rows are what they claim to be.
#[test]
fn generators_make_what_they_claim() {
    use common::generate;
    let largest = |text: &str| {
        let model = common::compile(text);
        let program = model.program();
        program.modules.iter().flat_map(|m| m.all_stmts()).flat_map(|s| s.exprs()).map(|e| e.size()).max().unwrap_or(0)
    };
    assert!(largest(&generate::random_expressions(1, 4, 7)) > 300, "random expressions have hundreds of nodes");
    assert!(largest(&generate::live_across_calls()) > 1000, "chains of 200 calls");
    let model = common::compile(&generate::large_shared_submodel());
    let sub = model.program().modules.iter().find(|m| m.name.starts_with("big")).expect("the shared definition");
    assert!(sub.flows.iter().map(Vec::len).sum::<usize>() > 64, "too big for the jit to inline");
    let model = common::compile(&generate::many_submodel_instances(30));
    assert_eq!(model.program().modules.len(), 2, "thirty instances share one definition");
    let overridable =
        model.program().layout.vars.iter().filter(|v| model.program().layout.overridable[v.slot as usize]);
    assert!(overridable.filter(|v| v.name.ends_with(".k")).count() == 30, "each instance has its own k");

    let model = common::compile(&generate::arrayed_register_heavy());
    let layout = &model.program().layout;
    assert_eq!(layout.vars.iter().filter(|v| v.output && v.name.starts_with("cube[")).count(), 12 * 5 * 3);
    assert!(largest(&generate::arrayed_register_heavy()) > 100, "wide element expansions");
    let model = common::compile(&generate::arrayed_instances());
    let layout = &model.program().layout;
    let per_element = layout.vars.iter().filter(|v| layout.overridable[v.slot as usize] && v.name.contains(".k["));
    assert_eq!(per_element.count(), 3 * 4, "each instance has its own k[d1] .. k[d4]");
    let model = common::compile(&generate::vensim_lookup_and_vector_functions());
    let helpers = |prefix: &str| model.program().layout.vars.iter().filter(|v| v.name.starts_with(prefix)).count();
    assert!(helpers("inv#arg") >= 2, "LOOKUP INVERT's chain of 149 segments is cut into helpers");
    assert!(helpers("area#arg") >= 4, "so are LOOKUP AREA's two chains, with its bound argument");
}

/// Seed case: one element of an arrayed constant overridden differently in two
/// instances of a submodel, on every backend.
#[test]
fn seed_distinct_element_overrides_of_arrayed_instances() {
    let model = common::compile(&common::generate::arrayed_instances());
    let mut outs = Vec::new();
    for backend in Backend::ALL {
        let mut sim = model.simulation(backend).unwrap();
        sim.set_by_name("sub0.k[d2]", 20.0).unwrap();
        sim.set_by_name("sub1.k[d2]", -5.0).unwrap();
        sim.run_to_end().unwrap();
        let out: Vec<u64> =
            ["sub0.out", "sub1.out", "sub2.out"].iter().map(|n| sim.get_by_name(n).unwrap().to_bits()).collect();
        assert_eq!(sim.get_by_name("sub0.k[d2]").unwrap(), 20.0, "{}", backend.name());
        assert_ne!(out[0], out[1], "{}: the instances differ", backend.name());
        assert_ne!(out[1], out[2], "{}: the third keeps its default", backend.name());
        outs.push(out);
    }
    assert!(outs.windows(2).all(|w| w[0] == w[1]), "every backend gives the vm's bits: {outs:?}");
}
