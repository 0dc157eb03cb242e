//! Writes a [`RandomModel`] as XMILE text, resolving its raw references.
//!
//! This is where a generated model is made valid, so that every model the strategy
//! produces (and every model shrinking produces) compiles. The rules, per equation:
//! - an aux or flow reads the values of earlier variables (constants, auxes, flows,
//!   earlier module instances' `out`, `k`, `acc`) and every stock: no cycle among
//!   non-stocks is possible;
//! - a stock's initial equation reads constants and earlier stocks only, and makes no
//!   stdlib or DELAY call (an aux may read any stock, so a stock's initial value must not
//!   depend on auxes);
//! - `PREVIOUS(x)` reads a snapshot, so `x` may be any variable (itself included);
//! - the input of a smooth or a delay with an explicit initial value, and of a `DELAY`
//!   with one, may read any variable (its stocks break the loop); inside such an input,
//!   nested stdlib calls are written as their input alone;
//! - every other stdlib argument reads what the equation reads, so no initial value
//!   ever loops through a delay's default (its input).
//!
//! A pick among an empty set is written as a plain number (or, for a lookup, as its
//! argument alone).

use std::fmt::Write as _;

use super::model::*;

/// The whole XMILE document.
pub fn render(model: &RandomModel) -> String {
    let names: Vec<String> = model.vars.iter().enumerate().map(|(i, v)| format!("{}{i}", v.prefix())).collect();
    let mut body = String::new();
    for (i, table) in model.tables.iter().enumerate() {
        let _ = writeln!(body, "<gf name=\"t{i}\"{}>{}</gf>", kind_attr(table.kind), points(table));
    }
    let root = RootScopes::new(model, &names);
    for (i, var) in model.vars.iter().enumerate() {
        body += &root.variable(i, var);
    }
    let has_modules = model.vars.iter().any(|v| matches!(v, Var::Modules { .. }));
    let sub = if has_modules { submodel(&model.sub) } else { String::new() };
    document(&model.specs, &body, &sub)
}

fn document(specs: &Specs, body: &str, sub: &str) -> String {
    let dt = specs.dt.value();
    let stop = specs.start + f64::from(specs.steps) * dt;
    let dt_element = match specs.dt {
        Dt::Plain(v) => format!("<dt>{v:?}</dt>"),
        Dt::Reciprocal(n) => format!("<dt reciprocal=\"true\">{n:?}</dt>"),
    };
    let (mut attr, savestep) = match specs.save {
        Save::EveryDt => (String::new(), String::new()),
        Save::Step(k) => (String::new(), format!("<savestep>{:?}</savestep>", k * dt)),
        Save::Attribute(k) => (format!(" isee:save_interval=\"{:?}\"", k * dt), String::new()),
    };
    if let Some(method) = specs.method {
        attr.push_str(&format!(" method=\"{method}\""));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <xmile version=\"1.0\" xmlns=\"http://docs.oasis-open.org/xmile/ns/XMILE/v1.0\">\n\
         <header><vendor>millrace differential</vendor><product version=\"1\">proptest</product></header>\n\
         <sim_specs{attr}><start>{:?}</start><stop>{stop:?}</stop>{dt_element}{savestep}</sim_specs>\n\
         <model><variables>\n{body}</variables></model>\n{sub}</xmile>\n",
        specs.start
    )
}

/// What the equations of the root may read, computed once per model.
struct RootScopes<'a> {
    model: &'a RandomModel,
    names: &'a [String],
    /// Every variable's value names, any position (looping inputs).
    all_values: Vec<String>,
    /// Every non-module variable (PREVIOUS).
    all_vars: Vec<String>,
    tables: Vec<String>,
    flows: Vec<String>,
}

impl<'a> RootScopes<'a> {
    fn new(model: &'a RandomModel, names: &'a [String]) -> Self {
        let mut tables: Vec<String> = (0..model.tables.len()).map(|i| format!("t{i}")).collect();
        let mut all_values = Vec::new();
        let mut all_vars = Vec::new();
        let mut flows = Vec::new();
        for (name, var) in names.iter().zip(&model.vars) {
            all_values.extend(values_of(name, var));
            if !matches!(var, Var::Modules { .. }) {
                all_vars.push(name.clone());
            }
            if matches!(var, Var::Aux { gf: Some(_), .. }) {
                tables.push(name.clone());
            }
            if matches!(var, Var::Flow { .. }) {
                flows.push(name.clone());
            }
        }
        RootScopes { model, names, all_values, all_vars, tables, flows }
    }

    /// What the equation of variable `i` reads: earlier values and every stock.
    fn readable(&self, i: usize) -> Vec<String> {
        let mut out = Vec::new();
        for (j, (name, var)) in self.names.iter().zip(&self.model.vars).enumerate() {
            if j < i || matches!(var, Var::Stock { .. }) {
                out.extend(values_of(name, var));
            }
        }
        out
    }

