//! Equations -> datamodel variables: the shapes Vensim writes (INTEG, ACTIVE INITIAL,
//! INITIAL, lookups) become stocks, initial equations and graphical functions, every
//! expression is translated to XMILE (`functions.rs`) and printed as equation text.

use std::collections::{HashMap, HashSet};

use super::arrays::Def;
use super::build::{call, var};
use super::data::{self, fill};
use super::functions::{Helper, Known, Translator, Unsupported};
use super::print::print;
use crate::canonical::{canonical, display_name};
use crate::datamodel::{ArraySpec, Equation, GfKind, GraphicalFunction, Notes, VarKind, Variable};
use crate::equation::{BinaryOp, Expr, ExprKind, UnaryOp};

/// A Vensim equation, read but not yet translated.
pub(super) struct Parsed {
    pub name: String,
    /// For a subscripted equation: each position as written, and its `:EXCEPT:` tuples.
    pub subscripts: Vec<String>,
    pub except: Vec<Vec<String>>,
    pub line: u32,
    pub notes: Notes,
    pub body: Body,
}

pub(super) enum Body {
    /// `name = expr`; `line_of(offset)` gives the file line of an offset of the tree.
    Expr(Expr, LineMap),
    /// `name[subs] = 1, 2; 3, 4;`: a number per element, as written.
    Numbers(Vec<String>),
    Lookup(GraphicalFunction),
    WithLookup(Expr, LineMap, GraphicalFunction),
    /// `name[subs] = GET XLS ...(...)` (or a data equation, or a lookup's body).
    Get(Get),
    /// `name[subs] ~ units ~ |` or `name :KEYWORD:`: a data variable without an
    /// equation, read from the data given to the run.
    External(super::data::Keyword),
}

/// A data call and the keyword of its data equation.
pub(super) struct Get {
    pub call: super::data::Call,
    pub keyword: super::data::Keyword,
}

/// File lines of the offsets of one expression's text.
#[derive(Clone)]
pub(super) struct LineMap {
    /// The line of the text's first byte, and the offsets of the newlines in it.
    pub first: u32,
    pub newlines: Vec<usize>,
}

impl LineMap {
    pub fn new(text: &str, first: u32) -> Self {
        LineMap { first, newlines: text.match_indices('\n').map(|(i, _)| i).collect() }
    }

    pub fn line(&self, offset: usize) -> u32 {
        self.first + self.newlines.iter().filter(|&&n| n < offset).count() as u32
    }
}

/// A problem in one variable: message and line.
pub(super) type Problem = (String, u32);

/// Builds the variables of one model (the file's, or a macro's body).
pub(super) struct Builder<'a> {
    known: &'a Known<'a>,
    pub variables: Vec<Variable>,
    /// Stocks whose flows are decided once every name is known: (index, rate).
    rates: Vec<(usize, Expr)>,
    /// Extrapolating copies asked for: (helper name, table name, line).
    extrapolated: Vec<(String, String, u32)>,
    /// Subscripted variables: canonical name -> (name, definitions, whether a stock,
    /// the rates of a stock's definitions, notes), in first-definition order.
    arrayed: Vec<Pending>,
    /// Helpers made so far per variable (so that the helpers of its several equations
    /// are numbered apart).
    helper_counts: HashMap<String, usize>,
    pub problems: Vec<(String, Problem)>,
}

/// A subscripted variable's equations, gathered until every one is read.
struct Pending {
    key: String,
    name: String,
    line: u32,
    notes: Notes,
    defs: Vec<Def>,
    /// Per definition: `Some(rate)` for `INTEG(rate, init)`.
    rates: Vec<Option<Expr>>,
}

fn equation(e: &Expr, line: u32) -> Option<Equation> {
    Some(Equation { text: print(e), line })
}

fn plain(name: String, kind: VarKind, line: u32) -> Variable {
    Variable {
        name,
        kind,
        eqn: None,
        init_eqn: None,
        gf: None,
        non_negative: None,
        access: None,
        notes: Notes::default(),
        array: None,
        line,
    }
}

