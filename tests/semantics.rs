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

/// A table whose knots are further apart than an f64 can subtract still interpolates:
/// it is read through a copy with its knots halved (`2 * g_half(x / 2)`), which is the
/// same arithmetic scaled by an exact power of two.
#[test]
fn lookups_on_knots_too_far_apart_to_subtract_still_interpolate() {
    let vars = r#"
<gf name="g"><xpts>-1e308,1e308</xpts><ypts>-1e308,1e308</ypts></gf>
<aux name="middle"><eqn>g(0)</eqn></aux>
<aux name="three_quarters"><eqn>g(5e307)</eqn></aux>
<aux name="knot"><eqn>g(1e308)</eqn></aux>
<aux name="beyond"><eqn>g(-1.5e308)</eqn></aux>
"#;
    let r = run(&xmile(0.0, 1.0, 1.0, vars));
    assert_eq!(series(&r, "middle")[0], 0.0);
    // t = (2.5e307 + 5e307) / 1e308 = 0.75, y = 2 * (-5e307 + 0.75 * 1e308), exactly 5e307
    // up to the rounding of those two operations.
    let y = series(&r, "three_quarters")[0];
    assert!((y - 5e307).abs() <= 5e307 * 1e-15, "{y:e}");
    assert_eq!(series(&r, "knot")[0], 1e308);
    assert_eq!(series(&r, "beyond")[0], -1e308);
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

/// A step keeps in `prev` only the slots some PREVIOUS reads: here `s` and `f` (the
/// SMTH1 instance reads none, so none of its slots is kept).
#[test]
fn previous_keeps_only_the_slots_it_reads() {
    let vars = r#"
<stock name="s"><eqn>1</eqn><inflow>f</inflow></stock>
<flow name="f"><eqn>s * 0.5</eqn></flow>
<aux name="a"><eqn>PREVIOUS(s, -1) + PREVIOUS(f)</eqn></aux>
<aux name="b"><eqn>SMTH1(a, 2)</eqn></aux>
"#;
    let program = common::compile(&xmile(0.0, 3.0, 1.0, vars)).program().clone();
    let slot = |name: &str| program.layout.find(name).unwrap_or_else(|| panic!("{name}")).slot;
    let runs = program.previous_runs();
    let kept: Vec<u32> = runs.iter().flat_map(|&(a, b)| a..b).collect();
    let mut want = vec![slot("s"), slot("f")];
    want.sort();
    assert_eq!(kept, want, "{runs:?}");
    assert!(runs.windows(2).all(|w| w[0].1 < w[1].0), "runs sorted and merged: {runs:?}");
    let none = common::compile(&xmile(0.0, 3.0, 1.0, "<aux name=\"a\"><eqn>TIME</eqn></aux>")).program().clone();
    assert!(none.previous_runs().is_empty());
    // The values are those of a full copy: the same as `previous_and_init` shows.
    let r = run(&xmile(0.0, 3.0, 1.0, vars));
    assert_eq!(series(&r, "a"), vec![-1.0, 1.0 + 0.5, 1.5 + 0.75, 2.25 + 1.125]);
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

/// Runs a Vensim model (`.mdl` text) on every backend (all must agree with the vm bit
/// for bit) and returns the vm's values of `names` at each saved row.
fn mdl_series(body: &str, names: &[&str]) -> Vec<Vec<f64>> {
    let text = format!(
        "{{UTF-8}}\n{body}\nINITIAL TIME = 0 ~~|\nFINAL TIME = 4 ~~|\nTIME STEP = 0.5 ~~|\nSAVEPER = 0.5 ~~|\n"
    );
    let model = millrace::Model::from_str(&text, "test.mdl").unwrap_or_else(|e| panic!("{e}\n{text}"));
    let vm = model.run(millrace::Backend::Vm, &[]).unwrap();
    for backend in millrace::Backend::ALL.into_iter().filter(|&b| b != millrace::Backend::Vm) {
        common::assert_same(&vm, &model.run(backend, &[]).unwrap(), backend.name());
    }
    let cols: Vec<usize> = names
        .iter()
        .map(|n| vm.names.iter().position(|c| c == n).unwrap_or_else(|| panic!("no column {n}: {:?}", vm.names)))
        .collect();
    vm.rows.iter().map(|row| cols.iter().map(|&c| row[c]).collect()).collect()
}

#[test]
fn vensim_functions_keep_vensim_meaning() {
    let rows = mdl_series(
        "a = INTEGER(-2.5) ~~|\nb = MODULO(-7, 5) * 100 + MODULO(7, -5) * 10 + MODULO(-7, -5) ~~|\nc = QUANTUM(-0.9, 1) ~~|\nd = QUANTUM(7, 0) ~~|\n\
         e = XIDZ(1, 1e-7, 9) ~~|\nf = ZIDZ(3, 2) ~~|\ng = LOG(8, 2) ~~|\nh = POWER(2, 3) ~~|\n\
         i = IF THEN ELSE(1 :AND: :NOT: 0, 1, 2) ~~|",
        &["a", "b", "c", "d", "e", "f", "g", "h", "i"],
    );
    // MODULO has the sign of x: -2, 2, -2 (Euclidean MOD would give 3, 2, 3).
    let want = [-2.0, -182.0, 0.0, 7.0, 9.0, 1.5, 3.0, 8.0, 1.0];
    for (got, want) in rows[0].iter().zip(want) {
        // LOG is a quotient of two logarithms: within an ulp of the exact value.
        assert!((*got - want).abs() <= 1e-15 * want.abs(), "{got:?} vs {want:?} in {:?}", rows[0]);
    }
}

#[test]
fn a_vensim_macro_gives_each_extra_output_to_its_variable() {
    // Inside: a stock `acc` integrating the input, the macro's own output, and two
    // extra outputs computed from it.
    let rows = mdl_series(
        ":MACRO: ACCUM(input, start : twice, last input)\nACCUM = acc ~~|\nacc = INTEG(input, start) ~~|\n\
         twice = acc * 2 ~~|\nlast input = input ~~|\n:END OF MACRO:\n\
         a = ACCUM(Time + 1, 10 : b, c) ~~|\nd = ACCUM(1, 0) ~~|",
        &["a", "b", "c", "d"],
    );
    let col = |i: usize| rows.iter().map(|r| r[i]).collect::<Vec<f64>>();
    // acc(t) = 10 + the Euler sum of (TIME + 1) * 0.5 before t.
    let acc = [10.0, 10.5, 11.25, 12.25, 13.5, 15.0, 16.75, 18.75, 21.0];
    assert_eq!(col(0), acc);
    assert_eq!(col(1), acc.map(|a| a * 2.0));
    assert_eq!(col(2), [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]);
    assert_eq!(col(3), [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]);
}

#[test]
fn vensim_pulse_lasts_its_width_from_its_start() {
    // DT 0.5: PULSE(1, 1) is 1 at TIME 1 and 1.5; PULSE(2, 0) one DT at TIME 2.
    let rows = mdl_series(
        "p = PULSE(1, 1) ~~|\nq = PULSE(2, 0) ~~|\nt = PULSE TRAIN(0.5, 0.5, 1.5, 3.5) ~~|",
        &["p", "q", "t"],
    );
    let p: Vec<f64> = rows.iter().map(|r| r[0]).collect();
    let q: Vec<f64> = rows.iter().map(|r| r[1]).collect();
    let t: Vec<f64> = rows.iter().map(|r| r[2]).collect();
    assert_eq!(p, [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    assert_eq!(q, [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
    // Pulses start at 0.5, 2 and 3.5, each one DT long.
    assert_eq!(t, [0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0]);
}

#[test]
fn vensim_allocation_rations_on_every_backend() {
    // Requests 3 and 2, priorities 2 and 1, width 2, supply 2 * TIME (docs/semantics.md,
    // Vensim functions): rectangular (ALLOCATE AVAILABLE type 1 and ALLOCATE BY
    // PRIORITY, the same curve) and whole numbers (type 11, supply INT(2 * TIME + 0.5)).
    let rows = mdl_series(
        "D: a, b ~~|\nProf: ptype, ppriority, pwidth, pextra ~~|\nr[D] = 3, 2 ~~|\npr[D] = 2, 1 ~~|\n\
         pp[D, ptype] = 1 ~~|\npp[D, ppriority] = pr[D] ~~|\npp[D, pwidth] = 2 ~~|\npp[D, pextra] = 0 ~~|\n\
         ip[D, ptype] = 11 ~~|\nip[D, ppriority] = pr[D] ~~|\nip[D, pwidth] = 2 ~~|\nip[D, pextra] = 0 ~~|\n\
         x[D] = ALLOCATE AVAILABLE(r[D], pp[D, ptype], 2 * Time) ~~|\n\
         y[D] = ALLOCATE BY PRIORITY(r[D], pr[D], ELMCOUNT(D), 2, 2 * Time) ~~|\n\
         n[D] = ALLOCATE AVAILABLE(r[D], ip[D, ptype], 2 * Time + 0.5) ~~|",
        &["x[a]", "x[b]", "y[a]", "y[b]", "n[a]", "n[b]"],
    );
    let rationed = [[0.0, 0.0], [1.0, 0.0], [1.8, 0.2], [2.4, 0.6], [3.0, 1.0], [3.0, 2.0], [3.0, 2.0]];
    let whole = [[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [2.0, 1.0], [3.0, 1.0], [3.0, 2.0], [3.0, 2.0]];
    for (row, (want, whole)) in rows.iter().zip(rationed.iter().zip(&whole)) {
        for (got, want) in row[..2].iter().zip(want) {
            assert!((got - want).abs() <= 1e-12, "{row:?}, want {want:?}");
        }
        assert_eq!(row[0].to_bits(), row[2].to_bits(), "BY PRIORITY is the rectangular profile");
        assert_eq!(row[1].to_bits(), row[3].to_bits());
        assert_eq!(&row[4..], whole, "{row:?}");
    }
}

#[test]
fn vensim_stocks_initial_and_sample_if_true() {
    let rows = mdl_series(
        "s = INTEG(inflow - outflow, 10) ~~|\ninflow = 2 ~~|\noutflow = 1 ~~|\n\
         k = INITIAL(Time + 3) ~~|\nm = SAMPLE IF TRUE(Time >= 1 :AND: Time < 2, Time, -1) ~~|\n\
         r = INTEG(s * 0.5, 0) ~~|",
        &["s", "k", "m", "r"],
    );
    let col = |i: usize| rows.iter().map(|r| r[i]).collect::<Vec<f64>>();
    assert_eq!(col(0), [10.0, 10.5, 11.0, 11.5, 12.0, 12.5, 13.0, 13.5, 14.0]);
    assert_eq!(col(1), [3.0; 9]);
    assert_eq!(col(2), [-1.0, -1.0, 1.0, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]);
    assert_eq!(col(3)[1], 2.5, "a rate that is not a sum of flows is integrated as written");
}

#[test]
fn vensim_lookup_invert_area_time_base_and_delay_information() {
    let rows = mdl_series(
        "look((0,0),(1,1),(3,2),(4,2),(5,0)) ~~|\ninv = LOOKUP INVERT(look, Time * 0.5) ~~|\n\
         area = LOOKUP AREA(look, -1, Time) ~~|\nyr = TIME BASE(1970, 0.25) ~~|\n\
         di = DELAY INFORMATION(Time, 1, -1) ~~|",
        &["inv", "area", "yr", "di"],
    );
    let col = |i: usize| rows.iter().map(|r| r[i]).collect::<Vec<f64>>();
    // The smallest x where the table is TIME / 2 (0 is reached again at x = 5).
    assert_eq!(col(0), [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0]);
    // Trapezoids from x = 0 (below it the table holds 0, so from -1 adds nothing).
    assert_eq!(col(1), [0.0, 0.125, 0.5, 1.0625, 1.75, 2.5625, 3.5, 4.5, 5.5]);
    assert_eq!(col(2), [1970.0, 1970.125, 1970.25, 1970.375, 1970.5, 1970.625, 1970.75, 1970.875, 1971.0]);
    // A constant delay time: DELAY FIXED, two DTs of -1, then TIME - 1.
    assert_eq!(col(3), [-1.0, -1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]);
}

#[test]
fn vensim_vector_rank_reorder_and_lookup() {
    let rows = mdl_series(
        "D: d1, d2, d3, d4 ~~|\nv[D] = 30, 10, 20, 10 ~~|\nr[D] = VECTOR RANK(v[D], 1) ~~|\n\
         rd[D] = VECTOR RANK(v[D], -1) ~~|\no[D] = VECTOR SORT ORDER(v[D], 1) ~~|\n\
         s[D] = VECTOR REORDER(v[D], o[D]) ~~|\nbad[D] = VECTOR REORDER(v[D], o[D] + 1) ~~|\n\
         l0 = VECTOR LOOKUP(v[d1], Time - 0.5, 0, 3, 0) ~~|\nl2 = VECTOR LOOKUP(v[d1], Time - 0.5, 0, 3, 2) ~~|\n\
         l3 = VECTOR LOOKUP(v[d1], Time - 0.5, 0, 3, 3) ~~|\nl4 = VECTOR LOOKUP(v[d1], Time - 0.5, 0, 3, 4) ~~|\n\
         l1 = VECTOR LOOKUP(v[d1], Time - 0.5, 0, 3, 1) ~~|\nl7 = VECTOR LOOKUP(v[d1], Time - 0.5, 0, 3, 7) ~~|\n\
         l5 = VECTOR LOOKUP(v[d1], 5 + Time * 7.5, 0, 3, 5) ~~|\nf[D] = 2, 2, 3, 1 ~~|\n\
         lf = VECTOR LOOKUP(f[d1], 2 + Time, 0, 3, 5) ~~|",
        &[
            "r[d1]", "r[d2]", "r[d3]", "r[d4]", "rd[d1]", "rd[d2]", "rd[d3]", "rd[d4]", "s[d1]", "s[d2]", "s[d3]",
            "s[d4]", "bad[d1]", "bad[d2]", "bad[d3]", "bad[d4]", "l0", "l2", "l3", "l4", "l1", "l7", "l5", "lf",
        ],
    );
    // Ties rank in element order (d2 before d4).
    assert_eq!(rows[0][0..4], [4.0, 1.0, 3.0, 2.0]);
    assert_eq!(rows[0][4..8], [1.0, 3.0, 2.0, 4.0]);
    assert_eq!(rows[0][8..12], [10.0, 10.0, 20.0, 30.0], "reordered by the sort order: sorted");
    // Positions 2, 4, 3, 1: position 4 is past the last element.
    assert_eq!([rows[0][12], rows[0][14], rows[0][15]], [20.0, 10.0, 10.0]);
    assert!(rows[0][13].is_nan());
    // The vector as y values at x = 0, 1, 2, 3, read at TIME - 0.5 (-0.5 to 3.5).
    let col = |i: usize| rows.iter().map(|r| r[i]).collect::<Vec<f64>>();
    assert_eq!(col(16), [30.0, 30.0, 20.0, 10.0, 15.0, 20.0, 15.0, 10.0, 10.0], "clamped");
    assert_eq!(col(17), [30.0, 30.0, 30.0, 10.0, 10.0, 20.0, 20.0, 10.0, 10.0], "backward");
    assert_eq!(col(18), [40.0, 30.0, 20.0, 10.0, 15.0, 20.0, 15.0, 10.0, 5.0], "extrapolated");
    assert_eq!(col(19), [30.0, 30.0, 10.0, 10.0, 20.0, 20.0, 10.0, 10.0, 10.0], "forward");
    // Areas from x = 0 (trapezoids 20, 15, 15), the table held beyond its ends, then
    // extended: below 0 the first segment rises to 40 at -0.5, past 3 the last falls to 5.
    assert_eq!(col(20), [-15.0, 0.0, 12.5, 20.0, 26.25, 35.0, 43.75, 50.0, 55.0], "area");
    assert_eq!(col(21), [-17.5, 0.0, 12.5, 20.0, 26.25, 35.0, 43.75, 50.0, 53.75], "extrapolated area");
    // The smallest x where the table (30, 10, 20, 10) is 5 + 7.5 TIME: none below 10 or
    // above 30; between, on the first fall from 30 to 10 (20 at x = 0.5), though the
    // later segments reach 10 to 20 again.
    let na = -649_037_107_316_853_453_566_312_041_152_512.0;
    assert_eq!(col(22), [na, na, 0.875, 0.6875, 0.5, 0.3125, 0.125, na, na], "inverted");
    // A flat first segment gives its first x; 3 is first reached at the knot x = 2.
    assert_eq!(col(23)[0..4], [0.0, 1.5, 2.0, na], "inverted, flat");
}

/// A long table (the searches bisect it) with repeated knots, read at every knot, between
/// knots and beyond both ends by every lookup mode, on every backend (`run` checks they
/// agree): each value is the rule of docs/semantics.md stated as a plain forward scan.
#[test]
fn long_tables_give_every_mode_its_knot() {
    // xs: 0, 1, 1, 2, 3, 3, 3, 4, ... (every third knot repeated), ys: varied.
    let mut xs = Vec::new();
    for i in 0..200 {
        xs.push(i as f64);
        if i % 3 == 1 {
            xs.push(i as f64);
        }
    }
    let ys: Vec<f64> = (0..xs.len()).map(|i| ((i * 37) % 101) as f64 - 50.0).collect();
    let list = |v: &[f64]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",");
    let vars = format!(
        r#"<gf name="g"><xpts>{}</xpts><ypts>{}</ypts></gf>
<gf name="e" type="extrapolate"><xpts>{}</xpts><ypts>{}</ypts></gf>
<aux name="x"><eqn>TIME - 2</eqn></aux>
<aux name="cont"><eqn>g(x)</eqn></aux>
<aux name="extra"><eqn>e(x)</eqn></aux>
<aux name="fwd"><eqn>LOOKUP_FORWARD(g, x)</eqn></aux>
<aux name="bwd"><eqn>LOOKUP_BACKWARD(g, x)</eqn></aux>"#,
        list(&xs),
        list(&ys),
        list(&xs),
        list(&ys)
    );
    let r = run(&xmile(0.0, 205.0, 0.25, &vars));
    let n = xs.len();
    let last_at_or_below = |x: f64| (1..n).find(|&i| xs[i] > x).unwrap_or(n) - 1;
    let interpolate = |i: usize, x: f64| ys[i] + (x - xs[i]) / (xs[i + 1] - xs[i]) * (ys[i + 1] - ys[i]);
    for (k, &x) in series(&r, "x").iter().enumerate() {
        let cont = if x <= xs[0] {
            ys[0]
        } else if x >= xs[n - 1] {
            ys[n - 1]
        } else {
            interpolate((0..n - 1).find(|&i| xs[i + 1] > x).unwrap(), x)
        };
        // Beyond an end, the end segment's line when it has a width, else the end's y.
        let extra = if x < xs[0] && xs[1] > xs[0] {
            interpolate(0, x)
        } else if x > xs[n - 1] && xs[n - 1] > xs[n - 2] {
            interpolate(n - 2, x)
        } else {
            cont
        };
        let fwd = ys[(0..n - 1).find(|&i| xs[i] >= x).unwrap_or(n - 1)];
        let bwd = ys[last_at_or_below(x)];
        for (name, want) in [("cont", cont), ("extra", extra), ("fwd", fwd), ("bwd", bwd)] {
            let got = series(&r, name)[k];
            assert!(same_bits(got, want), "{name}({x}): got {got}, want {want}");
        }
    }
}

#[test]
fn evenly_spaced_tables_find_the_forward_scans_segment() {
    // 300 knots a tenth apart, as sums (0.30000000000000004, ...), so that the segment
    // `(x - x[0]) / (x[1] - x[0])` points to is one off next to many knots: the guess's
    // check and its fallback must give the forward scan's segment on every backend.
    let xs: Vec<f64> = (0..300).scan(-1.0, |x, _| Some(std::mem::replace(x, *x + 0.1))).collect();
    let ys: Vec<f64> = (0..xs.len()).map(|i| ((i * 53) % 97) as f64 / 7.0 - 6.0).collect();
    let list = |v: &[f64]| v.iter().map(|x| format!("{x:?}")).collect::<Vec<_>>().join(",");
    let vars = format!(
        r#"<gf name="g"><xpts>{xs}</xpts><ypts>{ys}</ypts></gf>
<gf name="e" type="extrapolate"><xpts>{xs}</xpts><ypts>{ys}</ypts></gf>
<aux name="x"><eqn>TIME * 0.1 - 2</eqn></aux>
<aux name="cont"><eqn>g(x)</eqn></aux>
<aux name="extra"><eqn>e(x)</eqn></aux>"#,
        xs = list(&xs),
        ys = list(&ys)
    );
    let r = run(&xmile(0.0, 340.0, 0.5, &vars));
    let n = xs.len();
    let interpolate = |i: usize, x: f64| ys[i] + (x - xs[i]) / (xs[i + 1] - xs[i]) * (ys[i + 1] - ys[i]);
    let mut inside = 0;
    for (k, &x) in series(&r, "x").iter().enumerate() {
        let (cont, extra) = if x <= xs[0] {
            (ys[0], interpolate(0, x))
        } else if x >= xs[n - 1] {
            (ys[n - 1], if x > xs[n - 1] { interpolate(n - 2, x) } else { ys[n - 1] })
        } else {
            inside += 1;
            let v = interpolate((0..n - 1).find(|&i| xs[i + 1] > x).unwrap(), x);
            (v, v)
        };
        let extra = if x == xs[0] { ys[0] } else { extra };
        for (name, want) in [("cont", cont), ("extra", extra)] {
            let got = series(&r, name)[k];
            assert!(same_bits(got, want), "{name}({x:?}): got {got}, want {want}");
        }
    }
    assert!(inside > 500, "{inside} reads inside the table");
}
