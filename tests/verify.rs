//! `Program::verify` and every backend's use of it: each compiled model verifies, and a
//! hand-corrupted program (a slot out of range, an unsorted table, a NaN knot, a
//! missing part, a bad arity, a child outside its parent, an EvalModule cycle, a stock
//! run out of range, ...) is an error from the verifier and from every backend's
//! constructor: `Vm::new`, `WasmModule::new`, `WasmProgram::compile`, `Jit::compile`
//! and the jit's object files for another target (`compile_object`).
//! A panic is caught only to say which backend panicked; it fails the test.

mod common;
#[allow(dead_code)] // only the passing list is read
#[path = "support/manifest.rs"]
mod manifest;
#[allow(dead_code)] // the matrix's rows, reused
#[path = "matrix/rows.rs"]
mod rows;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use millrace::Program;
use millrace::engine::ir::{Builtin, Expr, InlineFn, MAX_EXPR_HEIGHT, ModuleDef, Phase, Stmt};

/// A small model with every kind of statement: a stock and its flows, a graphical
/// function, a MIN call, a pipeline DELAY, and two instances of a submodel that has a
/// stock of its own.
const MODEL: &str = r#"
<aux name="seven"><eqn>7</eqn></aux>
<aux name="g"><eqn>TIME</eqn><gf><xpts>0,1,2</xpts><ypts>1,3,2</ypts></gf></aux>
<flow name="inflow"><eqn>MIN(g, seven)</eqn></flow>
<flow name="late"><eqn>DELAY(inflow, 1.5)</eqn></flow>
<stock name="level"><eqn>0</eqn><inflow>inflow</inflow><outflow>late</outflow></stock>
<module name="sub0" model_name="sub"><connect to="sub0.in" from="seven"/></module>
<module name="sub1" model_name="sub"><connect to="sub1.in" from="level"/></module>
<aux name="total"><eqn>sub0.out + sub1.out</eqn></aux>
"#;

const SUBMODEL: &str = r#"
<model name="sub"><variables>
<aux name="in" access="input"><eqn>0</eqn></aux>
<flow name="grow"><eqn>in / 2</eqn></flow>
<stock name="acc"><eqn>1</eqn><inflow>grow</inflow></stock>
<aux name="out" access="output"><eqn>acc + in</eqn></aux>
</variables></model>
"#;

fn program() -> Program {
    let text = common::xmile(0.0, 4.0, 0.5, MODEL).replace("</xmile>", &format!("{SUBMODEL}</xmile>"));
    common::compile(&text).program().as_ref().clone()
}

/// The submodel's definition id.
fn sub_id(p: &Program) -> usize {
    p.modules.iter().position(|m| m.name.starts_with("sub")).expect("the submodel's definition")
}

fn root(p: &mut Program) -> &mut ModuleDef {
    let id = p.root as usize;
    &mut p.modules[id]
}

/// Every statement of every phase of `m`, mutably.
fn stmts(m: &mut ModuleDef) -> impl Iterator<Item = &mut Stmt> {
    m.initials.iter_mut().chain(m.flows.iter_mut()).chain(m.stocks.iter_mut()).flatten()
}

fn stmt_exprs(s: &mut Stmt) -> Vec<&mut Expr> {
    match s {
        Stmt::Assign { expr, .. } | Stmt::AssignNext { expr, .. } => vec![expr],
        Stmt::PipelineInit { delay, init, .. } => vec![delay, init],
        Stmt::PipelineIn { input, .. } => vec![input],
        Stmt::AssignConst { .. } | Stmt::EvalModule { .. } => vec![],
    }
}

