//! Small inputs that once made the compiler or a backend do unbounded work (issue
//! "Hostile and careless input"): each is now either linear work or a clear error.
//! Sizes are asserted on the IR (deterministic), not on time.

mod common;

use common::{auxes, run, series, xmile};
use millrace::engine::ir::{Program, Stmt};
use millrace::{Backend, Model};

/// Every expression node of every statement of `program`.
fn ir_nodes(program: &Program) -> usize {
    program
        .modules
        .iter()
        .flat_map(|m| m.all_stmts())
        .map(|s| match s {
            Stmt::Assign { expr, .. } | Stmt::AssignNext { expr, .. } => expr.size(),
            Stmt::PipelineInit { delay, init, .. } => delay.size() + init.size(),
            Stmt::PipelineIn { input, .. } => input.size(),
            Stmt::AssignConst { .. } | Stmt::EvalModule { .. } => 0,
        })
        .sum()
}

/// `f(1, f(1, ... inner ..., 2), 2)`, nested `n` deep.
fn nested(f: &str, n: usize, inner: &str) -> String {
    let mut e = inner.to_owned();
    for _ in 0..n {
        e = format!("{f}(1, {e}, 2)");
    }
    e
}

fn model_of(eqn: &str) -> String {
    xmile(0.0, 4.0, 0.5, &auxes(&[("x", eqn)]))
}

fn nodes_of(eqn: &str) -> usize {
    let m = Model::from_str(&model_of(eqn), "nest.xmile").expect("compiles");
    ir_nodes(m.program())
}

#[test]
fn nested_pulses_and_ramps_grow_the_ir_linearly_and_run_on_every_backend() {
    for f in ["PULSE", "RAMP"] {
        let one = nodes_of(&nested(f, 1, "TIME"));
        let forty = nodes_of(&nested(f, 40, "TIME"));
        // Each level adds the same nodes: linear, where copying the start time made
        // PULSE grow as 4^n (15 levels aborted every command).
        let two = nodes_of(&nested(f, 2, "TIME"));
        let per_level = two - one;
        assert_eq!(forty, one + 39 * per_level, "{f}: {one} nodes at 1 level, {two} at 2, {forty} at 40");
        // And the three backends agree on it (common::run compares them with the vm).
        let results = run(&model_of(&nested(f, 15, "TIME")));
        assert_eq!(series(&results, "x").len(), 9);
    }
}

#[test]
fn a_pulse_keeps_its_meaning_when_its_arguments_are_shared() {
    // PULSE(volume, first, interval) evaluates first and interval once; the values are
    // those of docs/semantics.md (volume / DT on each pulse step).
    let r = run(&xmile(0.0, 4.0, 0.5, &auxes(&[("p", "PULSE(3, 1 + 0, 1.5 * 1)"), ("q", "RAMP(2, 1 + 1, 3)")])));
    assert_eq!(series(&r, "p"), [0.0, 0.0, 6.0, 0.0, 0.0, 6.0, 0.0, 0.0, 6.0]);
    assert_eq!(series(&r, "q"), [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 2.0]);
}

#[test]
fn min_and_max_of_thirty_thousand_arguments_compile_shallow_and_agree() {
    let args: Vec<String> = (0..30_000).map(|i| format!("{}", (i * 7919) % 30_011)).collect();
    let max = format!("MAX({})", args.join(", "));
    let min = format!("MIN({})", args.join(", "));
    let text = xmile(0.0, 1.0, 1.0, &auxes(&[("hi", &max), ("lo", &min)]));
    let m = Model::from_str(&text, "wide.xmile").expect("compiles");
    // A balanced tree of 2-argument calls: about log2(30,000) = 15 levels, not 30,000.
    let tallest = m
        .program()
        .modules
        .iter()
        .flat_map(|m| m.all_stmts())
        .filter_map(|s| if let Stmt::Assign { expr, .. } = s { Some(expr.height()) } else { None })
        .max();
    assert!(tallest.is_some_and(|h| h <= 20), "height {tallest:?}");
    let want_hi = args.iter().map(|a| a.parse::<f64>().unwrap()).fold(f64::MIN, f64::max);
    let want_lo = args.iter().map(|a| a.parse::<f64>().unwrap()).fold(f64::MAX, f64::min);
    for backend in Backend::ALL {
        let r = m.run(backend, &[]).expect("runs");
        assert_eq!(series(&r, "hi")[0], want_hi, "{}", backend.name());
        assert_eq!(series(&r, "lo")[0], want_lo, "{}", backend.name());
    }
}

