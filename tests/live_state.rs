//! The live-state contract of `docs/design.md`: set_value, run_to, reset, clear_values,
//! get_value, series. Every scenario runs on every backend (`Backend::ALL`: vm, wasm,
//! jit), and what each backend observes must be the vm's bytes.

mod common;

use millrace::engine::SimError;
use std::sync::LazyLock;

use millrace::{Backend, Model, Simulation};

/// A stock drained toward a room temperature, with a constant stock initial value.
const TEACUP: &str = r#"
<stock name="Teacup Temperature"><eqn>180</eqn><outflow>Heat Loss</outflow></stock>
<flow name="Heat Loss"><eqn>(Teacup_Temperature - Room_Temperature) / Characteristic_Time</eqn></flow>
<aux name="Room Temperature"><eqn>70</eqn></aux>
<aux name="Characteristic Time"><eqn>10</eqn></aux>
<aux name="Doubled Room"><eqn>Room_Temperature * 2</eqn></aux>
"#;

/// Declares a test whose body runs once per backend, with `$b` bound to it.
macro_rules! every_backend {
    ($(#[$doc:meta])* fn $name:ident($b:ident) $body:block) => {
        $(#[$doc])*
        #[test]
        fn $name() {
            for $b in Backend::ALL {
                $body
            }
        }
    };
}

/// The models, compiled once for the whole test binary: each backend generates its
/// code once and every simulation of a model shares it.
static TEACUP_MODEL: LazyLock<Model> = LazyLock::new(|| common::compile(&common::xmile(0.0, 10.0, 0.5, TEACUP)));
static STATEFUL_MODEL: LazyLock<Model> = LazyLock::new(|| common::compile(&stateful_text()));

fn teacup(backend: Backend) -> Box<dyn Simulation + Send> {
    TEACUP_MODEL.simulation(backend).unwrap()
}

/// Runs one simulation of `make` to the end and another through `run_to` each of
/// `times`; asserts both observe the same bytes, and returns the first.
fn segments_equal_one_run(make: impl Fn() -> Box<dyn Simulation + Send>, times: &[f64]) -> Box<dyn Simulation + Send> {
    let mut one = make();
    one.run_to_end().unwrap();
    let mut seg = make();
    for &t in times {
        seg.run_to(t).unwrap();
    }
    assert_eq!(observe(&*one), observe(&*seg));
    one
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// Every observable byte of a simulation: live values of all slots and all saved rows.
fn observe(sim: &dyn Simulation) -> (Vec<u64>, usize, Vec<Vec<u64>>) {
    let n = sim.program().layout.n_slots;
    let live = (0..n).map(|s| sim.get_value(s).unwrap().to_bits()).collect();
    let rows = (0..n).map(|s| bits(&sim.series(s).unwrap())).collect();
    (live, sim.saved_rows(), rows)
}

every_backend! {
    fn set_value_mirrors_into_live_state(b) {
        let mut s = teacup(b);
        s.set_by_name("Room Temperature", 50.0).unwrap();
        assert_eq!(s.get_by_name("room_temperature").unwrap(), 50.0);
        s.run_to_end().unwrap();
        assert_eq!(s.get_by_name("Room Temperature").unwrap(), 50.0);
        assert_eq!(s.get_by_name("Doubled Room").unwrap(), 100.0);
    }
}

every_backend! {
    /// Before the first run_to and after reset (`drive::live_value`): TIME is the start
    /// time, DT the step, a constant its current value, anything computed NaN (it has no
    /// value yet; never a 0 that looks like one).
    fn a_read_before_the_start_gives_what_is_known_and_nan_for_the_rest(b) {
        let model = common::compile(&common::xmile(1900.0, 1910.0, 0.5, TEACUP));
        let mut s = model.simulation(b).unwrap();
        assert_eq!(s.get_by_name("TIME").unwrap(), 1900.0, "{}", b.name());
        assert_eq!(s.get_by_name("DT").unwrap(), 0.5);
        assert_eq!(s.get_by_name("FINAL TIME").unwrap(), 1910.0);
        assert_eq!(s.get_by_name("Characteristic Time").unwrap(), 10.0);
        assert!(s.get_by_name("Heat Loss").unwrap().is_nan(), "{}", b.name());
        s.set_by_name("Characteristic Time", 4.0).unwrap();
        assert_eq!(s.get_by_name("Characteristic Time").unwrap(), 4.0);
        s.run_to(1905.0).unwrap();
        assert_eq!(s.get_by_name("TIME").unwrap(), 1905.5);
        assert!(!s.get_by_name("Heat Loss").unwrap().is_nan());
        s.reset().unwrap();
        assert_eq!(s.get_by_name("TIME").unwrap(), 1900.0);
        assert_eq!(s.get_by_name("Characteristic Time").unwrap(), 4.0, "the override survives reset");
        assert_eq!(s.get_by_name("Room Temperature").unwrap(), 70.0);
        assert!(s.get_by_name("Doubled Room").unwrap().is_nan());
    }
}

every_backend! {
    fn only_constants_can_be_set_and_errors_name_the_variable(b) {
        let mut s = teacup(b);
        match s.set_by_name("Heat Loss", 1.0) {
            Err(SimError::NotOverridable { name, reason }) => {
                assert_eq!(name, "Heat Loss");
                assert!(reason.contains("expression"), "{reason}");
            }
            other => panic!("expected NotOverridable, got {other:?}"),
        }
        assert!(matches!(s.set_by_name("Doubled Room", 1.0), Err(SimError::NotOverridable { .. })));
        assert!(matches!(s.set_by_name("nonexistent", 1.0), Err(SimError::UnknownVariable(..))));
        assert!(matches!(s.set_by_name("TIME", 1.0), Err(SimError::NotOverridable { .. })));
        // A stock's literal initial value is an overridable constant.
        s.set_by_name("Teacup Temperature", 100.0).unwrap();
        s.run_to(0.0).unwrap();
        assert_eq!(s.series_by_name("Teacup Temperature").unwrap()[0], 100.0);
    }
}

every_backend! {
    fn reset_reapplies_marked_constants_and_reads_defaults_before_the_start(b) {
        let mut s = teacup(b);
        s.set_by_name("Room Temperature", 50.0).unwrap();
        s.run_to(3.0).unwrap();
        s.reset().unwrap();
        assert_eq!(s.saved_rows(), 0);
        assert_eq!(s.get_by_name("Room Temperature").unwrap(), 50.0, "marked constant re-applied");
        assert_eq!(s.get_by_name("Characteristic Time").unwrap(), 10.0, "before the start a constant reads its default");
        assert_eq!(s.get_by_name("Teacup Temperature").unwrap(), 180.0, "a literal stock initial is a constant");
        assert!(s.get_by_name("Heat Loss").unwrap().is_nan(), "computed values have none before the start");
        assert_eq!(s.get_by_name("TIME").unwrap(), 0.0);
        s.run_to(0.0).unwrap();
        assert_eq!(s.get_by_name("Characteristic Time").unwrap(), 10.0);
        s.run_to_end().unwrap();
        let mut fresh = teacup(b);
        fresh.set_by_name("Room Temperature", 50.0).unwrap();
        fresh.run_to_end().unwrap();
        assert_eq!(observe(&*s), observe(&*fresh), "override survives reset");
    }
}

every_backend! {
    fn run_to_in_segments_equals_one_run(b) {
        segments_equal_one_run(|| teacup(b), &[0.0, 0.3, 2.5, 2.5, 7.0, 9.9, 10.0, 50.0]);
    }
}

every_backend! {
    fn run_to_stops_at_the_first_step_after_t(b) {
        let mut s = teacup(b);
        s.run_to(2.0).unwrap();
        assert_eq!(s.get_by_name("TIME").unwrap(), 2.5);
        assert_eq!(s.saved_rows(), 6);
        // Flows are evaluated at the step where it stopped.
        let temp = s.get_by_name("Teacup Temperature").unwrap();
        assert_eq!(s.get_by_name("Heat Loss").unwrap(), (temp - 70.0) / 10.0);
        s.run_to(-1.0).unwrap();
        assert_eq!(s.get_by_name("TIME").unwrap(), 2.5, "run_to an earlier time does nothing");
    }
}

every_backend! {
    fn second_run_to_end_on_a_full_slab_changes_nothing(b) {
        let mut s = teacup(b);
        s.run_to_end().unwrap();
        let before = observe(&*s);
        assert_eq!(before.1, 21);
        s.run_to_end().unwrap();
        s.run_to(1e9).unwrap();
        assert_eq!(observe(&*s), before);
    }
}

/// The vm's and the jit's whole memory (every slot, snapshot, buffer and saved row)
/// is untouched by run_to on a finished run. (The wasm backend checks its linear memory.)
#[test]
fn full_memory_is_unchanged_by_run_to_after_the_end() {
    let program = TEACUP_MODEL.program().clone();
    let mut vm = millrace_vm::Vm::new(program.clone()).unwrap().instantiate();
    let mut jit = millrace_jit::Jit::compile(program).unwrap().instantiate();
    vm.run_to_end().unwrap();
    jit.run_to_end().unwrap();
    assert_eq!(vm.memory(), jit.memory(), "the jit's memory is the vm's");
    let before = vm.memory().clone();
    vm.run_to_end().unwrap();
    jit.run_to(1e9).unwrap();
    assert_eq!(vm.memory(), &before);
    assert_eq!(jit.memory(), &before);
}

/// The blob owns its memory: after a completed run, run_to and run_to_end change no byte
/// of it, whatever state the model keeps (stocks, modules, delays, snapshots).
#[test]
fn whole_wasm_memory_is_unchanged_by_run_to_after_the_end() {
    for model in [&*TEACUP_MODEL, &*STATEFUL_MODEL] {
        let mut s = model.wasm_module().unwrap().instantiate().unwrap();
        s.run_to_end().unwrap();
        let before = s.memory_bytes().to_vec();
        s.run_to_end().unwrap();
        s.run_to(1e9).unwrap();
        s.run_to(0.0).unwrap();
        assert!(s.memory_bytes() == before.as_slice(), "run_to after the end wrote to linear memory");
        // And the last row equals the live state, as on the vm.
        let n = s.program().layout.n_slots;
        let last: Vec<u64> = (0..n).map(|k| *s.series(k).unwrap().last().unwrap()).map(f64::to_bits).collect();
        let live: Vec<u64> = (0..n).map(|k| s.get_value(k).unwrap().to_bits()).collect();
        assert_eq!(last, live);
    }
}

every_backend! {
    fn clear_values_then_reset_gives_the_defaults_back(b) {
        let mut s = teacup(b);
        s.set_by_name("Room Temperature", 50.0).unwrap();
        s.set_by_name("Teacup Temperature", 90.0).unwrap();
        s.run_to_end().unwrap();
        s.clear_values().unwrap();
        assert_eq!(s.get_by_name("Room Temperature").unwrap(), 50.0, "clear_values leaves curr untouched");
        s.reset().unwrap();
        assert_eq!(s.get_by_name("Room Temperature").unwrap(), 70.0, "no marks left: the default");
        s.run_to_end().unwrap();
        let mut fresh = teacup(b);
        fresh.run_to_end().unwrap();
        assert_eq!(observe(&*s), observe(&*fresh));
    }
}

every_backend! {
    fn set_value_mid_run_changes_flows_from_the_next_step(b) {
        let mut s = teacup(b);
        s.run_to(4.0).unwrap();
        let k = s.saved_rows();
        s.set_by_name("Room Temperature", 0.0).unwrap();
        s.run_to_end().unwrap();
        let loss = s.series_by_name("Heat Loss").unwrap();
        let temp = s.series_by_name("Teacup Temperature").unwrap();
        // Rows before the change used 70; rows after use 0.
        assert_eq!(loss[k - 1], (temp[k - 1] - 70.0) / 10.0);
        assert_eq!(loss[k], temp[k] / 10.0);
        // And the dependent aux follows.
        assert_eq!(s.series_by_name("Doubled Room").unwrap()[k], 0.0);
    }
}

every_backend! {
    fn series_and_get_reject_unknown_names(b) {
        let s = teacup(b);
        assert!(matches!(s.get_by_name("nope"), Err(SimError::UnknownVariable(..))));
        assert!(matches!(s.series_by_name("nope"), Err(SimError::UnknownVariable(..))));
        assert!(matches!(s.get_value(10_000), Err(SimError::SlotOutOfRange(_))));
    }
}

/// A model with every kind of per-instance state: a stock, a module instance, a stdlib
/// instance, a pipeline delay's ring buffer and a PREVIOUS snapshot.
fn stateful(backend: Backend) -> Box<dyn Simulation + Send> {
    STATEFUL_MODEL.simulation(backend).unwrap()
}

fn stateful_text() -> String {
    let vars = r#"
<stock name="level"><eqn>10</eqn><inflow>fill</inflow></stock>
<flow name="fill"><eqn>rate * (1 + STEP(1, 2))</eqn></flow>
<aux name="rate"><eqn>0.5</eqn></aux>
<aux name="smooth"><eqn>SMTH1(level, 2)</eqn></aux>
<aux name="late"><eqn>DELAY(level, 1.5)</eqn></aux>
<aux name="before"><eqn>PREVIOUS(level, -1)</eqn></aux>
<aux name="scaled"><eqn>m.out</eqn></aux>
<module name="m"><connect to="m.in" from="level"/></module>
"#;
    common::xmile(0.0, 6.0, 0.5, vars).replace(
        "</xmile>",
        r#"<model name="m"><variables>
<aux name="in" access="input"><eqn>0</eqn></aux>
<aux name="gain"><eqn>3</eqn></aux>
<aux name="out"><eqn>in * gain</eqn></aux>
</variables></model></xmile>"#,
    )
}

every_backend! {
    fn segments_equal_one_run_with_modules_delays_and_snapshots(b) {
        let one = segments_equal_one_run(|| stateful(b), &[0.0, 0.1, 1.0, 1.4, 3.3, 3.3, 5.9, 6.0]);
        let late = one.series_by_name("late").unwrap();
        let level = one.series_by_name("level").unwrap();
        assert_eq!(late[5], level[2], "DELAY(level, 1.5) at DT 0.5 is three steps");
        assert_eq!(one.series_by_name("before").unwrap()[0], -1.0);
    }
}

every_backend! {
    fn reset_after_overrides_in_modules_and_stdlib_instances(b) {
        let mut s = stateful(b);
        s.set_by_name("m.gain", 10.0).unwrap();
        s.set_by_name("smooth@SMTH1.averaging_time", 0.5).unwrap();
        s.set_by_name("level", 1.0).unwrap();
        s.run_to(4.0).unwrap();
        s.reset().unwrap();
        assert_eq!(s.get_by_name("m.gain").unwrap(), 10.0);
        assert_eq!(s.get_by_name("rate").unwrap(), 0.5, "before the start an unmarked constant reads its default");
        s.run_to_end().unwrap();
        let mut fresh = stateful(b);
        fresh.set_by_name("m.gain", 10.0).unwrap();
        fresh.set_by_name("smooth@SMTH1.averaging_time", 0.5).unwrap();
        fresh.set_by_name("level", 1.0).unwrap();
        fresh.run_to_end().unwrap();
        assert_eq!(observe(&*s), observe(&*fresh), "a reset run equals a fresh run with the same overrides");
        assert_eq!(s.series_by_name("scaled").unwrap()[0], 10.0);
    }
}

every_backend! {
    fn a_full_slab_stays_untouched_with_every_kind_of_state(b) {
        let mut s = stateful(b);
        s.run_to_end().unwrap();
        let before = observe(&*s);
        s.run_to_end().unwrap();
        s.run_to(100.0).unwrap();
        assert_eq!(observe(&*s), before);
    }
}

/// One scenario touching every entry point, observed after each call: every backend
/// must see exactly the vm's bytes at every point.
#[test]
fn every_backend_observes_the_vms_bytes_throughout() {
    type Step = fn(&mut dyn Simulation);
    let script: &[(&str, Step)] = &[
        ("set before the run", |s| s.set_by_name("rate", 0.75).unwrap()),
        ("run_to 1.2", |s| s.run_to(1.2).unwrap()),
        ("set mid-run", |s| s.set_by_name("m.gain", -2.0).unwrap()),
        ("run_to 3", |s| s.run_to(3.0).unwrap()),
        ("reset", |s| s.reset().unwrap()),
        ("run_to_end", |s| s.run_to_end().unwrap()),
        ("run_to_end again", |s| s.run_to_end().unwrap()),
        ("clear_values", |s| s.clear_values().unwrap()),
        ("reset again", |s| s.reset().unwrap()),
        ("run_to 2.5", |s| s.run_to(2.5).unwrap()),
        ("run_to_end at last", |s| s.run_to_end().unwrap()),
    ];
    let mut sims: Vec<(Backend, Box<dyn Simulation + Send>)> = Backend::ALL.iter().map(|&b| (b, stateful(b))).collect();
    for (what, step) in script {
        let mut seen = Vec::new();
        for (backend, sim) in &mut sims {
            step(&mut **sim);
            seen.push((*backend, observe(&**sim)));
        }
        for (backend, obs) in &seen[1..] {
            assert!(*obs == seen[0].1, "after `{what}`, {} differs from the vm", backend.name());
        }
    }
}
