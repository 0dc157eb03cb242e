//! One test per numeric rule of docs/semantics.md, end to end on small models.
//! The section names in docs/semantics.md point at these tests.

mod common;

use common::{auxes, eval, run, series, xmile};

fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

#[track_caller]
fn assert_eval(expr: &str, want: f64) {
    let got = eval(expr);
    assert!(same(got, want), "{expr}: got {got:?}, want {want:?}");
}

#[test]
fn arithmetic_precedence_and_power() {
    assert_eval("4 - 5 + 6", 5.0);
    assert_eval("-2^2", -4.0);
    assert_eval("4^3^2", 262144.0);
    assert_eval("2^-1", 0.5);
    assert_eval("2 + 3 * 4", 14.0);
    assert_eval("(2 + 3) * 4", 20.0);
    assert_eval("7 / 2 / 2", 1.75);
    assert_eval(".5 + 1e-1", 0.6);
}

#[test]
fn equality_is_within_a_few_ulps() {
    assert_eval("IF 0.1 + 0.2 = 0.3 THEN 1 ELSE 0", 1.0);
    assert_eval("IF 0.1 + 0.2 <> 0.3 THEN 1 ELSE 0", 0.0);
    assert_eval("IF 1 = 1.000000001 THEN 1 ELSE 0", 0.0);
    assert_eval("IF 3/4 = 0.75 THEN 1 ELSE 0", 1.0);
}

#[test]
fn ordering_comparisons_are_plain_ieee() {
    assert_eval("0.1 + 0.2 > 0.3", 1.0);
    assert_eval("1 < 2", 1.0);
    assert_eval("2 <= 2", 1.0);
    assert_eval("3 >= 4", 0.0);
    assert_eval("NAN < 1", 0.0);
    assert_eval("NAN >= 1", 0.0);
}

#[test]
fn truthiness_and_nan_in_conditions() {
    assert_eval("IF 0 THEN 1 ELSE 2", 2.0);
    assert_eval("IF 1e-17 THEN 1 ELSE 2", 2.0);
    assert_eval("IF -3 THEN 1 ELSE 2", 1.0);
    assert_eval("IF NAN THEN 1 ELSE 2", 1.0);
    assert_eval("1 AND 0", 0.0);
    assert_eval("2 AND -1", 1.0);
    assert_eval("0 OR 0.5", 1.0);
    assert_eval("NOT 0", 1.0);
    assert_eval("NOT 7", 0.0);
    assert_eval("NOT NAN", 0.0);
}

#[test]
fn min_max_propagate_nan() {
    assert_eval("MIN(3, 2)", 2.0);
    assert_eval("MAX(3, 2)", 3.0);
    assert_eval("MIN(1, NAN)", f64::NAN);
    assert_eval("MAX(NAN, 1)", f64::NAN);
    assert_eval("MIN(1, 2, -3)", -3.0);
}

#[test]
fn mod_is_euclidean() {
    assert_eval("5 MOD 3", 2.0);
    assert_eval("5 MOD -3", 2.0);
    assert_eval("-5 MOD 3", 1.0);
    assert_eval("5.5 MOD 2", 1.5);
}

#[test]
fn int_is_floor_and_round_halves_away_from_zero() {
    assert_eval("INT(2.7)", 2.0);
    assert_eval("INT(-2.5)", -3.0);
    assert_eval("ROUND(2.5)", 3.0);
    assert_eval("ROUND(-2.5)", -3.0);
    assert_eval("ROUND(2.4999)", 2.0);
}

#[test]
fn division_by_zero_is_ieee_and_safediv_guards_it() {
    assert_eval("1/0", f64::INFINITY);
    assert_eval("-1/0", f64::NEG_INFINITY);
    assert_eval("0/0", f64::NAN);
    assert_eval("SAFEDIV(1, 0)", 0.0);
    assert_eval("SAFEDIV(1, 0, 7)", 7.0);
    assert_eval("SAFEDIV(6, 3, 7)", 2.0);
}

