//! Reader tests: each construct of a `.mdl` file, read into the datamodel.

use super::{is_mdl, read_str};
use crate::datamodel::{GfKind, Project, VarKind, Variable};
use crate::error::Diagnostic;

const CONTROL: &str = "INITIAL TIME = 0 ~ Month ~ start |\nFINAL TIME = 10 ~~|\nTIME STEP = 0.5 ~ Month [0,?] ~|\nSAVEPER = TIME STEP ~~|\n";

fn read(body: &str) -> Project {
    let text = format!("{{UTF-8}}\n{body}\n{CONTROL}\\\\\\---/// Sketch information\nV300 garbage = ( |\n");
    read_str(&text, "test.mdl").unwrap_or_else(|e| panic!("{e}"))
}

fn read_err(body: &str) -> Diagnostic {
    let text = format!("{{UTF-8}}\n{body}\n{CONTROL}");
    match read_str(&text, "test.mdl") {
        Ok(p) => panic!("read: {p:?}"),
        Err(e) => e.diagnostics[0].clone(),
    }
}

fn var<'p>(p: &'p Project, name: &str) -> &'p Variable {
    let vars = &p.models[0].variables;
    vars.iter().find(|v| v.name == name).unwrap_or_else(|| panic!("no `{name}` in {vars:#?}"))
}

fn eqn(p: &Project, name: &str) -> String {
    var(p, name).eqn.as_ref().map(|e| e.text.clone()).unwrap_or_default()
}

#[test]
fn format_is_chosen_by_extension_then_content() {
    use std::path::Path;
    assert!(is_mdl(Some(Path::new("a.MDL")), "<xmile/>"));
    assert!(is_mdl(Some(Path::new("model.txt")), "{UTF-8}\na = 1 ~~|"));
    assert!(is_mdl(None, "\u{feff} {utf-8}\na = 1 ~~|"));
    assert!(!is_mdl(None, "a = 1 ~~|"), "XML otherwise");
    assert!(!is_mdl(None, "\u{feff}  <?xml version=\"1.0\"?><xmile/>"));
}

#[test]
fn control_group_becomes_the_sim_specs() {
    let p = read("a = 1 ~~|");
    assert_eq!(
        (p.sim_specs.start, p.sim_specs.stop, p.sim_specs.dt, p.sim_specs.save_step),
        (0.0, 10.0, 0.5, Some(0.5))
    );
    let names: Vec<&str> = p.models[0].variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["a", "SAVEPER"], "TIME STEP, INITIAL TIME and FINAL TIME are builtins");
}

#[test]
fn equations_units_comments_and_lines() {
    let p = read(
        "x = 2 * \\\n  \"odd name!\" + y\n ~ Widgets [0,100] ~ A comment\n   over lines |\n\"odd name!\" = 1 ~~|\ny=3~~|",
    );
    let x = var(&p, "x");
    assert_eq!(x.line, 2);
    assert_eq!(eqn(&p, "x"), "2.0 * \"odd name!\" + y");
    assert_eq!(x.notes.units.as_deref(), Some("Widgets"));
    assert_eq!(x.notes.range, Some((0.0, 100.0)));
    assert_eq!(x.notes.doc.as_deref(), Some("A comment over lines"));
    assert_eq!(var(&p, "\"odd name!\"").line, 6);
    let saveper = var(&p, "SAVEPER");
    assert_eq!((saveper.notes.units.as_deref(), saveper.notes.range), (None, None));
}

#[test]
fn integ_with_flows_and_with_any_rate() {
    let p = read("s = INTEG(inflow - outflow, 10) ~~|\ninflow = 1 ~~|\noutflow = 0.5 ~~|\nt = INTEG(s * 2, s) ~~|");
    assert_eq!(var(&p, "s").kind, VarKind::Stock { inflows: vec!["inflow".into()], outflows: vec!["outflow".into()] });
    assert_eq!(eqn(&p, "s"), "10.0");
    assert_eq!(var(&p, "inflow").kind, VarKind::Flow);
    assert_eq!(var(&p, "t").kind, VarKind::Stock { inflows: vec!["t#flow".into()], outflows: vec![] });
    assert_eq!(eqn(&p, "t#flow"), "s * 2.0");
    assert_eq!(var(&p, "t#flow").kind, VarKind::Flow);
}

#[test]
fn active_initial_and_initial() {
    let p = read("a = ACTIVE INITIAL(b * 2, 1) ~~|\nb = INITIAL(Time + 1) ~~|\nc = 3 * INITIAL(b) + INITIAL(Time) ~~|");
    assert_eq!(eqn(&p, "a"), "b * 2.0");
    assert_eq!(var(&p, "a").init_eqn.as_ref().map(|e| e.text.as_str()), Some("1.0"));
    assert!(matches!(var(&p, "b").kind, VarKind::Stock { ref inflows, .. } if inflows.is_empty()));
    assert_eq!(eqn(&p, "b"), "Time + 1.0");
    assert_eq!(eqn(&p, "c"), "3.0 * INIT(b) + \"c#initial1\"");
    assert_eq!(eqn(&p, "c#initial1"), "Time");
}

#[test]
fn lookups_standalone_inline_and_called() {
    let p = read(
        "tbl([(0,0)-(2,2)],(0,0),(1,2),(2,1)) ~~|\nbare((0,1),(1,0)) ~~|\n\
         y = tbl(Time) + LOOKUP EXTRAPOLATE(bare, 3) ~~|\nz = WITH LOOKUP(Time, ([(0,0)-(1,1)],(0,0),(1,1))) ~~|",
    );
    let tbl = var(&p, "tbl").gf.as_ref().unwrap();
    assert_eq!((tbl.xs.as_slice(), tbl.ys.as_slice()), ([0.0, 1.0, 2.0].as_slice(), [0.0, 2.0, 1.0].as_slice()));
    assert_eq!(var(&p, "tbl").eqn, None);
    assert_eq!(eqn(&p, "y"), "tbl(Time) + \"bare#extrapolate\"(3.0)");
    let ex = var(&p, "bare#extrapolate").gf.as_ref().unwrap();
    assert_eq!((ex.kind, ex.xs.as_slice()), (GfKind::Extrapolate, [0.0, 1.0].as_slice()));
    assert_eq!(eqn(&p, "z"), "Time");
    assert_eq!(var(&p, "z").gf.as_ref().unwrap().ys, [0.0, 1.0]);
}

