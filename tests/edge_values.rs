//! Edge values through every numeric rule, on every backend: exact-bit literals
//! (ULP distances, signed zeros, NaN, infinities, halves, knots), and a grid of special
//! values fed by set_value into every operator. Every backend must give the vm's bits,
//! and the vm's bits must be today's: `tests/snapshots/edge_values*.txt` (regenerated
//! only on purpose, with `MILLRACE_BLESS=1`, docs/testing.md).
//! (Models that stress register allocation are rows of the parity matrix, `matrix.rs`.)

mod common;

use common::snapshot::{Snapshot, bits, sha256};
use common::{auxes, run, series, xmile};
use millrace::Backend;

/// Exact-bit edge values for every rule: ULP distances, signed zeros, NaN, infinities,
/// halves, knots. Literals are written in shortest round-trip form so they parse to
/// exactly these bits.
#[test]
fn edge_values_agree_bit_for_bit() {
    let x = 1234.5678f64;
    let up = |n: u64| f64::from_bits(x.to_bits() + n);
    let lit = |v: f64| format!("{v:?}");
    let exprs = vec![
        format!("IF {} = {} THEN 1 ELSE 0", lit(x), lit(up(4))),
        format!("IF {} = {} THEN 1 ELSE 0", lit(x), lit(up(5))),
        format!("IF {} <> {} THEN 1 ELSE 0", lit(-x), lit(-up(3))),
        "IF 1e-300 = -1e-300 THEN 1 ELSE 0".into(),
        "IF INF = INF THEN 1 ELSE 0".into(),
        "IF NAN = NAN THEN 1 ELSE 0".into(),
        format!("IF {} = INF THEN 1 ELSE 0", lit(f64::MAX)),
        "MIN(-0, 0)".into(),
        "MIN(0, -0)".into(),
        "MAX(-0, 0)".into(),
        "MIN(NAN, 1)".into(),
        "MAX(1, NAN)".into(),
        "ROUND(0.49999999999999994)".into(),
        "ROUND(-0.5)".into(),
        "ROUND(2.5)".into(),
        "ROUND(-0.3)".into(),
        "ROUND(4503599627370497)".into(),
        "ROUND(NAN)".into(),
        "ROUND(-INF)".into(),
        "SIGN(-0)".into(),
        "SIGN(NAN)".into(),
        "INT(-0.5)".into(),
        "-5 MOD 3".into(),
        "5.5 MOD -2".into(),
        "1 MOD 0".into(),
        "SAFEDIV(1, -0, 7)".into(),
        "0 / 0".into(),
        "-1 / 0".into(),
        "IF NAN THEN 1 ELSE 2".into(),
        "IF 2.2e-16 THEN 1 ELSE 2".into(),
        "IF 2.3e-16 THEN 1 ELSE 2".into(),
        "NOT NAN".into(),
        "NAN AND 1".into(),
        "0 OR -0".into(),
        "g(NAN)".into(),
        "g(-1e308)".into(),
        "g(1)".into(),
        "g(1.0000000000000002)".into(),
        "e(-3)".into(),
        "e(12)".into(),
        "e(3)".into(),
        "d(2)".into(),
        "d(1.9999999999999998)".into(),
        "LOOKUP_FORWARD(g, 1.5)".into(),
        "LOOKUP_FORWARD(g, 100)".into(),
        "LOOKUP_BACKWARD(g, -100)".into(),
        "LOOKUP_BACKWARD(g, 1)".into(),
        "one(5)".into(),
        "one(-5)".into(),
        "x1(-1)".into(),
        "2 ^ -1074".into(),
        "(-8) ^ (1/3)".into(),
        "LN(-1)".into(),
        "SQRT(-0)".into(),
        "EXP(710)".into(),
        "ARCCOS(2)".into(),
    ];
    let pairs: Vec<(String, String)> = exprs.iter().enumerate().map(|(i, e)| (format!("e{i}"), e.clone())).collect();
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(n, e)| (n.as_str(), e.as_str())).collect();
    let tables = r#"
