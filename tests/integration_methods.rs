//! Euler, RK2 and RK4 (docs/semantics.md, "Integration"): each converges at its order on
//! problems with closed-form solutions, the three backends give the same bits under every
//! method, and the stage rules for what is not a smooth derivative hold.

mod common;

use common::{escape, run, series};

/// A model with `method` (`<sim_specs method=...>`), run from 0 to `stop` with `dt`.
fn model(method: &str, stop: f64, dt: f64, variables: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><vendor>millrace tests</vendor><product version="1">tests</product></header>
<sim_specs method="{method}"><start>0</start><stop>{stop}</stop><dt>{dt}</dt></sim_specs>
<model><variables>
{variables}
</variables></model>
</xmile>"#
    )
}

fn stock(name: &str, init: &str, inflow: Option<&str>, outflow: Option<&str>, extra: &str) -> String {
    let inflow = inflow.map(|f| format!("<inflow>{f}</inflow>")).unwrap_or_default();
    let outflow = outflow.map(|f| format!("<outflow>{f}</outflow>")).unwrap_or_default();
    format!("<stock name=\"{name}\"><eqn>{}</eqn>{inflow}{outflow}{extra}</stock>\n", escape(init))
}

fn flow(name: &str, eqn: &str) -> String {
    format!("<flow name=\"{name}\"><eqn>{}</eqn></flow>\n", escape(eqn))
}

fn aux(name: &str, eqn: &str) -> String {
    format!("<aux name=\"{name}\"><eqn>{}</eqn></aux>\n", escape(eqn))
}

/// A problem with a known solution: its variables, the stock checked, and its exact
/// value at `STOP`.
struct Problem {
    name: &'static str,
    variables: String,
    checked: &'static str,
    exact: f64,
}

const STOP: f64 = 2.0;

fn problems() -> Vec<Problem> {
    vec![
        // S' = -S, S(0) = 1: e^-t.
        Problem {
            name: "decay",
            variables: stock("S", "1", None, Some("out"), "") + &flow("out", "S"),
            checked: "S",
            exact: (-STOP).exp(),
        },
        // S' = 0.7 S + sin(t) (time-dependent), S(0) = 1.
        // S(t) = (1 + 1/(1 + 0.49)) e^(0.7 t) - (0.7 sin t + cos t) / 1.49.
        Problem {
            name: "growth driven by TIME",
            variables: stock("S", "1", Some("growth"), None, "") + &flow("growth", "0.7 * S + SIN(TIME)"),
            checked: "S",
            exact: (1.0 + 1.0 / 1.49) * (0.7 * STOP).exp() - (0.7 * STOP.sin() + STOP.cos()) / 1.49,
        },
        // x' = v, v' = -x, x(0) = 1, v(0) = 0: x = cos t.
        Problem {
            name: "oscillator",
            variables: stock("x", "1", Some("dx"), None, "")
                + &stock("v", "0", Some("dv"), None, "")
                + &flow("dx", "v")
                + &flow("dv", "-x"),
            checked: "x",
            exact: STOP.cos(),
        },
    ]
}

/// The global error at STOP with `dt`, on every backend (the same bits: `run` checks).
fn error(method: &str, p: &Problem, dt: f64) -> f64 {
    let r = run(&model(method, STOP, dt, &p.variables));
    (series(&r, p.checked).last().copied().unwrap() - p.exact).abs()
}

/// Halving DT divides the global error by about 2^order: the ratio of successive errors
/// over DT = 1/8 ... 1/64 stays within 15% of it.
#[test]
fn each_method_converges_at_its_order() {
    for (method, order) in [("Euler", 1), ("RK2", 2), ("RK4", 4)] {
        for p in problems() {
            let dts = [0.125, 0.0625, 0.03125, 0.015625];
            let errors: Vec<f64> = dts.iter().map(|&dt| error(method, &p, dt)).collect();
            let expected = f64::from(1u32 << order);
            for pair in errors.windows(2) {
                let ratio = pair[0] / pair[1];
                assert!(
                    (ratio / expected - 1.0).abs() < 0.15,
                    "{method} on {}: errors {errors:?}, ratio {ratio} (expected about {expected})",
                    p.name
                );
            }
            println!("{method} on {}: errors {errors:?}", p.name);
        }
    }
}

/// RK4 at DT 1/4 is already closer than Euler at DT 1/64 on every problem.
#[test]
fn rk4_beats_a_much_finer_euler() {
    for p in problems() {
        let (rk4, euler) = (error("RK4", &p, 0.25), error("Euler", &p, 0.015625));
        assert!(rk4 < euler, "{}: RK4 {rk4} vs Euler {euler}", p.name);
    }
}

