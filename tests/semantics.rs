//! One test per numeric rule of docs/semantics.md, end to end on small models.
//! The section names in docs/semantics.md point at these tests.

mod common;

use common::{auxes, run, same_bits, series, values_at_start, xmile};

/// Evaluates every expression in one model (one code generation per backend, not one
/// per expression) and checks each value.
#[track_caller]
fn assert_evals(cases: &[(&str, f64)]) {
    let names: Vec<String> = (0..cases.len()).map(|i| format!("e{i}")).collect();
    let pairs: Vec<(&str, &str)> = names.iter().zip(cases).map(|(n, &(expr, _))| (n.as_str(), expr)).collect();
    for (got, &(expr, want)) in values_at_start(&pairs).into_iter().zip(cases) {
        assert!(same_bits(got, want), "{expr}: got {got:?}, want {want:?}");
    }
}

#[test]
fn arithmetic_precedence_and_power() {
    assert_evals(&[
        ("4 - 5 + 6", 5.0),
        ("-2^2", -4.0),
        ("4^3^2", 262144.0),
        ("2^-1", 0.5),
        ("2 + 3 * 4", 14.0),
        ("(2 + 3) * 4", 20.0),
        ("7 / 2 / 2", 1.75),
        (".5 + 1e-1", 0.6),
    ]);
}

#[test]
fn equality_is_within_a_few_ulps() {
    assert_evals(&[
        ("IF 0.1 + 0.2 = 0.3 THEN 1 ELSE 0", 1.0),
        ("IF 0.1 + 0.2 <> 0.3 THEN 1 ELSE 0", 0.0),
        ("IF 1 = 1.000000001 THEN 1 ELSE 0", 0.0),
        ("IF 3/4 = 0.75 THEN 1 ELSE 0", 1.0),
    ]);
}

#[test]
fn ordering_comparisons_are_plain_ieee() {
    assert_evals(&[
        ("0.1 + 0.2 > 0.3", 1.0),
        ("1 < 2", 1.0),
        ("2 <= 2", 1.0),
        ("3 >= 4", 0.0),
        ("NAN < 1", 0.0),
        ("NAN >= 1", 0.0),
    ]);
}

#[test]
fn truthiness_and_nan_in_conditions() {
    assert_evals(&[
        ("IF 0 THEN 1 ELSE 2", 2.0),
        ("IF 1e-17 THEN 1 ELSE 2", 2.0),
        ("IF -3 THEN 1 ELSE 2", 1.0),
        ("IF NAN THEN 1 ELSE 2", 1.0),
        ("1 AND 0", 0.0),
        ("2 AND -1", 1.0),
        ("0 OR 0.5", 1.0),
        ("NOT 0", 1.0),
        ("NOT 7", 0.0),
        ("NOT NAN", 0.0),
    ]);
}

#[test]
fn min_max_propagate_nan() {
    assert_evals(&[
        ("MIN(3, 2)", 2.0),
        ("MAX(3, 2)", 3.0),
        ("MIN(1, NAN)", f64::NAN),
        ("MAX(NAN, 1)", f64::NAN),
        ("MIN(1, 2, -3)", -3.0),
    ]);
}

#[test]
fn mod_is_euclidean() {
    assert_evals(&[("5 MOD 3", 2.0), ("5 MOD -3", 2.0), ("-5 MOD 3", 1.0), ("5.5 MOD 2", 1.5)]);
}

#[test]
fn int_is_floor_and_round_halves_away_from_zero() {
    assert_evals(&[
        ("INT(2.7)", 2.0),
        ("INT(-2.5)", -3.0),
        ("ROUND(2.5)", 3.0),
        ("ROUND(-2.5)", -3.0),
        ("ROUND(2.4999)", 2.0),
    ]);
}

#[test]
fn division_by_zero_is_ieee_and_safediv_guards_it() {
    assert_evals(&[
        ("1/0", f64::INFINITY),
        ("-1/0", f64::NEG_INFINITY),
        ("0/0", f64::NAN),
        ("SAFEDIV(1, 0)", 0.0),
        ("SAFEDIV(1, 0, 7)", 7.0),
        ("SAFEDIV(6, 3, 7)", 2.0),
    ]);
}

#[test]
fn elementary_functions() {
    assert_evals(&[
        ("ABS(-3)", 3.0),
        ("SQRT(16)", 4.0),
        ("SQRT(-1)", f64::NAN),
        ("EXP(0)", 1.0),
        ("LN(1)", 0.0),
        ("LN(0)", f64::NEG_INFINITY),
        ("LOG10(1000)", 3.0),
        ("SIN(0)", 0.0),
        ("COS(0)", 1.0),
        ("TAN(0)", 0.0),
        ("ARCTAN(1) * 4", std::f64::consts::PI),
        ("ARCSIN(1) * 2", std::f64::consts::PI),
        ("ARCCOS(1)", 0.0),
        ("PI", std::f64::consts::PI),
        ("SIGN(-4)", -1.0),
        ("SIGN(0)", 0.0),
        ("INF", f64::INFINITY),
        ("EXP(1)", 1f64.exp()),
    ]);
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
