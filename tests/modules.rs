//! Submodels, stdlib functions and per-instance state (on every backend through
//! `common::run`; the vm where a test reads the program): shared code per
//! module definition, per-instance constants, names, and phase parts.

mod common;

use common::{compile, run, series, xmile};
use millrace::{Backend, Model};

const TWO_INSTANCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/two_instances.xmile");

#[test]
fn instances_of_one_definition_share_its_code() {
    let model = Model::open(TWO_INSTANCES.as_ref()).unwrap();
    let program = model.program();
    assert_eq!(program.modules.len(), 2, "one definition for `sub`, one for the root");
    let evals = program.modules[program.root as usize]
        .all_stmts()
        .filter(|s| matches!(s, millrace::engine::ir::Stmt::EvalModule { module, .. } if *module != program.root))
        .count();
    assert!(evals >= 2, "both instances run the shared definition");
}

#[test]
fn module_variables_are_output_as_instance_dot_name() {
    let model = Model::open(TWO_INSTANCES.as_ref()).unwrap();
    let r = model.run(Backend::Vm, &[]).unwrap();
    assert_eq!(r.names, ["time", "seven", "sub0.in", "sub0.k", "sub0.out", "sub1.in", "sub1.k", "sub1.out", "total"]);
}

/// outer contains inner; both the root and outer read `inner.k`.
const NESTED: &str = r#"
<aux name="x"><eqn>outer.inner.k * 2</eqn></aux>
<module name="outer"/>
"#;

fn nested_xmile() -> String {
    let text = xmile(0.0, 2.0, 1.0, NESTED);
    text.replace(
        "</xmile>",
        r#"<model name="outer"><variables>
<module name="inner"/>
<aux name="y"><eqn>inner.k + 1</eqn></aux>
</variables></model>
<model name="inner"><variables><aux name="k"><eqn>3</eqn></aux></variables></model>
</xmile>"#,
    )
}

#[test]
fn nested_modules_are_named_by_path() {
    let model = compile(&nested_xmile());
    let mut sim = model.simulation(Backend::Vm).unwrap();
    sim.set_by_name("outer.inner.k", 10.0).unwrap();
    sim.run_to_end().unwrap();
    assert_eq!(sim.get_by_name("outer.inner.k").unwrap(), 10.0);
    assert_eq!(sim.get_by_name("Outer.Inner.K").unwrap(), 10.0, "paths are canonical per segment");
    assert_eq!(sim.get_by_name("outer.y").unwrap(), 11.0);
    assert_eq!(sim.get_by_name("x").unwrap(), 20.0);
}

/// Implicit stdlib instances: one per call site, each with its own state, its literal
/// arguments per-instance constants, and out of the default output.
#[test]
fn stdlib_calls_are_separate_instances() {
    let vars = r#"
<aux name="input"><eqn>STEP(10, 1)</eqn></aux>
<aux name="fast"><eqn>SMTH1(input, 1)</eqn></aux>
<aux name="slow"><eqn>SMTH1(input, 4)</eqn></aux>
"#;
    let model = compile(&xmile(0.0, 8.0, 0.5, vars));
    let names = model.run(Backend::Vm, &[]).unwrap().names;
    assert_eq!(names, ["time", "fast", "input", "slow"], "implicit instances stay out of the output");
    let mut sim = model.simulation(Backend::Vm).unwrap();
    sim.run_to_end().unwrap();
    let fast = sim.get_by_name("fast").unwrap();
    let slow = sim.get_by_name("slow").unwrap();
    assert!(fast > slow && slow > 0.0, "fast {fast} slow {slow}");
    // The literal averaging time of one call site is that instance's own constant.
    let mut sim = model.simulation(Backend::Vm).unwrap();
    sim.set_by_name("slow@SMTH1.averaging_time", 1.0).unwrap();
    sim.run_to_end().unwrap();
    assert_eq!(sim.get_by_name("slow").unwrap(), fast);
}

#[test]
fn smooth_and_delay_match_their_closed_forms() {
    // SMTH1 of a constant input starts at the input and stays; DELAY1 of a constant
    // starts full (initial value * delay time in the stock) and outputs the input.
    let vars = r#"
<aux name="c"><eqn>4</eqn></aux>
<aux name="s"><eqn>SMTH1(c, 3)</eqn></aux>
<aux name="s3"><eqn>SMTH3(c, 3, 1)</eqn></aux>
<aux name="sn"><eqn>SMTHN(c, 3, 5)</eqn></aux>
<aux name="d"><eqn>DELAY1(c, 2)</eqn></aux>
<aux name="d3"><eqn>DELAY3(c, 2)</eqn></aux>
<aux name="dn"><eqn>DELAYN(c, 2, 4, 1)</eqn></aux>
<aux name="t"><eqn>TREND(c, 2)</eqn></aux>
<aux name="f"><eqn>FORCST(c, 2, 5)</eqn></aux>
"#;
    let r = run(&xmile(0.0, 3.0, 0.25, vars));
    assert!(series(&r, "s").iter().all(|&v| v == 4.0));
    assert_eq!(series(&r, "s3")[0], 1.0, "initial value argument");
    let s3 = series(&r, "s3");
    assert!(s3.windows(2).all(|w| w[1] >= w[0]) && s3[s3.len() - 1] > 1.0, "rises toward the input");
    assert!(series(&r, "sn").iter().all(|&v| v == 4.0));
    // Exact, not approximately: a full DELAY1/DELAY3 stock holds 4 * 2 (split in
    // thirds), and dividing it back by the delay (per stage) gives 4 to the last bit.
    assert_eq!(series(&r, "d"), vec![4.0; 13]);
    assert_eq!(series(&r, "d3"), vec![4.0; 13]);
    // DELAYN from 1 toward 4 at DT 1/4: four stages of 1/2, every value a short dyadic
    // fraction, so the run is exact arithmetic (the vm's bits, shortest round-trip).
    let dn = [
        1.0,
        1.0,
        1.0,
        1.0,
        1.1875,
        1.5625,
        2.03125,
        2.5,
        2.91015625,
        3.23828125,
        3.484375,
        3.66015625,
        3.781005859375,
    ];
    assert_eq!(series(&r, "dn"), dn, "DELAYN from its initial value");
    assert!(series(&r, "t").iter().all(|&v| v == 0.0));
    assert!(series(&r, "f").iter().all(|&v| v == 4.0));
}