fn stock(name: String, line: u32) -> Variable {
    plain(name, VarKind::Stock { inflows: Vec::new(), outflows: Vec::new() }, line)
}

impl<'a> Builder<'a> {
    pub fn new(known: &'a Known<'a>) -> Self {
        Builder {
            known,
            variables: Vec::new(),
            rates: Vec::new(),
            extrapolated: Vec::new(),
            arrayed: Vec::new(),
            helper_counts: HashMap::new(),
            problems: Vec::new(),
        }
    }

    pub fn add(&mut self, p: Parsed) {
        let name = p.name.clone();
        if let Err(problem) = self.add_inner(p) {
            self.problems.push((name, problem));
        }
    }

    fn add_inner(&mut self, p: Parsed) -> Result<(), Problem> {
        let base = display_name(&p.name);
        let key = canonical(&p.name);
        let made = self.helper_counts.get(&key).copied().unwrap_or(0);
        let mut tr = Translator::new(self.known, &base, made);
        let mut v = plain(p.name.clone(), VarKind::Aux, p.line);
        v.notes = p.notes;
        let mut rate = None;
        let mut numbers = None;
        // Per element of a subscripted data call: its table.
        let mut gfs = None;
        // `:RAW:` data's table of times: (name, one table per element).
        let mut raw_times = None;
        match p.body {
            Body::Get(get) => {
                if !p.except.is_empty() {
                    return Err((format!("not supported yet: `{}` with `:EXCEPT:`", get.call.name), p.line));
                }
                let shape: Vec<usize> =
                    p.subscripts.iter().filter_map(|w| self.known.ranges.get(w).map(|d| d.elements.len())).collect();
                let defined =
                    data::define(&get.call, get.keyword, &shape, self.known.files, p.line).map_err(|m| (m, p.line))?;
                (numbers, gfs, raw_times) = fill(&mut v, &p.subscripts, defined, &base, p.line);
            }
            Body::External(keyword) => {
                if !p.except.is_empty() {
                    return Err(("not supported yet: a data variable with `:EXCEPT:`".into(), p.line));
                }
                let tuples = match p.subscripts.is_empty() {
                    true => Vec::new(),
                    false => super::arrays::tuples(&p.subscripts, self.known.ranges).map_err(|m| (m, p.line))?,
                };
                let defined =
                    data::external(&p.name, &tuples, keyword, self.known.external, p.line).map_err(|m| (m, p.line))?;
                (numbers, gfs, raw_times) = fill(&mut v, &p.subscripts, defined, &base, p.line);
            }
            Body::Numbers(_) if p.subscripts.is_empty() => {
                return Err(("a list of numbers for a variable without subscripts".into(), p.line));
            }
            Body::Numbers(list) => numbers = Some(list),
            Body::Lookup(gf) => v.gf = Some(gf),
            Body::WithLookup(input, lines, gf) => {
                let at = |u: Unsupported| (u.message, lines.line(u.offset));
                v.eqn = equation(&tr.expr(&input).map_err(at)?, p.line);
                v.gf = Some(gf);
            }
            Body::Expr(e, lines) => {
                let at = |u: Unsupported| (u.message, lines.line(u.offset));
                let line = lines.line(e.span.start);
                match top_call(&e) {
                    Some(("integ", [r, init])) => {
                        v = Variable { kind: VarKind::Stock { inflows: Vec::new(), outflows: Vec::new() }, ..v };
                        v.eqn = equation(&tr.expr(init).map_err(at)?, line);
                        rate = Some(tr.expr(r).map_err(at)?);
                    }
                    Some(("active_initial", [x, init])) => {
                        v.eqn = equation(&tr.expr(x).map_err(at)?, line);
                        v.init_eqn = equation(&tr.expr(init).map_err(at)?, line);
                    }
                    Some(("initial", [init])) if p.subscripts.is_empty() => {
                        // Computed once, at the start: a stock without flows.
                        v = Variable { kind: VarKind::Stock { inflows: Vec::new(), outflows: Vec::new() }, ..v };
                        v.eqn = equation(&tr.expr(init).map_err(at)?, line);
                    }
                    // One definition of an arrayed variable cannot make it a stock only
                    // where INITIAL is written: `INIT(e)`, whose expression the array
                    // expansion computes in a hidden auxiliary, held from the start.
                    Some(("initial", [init])) => {
                        let held = call("INIT", vec![tr.expr(init).map_err(at)?], e.span);
                        v.eqn = equation(&held, line);
                    }
                    _ => v.eqn = equation(&tr.equation(&e).map_err(at)?, line),
                }
            }
        }
        let line = v.line;
        *self.helper_counts.entry(key.clone()).or_default() += tr.helpers.len();
        // A helper of a subscripted equation is arrayed over the ranges the equation is
        // written over (a position written as an element is no dimension of it).
        let helper_dims: Vec<String> =
            p.subscripts.iter().filter(|w| self.known.ranges.get(w).is_some()).cloned().collect();
        let arrayed = |mut h: Variable| {
            if !helper_dims.is_empty() {
                h.array = Some(ArraySpec { dims: helper_dims.clone(), line, ..ArraySpec::default() });
            }
            h
        };
        for h in tr.helpers {
            match h {
                Helper::Initial { name, init } => {
                    let mut s = stock(name, line);
                    s.eqn = equation(&init, line);
                    self.variables.push(arrayed(s));
                }
                Helper::Aux { name, eqn } => {
                    let mut a = plain(name, VarKind::Aux, line);
                    a.eqn = equation(&eqn, line);
                    self.variables.push(arrayed(a));
                }
                Helper::Extrapolate { name, table } => {
                    if !self.extrapolated.iter().any(|(n, _, _)| *n == name) {
                        self.extrapolated.push((name, table, line));
                    }
                }
            }
        }
        if let Some((name, mut tables)) = raw_times {
            if p.subscripts.is_empty() {
                let mut t = plain(name, VarKind::Aux, line);
                t.gf = tables.pop().flatten();
                self.variables.push(t);
            } else {
                let def = Def { gfs: Some(tables), ..Def::new(p.subscripts.clone(), Vec::new(), line) };
                self.pend(&name, Notes::default(), def, None);
            }
        }
        if !p.subscripts.is_empty() {
            let def = Def {
                eqn: v.eqn,
                numbers,
                init_eqn: v.init_eqn,
                gf: v.gf,
                gfs,
                ..Def::new(p.subscripts, p.except, line)
            };
            self.pend(&v.name, v.notes, def, rate);
            return Ok(());
        }
        if let Some(r) = rate {
            self.rates.push((self.variables.len(), r));
        }
        self.variables.push(v);
        Ok(())
    }