/// The first node (pre-order) of `e` for which `pred` holds.
fn find<'a>(e: &'a mut Expr, pred: &dyn Fn(&Expr) -> bool) -> Option<&'a mut Expr> {
    if pred(e) {
        return Some(e);
    }
    let children: Vec<&mut Expr> = match e {
        Expr::Lit(_)
        | Expr::Load(_)
        | Expr::Global(_)
        | Expr::Instance
        | Expr::Init(_)
        | Expr::PipelineOut(_)
        | Expr::Temp(_) => {
            vec![]
        }
        Expr::Previous(_, a) | Expr::Unary(_, a) | Expr::Lookup(_, _, a) => vec![&mut **a],
        Expr::Binary(_, a, b) | Expr::Let(a, b) => vec![&mut **a, &mut **b],
        Expr::If(c, a, b) => vec![&mut **c, &mut **a, &mut **b],
        Expr::Call(_, args) => args.iter_mut().collect(),
    };
    children.into_iter().find_map(|c| find(c, pred))
}

/// The first expression node of the root for which `pred` holds.
fn root_expr<'a>(p: &'a mut Program, pred: &dyn Fn(&Expr) -> bool) -> &'a mut Expr {
    stmts(root(p)).flat_map(stmt_exprs).find_map(|e| find(e, pred)).expect("the model has such a node")
}

/// The first EvalModule of the root's flows.
fn eval_module(p: &mut Program) -> &mut Stmt {
    root(p).flows[0].iter_mut().find(|s| matches!(s, Stmt::EvalModule { .. })).expect("the root evaluates a child")
}

type Corruption = (&'static str, &'static str, fn(&mut Program));

/// Each corruption: its name, a word the verifier's message must contain, the change.
fn corruptions() -> Vec<Corruption> {
    vec![
        ("assigned slot out of range", "outside", |p| {
            let n = root(p).n_slots;
            let s = root(p).flows[0].iter_mut().find(|s| matches!(s, Stmt::Assign { .. })).unwrap();
            if let Stmt::Assign { off, .. } = s {
                *off = n;
            }
        }),
        ("loaded slot out of range", "load", |p| {
            let n = p.layout.n_slots;
            *root_expr(p, &|e| matches!(e, Expr::Load(_))) = Expr::Load(n + 1000);
        }),
        ("unsorted table", "decrease", |p| p.tables[0].xs.swap(0, 2)),
        ("NaN knot", "not finite", |p| p.tables[0].ys[1] = f64::NAN),
        ("infinite x", "not finite", |p| p.tables[0].xs[2] = f64::INFINITY),
        ("mislabelled spacing", "evenly_spaced", |p| p.tables[0].evenly_spaced = !p.tables[0].evenly_spaced),
        ("empty table", "no knots", |p| {
            p.tables[0].xs.clear();
            p.tables[0].ys.clear();
        }),
        ("xs and ys of different lengths", "ys", |p| {
            p.tables[0].ys.pop();
        }),
        ("a LET's value read outside it", "enclosing", |p| {
            *root_expr(p, &|e| matches!(e, Expr::Load(_))) = Expr::Temp(0);
        }),
        ("a LET's value read past the outermost", "enclosing", |p| {
            let e = root_expr(p, &|e| matches!(e, Expr::Load(_)));
            *e = Expr::Let(Box::new(Expr::Lit(1.0)), Box::new(Expr::Temp(1)));
        }),
        ("lookup in a missing table", "table", |p| {
            let n = p.tables.len() as u32;
            if let Expr::Lookup(t, ..) = root_expr(p, &|e| matches!(e, Expr::Lookup(..))) {
                *t = n;
            }
        }),
        ("missing root part", "parts", |p| root(p).flows.clear()),
        ("two root parts", "parts", |p| {
            let part = root(p).initials[0].clone();
            root(p).initials.push(part);
        }),
        ("missing stocks part of a submodel", "stocks", |p| {
            let id = sub_id(p);
            p.modules[id].stocks.clear();
        }),
        ("RK4 declared, one stocks part per module", "stages", |p| p.specs.method = millrace::Method::Rk4),
        ("Euler declared, the root has a second stocks part", "stages", |p| {
            let part = root(p).stocks[0].clone();
            root(p).stocks.push(part);
        }),
        ("a child's missing part", "part", |p| {
            if let Stmt::EvalModule { part, .. } = eval_module(p) {
                *part = 99;
            }
        }),
        ("a missing child module", "does not exist", |p| {
            if let Stmt::EvalModule { module, .. } = eval_module(p) {
                *module = 99;
            }
        }),
        ("bad arity", "arguments", |p| {
            if let Expr::Call(_, args) = root_expr(p, &|e| matches!(e, Expr::Call(Builtin::Inline(InlineFn::Min), _))) {
                args.pop();
            }
        }),
        ("child outside its parent", "needs", |p| {
            let n = root(p).n_slots;
            if let Stmt::EvalModule { off, .. } = eval_module(p) {
                *off = n - 1;
            }
        }),
        ("child's buffer outside its parent", "buffer", |p| {
            let n = root(p).n_buf;
            if let Stmt::EvalModule { buf_off, .. } = eval_module(p) {
                *buf_off = n + 1;
            }
        }),
        ("EvalModule cycle", "cycle", |p| {
            let id = sub_id(p);
            let m = &mut p.modules[id];
            m.flows[0].push(Stmt::EvalModule { module: id as u32, off: 0, buf_off: 0, part: 0 });
        }),
        ("stock run out of range", "stock run", |p| {
            let n = p.layout.n_slots;
            p.layout.stock_runs.push((n, n + 3));
        }),
        ("stock runs out of order", "stock run", |p| {
            let first = p.layout.stock_runs[0];
            p.layout.stock_runs.push(first);
        }),
        ("pipeline buffer out of range", "buffer", |p| {
            let n = root(p).n_buf;
            for s in stmts(root(p)) {
                if let Stmt::PipelineInit { capacity, .. } = s {
                    *capacity = n + 1;
                }
            }
        }),
        ("pipeline state past the end", "pipeline state", |p| {
            let n = root(p).n_slots;
            for s in stmts(root(p)) {
                if let Stmt::PipelineIn { state, .. } = s {
                    *state = n - 1;
                }
            }
        }),
        ("layout with too few constant defaults", "constant defaults", |p| {
            p.layout.const_default.pop();
        }),
        ("variable past the slots", "variable", |p| p.layout.vars[0].slot = p.layout.n_slots),
        ("root smaller than the layout", "slots", |p| root(p).n_slots -= 1),
        ("no room for the globals", "globals", |p| {
            p.layout.n_slots = 2;
        }),
        ("missing root module", "root", |p| p.root = 99),
        ("NaN dt", "dt", |p| p.specs.dt = f64::NAN),
    ]
}