#[test]
fn logical_operators_and_na() {
    let p = read("a = IF THEN ELSE(:NOT: (Time > 1) :AND: Time <> 2 :OR: Time = 3, :NA:, 1) ~~|");
    assert_eq!(eqn(&p, "a"), "IF NOT (Time > 1.0) AND Time <> 2.0 OR Time = 3.0 THEN (-6.490371073168535e32) ELSE 1.0");
    assert_eq!(crate::equation::VENSIM_NA, -(2f64.powi(109)));
}

#[test]
fn vensim_functions_are_translated() {
    let p = read(
        "a = INTEGER(Time - 5) ~~|\nb = XIDZ(1, Time, 7) ~~|\nc = SMOOTH N(Time, 2, 0, 3) ~~|\n\
         d = DELAY1I(Time, 2, 0) + DELAY FIXED(Time, 1, 0) ~~|\ne = LOG(8, 2) + POWER(2, 3) ~~|\n\
         f = SAMPLE IF TRUE(Time > 2, Time, 0) ~~|",
    );
    assert_eq!(eqn(&p, "a"), "IF Time - 5.0 < 0.0 THEN -INT(-(Time - 5.0)) ELSE INT(Time - 5.0)");
    assert_eq!(eqn(&p, "b"), "IF ABS(Time) < 1e-6 THEN 7.0 ELSE 1.0 / Time");
    assert_eq!(eqn(&p, "c"), "SMTHN(Time, 2.0, 3.0, 0.0)");
    assert_eq!(eqn(&p, "d"), "DELAY1(Time, 2.0, 0.0) + DELAY_FIXED(Time, 1.0, 0.0)");
    assert_eq!(eqn(&p, "e"), "LN(8.0) / LN(2.0) + 2.0^3.0");
    assert_eq!(eqn(&p, "f"), "IF Time > 2.0 THEN Time ELSE PREVIOUS(SELF, 0.0)");
}

#[test]
fn macros_become_datamodel_macros() {
    let p = read(":MACRO: DOUBLE(x, k)\nDOUBLE = x * k ~ u ~ twice |\n:END OF MACRO:\ny = DOUBLE(Time, 2) ~~|");
    assert_eq!(p.macros.len(), 1);
    let m = &p.macros[0];
    assert_eq!((m.name.as_str(), m.params.as_slice()), ("DOUBLE", ["x".to_owned(), "k".to_owned()].as_slice()));
    assert_eq!(m.eqn.as_ref().map(|e| e.text.as_str()), Some("DOUBLE"));
    assert_eq!(m.variables[0].eqn.as_ref().map(|e| e.text.as_str()), Some("x * k"));
    assert_eq!(eqn(&p, "y"), "DOUBLE(Time, 2.0)");
}

#[test]
fn a_macro_with_extra_outputs_is_one_macro_per_output() {
    let m = ":MACRO: TWO(x : y, z)\nTWO = x ~~|\ny = x * 2 ~~|\nz = x * 3 ~~|\n:END OF MACRO:\n";
    let p = read(&format!("{m}a = TWO(Time : b, c) ~~|\nd = TWO(1) ~~|"));
    let names: Vec<(&str, Option<&str>)> =
        p.macros.iter().map(|m| (m.name.as_str(), m.eqn.as_ref().map(|e| e.text.as_str()))).collect();
    assert_eq!(names, [("TWO#output2", Some("y")), ("TWO#output3", Some("z")), ("TWO", Some("TWO"))]);
    assert_eq!(eqn(&p, "a"), "TWO(Time)");
    assert_eq!(eqn(&p, "b"), "\"TWO#output2\"(Time)");
    assert_eq!(eqn(&p, "c"), "\"TWO#output3\"(Time)");
    // Called without its extra outputs it is an ordinary macro.
    assert_eq!(eqn(&p, "d"), "TWO(1.0)");
    // The outputs must be as many as the macro has, names, and not defined twice.
    let d = read_err(&format!("{m}a = TWO(Time : b) ~~|"));
    assert!(d.message.contains("has 2 outputs after `:`, the call names 1"), "{}", d.message);
    let d = read_err(&format!("{m}a = TWO(Time : b, 1 + c) ~~|"));
    assert!(d.message.contains("must be a variable's name"), "{}", d.message);
    let d = read_err(&format!("{m}a = TWO(Time : b, c) ~~|\nc = 1 ~~|"));
    assert!(d.message.contains("has an equation of its own"), "{}", d.message);
    let d = read_err("a = MAX(Time : b) ~~|");
    assert!(d.message.contains("`MAX` is not a macro with outputs after `:`"), "{}", d.message);
}

#[test]
fn supplementary_flag_and_group_headings() {
    let p = read("****\n\t.Group\n****~\n\t\tA group |\na = 1 ~ u ~ c ~ :SUPPLEMENTARY |");
    assert_eq!(var(&p, "a").notes.doc.as_deref(), Some("c"));
}

#[test]
fn latin1_text_is_read() {
    let bytes = b"{UTF-8}\ncaf\xe9 = 1 ~~|\nINITIAL TIME = 0 ~~|\nFINAL TIME = 1 ~~|\nTIME STEP = 1 ~~|\n";
    let p = read_str(&crate::source::decode(bytes), "l.mdl").unwrap();
    assert_eq!(p.models[0].variables[0].name, "caf\u{e9}");
}

