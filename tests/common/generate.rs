//! Generated models for the parity matrix: register pressure (values live across many
//! calls, wide calls, deep nesting, hundreds of wide equations, random expressions of
//! every operator), code shared by many instances (a large submodel, every stdlib
//! function tens of times), each with per-instance constants to override.
//! Deterministic: a seed gives the same model everywhere.

use super::{auxes, escape, xmile};

/// A small deterministic generator (no dependency, same sequence everywhere).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn aux(name: &str, eqn: &str) -> String {
    format!("<aux name=\"{name}\"><eqn>{}</eqn></aux>\n", escape(eqn))
}

/// `f1(x1) op (f2(x2) op (... op fn(xn)))`: evaluating left first keeps every call's
/// result live across all the calls to its right.
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

/// Six equations each keeping 200 call results live across the calls to their right.
pub fn live_across_calls() -> String {
    let mut rng = Lcg(7);
    let leaves: Vec<String> = (0..8).map(|i| format!("v{i}")).collect();
    let mut vars = String::new();
    for (i, v) in leaves.iter().enumerate() {
        vars += &aux(v, &format!("TIME * {} + {i}", i + 1));
    }
    for k in 0..6 {
        vars += &aux(&format!("chain{k}"), &right_chain(&mut rng, 200, &leaves));
    }
    xmile(0.0, 3.0, 0.5, &vars)
}

/// MIN, MAX and MEAN of 150 arguments; an IF chain 120 deep with lookups.
pub fn wide_calls_and_deep_ifs() -> String {
    let mut rng = Lcg(11);
    let terms: Vec<String> = (0..150).map(|i| format!("SIN(TIME * {} + {i})", rng.below(97) + 1)).collect();
    let mut cond = String::from("g(TIME)");
    for i in 0..120 {
        cond = format!("IF TIME * {} MOD 7 > {} THEN g(TIME + {i}) * {} ELSE ({cond})", i + 1, i % 7, i % 5 + 1);
    }
    let vars = format!(
        "<gf name=\"g\"><xpts>0,1,2,5,8</xpts><ypts>0,3,-1,2,9</ypts></gf>\n{}",
        auxes(&[
            ("wide_min", &format!("MIN({})", terms.join(", "))),
            ("wide_max", &format!("MAX({})", terms.join(", "))),
            ("mean", &format!("MEAN({})", terms.join(", "))),
            ("deep_if", &cond),
        ])
    );
    xmile(0.0, 4.0, 0.25, &vars)
}

/// 300 variables, each a 12-term expression over earlier ones, a stock among them.
pub fn hundreds_of_equations() -> String {
    let mut rng = Lcg(23);
    let mut vars = String::from("<stock name=\"s0\"><eqn>1</eqn><inflow>f0</inflow></stock>\n");
    vars += "<flow name=\"f0\"><eqn>x299 * 0.001</eqn></flow>\n";
    let atoms = ["TIME", "DT", "s0", "PI", "3.5", "0.25"];
    for i in 0..300 {
        let mut terms = Vec::new();
        for _ in 0..12 {
            let a = if i > 0 && rng.below(2) == 0 { format!("x{}", rng.below(i)) } else { rng.pick(&atoms).to_owned() };
            terms.push(match rng.below(8) {
                0 => format!("SIN({a})"),
                1 => format!("({a} MOD 3)"),
                2 => format!("MAX({a}, -1)"),
                3 => format!("SAFEDIV({a}, {a} - 1, 2)"),
                4 => format!("(IF {a} > 1 THEN {a} ELSE -{a})"),
                5 => format!("ROUND({a} * 1.5)"),
                6 => format!("({a} ^ 2)"),
                _ => a,
            });
        }
        vars += &aux(&format!("x{i}"), &format!("({}) / 12", terms.join(" + ")));
    }
    xmile(0.0, 5.0, 0.125, &vars)
}

/// A random expression of about `depth` levels over the model's variables, using every
/// operator, builtin, lookup and IF.
fn expression(rng: &mut Lcg, depth: u32) -> String {
    const LEAVES: [&str; 10] = ["a", "b", "c", "TIME", "DT", "s", "0.5", "-3", "1e-3", "2.25"];
    if depth == 0 {
        return rng.pick(&LEAVES).to_owned();
    }
    let mut sub = || expression(rng, depth - 1);
    let (x, y, z) = (sub(), sub(), sub());
    match rng.below(24) {
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

/// `equations` random expressions of `depth` levels (7 levels: hundreds of nodes each).
pub fn random_expressions(seed: u64, equations: usize, depth: u32) -> String {
    let mut rng = Lcg(seed);
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
        vars += &aux(&format!("e{i}"), &expression(&mut rng, depth));
    }
    xmile(0.0, 5.0, 0.25, &vars)
}

/// One equation of 400 nested operations with calls at every level.
pub fn deep_nesting() -> String {
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
    xmile(0.0, 2.0, 1.0, &auxes(&[("a", "0.5"), ("b", "0.25"), ("deep", &e)]))
}

/// A submodel too big for the jit to inline (it calls the shared code with each
/// instance's base), small stdlib instances inside it, five instances with their own
/// constant `k`, stocks and a pipeline delay keeping state.
pub fn large_shared_submodel() -> String {
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
        sub += &aux(&format!("y{i}"), &eqn);
    }
    instances_of(&sub, "big", 5, "y99", 3.0, 0.25)
}

