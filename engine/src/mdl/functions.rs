//! Vensim's functions in terms of XMILE's: each call in a Vensim equation tree is
//! rewritten into the tree of an XMILE equation that computes what Vensim computes
//! (the rules are stated once in docs/semantics.md, "Vensim functions"). The compiler
//! then sees only XMILE builtins, stdlib functions, macros and lookups.
//!
//! A few functions need a variable of their own: `INITIAL(expr)` and `SAMPLE IF TRUE`
//! inside a larger expression, and `LOOKUP EXTRAPOLATE`'s extrapolating copy of a
//! table. Those are returned as [`Helper`]s, named `<variable>#<what><n>`: `#` occurs
//! in no name Vensim writes unquoted, so a helper never takes a model's name.

use std::collections::{HashMap, HashSet};

use super::arrays::Ranges;
use super::build::{bin, call, if_, neg, num, time_plus_half_dt, trunc, var, word};
use crate::canonical::canonical;
use crate::compile::constant::Names;
use crate::equation::{BinaryOp, Expr, ExprKind, Ident, MACRO_OUTPUTS, Span};

/// A variable a rewrite needs besides the one being translated.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Helper {
    /// A stock without flows holding `init` (INITIAL of an expression).
    Initial { name: String, init: Expr },
    /// An auxiliary with this equation (SAMPLE IF TRUE inside an expression, or an
    /// argument a translation uses more than once).
    Aux { name: String, eqn: Expr },
    /// An extrapolating copy of the lookup `table`.
    Extrapolate { name: String, table: String },
}

/// A call that cannot be translated, at a byte offset of the equation.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Unsupported {
    pub message: String,
    pub offset: usize,
}

/// What a translation may refer to besides Vensim's functions.
pub(super) struct Known<'a> {
    /// Canonical names of the file's lookups and macros: calls of them stay calls.
    pub callables: &'a HashSet<String>,
    /// Canonical names of every variable the file defines.
    pub variables: &'a HashSet<String>,
    /// The variables whose equation is a plain number, by canonical name.
    pub constants: &'a HashMap<String, f64>,
    /// The file's subscript ranges.
    pub ranges: &'a Ranges<'a>,
    /// The model's scalar equations by canonical name (the control group's included),
    /// for values a translation needs when compiling ([`Known::value`]).
    pub equations: &'a HashMap<String, Expr>,
    /// The data files the model reads (`GET XLS ...`).
    pub files: &'a super::data::Files,
    /// The data given to the run, for data variables without an equation.
    pub external: &'a super::data::External,
    /// The data variables (read from a data file) by canonical name, with the keyword
    /// that says how their tables read between points.
    pub data: &'a HashMap<String, super::data::Keyword>,
    /// The macros with outputs besides their own (`:MACRO: m(a : y2, y3)`), by canonical
    /// name: the name as written and how many extra outputs.
    pub macro_outputs: &'a HashMap<String, (String, usize)>,
    /// The points (x values, y values) of the file's scalar lookups defined by a table in
    /// the file, by canonical name: LOOKUP INVERT and LOOKUP AREA are written from them.
    pub tables: &'a HashMap<String, (Vec<f64>, Vec<f64>)>,
}

/// The name of the macro computing extra output `k` (from 0) of macro `name`: the same
/// body, that output its result. `#` occurs in no unquoted Vensim name.
pub(super) fn extra_output_macro(name: &str, k: usize) -> String {
    format!("{name}#output{}", k + 2)
}

impl Known<'_> {
    /// The value of `e` for the whole run, when it has one when compiling: numbers,
    /// scalar variables whose equations have one (the control variables among them),
    /// arithmetic, comparisons, IF THEN ELSE and the builtins of them (MIN, INTEGER...),
    /// nothing that reads TIME.
    pub fn value(&self, e: &Expr) -> Option<f64> {
        KnownNames { known: self, at_start: false, depth: 0, memo: HashMap::new() }.of(e).ok()
    }

    /// The value of `e` at the initial time, computed when compiling, or why it has none
    /// (a stock, data, a lookup...): as [`Self::value`], with `Time` the INITIAL TIME, so
    /// STEP, RAMP and PULSE have their value there. The equation is translated as any
    /// and evaluated by the compiler's lowering and rules (`compile::constant`).
    pub fn initial_value(&self, e: &Expr) -> Result<f64, String> {
        KnownNames { known: self, at_start: true, depth: 0, memo: HashMap::new() }.of(e)
    }
}

/// The longest chain of equations a value computed when compiling may follow.
const MAX_CHAIN: usize = 32;

/// The end of every reason [`Known::initial_value`] gives.
const NO_VALUE: &str = "has no value when compiling";

/// The names of the file's equations for `compile::constant`.
struct KnownNames<'k, 'a> {
    known: &'k Known<'a>,
    /// TIME is the INITIAL TIME (else it has no value).
    at_start: bool,
    /// How many equations deep: a cycle of equations has no value.
    depth: usize,
    /// Each variable's value once computed, so that equations naming one variable many
    /// times (`c0 = c1 + c1`, `c1 = c2 + c2`...) take linear work, not exponential.
    memo: HashMap<String, Result<Option<f64>, String>>,
}

