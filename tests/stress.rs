//! Register-pressure and edge-value stress: the classic JIT bug is a value assumed to
//! be in a register that was reused before a call. These models keep hundreds of
//! temporaries live across hundreds of host calls, nest deeply, call builtins with
//! many arguments, and feed exact-bit edge values to every rule; every backend must
//! give the vm's bits (`common::run` compares them).

mod common;

use common::{auxes, run, series, xmile};
use millrace::Backend;

/// A deterministic generator (no dependency, same sequence everywhere).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// `f1(x1) op (f2(x2) op (... op fn(xn)))`: evaluating left first keeps every
/// call's result live across all the calls to its right.
fn right_chain(rng: &mut Lcg, n: usize, leaf_vars: &[String]) -> String {
    let funcs = ["SIN", "COS", "EXP", "LN", "SQRT", "ABS", "ARCTAN", "TANH", "INT", "ROUND", "SIGN"];
    let ops = ["+", "-", "*", "/"];
    let mut text = String::new();
    let mut closing = String::new();
    for i in 0..n {
        let f = rng.pick(&funcs);
        let v = &leaf_vars[rng.below(leaf_vars.len() as u64) as usize];
        let arg = match f {
            "LN" | "SQRT" => format!("(ABS({v}) + {i}.5)"),
            "EXP" => format!("({v} / 50)"),
            _ => format!("({v} + {i})"),
        };
        if i + 1 == n {
            text.push_str(&format!("{f}{arg}"));
        } else {
            text.push_str(&format!("{f}{arg} {} (", rng.pick(&ops)));
            closing.push(')');
        }
    }
    text + &closing
}

#[test]
fn values_live_across_hundreds_of_calls() {
    let mut rng = Lcg(7);
    let leaves: Vec<String> = (0..8).map(|i| format!("v{i}")).collect();
    let mut vars = String::new();
    for (i, v) in leaves.iter().enumerate() {
        vars += &format!("<aux name=\"{v}\"><eqn>TIME * {} + {i}</eqn></aux>\n", i + 1);
    }
    for k in 0..6 {
        let eqn = right_chain(&mut rng, 200, &leaves);
        vars += &format!("<aux name=\"chain{k}\"><eqn>{}</eqn></aux>\n", common::escape(&eqn));
    }
    let r = run(&xmile(0.0, 3.0, 0.5, &vars));
    assert!(series(&r, "chain0").iter().any(|v| v.is_finite() && *v != 0.0));
}

#[test]
fn wide_calls_and_deep_conditionals() {
    let mut rng = Lcg(11);
    let terms: Vec<String> = (0..150).map(|i| format!("SIN(TIME * {} + {i})", rng.below(97) + 1)).collect();
    let wide_min = format!("MIN({})", terms.join(", "));
    let wide_max = format!("MAX({})", terms.join(", "));
    let mean = format!("MEAN({})", terms.join(", "));
    // IF c1 THEN e1 ELSE IF c2 THEN e2 ... 120 deep, with lookups and comparisons.
    let mut cond = String::from("g(TIME)");
    for i in 0..120 {
        cond = format!("IF TIME * {} MOD 7 > {} THEN g(TIME + {i}) * {} ELSE ({cond})", i + 1, i % 7, i % 5 + 1);
    }
    let vars = format!(
        "<gf name=\"g\"><xpts>0,1,2,5,8</xpts><ypts>0,3,-1,2,9</ypts></gf>\n{}",
        auxes(&[("wide_min", &wide_min), ("wide_max", &wide_max), ("mean", &mean), ("deep_if", &cond)])
    );
    let r = run(&xmile(0.0, 4.0, 0.25, &vars));
    let (lo, hi) = (series(&r, "wide_min"), series(&r, "wide_max"));
    assert!(lo.iter().zip(&hi).all(|(a, b)| a <= b));
}

/// Hundreds of variables, each a wide expression over earlier ones, stocks among them.
#[test]
fn hundreds_of_wide_equations() {
    let mut rng = Lcg(23);
    let mut vars = String::from("<stock name=\"s0\"><eqn>1</eqn><inflow>f0</inflow></stock>\n");
    vars += "<flow name=\"f0\"><eqn>x299 * 0.001</eqn></flow>\n";
    let atoms = ["TIME", "DT", "s0", "PI", "3.5", "0.25"];
    for i in 0..300 {
        let mut terms = Vec::new();
        for _ in 0..12 {
            let a = if i > 0 && rng.below(2) == 0 { format!("x{}", rng.below(i)) } else { rng.pick(&atoms).to_owned() };
            let t = match rng.below(8) {
                0 => format!("SIN({a})"),
                1 => format!("({a} MOD 3)"),
                2 => format!("MAX({a}, -1)"),
                3 => format!("SAFEDIV({a}, {a} - 1, 2)"),
                4 => format!("(IF {a} > 1 THEN {a} ELSE -{a})"),
                5 => format!("ROUND({a} * 1.5)"),
                6 => format!("({a} ^ 2)"),
                _ => a,
            };
            terms.push(t);
        }
        let eqn = format!("({}) / 12", terms.join(" + "));
        vars += &format!("<aux name=\"x{i}\"><eqn>{}</eqn></aux>\n", common::escape(&eqn));
    }
    let r = run(&xmile(0.0, 5.0, 0.125, &vars));
    assert_eq!(series(&r, "x299").len(), 41);
}

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
}