#[test]
fn errors_name_file_line_and_variable() {
    let d = read_err("a = 1 ~~|\nb = 2 +\n * 3 ~~|");
    assert!(d.message.starts_with("syntax error"), "{}", d.message);
    assert_eq!((d.file.as_deref(), d.line, d.variable.as_deref()), (Some("test.mdl"), Some(4), Some("b")));
    let d = read_err("a = RANDOM PINK NOISE(0, 1, 2, 3) ~~|");
    assert_eq!(d.message, "not supported yet: `RANDOM PINK NOISE`");
    assert_eq!((d.line, d.variable.as_deref()), (Some(2), Some("a")));
    let d = read_err("x[d] = 1 ~~|");
    assert!(d.message.contains("no subscript range holds every element of `d`"), "{}", d.message);
    assert_eq!((d.line, d.variable.as_deref()), (Some(2), Some("x")));
    let d = read_err("D: a, b ~~|\nx[D] = 1, 2, 3 ~~|");
    assert!(d.message.contains("lists 3 numbers for 2 elements"), "{}", d.message);
    let d = read_err("D: E ~~|\nE: D ~~|");
    assert!(d.message.contains("in terms of itself"), "{}", d.message);
    let p = read("n = 2 ~~|\na = DELAY N(Time, 1, 0, n) ~~|");
    assert_eq!(eqn(&p, "a"), "DELAYN(Time, 1.0, 2.0, 0.0)", "a constant's name gives its value as the order");
    let d = read_err("n = 2 + s ~~|\ns = INTEG(1, 0) ~~|\na = SMOOTH N(Time, 1, 0, n) ~~|");
    assert!(d.message.contains("the order of `SMOOTH N` must have a value"), "{}", d.message);
    assert!(d.message.contains("`s` has no value when compiling"), "{}", d.message);
    assert_eq!((d.line, d.variable.as_deref()), (Some(4), Some("a")));
    let d = read_err("x = 1 ~~|\nc = GET DIRECT CONSTANTS('data.csv', ',', 'B2') ~~|");
    assert!(d.message.contains("`data.csv`: the model was not read from a file"), "{}", d.message);
    assert_eq!((d.line, d.variable.as_deref()), (Some(3), Some("c")));
    let p = read("o = 2 ~~|\na = GET TIME VALUE(0, o * 3, 0) ~~|");
    assert_eq!(eqn(&p, "a"), "TIME + o * 3.0", "the current time in time units, offset");
    let d = read_err("a = GET TIME VALUE(0, 1, 3) ~~|");
    assert!(d.message.contains("`GET TIME VALUE` but relative to the current time"), "{}", d.message);
    let d = read_err("a = NOSUCH(1) ~~|");
    assert!(d.message.contains("unknown function `NOSUCH`"), "{}", d.message);
}

#[test]
fn missing_controls_and_truncated_files_are_errors() {
    let e = read_str("{UTF-8}\na = 1 ~~|\n", "t.mdl").unwrap_err();
    assert!(e.diagnostics[0].message.contains("INITIAL TIME"), "{e}");
    let e = read_str("{UTF-8}\na = 1 ~~|\nb = 2 ~ un", "t.mdl").unwrap_err();
    assert!(e.diagnostics[0].message.contains("ends inside an equation"), "{e}");
    assert_eq!(e.diagnostics[0].line, Some(3));
}

#[test]
fn no_input_panics() {
    let sample = format!(
        "{{UTF-8}}\n:MACRO: M(a : o)\nM = INTEG(a, 0) ~~|\no = a * 2 ~~|\n:END OF MACRO:\nw = M(Time : v) ~~|\nk = LOOKUP INVERT(tbl, 0.5) + LOOKUP AREA(tbl, 0, 1) + TIME BASE(1, 2) ~~|\nn = SMOOTH N(x, 2, 0, 1 + STEP(1, 3)) ~~|\nx = WITH LOOKUP(Time, ([(0,0)-(1,1)],(0,0),(1,1))) ~ u [0,?] ~ c |\n\"q\\\"x\" = IF THEN ELSE(x > 1, PULSE(1, 2), SMOOTH(x, 3)) ~~|\ntbl((0,0),(1,1)) ~~|\nD: (a1-a3), b -> E ~~|\nE: c, d, e, f ~~|\ny[D] = x * D + ELMCOUNT(D) ~~|\nz[D] :EXCEPT: [a1] = 1, 2, 3 ~~|\nz[a1] = SUM(y[D!]) + tbl[a1](2) ~~|\n{CONTROL}"
    );
    // Every prefix, and every byte replaced by each of a few troublemakers.
    for end in (0..sample.len()).filter(|&i| sample.is_char_boundary(i)) {
        let _ = read_str(&sample[..end], "t.mdl");
    }
    for (i, _) in sample.char_indices() {
        for c in ['"', '(', ')', '[', '|', '~', ':', '\\', '=', ','] {
            let mut s = sample.clone();
            s.replace_range(i..i + sample[i..].chars().next().map_or(1, char::len_utf8), &c.to_string());
            let _ = read_str(&s, "t.mdl");
        }
    }
}

#[test]
fn nested_functions_that_use_an_argument_twice_grow_linearly() {
    // INTEGER, MODULO and QUANTUM use their arguments several times; a large argument
    // is bound to a helper once instead of copied, so 30 levels stay small.
    for f in ["INTEGER(", "MODULO(7, ", "QUANTUM(", "ZIDZ(1, "] {
        let mut e = "Time".to_owned();
        for _ in 0..30 {
            e = match f {
                "QUANTUM(" => format!("QUANTUM({e}, 0.5)"),
                _ => format!("{f}{e})"),
            };
        }
        let p = read(&format!("a = {e} ~~|"));
        let text: usize = p.models[0].variables.iter().filter_map(|v| v.eqn.as_ref()).map(|q| q.text.len()).sum();
        assert!(text < 40_000, "{f}: {text} bytes of equations for 30 levels");
    }
}

#[test]
fn subscript_ranges_become_dimensions_and_pieces_one_arrayed_variable() {
    let p = read(
        "Layers: L1, L2, L3 ~~|\nlower: L2, L3 -> upper ~~|\nupper: L1, L2 ~~|\nCopy <-> upper ~~|\n\
         v[Layers] = 1, 2, 3 ~~|\nm[lower] = v[lower] * 2 ~~|\nm[L1] = 10 ~~|\n\
         s[Layers] = INTEG(v[Layers], 0) ~~|\nt[Layers] = SUM(v[Layers!]) / ELMCOUNT(Layers) ~~|",
    );
    let dims: Vec<(&str, Vec<&str>)> =
        p.dimensions.iter().map(|d| (d.name.as_str(), d.elements.iter().map(String::as_str).collect())).collect();
    assert_eq!(
        dims,
        [
            ("Layers", vec!["L1", "L2", "L3"]),
            ("lower", vec!["L2", "L3"]),
            ("upper", vec!["L1", "L2"]),
            ("Copy", vec!["L1", "L2"])
        ]
    );
    assert_eq!(p.dimensions[1].mappings[0].target, "upper");
    assert_eq!(p.dimensions[1].numbered_in.as_deref(), Some("Layers"), "a subrange is numbered in its family");
    let m = var(&p, "m");
    let spec = m.array.as_ref().unwrap();
    assert_eq!(spec.dims, ["Layers"], "the smallest range holding lower and L1");
    assert!(spec.sparse);
    let elems: Vec<(&str, &str)> =
        spec.elements.iter().map(|e| (e.subscript[0].as_str(), e.eqn.as_ref().unwrap().text.as_str())).collect();
    assert_eq!(elems, [("L2", "v[lower] * 2.0"), ("L3", "v[lower] * 2.0"), ("L1", "10.0")]);
    assert_eq!(spec.elements[0].written, [Some("lower".to_string())]);
    let v = var(&p, "v");
    assert_eq!((v.array.as_ref().unwrap().elements.len(), v.eqn.as_ref().unwrap().text.as_str()), (0, "1, 2, 3"));
    let s = var(&p, "s");
    assert!(matches!(&s.kind, VarKind::Stock { inflows, .. } if inflows == &["s#flow".to_string()]));
    assert_eq!(var(&p, "s#flow").eqn.as_ref().unwrap().text, "v[Layers]");
    assert_eq!(eqn(&p, "t"), "SUM(v[*:\"Layers\"]) / 3.0", "`Dim!` is `*:Dim`; ELMCOUNT a number");
}