impl KnownNames<'_, '_> {
    fn of(&mut self, e: &Expr) -> Result<f64, String> {
        let mut t = Translator::new(self.known, "", 0);
        let e = t.expr(e).map_err(|u| u.message)?;
        if !t.helpers.is_empty() {
            return Err(format!(
                "an equation that needs a variable of its own (INITIAL, SAMPLE IF TRUE...) {NO_VALUE}"
            ));
        }
        crate::compile::constant::value(&e, self)
    }

    fn control(&mut self, name: &str) -> Result<f64, String> {
        self.variable(&Ident { text: name.to_owned(), quoted: true })?
            .ok_or_else(|| format!("the model has no {} equation", name.replace('_', " ").to_uppercase()))
    }
}

impl Names for KnownNames<'_, '_> {
    fn variable(&mut self, id: &Ident) -> Result<Option<f64>, String> {
        let key = canonical(&id.text);
        let Some(e) = self.known.equations.get(&key) else {
            if self.known.variables.contains(&key) {
                // Data, a lookup, a subscripted variable.
                return Err(format!("`{}` {NO_VALUE}", id.text));
            }
            return Ok(None);
        };
        if let Some(known) = self.memo.get(&key) {
            return known.clone();
        }
        // Deeper than any real chain of constants: a cycle, which has no value (the
        // bound also bounds the recursion: 32 equations of the parser's deepest).
        if self.depth > MAX_CHAIN {
            return Err(format!(
                "`{}` is in a cycle of equations (or a chain over {MAX_CHAIN}) and {NO_VALUE}",
                id.text
            ));
        }
        self.depth += 1;
        let v = self.of(e);
        self.depth -= 1;
        let v = match v {
            Ok(v) => Ok(Some(v)),
            // The deepest name without a value is the one to tell.
            Err(m) if m.ends_with(NO_VALUE) => Err(m),
            Err(_) => Err(format!("`{}` {NO_VALUE}", id.text)),
        };
        self.memo.insert(key, v.clone());
        v
    }

    fn global(&mut self, g: crate::ir::Global) -> Result<f64, String> {
        use crate::ir::Global;
        match g {
            Global::Time if self.at_start => self.control("initial_time"),
            Global::Time => Err(format!("TIME changes during the run and {NO_VALUE}")),
            Global::Dt => self.control("time_step"),
            Global::InitialTime => self.control("initial_time"),
            Global::FinalTime => self.control("final_time"),
            Global::Step | Global::Seed => Err(format!("the run's step and seed {NO_VALUE}")),
        }
    }
}

/// Translates the Vensim equation of `variable`.
pub(super) struct Translator<'a> {
    known: &'a Known<'a>,
    variable: String,
    /// Helpers the variable's other equations made before this one: the numbering
    /// starts after theirs.
    numbered_from: usize,
    pub helpers: Vec<Helper>,
}

type Out = Result<Expr, Unsupported>;

fn fail<T>(offset: usize, message: impl Into<String>) -> Result<T, Unsupported> {
    Err(Unsupported { message: message.into(), offset })
}

/// Functions of Vensim's library that have no translation yet (an error naming them is
/// clearer than "unknown function"). Vensim has no VECTOR MAX or VECTOR MIN: its
/// maximum and minimum over an array are VMAX and VMIN ([`misnamed`] says so).
const NOT_YET: &[&str] = &[
    "delay_conveyor",
    "delay_batch",
    "delay_profile",
    "get_xls_data",
    "get_xls_constants",
    "get_xls_lookups",
    "get_xls_subscript",
    "get_direct_data",
    "get_direct_constants",
    "get_direct_lookups",
    "get_direct_subscript",
    "get_data_at_time",
    "get_123_data",
    "get_data_mean",
    "random_lookup",
    "random_pink_noise",
    "find_market_price",
    "demand_at_price",
    "supply_at_price",
    "a_function_of",
    "tabbed_array",
    "with_lookup",
    "integ",
    "active_initial",
    "invert_matrix",
    "find_zero",
    "queue_fifo",
    "simultaneous",
    "get_vdf_data",
    "delay_m",
    "smooth_m",
];

impl<'a> Translator<'a> {
    pub fn new(known: &'a Known<'a>, variable: &str, numbered_from: usize) -> Self {
        Translator { known, variable: variable.to_owned(), numbered_from, helpers: Vec::new() }
    }

    /// A new helper name for `what` (`x#initial1`, `x#initial2`...).
    fn helper_name(&self, what: &str) -> String {
        format!("{}#{what}{}", self.variable, self.numbered_from + self.helpers.len() + 1)
    }

    /// `e` made safe to use several times: itself when it is small (at most
    /// [`SHARE_ABOVE`] nodes), else a helper auxiliary computing it once (the same
    /// value). Copying large arguments would make nested calls (`INTEGER(INTEGER(...))`)
    /// grow as 3^n; small ones stay inline, as the equations read.
    fn shared(&mut self, e: Expr) -> Expr {
        if nodes(&e, SHARE_ABOVE) <= SHARE_ABOVE {
            return e;
        }
        self.helper_aux(e)
    }

