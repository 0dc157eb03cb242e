//! Run-constant hoisting (`engine/src/compile/hoist.rs`): a compiled program computes
//! its run-constant flows once per run, and again after a `set_value`. Its every
//! observable bit must be those of the same program with the hoisted statements run at
//! the head of every step's flows (`Program::unhoisted`), on every backend, through
//! `set_value` mid-run, `reset` and each integration method.

mod common;

use millrace::engine::ir::{Expr, Phase, Program, Stmt};
use millrace::{Backend, Model, Simulation};
use proptest::prelude::*;
use proptest::sample::select;

/// Flows that are run-constant whole (`Inflow`, `Start level`), that hold run-constant
/// parts (`Outflow`, `Late`, `Shared`), and that are not (`Clock`).
const MODEL: &str = r#"
<stock name="Level"><eqn>100</eqn><inflow>Inflow</inflow><outflow>Outflow</outflow></stock>
<flow name="Inflow"><eqn>Rate * LN(Scale) / LN(10)</eqn></flow>
<flow name="Outflow"><eqn>Level * (1 - EXP(-Drain / Scale))</eqn></flow>
<aux name="Rate"><eqn>3</eqn></aux>
<aux name="Scale"><eqn>1000</eqn></aux>
<aux name="Drain"><eqn>0.5</eqn></aux>
<aux name="Start level"><eqn>INIT(Level) * 2</eqn></aux>
<aux name="Late"><eqn>IF TIME > 5 THEN SQRT(Scale) ELSE Rate</eqn></aux>
<aux name="Shared"><eqn>LN(10) + Level</eqn></aux>
<aux name="Clock"><eqn>TIME * Rate</eqn></aux>
"#;

fn model(method: &str) -> Model {
    let text =
        common::xmile(0.0, 10.0, 0.25, MODEL).replace("<sim_specs>", &format!("<sim_specs method=\"{method}\">"));
    common::compile(&text)
}

fn slot(p: &Program, name: &str) -> u32 {
    p.layout.find(name).unwrap_or_else(|| panic!("no variable {name}")).slot
}

fn assigned(stmts: &[Stmt]) -> Vec<u32> {
    stmts.iter().filter_map(|s| if let Stmt::Assign { off, .. } = s { Some(*off) } else { None }).collect()
}

#[test]
fn run_constant_flows_and_subexpressions_are_hoisted_and_nothing_else() {
    let model = model("euler");
    let p = model.program();
    let root = p.module(p.root);
    let hoisted = assigned(&root.parts(Phase::Hoisted)[0]);
    let flows = assigned(&root.parts(Phase::Flows)[0]);
    for whole in ["Inflow", "Start level"] {
        assert!(hoisted.contains(&slot(p, whole)), "{whole} is run-constant: {hoisted:?}");
        assert!(!flows.contains(&slot(p, whole)), "{whole} is still computed every step");
    }
    for partly in ["Outflow", "Late", "Shared", "Clock"] {
        assert!(flows.contains(&slot(p, partly)), "{partly} varies, so it stays in the flows");
        assert!(!hoisted.contains(&slot(p, partly)), "{partly} varies but was hoisted");
    }
    // -Drain / Scale, SQRT(Scale) and LN(10) (one slot for both of its uses) get slots
    // of their own after the variables'.
    let unhoisted = p.unhoisted();
    let new: Vec<u32> = hoisted.iter().copied().filter(|&s| p.layout.vars.iter().all(|v| v.slot != s)).collect();
    assert_eq!(new.len(), 3, "new slots {new:?}\n{}", p.dump());
    assert_eq!(unhoisted.module(unhoisted.root).parts(Phase::Hoisted)[0].len(), 0);
    p.verify().expect("the hoisted program verifies");
    unhoisted.verify().expect("the unhoisted program verifies");
}

/// What one scenario does to a simulation, step by step.
type Scenario = fn(&mut dyn Simulation);

fn set(sim: &mut dyn Simulation, name: &str, v: f64) {
    sim.set_by_name(name, v).unwrap();
}