#[test]
fn vensim_subscript_syntax_in_expressions() {
    let p = read(
        "D: a, b ~~|\ntbl[D]((0,0),(1,1)) ~~|\ny[D] = tbl[D](Time) ~~|\n\
         c[D] = IF THEN ELSE(:NOT: D = b, 1, 0) ~~|",
    );
    assert_eq!(eqn(&p, "y"), "LOOKUP(tbl[D], Time)", "a subscripted lookup's call");
    assert_eq!(
        eqn(&p, "c"),
        "IF NOT (D = 2.0) THEN 1.0 ELSE 0.0",
        ":NOT: binds looser than `=`; an element is its number"
    );
}

#[test]
fn initial_pieces_keep_their_value() {
    // A subscripted INITIAL(x) is INIT(x): held from the start, whatever its other pieces.
    let p = read("D: a, b ~~|\nx[D] = INITIAL(Time + D) ~~|\ny[a] = 1 ~~|\ny[b] = INITIAL(y[a] + Time) ~~|");
    assert_eq!(eqn(&p, "x"), "INIT(Time + D)");
    let y = var(&p, "y");
    assert_eq!(y.kind, VarKind::Aux);
    let texts: Vec<&str> =
        y.array.as_ref().unwrap().elements.iter().map(|e| e.eqn.as_ref().unwrap().text.as_str()).collect();
    assert_eq!(texts, ["1.0", "INIT(y[a] + Time)"]);
    let d = read_err("D: a, b ~~|\nz[a] = INTEG(1, 0) ~~|\nz[b] = 2 ~~|");
    assert!(d.message.contains("a stock (INTEG) in some equations"), "{}", d.message);
}

#[test]
fn reality_checks_are_skipped_with_a_warning() {
    let p = read(
        "D: a, b ~~|\nx[D] = 1 ~~|\nok[D] :THE CONDITION: x[D] > 0 :IMPLIES: x[D] = 1 ~~|\nt[D]:TEST INPUT: x[D] = 0 ~~|",
    );
    assert_eq!(p.warnings.len(), 2);
    assert!(p.warnings[0].message.contains("reality check `ok` is not simulated"), "{}", p.warnings[0].message);
    assert_eq!(p.warnings[0].line, Some(4));
    assert!(p.models[0].variables.iter().all(|v| v.name != "ok" && v.name != "t"));
}

#[test]
fn delay_n_keeps_each_stage_at_least_one_time_step() {
    // CONTROL's TIME STEP is 0.5: three stages of 1.25 / 3 would be shorter.
    let p = read(
        "m = 2.5 ~~|\nd = m * TIME STEP ~~|\na = DELAY N(Time, d, 0, 3) ~~|\nb = DELAY N(Time, 1.5, 0, 3) ~~|\nc = DELAY N(Time, Time + 1, 0, 3) ~~|",
    );
    assert_eq!(eqn(&p, "a"), "DELAYN(Time, d, 2.0, 0.0)", "floor(1.25 / 0.5) stages");
    assert_eq!(eqn(&p, "b"), "DELAYN(Time, 1.5, 3.0, 0.0)", "stages of exactly one step stay");
    assert_eq!(eqn(&p, "c"), "DELAYN(Time, Time + 1.0, 3.0, 0.0)", "a delay not known when compiling keeps its order");
}

#[test]
fn the_order_of_smooth_n_and_delay_n_is_its_value_at_the_initial_time() {
    // CONTROL: INITIAL TIME 0, FINAL TIME 10, TIME STEP 0.5 (so TIME + DT/2 is 0.25).
    let orders = [
        ("2 + STEP(1, 10)", 2.0),   // mdl/smooth: the step comes later
        ("2 + STEP(1, 0.2)", 3.0),  // 0.25 > 0.2
        ("2 + STEP(1, 0.25)", 2.0), // the half-DT rule: 0.25 > 0.25 is false
        ("1 + RAMP(1, -3)", 4.0),   // 1 * (0 - -3)
        ("1 + PULSE(0, 1)", 2.0),   // 0 < 0.25 < 1
        ("IF THEN ELSE(Time < FINAL TIME / 4, 4, 1)", 4.0),
        ("MAX(1, MIN(5, k * 2))", 5.0), // k = 3
        ("INTEGER(7 / 2)", 3.0),
        ("INTEGER(-2.5) + 5", 3.0), // truncation toward zero
        ("(k > 2) + (k = 3)", 2.0),
        ("INITIAL TIME + TIME STEP * 6", 3.0),
        ("SAVEPER * 4", 2.0),
        ("k ^ 2 - 6", 3.0),
    ];
    for (order, n) in orders {
        let p = read(&format!(
            "k = 3 ~~|\no = {order} ~~|\na = SMOOTH N(Time, 2, 0, o) ~~|\nb = DELAY N(Time, 10, 1, o) ~~|"
        ));
        assert_eq!(eqn(&p, "a"), format!("SMTHN(Time, 2.0, {n:?}, 0.0)"), "{order}");
        assert_eq!(eqn(&p, "b"), format!("DELAYN(Time, 10.0, {n:?}, 1.0)"), "{order}");
    }
    // An order the run computes (a stock, a lookup) or a non-whole one is refused.
    let d = read_err("t((0, 1), (1, 2)) ~~|\no = t(0) ~~|\na = SMOOTH N(Time, 1, 0, o) ~~|");
    assert!(
        d.message.contains("the order of `SMOOTH N`") && d.message.contains("`t(...)` has no value"),
        "{}",
        d.message
    );
    assert_eq!((d.line, d.variable.as_deref()), (Some(4), Some("a")));
    let d = read_err("a = DELAY N(Time, 10, 0, 5 / 2) ~~|");
    assert!(d.message.contains("the order of `DELAY N` is 2.5 at the initial time"), "{}", d.message);
    let d = read_err("a = SMOOTH N(Time, 1, 0, STEP(1, 5)) ~~|");
    assert!(d.message.contains("the order of `SMOOTH N` is 0 at the initial time"), "{}", d.message);
}