    /// The call's translated arguments, each [`Self::shared`].
    fn shared_args<const N: usize>(&mut self, raw: &[Expr]) -> Result<[Expr; N], Unsupported> {
        let args = self.args(raw)?;
        Ok(take(args).map(|a| self.shared(a)))
    }

    /// The whole equation of the variable: `SAMPLE IF TRUE` at the top is the variable
    /// itself holding its value (PREVIOUS(SELF)); anywhere else it needs a helper.
    pub fn equation(&mut self, e: &Expr) -> Out {
        if let ExprKind::Call { name, args } = &e.kind
            && canonical(&name.text) == "sample_if_true"
            && args.len() == 3
        {
            let args = self.args(args)?;
            return Ok(sample_if_true(args, e.span));
        }
        self.expr(e)
    }

    pub fn expr(&mut self, e: &Expr) -> Out {
        let span = e.span;
        Ok(match &e.kind {
            ExprKind::Num(_) => e.clone(),
            // In a macro, `Time$` names the model's `Time` (a name outside the macro).
            ExprKind::Var(id) if id.text.ends_with('$') && id.text.len() > 1 => {
                let text = id.text[..id.text.len() - 1].trim_end().to_owned();
                return self.expr(&Expr { kind: ExprKind::Var(Ident { text, quoted: id.quoted }), span });
            }
            ExprKind::Var(id) => {
                // An element name as a value is its number in its range.
                let key = canonical(&id.text);
                let element = (!self.known.variables.contains(&key) && self.known.ranges.get(&id.text).is_none())
                    .then(|| self.known.ranges.element_number(&id.text))
                    .flatten();
                match element {
                    Some(n) => num(n as f64, span),
                    None => e.clone(),
                }
            }
            // Subscripts are names (ranges, elements, `Dim!` as `*:Dim`): kept.
            ExprKind::Subscript { .. } => e.clone(),
            ExprKind::Unary(op, x) => Expr { kind: ExprKind::Unary(*op, Box::new(self.expr(x)?)), span },
            ExprKind::Binary(op, a, b) => {
                Expr { kind: ExprKind::Binary(*op, Box::new(self.expr(a)?), Box::new(self.expr(b)?)), span }
            }
            ExprKind::If(c, a, b) => Expr {
                kind: ExprKind::If(Box::new(self.expr(c)?), Box::new(self.expr(a)?), Box::new(self.expr(b)?)),
                span,
            },
            ExprKind::Call { name, args } => self.call(name, args, span)?,
        })
    }

    fn args(&mut self, args: &[Expr]) -> Result<Vec<Expr>, Unsupported> {
        args.iter().map(|a| self.expr(a)).collect()
    }