#[test]
fn elementary_functions() {
    assert_eval("ABS(-3)", 3.0);
    assert_eval("SQRT(16)", 4.0);
    assert_eval("SQRT(-1)", f64::NAN);
    assert_eval("EXP(0)", 1.0);
    assert_eval("LN(1)", 0.0);
    assert_eval("LN(0)", f64::NEG_INFINITY);
    assert_eval("LOG10(1000)", 3.0);
    assert_eval("SIN(0)", 0.0);
    assert_eval("COS(0)", 1.0);
    assert_eval("TAN(0)", 0.0);
    assert_eval("ARCTAN(1) * 4", std::f64::consts::PI);
    assert_eval("ARCSIN(1) * 2", std::f64::consts::PI);
    assert_eval("ARCCOS(1)", 0.0);
    assert_eval("PI", std::f64::consts::PI);
    assert_eval("SIGN(-4)", -1.0);
    assert_eval("SIGN(0)", 0.0);
    assert_eval("INF", f64::INFINITY);
    assert_eval("EXP(1)", 1f64.exp());
}

/// STEP(h, t0) is h once TIME + DT/2 > t0.
#[test]
fn step_uses_the_half_dt_rule() {
    let r = run(&xmile(0.0, 2.0, 0.25, &auxes(&[("s", "STEP(10, 1)"), ("s_off_grid", "STEP(10, 1.1)")])));
    let s = series(&r, "s");
    assert_eq!(s, vec![0.0, 0.0, 0.0, 0.0, 10.0, 10.0, 10.0, 10.0, 10.0]);
    // 1.1 is nearest to 1.0 (|1.0 - 1.1| < DT/2): the step lands there.
    let s = series(&r, "s_off_grid");
    assert_eq!(s, vec![0.0, 0.0, 0.0, 0.0, 10.0, 10.0, 10.0, 10.0, 10.0]);
}

/// RAMP(slope, start[, end]) is slope*(TIME - start) strictly after start, frozen at end.
#[test]
fn ramp_rises_after_start_and_freezes_at_end() {
    let r = run(&xmile(0.0, 5.0, 1.0, &auxes(&[("r", "RAMP(2, 1)"), ("r_end", "RAMP(2, 1, 3)")])));
    assert_eq!(series(&r, "r"), vec![0.0, 0.0, 2.0, 4.0, 6.0, 8.0]);
    assert_eq!(series(&r, "r_end"), vec![0.0, 0.0, 2.0, 4.0, 4.0, 4.0]);
}