<gf name="g"><xpts>0,1,1,2,4</xpts><ypts>1,2,5,-3,0.5</ypts></gf>
<gf name="e" type="extrapolate"><xpts>0,1,2,2</xpts><ypts>1,3,4,10</ypts></gf>
<gf name="d" type="discrete"><xpts>0,1,2</xpts><ypts>7,8,9</ypts></gf>
<gf name="one"><xpts>3</xpts><ypts>42</ypts></gf>
<gf name="x1" type="extrapolate"><xpts>3</xpts><ypts>42</ypts></gf>
"#;
    let r = run(&xmile(0.0, 1.0, 1.0, &format!("{tables}{}", auxes(&refs))));
    let v = |i: usize| series(&r, &format!("e{i}"))[0];
    assert_eq!(v(0), 1.0, "4 ULPs apart are equal");
    assert_eq!(v(1), 0.0, "5 ULPs apart are not");
    assert_eq!(v(7).to_bits(), (-0.0f64).to_bits(), "MIN(-0, 0) is -0");
    assert_eq!(v(12), 0.0);
    let mut snapshot = Snapshot::new("edge_values_literals");
    for (i, e) in exprs.iter().enumerate() {
        snapshot.record(format!("e{i:02} {e}"), bits(v(i)));
    }
    snapshot.finish();
}

#[test]
fn special_values_through_every_operator_agree() {
    // Overrides feed NaN, infinities, signed zeros, subnormals and near-equal values into
    // each rule.
    let exprs = [
        ("eq", "x = y"),
        ("ne", "x <> y"),
        ("lt", "x < y"),
        ("ge", "x >= y"),
        ("and", "x AND y"),
        ("or", "x OR y"),
        ("not", "NOT x"),
        ("if", "IF x THEN 1 ELSE 2"),
        ("mn", "MIN(x, y)"),
        ("mx", "MAX(x, y)"),
        ("rnd", "ROUND(x)"),
        ("int", "INT(x)"),
        ("sgn", "SIGN(x)"),
        ("sd", "SAFEDIV(x, y, 7)"),
        ("md", "x MOD y"),
        ("pw", "x ^ y"),
        ("lk", "g(x)"),
        ("neg", "-x"),
        // The jit multiplies by the reciprocal of a power-of-two literal divisor
        // (exact when the reciprocal is normal: 2^-1022 yes, 2^1023 no), and branches
        // on an IF whose arms divide or call, instead of evaluating both.
        ("half", "x / 2"),
        ("dbl", "x / 0.5"),
        ("unit", "x / 1"),
        ("mq", "x / -4"),
        ("tiny", "x / 2.2250738585072014e-308"),
        ("huge", "x / 8.98846567431158e307"),
        ("third", "x / 3"),
        ("lazy", "IF x THEN LN(y) ELSE x / y"),
        ("lazy2", "IF x > y THEN g(x) ELSE y ^ x"),
    ];
    let mut vars = common::auxes(&[("x", "1"), ("y", "2")]);
    vars.push_str(
        r#"<aux name="g"><eqn>0</eqn><gf type="extrapolate"><xpts>-1,0,0,2</xpts><ypts>5,1,3,-2</ypts></gf></aux>"#,
    );
    vars.push_str(&common::auxes(&exprs));
    let model = common::compile(&common::xmile(0.0, 1.0, 1.0, &vars));
    let values = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.5,
        -2.5,
        1e-17,
        f64::EPSILON,
        0.1 + 0.2,
        0.3,
        f64::from_bits(1.0f64.to_bits() + 4),
        f64::from_bits(1.0f64.to_bits() + 5),
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        4503599627370497.0,
        -3.0,
        2.0,
        5e-324,
        -2.2250738585072014e-308,
        1e-310,
    ];
    let mut sims: Vec<_> = Backend::ALL.iter().map(|&b| (b, model.simulation(b).unwrap())).collect();
    let key = |v: f64| if v.is_nan() { u64::MAX } else { v.to_bits() };
    // The vm's value of each expression for every y, one digest per (expression, x).
    let mut snapshot = Snapshot::new("edge_values_grid");
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); exprs.len() * values.len()];
    for (ix, &x) in values.iter().enumerate() {
        for &y in &values {
            for (_, sim) in &mut sims {
                sim.reset().unwrap();
                sim.set_by_name("x", x).unwrap();
                sim.set_by_name("y", y).unwrap();
                sim.run_to(0.0).unwrap();
            }
            for (k, (name, _)) in exprs.iter().enumerate() {
                let vm = sims[0].1.get_by_name(name).unwrap();
                rows[k * values.len() + ix].push(bits(vm));
                for (backend, sim) in &sims[1..] {
                    let other = sim.get_by_name(name).unwrap();
                    assert_eq!(
                        key(vm),
                        key(other),
                        "{name} with x = {x:?}, y = {y:?}: vm {vm:?}, {} {other:?}",
                        backend.name()
                    );
                }
            }
        }
    }
    for (k, (name, expr)) in exprs.iter().enumerate() {
        for (ix, x) in values.iter().enumerate() {
            snapshot.record(
                format!("{k:02} {name} = {expr}; x = {x:?}"),
                sha256(rows[k * values.len() + ix].join(" ").as_bytes()),
            );
        }
    }
    snapshot.finish();
}