    fn call(&mut self, name: &Ident, raw: &[Expr], span: Span) -> Out {
        let key = canonical(&name.text);
        let at = span.start;
        let arity = |n: usize| -> Result<(), Unsupported> {
            if raw.len() != n {
                let s = if n == 1 { "" } else { "s" };
                return fail(at, format!("`{}` takes {n} argument{s}, got {}", name.text, raw.len()));
            }
            Ok(())
        };
        if name.text == MACRO_OUTPUTS {
            return fail(at, "names after `:` in a call are the outputs of a macro that has several");
        }
        if let Some(ExprKind::Call { name: last, args: outputs }) = raw.last().map(|a| &a.kind)
            && last.text == MACRO_OUTPUTS
        {
            return self.macro_with_outputs(name, &raw[..raw.len() - 1], outputs, span);
        }
        // Calls of the file's own lookups and macros stay as they are.
        if self.known.callables.contains(&key) {
            return Ok(Expr { kind: ExprKind::Call { name: name.clone(), args: self.args(raw)? }, span });
        }
        let rename = |this: &mut Self, to: &str| -> Out { Ok(call(to, this.args(raw)?, span)) };
        match key.as_str() {
            // Same meaning, same name in XMILE.
            "abs" | "exp" | "ln" | "sqrt" | "sin" | "cos" | "tan" | "arcsin" | "arccos" | "arctan" | "sinh"
            | "cosh" | "tanh" | "log10" | "min" | "max" | "step" | "ramp" => {
                Ok(Expr { kind: ExprKind::Call { name: name.clone(), args: self.args(raw)? }, span })
            }
            // Array functions keep their names: the array expansion gives them
            // Vensim's meaning (VMIN and VMAX are the one-argument MIN and MAX).
            "sum"
            | "prod"
            | "vmin"
            | "vmax"
            | "vector_select"
            | "vector_elm_map"
            | "vector_sort_order"
            | "vector_reorder"
            | "vector_rank"
            | "vector_lookup"
            | "allocate_available"
            | "allocate_by_priority" => {
                Ok(Expr { kind: ExprKind::Call { name: name.clone(), args: self.args(raw)? }, span })
            }
            // `tbl[a](x)`: the parser's call of a subscripted lookup.
            "lookup" if matches!(raw.first().map(|a| &a.kind), Some(ExprKind::Subscript { .. })) => {
                arity(2)?;
                rename(self, "LOOKUP")
            }
            "elmcount" => {
                arity(1)?;
                let range = match &raw[0].kind {
                    ExprKind::Var(id) => self.known.ranges.get(&id.text),
                    _ => None,
                };
                match range {
                    Some(d) => Ok(num(d.elements.len() as f64, span)),
                    None => fail(at, "the argument of `ELMCOUNT` must name a subscript range"),
                }
            }
            // The random functions keep their names (RANDOM_NORMAL...): the compiler's
            // random table gives them Vensim's arguments (compile/random.rs).
            "random_uniform"
            | "random_normal"
            | "random_exponential"
            | "random_poisson"
            | "random_beta"
            | "random_binomial"
            | "random_negative_binomial"
            | "random_gamma"
            | "random_triangular"
            | "random_weibull"
            | "random_lognormal" => rename(self, &key.to_uppercase()),
            // The obsolete RANDOM 0 1() is RANDOM UNIFORM(0, 1, 0).
            "random_0_1" => {
                arity(0)?;
                let args = vec![num(0.0, span), num(1.0, span), num(0.0, span)];
                Ok(call("RANDOM_UNIFORM", args, span))
            }
            "if_then_else" => {
                arity(3)?;
                let [c, a, b] = take(self.args(raw)?);
                Ok(if_(c, a, b))
            }
            "integer" => {
                arity(1)?;
                let [x] = self.shared_args(raw)?;
                Ok(trunc(x))
            }
            "modulo" => {
                // The remainder of truncated division (the sign of x, as C's fmod), from
                // the Euclidean MOD exactly: IF x < 0 THEN -((-x) MOD b) ELSE x MOD b.
                arity(2)?;
                let [x, b] = self.shared_args(raw)?;
                let below = bin(BinaryOp::Lt, x.clone(), num(0.0, span));
                let up = neg(bin(BinaryOp::Mod, neg(x.clone()), b.clone()));
                Ok(if_(below, up, bin(BinaryOp::Mod, x, b)))
            }
            "quantum" => {
                // q * INTEGER(x / q), or x itself when q <= 0.
                arity(2)?;
                let [x, q] = self.shared_args(raw)?;
                let steps = trunc(bin(BinaryOp::Div, x.clone(), q.clone()));
                Ok(if_(bin(BinaryOp::Le, q.clone(), num(0.0, span)), x, bin(BinaryOp::Mul, q, steps)))
            }
            "power" => {
                arity(2)?;
                let [a, b] = take(self.args(raw)?);
                Ok(bin(BinaryOp::Pow, a, b))
            }
            "log" => {
                arity(2)?;
                let [x, base] = take(self.args(raw)?);
                Ok(bin(BinaryOp::Div, call("LN", vec![x], span), call("LN", vec![base], span)))
            }
            "xidz" | "zidz" => {
                // a / b, or x (ZIDZ: 0) when |b| is below Vensim's small number 1e-6.
                let n = if key == "xidz" { 3 } else { 2 };
                arity(n)?;
                let mut args = self.args(raw)?;
                let x = if n == 3 { args.pop().unwrap_or(num(0.0, span)) } else { num(0.0, span) };
                let [a, b] = take(args);
                let b = self.shared(b);
                let small = bin(BinaryOp::Lt, call("ABS", vec![b.clone()], span), num(1e-6, span));
                Ok(if_(small, x, bin(BinaryOp::Div, a, b)))
            }
            "pulse" => {
                arity(2)?;
                let [start, width] = self.shared_args(raw)?;
                Ok(pulse(start, width, span))
            }
            "pulse_train" => {
                arity(4)?;
                let [start, width, interval, end] = self.shared_args(raw)?;
                Ok(pulse_train(start, width, interval, end, span))
            }
            "delay1" | "delay3" => {
                arity(2)?;
                rename(self, if key == "delay1" { "DELAY1" } else { "DELAY3" })
            }
            "delay1i" | "delay3i" => {
                arity(3)?;
                rename(self, if key == "delay1i" { "DELAY1" } else { "DELAY3" })
            }
            "smooth" | "smooth3" => {
                arity(2)?;
                rename(self, if key == "smooth" { "SMTH1" } else { "SMTH3" })
            }
            "smoothi" | "smooth3i" => {
                arity(3)?;
                rename(self, if key == "smoothi" { "SMTH1" } else { "SMTH3" })
            }
            "delay_n" | "smooth_n" => {
                // Vensim: (input, time, initial value, order); XMILE: (input, time, order, initial).
                arity(4)?;
                // The order is the number of stocks: it must be known when compiling. It
                // is its value at the initial time, fixed for the run (as Vensim, which
                // evaluates it once, at initialization: `mdl/smooth`).
                let mut raw = raw.to_vec();
                match self.known.initial_value(&raw[3]) {
                    Ok(n) => raw[3] = num(n, raw[3].span),
                    Err(why) => {
                        let message = format!(
                            "the order of `{}` must have a value at the initial time when compiling (numbers, \
                             constants, control variables, TIME, and arithmetic and builtins of them): {why}",
                            name.text
                        );
                        return fail(raw[3].span.start, message);
                    }
                }
                // Vensim lowers DELAY N's order so that no stage is shorter than TIME
                // STEP: `floor(delay / TIME STEP)` stages (at least 1) when the delay
                // time is known when compiling (`mdl/delay_pipeline`: order 3 of 1.25
                // at DT 0.5 runs as order 2).
                if key == "delay_n"
                    && let (Some(n), Some(delay), Some(dt)) = (
                        number_value(&raw[3]),
                        self.known.value(&raw[1]),
                        self.known.value(&var("TIME STEP", raw[1].span)),
                    )
                    && dt > 0.0
                    && n * dt > delay
                {
                    // A quotient a rounding below a whole number is that number.
                    let stages = (delay / dt * (1.0 + 1e-12)).floor().max(1.0);
                    raw[3] = num(stages.min(n), raw[3].span);
                }
                if let Some(n) = number_value(&raw[3])
                    && !(n >= 1.0 && n.fract() == 0.0)
                {
                    let message = format!(
                        "the order of `{}` is {n} at the initial time: it must be a whole number from 1",
                        name.text
                    );
                    return fail(raw[3].span.start, message);
                }
                let [input, time, init, order] = take(self.args(&raw)?);
                let to = if key == "delay_n" { "DELAYN" } else { "SMTHN" };
                Ok(call(to, vec![input, time, order, init], span))
            }
            "delay_fixed" => {
                arity(3)?;
                rename(self, "DELAY_FIXED")
            }
            "trend" => {
                arity(3)?;
                rename(self, "TREND")
            }
            "forecast" => {
                arity(3)?;
                rename(self, "FORCST")
            }
            "npv" => {
                arity(4)?;
                rename(self, "NPV")
            }
            "lookup_forward" | "lookup_backward" => {
                arity(2)?;
                rename(self, if key == "lookup_forward" { "LOOKUP_FORWARD" } else { "LOOKUP_BACKWARD" })
            }
            "get_time_value" => {
                // GET TIME VALUE(relative to, offset, measure): relative to the current
                // time (0), in the model's time units (measure 0), it is TIME + offset.
                // The others need the calendar (the model's date settings).
                arity(3)?;
                let known = |e: &Expr| match &e.kind {
                    ExprKind::Var(v) => self.known.constants.get(&canonical(&v.text)).copied(),
                    _ => number_value(e),
                };
                if (known(&raw[0]), known(&raw[2])) != (Some(0.0), Some(0.0)) {
                    let message = "not supported yet: `GET TIME VALUE` but relative to the current time (0) in \
                                   time units (0): the calendar measures need the model's date settings";
                    return fail(at, message);
                }
                let offset = self.expr(&raw[1])?;
                Ok(bin(BinaryOp::Add, word("TIME", span), offset))
            }
            "get_data_between_times" => {
                arity(3)?;
                self.data_between_times(raw, span)
            }
            "lookup_extrapolate" => {
                arity(2)?;
                let ExprKind::Var(table) = &raw[0].kind else {
                    return fail(at, "the first argument of `LOOKUP EXTRAPOLATE` must name a lookup");
                };
                let x = self.expr(&raw[1])?;
                let helper = format!("{}#extrapolate", table.text);
                if !self.helpers.iter().any(|h| matches!(h, Helper::Extrapolate { name, .. } if *name == helper)) {
                    self.helpers.push(Helper::Extrapolate { name: helper.clone(), table: table.text.clone() });
                }
                let name = Ident { text: helper, quoted: true };
                Ok(Expr { kind: ExprKind::Call { name, args: vec![x] }, span })
            }
            "game" => {
                // Without gaming input, GAME(x) is x.
                arity(1)?;
                let [x] = take(self.args(raw)?);
                Ok(x)
            }
            "initial" => {
                arity(1)?;
                if let ExprKind::Var(v) = &raw[0].kind
                    && self.known.variables.contains(&canonical(&v.text))
                {
                    return Ok(call("INIT", vec![Expr { kind: ExprKind::Var(v.clone()), span: raw[0].span }], span));
                }
                let init = self.expr(&raw[0])?;
                let name = self.helper_name("initial");
                self.helpers.push(Helper::Initial { name: name.clone(), init });
                Ok(var(&name, span))
            }
            "sample_if_true" => {
                arity(3)?;
                let eqn = sample_if_true(self.args(raw)?, span);
                let name = self.helper_name("sample");
                self.helpers.push(Helper::Aux { name: name.clone(), eqn });
                Ok(var(&name, span))
            }
            "time_base" => {
                // TIME BASE(start, slope): start + TIME * slope.
                arity(2)?;
                let [start, slope] = take(self.args(raw)?);
                Ok(bin(BinaryOp::Add, start, bin(BinaryOp::Mul, word("TIME", span), slope)))
            }
            "delay_information" => {
                // DELAY FIXED with a delay time that may change: with one known when
                // compiling (numbers and constants), it is DELAY FIXED.
                arity(3)?;
                if self.known.value(&raw[1]).is_none() {
                    let message = format!(
                        "not supported yet: `{}` with a delay time that is not numbers and constants (a delay \
                         time that changes during the run)",
                        name.text
                    );
                    return fail(raw[1].span.start, message);
                }
                rename(self, "DELAY_FIXED")
            }
            "lookup_invert" | "lookup_area" => {
                let area = key == "lookup_area";
                arity(if area { 3 } else { 2 })?;
                let table = match &raw[0].kind {
                    ExprKind::Var(id) => self.known.tables.get(&canonical(&id.text)),
                    _ => None,
                };
                let Some((xs, ys)) = table else {
                    let message = format!(
                        "the first argument of `{}` must name a lookup defined by a table in the file (not a \
                         subscripted, data or WITH LOOKUP table)",
                        name.text
                    );
                    return fail(raw[0].span.start, message);
                };
                let points: Vec<(f64, f64)> = xs.iter().copied().zip(ys.iter().copied()).collect();
                if area {
                    let [_, x1, x2] = take(self.args(raw)?);
                    let x1 = self.bound(x1);
                    let x2 = self.bound(x2);
                    let to_x2 = self.area_to(&points, x2, span);
                    let to_x1 = self.area_to(&points, x1, span);
                    Ok(bin(BinaryOp::Sub, to_x2, to_x1))
                } else {
                    let [_, y] = take(self.args(raw)?);
                    let y = self.bound(y);
                    Ok(self.invert(&points, y, span))
                }
            }
            _ if NOT_YET.contains(&key.as_str()) => fail(at, format!("not supported yet: `{}`", name.text)),
            _ => fail(at, format!("unknown function `{}`{}", name.text, misnamed(&key))),
        }
    }
}