/// `n` instances `{model}{i}` of submodel `model` (variables `sub`, input `in` wired to
/// the root's `driver`), and a root `total` of their `output`s.
fn instances_of(sub: &str, model: &str, n: usize, output: &str, stop: f64, dt: f64) -> String {
    let mut root = aux("driver", "TIME * 2 + 1");
    let mut total = Vec::new();
    for m in 0..n {
        root += &format!(
            "<module name=\"{model}{m}\" model_name=\"{model}\"><connect to=\"{model}{m}.in\" from=\"driver\"/></module>\n"
        );
        total.push(format!("{model}{m}.{output}"));
    }
    root += &aux("total", &total.join(" + "));
    xmile(0.0, stop, dt, &root)
        .replace("</xmile>", &format!("<model name=\"{model}\"><variables>\n{sub}</variables></model></xmile>"))
}

/// One small submodel with a stock, instantiated `n` times; each instance has its own
/// constant `k` (so `sub0.k`, `sub1.k`... can be overridden apart).
pub fn many_submodel_instances(n: usize) -> String {
    let sub = "<aux name=\"in\" access=\"input\"><eqn>0</eqn></aux>\n<aux name=\"k\"><eqn>2</eqn></aux>\n\
               <stock name=\"level\"><eqn>k</eqn><inflow>rise</inflow></stock>\n\
               <flow name=\"rise\"><eqn>(in - level) / k</eqn></flow>\n<aux name=\"out\"><eqn>level * k + in</eqn></aux>\n";
    instances_of(sub, "sub", n, "out", 4.0, 0.25)
}

/// Every XMILE/Stella random function in a submodel instantiated `n` times (each
/// instance its own draws and its own constants `m`, `sd`), feeding a stock through a
/// loop, plus calls with their own seed and calls inside SMTH1 (an implicit instance).
pub fn random_functions(n: usize) -> String {
    let sub = [
        ("m", "3"),
        ("sd", "1.5"),
        ("u", "RANDOM(0, m) + RANDOM(0, m, 4)"),
        ("nrm", "NORMAL(m, sd) + NORMAL(m, sd, 8)"),
        ("lgn", "LOGNORMAL(0.1 * m, 0.2)"),
        ("poi", "POISSON(m) + POISSON(40 * m)"),
        ("exn", "EXPRND(m)"),
        ("bet", "BETA(2, m)"),
        ("bin", "BINOMIAL(20, 0.1 * m) + BINOMIAL(2000, 0.2)"),
        ("gam", "GAMMA(m, sd) + GAMMA(0.3, 1)"),
        ("geo", "GEOMETRIC(0.1 * m)"),
        ("lgs", "LOGISTIC(m, sd)"),
        ("nbi", "NEGBINOMIAL(m, 0.4)"),
        ("par", "PARETO(m, sd)"),
        ("tri", "TRIANGULAR(0, m, 2 * m)"),
        ("wei", "WEIBULL(sd, m)"),
        ("smooth", "SMTH1(NORMAL(in, 1), 2)"),
    ];
    let mut vars: String = sub.iter().map(|(name, eqn)| aux(name, eqn)).collect();
    vars += "<aux name=\"in\" access=\"input\"><eqn>0</eqn></aux>\n\
             <stock name=\"level\"><eqn>NORMAL(10, 1)</eqn><inflow>rise</inflow></stock>\n\
             <flow name=\"rise\"><eqn>NORMAL(0, sd) - level * 0.1 + in * 0.01</eqn></flow>\n";
    vars +=
        &aux("out", "level + u + nrm + lgn + poi + exn + bet + bin + gam + geo + lgs + nbi + par + tri + wei + smooth");
    instances_of(&vars, "noise", n, "out", 5.0, 0.25)
}