    /// One more definition of the subscripted variable `name`.
    fn pend(&mut self, name: &str, notes: Notes, def: Def, rate: Option<Expr>) {
        let key = canonical(name);
        let at = match self.arrayed.iter().position(|a| a.key == key) {
            Some(at) => at,
            None => {
                let (name, line) = (name.to_owned(), def.line);
                self.arrayed.push(Pending {
                    key,
                    name,
                    line,
                    notes: Notes::default(),
                    defs: Vec::new(),
                    rates: Vec::new(),
                });
                self.arrayed.len() - 1
            }
        };
        let a = &mut self.arrayed[at];
        if a.notes == Notes::default() {
            a.notes = notes;
        }
        a.defs.push(def);
        a.rates.push(rate);
    }

    /// Each subscripted variable as one arrayed variable; a stock's rates become one
    /// arrayed flow `name#flow` defined piece by piece as the stock is.
    fn finish_arrayed(&mut self) {
        for a in std::mem::take(&mut self.arrayed) {
            let rates = a.rates.iter().filter(|r| r.is_some()).count();
            if rates != 0 && rates != a.rates.len() {
                let message = format!("`{}` is a stock (INTEG) in some equations and not in others", a.name);
                self.problems.push((a.name.clone(), (message, a.line)));
                continue;
            }
            let display = display_name(&a.name);
            let mut flow_defs = Vec::new();
            for (d, r) in a.defs.iter().zip(&a.rates) {
                if let Some(r) = r {
                    let eqn = equation(r, d.line);
                    flow_defs.push(Def { eqn, numbers: None, init_eqn: None, gf: None, gfs: None, ..d.clone() });
                }
            }
            let kind = if rates == 0 {
                VarKind::Aux
            } else {
                VarKind::Stock { inflows: vec![format!("{display}#flow")], outflows: Vec::new() }
            };
            let mut v = plain(a.name.clone(), kind, a.line);
            v.notes = a.notes;
            match self.arrayed_variable(v, a.defs) {
                Ok(v) => self.variables.push(v),
                Err(problem) => self.problems.push((a.name.clone(), problem)),
            }
            if !flow_defs.is_empty() {
                let f = plain(format!("{display}#flow"), VarKind::Flow, a.line);
                match self.arrayed_variable(f, flow_defs) {
                    Ok(f) => self.variables.push(f),
                    Err(problem) => self.problems.push((a.name.clone(), problem)),
                }
            }
        }
    }

