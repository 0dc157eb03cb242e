//! Proptest strategies for [`RandomModel`]: what a generated model contains and how
//! often. Alternatives are listed simplest first, because proptest shrinks a
//! `prop_oneof!` toward its earlier alternatives.
//!
//! Models stay small (a dozen variables, shallow expressions), so that one model
//! costs milliseconds: most of that is compiling the wasm blob and the jit code.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::model::*;

/// A number for an equation, a constant or an override: mostly plain, often one of
/// the values that exercise a rule (signed zeros, tiny and huge magnitudes, halves for
/// ROUND, values a few ULPs apart for `=`, below `f64::EPSILON` for truthiness).
pub fn number() -> BoxedStrategy<f64> {
    let x = 1234.5678f64;
    let mild = vec![0.0, -0.0, 1.0, 2.0, -1.0, 0.5, -0.5, 2.5, -2.5, 1.5, 3.0, 10.0, 0.1, 1.0 / 3.0, x];
    let wild = vec![
        1e-300,
        -1e-300,
        2.2e-16,
        2.3e-16,
        1e-17,
        5e-324,
        1e300,
        -1e300,
        f64::MAX,
        4503599627370497.0,
        0.49999999999999994,
    ];
    prop_oneof![
        6 => (-8i32..=16).prop_map(|n| f64::from(n) * 0.5),
        4 => select(mild),
        2 => (select(vec![x, 1.0, 0.3, -7.25, 100.0]), -6i64..=6).prop_map(|(b, n)| ulps(b, n)),
        3 => -100.0..100.0f64,
        1 => -1e6..1e6f64,
        1 => select(wild),
    ]
    .boxed()
}

/// `base` moved `n` representable values away from zero (toward it when negative).
fn ulps(base: f64, n: i64) -> f64 {
    f64::from_bits((base.to_bits() as i64 + n) as u64)
}

/// A number for a time argument (STEP, RAMP, PULSE, delays): quarters near the run.
fn quarter() -> impl Strategy<Value = f64> {
    (-4i32..=40).prop_map(|n| f64::from(n) * 0.25)
}

/// A random equation.
pub fn expr() -> BoxedStrategy<Expr> {
    let leaf = prop_oneof![
        6 => number().prop_map(Expr::Num),
        8 => any::<u16>().prop_map(Expr::Ref),
        2 => select(vec![Global::Time, Global::Dt, Global::StartTime, Global::StopTime]).prop_map(Expr::Global),
        1 => (select(vec![Named::Pi, Named::Inf, Named::Nan]), any::<bool>()).prop_map(|(n, c)| Expr::Named(n, c)),
        1 => select(vec![(0.0, 0.0), (1.0, 0.0), (-1.0, 0.0), (0.0, -0.0)]).prop_map(|(a, b)| bin(
            BinOp::Div,
            Expr::Num(a),
            Expr::Num(b)
        )),
        1 => any::<u16>().prop_map(Expr::Init),
        1 => any::<u16>().prop_map(|k| Expr::Previous(k, None)),
    ];
    leaf.prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            2 => inner.clone().prop_map(|a| Expr::Neg(Box::new(a))),
            1 => inner.clone().prop_map(|a| Expr::Not(Box::new(a))),
            10 => (select(BinOp::ALL.to_vec()), inner.clone(), inner.clone()).prop_map(|(op, a, b)| bin(op, a, b)),
            2 => (select(vec![BinOp::Eq, BinOp::Ne, BinOp::Lt, BinOp::Ge]), inner.clone(), -6i32..=6)
                .prop_map(|(op, a, n)| near(op, a, n)),
            2 => (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| Expr::If(Box::new(c), Box::new(a), Box::new(b))),
            5 => (select(Func::UNARY.to_vec()), inner.clone()).prop_map(|(f, a)| Expr::Call(f, vec![a])),
            3 => calls(inner.clone()),
            2 => (select(Func::RANDOM.to_vec()), vec(inner.clone(), 4..=4), any::<bool>()).prop_map(|(f, mut a, seeded)| {
                a.truncate(f.random_params() + usize::from(seeded));
                Expr::Call(f, a)
            }),
            2 => time_calls(inner.clone()),
            3 => (select(vec![Lookup::Call, Lookup::Plain, Lookup::Forward, Lookup::Backward]), any::<u16>(), inner.clone())
                .prop_map(|(m, t, x)| Expr::Lookup(m, t, Box::new(x))),
            1 => (any::<u16>(), inner.clone()).prop_map(|(k, i)| Expr::Previous(k, Some(Box::new(i)))),
            2 => std_call(inner.clone()),
            1 => delay(inner),
        ]
    })
    .boxed()
}

