//! Input that once changed a model's meaning in silence (issue "Hostile and careless
//! input", "Ignored in silence"): each is now an error naming what is wrong and where.
//! The reader's own cases (an element inside an equation, a second `<eqn>`, a `<gf>`
//! on a stock, conveyors and queues, two `<sim_specs>`, two root models) are tested
//! next to the reader (`engine/src/xmile`).

mod common;

use common::xmile;
use millrace::Model;

fn error_of(text: &str) -> String {
    Model::from_str(text, "refused.xmile").expect_err("refused").to_string()
}

#[test]
fn a_flow_listed_twice_on_a_stock_is_an_error() {
    let vars = r#"<stock name="s"><eqn>0</eqn><inflow>f</inflow><inflow>f</inflow></stock>
<flow name="f"><eqn>1</eqn></flow>"#;
    let e = error_of(&xmile(0.0, 1.0, 1.0, vars));
    assert!(e.contains("flow `f` is listed twice") && e.contains("refused.xmile:"), "{e}");
    let vars = r#"<stock name="s"><eqn>0</eqn><inflow>f</inflow><outflow>f</outflow></stock>
<flow name="f"><eqn>1</eqn></flow>"#;
    assert!(error_of(&xmile(0.0, 1.0, 1.0, vars)).contains("listed twice"));
}

#[test]
fn a_variable_named_like_a_builtin_value_is_an_error() {
    for name in ["TIME", "dt", "PI", "INF", "NaN"] {
        let vars = format!(r#"<aux name="{name}"><eqn>5</eqn></aux><aux name="x"><eqn>{name} * 2</eqn></aux>"#);
        let e = error_of(&xmile(0.0, 1.0, 1.0, &vars));
        assert!(e.contains(&format!("cannot be named `{name}`")), "{name}: {e}");
    }
    // Vensim's control variables stay allowed: converted models define them.
    let vars = r#"<aux name="INITIAL TIME"><eqn>0</eqn></aux><aux name="TIME STEP"><eqn>1</eqn></aux>"#;
    assert!(Model::from_str(&xmile(0.0, 1.0, 1.0, vars), "ok.xmile").is_ok());
}

/// A call resolves to the builtin, so the macro never runs: a warning says so (converted
/// files define such macros as shims of the builtin, C-LEARN's `init(x) = INIT(x)`).
#[test]
fn a_macro_named_like_a_builtin_is_a_warning_that_the_builtin_is_used() {
    let text = xmile(0.0, 1.0, 1.0, r#"<aux name="x"><eqn>MAX(1, 2)</eqn></aux>"#)
        .replace("</xmile>", r#"<macro name="MAX"><parm>a</parm><parm>b</parm><eqn>a - b</eqn></macro></xmile>"#);
    let model = Model::from_str(&text, "shadow.xmile").expect("compiles");
    let warnings: Vec<String> = model.warnings().iter().map(|w| w.to_string()).collect();
    assert!(warnings.iter().any(|w| w.contains("macro `MAX`") && w.contains("use the builtin")), "{warnings:?}");
    let r = model.run(millrace::Backend::Vm, &[]).unwrap();
    assert_eq!(common::series(&r, "x"), [2.0, 2.0], "MAX is the builtin, not the macro's a - b");
}