/// One RK4 step of S' = -(S^2 + t^2) from S = 1 by hand, operation for operation as
/// docs/semantics.md states it; and Heun's step.
#[test]
fn one_step_is_the_tableau_as_documented() {
    let f = |t: f64, s: f64| -(s * s + t * t);
    let vars = stock("S", "1", None, Some("out"), "") + &flow("out", "S * S + TIME * TIME");
    let (y, dt) = (1.0f64, 1.0f64);
    let k1 = f(0.0, y);
    let k2 = f(0.5, y + k1 * (dt * 0.5));
    let k3 = f(0.5, y + k2 * (dt * 0.5));
    let k4 = f(1.0, y + k3 * dt);
    let rk4 = y + (((k1 + 2.0 * k2) + 2.0 * k3) + k4) * (dt / 6.0);
    let got = series(&run(&model("RK4", 1.0, dt, &vars)), "S")[1];
    assert_eq!(got.to_bits(), rk4.to_bits(), "RK4: {got} vs {rk4}");
    let k2 = f(1.0, y + k1 * dt);
    let heun = y + (k1 + k2) * (dt / 2.0);
    let got = series(&run(&model("RK2", 1.0, dt, &vars)), "S")[1];
    assert_eq!(got.to_bits(), heun.to_bits(), "RK2: {got} vs {heun}");
}

/// Rows are saved at whole steps, with the flows at the step's final state; TIME in the
/// rows is `start + k * DT`.
#[test]
fn rows_hold_whole_steps_only() {
    let vars = stock("S", "1", None, Some("out"), "") + &flow("out", "S") + &aux("t", "TIME");
    let r = run(&model("RK4", 1.0, 0.25, &vars));
    assert_eq!(series(&r, "t"), [0.0, 0.25, 0.5, 0.75, 1.0]);
    let (s, out) = (series(&r, "S"), series(&r, "out"));
    assert_eq!(s, out, "the saved flow is the flow at the saved stock");
}

/// A pipeline delay moves once per DT, whatever the method: its output under RK4 is the
/// input of `delay / DT` steps before, as under Euler; PREVIOUS reads the step's start.
#[test]
fn pipelines_and_previous_move_once_per_step() {
    let vars = aux("x", "TIME * TIME")
        + &aux("d", "DELAY(x, 1)")
        + &aux("p", "PREVIOUS(x, -1)")
        + &stock("acc", "0", Some("in"), None, "")
        + &flow("in", "d");
    let euler = run(&model("Euler", 4.0, 0.5, &vars));
    for method in ["RK2", "RK4"] {
        let r = run(&model(method, 4.0, 0.5, &vars));
        assert_eq!(series(&r, "d"), series(&euler, "d"), "{method}: DELAY");
        assert_eq!(series(&r, "p"), series(&euler, "p"), "{method}: PREVIOUS");
    }
    let d = series(&euler, "d");
    assert_eq!(d[2..], series(&euler, "x")[..d.len() - 2], "DELAY by 2 steps");
}

/// A non-negative stock never goes below zero under Runge-Kutta, at a stage or at a
/// step's end (Simlin's RK2 takes this one to -0.25 at t = 1).
#[test]
fn non_negative_stocks_stay_non_negative_at_every_stage() {
    let vars = stock("S", "1", None, Some("out"), "<non_negative/>")
        + &flow("out", "1.5 + S")
        + &aux("seen", "IF S < 0 THEN 1 ELSE 0");
    for method in ["RK2", "RK4"] {
        let r = run(&model(method, 3.0, 1.0, &vars));
        assert!(series(&r, "S").iter().all(|&s| s >= 0.0), "{method}: {:?}", series(&r, "S"));
        assert!(series(&r, "seen").iter().all(|&s| s == 0.0));
    }
    // Heun by hand: k1 = -2.5; the stage state max(0, 1 - 2.5) = 0 gives k2 = -1.5;
    // the end max(0, 1 + (-2.5 - 1.5) / 2) = 0.
    assert_eq!(series(&run(&model("RK2", 1.0, 1.0, &vars)), "S"), [1.0, 0.0]);
}

/// Stdlib smooths and delays are integrated by the same stages: SMTH1 of a constant
/// input from 0 approaches it as 1 - e^(-t/T), to RK4's accuracy.
#[test]
fn stdlib_stocks_take_the_stages() {
    let vars = aux("input", "1") + &aux("s", "SMTH1(input, 2, 0)");
    let r = run(&model("RK4", 4.0, 0.25, &vars));
    let exact = 1.0 - (-2.0f64).exp();
    let got = *series(&r, "s").last().unwrap();
    assert!((got - exact).abs() < 1e-6, "SMTH1 under RK4: {got} vs {exact}");
    let euler = *series(&run(&model("Euler", 4.0, 0.25, &vars)), "s").last().unwrap();
    assert!((euler - exact).abs() > 1e-3, "Euler is visibly worse: {euler}");
}

/// Submodels run their stocks' stages inside the parent's: a module instance under RK4
/// gives what the same stocks written inline give.
#[test]
fn module_stocks_take_the_stages() {
    let inline = stock("S", "1", None, Some("out"), "") + &flow("out", "S * 0.5");
    let text = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><vendor>millrace tests</vendor><product version="1">tests</product></header>
<sim_specs method="RK4"><start>0</start><stop>2</stop><dt>0.25</dt></sim_specs>
<model><variables>
<module name="sub"/>
<aux name="s"><eqn>sub.S</eqn></aux>
</variables></model>
<model name="sub"><variables>
{inline}</variables></model>
</xmile>"#
    );
    let module = series(&run(&text), "s");
    let flat = series(&run(&model("RK4", 2.0, 0.25, &inline)), "S");
    assert_eq!(module, flat);
}