/// `a op (a * (1 + n * EPSILON))`: `a` against itself moved by about `n` ULPs, where
/// `=` (equal within 4 ULPs) and `<` part ways.
fn near(op: BinOp, a: Expr, n: i32) -> Expr {
    let nudged = bin(BinOp::Mul, a.clone(), Expr::Num(1.0 + f64::from(n) * f64::EPSILON));
    bin(op, a, nudged)
}

fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
    Expr::Bin(op, Box::new(a), Box::new(b))
}

/// MIN, MAX, MEAN, SAFEDIV, MODULO with valid argument counts.
fn calls(inner: BoxedStrategy<Expr>) -> impl Strategy<Value = Expr> {
    prop_oneof![
        (select(vec![Func::Min, Func::Max]), vec(inner.clone(), 2..=4)).prop_map(|(f, a)| Expr::Call(f, a)),
        vec(inner.clone(), 1..=4).prop_map(|a| Expr::Call(Func::Mean, a)),
        vec(inner.clone(), 2..=3).prop_map(|a| Expr::Call(Func::SafeDiv, a)),
        vec(inner, 2..=2).prop_map(|a| Expr::Call(Func::Modulo, a)),
    ]
}

/// An argument that is a time: a number near the run, the start time plus one, or any
/// expression.
fn time_arg(inner: BoxedStrategy<Expr>) -> impl Strategy<Value = Expr> {
    prop_oneof![
        3 => quarter().prop_map(Expr::Num),
        2 => quarter().prop_map(|q| bin(BinOp::Add, Expr::Global(Global::StartTime), Expr::Num(q))),
        1 => inner,
    ]
}

/// STEP(h, t0), RAMP(slope, start[, end]), PULSE(volume, first[, interval]).
fn time_calls(inner: BoxedStrategy<Expr>) -> impl Strategy<Value = Expr> {
    let t = time_arg(inner.clone());
    (select(vec![Func::Step, Func::Ramp, Func::Pulse]), inner, vec(t, 1..=2)).prop_map(|(f, a, mut rest)| {
        if matches!(f, Func::Step) {
            rest.truncate(1);
        }
        let mut args = vec![a];
        args.extend(rest);
        Expr::Call(f, args)
    })
}

/// An averaging or delay time: mostly a plain positive number (a per-instance
/// constant of the call), sometimes any expression.
fn duration(inner: BoxedStrategy<Expr>) -> impl Strategy<Value = Expr> {
    prop_oneof![
        4 => select(vec![1.0, 2.0, 0.5, 3.75, 0.25, 10.0, 1.5]).prop_map(Expr::Num),
        1 => inner,
    ]
}

/// A stdlib call with its required arguments and some optional ones.
fn std_call(inner: BoxedStrategy<Expr>) -> impl Strategy<Value = Expr> {
    let funcs = vec![
        StdFunc::Smth1,
        StdFunc::Smth3,
        StdFunc::SmthN,
        StdFunc::Delay1,
        StdFunc::Delay3,
        StdFunc::DelayN,
        StdFunc::Trend,
        StdFunc::Forcst,
        StdFunc::Npv,
    ];
    (select(funcs), inner.clone(), duration(inner.clone()), vec(inner, 0..=2), 1u8..=4).prop_map(
        |(func, input, time, rest, order)| {
            let (required, optional) = func.arity();
            let mut args = vec![time];
            args.extend(rest);
            args.truncate(optional);
            while args.len() < required {
                args.push(Expr::Num(2.0));
            }
            Expr::Std(StdCall { func, input: Box::new(input), args, order })
        },
    )
}

/// DELAY(input, delay[, init]), with fractional, tiny and zero delays.
fn delay(inner: BoxedStrategy<Expr>) -> impl Strategy<Value = Expr> {
    let delay_time = prop_oneof![
        4 => select(vec![1.0, 2.0, 0.3, 1.5, 2.5, 0.7, 3.25, 1e-9, 1e-300, 0.0]).prop_map(Expr::Num),
        1 => quarter().prop_map(|q| bin(BinOp::Mul, Expr::Global(Global::Dt), Expr::Num(q))),
        1 => inner.clone(),
    ];
    (inner.clone(), delay_time, proptest::option::weighted(0.6, inner))
        .prop_map(|(i, d, init)| Expr::Delay(Box::new(i), Box::new(d), init.map(Box::new)))
}

