//! The data functions end to end: a model and its data files in a directory, read
//! into the datamodel; each keyword's rule; every class of mistake an error naming the
//! variable, the model file and line, and the data file.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::*;
use crate::datamodel::{Project, Variable};
use crate::error::Diagnostic;
use crate::ir::{LookupMode, TableKind};
use crate::numerics::lookup;

fn series(xs: &[f64], ys: &[f64]) -> Series {
    Series { xs: xs.to_vec(), ys: ys.to_vec() }
}

fn at(gf: &GraphicalFunction, x: f64) -> f64 {
    let kind = match gf.kind {
        GfKind::Continuous => TableKind::Continuous,
        GfKind::Discrete => TableKind::Discrete,
        GfKind::Extrapolate => TableKind::Extrapolate,
    };
    lookup(&gf.xs, &gf.ys, kind, LookupMode::Table, x)
}

#[test]
fn keywords() {
    assert_eq!(Keyword::parse("hold  backward"), Some(Keyword::HoldBackward));
    assert_eq!(Keyword::parse("LOOK FORWARD"), Some(Keyword::LookForward));
    assert_eq!(Keyword::parse("Raw"), Some(Keyword::Raw));
    assert_eq!(Keyword::parse("INTERPOLATE"), Some(Keyword::Interpolate));
    assert_eq!(Keyword::parse("SUPPLEMENTARY"), None);
}

#[test]
fn each_keyword_reads_between_points_by_its_rule() {
    let s = series(&[2.0, 4.0, 5.0], &[10.0, 20.0, 40.0]);
    let interp = data_table(s.clone(), Keyword::Interpolate, 1);
    let hold = data_table(s.clone(), Keyword::HoldBackward, 1);
    let forward = data_table(s, Keyword::LookForward, 1);
    let cases = [
        // time, interpolate, hold backward, look forward
        (0.0, 10.0, 10.0, 10.0),
        (2.0, 10.0, 10.0, 10.0),
        (3.0, 15.0, 10.0, 20.0),
        (4.0f64.next_down(), 20.0, 10.0, 20.0),
        (4.0, 20.0, 20.0, 20.0),
        (4.0f64.next_up(), 20.0, 20.0, 40.0),
        (4.5, 30.0, 20.0, 40.0),
        (5.0, 40.0, 40.0, 40.0),
        (9.0, 40.0, 40.0, 40.0),
    ];
    for (t, i, h, f) in cases {
        assert!((at(&interp, t) - i).abs() < 1e-12, "interpolate at {t}: {}", at(&interp, t));
        assert_eq!(at(&hold, t), h, "hold backward at {t}");
        assert_eq!(at(&forward, t), f, "look forward at {t}");
    }
}

#[test]
fn look_forward_with_repeated_times() {
    let forward = data_table(series(&[1.0, 1.0, 3.0], &[5.0, 6.0, 7.0]), Keyword::LookForward, 1);
    assert!(forward.xs.windows(2).all(|w| w[0] <= w[1]), "{:?}", forward.xs);
    assert_eq!(at(&forward, 1.0), 5.0, "the first point of the time, as LOOKUP FORWARD reads it");
    assert_eq!(at(&forward, 1.0f64.next_up()), 7.0);
    assert_eq!(at(&forward, 2.0), 7.0);
}

const CONTROL: &str = "INITIAL TIME = 0 ~~|\nFINAL TIME = 10 ~~|\nTIME STEP = 1 ~~|\nSAVEPER = TIME STEP ~~|\n";

/// A temporary directory of its own holding `files` (name, content), removed on drop
/// (also when the test panics).
struct Dir(TempDir);

impl Dir {
    fn new(tag: &str, files: &[(&str, &[u8])]) -> Dir {
        let dir = tempfile::Builder::new().prefix(&format!("millrace-data-{tag}-")).tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        Dir(dir)
    }

