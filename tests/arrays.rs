//! Arrays end to end (docs/semantics.md, Arrays): each construct on a small model, run
//! on every backend (`common::run` requires the vm's bits from each).

mod common;

use common::{escape, run, series};
use millrace::{Backend, Model};

/// A document declaring `dims` (`name: e1 e2 ...`) with the given variables, 0..2 dt 1.
fn doc(dims: &[&str], variables: &str) -> String {
    let dims: String = dims
        .iter()
        .map(|d| {
            let (name, elems) = d.split_once(':').expect("name: elements");
            let elems: String = elems.split_whitespace().map(|e| format!("<elem name=\"{e}\"/>")).collect();
            format!("<dim name=\"{name}\">{elems}</dim>\n")
        })
        .collect();
    format!(
        "<xmile version=\"1.0\" xmlns=\"http://docs.oasis-open.org/xmile/ns/XMILE/v1.0\">\n\
         <sim_specs><start>0</start><stop>2</stop><dt>1</dt></sim_specs>\n<dimensions>\n{dims}</dimensions>\n\
         <model><variables>\n{variables}\n</variables></model>\n</xmile>"
    )
}

/// `<aux name="n"><dimensions>..</dimensions><eqn>e</eqn></aux>`; no dims: a scalar.
fn aux(name: &str, dims: &[&str], eqn: &str) -> String {
    let dims: String = dims.iter().map(|d| format!("<dim name=\"{d}\"/>")).collect();
    let dims = if dims.is_empty() { String::new() } else { format!("<dimensions>{dims}</dimensions>") };
    format!("<aux name=\"{name}\">{dims}<eqn>{}</eqn></aux>\n", escape(eqn))
}

fn first(results: &millrace::engine::results::Results, name: &str) -> f64 {
    series(results, name)[0]
}

#[test]
fn apply_to_all_indexes_each_operand_by_dimension_name() {
    let vars = [
        aux("x", &["D"], "1, 2, 3"),
        aux("y", &["E"], "10, 20"),
        // Reordered dimensions: t[e, d] reads x[d] and y[e] whatever the positions.
        aux("t", &["E", "D"], "x[D] * 100 + y[E]"),
        aux("u", &["D", "E"], "t[E, D]"),
        aux("pick", &[], "x[b] + x[2] + x[D.c] + t[E.f, 1]"),
        aux("sub", &["S"], "x[S] * 2"),
        aux("back", &["D"], "IF D = 1 THEN 0 ELSE sub[c]"),
    ]
    .concat();
    let r = run(&doc(&["D: a b c", "E: e f", "S: c b"], &vars));
    assert_eq!(first(&r, "t[f,b]"), 220.0);
    assert_eq!(first(&r, "u[c,e]"), 310.0);
    assert_eq!(first(&r, "pick"), 2.0 + 2.0 + 3.0 + 120.0);
    assert_eq!((first(&r, "sub[c]"), first(&r, "sub[b]")), (6.0, 4.0), "a subrange takes elements by name");
    assert_eq!((first(&r, "back[a]"), first(&r, "back[b]")), (0.0, 6.0), "a dimension name as a value is its position");
}

#[test]
fn array_functions_fold_left_in_element_order() {
    let vars = [
        aux("x", &["D"], "0.1, 0.2, 0.3"),
        aux("m", &["D", "E"], "x[D] * (IF E = 1 THEN 1 ELSE -1)"),
        aux("s", &[], "SUM(x[*])"),
        aux("p", &[], "PROD(x[*] + 1)"),
        aux("mean", &[], "MEAN(x)"),
        aux("lo", &[], "MIN(m[*, *])"),
        aux("hi", &[], "MAX(x[D])"),
        aux("sd", &[], "STDDEV(x[*])"),
        aux("n", &[], "SIZE(m)"),
        aux("rows", &["E"], "SUM(m[*, E])"),
        aux("share", &["D"], "x[D] / SUM(x[*])"),
    ]
    .concat();
    let r = run(&doc(&["D: a b c", "E: e f"], &vars));
    assert_eq!(first(&r, "s"), (0.1 + 0.2) + 0.3);
    assert_eq!(first(&r, "p"), (1.1 * 1.2) * 1.3);
    assert_eq!(first(&r, "mean"), ((0.1 + 0.2) + 0.3) / 3.0);
    assert_eq!((first(&r, "lo"), first(&r, "hi")), (-0.3, 0.3));
    let mean: f64 = ((0.1 + 0.2) + 0.3) / 3.0;
    let sq = |v: f64| (v - mean) * (v - mean);
    assert_eq!(first(&r, "sd"), (((sq(0.1) + sq(0.2)) + sq(0.3)) / 3.0).sqrt());
    assert_eq!(first(&r, "n"), 6.0);
    assert_eq!(first(&r, "rows[f]"), ((-0.1) + -0.2) + -0.3);
    assert_eq!(first(&r, "share[b]"), 0.2 / ((0.1 + 0.2) + 0.3));
    // SUM(x[*]) in the apply-to-all `share` is computed once, not once per element.
    let model = Model::from_str(&doc(&["D: a b c", "E: e f"], &vars), "t.xmile").unwrap();
    let internals = model.program().layout.vars.iter().filter(|v| v.canonical.starts_with("#array")).count();
    assert!((1..=8).contains(&internals), "{internals} generated auxiliaries");
    assert!(!model.program().layout.vars.iter().any(|v| v.output && v.canonical.starts_with('#')));
}