    /// What stock `i`'s initial equation reads: constants and earlier stocks.
    fn stock_readable(&self, i: usize) -> Vec<String> {
        let pick =
            |(j, var): &(usize, &Var)| matches!(var, Var::Const(_)) || (*j < i && matches!(var, Var::Stock { .. }));
        self.model.vars.iter().enumerate().filter(pick).map(|(j, _)| self.names[j].clone()).collect()
    }

    fn scope<'s>(&'s self, readable: &'s [String], calls: bool) -> Scope<'s> {
        Scope { readable, looping: &self.all_values, vars: &self.all_vars, tables: &self.tables, calls }
    }

    fn variable(&self, i: usize, var: &Var) -> String {
        let name = &self.names[i];
        let readable = self.readable(i);
        match var {
            Var::Const(v) => format!("<aux name=\"{name}\"><eqn>{v:?}</eqn></aux>\n"),
            Var::Aux { eqn, gf, init } => {
                let s = self.scope(&readable, true);
                let init = init.as_ref().map_or(String::new(), |e| {
                    format!("<init_eqn>{}</init_eqn>", escape(&self.scope(&readable, false).expr(e)))
                });
                let gf = gf.as_ref().map_or(String::new(), |t| format!("<gf{}>{}</gf>", kind_attr(t.kind), points(t)));
                format!("<aux name=\"{name}\"><eqn>{}</eqn>{init}{gf}</aux>\n", escape(&s.expr(eqn)))
            }
            Var::Flow { eqn, non_negative } => {
                let nn = if *non_negative { "<non_negative/>" } else { "" };
                format!(
                    "<flow name=\"{name}\"><eqn>{}</eqn>{nn}</flow>\n",
                    escape(&self.scope(&readable, true).expr(eqn))
                )
            }
            Var::Stock { init, inflows, outflows, non_negative } => {
                let stock_readable = self.stock_readable(i);
                let eqn = escape(&self.scope(&stock_readable, false).expr(init));
                let mut used = Vec::new();
                let mut flows = String::new();
                for (tag, picks) in [("inflow", inflows), ("outflow", outflows)] {
                    for f in picks.iter().filter_map(|&k| pick(&self.flows, k)) {
                        if !used.contains(&f) {
                            let _ = write!(flows, "<{tag}>{f}</{tag}>");
                            used.push(f);
                        }
                    }
                }
                let nn = if *non_negative { "<non_negative/>" } else { "" };
                format!("<stock name=\"{name}\"><eqn>{eqn}</eqn>{flows}{nn}</stock>\n")
            }
            Var::Modules { wires } => {
                let sources: Vec<&String> = readable.iter().filter(|n| !n.contains('.')).collect();
                let mut out = String::new();
                for (k, wire) in wires.iter().enumerate() {
                    let connect = match wire.and_then(|w| sources.get(w as usize % sources.len().max(1))) {
                        Some(from) => format!("<connect to=\"{name}_{k}.in\" from=\"{from}\"/>"),
                        None => String::new(),
                    };
                    let _ = writeln!(out, "<module name=\"{name}_{k}\" model_name=\"sub\">{connect}</module>");
                }
                out
            }
        }
    }
}

/// The names under which a variable's values can be read.
fn values_of(name: &str, var: &Var) -> Vec<String> {
    match var {
        Var::Modules { wires } => (0..wires.len())
            .flat_map(|k| [format!("{name}_{k}.out"), format!("{name}_{k}.k"), format!("{name}_{k}.acc")])
            .collect(),
        _ => vec![name.to_owned()],
    }
}

fn pick(from: &[String], k: u16) -> Option<String> {
    if from.is_empty() { None } else { Some(from[k as usize % from.len()].clone()) }
}

fn submodel(sub: &SubModel) -> String {
    let extras: Vec<String> = (0..sub.extra.len()).map(|i| format!("x{i}")).collect();
    let fixed = ["in", "k", "acc", "rate"].map(String::from);
    let all: Vec<String> = fixed.iter().chain(&extras).cloned().chain(["out".to_owned()]).collect();
    let scope = |readable| Scope { readable, looping: &all, vars: &all, tables: &[], calls: true };
    let mut body = format!(
        "<aux name=\"in\" access=\"input\"><eqn>{:?}</eqn></aux>\n\
         <aux name=\"k\"><eqn>{:?}</eqn></aux>\n\
         <stock name=\"acc\"><eqn>{:?}</eqn><inflow>rate</inflow></stock>\n\
         <flow name=\"rate\"><eqn>{}</eqn></flow>\n",
        sub.input_default,
        sub.k,
        sub.acc_init,
        escape(&scope(&all[..3]).expr(&sub.rate)),
    );
    for (i, e) in sub.extra.iter().enumerate() {
        let _ = writeln!(body, "<aux name=\"x{i}\"><eqn>{}</eqn></aux>", escape(&scope(&all[..4 + i]).expr(e)));
    }
    let out = escape(&scope(&all[..all.len() - 1]).expr(&sub.out));
    format!(
        "<model name=\"sub\"><variables>\n{body}<aux name=\"out\" access=\"output\"><eqn>{out}</eqn></aux>\n\
         </variables></model>\n"
    )
}