/// A hint after "unknown function" for names of other tools' functions.
fn misnamed(key: &str) -> &'static str {
    match key {
        "vector_max" => " (Vensim's maximum over an array is VMAX)",
        "vector_min" => " (Vensim's minimum over an array is VMIN)",
        _ => "",
    }
}

/// Nested IFs over a table's segments are cut into helper auxiliaries every this many
/// links, so no equation gets deeper than the IR's limit however long the table.
const CHAIN_LINKS: usize = 64;

impl Translator<'_> {
    /// `m(a, b : y2, y3)`, a call of a macro with extra outputs: its value is the macro's
    /// own output; each name after `:` becomes a variable holding the matching extra
    /// output, computed by the macro of that output ([`extra_output_macro`]) called with
    /// the same inputs (each its own instance: the same operations on the same inputs,
    /// so the same values).
    fn macro_with_outputs(&mut self, name: &Ident, raw: &[Expr], outputs: &[Expr], span: Span) -> Out {
        let at = span.start;
        let Some((written, count)) = self.known.macro_outputs.get(&canonical(&name.text)).cloned() else {
            return fail(at, format!("`{}` is not a macro with outputs after `:`", name.text));
        };
        if outputs.len() != count {
            return fail(
                at,
                format!("macro `{written}` has {count} outputs after `:`, the call names {}", outputs.len()),
            );
        }
        let args: Vec<Expr> = self.args(raw)?.into_iter().map(|a| self.shared(a)).collect();
        for (k, output) in outputs.iter().enumerate() {
            let ExprKind::Var(out) = &output.kind else {
                return fail(output.span.start, format!("an output of macro `{written}` must be a variable's name"));
            };
            if self.known.variables.contains(&canonical(&out.text)) {
                let message =
                    format!("`{}` is an output of a call of `{written}` and has an equation of its own", out.text);
                return fail(output.span.start, message);
            }
            let callee = Ident { text: extra_output_macro(&written, k), quoted: true };
            let eqn = Expr { kind: ExprKind::Call { name: callee, args: args.clone() }, span };
            self.helpers.push(Helper::Aux { name: out.text.clone(), eqn });
        }
        Ok(Expr { kind: ExprKind::Call { name: name.clone(), args }, span })
    }

    /// `e` itself when it is a name or a number, else a helper auxiliary computing it.
    fn bound(&mut self, e: Expr) -> Expr {
        match e.kind {
            ExprKind::Num(_) | ExprKind::Var(_) => e,
            _ => self.helper_aux(e),
        }
    }

    /// A helper auxiliary computing `e`, as a name.
    fn helper_aux(&mut self, e: Expr) -> Expr {
        let span = e.span;
        let name = self.helper_name("arg");
        self.helpers.push(Helper::Aux { name: name.clone(), eqn: e });
        var(&name, span)
    }

    /// LOOKUP INVERT of the table `points` at `y` (a name or a number): the smallest x
    /// at which the table (read between its points) is `y`. Segment by segment from the
    /// first, the first segment whose y values hold `y` gives
    /// `x0 + ((y - y0) / (y1 - y0)) * (x1 - x0)`, or `x0` when it is flat; Vensim's
    /// `:NA:` when none does; NaN for NaN.
    fn invert(&mut self, points: &[(f64, f64)], y: Expr, span: Span) -> Expr {
        let segments: Vec<((f64, f64), (f64, f64))> = if points.len() == 1 {
            vec![(points[0], points[0])]
        } else {
            points.windows(2).map(|w| (w[0], w[1])).collect()
        };
        // `y = y` fails only for NaN, which stays NaN.
        let na = num(crate::equation::VENSIM_NA, span);
        let mut result = if_(bin(BinaryOp::Eq, y.clone(), y.clone()), na, y.clone());
        for (links, &((x0, y0), (x1, y1))) in segments.iter().rev().enumerate() {
            let inside = bin(
                BinaryOp::And,
                bin(BinaryOp::Ge, y.clone(), num(y0.min(y1), span)),
                bin(BinaryOp::Le, y.clone(), num(y0.max(y1), span)),
            );
            let x = if y0 == y1 {
                num(x0, span)
            } else {
                let t = bin(BinaryOp::Div, bin(BinaryOp::Sub, y.clone(), num(y0, span)), num(y1 - y0, span));
                bin(BinaryOp::Add, num(x0, span), bin(BinaryOp::Mul, t, num(x1 - x0, span)))
            };
            result = if_(inside, x, result);
            if (links + 1) % CHAIN_LINKS == 0 {
                result = self.helper_aux(result);
            }
        }
        result
    }

    /// The area under the table `points` from its first x to `x` (a name or a number),
    /// negative below it; the table is held at its end values outside its points. With
    /// `C_i` the area up to point i (trapezoids, summed in order when reading the file),
    /// at or beyond the last point `C_n + (x - x_n) * y_n`; in segment i (the last point
    /// with `x_i <= x`) `C_i + (x - x_i) * ((y_i + f) / 2)`, `f` the table's value
    /// there, `y_i + ((x - x_i) / (x_i+1 - x_i)) * (y_i+1 - y_i)`; below the first
    /// point `(x - x_0) * y_0`.
    fn area_to(&mut self, points: &[(f64, f64)], x: Expr, span: Span) -> Expr {
        let mut cumulative = Vec::with_capacity(points.len());
        let mut c = 0.0;
        for (i, &(xi, yi)) in points.iter().enumerate() {
            if i > 0 {
                let (xp, yp) = points[i - 1];
                c += (xi - xp) * ((yp + yi) / 2.0);
            }
            cumulative.push(c);
        }
        let (x0, y0) = points[0];
        let from = |x: &Expr, at: f64| bin(BinaryOp::Sub, x.clone(), num(at, span));
        let mut result = bin(BinaryOp::Mul, from(&x, x0), num(y0, span));
        let mut links = 0;
        for i in 0..points.len().saturating_sub(1) {
            let ((xi, yi), (xj, yj)) = (points[i], points[i + 1]);
            if xi == xj {
                // A vertical step: no width, never the segment of an x.
                continue;
            }
            let t = bin(BinaryOp::Div, from(&x, xi), num(xj - xi, span));
            let f = bin(BinaryOp::Add, num(yi, span), bin(BinaryOp::Mul, t, num(yj - yi, span)));
            let mean = bin(BinaryOp::Div, bin(BinaryOp::Add, num(yi, span), f), num(2.0, span));
            let area = bin(BinaryOp::Add, num(cumulative[i], span), bin(BinaryOp::Mul, from(&x, xi), mean));
            result = if_(bin(BinaryOp::Ge, x.clone(), num(xi, span)), area, result);
            links += 1;
            if links % CHAIN_LINKS == 0 {
                result = self.helper_aux(result);
            }
        }
        let (xn, yn) = points[points.len() - 1];
        let beyond = bin(
            BinaryOp::Add,
            num(cumulative[points.len() - 1], span),
            bin(BinaryOp::Mul, from(&x, xn), num(yn, span)),
        );
        if_(bin(BinaryOp::Ge, x.clone(), num(xn, span)), beyond, result)
    }

    /// `GET DATA BETWEEN TIMES(data, time, mode)`: the data variable's points read at
    /// `time`. Mode 0 interpolates: its table read as LOOKUP. Modes 1 (forward) and -1
    /// (backward) first move `time` down to a whole TIME STEP from the initial time
    /// ([`time_step_floor`]), `t`; forward is then the point at or after `t`
    /// (LOOKUP_FORWARD), backward the point at or before `t - TIME STEP`
    /// (LOOKUP_BACKWARD), each clamped to the first and last points. (Vensim's values
    /// in `sde/getdata`: at time 1.5 forward gives the point of time 1, backward that of
    /// time 0; at time 2, on a point, backward still gives the one before.) The mode
    /// must be known when compiling.
    fn data_between_times(&mut self, raw: &[Expr], span: Span) -> Out {
        let at = span.start;
        let name = match &raw[0].kind {
            ExprKind::Var(id) | ExprKind::Subscript { name: id, .. } => id.text.clone(),
            _ => return fail(at, "the first argument of `GET DATA BETWEEN TIMES` must name a data variable"),
        };
        let Some(&keyword) = self.known.data.get(&canonical(&name)) else {
            return fail(at, format!("`GET DATA BETWEEN TIMES` of `{name}`, which is not a data variable"));
        };
        let mode = match &raw[2].kind {
            ExprKind::Var(v) => self.known.constants.get(&canonical(&v.text)).copied(),
            _ => number_value(&raw[2]),
        };
        let reading = match (mode, keyword) {
            (Some(0.0), super::data::Keyword::Interpolate) => "LOOKUP",
            (Some(0.0), _) => {
                let message =
                    format!("not supported yet: `GET DATA BETWEEN TIMES` of `{name}`, which does not interpolate");
                return fail(at, message);
            }
            (Some(1.0), _) => "LOOKUP_FORWARD",
            (Some(-1.0), _) => "LOOKUP_BACKWARD",
            (Some(m), _) => {
                return fail(at, format!("`GET DATA BETWEEN TIMES` has mode {m}: it must be 0, 1 or -1"));
            }
            (None, _) => return fail(at, "the mode of `GET DATA BETWEEN TIMES` must be a number known when compiling"),
        };
        // The data variable's own table, not its value: kept as written.
        let table = raw[0].clone();
        let mut time = self.expr(&raw[1])?;
        if reading != "LOOKUP" {
            time = time_step_floor(time, span);
        }
        if reading == "LOOKUP_BACKWARD" {
            time = bin(BinaryOp::Sub, time, word("DT", span));
        }
        Ok(call(reading, vec![table, time], span))
    }
}

