//! Which element a subscript names. Each index is resolved against the dimension of
//! its position in the referenced variable (by name, never by the position of the
//! equation's own dimensions), under the bindings of the equation being expanded.

use crate::canonical::{canonical, split_path};
use crate::equation::{Expr, ExprKind};

use super::dims::{DimId, Dims};
use super::expr::Fail;

/// The current element of one dimension while an equation is expanded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Binding {
    pub dim: DimId,
    pub elem: usize,
    /// Bound by an array function iterating its `*`/dimension arguments (a `*` only
    /// takes these), not by the equation's own dimensions.
    pub iterated: bool,
}

/// What one index names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Index {
    /// One element of the variable's dimension at that position.
    Fixed(usize),
    /// Every element of this dimension (a `*` or a dimension the equation does not
    /// bind): only an array function can take it.
    Free(DimId),
}

/// Resolves index `ast` at a position whose dimension is `target`.
pub(crate) fn resolve(dims: &Dims, ast: &Expr, target: DimId, ctx: &[Binding]) -> Result<Index, Fail> {
    let at = ast.span.start;
    let tdim = dims.get(target);
    match &ast.kind {
        ExprKind::Var(id) if id.text == "*" && !id.quoted => {
            Ok(match ctx.iter().rev().find(|b| b.iterated && b.dim == target) {
                Some(b) => Index::Fixed(b.elem),
                None => Index::Free(target),
            })
        }
        ExprKind::Var(id) if id.text.starts_with("*:") && !id.quoted => {
            let key = canonical(&id.text[2..]);
            let Some(s) = dims.named(&key) else {
                return Err(Fail::at(at, format!("`{}` is not a dimension", &id.text[2..])));
            };
            match ctx.iter().rev().find(|b| b.iterated && b.dim == s) {
                Some(b) => mapped(dims, s, b.elem, target, at),
                None if (0..dims.size(s)).all(|i| dims.map(s, i, target).is_some()) => Ok(Index::Free(s)),
                None => Err(Fail::at(
                    at,
                    format!(
                        "dimension `{}` cannot index dimension `{}`",
                        dims.get(s).display,
                        dims.get(target).display
                    ),
                )),
            }
        }
        ExprKind::Var(id) => {
            let key = canonical(&id.text);
            if let Some(s) = dims.named(&key) {
                return dimension(dims, s, target, ctx, at);
            }
            if !id.quoted && key.contains('.') {
                let parts = split_path(&id.text);
                if let [d, e] = parts.as_slice()
                    && let Some(d) = dims.named(&canonical(d))
                {
                    let Some(&i) = dims.get(d).index.get(&canonical(e)) else {
                        return Err(Fail::at(
                            at,
                            format!("`{e}` is not an element of dimension `{}`", dims.get(d).display),
                        ));
                    };
                    return mapped(dims, d, i, target, at);
                }
            }
            match tdim.index.get(&key) {
                Some(&i) => Ok(Index::Fixed(i)),
                None => Err(Fail::at(at, format!("`{}` is not an element of dimension `{}`", id.text, tdim.display))),
            }
        }
        ExprKind::Num(v) => {
            let n = tdim.elements.len();
            if v.fract() == 0.0 && *v >= 1.0 && *v <= n as f64 {
                Ok(Index::Fixed(*v as usize - 1))
            } else {
                Err(Fail::at(
                    at,
                    format!("index {v} is out of range: dimension `{}` has elements 1 to {n}", tdim.display),
                ))
            }
        }
        _ => Err(Fail::at(at, "a computed subscript (an expression as index) is not supported".to_owned())),
    }
}

/// A dimension name `s` as an index into `target`: the current element of `s` when the
/// equation binds it, or of a dimension related to it (a subrange, a mapping); else
/// every element of `s` (for an array function).
fn dimension(dims: &Dims, s: DimId, target: DimId, ctx: &[Binding], at: usize) -> Result<Index, Fail> {
    if let Some(b) = ctx.iter().rev().find(|b| b.dim == s) {
        return mapped(dims, s, b.elem, target, at);
    }
    // A dimension related to `s` is bound: its element as an element of `s` first
    // (Vensim's `aging[Previous]` in an equation over `Later`, `Previous -> Later`
    // mapped, is the element of `Previous` that maps to the bound one), then that
    // element in the target.
    if let Some(b) = ctx.iter().rev().find(|b| dims.related(b.dim, s))
        && let Some(i) = dims.map(b.dim, b.elem, s)
        && dims.map(s, i, target).is_some()
    {
        return mapped(dims, s, i, target, at);
    }
    if let Some(b) = ctx.iter().rev().find(|b| dims.related(b.dim, s) && dims.map(b.dim, b.elem, target).is_some()) {
        return mapped(dims, b.dim, b.elem, target, at);
    }
    if (0..dims.size(s)).all(|i| dims.map(s, i, target).is_some()) {
        Ok(Index::Free(s))
    } else {
        Err(Fail::at(
            at,
            format!("dimension `{}` cannot index dimension `{}`", dims.get(s).display, dims.get(target).display),
        ))
    }
}

fn mapped(dims: &Dims, from: DimId, elem: usize, target: DimId, at: usize) -> Result<Index, Fail> {
    match dims.map(from, elem, target) {
        Some(i) => Ok(Index::Fixed(i)),
        None => Err(Fail::at(
            at,
            format!(
                "element `{}` of `{}` is not an element of dimension `{}`",
                dims.get(from).elements[elem],
                dims.get(from).display,
                dims.get(target).display
            ),
        )),
    }
}