fn kind_attr(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Default => "",
        TableKind::Continuous => " type=\"continuous\"",
        TableKind::Extrapolate => " type=\"extrapolate\"",
        TableKind::Discrete => " type=\"discrete\"",
        TableKind::DiscreteAttr => " discrete=\"true\"",
    }
}

fn points(table: &Table) -> String {
    let mut pts = table.points.clone();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let join = |v: Vec<f64>| v.iter().map(|x| format!("{x:?}")).collect::<Vec<_>>().join(",");
    let ys = join(pts.iter().map(|p| p.1).collect());
    match table.xscale {
        Some((a, b)) => format!("<xscale min=\"{:?}\" max=\"{:?}\"/><ypts>{ys}</ypts>", a.min(b), a.max(b)),
        None => format!("<xpts>{}</xpts><ypts>{ys}</ypts>", join(pts.iter().map(|p| p.0).collect())),
    }
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// What one equation may read (see the module doc).
struct Scope<'a> {
    readable: &'a [String],
    looping: &'a [String],
    vars: &'a [String],
    tables: &'a [String],
    /// Whether stdlib and DELAY calls may be made.
    calls: bool,
}

impl Scope<'_> {
    fn expr(&self, e: &Expr) -> String {
        self.write(e, false)
    }

    /// `looping`: inside an input that may read any variable.
    fn write(&self, e: &Expr, looping: bool) -> String {
        let w = |e: &Expr| self.write(e, looping);
        let values = if looping { self.looping } else { self.readable };
        match e {
            Expr::Num(v) => number(*v),
            Expr::Ref(k) => pick(values, *k).unwrap_or_else(|| "1".into()),
            Expr::Global(g) => global(*g).into(),
            Expr::Named(n, call) => format!("{}{}", named(*n), if *call { "()" } else { "" }),
            Expr::Neg(a) => format!("(-{})", w(a)),
            Expr::Not(a) => format!("(NOT {})", w(a)),
            Expr::Bin(op, a, b) => format!("({} {} {})", w(a), op.symbol(), w(b)),
            Expr::If(c, a, b) => format!("(IF {} THEN {} ELSE {})", w(c), w(a), w(b)),
            Expr::Call(f, args) => format!("{}({})", f.name(), args.iter().map(w).collect::<Vec<_>>().join(", ")),
            Expr::Lookup(mode, k, x) => match pick(self.tables, *k) {
                None => w(x),
                Some(t) => match mode {
                    Lookup::Call => format!("{t}({})", w(x)),
                    Lookup::Plain => format!("LOOKUP({t}, {})", w(x)),
                    Lookup::Forward => format!("LOOKUP_FORWARD({t}, {})", w(x)),
                    Lookup::Backward => format!("LOOKUP_BACKWARD({t}, {})", w(x)),
                },
            },
            Expr::Init(k) => match pick(values, *k).filter(|n| !n.contains('.')) {
                Some(v) => format!("INIT({v})"),
                None => "TIME".into(),
            },
            Expr::Previous(k, init) => match (pick(self.vars, *k), init) {
                (None, _) => "DT".into(),
                (Some(v), None) => format!("PREVIOUS({v})"),
                (Some(v), Some(i)) => format!("PREVIOUS({v}, {})", w(i)),
            },
            Expr::Std(call) if self.calls && !looping => self.std_call(call),
            Expr::Std(call) => w(&call.input),
            Expr::Delay(input, delay, init) if self.calls && !looping => match init {
                Some(i) => format!("DELAY({}, {}, {})", self.write(input, true), w(delay), w(i)),
                None => format!("DELAY({}, {})", w(input), w(delay)),
            },
            Expr::Delay(input, ..) => w(input),
        }
    }

    fn std_call(&self, call: &StdCall) -> String {
        let f = call.func;
        let input = self.write(&call.input, f.input_may_loop(call.args.len()));
        let mut args: Vec<String> = vec![input];
        for (i, a) in call.args.iter().enumerate() {
            if f.has_order() && i == 1 {
                args.push(call.order.to_string());
            }
            args.push(self.expr(a));
        }
        if f.has_order() && call.args.len() == 1 {
            args.push(call.order.to_string());
        }
        format!("{}({})", f.name(), args.join(", "))
    }
}

fn number(v: f64) -> String {
    if v.is_sign_negative() { format!("(-{:?})", -v) } else { format!("{v:?}") }
}

fn global(g: Global) -> &'static str {
    match g {
        Global::Time => "TIME",
        Global::Dt => "DT",
        Global::StartTime => "STARTTIME",
        Global::StopTime => "STOPTIME",
    }
}

fn named(n: Named) -> &'static str {
    match n {
        Named::Pi => "PI",
        Named::Inf => "INF",
        Named::Nan => "NAN",
    }
}