#[test]
fn vector_functions() {
    let vars = [
        aux("v", &["D"], "30, 10, 20, 10"),
        aux("sel", &["D"], "0, 1, 1, 0"),
        aux("vs_sum", &[], "VECTOR SELECT(sel[*], v[*], -1, 0, 0)"),
        aux("vs_max", &[], "VECTOR SELECT(sel[*], v[*], -1, 3, 0)"),
        aux("vs_none", &[], "VECTOR SELECT(sel[*] * 0, v[*], -1, 2, 0)"),
        aux("order", &["D"], "VECTOR SORT ORDER(v[D], 1)"),
        aux("down", &["D"], "VECTOR SORT ORDER(v, -1)"),
        aux("off", &["D"], "1, 0, 3, 0"),
        aux("mapped", &["D"], "VECTOR ELM MAP(v[b], off[D])"),
        aux("r1", &[], "RANK(v[*], 1)"),
        aux("r2", &[], "RANK(v, 2)"),
        aux("r4", &[], "RANK(v[*], 4)"),
        aux("r5", &[], "RANK(v[*], 5)"),
    ]
    .concat();
    let r = run(&doc(&["D: a b c d"], &vars));
    assert_eq!((first(&r, "vs_sum"), first(&r, "vs_max"), first(&r, "vs_none")), (30.0, 20.0, -1.0));
    let order: Vec<f64> = ["a", "b", "c", "d"].iter().map(|e| first(&r, &format!("order[{e}]"))).collect();
    assert_eq!(order, [1.0, 3.0, 2.0, 0.0], "ascending, ties in element order");
    let down: Vec<f64> = ["a", "b", "c", "d"].iter().map(|e| first(&r, &format!("down[{e}]"))).collect();
    assert_eq!(down, [0.0, 2.0, 1.0, 3.0]);
    let mapped: Vec<f64> = ["a", "b", "c", "d"].iter().map(|e| first(&r, &format!("mapped[{e}]"))).collect();
    assert_eq!(mapped[..2], [20.0, 10.0]);
    assert!(mapped[2].is_nan(), "beyond the last element: NaN");
    assert_eq!(mapped[3], 10.0);
    let ranks = ["r1", "r2", "r4", "r5"].map(|n| first(&r, n));
    assert_eq!(ranks, [2.0, 4.0, 1.0, 0.0], "1-based positions by ascending rank; 0 for no such rank");
}

#[test]
fn arrayed_stocks_flows_stdlib_and_per_element_definitions() {
    let vars = "<stock name=\"s\"><dimensions><dim name=\"D\"/></dimensions><eqn>1</eqn>\
        <inflow>f</inflow><non_negative/></stock>\n\
        <flow name=\"f\"><dimensions><dim name=\"D\"/></dimensions><eqn>rate[D]</eqn></flow>\n\
        <aux name=\"rate\"><dimensions><dim name=\"D\"/></dimensions>\
        <element subscript=\"a\"><eqn>-5</eqn></element><element subscript=\"b\"><eqn>TIME</eqn>\
        <gf><xpts>0,1,2</xpts><ypts>0,10,20</ypts></gf></element></aux>\n"
        .to_owned()
        + &aux("sm", &["D"], "SMTH1(s[D], 2)")
        + &aux("prev", &["D"], "PREVIOUS(s[D], INIT(s[D]) * 7)");
    let r = run(&doc(&["D: a b"], &vars));
    assert_eq!(series(&r, "s[a]"), [1.0, 0.0, 0.0], "non-negative per element");
    assert_eq!(series(&r, "s[b]"), [1.0, 1.0, 11.0], "each element its own graphical function");
    assert_eq!(series(&r, "prev[b]"), [7.0, 1.0, 1.0]);
    let sm = series(&r, "sm[b]");
    assert_eq!(sm[0], 1.0);
    assert_eq!(sm[2], 1.0 + (1.0 - 1.0) / 2.0 + 0.0, "one SMTH1 per element");
}

#[test]
fn arrayed_constants_are_overridable_one_element_at_a_time() {
    let vars = [aux("k", &["D"], "1, 2, 3"), aux("total", &[], "SUM(k[*])")].concat();
    let model = Model::from_str(&doc(&["D: a b c"], &vars), "t.xmile").unwrap();
    for backend in Backend::ALL {
        let r = model.run(backend, &[("k[b]".to_owned(), 20.0)]).unwrap();
        assert_eq!(first(&r, "total"), 24.0, "{}", backend.name());
        assert_eq!(first(&r, "k[a]"), 1.0, "{}", backend.name());
    }
}