    fn arrayed_variable(&self, mut v: Variable, defs: Vec<Def>) -> Result<Variable, Problem> {
        let a = super::arrays::arrayed(&display_name(&v.name), defs, self.known.ranges)?;
        v.eqn = a.eqn;
        v.init_eqn = a.init_eqn;
        v.gf = a.gf;
        let sparse = !a.elements.is_empty();
        v.array = Some(ArraySpec { dims: a.dims, elements: a.elements, positional: Vec::new(), sparse, line: v.line });
        Ok(v)
    }

    /// Decides every stock's flows and makes the extrapolating tables; the variables.
    pub fn finish(mut self) -> (Vec<Variable>, Vec<(String, Problem)>) {
        self.finish_arrayed();
        let names: HashSet<String> =
            self.variables.iter().filter(|v| v.gf.is_none() || v.eqn.is_some()).map(|v| canonical(&v.name)).collect();
        let mut flows = HashSet::new();
        for (i, rate) in std::mem::take(&mut self.rates) {
            let stock_name = display_name(&self.variables[i].name);
            let line = self.variables[i].line;
            let (inflows, outflows) = match net_flow_terms(&rate, &names) {
                Some(split) => split,
                None => {
                    // Any other rate is a flow of its own, so the stock integrates it
                    // exactly as written.
                    let name = format!("{stock_name}#flow");
                    let mut f = plain(name.clone(), VarKind::Flow, line);
                    f.eqn = equation(&rate, line);
                    self.variables.push(f);
                    (vec![name], Vec::new())
                }
            };
            flows.extend(inflows.iter().chain(&outflows).map(|n| canonical(n)));
            self.variables[i].kind = VarKind::Stock { inflows, outflows };
        }
        for v in &mut self.variables {
            if v.kind == VarKind::Aux && flows.contains(&canonical(&v.name)) {
                v.kind = VarKind::Flow;
            }
        }
        for (name, table, line) in std::mem::take(&mut self.extrapolated) {
            let key = canonical(&table);
            match self.variables.iter().find(|v| canonical(&v.name) == key).and_then(|v| v.gf.clone()) {
                Some(gf) => {
                    let mut t = plain(name.clone(), VarKind::Aux, line);
                    t.gf = Some(GraphicalFunction { name: Some(name), kind: GfKind::Extrapolate, ..gf });
                    self.variables.push(t);
                }
                None => self
                    .problems
                    .push((table.clone(), (format!("`LOOKUP EXTRAPOLATE` of `{table}`, which is not a lookup"), line))),
            }
        }
        (self.variables, self.problems)
    }
}

