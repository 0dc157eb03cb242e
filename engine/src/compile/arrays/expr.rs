//! Expanding one equation for one element: every arrayed reference becomes the scalar
//! variable of the element it names, and every array function over `*` or a free
//! dimension becomes scalar arithmetic over the elements ([`super::reduce`]).

use std::collections::HashMap;

use crate::canonical::canonical;
use crate::equation::{Expr, ExprKind, Ident};

use super::dims::{DimId, Dims};
use super::print::quoted;
use super::reduce;
use super::subscript::{self, Binding, Index};
use super::vector;

/// A problem at a byte offset of the equation being expanded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fail {
    pub offset: usize,
    pub message: String,
}

impl Fail {
    pub fn at(offset: usize, message: String) -> Fail {
        Fail { offset, message }
    }
}

/// An arrayed variable of the model being expanded.
#[derive(Debug, Clone)]
pub(crate) struct ArrayVar {
    /// Display name (element variables are `name[e1,e2]`).
    pub display: String,
    pub dims: Vec<DimId>,
}

/// The name of the scalar variable holding element `elems` of `var`.
pub(crate) fn element_name(dims: &Dims, var: &ArrayVar, elems: &[usize]) -> String {
    let parts: Vec<&str> = var.dims.iter().zip(elems).map(|(&d, &e)| dims.get(d).elements[e].as_str()).collect();
    format!("{}[{}]", var.display, parts.join(","))
}

/// The most elements one array (or one array function's iteration) may have: the
/// expansion makes a variable or a term of each, so a bigger one is an error rather
/// than a compiler exhausting memory.
pub(crate) const MAX_ELEMENTS: usize = 1 << 20;

/// How many terms a fold (or links an IF chain) holds before its partial result is
/// bound to a generated auxiliary; well under the parser's nesting limit.
pub(crate) const CHUNK: usize = 64;

/// Every element tuple of `shape`, row-major (the last dimension fastest); an error
/// past [`MAX_ELEMENTS`].
pub(crate) fn tuples(dims: &Dims, shape: &[DimId], at: usize) -> Result<Vec<Vec<usize>>, Fail> {
    let count = shape.iter().try_fold(1usize, |n, &d| n.checked_mul(dims.size(d)));
    if count.is_none_or(|n| n > MAX_ELEMENTS) {
        return Err(Fail::at(at, format!("more than {MAX_ELEMENTS} elements: too large an array to expand")));
    }
    let mut out = vec![Vec::new()];
    for &d in shape {
        out = out.into_iter().flat_map(|t| (0..dims.size(d)).map(move |i| [t.clone(), vec![i]].concat())).collect();
    }
    Ok(out)
}

/// Expansion state of one model: its arrayed variables, and the auxiliaries generated
/// to hold array-function results an arrayed equation would otherwise repeat.
pub(crate) struct Expander<'a> {
    pub dims: &'a Dims,
    pub arrays: &'a HashMap<String, ArrayVar>,
    /// Generated auxiliaries: (name, equation text, line of the first equation that
    /// needed it), in creation order.
    pub generated: Vec<(String, String, u32)>,
    /// The line of the equation being expanded.
    pub line: u32,
    /// The model's scalar constants (canonical name -> value), for arguments that must
    /// be known while expanding (VECTOR SELECT's action, a sort direction).
    pub constants: HashMap<String, f64>,
    /// The canonical names of the model's scalar variables (what INIT and PREVIOUS can
    /// read as they are).
    pub names: std::collections::HashSet<String>,
    /// The canonical names of the model's graphical functions.
    pub tables: std::collections::HashSet<String>,
    /// The display name of the variable being expanded.
    pub variable: String,
    /// Values an expansion needs to be supported but may only know once every
    /// variable is expanded (an allocation's profile types): checked at the end.
    pub checks: Vec<super::allocate::TypeCheck>,
    /// Each allocation expanded so far (by the text of its requesters and supply): its
    /// result for every requester, so the elements of one allocation build its search
    /// once, not once each.
    pub allocations: HashMap<String, Vec<Expr>>,
    /// The last equation text parsed for an expansion, with its tree and whether it
    /// touches an array: the elements of an arrayed variable expand one equation in
    /// turn, so it is parsed once, not once per element.
    pub last_parsed: Option<(String, Option<Expr>, bool)>,
    by_text: HashMap<String, String>,
}