#[test]
fn three_dimensions_row_major() {
    let vars = [
        aux("cube", &["A", "B", "C"], "A * 100 + B * 10 + C"),
        aux("plane", &["B", "C"], "SUM(cube[*, B, C])"),
        aux("all", &[], "SUM(cube)"),
    ]
    .concat();
    let r = run(&doc(&["A: a1 a2", "B: b1 b2 b3", "C: c1 c2"], &vars));
    assert_eq!(first(&r, "cube[a2,b3,c1]"), 231.0);
    assert_eq!(first(&r, "plane[b2,c2]"), 122.0 + 222.0);
    let cols: Vec<&str> = r.names.iter().filter(|n| n.starts_with("cube[")).map(String::as_str).collect();
    assert_eq!(cols.len(), 12);
    assert_eq!(
        first(&r, "all"),
        (0..12).map(|i| (i / 6 + 1) * 100 + (i / 2 % 3 + 1) * 10 + i % 2 + 1).sum::<i32>() as f64
    );
}

/// Every mistake is one error naming the file, the line and the variable.
#[test]
fn mistakes_are_located_errors() {
    let cases = [
        (aux("y", &["D"], "x[q]"), "`q` is not an element of dimension `D`"),
        (aux("y", &["D"], "x[a, b]"), "`x` has 1 dimension, the subscript gives 2"),
        (aux("y", &[], "x[D] + 1"), "only an array function"),
        (aux("y", &["Nope"], "1"), "not a declared dimension"),
        (aux("y", &["D"], "x[4]"), "out of range"),
        (aux("y", &[], "z[a]"), "`z` is not an arrayed variable"),
    ];
    for (var, want) in cases {
        let text = doc(&["D: a b c"], &format!("{}{}{}", aux("x", &["D"], "1, 2, 3"), aux("z", &[], "1"), var));
        let e = match Model::from_str(&text, "t.xmile") {
            Ok(_) => panic!("{var}: compiled"),
            Err(e) => e,
        };
        let d = &e.diagnostics[0];
        assert!(d.message.contains(want), "{var}: {}", d.message);
        assert_eq!(d.file.as_deref(), Some("t.xmile"), "{var}");
        assert_eq!(d.line, Some(9), "{var}: {d}");
        assert_eq!(d.variable.as_deref(), Some("y"), "{var}");
    }
}

#[test]
fn macros_in_arrayed_equations_are_one_instance_per_element() {
    let vars = [aux("x", &["D"], "1, 2"), aux("y", &["D"], "twice(x[D]) + SMTH1(x[D], 1)")].concat();
    let text = doc(&["D: a b"], &vars)
        .replace("<model>", "<macro name=\"twice\"><parm>v</parm><eqn>v * 2</eqn></macro>\n<model>");
    let r = run(&text);
    assert_eq!((first(&r, "y[a]"), first(&r, "y[b]")), (3.0, 6.0));
}

#[test]
fn an_arrayed_variable_wires_the_same_elements_of_a_submodel_input() {
    let sub = "<model name=\"sub\"><variables>\n".to_owned()
        + &aux("k", &["D"], "0, 0").replace("<aux name=\"k\">", "<aux name=\"k\" access=\"input\">")
        + &aux("out", &["D"], "k[D] * 10")
        + "</variables></model>\n";
    let vars =
        aux("x", &["D"], "1, 2") + "<module name=\"m\" model_name=\"sub\"><connect to=\"m.k\" from=\"x\"/></module>\n";
    let text = doc(&["D: a b"], &vars).replace("</xmile>", &format!("{sub}</xmile>"));
    let r = run(&text);
    assert_eq!((first(&r, "m.out[a]"), first(&r, "m.out[b]")), (10.0, 20.0));
}

/// Hundreds of elements (more than the parser nests): folds and chains are cut into generated auxiliaries, so no
/// equation exceeds the parser's nesting or the IR's height, and the values are the
/// plain left folds.
#[test]
fn large_arrays_stay_within_every_depth_limit() {
    let n = 600;
    let text = format!(
        "<xmile version=\"1.0\" xmlns=\"http://docs.oasis-open.org/xmile/ns/XMILE/v1.0\">\n\
         <sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n\
         <dimensions><dim name=\"N\" size=\"{n}\"/></dimensions>\n<model><variables>\n{}</variables></model>\n</xmile>",
        [
            aux("x", &["N"], "N * 0.001"),
            aux("s", &[], "SUM(x[*])"),
            aux("p", &[], "VECTOR SELECT(x[*], x[*], 0, 0, 0)"),
            aux("m", &[], "VECTOR ELM MAP(x[1], 599)"),
        ]
        .concat()
    );
    let r = run(&text);
    let want = (1..=n).map(|i| i as f64 * 0.001).fold(0.0, |acc, v| acc + v);
    assert_eq!(first(&r, "s"), want);
    assert_eq!(first(&r, "p"), want);
    assert_eq!(first(&r, "m"), 600.0 * 0.001);
}