/// Every Vensim random function (`.mdl` text), with stream 0 (the run seed) and others.
pub fn vensim_random_functions() -> String {
    let body = "k = 2 ~~|\nu = RANDOM UNIFORM(0, k, 0) ~~|\nn = RANDOM NORMAL(-1, 2, 0, 1, 0) + RANDOM NORMAL(-k, k, 0, 1, 5) ~~|\n\
        e = RANDOM EXPONENTIAL(0, 50, k, 2, 0) ~~|\np = RANDOM POISSON(0, 100, 4, 1, 1, 0) ~~|\n\
        g = RANDOM GAMMA(0, 100, k, 0, 1, 0) ~~|\nb = RANDOM BETA(0, 1, 2, 3, 0, 1, 0) ~~|\n\
        bi = RANDOM BINOMIAL(0, 20, 0.3, 20, 0, 1, 0) ~~|\nnb = RANDOM NEGATIVE BINOMIAL(0, 100, 0.4, 3, 0, 1, 0) ~~|\n\
        t = RANDOM TRIANGULAR(0, 4, 0, 1, 4, 0) ~~|\nw = RANDOM WEIBULL(0, 100, 1.5, 0, 2, 0) ~~|\n\
        l = RANDOM LOGNORMAL(0, 100, 2, 1, 0) ~~|\nz = RANDOM 0 1() ~~|\n\
        s = INTEG(u + n - s * 0.1, RANDOM NORMAL(0, 10, 5, 1, 0)) ~~|\n";
    format!("{{UTF-8}}\n{body}INITIAL TIME = 0 ~~|\nFINAL TIME = 6 ~~|\nTIME STEP = 0.25 ~~|\nSAVEPER = 0.5 ~~|\n")
}

/// Vensim's lookup, time and vector functions that the reader writes out as chains of
/// IFs (LOOKUP INVERT and LOOKUP AREA over a 150-point table that rises and falls, so
/// the chains are cut into helpers; VECTOR LOOKUP over 70 elements in every supported
/// mode; VECTOR RANK, VECTOR REORDER with ties; TIME BASE; DELAY INFORMATION), read at
/// values that move through the tables, outside them and onto their knots.
pub fn vensim_lookup_and_vector_functions() -> String {
    let points: Vec<String> = (0..150)
        .map(|i| {
            let x = i as f64 * 0.1;
            let y = ((i * 37) % 23) as f64 * 0.25 - 1.0;
            format!("({x},{y})")
        })
        .collect();
    let values: Vec<String> = (0..70).map(|i| (((i * 53) % 31) as f64 * 0.5 - 3.0).to_string()).collect();
    let body = format!(
        "tbl({}) ~~|\nx = -1 + Time * 1.7 ~~|\ny = -2 + Time * 0.55 ~~|\n\
         inv = LOOKUP INVERT(tbl, y) ~~|\narea = LOOKUP AREA(tbl, x * 0.5, x) ~~|\n\
         yr = TIME BASE(2000, 1 / 12) ~~|\ndi = DELAY INFORMATION(x, 1.5, -3) ~~|\n\
         E: (e1-e70) ~~|\nv[E] = {} ~~|\nw[E] = v[E] * SIN(Time + E) ~~|\n\
         r[E] = VECTOR RANK(w[E], 1) ~~|\nrd[E] = VECTOR RANK(v[E], -1) ~~|\no[E] = VECTOR SORT ORDER(w[E], -1) ~~|\n\
         s[E] = VECTOR REORDER(w[E], o[E]) ~~|\n\
         l0 = VECTOR LOOKUP(w[e1], x, 0, 13.8, 0) ~~|\nl2 = VECTOR LOOKUP(w[e1], x, 0, 13.8, 2) ~~|\n\
         l3 = VECTOR LOOKUP(w[e1], x, 0, 13.8, 3) ~~|\nl4 = VECTOR LOOKUP(v[e1], x, y, 13.8, 4) ~~|\n\
         l1 = VECTOR LOOKUP(w[e1], x, 0, 13.8, 1) ~~|\nl7 = VECTOR LOOKUP(w[e1], y, 0, 13.8, 7) ~~|\n\
         l5 = VECTOR LOOKUP(w[e1], y, 0, 13.8, 5) ~~|\nl5v = VECTOR LOOKUP(v[e1], y, 0, 13.8, 5) ~~|\n",
        points.join(","),
        values.join(", ")
    );
    format!("{{UTF-8}}\n{body}INITIAL TIME = 0 ~~|\nFINAL TIME = 10 ~~|\nTIME STEP = 0.125 ~~|\nSAVEPER = 0.5 ~~|\n")
}