/// `INITIAL_TIME + INT((t - INITIAL_TIME) / DT + STEP_SLACK) * DT`: `t` moved down to
/// a whole TIME STEP from the initial time. TIME is `start + step * DT`, which the
/// division may leave a rounding short of `step`: within [`STEP_SLACK`] of a step counts
/// as on it.
fn time_step_floor(t: Expr, span: Span) -> Expr {
    let steps = bin(BinaryOp::Div, bin(BinaryOp::Sub, t, word("INITIAL_TIME", span)), word("DT", span));
    let whole = call("INT", vec![bin(BinaryOp::Add, steps, num(STEP_SLACK, span))], span);
    bin(BinaryOp::Add, word("INITIAL_TIME", span), bin(BinaryOp::Mul, whole, word("DT", span)))
}

/// How far below a whole number of steps a time may fall and still count as it, in
/// steps.
const STEP_SLACK: f64 = 1e-9;

/// The value of a plain number, possibly signed (`3`, `-0.5`).
pub(super) fn number_value(e: &Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Num(v) => Some(*v),
        ExprKind::Unary(crate::equation::UnaryOp::Neg, x) => number_value(x).map(|v| -v),
        ExprKind::Unary(crate::equation::UnaryOp::Plus, x) => number_value(x),
        _ => None,
    }
}