/// A graphical function: one to six points whose xs repeat often.
fn table() -> impl Strategy<Value = Table> {
    let kind = select(vec![
        TableKind::Default,
        TableKind::Continuous,
        TableKind::Extrapolate,
        TableKind::Discrete,
        TableKind::DiscreteAttr,
    ]);
    let x = prop_oneof![4 => (-4i32..=8).prop_map(|n| f64::from(n) * 0.5), 1 => number()];
    let xscale = proptest::option::weighted(0.15, (quarter(), quarter()));
    (kind, vec((x, number()), 1..=6), xscale).prop_map(|(kind, points, xscale)| Table { kind, points, xscale })
}

fn var(e: BoxedStrategy<Expr>) -> impl Strategy<Value = Var> {
    let stock_init = prop_oneof![3 => number().prop_map(Expr::Num), 2 => e.clone()];
    let flows = || vec(any::<u16>(), 0..=3);
    prop_oneof![
        3 => number().prop_map(Var::Const),
        6 => (e.clone(), proptest::option::weighted(0.15, table()), proptest::option::weighted(0.1, e.clone()))
            .prop_map(|(eqn, gf, init)| Var::Aux { eqn, gf, init }),
        3 => (e, proptest::bool::weighted(0.3)).prop_map(|(eqn, non_negative)| Var::Flow { eqn, non_negative }),
        3 => (stock_init, flows(), flows(), proptest::bool::weighted(0.3)).prop_map(
            |(init, inflows, outflows, non_negative)| Var::Stock { init, inflows, outflows, non_negative }
        ),
        1 => vec(proptest::option::weighted(0.8, any::<u16>()), 1..=4).prop_map(|wires| Var::Modules { wires }),
    ]
}

fn specs() -> impl Strategy<Value = Specs> {
    let start = prop_oneof![
        3 => select(vec![0.0, 1.0, -3.0, 2.5, -0.75, 1990.0, 100.125]),
        1 => (-40i32..=40).prop_map(|n| f64::from(n) * 0.25),
    ];
    let dt = prop_oneof![
        4 => select(vec![1.0, 0.5, 0.25, 0.125, 1.0 / 3.0, 0.1]).prop_map(Dt::Plain),
        1 => select(vec![1.0, 2.0, 3.0, 4.0, 8.0, 10.0]).prop_map(Dt::Reciprocal),
    ];
    let steps = prop_oneof![20 => 1u32..=60, 1 => Just(0u32)];
    let save = prop_oneof![
        4 => Just(Save::EveryDt),
        2 => select(vec![1.0, 2.0, 3.0, 4.0, 5.0]).prop_map(Save::Step),
        1 => select(vec![1.5, 0.4, 2.7]).prop_map(Save::Step),
        1 => select(vec![1.0, 2.0, 3.0, 1.5]).prop_map(Save::Attribute),
    ];
    let method = prop_oneof![3 => Just(None), 1 => Just(Some("Euler")), 1 => Just(Some("RK2")), 2 => Just(Some("RK4"))];
    (start, dt, steps, save, method).prop_map(|(start, dt, steps, save, method)| Specs {
        start,
        dt,
        steps,
        save,
        method,
    })
}

fn submodel(e: BoxedStrategy<Expr>) -> impl Strategy<Value = SubModel> {
    let simple = (select(BinOp::ALL.to_vec()), any::<u16>(), number())
        .prop_map(|(op, r, v)| bin(op, Expr::Ref(r), Expr::Num(v)));
    let extra = prop_oneof![8 => vec(e.clone(), 0..=2), 1 => vec(simple, 64..=90)];
    (number(), number(), number(), e.clone(), extra, e).prop_map(|(input_default, k, acc_init, rate, extra, out)| {
        SubModel { input_default, k, acc_init, rate, extra, out }
    })
}

/// A whole model.
pub fn random_model() -> impl Strategy<Value = RandomModel> {
    let e = expr();
    (specs(), vec(table(), 0..=3), submodel(e.clone()), vec(var(e), 1..=14))
        .prop_map(|(specs, tables, sub, vars)| RandomModel { specs, tables, sub, vars })
}