/// The value of variable `name` of a read project whose equations are arithmetic, IFs,
/// comparisons and other such variables (what the lookup translations write), computed
/// by the rules of docs/semantics.md on f64s, with `inputs` giving other names' values.
fn value(p: &Project, name: &str, inputs: &[(&str, f64)]) -> f64 {
    use crate::equation::{BinaryOp as B, ExprKind as K, UnaryOp};
    use crate::numerics::{approx_eq, from_bool, truthy};
    fn eval(p: &Project, e: &crate::equation::Expr, inputs: &[(&str, f64)]) -> f64 {
        match &e.kind {
            K::Num(v) => *v,
            K::Var(id) => match inputs.iter().find(|(n, _)| *n == id.text) {
                Some(&(_, v)) => v,
                None => value(p, &id.text, inputs),
            },
            K::Unary(UnaryOp::Neg, x) => -eval(p, x, inputs),
            K::Binary(op, a, b) => {
                let (a, b) = (eval(p, a, inputs), eval(p, b, inputs));
                match op {
                    B::Add => a + b,
                    B::Sub => a - b,
                    B::Mul => a * b,
                    B::Div => a / b,
                    B::Eq => from_bool(approx_eq(a, b)),
                    B::Lt => from_bool(a < b),
                    B::Le => from_bool(a <= b),
                    B::Gt => from_bool(a > b),
                    B::Ge => from_bool(a >= b),
                    B::And => from_bool(truthy(a) && truthy(b)),
                    _ => panic!("not evaluated: {op:?}"),
                }
            }
            K::If(c, a, b) => {
                if truthy(eval(p, c, inputs)) {
                    eval(p, a, inputs)
                } else {
                    eval(p, b, inputs)
                }
            }
            _ => panic!("not evaluated: {e:?}"),
        }
    }
    let text = eqn(p, name);
    let e = crate::equation::parse(&text).unwrap_or_else(|e| panic!("{e:?}: {text}")).expect("an equation");
    eval(p, &e, inputs)
}

#[test]
fn lookup_invert_finds_the_smallest_input_giving_the_value() {
    // Vensim's example table, a flat stretch and a fall: (0,0) (1,1) (3,2) (4,2) (5,0).
    let p = read("look((0,0),(1,1),(3,2),(4,2),(5,0)) ~~|\ninv = LOOKUP INVERT(look, y) ~~|\ny = 0 ~~|");
    let inv = |y: f64| value(&p, "inv", &[("y", y)]);
    assert_eq!(inv(0.5), 0.5);
    assert_eq!(inv(1.5), 2.0, "Vensim's example: between (1,1) and (3,2)");
    assert_eq!(inv(2.0), 3.0, "the rise reaches 2 at x = 3, where the flat stretch starts");
    assert_eq!(inv(1.0), 1.0, "a knot: the first segment reaching it");
    assert_eq!(inv(0.0), 0.0, "0 is also reached at x = 5: the smallest x wins");
    assert_eq!(inv(-1.0), crate::equation::VENSIM_NA, "outside the table's y values");
    assert_eq!(inv(2.5), crate::equation::VENSIM_NA);
    assert!(inv(f64::NAN).is_nan());
    let p = read("down((0,4),(2,0)) ~~|\ninv = LOOKUP INVERT(down, 1) ~~|");
    assert_eq!(value(&p, "inv", &[]), 1.5, "a decreasing table: 0 + ((1 - 4) / -4) * 2");
}

#[test]
fn lookup_area_integrates_the_table_held_at_its_ends() {
    // Vensim's example: (0,1) (1,1) (2,2).
    let p = read("look((0,1),(1,1),(2,2)) ~~|\narea = LOOKUP AREA(look, a, b) ~~|\na = 0 ~~|\nb = 0 ~~|");
    let area = |a: f64, b: f64| value(&p, "area", &[("a", a), ("b", b)]);
    assert_eq!(area(0.0, 1.0), 1.0);
    assert_eq!(area(2.0, 4.0), 4.0, "beyond the last point the table holds 2");
    assert_eq!(area(0.5, 2.5), 3.0, "0.5 + 1.5 + 1");
    assert_eq!(area(1.0, 1.5), 0.625, "half of the rising segment: 0.5 * (1 + 1.5) / 2");
    assert_eq!(area(-2.0, 0.0), 2.0, "below the first point the table holds 1");
    assert_eq!(area(2.5, 0.5), -3.0, "x2 < x1: the negative of the area from x2 to x1");
    assert_eq!(area(1.5, 1.5), 0.0);
    assert!(area(f64::NAN, 1.0).is_nan());
    // A vertical step (x = 1 twice) has no width: 1 * 1 + 1 * 3.
    let p = read("step((0,1),(1,1),(1,3),(2,3)) ~~|\narea = LOOKUP AREA(step, 0, 2) ~~|");
    assert_eq!(value(&p, "area", &[]), 4.0);
}

#[test]
fn time_base_and_delay_information() {
    let p = read("yr = TIME BASE(1970, 0.25) ~~|\nd = DELAY INFORMATION(x, 2 * k, 0) ~~|\nx = Time ~~|\nk = 3 ~~|");
    assert_eq!(eqn(&p, "yr"), "1970.0 + TIME * 0.25");
    assert_eq!(value(&p, "yr", &[("TIME", 8.0)]), 1972.0);
    assert_eq!(eqn(&p, "d"), "DELAY_FIXED(x, 2.0 * k, 0.0)");
}

#[test]
fn vector_functions_keep_their_names_for_the_array_expansion() {
    let p = read(
        "D: d1, d2, d3 ~~|\nv[D] = 3, 1, 2 ~~|\nr[D] = VECTOR RANK(v[D], 1) ~~|\no[D] = VECTOR SORT ORDER(v[D], 1) ~~|\n\
         s[D] = VECTOR REORDER(v[D], o[D]) ~~|\nl = VECTOR LOOKUP(v[d1], 1.5, 0, 2, 0) ~~|",
    );
    assert_eq!(eqn(&p, "r"), "VECTOR RANK(v[D], 1.0)");
    assert_eq!(eqn(&p, "s"), "VECTOR REORDER(v[D], o[D])");
    assert_eq!(eqn(&p, "l"), "VECTOR LOOKUP(v[d1], 1.5, 0.0, 2.0, 0.0)");
}

