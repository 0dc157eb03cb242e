//! One model's variables, classified and with their equations resolved: the input of
//! ordering, layout and lowering.

use std::collections::HashMap;

use crate::canonical::{canonical, display_name};
use crate::datamodel::{Equation, GfKind, Model, VarKind, Variable};
use crate::equation::{self, ExprKind, UnaryOp};
use crate::error::Diagnostic;
use crate::ir::{Expr, LookupMode, Table, TableId, TableKind};

use super::resolve::{Resolver, Unresolved};

/// Index of a variable in [`ModelVars::vars`].
pub(crate) type VarId = u32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Stock,
    Flow,
    Aux,
    /// A graphical function without an equation: a table to call, not a value.
    Table,
}

#[derive(Debug)]
pub(crate) struct Var<'a> {
    pub src: &'a Variable,
    pub display: String,
    pub canonical: String,
    pub role: Role,
    pub table: Option<TableId>,
    /// The equation (a stock's initial value) is a plain number: an overridable constant.
    pub literal: Option<f64>,
    /// The resolved equation (variables as `VarId`s), wrapped in its lookup when the
    /// variable has a graphical function. A stock's is its initial value.
    pub eqn: Option<Expr>,
    /// The resolved `<init_eqn>` (used instead of `eqn` while initialising).
    pub init_eqn: Option<Expr>,
    pub inflows: Vec<VarId>,
    pub outflows: Vec<VarId>,
}

impl Var<'_> {
    pub fn is_constant(&self) -> bool {
        self.literal.is_some()
    }
}

#[derive(Debug)]
pub(crate) struct ModelVars<'a> {
    pub vars: Vec<Var<'a>>,
    pub by_name: HashMap<String, VarId>,
}