/// A constructor's outcome: `Ok(Ok(()))` accepted, `Ok(Err(message))` refused,
/// `Err(panic message)` panicked.
type Outcome = Result<Result<(), String>, String>;

/// What each backend's constructor does with `program`.
fn backends(program: &Program) -> Vec<(&'static str, Outcome)> {
    let arc = Arc::new(program.clone());
    let attempt = |f: &dyn Fn() -> Result<(), String>| {
        catch_unwind(AssertUnwindSafe(f)).map_err(|e| {
            e.downcast_ref::<String>().cloned().or(e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
        })
    };
    vec![
        ("vm", attempt(&|| millrace_vm::Vm::new(arc.clone()).map(drop).map_err(|e| e.to_string()))),
        (
            "wasm module",
            attempt(&|| millrace_wasmgen::WasmModule::new(arc.clone()).map(drop).map_err(|e| e.to_string())),
        ),
        ("wasm blob", attempt(&|| millrace_wasmgen::WasmProgram::compile(&arc).map(drop).map_err(|e| e.to_string()))),
        ("jit", attempt(&|| millrace_jit::Jit::compile(arc.clone()).map(drop).map_err(|e| e.to_string()))),
        (
            "jit object for aarch64",
            attempt(&|| {
                millrace_jit::compile_object(&arc, "aarch64-unknown-linux-gnu").map(drop).map_err(|e| e.to_string())
            }),
        ),
    ]
}

#[test]
fn the_test_model_is_valid_and_every_backend_accepts_it() {
    let p = program();
    assert_eq!(p.verify(), Ok(()));
    for (backend, outcome) in backends(&p) {
        assert_eq!(outcome, Ok(Ok(())), "{backend}");
    }
    // The corruptions below find what they change.
    let sub = &p.modules[sub_id(&p)];
    assert!(sub.parts(Phase::Stocks).len() == 1 && p.tables.len() == 1 && !p.layout.stock_runs.is_empty());
    assert!(p.modules[p.root as usize].all_stmts().any(|s| matches!(s, Stmt::PipelineInit { .. })));
}

#[test]
fn a_corrupted_program_is_an_error_from_every_backend() {
    let mut failures = Vec::new();
    for (name, word, corrupt) in corruptions() {
        let mut p = program();
        corrupt(&mut p);
        assert_ne!(p, program(), "{name}: the corruption changes the program");
        match p.verify() {
            Ok(()) => failures.push(format!("{name}: the verifier accepts it")),
            Err(e) if !e.to_string().contains(word) => failures.push(format!("{name}: message without `{word}`: {e}")),
            Err(_) => {}
        }
        for (backend, outcome) in backends(&p) {
            match outcome {
                Ok(Err(_)) => {}
                Ok(Ok(())) => failures.push(format!("{name}: {backend} accepts it")),
                Err(panic) => failures.push(format!("{name}: {backend} panics: {panic}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_verifier_names_where_the_problem_is() {
    let mut p = program();
    let n = p.layout.n_slots;
    *root_expr(&mut p, &|e| matches!(e, Expr::Load(_))) = Expr::Load(n);
    let e = p.verify().unwrap_err().to_string();
    assert!(e.starts_with("invalid program `test`: module `"), "{e}");
    assert!(e.contains("phase, part 0, statement "), "{e}");
    assert!(e.contains(&format!("load of slot {n}, outside the module's {n} slots")), "{e}");
}

#[test]
fn every_compiled_model_verifies() {
    let rows = rows::corpus().into_iter().chain(rows::large_and_examples()).chain(rows::generated());
    let bad: Vec<String> =
        rows.filter_map(|r| r.model.program().verify().err().map(|e| format!("{}: {e}", r.name))).collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// `depth` negations of 1.0.
fn negations(depth: usize) -> Expr {
    let mut e = Expr::Lit(1.0);
    for _ in 0..depth {
        e = Expr::Unary(millrace::engine::ir::UnOp::Neg, Box::new(e));
    }
    e
}

#[test]
fn an_expression_just_deeper_than_the_bound_is_refused_by_every_backend() {
    // Backends translate recursively; the verifier's bound is what keeps them safe.
    let mut p = program();
    root(&mut p).flows[0].push(Stmt::Assign { off: 4, expr: negations(MAX_EXPR_HEIGHT) });
    let message = p.verify().expect_err("deeper than MAX_EXPR_HEIGHT").to_string();
    assert!(message.contains("deeper than"), "{message}");
    for (backend, outcome) in backends(&p) {
        assert!(matches!(&outcome, Ok(Err(m)) if m.contains("deeper than")), "{backend}: {outcome:?}");
    }
    // One level less is at the bound, and every backend compiles it.
    root(&mut p).flows[0].pop();
    root(&mut p).flows[0].push(Stmt::Assign { off: 4, expr: negations(MAX_EXPR_HEIGHT - 1) });
    assert_eq!(p.verify(), Ok(()));
    for (backend, outcome) in backends(&p) {
        assert!(matches!(outcome, Ok(Ok(()))), "{backend}: {outcome:?}");
    }
}

#[test]
fn a_very_deep_expression_does_not_overflow_the_verifier() {
    let mut p = program();
    root(&mut p).flows[0].push(Stmt::Assign { off: 4, expr: negations(200_000) });
    let message = p.verify().expect_err("deeper than MAX_EXPR_HEIGHT").to_string();
    assert!(message.contains("deeper than"), "{message}");
    // Dropping a 200,000-deep Box chain recurses in Drop; unwind it by hand.
    let Some(Stmt::Assign { expr, .. }) = root(&mut p).flows[0].pop() else { unreachable!() };
    let mut next = Some(expr);
    while let Some(Expr::Unary(_, inner)) = next {
        next = Some(*inner);
    }
}