/// Every stdlib function called `n` times with distinct literal arguments: each call
/// site is its own instance with per-instance constants (`s3@SMTH1.averaging_time`...).
pub fn many_stdlib_instances(n: usize) -> String {
    let mut vars = aux("x", "10 + STEP(5, 1) - RAMP(1, 2, 4) + PULSE(3, 1.5, 1)");
    for i in 0..n {
        let t = 1.0 + i as f64 * 0.25;
        let calls = [
            format!("SMTH1(x, {t})"),
            format!("SMTH3(x, {t}, {i})"),
            format!("SMTHN(x, {t}, {})", 2 + i % 4),
            format!("DELAY1(x, {t})"),
            format!("DELAY3(x, {t}, 1)"),
            format!("DELAYN(x, {t}, {}, 2)", 2 + i % 3),
            format!("DELAY(x, {t}, {i})"),
            format!("TREND(x, {t})"),
            format!("FORCST(x, {t}, 2)"),
            format!("NPV(x, 0.0{}, 1)", i % 9 + 1),
        ];
        for (j, call) in calls.iter().enumerate() {
            vars += &aux(&format!("f{j}_{i}"), call);
        }
    }
    xmile(0.0, 6.0, 0.25, &vars)
}

/// `<dimensions>` declaring `dims` (`(name, n)`: elements `name1` .. `name{n}`), put
/// before the first model of `doc`.
fn with_dimensions(doc: &str, dims: &[(&str, usize)]) -> String {
    let decl: String = dims
        .iter()
        .map(|(d, n)| {
            let elems: String = (1..=*n).map(|i| format!("<elem name=\"{}{i}\"/>", d.to_lowercase())).collect();
            format!("<dim name=\"{d}\">{elems}</dim>\n")
        })
        .collect();
    doc.replacen("<model>", &format!("<dimensions>\n{decl}</dimensions>\n<model>"), 1)
}

/// An arrayed variable's XML: `kind` (aux, flow, stock), its dimensions, equation and
/// extra children (inflows...).
fn arrayed(kind: &str, name: &str, dims: &[&str], eqn: &str, extra: &str) -> String {
    let dims: String = dims.iter().map(|d| format!("<dim name=\"{d}\"/>")).collect();
    format!("<{kind} name=\"{name}\"><dimensions>{dims}</dimensions><eqn>{}</eqn>{extra}</{kind}>\n", escape(eqn))
}

/// Arrays under register pressure: apply-to-all equations over three dimensions
/// (12 x 5 x 3) reading many elements at once, arrayed stocks and flows with a smooth
/// per element, array functions and vector functions whose expansion is wide.
pub fn arrayed_register_heavy() -> String {
    let mut vars = arrayed("aux", "base", &["R"], "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12", "");
    vars += &arrayed("aux", "w", &["S"], "0.5, -1, 2, 0.25, 3", "");
    vars += &arrayed("aux", "cube", &["R", "S", "T"], "base[R] * w[S] + T * SIN(TIME + R) - S / (1 + T)", "");
    vars += &arrayed(
        "aux",
        "wide",
        &["R"],
        &(0..12)
            .map(|i| format!("base[{}] * cube[R, {}, {}]", i + 1, i % 5 + 1, i % 3 + 1))
            .collect::<Vec<_>>()
            .join(" + "),
        "",
    );
    vars += &arrayed("stock", "level", &["R", "S"], "base[R] + w[S]", "<inflow>grow</inflow><non_negative/>");
    vars += &arrayed(
        "flow",
        "grow",
        &["R", "S"],
        "SMTH1(SUM(cube[R, S, *]) - level[R, S] * 0.1, 2) + PREVIOUS(wide[R], 0)",
        "",
    );
    vars += &arrayed("aux", "share", &["R"], "wide[R] / SUM(wide[*])", "");
    vars += &arrayed("aux", "order", &["R"], "VECTOR SORT ORDER(wide[R], 1)", "");
    vars += &arrayed("aux", "picked", &["S"], "VECTOR SELECT(base[*] - 6, level[*, S], -1, 3, 0)", "");
    vars += &aux("spread", "STDDEV(level) + MIN(cube) * MAX(cube) + PROD(w[*]) + MEAN(share)");
    with_dimensions(&xmile(0.0, 4.0, 0.5, &vars), &[("R", 12), ("S", 5), ("T", 3)])
}

/// Arrays inside a submodel instantiated three times: each instance has its own arrayed
/// constant (`sub0.k[d2]` and `sub1.k[d2]` are overridden apart) and arrayed stock.
pub fn arrayed_instances() -> String {
    let sub = String::from("<aux name=\"in\" access=\"input\"><eqn>0</eqn></aux>\n")
        + &arrayed("aux", "k", &["D"], "1, 2, 3, 4", "")
        + &arrayed("stock", "level", &["D"], "k[D]", "<inflow>rise</inflow>")
        + &arrayed("flow", "rise", &["D"], "(in * k[D] - level[D]) / (1 + D)", "")
        + &aux("out", "SUM(level[*]) + MAX(k)");
    with_dimensions(&instances_of(&sub, "sub", 3, "out", 4.0, 0.25), &[("D", 4)])
}