#[test]
fn an_equation_too_deep_once_expanded_is_an_error_naming_the_variable() {
    // MEAN's sum is a left fold (its rounding order is the rule), so 30,000 arguments
    // make a 30,000-deep expression: refused with the variable, not a stack overflow.
    let args = vec!["1"; 30_000].join(", ");
    let text = xmile(0.0, 1.0, 1.0, &auxes(&[("avg", &format!("MEAN({args})"))]));
    let error = Model::from_str(&text, "deep.xmile").expect_err("too deep").to_string();
    assert!(error.contains("avg") && error.contains("levels deep"), "{error}");
}

#[test]
fn a_let_inside_a_condition_and_in_both_arms_is_the_same_on_every_backend() {
    // Shared values in every position an IR walker treats specially: a condition
    // (the jit keeps comparisons as booleans), costly arms (the jit branches), nested
    // shares (a Let's value holding a Let).
    let eqns = [
        ("a", "IF PULSE(1, 1, 1) > 0 THEN RAMP(1, 1) / 3 ELSE RAMP(2, 0.5, 2) / 7"),
        ("b", "PULSE(RAMP(1, 1), RAMP(1, 0.5, 1.5), PULSE(1, 1, 1) + 1)"),
        ("c", "MAX(PULSE(1, 1), RAMP(1, 1)) + LN(1 + RAMP(1, 0))"),
    ];
    let r = run(&xmile(0.0, 4.0, 0.25, &auxes(&eqns)));
    assert_eq!(series(&r, "a").len(), 17);
    // The expressions are well defined: spot-check one value by hand.
    // At TIME = 2: RAMP(1, 1) = 1 and PULSE(1, 1, 1) pulses (k = 1.125, r = 0.125 < DT).
    let at = |name: &str, t: f64| series(&r, name)[(t / 0.25) as usize];
    assert_eq!(at("a", 2.0), 1.0 / 3.0);
}

/// A file whose model `m0` holds two instances of `m1`, which holds two of `m2`, ...,
/// `levels` deep: 2^levels instances from a few hundred bytes a level.
fn fan_out(levels: usize) -> String {
    let mut models = String::new();
    for i in 1..=levels {
        let inner = if i < levels {
            format!(r#"<module name="a" model_name="m{}"/><module name="b" model_name="m{}"/>"#, i + 1, i + 1)
        } else {
            String::new()
        };
        models.push_str(&format!(
            r#"<model name="m{i}"><variables>{inner}<aux name="k"><eqn>1</eqn></aux></variables></model>"#
        ));
    }
    let root = r#"<module name="top" model_name="m1"/><aux name="x"><eqn>top.k</eqn></aux>"#;
    xmile(0.0, 1.0, 1.0, root).replace("</xmile>", &format!("{models}</xmile>"))
}

/// `m1` contains `m2` contains ... `m{depth}`, each a distinct model.
fn chain(depth: usize) -> String {
    let mut models = String::new();
    for i in 1..=depth {
        let inner = if i < depth { format!(r#"<module name="c" model_name="m{}"/>"#, i + 1) } else { String::new() };
        models.push_str(&format!(
            r#"<model name="m{i}"><variables>{inner}<aux name="k"><eqn>{i}</eqn></aux></variables></model>"#
        ));
    }
    let root = r#"<module name="top" model_name="m1"/><aux name="x"><eqn>top.k</eqn></aux>"#;
    xmile(0.0, 1.0, 1.0, root).replace("</xmile>", &format!("{models}</xmile>"))
}

#[test]
fn a_module_fan_out_bomb_is_an_error_naming_the_budget() {
    // 2^24 instances: refused when the budget is crossed, not after building them all.
    let error = Model::from_str(&fan_out(24), "bomb.xmile").expect_err("over budget").to_string();
    assert!(error.contains("module instances") || error.contains("value slots"), "{error}");
    assert!(error.contains("MILLRACE_MAX_"), "the error says how to raise the limit: {error}");
    assert_eq!(error.matches("MILLRACE_MAX_").count(), 1, "said once, not once per instance: {error}");
    // A modest fan-out compiles and runs on every backend.
    let r = run(&fan_out(6));
    assert_eq!(series(&r, "x"), [1.0, 1.0]);
}

#[test]
fn a_chain_of_nested_models_deeper_than_the_budget_is_an_error() {
    let error = Model::from_str(&chain(800), "chain.xmile").expect_err("too deep").to_string();
    assert!(error.contains("levels of module nesting") && error.contains("MILLRACE_MAX_NESTING"), "{error}");
    let r = run(&chain(20));
    assert_eq!(series(&r, "x"), [1.0, 1.0]);
}