const SCENARIOS: [(&str, Scenario); 4] = [
    ("one run", |s| s.run_to_end().unwrap()),
    ("set before the start", |s| {
        set(s, "Scale", 50.0);
        s.run_to_end().unwrap();
    }),
    ("set mid-run, twice", |s| {
        s.run_to(3.0).unwrap();
        set(s, "Scale", 50.0);
        s.run_to(6.0).unwrap();
        set(s, "Rate", 7.0);
        set(s, "Drain", 0.1);
        s.run_to_end().unwrap();
    }),
    ("set mid-run, reset, run again", |s| {
        s.run_to(2.0).unwrap();
        set(s, "Rate", -1.0);
        s.run_to(4.0).unwrap();
        s.reset().unwrap();
        s.run_to_end().unwrap();
    }),
];

/// Runs `scenario` on the vm with `hoisted` unhoisted (`Program::unhoisted`), then on
/// each of `backends` with `hoisted`: each must show every live and saved value of the
/// first (as `common::same_bits`). Returns the first difference, naming `what`.
fn same_as_unhoisted(
    hoisted: &Model,
    backends: &[Backend],
    scenario: impl Fn(&mut dyn Simulation),
    what: &str,
) -> Result<(), String> {
    let unhoisted = Model::from_program(hoisted.program().unhoisted());
    let mut oracle = unhoisted.simulation(Backend::Vm).unwrap();
    scenario(&mut *oracle);
    let want = values(&*oracle);
    for &backend in backends {
        let mut sim = hoisted.simulation(backend).unwrap();
        scenario(&mut *sim);
        let got = values(&*sim);
        if got.len() != want.len() || got.iter().zip(&want).any(|(&a, &b)| !common::same_bits(a, b)) {
            return Err(format!("{what}: {} differs from the unhoisted vm", backend.name()));
        }
    }
    Ok(())
}

/// Every live and saved value of `sim`.
fn values(sim: &dyn Simulation) -> Vec<f64> {
    let n = sim.program().layout.n_slots;
    let mut v: Vec<f64> = (0..n).map(|s| sim.get_value(s).unwrap()).collect();
    for s in 0..n {
        v.extend(sim.series(s).unwrap());
    }
    v
}

#[test]
fn hoisted_programs_give_the_bits_of_running_every_flow_every_step() {
    for method in ["euler", "rk2", "rk4"] {
        let hoisted = model(method);
        let unhoisted = Model::from_program(hoisted.program().unhoisted());
        for (what, scenario) in SCENARIOS {
            for (form, m) in [("hoisted", &hoisted), ("unhoisted", &unhoisted)] {
                same_as_unhoisted(m, &Backend::ALL, scenario, &format!("{method}, {what}, {form}")).unwrap();
            }
        }
    }
}

#[test]
fn a_set_value_mid_run_reaches_the_hoisted_flows_from_the_next_step() {
    for backend in Backend::ALL {
        let model = model("euler");
        let mut sim = model.simulation(backend).unwrap();
        sim.run_to(3.0).unwrap();
        let before = sim.get_by_name("Inflow").unwrap();
        set(&mut *sim, "Rate", 6.0);
        // Not before the next step's flows: the live value is the last flows'.
        assert_eq!(sim.get_by_name("Inflow").unwrap(), before, "{}", backend.name());
        sim.run_to(3.25).unwrap();
        assert_eq!(sim.get_by_name("Inflow").unwrap(), 2.0 * before, "{}", backend.name());
    }
}

/// Real models: WORLD3 (both forms) on every backend, hoisted against unhoisted with a
/// policy constant changed mid-run.
#[test]
fn world3_hoisted_matches_unhoisted_through_a_mid_run_change() {
    for path in ["tests/models/world3/world3.xmile", "tests/models/world3/wrld3-03.mdl"] {
        let hoisted = Model::open(std::path::Path::new(path)).unwrap();
        let p = hoisted.program();
        assert!(!p.module(p.root).parts(Phase::Hoisted)[0].is_empty(), "{path}: nothing hoisted");
        // A constant that a hoisted flow reads, so that the change must reach it.
        let hoisted_reads = |slot: u32| {
            p.module(p.root).parts(Phase::Hoisted)[0]
                .iter()
                .any(|st| st.exprs().any(|e| e.any(&mut |n| matches!(n, Expr::Load(s) if *s == slot))))
        };
        let constant = p.layout.vars.iter().find(|v| p.layout.overridable[v.slot as usize] && hoisted_reads(v.slot));
        let constant = constant.unwrap_or_else(|| panic!("{path}: no hoisted flow reads a constant"));
        let scenario = |sim: &mut dyn Simulation| {
            sim.run_to(1990.0).unwrap();
            let v = sim.get_value(constant.slot).unwrap();
            sim.set_value(constant.slot, v * 1.5).unwrap();
            sim.run_to_end().unwrap();
        };
        same_as_unhoisted(&hoisted, &Backend::ALL, scenario, path).unwrap();
    }
}

