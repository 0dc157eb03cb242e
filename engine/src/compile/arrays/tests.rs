//! The expansion itself: which scalar variables an arrayed model becomes, and the
//! equation text each element gets (values are checked end to end in tests/arrays.rs).

use crate::datamodel::{Project, VarKind};

fn project(dims: &str, variables: &str) -> Project {
    let text = format!(
        "<xmile>\n<sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\n<dimensions>{dims}</dimensions>\n\
         <model><variables>\n{variables}\n</variables></model>\n</xmile>"
    );
    crate::xmile::read_str(&text, "t.xmile").unwrap_or_else(|e| panic!("{e}"))
}

fn expanded(dims: &str, variables: &str) -> Vec<(String, String)> {
    let p = project(dims, variables);
    let out = super::expand(&p).unwrap_or_else(|e| panic!("{e:?}")).expect("arrays to expand");
    out.models[0]
        .variables
        .iter()
        .map(|v| (v.name.clone(), v.eqn.as_ref().map(|e| e.text.clone()).unwrap_or_default()))
        .collect()
}

const DIM: &str = "<dim name=\"D\"><elem name=\"a\"/><elem name=\"b\"/></dim>";

#[test]
fn a_project_without_arrays_is_left_alone() {
    let p = crate::xmile::read_str(
        "<xmile><sim_specs><start>0</start><stop>1</stop><dt>1</dt></sim_specs>\
         <model><variables><aux name=\"x\"><eqn>INIT(1 + 2)</eqn></aux></variables></model></xmile>",
        "t.xmile",
    )
    .unwrap();
    assert!(super::expand(&p).unwrap().is_none());
}

#[test]
fn each_element_is_a_scalar_variable_with_its_own_equation() {
    let vars = expanded(
        DIM,
        "<aux name=\"x\"><dimensions><dim name=\"D\"/></dimensions><eqn>y[D] * 2</eqn></aux>\n\
         <aux name=\"y\"><dimensions><dim name=\"D\"/></dimensions>\
         <element subscript=\"a\"><eqn>1</eqn></element><element subscript=\"b\"><eqn>TIME</eqn></element></aux>\n\
         <aux name=\"s\"><eqn>y[b] + 1</eqn></aux>\n<aux name=\"t\"><eqn>TIME</eqn></aux>",
    );
    let want = [
        ("x[a]", "(\"y[a]\" * 2.0)"),
        ("x[b]", "(\"y[b]\" * 2.0)"),
        ("y[a]", "1"),
        ("y[b]", "TIME"),
        ("s", "(\"y[b]\" + 1.0)"),
        ("t", "TIME"),
    ];
    let got: Vec<(&str, &str)> = vars.iter().map(|(n, e)| (n.as_str(), e.as_str())).collect();
    assert_eq!(got, want, "equations without arrays are kept as written");
}

#[test]
fn an_element_independent_array_function_is_computed_once() {
    let vars = expanded(
        DIM,
        "<aux name=\"x\"><dimensions><dim name=\"D\"/></dimensions><eqn>1, 2</eqn></aux>\n\
         <aux name=\"share\"><dimensions><dim name=\"D\"/></dimensions><eqn>x[D] / SUM(x[*])</eqn></aux>",
    );
    let got: Vec<(&str, &str)> = vars.iter().map(|(n, e)| (n.as_str(), e.as_str())).collect();
    assert_eq!(
        got,
        [
            ("x[a]", "1"),
            ("x[b]", "2"),
            ("share[a]", "(\"x[a]\" / \"#array1\")"),
            ("share[b]", "(\"x[b]\" / \"#array1\")"),
            ("#array1", "(\"x[a]\" + \"x[b]\")"),
        ]
    );
}

#[test]
fn stocks_take_the_flow_element_of_their_own_element() {
    let p = project(
        DIM,
        "<stock name=\"s\"><dimensions><dim name=\"D\"/></dimensions><eqn>0</eqn><inflow>f</inflow><outflow>g</outflow>\
         <non_negative/></stock>\n<flow name=\"f\"><dimensions><dim name=\"D\"/></dimensions><eqn>1</eqn></flow>\n\
         <flow name=\"g\"><eqn>1</eqn></flow>",
    );
    let out = super::expand(&p).unwrap().unwrap();
    let s = &out.models[0].variables[1];
    assert_eq!(s.name, "s[b]");
    assert_eq!(s.kind, VarKind::Stock { inflows: vec!["f[b]".into()], outflows: vec!["g".into()] });
    assert_eq!(s.non_negative, Some(true));
}