/// `f(args)` at the top of an equation, by canonical name.
fn top_call(e: &Expr) -> Option<(&'static str, &[Expr])> {
    let ExprKind::Call { name, args } = &e.kind else { return None };
    let key = canonical(&name.text);
    let known = ["integ", "active_initial", "initial"];
    let k = known.into_iter().find(|k| *k == key)?;
    let n = if k == "initial" { 1 } else { 2 };
    (args.len() == n).then_some((k, args.as_slice()))
}

/// A rate `a + b - c - d` (or `-c - d`) of distinct model variables, every inflow
/// before every outflow, as inflows and outflows: integrating them sums them in that
/// order, the order Vensim adds them. Anything else is `None`.
fn net_flow_terms(rate: &Expr, names: &HashSet<String>) -> Option<(Vec<String>, Vec<String>)> {
    let mut terms = Vec::new();
    collect_terms(rate, &mut terms)?;
    let first_out = terms.iter().position(|(sign, _)| !sign).unwrap_or(terms.len());
    if terms[first_out..].iter().any(|(sign, _)| *sign) {
        return None;
    }
    let mut seen = HashSet::new();
    for (_, n) in &terms {
        let key = canonical(n);
        if !names.contains(&key) || !seen.insert(key) {
            return None;
        }
    }
    let (ins, outs): (Vec<_>, Vec<_>) = terms.into_iter().partition(|(sign, _)| *sign);
    Some((ins.into_iter().map(|(_, n)| n).collect(), outs.into_iter().map(|(_, n)| n).collect()))
}

fn collect_terms(e: &Expr, out: &mut Vec<(bool, String)>) -> Option<()> {
    let name = |e: &Expr| match &e.kind {
        ExprKind::Var(id) if id.quoted || !id.text.contains('.') => Some(id.text.clone()),
        _ => None,
    };
    match &e.kind {
        ExprKind::Binary(op @ (BinaryOp::Add | BinaryOp::Sub), a, b) => {
            collect_terms(a, out)?;
            out.push((*op == BinaryOp::Add, name(b)?));
        }
        ExprKind::Unary(UnaryOp::Neg, x) if out.is_empty() => out.push((false, name(x)?)),
        _ => out.push((true, name(e)?)),
    }
    Some(())
}

/// The equation of a macro: its output, the variable named as the macro.
pub(super) fn macro_output(name: &str, line: u32) -> Equation {
    Equation { text: print(&var(&display_name(name), Default::default())), line }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equation::parse_vensim;

    fn terms(rate: &str, names: &[&str]) -> Option<(Vec<String>, Vec<String>)> {
        let names = names.iter().map(|n| canonical(n)).collect();
        net_flow_terms(&parse_vensim(rate).unwrap().unwrap(), &names)
    }

    #[test]
    fn rates_of_flows_become_inflows_and_outflows() {
        let all = ["a", "b", "c", "d e"];
        assert_eq!(terms("a", &all), Some((vec!["a".into()], vec![])));
        assert_eq!(
            terms("a + b - c - d e", &all),
            Some((vec!["a".into(), "b".into()], vec!["c".into(), "d e".into()]))
        );
        assert_eq!(terms("(-a)", &all), Some((vec![], vec!["a".into()])));
        assert_eq!(terms("-a - b", &all), Some((vec![], vec!["a".into(), "b".into()])));
    }

    #[test]
    fn other_rates_are_not_split() {
        let all = ["a", "b", "c"];
        assert_eq!(terms("a - b + c", &all), None, "an inflow after an outflow sums in another order");
        assert_eq!(terms("a - (b + c)", &all), None);
        assert_eq!(terms("a * 2", &all), None);
        assert_eq!(terms("a + a", &all), None);
        assert_eq!(terms("a + Time", &all), None);
        assert_eq!(terms("-a + b", &all), None);
    }
}