/// Classifies the variables of `model`, registers its graphical functions in `tables`
/// and resolves every equation. All problems are collected, not just the first.
pub(crate) fn build<'a>(
    model: &'a Model,
    file: &str,
    tables: &mut Vec<Table>,
) -> Result<ModelVars<'a>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut vars: Vec<Var<'a>> = Vec::new();
    let mut by_name: HashMap<String, VarId> = HashMap::new();

    for v in &model.variables {
        let at = |d: Diagnostic| {
            d.at(Some(file), Some(v.line))
                .in_variable(&display_name(&v.name))
        };
        let key = canonical(&v.name);
        if key.is_empty() {
            errors.push(at(Diagnostic::error("a variable has an empty name")));
            continue;
        }
        if let Some(&prev) = by_name.get(&key) {
            let first = &vars[prev as usize];
            errors.push(at(Diagnostic::error(format!(
                "`{}` is defined twice (first at line {})",
                display_name(&v.name),
                first.src.line
            ))));
            continue;
        }
        let role = match &v.kind {
            VarKind::Stock { .. } => Role::Stock,
            VarKind::Flow => Role::Flow,
            VarKind::Aux if v.gf.is_some() && v.eqn.is_none() => Role::Table,
            VarKind::Aux => Role::Aux,
            VarKind::Module { .. } => {
                errors.push(at(Diagnostic::error("modules are not supported yet")));
                continue;
            }
        };
        let table = v.gf.as_ref().map(|gf| {
            tables.push(Table {
                name: display_name(gf.name.as_deref().unwrap_or(&v.name)),
                kind: match gf.kind {
                    GfKind::Continuous => TableKind::Continuous,
                    GfKind::Extrapolate => TableKind::Extrapolate,
                    GfKind::Discrete => TableKind::Discrete,
                },
                xs: gf.xs.clone(),
                ys: gf.ys.clone(),
            });
            (tables.len() - 1) as TableId
        });
        by_name.insert(key.clone(), vars.len() as VarId);
        vars.push(Var {
            src: v,
            display: display_name(&v.name),
            canonical: key,
            role,
            table,
            literal: None,
            eqn: None,
            init_eqn: None,
            inflows: Vec::new(),
            outflows: Vec::new(),
        });
    }

    let resolved: Vec<_> = vars
        .iter()
        .enumerate()
        .map(|(id, var)| {
            let resolver = Resolver::new(&vars, &by_name, id as VarId);
            resolve_var(var, &resolver, file, &by_name)
        })
        .collect();
    for (var, r) in vars.iter_mut().zip(resolved) {
        match r {
            Ok(r) => {
                var.literal = r.literal;
                var.eqn = r.eqn;
                var.init_eqn = r.init_eqn;
                var.inflows = r.inflows;
                var.outflows = r.outflows;
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(ModelVars { vars, by_name })
    } else {
        Err(errors)
    }
}

struct ResolvedVar {
    literal: Option<f64>,
    eqn: Option<Expr>,
    init_eqn: Option<Expr>,
    inflows: Vec<VarId>,
    outflows: Vec<VarId>,
}

fn resolve_var<'a>(
    var: &Var<'a>,
    resolver: &Resolver<'_>,
    file: &str,
    by_name: &HashMap<String, VarId>,
) -> Result<ResolvedVar, Vec<Diagnostic>> {
    let v = var.src;
    let mut errors = Vec::new();
    let at_var = |d: Diagnostic| d.at(Some(file), Some(v.line)).in_variable(&var.display);

    let mut parse = |eq: &'a Option<Equation>| -> Option<(equation::Expr, &'a Equation)> {
        let eq = eq.as_ref()?;
        match equation::parse(&eq.text) {
            Ok(ast) => ast.map(|a| (a, eq)),
            Err(e) => {
                errors.push(
                    Diagnostic::error(format!("syntax error: {}", e.message))
                        .at(Some(file), Some(line_of(eq, e.offset)))
                        .in_variable(&var.display),
                );
                None
            }
        }
    };
    let eqn_ast = parse(&v.eqn);
    let init_ast = parse(&v.init_eqn);
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut resolve = |ast: &Option<(equation::Expr, &Equation)>| -> Option<Expr> {
        let (ast, eq) = ast.as_ref()?;
        match resolver.resolve(ast) {
            Ok(e) => Some(e),
            Err(Unresolved { message, offset }) => {
                errors.push(
                    Diagnostic::error(message)
                        .at(Some(file), Some(line_of(eq, offset)))
                        .in_variable(&var.display),
                );
                None
            }
        }
    };
    let mut eqn = resolve(&eqn_ast);
    let init_eqn = resolve(&init_ast);

    let literal = match (&eqn_ast, var.table) {
        (Some((ast, _)), None) => literal_value(ast),
        _ => None,
    };
    if let Some(table) = var.table {
        eqn = eqn.map(|e| Expr::Lookup(table, LookupMode::Table, Box::new(e)));
    }
    if eqn_ast.is_none() && var.role != Role::Table && errors.is_empty() {
        let what = if var.role == Role::Stock {
            "no initial value"
        } else {
            "no equation"
        };
        errors.push(at_var(Diagnostic::error(format!(
            "`{}` has {what}",
            var.display
        ))));
    }

    let mut flows = |names: &[String], what: &str| -> Vec<VarId> {
        names
            .iter()
            .filter_map(|n| match by_name.get(&canonical(n)) {
                Some(&id) => Some(id),
                None => {
                    errors.push(at_var(Diagnostic::error(format!(
                        "{what} `{}` of stock `{}` is not defined",
                        display_name(n),
                        var.display
                    ))));
                    None
                }
            })
            .collect()
    };
    let (inflows, outflows) = match &v.kind {
        VarKind::Stock { inflows, outflows } => {
            (flows(inflows, "inflow"), flows(outflows, "outflow"))
        }
        _ => (Vec::new(), Vec::new()),
    };
    if errors.is_empty() {
        Ok(ResolvedVar {
            literal,
            eqn,
            init_eqn,
            inflows,
            outflows,
        })
    } else {
        Err(errors)
    }
}

/// The value of an equation that is a plain number (`5`, `-0.3`, `+2`).
fn literal_value(ast: &equation::Expr) -> Option<f64> {
    match &ast.kind {
        ExprKind::Num(v) => Some(*v),
        ExprKind::Unary(UnaryOp::Neg, inner) => literal_value(inner).map(|v| -v),
        ExprKind::Unary(UnaryOp::Plus, inner) => literal_value(inner),
        _ => None,
    }
}

/// The file line of byte `offset` of an equation's text.
fn line_of(eq: &Equation, offset: usize) -> u32 {
    let upto = eq.text.get(..offset).unwrap_or(&eq.text);
    eq.line + upto.matches('\n').count() as u32
}