/// A submodel too big to inline (so the jit calls its shared code with each instance's
/// base), with small stdlib instances inlined inside it, instantiated five times with
/// distinct per-instance constants; its stocks and a pipeline delay keep state.
#[test]
fn large_shared_submodels_with_per_instance_overrides() {
    let mut sub = String::from(
        "<aux name=\"in\" access=\"input\"><eqn>0</eqn></aux>\n<aux name=\"k\"><eqn>1</eqn></aux>\n\
         <stock name=\"acc\"><eqn>k</eqn><inflow>gain</inflow></stock>\n<flow name=\"gain\"><eqn>y99 * 0.01</eqn></flow>\n",
    );
    for i in 0..100 {
        let prev = if i == 0 { "in * k + acc".to_owned() } else { format!("y{}", i - 1) };
        let eqn = match i % 4 {
            0 => format!("SMTH1({prev}, 2 + k)"),
            1 => format!("{prev} * 0.99 + SIN(TIME + {i})"),
            2 => format!("DELAY({prev}, 0.5)"),
            _ => format!("MAX({prev}, -{i}) + PREVIOUS({prev}, 1)"),
        };
        sub += &format!("<aux name=\"y{i}\"><eqn>{}</eqn></aux>\n", common::escape(&eqn));
    }
    let mut root = String::from("<aux name=\"driver\"><eqn>TIME * 2</eqn></aux>\n");
    let mut total = Vec::new();
    for m in 0..5 {
        root += &format!(
            "<module name=\"big{m}\" model_name=\"big\"><connect to=\"big{m}.in\" from=\"driver\"/></module>\n"
        );
        total.push(format!("big{m}.y99"));
    }
    root += &format!("<aux name=\"total\"><eqn>{}</eqn></aux>\n", total.join(" + "));
    let text = xmile(0.0, 3.0, 0.25, &root)
        .replace("</xmile>", &format!("<model name=\"big\"><variables>\n{sub}</variables></model></xmile>"));
    let model = common::compile(&text);
    // Distinct overrides per instance, on every backend, compared with the vm.
    let overrides: Vec<(String, f64)> = (0..5).map(|m| (format!("big{m}.k"), 1.0 + m as f64)).collect();
    let vm = model.run(millrace::Backend::Vm, &overrides).unwrap();
    for backend in millrace::Backend::ALL {
        let other = model.run(backend, &overrides).unwrap();
        common::assert_same(&vm, &other, backend.name());
    }
    let y0 = series(&vm, "big0.y99");
    let y4 = series(&vm, "big4.y99");
    assert_ne!(y0, y4, "instances keep their own constants");
}