impl<'a> Expander<'a> {
    pub fn new(dims: &'a Dims, arrays: &'a HashMap<String, ArrayVar>) -> Self {
        Expander {
            dims,
            arrays,
            generated: Vec::new(),
            line: 0,
            constants: HashMap::new(),
            names: Default::default(),
            tables: Default::default(),
            variable: String::new(),
            checks: Vec::new(),
            allocations: HashMap::new(),
            last_parsed: None,
            by_text: HashMap::new(),
        }
    }

    /// Whether the equation needs expanding at all (a subscript, an arrayed name, or a
    /// dimension name); other equations are kept exactly as written.
    pub fn touches_arrays(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Num(_) => false,
            ExprKind::Var(id) => {
                let key = canonical(&id.text);
                self.arrays.contains_key(&key) || self.dims.named(&key).is_some()
            }
            ExprKind::Subscript { .. } => true,
            ExprKind::Call { name, args } => {
                let key = canonical(&name.text);
                let needs_var =
                    matches!(key.as_str(), "init" | "previous") && args.first().is_some_and(|a| !self.is_variable(a));
                let needs_var = needs_var
                    || (key == "previous"
                        && args
                            .get(1)
                            .is_some_and(|a| !matches!(a.kind, ExprKind::Num(_)) && self.constant(a).is_none()));
                // A vector function is expanded whatever its arguments, so a scalar one
                // is an error naming it.
                let vector = vector::vector_function(&key).is_some() && !self.is_model_name(&key);
                needs_var || vector || args.iter().any(|a| self.touches_arrays(a))
            }
            ExprKind::Unary(_, a) => self.touches_arrays(a),
            ExprKind::Binary(_, a, b) => self.touches_arrays(a) || self.touches_arrays(b),
            ExprKind::If(c, a, b) => self.touches_arrays(c) || self.touches_arrays(a) || self.touches_arrays(b),
        }
    }

    /// `e` for the element the bindings `ctx` select. `hoist`: bind each array
    /// function's result to a generated auxiliary (the equation is expanded for many
    /// elements, so a result not depending on the element is computed once).
    pub fn expand(&mut self, e: &Expr, ctx: &[Binding], hoist: bool) -> Result<Expr, Fail> {
        let at = e.span.start;
        let kind = match &e.kind {
            ExprKind::Num(_) => e.kind.clone(),
            ExprKind::Var(id) => {
                if id.text == "*" && !id.quoted {
                    return Err(Fail::at(at, "`*` outside a subscript".into()));
                }
                let key = canonical(&id.text);
                if let Some(var) = self.arrays.get(&key) {
                    let idx = self.whole(var, ctx, at)?;
                    return self.element(&id.text, var, &idx, at);
                }
                // A dimension name as a value: the current element's position (1-based).
                if let Some(d) = self.dims.named(&key)
                    && let Some(b) = ctx.iter().rev().find(|b| b.dim == d)
                {
                    ExprKind::Num(self.dims.number(d, b.elem) as f64)
                } else {
                    e.kind.clone()
                }
            }
            ExprKind::Subscript { name, indices } => {
                let (var, idx) = self.subscript(name, indices, ctx, at)?;
                return self.element(&name.text, var, &idx, at);
            }
            ExprKind::Call { name, args } => {
                let key = canonical(&name.text);
                let own = self.is_model_name(&key);
                if let Some(f) = reduce::array_function(&key, args.len()).filter(|_| !own) {
                    return reduce::reduce(self, f, args, ctx, hoist, at);
                }
                if let Some(f) = vector::vector_function(&key).filter(|_| !own) {
                    return vector::expand(self, f, args, ctx, at);
                }
                let mut args: Vec<Expr> = args.iter().map(|a| self.expand(a, ctx, hoist)).collect::<Result<_, _>>()?;
                // INIT and PREVIOUS read a variable: an expression the expansion made
                // of their argument (a VECTOR SELECT...) becomes one.
                if matches!(key.as_str(), "init" | "previous")
                    && let Some(first) = args.first_mut()
                    && !self.is_variable(first)
                {
                    *first = self.bind(first.clone());
                }
                // PREVIOUS's initial value is needed once, at the start: an expression
                // there is read as INIT of an auxiliary, so it is computed in the
                // initials and is no dependency of the flows (a loop closed only
                // through it, `PREVIOUS(SELF, f(x))` with x depending on SELF, is none).
                if key == "previous"
                    && let Some(init) = args.get_mut(1)
                    && !matches!(init.kind, ExprKind::Num(_))
                    && self.constant(init).is_none()
                {
                    let bound = if self.is_variable(init) { init.clone() } else { self.bind(init.clone()) };
                    let name = Ident { text: "INIT".into(), quoted: false };
                    *init = Expr { kind: ExprKind::Call { name, args: vec![bound] }, span: init.span };
                }
                ExprKind::Call { name: name.clone(), args }
            }
            ExprKind::Unary(op, a) => ExprKind::Unary(*op, Box::new(self.expand(a, ctx, hoist)?)),
            ExprKind::Binary(op, a, b) => {
                ExprKind::Binary(*op, Box::new(self.expand(a, ctx, hoist)?), Box::new(self.expand(b, ctx, hoist)?))
            }
            ExprKind::If(c, a, b) => ExprKind::If(
                Box::new(self.expand(c, ctx, hoist)?),
                Box::new(self.expand(a, ctx, hoist)?),
                Box::new(self.expand(b, ctx, hoist)?),
            ),
        };
        Ok(Expr { kind, span: e.span })
    }

    /// The element of arrayed variable `name` the bindings select (its dimensions
    /// indexed by name, as a bare reference), e.g. a stock element's flow.
    pub fn element_for(&self, name: &str, ctx: &[Binding]) -> Result<String, Fail> {
        let var = &self.arrays[&canonical(name)];
        let mut elems = Vec::with_capacity(var.dims.len());
        for i in self.whole(var, ctx, 0)? {
            match i {
                Index::Fixed(e) => elems.push(e),
                Index::Free(d) => {
                    return Err(Fail::at(
                        0,
                        format!("it is arrayed over `{}`, which the stock is not", self.dims.get(d).display),
                    ));
                }
            }
        }
        Ok(element_name(self.dims, var, &elems))
    }

    /// A bare arrayed name: each of its dimensions indexed by that dimension's name.
    fn whole(&self, var: &ArrayVar, ctx: &[Binding], at: usize) -> Result<Vec<Index>, Fail> {
        var.dims
            .iter()
            .map(|&d| {
                let name = Expr { kind: ExprKind::Var(quoted(&self.dims.get(d).display)), span: Default::default() };
                subscript::resolve(self.dims, &name, d, ctx).map_err(|f| Fail::at(at, f.message))
            })
            .collect()
    }

    fn subscript(
        &self,
        name: &Ident,
        indices: &[Expr],
        ctx: &[Binding],
        at: usize,
    ) -> Result<(&'a ArrayVar, Vec<Index>), Fail> {
        let Some(var) = self.arrays.get(&canonical(&name.text)) else {
            return Err(Fail::at(at, format!("`{}[...]`: `{}` is not an arrayed variable", name.text, name.text)));
        };
        if indices.len() != var.dims.len() {
            return Err(Fail::at(
                at,
                format!(
                    "`{}` has {} dimension{}, the subscript gives {}",
                    name.text,
                    var.dims.len(),
                    if var.dims.len() == 1 { "" } else { "s" },
                    indices.len()
                ),
            ));
        }
        let idx = indices
            .iter()
            .zip(&var.dims)
            .map(|(i, &d)| subscript::resolve(self.dims, i, d, ctx))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((var, idx))
    }

    fn element(&self, written: &str, var: &ArrayVar, idx: &[Index], at: usize) -> Result<Expr, Fail> {
        let mut elems = Vec::with_capacity(idx.len());
        for i in idx {
            match i {
                Index::Fixed(e) => elems.push(*e),
                Index::Free(d) => {
                    return Err(Fail::at(
                        at,
                        format!(
                            "`{written}` takes every element of dimension `{}` here, which only an array function \
                             (SUM, MIN, ...) can use: the equation is not arrayed over it",
                            self.dims.get(*d).display
                        ),
                    ));
                }
            }
        }
        let name = element_name(self.dims, var, &elems);
        Ok(Expr { kind: ExprKind::Var(quoted(&name)), span: Default::default() })
    }

    /// The free dimensions of `e` (in order of first use), outside nested array
    /// functions: what an array function around `e` iterates over.
    pub fn free_dims(&self, e: &Expr, ctx: &[Binding], out: &mut Vec<DimId>) -> Result<(), Fail> {
        let at = e.span.start;
        let add = |idx: Vec<Index>, out: &mut Vec<DimId>| {
            for i in idx {
                if let Index::Free(d) = i
                    && !out.contains(&d)
                {
                    out.push(d);
                }
            }
        };
        match &e.kind {
            ExprKind::Num(_) => {}
            ExprKind::Var(id) => {
                if let Some(var) = self.arrays.get(&canonical(&id.text)) {
                    add(self.whole(var, ctx, at)?, out);
                }
            }
            ExprKind::Subscript { name, indices } => {
                let (_, idx) = self.subscript(name, indices, ctx, at)?;
                add(idx, out);
            }
            ExprKind::Call { name, args } => {
                let key = canonical(&name.text);
                let array_call =
                    reduce::array_function(&key, args.len()).is_some() || vector::vector_function(&key).is_some();
                if !array_call || self.is_model_name(&key) {
                    for a in args {
                        self.free_dims(a, ctx, out)?;
                    }
                }
            }
            ExprKind::Unary(_, a) => self.free_dims(a, ctx, out)?,
            ExprKind::Binary(_, a, b) => {
                self.free_dims(a, ctx, out)?;
                self.free_dims(b, ctx, out)?;
            }
            ExprKind::If(c, a, b) => {
                self.free_dims(c, ctx, out)?;
                self.free_dims(a, ctx, out)?;
                self.free_dims(b, ctx, out)?;
            }
        }
        Ok(())
    }

    /// A graphical function of the model: `rank(x)` calling one is a lookup, not the
    /// array function.
    fn is_model_name(&self, key: &str) -> bool {
        self.tables.contains(key)
    }

    /// Whether `e` names a variable INIT or PREVIOUS can read: a scalar variable of the
    /// model, an element variable, a generated auxiliary, or SELF.
    fn is_variable(&self, e: &Expr) -> bool {
        let ExprKind::Var(id) = &e.kind else { return false };
        let key = canonical(&id.text);
        self.names.contains(&key) || key == "self" || (id.quoted && (key.contains('[') || key.starts_with('#')))
    }

    /// The value of a constant argument: a number, or a scalar constant of the model
    /// (Vensim's VSSUM, ASCENDING... are such constants in translated files; their
    /// standard values apply when the model does not define them).
    pub fn constant(&self, e: &Expr) -> Option<f64> {
        match &e.kind {
            ExprKind::Num(v) => Some(*v),
            ExprKind::Unary(crate::equation::UnaryOp::Neg, inner) => self.constant(inner).map(|v| -v),
            ExprKind::Var(id) => {
                let key = canonical(&id.text);
                self.constants.get(&key).copied().or(match key.as_str() {
                    "vssum" => Some(0.0),
                    "vsmin" => Some(1.0),
                    "vsmean" => Some(2.0),
                    "vsmax" => Some(3.0),
                    "vsproduct" => Some(4.0),
                    "ascending" => Some(1.0),
                    "descending" => Some(-1.0),
                    _ => None,
                })
            }
            _ => None,
        }
    }

    /// `((t1 op t2) op t3) ...`, a left fold in element order; every [`CHUNK`] terms
    /// the partial result is a generated auxiliary, so no equation (and no IR tree)
    /// gets deeper than the parser's and the IR's limits however many elements there
    /// are. Storing a partial value changes no bit of it.
    pub fn fold(&mut self, op: crate::equation::BinaryOp, terms: Vec<Expr>, at: usize) -> Expr {
        let mut acc: Option<Expr> = None;
        for (i, t) in terms.into_iter().enumerate() {
            let next = match acc.take() {
                None => t,
                Some(a) => Expr { kind: ExprKind::Binary(op, Box::new(a), Box::new(t)), span: Default::default() },
            };
            acc = Some(if (i + 1) % CHUNK == 0 { self.bind(next) } else { next });
        }
        acc.unwrap_or(Expr { kind: ExprKind::Num(0.0), span: crate::equation::Span { start: at, end: at } })
    }

    /// `e` itself when it is a name or a number, else a generated auxiliary for it.
    pub fn bind_if_complex(&mut self, e: Expr) -> Expr {
        match e.kind {
            ExprKind::Var(_) | ExprKind::Num(_) => e,
            _ => self.bind(e),
        }
    }

    /// A generated auxiliary computing `e` (one per distinct text), as a name to use.
    pub fn bind(&mut self, e: Expr) -> Expr {
        let text = super::print::print(&e);
        let name = match self.by_text.get(&text) {
            Some(n) => n.clone(),
            None => {
                // `#` cannot occur in an XMILE name: never a clash with the model's.
                let n = format!("#array{}", self.generated.len() + 1);
                self.by_text.insert(text.clone(), n.clone());
                self.generated.push((n.clone(), text, self.line));
                n
            }
        };
        Expr { kind: ExprKind::Var(quoted(&name)), span: Default::default() }
    }
}