#[test]
fn unsupported_forms_of_the_new_functions_are_errors_naming_them() {
    let cases = [
        ("look((0,0),(1,1)) ~~|\na = LOOKUP INVERT(look) ~~|", "`LOOKUP INVERT` takes 2 arguments"),
        ("a = LOOKUP AREA(b, 0, 1) ~~|\nb = 1 ~~|", "the first argument of `LOOKUP AREA` must name a lookup"),
        ("D: d1, d2 ~~|\nt[D]((0,0),(1,1)) ~~|\na = LOOKUP INVERT(t[d1], 0.5) ~~|", "`LOOKUP INVERT` must name"),
        ("a = DELAY INFORMATION(Time, 1 + Time, 0) ~~|", "not supported yet: `DELAY INFORMATION` with a delay time"),
        ("a = TIME BASE(1) ~~|", "`TIME BASE` takes 2 arguments"),
        ("a = VECTOR MAX(1) ~~|", "unknown function `VECTOR MAX` (Vensim's maximum over an array is VMAX)"),
    ];
    for (body, want) in cases {
        let d = read_err(body);
        assert!(d.message.contains(want), "{body}: {}", d.message);
    }
}

/// The values of `names` at time `time` of a model of constants and TIME, its arrays
/// expanded as the compiler expands them, by a direct reading of the expanded
/// equations (plain f64 arithmetic: the backends' agreement is tests/semantics.rs's).
fn expanded_values(body: &str, time: f64, names: &[&str]) -> Vec<f64> {
    use crate::canonical::canonical;
    use crate::equation::{BinaryOp, Expr, ExprKind, UnaryOp};
    use std::collections::HashMap;
    let p = read(body);
    let p = crate::compile::arrays::expand(&p).unwrap_or_else(|e| panic!("{e:?}")).expect("arrays");
    let eqns: HashMap<String, Expr> = p.models[0]
        .variables
        .iter()
        .filter_map(|v| Some((canonical(&v.name), crate::equation::parse(&v.eqn.as_ref()?.text).ok()??)))
        .collect();
    fn eval(e: &Expr, eqns: &HashMap<String, Expr>, time: f64, memo: &mut HashMap<String, f64>) -> f64 {
        let b = |x: bool| if x { 1.0 } else { 0.0 };
        match &e.kind {
            ExprKind::Num(v) => *v,
            ExprKind::Var(id) => {
                let key = canonical(&id.text);
                if key == "time" {
                    return time;
                }
                if let Some(&v) = memo.get(&key) {
                    return v;
                }
                let v = eval(eqns.get(&key).unwrap_or_else(|| panic!("no `{key}`")), eqns, time, memo);
                memo.insert(key, v);
                v
            }
            ExprKind::Unary(op, x) => {
                let x = eval(x, eqns, time, memo);
                match op {
                    UnaryOp::Neg => -x,
                    UnaryOp::Plus => x,
                    UnaryOp::Not => b(x == 0.0),
                }
            }
            ExprKind::Binary(op, x, y) => {
                let (x, y) = (eval(x, eqns, time, memo), eval(y, eqns, time, memo));
                match op {
                    BinaryOp::Add => x + y,
                    BinaryOp::Sub => x - y,
                    BinaryOp::Mul => x * y,
                    BinaryOp::Div => x / y,
                    BinaryOp::Pow => x.powf(y),
                    BinaryOp::Mod => x.rem_euclid(y),
                    BinaryOp::Eq => b(x == y),
                    BinaryOp::Ne => b(x != y),
                    BinaryOp::Lt => b(x < y),
                    BinaryOp::Le => b(x <= y),
                    BinaryOp::Gt => b(x > y),
                    BinaryOp::Ge => b(x >= y),
                    BinaryOp::And => b(x != 0.0 && y != 0.0),
                    BinaryOp::Or => b(x != 0.0 || y != 0.0),
                }
            }
            ExprKind::If(c, x, y) => {
                if eval(c, eqns, time, memo) != 0.0 {
                    eval(x, eqns, time, memo)
                } else {
                    eval(y, eqns, time, memo)
                }
            }
            ExprKind::Call { name, args } => {
                let a: Vec<f64> = args.iter().map(|x| eval(x, eqns, time, memo)).collect();
                let nan = |v: &[f64]| v.iter().any(|x| x.is_nan());
                match canonical(&name.text).as_str() {
                    "min" if nan(&a) => f64::NAN,
                    "max" if nan(&a) => f64::NAN,
                    "min" => a.iter().copied().fold(f64::INFINITY, f64::min),
                    "max" => a.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    "abs" => a[0].abs(),
                    "exp" => a[0].exp(),
                    "int" => a[0].floor(),
                    "nan" => f64::NAN,
                    "inf" => f64::INFINITY,
                    f => panic!("no function {f} in this reading"),
                }
            }
            ExprKind::Subscript { .. } => panic!("a subscript after expansion"),
        }
    }
    let mut memo = HashMap::new();
    names
        .iter()
        .map(|n| eval(eqns.get(&canonical(n)).unwrap_or_else(|| panic!("no `{n}`")), &eqns, time, &mut memo))
        .collect()
}

fn assert_near(got: &[f64], want: &[f64], what: &str) {
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= 1e-12 * (1.0 + w.abs()), "{what}: {got:?}, want {want:?}");
    }
}

/// Two requesters, a (request 3, priority 2) and b (2, 1), with profiles of `ptype`
/// and width 2, sharing `s = 2 * Time`.
fn two_requesters(ptype: &str) -> String {
    format!(
        "D: a, b ~~|\nProf: ptype, ppriority, pwidth, pextra ~~|\nr[D] = 3, 2 ~~|\npr[D] = 2, 1 ~~|\n\
         pp[D, ptype] = {ptype} ~~|\npp[D, ppriority] = pr[D] ~~|\npp[D, pwidth] = 2 ~~|\npp[D, pextra] = 0 ~~|\n\
         s = 2 * Time ~~|\nx[D] = ALLOCATE AVAILABLE(r[D], pp[D, ptype], s) ~~|\n\
         y[D] = ALLOCATE BY PRIORITY(r[D], pr[D], ELMCOUNT(D), 2, s) ~~|"
    )
}