/// C-LEARN hoists the most (its INIT copies and constant element arithmetic): hoisted
/// against unhoisted on the vm and the jit.
#[test]
fn clearn_hoisted_matches_unhoisted() {
    let hoisted = Model::open(std::path::Path::new("tests/models/clearn/clearn.xmile")).unwrap();
    let p = hoisted.program();
    assert!(p.module(p.root).parts(Phase::Hoisted)[0].len() > 500, "C-LEARN hoists hundreds of flows");
    let run = |sim: &mut dyn Simulation| sim.run_to_end().unwrap();
    same_as_unhoisted(&hoisted, &[Backend::Vm, Backend::Jit], run, "C-LEARN").unwrap();
}

/// A random flow over the constants `c0..c3`, literals, the stock, its INIT, TIME and DT:
/// run-constant whole, in parts, or not at all.
fn equation() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => select(vec!["c0", "c1", "c2", "c3"]).prop_map(String::from),
        2 => (-4i32..=8).prop_map(|n| format!("{:?}", f64::from(n) * 0.5)),
        1 => select(vec!["TIME", "Level", "INIT(Level)", "DT"]).prop_map(String::from),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            4 => (inner.clone(), select(vec!["+", "-", "*", "/"]), inner.clone())
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            2 => (select(vec!["LN", "EXP", "SQRT", "ABS", "INT"]), inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            1 => (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("(IF {c} > 1 THEN {a} ELSE {b})")),
            1 => (inner.clone(), inner).prop_map(|(a, b)| format!("MIN({a}, {b})")),
        ]
    })
}

/// The model of four random equations (`a1` and `a2` also read the one before, so a
/// hoisted flow can read another), and its text.
fn random_model(eqns: &[String], method: &str) -> String {
    let vars = format!(
        r#"<stock name="Level"><eqn>10</eqn><inflow>Inflow</inflow></stock>
<flow name="Inflow"><eqn>{}</eqn></flow>
<aux name="a0"><eqn>{}</eqn></aux>
<aux name="a1"><eqn>{} * a0</eqn></aux>
<aux name="a2"><eqn>{} + a1</eqn></aux>
<aux name="c0"><eqn>2</eqn></aux><aux name="c1"><eqn>0.5</eqn></aux>
<aux name="c2"><eqn>-3</eqn></aux><aux name="c3"><eqn>7.25</eqn></aux>"#,
        common::escape(&eqns[0]),
        common::escape(&eqns[1]),
        common::escape(&eqns[2]),
        common::escape(&eqns[3])
    );
    common::xmile(0.0, 6.0, 0.5, &vars).replace("<sim_specs>", &format!("<sim_specs method=\"{method}\">"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random run-constant and partly constant flows, two constants changed at random
    /// points of the run: every backend's hoisted program shows the bits of the
    /// unhoisted vm.
    #[test]
    fn random_flows_with_mid_run_changes_match_the_unhoisted_vm(
        eqns in proptest::collection::vec(equation(), 4),
        method in select(vec!["euler", "rk2", "rk4"]),
        sets in proptest::collection::vec((0.0..6.0f64, 0usize..4, -4.0..4.0f64), 0..3),
    ) {
        let text = random_model(&eqns, method);
        let hoisted = common::compile(&text);
        let scenario = |sim: &mut dyn Simulation| {
            for &(t, c, v) in &sets {
                sim.run_to(t).unwrap();
                set(sim, &format!("c{c}"), v);
            }
            sim.run_to_end().unwrap();
        };
        let outcome = same_as_unhoisted(&hoisted, &Backend::ALL, scenario, &text);
        prop_assert!(outcome.is_ok(), "{}", outcome.unwrap_err());
    }
}