/// Found by the fuzzer (fuzz/, the xmile target): an array and a scalar of one name
/// panicked, the scalar taken for one of the array's elements.
#[test]
fn an_array_and_a_scalar_of_one_name_are_a_name_defined_twice() {
    let array = "<aux name=\"x\"><dimensions><dim name=\"D\"/></dimensions><eqn>1</eqn></aux>";
    let scalar = "<aux name=\"X\"><eqn>2</eqn></aux>";
    for (first, second, named) in [(array, scalar, "X"), (scalar, array, "x")] {
        let e = super::expand(&project(DIM, &format!("{first}\n{second}"))).unwrap_err();
        assert_eq!(e[0].message, format!("`{named}` is defined twice (first at line 5)"));
        assert_eq!(e[0].line, Some(6));
    }
}

#[test]
fn definition_mistakes_name_the_variable_and_line() {
    let p = project(
        DIM,
        "<aux name=\"y\"><dimensions><dim name=\"D\"/></dimensions>\n<element subscript=\"a\"><eqn>1</eqn></element>\n\
         <element subscript=\"A\"><eqn>2</eqn></element></aux>",
    );
    let e = super::expand(&p).unwrap_err();
    assert_eq!(e[0].message, "`y[A]` is defined twice");
    assert_eq!((e[0].file.as_deref(), e[0].line, e[0].variable.as_deref()), (Some("t.xmile"), Some(7), Some("y")));
    let p = project(
        DIM,
        "<aux name=\"y\"><dimensions><dim name=\"D\"/></dimensions>\n<element subscript=\"a\"><eqn>1</eqn></element></aux>",
    );
    let e = super::expand(&p).unwrap_err();
    assert!(e[0].message.contains("`y[b]` has no equation"), "{}", e[0].message);
    let p = project(
        DIM,
        "<aux name=\"y\"><dimensions><dim name=\"D\"/></dimensions><element subscript=\"c\"><eqn>1</eqn></element></aux>",
    );
    let e = super::expand(&p).unwrap_err();
    assert!(e[0].message.contains("`c` is not an element of dimension `D`"), "{}", e[0].message);
}

#[test]
fn an_array_too_large_to_expand_is_an_error_not_an_exhausted_memory() {
    let dims = "<dim name=\"N\" size=\"2000\"/><dim name=\"M\" size=\"2000\"/>";
    let p = project(
        dims,
        "<aux name=\"big\"><dimensions><dim name=\"N\"/><dim name=\"M\"/></dimensions><eqn>1</eqn></aux>",
    );
    let e = super::expand(&p).unwrap_err();
    assert!(e[0].message.contains("too large an array"), "{}", e[0].message);
    assert_eq!(e[0].variable.as_deref(), Some("big"));
    let p = project(
        "<dim name=\"N\" size=\"2000\"/><dim name=\"M\" size=\"2000\"/>",
        "<aux name=\"x\"><dimensions><dim name=\"N\"/></dimensions><eqn>1</eqn></aux>\n\
         <aux name=\"y\"><dimensions><dim name=\"M\"/></dimensions><eqn>1</eqn></aux>\n\
         <aux name=\"s\"><eqn>SUM(x[*] * y[*])</eqn></aux>",
    );
    let e = super::expand(&p).unwrap_err();
    assert!(e[0].message.contains("too large an array"), "{}", e[0].message);
}

#[test]
fn a_flow_arrayed_over_another_dimension_than_its_stock_is_an_error() {
    let dims = "<dim name=\"D\"><elem name=\"a\"/></dim><dim name=\"E\"><elem name=\"x\"/><elem name=\"y\"/></dim>";
    let p = project(
        dims,
        "<stock name=\"s\"><dimensions><dim name=\"D\"/></dimensions><eqn>0</eqn><inflow>f</inflow></stock>\n\
         <flow name=\"f\"><dimensions><dim name=\"E\"/></dimensions><eqn>1</eqn></flow>",
    );
    let e = super::expand(&p).unwrap_err();
    assert_eq!(e[0].message, "flow `f` of stock `s`: it is arrayed over `E`, which the stock is not");
    assert_eq!((e[0].line, e[0].variable.as_deref()), (Some(5), Some("s")));
}