#[test]
fn allocate_calls_keep_their_names_for_the_array_expansion() {
    let p = read(&two_requesters("1"));
    assert!(eqn(&p, "x").starts_with("ALLOCATE AVAILABLE(r[D], pp[D, ptype], s)"), "{}", eqn(&p, "x"));
    assert!(eqn(&p, "y").starts_with("ALLOCATE BY PRIORITY(r[D], pr[D], 2.0, 2.0, s)"), "{}", eqn(&p, "y"));
}

#[test]
fn allocate_rectangular_and_by_priority_ration_along_straight_ramps() {
    // Rectangular, width 2: a gets 3 * clamp((3 - x) / 2), b 2 * clamp((2 - x) / 2) at
    // level x. For x in [1, 2] the total is (13 - 5x) / 2; for x in [2, 3], 3(3 - x) / 2.
    let body = two_requesters("1");
    let cases: [(f64, [f64; 2]); 7] = [
        (0.0, [0.0, 0.0]), // nothing to share
        (0.5, [1.0, 0.0]), // s = 1: x = 7/3, b's ramp not reached
        (1.0, [1.8, 0.2]), // s = 2: x = 1.8
        (1.5, [2.4, 0.6]), // s = 3: x = 1.4
        (2.0, [3.0, 1.0]), // s = 4: x = 1, a just full
        (2.5, [3.0, 2.0]), // s = 5: every request filled
        (3.0, [3.0, 2.0]), // s = 6: none overfilled
    ];
    for (time, want) in cases {
        let got = expanded_values(&body, time, &["x[a]", "x[b]", "y[a]", "y[b]"]);
        assert_near(&got[..2], &want, &format!("ALLOCATE AVAILABLE at time {time}"));
        // ALLOCATE BY PRIORITY is the rectangular profile: the same expansion, bit for bit.
        assert_eq!(
            got[..2].iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            got[2..].iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn unsupported_forms_of_the_new_vector_functions_are_errors_naming_them() {
    let compile_err = |body: &str| {
        let text = format!("{{UTF-8}}\nD: d1, d2, d3 ~~|\nv[D] = 3, 1, 2 ~~|\nk = 1 ~~|\n{body}\n{CONTROL}");
        match crate::compile_str(&text, "test.mdl") {
            Ok(_) => panic!("compiled: {body}"),
            Err(e) => e.diagnostics[0].message.clone(),
        }
    };
    let cases = [
        ("l = VECTOR LOOKUP(v[d1], 1, 0, 2, 6) ~~|", "not supported yet: VECTOR LOOKUP in mode 6"),
        ("l = VECTOR LOOKUP(v[d1], 1, 0, 2, 0.5) ~~|", "not supported yet: VECTOR LOOKUP in mode 0.5"),
        ("l = VECTOR LOOKUP(v[d1], 1, 0, 2, Time) ~~|", "the mode of VECTOR LOOKUP must be a constant"),
        ("l = VECTOR LOOKUP(k, 1, 0, 2, 0) ~~|", "the first argument of VECTOR LOOKUP must be an arrayed variable"),
        ("l = VECTOR LOOKUP(v[d1], 1, 0) ~~|", "VECTOR LOOKUP takes 5 arguments, not 3"),
        ("E: e1 ~~|\nw[E] = 1 ~~|\nl = VECTOR LOOKUP(w[e1], 1, 0, 2, 0) ~~|", "at least two elements"),
        ("r[D] = VECTOR RANK(v[D], Time) ~~|", "the direction of VECTOR RANK must be a constant"),
        ("r = VECTOR RANK(v[D!], 1) ~~|", "VECTOR RANK must be arrayed over its vector's last dimension"),
        ("r[D] = VECTOR REORDER(k, v[D]) ~~|", "the first argument of VECTOR REORDER must be an arrayed variable"),
    ];
    for (body, want) in cases {
        let message = compile_err(body);
        assert!(message.contains(want), "{body}: {message}");
    }
}

#[test]
fn allocate_curved_profiles_at_a_symmetric_level() {
    // Requests 1 and 1, priorities 1 and 0, supply 1: by symmetry the level is 0.5, so
    // a's normalized distance is z = 0.5 / width and b's is -z.
    let body = |ptype: u32, width: f64| {
        format!(
            "D: a, b ~~|\nProf: ptype, ppriority, pwidth ~~|\nr[D] = 1, 1 ~~|\n\
             pp[D, ptype] = {ptype} ~~|\npp[a, ppriority] = 1 ~~|\npp[b, ppriority] = 0 ~~|\npp[D, pwidth] = {width} ~~|\n\
             x[D] = ALLOCATE AVAILABLE(r[D], pp[D, ptype], 1) ~~|"
        )
    };
    // Triangular, width 2: z = 0.25; 1 - 2 (0.5 - z)^2 = 0.875 and 2 (0.5 - z)^2 = 0.125.
    assert_near(&expanded_values(&body(2, 2.0), 0.0, &["x[a]", "x[b]"]), &[0.875, 0.125], "triangular");
    // Normal, width 2 (the standard deviation): z = 0.25; Abramowitz-Stegun 26.2.16,
    // t = 1 / (1 + 0.33267 * 0.25), tail q = (0.5 / 1.253314) e^(-z^2 / 2)
    // (0.4361836 t - 0.1201676 t^2 + 0.937298 t^3) = 0.4012915..., Phi(0.25) = 1 - q,
    // within 1e-5 of the exact 0.5987063256829237.
    let normal = expanded_values(&body(3, 2.0), 0.0, &["x[a]", "x[b]"]);
    assert_near(&normal, &[0.5987084800986631, 0.4012915199013369], "normal");
    assert!((normal[0] - 0.5987063256829237).abs() < 1e-5);
    // Exponential, width 1: z = 0.5; 1 - e^-0.5 / 2 and e^-0.5 / 2.
    assert_near(
        &expanded_values(&body(4, 1.0), 0.0, &["x[a]", "x[b]"]),
        &[0.6967346701436833, 0.3032653298563167],
        "exponential",
    );
}

#[test]
fn allocate_ties_negative_requests_and_edges() {
    let body = "D: a, b ~~|\nProf: ptype, ppriority, pwidth ~~|\nr[D] = 3, 1 ~~|\nq[D] = -1, 2 ~~|\n\
                pp[D, ptype] = 3 ~~|\npp[D, ppriority] = 5 ~~|\npp[D, pwidth] = 1 ~~|\n\
                zw[D, ptype] = 3 ~~|\nzw[D, ppriority] = 5 ~~|\nzw[D, pwidth] = 0 ~~|\n\
                tie[D] = ALLOCATE AVAILABLE(r[D], pp[D, ptype], 1) ~~|\n\
                neg[D] = ALLOCATE AVAILABLE(q[D], pp[D, ptype], 1) ~~|\n\
                none[D] = ALLOCATE AVAILABLE(r[D], pp[D, ptype], -1) ~~|\n\
                flat[D] = ALLOCATE AVAILABLE(r[D], zw[D, ptype], 2) ~~|\n\
                full[D] = ALLOCATE AVAILABLE(r[D], zw[D, ptype], 4) ~~|";
    let got = expanded_values(
        body,
        0.0,
        &["tie[a]", "tie[b]", "neg[a]", "neg[b]", "none[a]", "none[b]", "flat[a]", "full[a]", "full[b]"],
    );
    // One curve for both: shares in proportion to the requests (a quarter of each).
    assert_near(&got[0..2], &[0.75, 0.25], "equal profiles");
    // A negative request is 0: b alone rations (its half, 1, of 2).
    assert_near(&got[2..4], &[0.0, 1.0], "negative request");
    assert_near(&got[4..6], &[0.0, 0.0], "negative supply");
    assert!(got[6].is_nan(), "a width of 0 has no curve when rationing: {}", got[6]);
    assert_near(&got[7..9], &[3.0, 1.0], "enough for every request needs no curve");
}

#[test]
fn allocate_integer_profiles_give_whole_numbers() {
    // Type 11 is the rectangle in whole numbers: the supply is INT(s), each continuous
    // share rounded down and the units left over to the largest remainders.
    let body = two_requesters("11").replace("s = 2 * Time", "s = 2 * Time + 0.5");
    let cases: [(f64, [f64; 2]); 6] = [
        (0.0, [0.0, 0.0]), // INT(0.5) = 0
        (0.5, [1.0, 0.0]), // shares 1 and 0
        (1.0, [2.0, 0.0]), // shares 1.8, 0.2: the unit left goes to a (0.8)
        (1.5, [2.0, 1.0]), // shares 2.4, 0.6: the unit left goes to b (0.6)
        (2.0, [3.0, 1.0]), // shares 3, 1
        (2.5, [3.0, 2.0]), // every request
    ];
    for (time, want) in cases {
        assert_near(&expanded_values(&body, time, &["x[a]", "x[b]"]), &want, &format!("time {time}"));
    }
}

fn compile_err(body: &str) -> String {
    let text = format!("{{UTF-8}}\n{body}\n{CONTROL}");
    match crate::compile_str(&text, "test.mdl") {
        Ok(_) => panic!("compiled: {body}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn allocate_refuses_what_it_cannot_compute() {
    let profile = "D: a, b ~~|\nProf: ptype, ppriority, pwidth, pextra ~~|\nr[D] = 3, 2 ~~|\nkind = 2 + 3 ~~|\n";
    let cases = [
        // Profile types without a curve, known when compiling (a number, arithmetic on constants).
        (
            "pp[D, Prof] = 0 ~~|\nx[D] = ALLOCATE AVAILABLE(r[D], pp[D, ptype], 1) ~~|",
            "ALLOCATE AVAILABLE: profile type 0 of requester 1 is not supported",
        ),
        (
            "pp[D, ptype] = kind ~~|\npp[D, ppriority] = 1 ~~|\npp[D, pwidth] = 1 ~~|\npp[D, pextra] = 1 ~~|\nx[D] = ALLOCATE AVAILABLE(r[D], pp[D, ptype], 1) ~~|",
            "profile type 5 of requester 1",
        ),
        // Shapes.
        (
            "pp[Prof] = 1 ~~|\nx[D] = ALLOCATE AVAILABLE(r[D], pp[ptype], 1) ~~|",
            "priority profile of ALLOCATE AVAILABLE must have the requesters' dimension",
        ),
        (
            "pp[D, Prof] = 1 ~~|\nx[D] = ALLOCATE AVAILABLE(r[D], pp[D, pextra], 1) ~~|",
            "needs 3 elements from the one named",
        ),
        (
            "pp[D, Prof] = 1 ~~|\nx = ALLOCATE AVAILABLE(r[D], pp[D, ptype], 1) ~~|",
            "must be arrayed over the last dimension of its request",
        ),
        (
            "pp[D, Prof] = 1 ~~|\nk = 1 ~~|\nx[D] = ALLOCATE AVAILABLE(k, pp[D, ptype], 1) ~~|",
            "the request of ALLOCATE AVAILABLE must be an arrayed variable",
        ),
        ("x[D] = ALLOCATE AVAILABLE(r[D], 1) ~~|", "ALLOCATE AVAILABLE takes 3 arguments, not 2"),
        (
            "x[D] = ALLOCATE BY PRIORITY(r[D], r[D], 3, 1, 1) ~~|",
            "the size of ALLOCATE BY PRIORITY is 3, but its request has 2 elements",
        ),
    ];
    for (eqns, want) in cases {
        let message = compile_err(&format!("{profile}{eqns}"));
        assert!(message.contains(want), "{eqns}\n{message}");
        assert_eq!(message.lines().count(), 1, "one error an equation, not one an element: {message}");
    }
}

#[test]
fn a_value_computed_when_reading_takes_bounded_work_and_stack() {
    // `c0 = c1 + c1 - c1`, ..., each constant named three times by the one before: a
    // value computed once per constant, not 3^30 times.
    let chain = |n: usize, wrap: &dyn Fn(&str) -> String| {
        let mut body = String::new();
        for i in 0..n {
            let next = if i + 1 < n { format!("c{}", i + 1) } else { "1".to_owned() };
            body.push_str(&format!("c{i} = {} ~~|\n", wrap(&next)));
        }
        body + "x = DELAY N(Time, 2, 0, c0) ~~|"
    };
    let diamond = |next: &str| format!("{next} + {next} - {next}");
    let started = std::time::Instant::now();
    read(&chain(30, &diamond));
    assert!(started.elapsed().as_secs() < 5, "linear work: {:?}", started.elapsed());
    // Past 32 equations deep: an error naming the chain, not a hang.
    let d = read_err(&chain(40, &diamond));
    assert!(d.message.contains("a chain over 32"), "{}", d.message);
    // 30 equations each nested 250 calls deep: the reader's stack holds it.
    let deep = |next: &str| format!("{}{next}{}", "ABS(".repeat(250), ")".repeat(250));
    read(&chain(30, &deep));
}