/// PULSE(volume, first[, interval]) is volume/DT during the one DT step at each pulse.
#[test]
fn pulse_delivers_volume_over_one_dt() {
    let vars = auxes(&[("once", "PULSE(10, 1)"), ("every", "PULSE(10, 1, 1.5)"), ("zero_interval", "PULSE(10, 1, 0)")]);
    let r = run(&xmile(0.0, 4.0, 0.5, &vars));
    assert_eq!(series(&r, "once"), vec![0.0, 0.0, 20.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    assert_eq!(series(&r, "every"), vec![0.0, 0.0, 20.0, 0.0, 0.0, 20.0, 0.0, 0.0, 20.0]);
    assert_eq!(series(&r, "zero_interval"), series(&r, "once"));
}

/// Lookups clamp at both ends and return a knot's y exactly at the knot.
#[test]
fn lookups_clamp_and_hit_knots_exactly() {
    let vars = r#"
<gf name="g"><xpts>0,1,2</xpts><ypts>0.1,0.7,0.3</ypts></gf>
<aux name="below"><eqn>g(-5)</eqn></aux>
<aux name="above"><eqn>LOOKUP(g, 9)</eqn></aux>
<aux name="knot"><eqn>g(1)</eqn></aux>
<aux name="between"><eqn>g(0.5)</eqn></aux>
<aux name="attached"><eqn>TIME</eqn><gf><xscale min="0" max="2"/><ypts>0,10,20</ypts></gf></aux>
<aux name="fwd"><eqn>LOOKUP_FORWARD(g, 0.5)</eqn></aux>
<aux name="bwd"><eqn>LOOKUP_BACKWARD(g, 1.5)</eqn></aux>
"#;
    let r = run(&xmile(0.0, 3.0, 0.5, vars));
    assert_eq!(series(&r, "below")[0], 0.1);
    assert_eq!(series(&r, "above")[0], 0.3);
    assert_eq!(series(&r, "knot")[0], 0.7);
    assert_eq!(series(&r, "between")[0], 0.1 + 0.5 * (0.7 - 0.1));
    assert_eq!(series(&r, "attached"), vec![0.0, 5.0, 10.0, 15.0, 20.0, 20.0, 20.0]);
    assert_eq!(series(&r, "fwd")[0], 0.7);
    assert_eq!(series(&r, "bwd")[0], 0.7);
}

/// PREVIOUS(x, init) is init until the first step, then x one DT earlier;
/// INIT(x) is x after the initials.
#[test]
fn previous_and_init() {
    let vars = r#"
<stock name="s"><eqn>1</eqn><inflow>f</inflow></stock>
<flow name="f"><eqn>s</eqn></flow>
<aux name="p"><eqn>PREVIOUS(s, -1)</eqn></aux>
<aux name="p0"><eqn>PREVIOUS(s)</eqn></aux>
<aux name="i"><eqn>INIT(f) + TIME</eqn></aux>
"#;
    let r = run(&xmile(0.0, 3.0, 1.0, vars));
    assert_eq!(series(&r, "s"), vec![1.0, 2.0, 4.0, 8.0]);
    assert_eq!(series(&r, "p"), vec![-1.0, 1.0, 2.0, 4.0]);
    assert_eq!(series(&r, "p0"), vec![0.0, 1.0, 2.0, 4.0]);
    assert_eq!(series(&r, "i"), vec![1.0, 2.0, 3.0, 4.0]);
}

/// Euler: next = stock + (inflows - outflows) * DT, with TIME = start + k*DT.
#[test]
fn euler_integration_and_time() {
    let vars = r#"
<stock name="s"><eqn>10</eqn><inflow>i</inflow><outflow>o</outflow></stock>
<flow name="i"><eqn>3</eqn></flow>
<flow name="o"><eqn>1</eqn></flow>
<aux name="t"><eqn>TIME</eqn></aux>
"#;
    let r = run(&xmile(0.0, 1.0, 0.1, vars));
    let t = series(&r, "t");
    assert_eq!(t.len(), 11);
    for (k, v) in t.iter().enumerate() {
        assert_eq!(*v, 0.0 + k as f64 * 0.1, "TIME at step {k}");
    }
    let s = series(&r, "s");
    let mut want = 10.0;
    for (k, v) in s.iter().enumerate() {
        assert_eq!(*v, want, "stock at step {k}");
        want += (3.0 - 1.0) * 0.1;
    }
}

/// Save cadence: rows = floor((stop - start)/save + 1), save rounded to whole DTs.
#[test]
fn save_cadence() {
    let text = |save: &str| {
        format!(
            r#"<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<sim_specs isee:save_interval="{save}"><start>0</start><stop>10</stop><dt>0.5</dt></sim_specs>
<model><variables><aux name="t"><eqn>TIME</eqn></aux></variables></model></xmile>"#
        )
    };
    let r = run(&text("2"));
    assert_eq!(series(&r, "t"), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
    let r = run(&text("3"));
    assert_eq!(series(&r, "t"), vec![0.0, 3.0, 6.0, 9.0]);
    // 0.7 rounds to one DT.
    let r = run(&text("0.7"));
    assert_eq!(series(&r, "time").len(), 21);
}