/// A feedback loop closed only through a delay's or a smooth's internal stock is not a
/// cycle: each module definition's phases are split into parts by the inputs they need.
/// (The initial values are given: by default a delay starts from its input, which in
/// these loops would be a genuine cycle of initial values, as in Vensim.)
#[test]
fn loops_through_stdlib_stocks_are_not_cycles() {
    let vars = r#"
<aux name="orders"><eqn>10 - shipments * 0.5</eqn></aux>
<aux name="shipments"><eqn>DELAY1(orders, 2, 6)</eqn></aux>
<aux name="perceived"><eqn>SMTH3(actual, 3, 5)</eqn></aux>
<aux name="actual"><eqn>5 + perceived * 0.1</eqn></aux>
<aux name="late"><eqn>DELAY(orders, 1.5)</eqn></aux>
<aux name="echo"><eqn>DELAY(echo + 1, 1, 0)</eqn></aux>
"#;
    let r = run(&xmile(0.0, 5.0, 0.5, vars));
    let orders = series(&r, "orders");
    let late = series(&r, "late");
    assert_eq!(late[0], orders[0], "DELAY starts at its input's initial value");
    for k in 3..orders.len() {
        assert_eq!(late[k], orders[k - 3], "a 1.5 delay at DT 0.5 is three steps");
    }
    // echo(t) = echo(t - 1) + 1, starting from 0: 0,0,1,1,2,2,...
    assert_eq!(series(&r, "echo"), vec![0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0]);
    // The loops settle where they must: orders = 10 - orders/2 -> 20/3.
    assert!((orders[orders.len() - 1] - 6.67).abs() < 0.5, "{orders:?}");
}

#[test]
fn a_loop_of_initial_values_through_a_delay_is_an_error() {
    let vars = r#"
<aux name="orders"><eqn>10 - shipments * 0.5</eqn></aux>
<aux name="shipments"><eqn>DELAY1(orders, 2)</eqn></aux>
"#;
    let err = Model::from_str(&xmile(0.0, 1.0, 1.0, vars), "m.xmile").unwrap_err().to_string();
    assert!(err.contains("circular definition while computing initial values"), "{err}");
}

#[test]
fn a_real_instantaneous_cycle_through_a_module_is_still_an_error() {
    let vars = r#"
<aux name="a"><eqn>sub.out</eqn></aux>
<module name="sub"><connect to="sub.in" from="a"/></module>
"#;
    let text = xmile(0.0, 1.0, 1.0, vars).replace(
        "</xmile>",
        r#"<model name="sub"><variables>
<aux name="in" access="input"><eqn>0</eqn></aux>
<aux name="out"><eqn>in * 2</eqn></aux>
</variables></model></xmile>"#,
    );
    let err = Model::from_str(&text, "cycle.xmile").unwrap_err().to_string();
    assert!(err.contains("circular definition"), "{err}");
    assert!(err.contains("`a`") && err.contains("sub"), "{err}");
}

#[test]
fn macros_are_called_like_functions() {
    let text = xmile(0.0, 2.0, 1.0, r#"<aux name="y"><eqn>double(3) + double(TIME)</eqn></aux>"#)
        .replace("</xmile>", r#"<macro name="double"><parm>x</parm><eqn>x * 2</eqn></macro></xmile>"#);
    assert_eq!(series(&run(&text), "y"), vec![6.0, 8.0, 10.0]);
}

#[test]
fn module_errors_name_the_problem() {
    let unknown_model = xmile(0.0, 1.0, 1.0, r#"<module name="m" model_name="nowhere"/>"#);
    let err = Model::from_str(&unknown_model, "m.xmile").unwrap_err().to_string();
    assert!(err.contains("no model of that name"), "{err}");
    let unknown_input = xmile(
        0.0,
        1.0,
        1.0,
        r#"<aux name="a"><eqn>1</eqn></aux><module name="m"><connect to="m.nope" from="a"/></module>"#,
    )
    .replace("</xmile>", r#"<model name="m"><variables><aux name="k"><eqn>1</eqn></aux></variables></model></xmile>"#);
    let err = Model::from_str(&unknown_input, "m.xmile").unwrap_err().to_string();
    assert!(err.contains("no variable `nope`"), "{err}");
    let selfish = xmile(0.0, 1.0, 1.0, r#"<module name="m" model_name="loop"/>"#).replace(
        "</xmile>",
        r#"<model name="loop"><variables><module name="again" model_name="loop"/></variables></model></xmile>"#,
    );
    let err = Model::from_str(&selfish, "m.xmile").unwrap_err().to_string();
    assert!(err.contains("contains itself"), "{err}");
    let bad_order = xmile(0.0, 1.0, 1.0, r#"<aux name="a"><eqn>SMTHN(1, 2, 2.5)</eqn></aux>"#);
    let err = Model::from_str(&bad_order, "m.xmile").unwrap_err().to_string();
    assert!(err.contains("order of `SMTHN`"), "{err}");
}