/// Arguments used several times by a translation are copied up to this many nodes, and
/// bound to a helper above it.
const SHARE_ABOVE: usize = 16;

/// The number of nodes of `e`, counting no further than `limit + 1`.
fn nodes(e: &Expr, limit: usize) -> usize {
    let mut count = 0;
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        count += 1;
        if count > limit {
            break;
        }
        match &e.kind {
            ExprKind::Num(_) | ExprKind::Var(_) => {}
            ExprKind::Call { args, .. } => stack.extend(args),
            ExprKind::Subscript { indices, .. } => stack.extend(indices),
            ExprKind::Unary(_, x) => stack.push(x),
            ExprKind::Binary(_, a, b) => stack.extend([&**a, &**b]),
            ExprKind::If(c, a, b) => stack.extend([&**c, &**a, &**b]),
        }
    }
    count
}

fn take<const N: usize>(args: Vec<Expr>) -> [Expr; N] {
    match args.try_into() {
        Ok(a) => a,
        Err(_) => unreachable!("arity is checked before"),
    }
}

/// SAMPLE IF TRUE(cond, input, initial) = IF cond THEN input ELSE PREVIOUS(SELF, initial).
fn sample_if_true(args: Vec<Expr>, span: Span) -> Expr {
    let [c, input, init] = take(args);
    if_(c, input, call("PREVIOUS", vec![word("SELF", span), init], span))
}