/// A deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// A random expression of about `depth` levels over the model's variables, using every
/// operator, builtin, lookup and IF.
fn expression(rng: &mut Rng, depth: u32) -> String {
    const LEAVES: [&str; 10] = ["a", "b", "c", "TIME", "DT", "s", "0.5", "-3", "1e-3", "2.25"];
    if depth == 0 {
        return rng.pick(&LEAVES).to_owned();
    }
    let mut sub = || expression(rng, depth - 1);
    let (x, y, z) = (sub(), sub(), sub());
    match rng.next() % 24 {
        0 => format!("({x} + {y})"),
        1 => format!("({x} - {y})"),
        2 => format!("({x} * {y})"),
        3 => format!("({x} / {y})"),
        4 => format!("({x} ^ 0.5)"),
        5 => format!("({x} MOD {y})"),
        6 => format!("(IF {x} > {y} THEN {z} ELSE {x} - {z})"),
        7 => format!("(IF ({x} = {y}) OR NOT ({z} <> {x}) THEN {y} ELSE {z})"),
        8 => format!("(IF {x} <= {y} AND {y} >= {z} THEN {x} ELSE {y} * {z})"),
        9 => format!("MIN({x}, MAX({y}, {z}))"),
        10 => format!("ABS({x}) + SQRT(ABS({y}))"),
        11 => format!("INT({x}) + ROUND({y})"),
        12 => format!("SIGN({x}) * {y}"),
        13 => format!("SAFEDIV({x}, {y}, {z})"),
        14 => format!("EXP(MIN({x}, 5)) - LN(ABS({y}) + 1)"),
        15 => format!("LOG10(ABS({x}) + 1) + SIN({y}) * COS({z})"),
        16 => format!("TAN({x}) + ARCTAN({y})"),
        17 => format!("ARCSIN(MIN(1, MAX(-1, {x}))) + ARCCOS(MIN(1, MAX(-1, {y})))"),
        18 => format!("SINH(MIN({x}, 3)) + COSH(MIN({y}, 3)) + TANH({z})"),
        19 => format!("g({x}) + g({y})"),
        20 => format!("LOOKUP(g, {x}) + LOOKUP_FORWARD(g, {y}) - LOOKUP_BACKWARD(h, {z}) + h({x})"),
        21 => format!("-{x}"),
        22 => format!("({x} < {y}) + ({y} > {z})"),
        _ => format!("PREVIOUS(s, {x}) + INIT(c) * {y}"),
    }
}

fn register_heavy_model(seed: u64, equations: usize, depth: u32) -> String {
    let mut rng = Rng(seed);
    let mut vars = String::from(
        r#"<aux name="a"><eqn>1.5</eqn></aux>
<aux name="b"><eqn>-0.75</eqn></aux>
<aux name="c"><eqn>TIME * 0.3 - 1</eqn></aux>
<stock name="s"><eqn>2</eqn><inflow>f</inflow></stock>
<flow name="f"><eqn>e0 * 0.001</eqn></flow>
<aux name="g"><eqn>0</eqn><gf><xscale min="-2" max="2"/><ypts>0,1,0.5,3,-1</ypts></gf></aux>
<aux name="h"><eqn>0</eqn><gf type="discrete"><xpts>-1,0,0.5,0.5,4</xpts><ypts>2,-1,0.25,7,3</ypts></gf></aux>
"#,
    );
    for i in 0..equations {
        let e = expression(&mut rng, depth);
        vars.push_str(&format!("<aux name=\"e{i}\"><eqn>{}</eqn></aux>\n", common::escape(&e)));
    }
    common::xmile(0.0, 5.0, 0.25, &vars)
}

#[test]
fn register_heavy_expressions_are_bit_identical() {
    for seed in [1u64, 7, 12345] {
        let text = register_heavy_model(seed, 4, 7);
        let model = common::compile(&text);
        let size: usize = model
            .program()
            .modules
            .iter()
            .flat_map(|m| m.all_stmts())
            .flat_map(|s| s.exprs())
            .map(|e| e.size())
            .max()
            .unwrap_or(0);
        assert!(size > 300, "seed {seed}: the largest expression has only {size} nodes");
        let vm = model.run(Backend::Vm, &[]).unwrap();
        for backend in Backend::ALL {
            common::assert_same(&vm, &model.run(backend, &[]).unwrap(), backend.name());
        }
    }
}

#[test]
fn deep_nesting_does_not_break_lowering() {
    // 400 nested operations in one equation, with calls at every level.
    let mut e = String::from("a");
    for i in 0..400 {
        e = match i % 4 {
            0 => format!("({e} + SIN(b))"),
            1 => format!("MAX({e}, b) * 0.999"),
            2 => format!("IF {e} > 0 THEN {e} ELSE 1"),
            _ => format!("({e} - EXP(b) / 3)"),
        };
        if e.len() > 20_000 {
            break;
        }
    }
    let text = common::xmile(0.0, 2.0, 1.0, &common::auxes(&[("a", "0.5"), ("b", "0.25"), ("deep", &e)]));
    run(&text);
}

#[test]
fn special_values_through_every_operator_agree() {
    // Overrides feed NaN, infinities, signed zeros and near-equal values into each rule.
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
    ];
    let mut sims: Vec<_> = Backend::ALL.iter().map(|&b| (b, model.simulation(b).unwrap())).collect();
    let key = |v: f64| if v.is_nan() { u64::MAX } else { v.to_bits() };
    for &x in &values {
        for &y in &values {
            for (_, sim) in &mut sims {
                sim.reset().unwrap();
                sim.set_by_name("x", x).unwrap();
                sim.set_by_name("y", y).unwrap();
                sim.run_to(0.0).unwrap();
            }
            for (name, _) in exprs {
                let vm = sims[0].1.get_by_name(name).unwrap();
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
}