    /// `body` read as the model `model.mdl` of this directory.
    fn read(&self, body: &str) -> Result<Project, Vec<Diagnostic>> {
        let path = self.0.path().join("model.mdl");
        std::fs::write(&path, format!("{{UTF-8}}\n{body}\n{CONTROL}")).unwrap();
        crate::mdl::read_file(&path).map_err(|e| e.diagnostics)
    }
}

fn var<'p>(p: &'p Project, name: &str) -> &'p Variable {
    let vars = &p.models[0].variables;
    vars.iter().find(|v| v.name == name).unwrap_or_else(|| panic!("no `{name}` in {vars:#?}"))
}

fn eqn(v: &Variable) -> &str {
    v.eqn.as_ref().map_or("", |e| e.text.as_str())
}

/// A corpus file (the vendored copy), for the workbook formats.
fn corpus(path: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/cases").join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const BLOCK: &[u8] = b"c,C1,C2\nB1,1,2\nB2,3,4\nB3,5,6\n";

#[test]
fn constants_into_scalars_rows_columns_and_blocks() {
    let dir = Dir::new("constants", &[("sub/c.csv", BLOCK)]);
    let p = dir
        .read(
            "B: B1, B2, B3 ~~|\nC: C1, C2 ~~|\n\
             a = GET DIRECT CONSTANTS('sub/c.csv', ',', 'C3') ~~|\n\
             r[C] = GET DIRECT CONSTANTS('sub/c.csv', ',', 'B2') ~~|\n\
             k[B] = GET XLS CONSTANTS('sub/c.csv', ',', 'B2*') ~~|\n\
             m[B, C] = GET DIRECT CONSTANTS('sub/c.csv', ',', 'B2') ~~|\n\
             t[C, B] = GET DIRECT CONSTANTS('sub/c.csv', ',', 'B2*') ~~|\n\
             e[C1, B] = GET DIRECT CONSTANTS('sub/c.csv', ',', 'C2*') ~~|\ne[C2, B] = 0 ~~|",
        )
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(eqn(var(&p, "a")), "4.0");
    assert_eq!(eqn(var(&p, "r")), "1.0, 2.0");
    assert_eq!(eqn(var(&p, "k")), "1.0, 3.0, 5.0", "`*` reads down the column");
    assert_eq!(eqn(var(&p, "m")), "1.0, 2.0, 3.0, 4.0, 5.0, 6.0", "first range down, second across");
    assert_eq!(eqn(var(&p, "t")), "1.0, 3.0, 5.0, 2.0, 4.0, 6.0", "transposed");
    let e = var(&p, "e").array.as_ref().unwrap();
    let firsts: Vec<&str> = e.elements.iter().take(3).map(|d| d.eqn.as_ref().unwrap().text.as_str()).collect();
    assert_eq!(firsts, ["2.0", "4.0", "6.0"], "a position written as an element adds no dimension to the read");
}

#[test]
fn lookups_are_tables_per_element() {
    let dir = Dir::new("lookups", &[("l.csv", b"x,0,1,,3\nA,1,2,9,4\nB,5,,7,8\n")]);
    let p = dir
        .read(
            "D: A, B ~~|\nt[D] = GET DIRECT LOOKUPS('l.csv', ',', '1', 'B2') ~~|\n\
             u(GET XLS LOOKUPS('l.csv', ',', '1', 'B3')) ~~|\ny[D] = t[D](Time) + u(Time) ~~|",
        )
        .unwrap_or_else(|d| panic!("{d:?}"));
    let t = var(&p, "t").array.as_ref().unwrap();
    let gfs: Vec<(Vec<f64>, Vec<f64>)> =
        t.elements.iter().map(|e| e.gf.as_ref().map(|g| (g.xs.clone(), g.ys.clone())).unwrap()).collect();
    assert_eq!(gfs, [(vec![0.0, 1.0, 3.0], vec![1.0, 2.0, 4.0]), (vec![0.0, 3.0], vec![5.0, 8.0])]);
    let u = var(&p, "u").gf.as_ref().unwrap();
    assert_eq!((u.kind, u.xs.as_slice()), (GfKind::Continuous, [0.0, 3.0].as_slice()));
    assert_eq!(eqn(var(&p, "y")), "LOOKUP(t[D], Time) + u(Time)", "both are called as lookups");
}

#[test]
fn data_are_tables_of_time_by_keyword() {
    let dir = Dir::new("series", &[("d.tab", b"Year\tA\tB\n0\t1\t10\n5\t2\t20\n")]);
    let p = dir
        .read(
            "D: A, B ~~|\n\
             i[D] := GET DIRECT DATA('d.tab', '\\t', 'A', 'B2') ~~|\n\
             h :HOLD BACKWARD: := GET DIRECT DATA('d.tab', '\\t', 'A', 'B2') ~~|\n\
             f[D] :LOOK FORWARD: := GET DIRECT DATA('d.tab', 'tab', 'A', 'B2') ~~|\n\
             r :RAW: := GET DIRECT DATA('d.tab', '\\t', 'A', 'C2') ~~|\n\
             q[D] :RAW: := GET DIRECT DATA('d.tab', '\\t', 'A', 'B2') ~~|\n\
             g = GET DIRECT DATA('d.tab', '\\t', 'A', 'C2') ~~|\n\
             s := h * 2 ~~|",
        )
        .unwrap_or_else(|d| panic!("{d:?}"));
    let i = &var(&p, "i").array.as_ref().unwrap().elements[1];
    assert_eq!(i.eqn.as_ref().unwrap().text, "TIME");
    let first = i.gf.as_ref().unwrap();
    assert_eq!(
        (first.kind, first.xs.as_slice(), first.ys.as_slice()),
        (GfKind::Continuous, [0.0, 5.0].as_slice(), [10.0, 20.0].as_slice())
    );
    assert_eq!(var(&p, "h").gf.as_ref().unwrap().kind, GfKind::Discrete);
    let f = var(&p, "f").array.as_ref().unwrap().elements[0].gf.as_ref().unwrap();
    assert_eq!((f.kind, f.xs.as_slice()), (GfKind::Discrete, [0.0, 0.0f64.next_up()].as_slice()));
    assert_eq!(var(&p, "g").gf.as_ref().unwrap().ys, [10.0, 20.0], "`=` reads data as `:=` does");
    assert_eq!(
        eqn(var(&p, "r")),
        "IF \"r#times\"(TIME) < TIME OR TIME < \"r#times\"(TIME) THEN (-6.490371073168535e32) ELSE TIME"
    );
    assert_eq!(var(&p, "r#times").gf.as_ref().unwrap().ys, [0.0, 5.0], "a table of the times themselves");
    let q = var(&p, "q").array.as_ref().unwrap().elements[0].eqn.as_ref().unwrap();
    assert!(q.text.starts_with("IF LOOKUP(\"q#times\"[D], TIME) < TIME"), "{}", q.text);
    assert_eq!(var(&p, "q#times").array.as_ref().unwrap().elements.len(), 2);
    assert_eq!(eqn(var(&p, "s")), "h * 2.0", "a data equation of other variables is an equation");
}

#[test]
fn subscript_ranges_from_files() {
    let dir = Dir::new("subs", &[("s.csv", b"Dim,,\nB1,B2,B3\n"), ("n.csv", b"1\n2\n")]);
    let p = dir
        .read(
            "B: GET DIRECT SUBSCRIPT('s.csv', ',', 'A2', '2', '') -> A ~~|\nA: a1, a2, a3 ~~|\n\
             N: GET XLS SUBSCRIPT('n.csv', ',', 'A1', 'A', 'n') ~~|\nx[B] = 1, 2, 3 ~~|",
        )
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(p.dimensions[0].elements, ["B1", "B2", "B3"]);
    assert_eq!(p.dimensions[0].mappings[0].target, "A");
    assert_eq!(p.dimensions[2].elements, ["n1", "n2"]);
}

#[test]
fn workbooks_xlsx_xls_missing_values_and_names() {
    let dir = Dir::new(
        "books",
        &[
            ("m.xlsx", &corpus("mdl/get_with_missing_values_xlsx/input.xlsx")),
            ("l.xls", &corpus("mdl/get_lookups_subset/input.xls")),
            ("n.xlsx", &corpus("mdl/get_values_order/inputs.xlsx")),
        ],
    );
    let p = dir
        .read(
            "d := GET XLS DATA('m.xlsx', 'Hoja1', '10', 'A9') ~~|\n\
             l = GET XLS LOOKUPS('l.xls', 'Sheet1', '4', 'C8') ~~|\n\
             D: t1, t2, t3, t4 ~~|\nv[D] = GET DIRECT CONSTANTS('n.xlsx', 'Sheet1', 'var1all*') ~~|\n\
             w = GET DIRECT CONSTANTS('n.xlsx', 'Sheet1', 'var2t4') ~~|",
        )
        .unwrap_or_else(|d| panic!("{d:?}"));
    let d = var(&p, "d").gf.as_ref().unwrap();
    assert_eq!(d.xs, [1.0, 2.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], "a text time (`nonvalid`) is a missing point");
    assert_eq!(d.ys, [10.0, 11.0, 29.0, 10.0, 18.0, 17.0, 61.0, 61.0]);
    let l = var(&p, "l").gf.as_ref().unwrap();
    assert_eq!((l.xs.len(), l.ys[3]), (7, 2.0));
    assert_eq!(eqn(var(&p, "v")), "10.0, 20.0, 30.0, 40.0", "a defined name's first cell, down with `*`");
    assert_eq!(eqn(var(&p, "w")), "40.0");
}

#[test]
fn mistakes_are_errors_naming_variable_line_and_file() {
    let dir = Dir::new("errors", &[("c.csv", BLOCK), ("bad.xlsx", b"not a workbook")]);
    let one = |body: &str| -> Diagnostic {
        let d = dir.read(body).map(|_| ()).unwrap_err();
        d.into_iter().next().unwrap()
    };
    let cases: &[(&str, &str)] = &[
        ("x = GET DIRECT CONSTANTS('none.csv', ',', 'B2') ~~|", "cannot read the data file"),
        ("x = GET DIRECT CONSTANTS('bad.xlsx', 'S', 'B2') ~~|", "cannot read the workbook"),
        ("x = GET DIRECT CONSTANTS('c.csv', 'Sheet1', 'B2') ~~|", "not a delimiter"),
        ("x = GET DIRECT CONSTANTS('c.csv', ',', 'B9') ~~|", "cell B9 of `c.csv` is blank, not a number"),
        ("x = GET DIRECT CONSTANTS('c.csv', ',', 'A2') ~~|", "holds `B1`, not a number"),
        ("x = GET DIRECT CONSTANTS('c.csv', ',', 'B2', 'C') ~~|", "takes 3 quoted arguments"),
        ("x = GET DIRECT CONSTANTS('c.csv', ',', B2) ~~|", "quoted arguments"),
        ("x = GET DIRECT CONSTANTS('c.csv', ',', 'B2') + 1 ~~|", "whole equation"),
        ("x = GET DIRECT LOOKUPS('c.csv', ',', 'B1', 'B2') ~~|", "neither a row number nor a column"),
        ("x = GET DIRECT DATA('c.csv', ',', '9', 'B2') ~~|", "no data points from cell B2"),
        ("x = GET DIRECT CONSTANTS('c.csv', ',', 'nameless') ~~|", "neither a cell nor a name"),
        ("D: GET DIRECT SUBSCRIPT('c.csv', ',', 'A9', 'A', '') ~~|\nx[D] = 1 ~~|", "no element names"),
        ("D: GET DIRECT CONSTANTS('c.csv', ',', 'A9') ~~|", "only `GET ... SUBSCRIPT` defines elements"),
        ("x = GET DIRECT SUBSCRIPT('c.csv', ',', 'A2', 'A', '') ~~|", "defines a subscript range"),
        ("D: a, b ~~|\nx[D] :EXCEPT: [a] = GET DIRECT CONSTANTS('c.csv', ',', 'B2') ~~|\nx[a] = 1 ~~|", "`:EXCEPT:`"),
        ("x = GET DIRECT CONSTANTS('?alias', ',', 'B2') ~~|", "no alias `?alias`"),
    ];
    for (body, message) in cases {
        let d = one(body);
        assert!(d.message.contains(message), "{body}: {}", d.message);
        assert!(d.file.as_deref().is_some_and(|f| f.ends_with("model.mdl")), "{body}: {:?}", d.file);
        assert!(d.line.is_some() && d.variable.is_some(), "{body}: {d:?}");
    }
    let d = one("\n\nx = GET DIRECT CONSTANTS('c.csv', ',', 'B9') ~~|");
    assert_eq!((d.line, d.variable.as_deref()), (Some(4), Some("x")));
}

#[test]
fn aliases_come_from_the_spec_beside_the_model() {
    let dir = Dir::new("alias", &[("c.csv", BLOCK), ("model_spec.json", br#"{"directData": {"?c": "c.csv"}}"#)]);
    let p = dir.read("x = GET DIRECT CONSTANTS('?c', ',', 'C4') ~~|").unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(eqn(var(&p, "x")), "6.0");
}

#[test]
fn data_variables_without_equations_read_the_data_given() {
    let dir = Dir::new(
        "external",
        &[("d.dat", b"v[A1]\n0\t1\n5\t2\ns\n0\t7\n"), ("t.tab", b"Time\tw\tv[A1]\n0\t3\t\n2\t4\t9\n")],
    );
    let path = dir.0.path().join("model.mdl");
    let body = "D: A1, A2 ~~|\nv[D] ~ units ~|\ns :HOLD BACKWARD: ~~|\nw ~~|\ny = GET DATA BETWEEN TIMES(w, 1, 0) ~~|\nz = GET DATA BETWEEN TIMES(s, 1, 0) ~~|";
    std::fs::write(&path, format!("{{UTF-8}}\n{body}\n{CONTROL}")).unwrap();
    let read = |data: &[PathBuf]| {
        let text = std::fs::read_to_string(&path).unwrap();
        crate::mdl::read_str_with_data(&text, &path.display().to_string(), data).map_err(|e| e.diagnostics)
    };
    let d = read(&[]).unwrap_err();
    assert!(d[0].message.contains("is a data variable (no equation): give the data file"), "{d:?}");
    let d = read(&[dir.0.path().join("d.dat")]).unwrap_err();
    assert!(d.iter().any(|d| d.message.contains("no data for the data variable `w`")), "{d:?}");
    let d = read(&[dir.0.path().join("none.dat")]).unwrap_err();
    assert!(d[0].message.contains("cannot read the data file"), "{d:?}");
    let d = read(&[dir.0.path().join("d.dat"), dir.0.path().join("t.tab")]).unwrap_err();
    assert!(d[0].message.contains("`s`, which does not interpolate"), "{d:?}");
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace("GET DATA BETWEEN TIMES(s, 1, 0)", "0"))
        .unwrap();
    let p = read(&[dir.0.path().join("d.dat"), dir.0.path().join("t.tab")]).unwrap_or_else(|d| panic!("{d:?}"));
    let v = var(&p, "v").array.as_ref().unwrap();
    assert_eq!(v.elements[0].gf.as_ref().unwrap().ys, [9.0], "a later file's series replaces an earlier one's");
    assert_eq!(v.elements[1].eqn.as_ref().unwrap().text, "(-6.490371073168535e32)", "an element without data is :NA:");
    assert_eq!(var(&p, "s").gf.as_ref().unwrap().kind, GfKind::Discrete, "the keyword applies");
    assert_eq!(var(&p, "w").gf.as_ref().unwrap().xs, [0.0, 2.0]);
    assert_eq!(eqn(var(&p, "y")), "LOOKUP(w, 1.0)");
}

#[test]
fn get_data_between_times_reads_in_every_mode() {
    let dir =
        Dir::new("between", &[("d.dat", b"s\n0\t7\n"), ("model_spec.json", br#"{"externalDatfiles": ["d.dat"]}"#)]);
    let p =
        dir.read("s ~~|\nm = 0 ~~|\ny = GET DATA BETWEEN TIMES(s, Time, m) ~~|").unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(eqn(var(&p, "y")), "LOOKUP(s, Time)", "the spec's data files are read; a constant gives the mode");
    let p = dir.read("s ~~|\ny = GET DATA BETWEEN TIMES(s, Time, 1) ~~|").unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(eqn(var(&p, "y")), "LOOKUP_FORWARD(s, INITIAL_TIME + INT((Time - INITIAL_TIME) / DT + 1e-9) * DT)");
    let p = dir.read("s ~~|\ny = GET DATA BETWEEN TIMES(s, Time, -1) ~~|").unwrap_or_else(|d| panic!("{d:?}"));
    assert!(eqn(var(&p, "y")).starts_with("LOOKUP_BACKWARD(s, INITIAL_TIME + INT("), "{}", eqn(var(&p, "y")));
    let d = dir.read("s ~~|\ny = GET DATA BETWEEN TIMES(s, Time, 2) ~~|").unwrap_err();
    assert!(d[0].message.contains("must be 0, 1 or -1"), "{d:?}");
    let d = dir.read("s ~~|\nm = TIME ~~|\ny = GET DATA BETWEEN TIMES(s, Time, m) ~~|").unwrap_err();
    assert!(d[0].message.contains("known when compiling"), "{d:?}");
    let d = dir.read("s ~~|\nq = 1 ~~|\ny = GET DATA BETWEEN TIMES(q, Time, 0) ~~|").unwrap_err();
    assert!(d[0].message.contains("not a data variable"), "{d:?}");
}

#[test]
fn no_data_call_panics() {
    let dir = Dir::new("mutated", &[("c.csv", BLOCK), ("d.dat", b"v[A1]\n0\t1\n")]);
    let model = dir.0.path().join("model.mdl");
    std::fs::write(&model, "").unwrap();
    let file = model.display().to_string();
    let sample = format!(
        "{{UTF-8}}\nB: GET DIRECT SUBSCRIPT('c.csv', ',', 'A2', 'A', 'x') ~~|\nC: C1, C2 ~~|\n\
         a[B, C] = GET DIRECT CONSTANTS('c.csv', ',', 'B2*') ~~|\nl[C] = GET XLS LOOKUPS('c.csv', ',', '1', 'B2') ~~|\n\
         d[B] :LOOK FORWARD: := GET DIRECT DATA('c.csv', ',', 'A', 'B2') ~~|\nv[C] :RAW: ~~|\n{CONTROL}"
    );
    let data = [dir.0.path().join("d.dat")];
    for end in (0..sample.len()).filter(|&i| sample.is_char_boundary(i)) {
        let _ = crate::mdl::read_str_with_data(&sample[..end], &file, &data);
    }
    for (i, _) in sample.char_indices() {
        for c in ['\'', '(', ')', ',', '*', '9', 'Z', ':'] {
            let mut s = sample.clone();
            s.replace_range(i..i + sample[i..].chars().next().map_or(1, char::len_utf8), &c.to_string());
            let _ = crate::mdl::read_str_with_data(&s, &file, &data);
        }
    }
}