/// PULSE(start, width) = 1 while `start < TIME + DT/2 < start + width`, else 0; a
/// width of 0 means one DT.
fn pulse(start: Expr, width: Expr, span: Span) -> Expr {
    let t = time_plus_half_dt(span);
    let width = if_(bin(BinaryOp::Eq, width.clone(), num(0.0, span)), word("DT", span), width);
    let after = bin(BinaryOp::Gt, t.clone(), start.clone());
    let before = bin(BinaryOp::Lt, t, bin(BinaryOp::Add, start, width));
    if_(bin(BinaryOp::And, after, before), num(1.0, span), num(0.0, span))
}

/// PULSE TRAIN(start, width, interval, end): PULSE(start + k * interval, width) for the
/// latest pulse `k` (from 0 to `INT((end - start) / interval)`) that began by
/// `TIME + DT/2`, while `TIME <= end`.
fn pulse_train(start: Expr, width: Expr, interval: Expr, end: Expr, span: Span) -> Expr {
    let t = time_plus_half_dt(span);
    let last =
        call("INT", vec![bin(BinaryOp::Div, bin(BinaryOp::Sub, end.clone(), start.clone()), interval.clone())], span);
    let since = call("INT", vec![bin(BinaryOp::Div, bin(BinaryOp::Sub, t, start.clone()), interval.clone())], span);
    let k = call("MIN", vec![call("MAX", vec![since, num(0.0, span)], span), last], span);
    let this_start = bin(BinaryOp::Add, start, bin(BinaryOp::Mul, k, interval));
    let on = pulse(this_start, width, span);
    let running = bin(BinaryOp::Le, word("TIME", span), end);
    if_(running, on, num(0.0, span))
}
