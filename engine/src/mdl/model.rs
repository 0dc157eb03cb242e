//! Equations -> datamodel variables: the shapes Vensim writes (INTEG, ACTIVE INITIAL,
//! INITIAL, lookups) become stocks, initial equations and graphical functions, every
//! expression is translated to XMILE (`functions.rs`) and printed as equation text.

use std::collections::HashSet;

use super::build::var;
use super::functions::{Helper, Known, Translator, Unsupported};
use super::print::print;
use crate::canonical::{canonical, display_name};
use crate::datamodel::{Equation, GfKind, GraphicalFunction, Notes, VarKind, Variable};
use crate::equation::{BinaryOp, Expr, ExprKind, UnaryOp};

/// A Vensim equation, read but not yet translated.
pub(super) struct Parsed {
    pub name: String,
    pub line: u32,
    pub notes: Notes,
    pub body: Body,
}

pub(super) enum Body {
    /// `name = expr`; `line_of(offset)` gives the file line of an offset of the tree.
    Expr(Expr, LineMap),
    Lookup(GraphicalFunction),
    WithLookup(Expr, LineMap, GraphicalFunction),
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
    pub problems: Vec<(String, Problem)>,
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
        Builder { known, variables: Vec::new(), rates: Vec::new(), extrapolated: Vec::new(), problems: Vec::new() }
    }

    pub fn add(&mut self, p: Parsed) {
        let name = p.name.clone();
        if let Err(problem) = self.add_inner(p) {
            self.problems.push((name, problem));
        }
    }

    fn add_inner(&mut self, p: Parsed) -> Result<(), Problem> {
        let base = display_name(&p.name);
        let mut tr = Translator::new(self.known, &base);
        let mut v = plain(p.name.clone(), VarKind::Aux, p.line);
        v.notes = p.notes;
        let mut rate = None;
        match p.body {
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
                    Some(("initial", [init])) => {
                        // Computed once, at the start: a stock without flows.
                        v = Variable { kind: VarKind::Stock { inflows: Vec::new(), outflows: Vec::new() }, ..v };
                        v.eqn = equation(&tr.expr(init).map_err(at)?, line);
                    }
                    _ => v.eqn = equation(&tr.equation(&e).map_err(at)?, line),
                }
            }
        }
        let line = v.line;
        for h in tr.helpers {
            match h {
                Helper::Initial { name, init } => {
                    let mut s = stock(name, line);
                    s.eqn = equation(&init, line);
                    self.variables.push(s);
                }
                Helper::Aux { name, eqn } => {
                    let mut a = plain(name, VarKind::Aux, line);
                    a.eqn = equation(&eqn, line);
                    self.variables.push(a);
                }
                Helper::Extrapolate { name, table } => {
                    if !self.extrapolated.iter().any(|(n, _, _)| *n == name) {
                        self.extrapolated.push((name, table, line));
                    }
                }
            }
        }
        if let Some(r) = rate {
            self.rates.push((self.variables.len(), r));
        }
        self.variables.push(v);
        Ok(())
    }

    /// Decides every stock's flows and makes the extrapolating tables; the variables.
    pub fn finish(mut self) -> (Vec<Variable>, Vec<(String, Problem)>) {
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
