//! One model's variables into scalar variables: each arrayed variable into one per
//! element, every equation that mentions an array rewritten for its element.

use std::collections::HashMap;

use crate::canonical::{canonical, display_name};
use crate::datamodel::{Equation, Model, VarKind, Variable};
use crate::error::Diagnostic;

use super::dims::{DimId, Dims};
use super::expr::{ArrayVar, Expander, Fail, element_name, tuples};
use super::print::print;
use super::subscript::Binding;

pub(crate) fn expand_model(dims: &Dims, model: &Model, file: &str) -> Result<Model, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let err = |line: u32, var: &str, message: String| {
        Diagnostic::error(message).at(Some(file), Some(line)).in_variable(&display_name(var))
    };
    let mut arrays = HashMap::new();
    for v in &model.variables {
        let Some(spec) = &v.array else { continue };
        if matches!(v.kind, VarKind::Module { .. }) {
            errors.push(err(spec.line, &v.name, format!("module `{}` is arrayed, which is not supported", v.name)));
            continue;
        }
        let mut ids = Vec::new();
        for d in &spec.dims {
            match dims.named(&canonical(d)) {
                Some(id) => ids.push(id),
                None => errors.push(err(
                    spec.line,
                    &v.name,
                    format!("`{}` is arrayed over `{d}`, which is not a declared dimension", display_name(&v.name)),
                )),
            }
        }
        arrays.insert(canonical(&v.name), ArrayVar { display: display_name(&v.name), dims: ids });
    }
    // Two scalars of one name are the scope's to report, after the expansion; an array
    // of that name must be reported here, as its elements would be made beside a
    // variable (or another array) that is not them.
    let mut first_line: HashMap<String, u32> = HashMap::new();
    for v in &model.variables {
        let key = canonical(&v.name);
        if !arrays.contains_key(&key) {
            continue;
        }
        if let Some(&first) = first_line.get(&key) {
            let display = display_name(&v.name);
            errors.push(err(v.line, &v.name, format!("`{display}` is defined twice (first at line {first})")));
        } else {
            first_line.insert(key, v.line);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut ex = Expander::new(dims, &arrays);
    ex.tables = model.variables.iter().filter(|v| v.gf.is_some()).map(|v| canonical(&v.name)).collect();
    ex.names = model.variables.iter().filter(|v| v.array.is_none()).map(|v| canonical(&v.name)).collect();
    for v in model.variables.iter().filter(|v| v.array.is_none() && v.gf.is_none()) {
        let literal = v.eqn.as_ref().and_then(|e| crate::equation::parse(&e.text).ok().flatten());
        if let Some(value) = literal.as_ref().and_then(crate::compile::scope::literal_value) {
            ex.constants.insert(canonical(&v.name), value);
        }
    }
    let mut out = Vec::new();
    for v in &model.variables {
        let result = match arrays.get(&canonical(&v.name)) {
            Some(var) => elements(&mut ex, v, var, &mut out),
            None => scalar(&mut ex, v).map(|s| out.push(s)),
        };
        if let Err(mut e) = result {
            for d in &mut e {
                if d.file.is_none() {
                    *d = d.clone().at(Some(file), d.line);
                }
            }
            errors.append(&mut e);
        }
    }
    for (name, text, line) in std::mem::take(&mut ex.generated) {
        out.push(generated(name, text, line));
    }
    let checks = std::mem::take(&mut ex.checks);
    let by_name: super::allocate::Variables<'_> =
        if checks.is_empty() { HashMap::new() } else { out.iter().map(|v| (canonical(&v.name), v)).collect() };
    // One error an equation: its elements and requesters would repeat it.
    let mut refused = std::collections::HashSet::new();
    for check in checks {
        if refused.contains(&(check.variable.clone(), check.line)) {
            continue;
        }
        if let Some(message) = check.failure(&ex, &by_name) {
            refused.insert((check.variable.clone(), check.line));
            errors.push(err(check.line, &check.variable, message));
        }
    }
    if errors.is_empty() { Ok(Model { variables: out, ..model.clone() }) } else { Err(errors) }
}

/// A generated auxiliary holding an array function's result.
fn generated(name: String, text: String, line: u32) -> Variable {
    Variable {
        name,
        kind: VarKind::Aux,
        eqn: Some(Equation { text, line }),
        init_eqn: None,
        gf: None,
        non_negative: None,
        access: None,
        notes: Default::default(),
        array: None,
        line,
    }
}

/// A scalar variable: its equations rewritten only where they mention arrays. A
/// module's connection from an arrayed variable becomes one connection per element
/// (`sub.k[a]` from `x[a]`...), to the child's variable of the same elements.
fn scalar(ex: &mut Expander<'_>, v: &Variable) -> Result<Variable, Vec<Diagnostic>> {
    ex.line = v.line;
    ex.variable = v.name.clone();
    let mut s = v.clone();
    if let VarKind::Module { connections, .. } = &mut s.kind {
        let mut wired = Vec::with_capacity(connections.len());
        for c in connections.drain(..) {
            let Some(var) = ex.arrays.get(&canonical(&c.from)) else {
                wired.push(c);
                continue;
            };
            let elements = tuples(ex.dims, &var.dims, 0).map_err(|f| {
                vec![Diagnostic::error(f.message).at(None, Some(c.line)).in_variable(&display_name(&v.name))]
            })?;
            for t in elements {
                let from = element_name(ex.dims, var, &t);
                let suffix = from[var.display.len()..].to_owned();
                wired.push(crate::datamodel::Connection { to: format!("{}{suffix}", c.to), from, line: c.line });
            }
        }
        *connections = wired;
    }
    s.eqn = rewrite(ex, v.eqn.as_ref(), &[], false, &v.name)?;
    s.init_eqn = rewrite(ex, v.init_eqn.as_ref(), &[], false, &v.name)?;
    Ok(s)
}

/// Every element of arrayed `v`, appended to `out` in row-major order.
fn elements(
    ex: &mut Expander<'_>,
    v: &Variable,
    var: &ArrayVar,
    out: &mut Vec<Variable>,
) -> Result<(), Vec<Diagnostic>> {
    let dims = ex.dims;
    let spec = v.array.as_ref().expect("an arrayed variable has an array spec");
    let display = display_name(&v.name);
    let here = |line: u32, message: String| vec![Diagnostic::error(message).at(None, Some(line)).in_variable(&display)];
    let all = tuples(dims, &var.dims, 0).map_err(|f| here(spec.line, format!("`{display}`: {}", f.message)))?;
    // Which `<element>` defines each element tuple.
    let mut defined: HashMap<Vec<usize>, usize> = HashMap::new();
    for (k, def) in spec.elements.iter().enumerate() {
        let tuple = element_tuple(dims, &var.dims, &def.subscript).map_err(|m| here(def.line, m))?;
        if defined.insert(tuple, k).is_some() {
            return Err(here(def.line, format!("`{display}[{}]` is defined twice", def.subscript.join(","))));
        }
    }
    if !spec.positional.is_empty() && spec.positional.len() != all.len() {
        return Err(here(
            spec.line,
            format!("`{display}` has {} equations for {} elements", spec.positional.len(), all.len()),
        ));
    }
    let list = v
        .eqn
        .as_ref()
        .filter(|_| spec.elements.is_empty() && spec.positional.is_empty())
        .and_then(|e| number_list(&e.text, all.len()));
    let hoist = all.len() > 1;
    for (n, tuple) in all.iter().enumerate() {
        let mut ctx: Vec<Binding> =
            var.dims.iter().zip(tuple).map(|(&dim, &elem)| Binding { dim, elem, iterated: false }).collect();
        let name = element_name(dims, var, tuple);
        let def = defined.get(tuple).map(|&k| &spec.elements[k]);
        if let Some(d) = def {
            ctx.extend(written_bindings(dims, &var.dims, tuple, &d.written));
        }
        if def.is_none() && spec.sparse {
            continue;
        }
        if def.is_none() && !spec.elements.is_empty() && v.eqn.is_none() {
            return Err(here(spec.line, format!("`{name}` has no equation (no <element> defines it)")));
        }
        let line = def.map_or(v.line, |d| d.line);
        ex.line = line;
        ex.variable = v.name.clone();
        let eqn = match (&list, def) {
            (Some(values), _) => {
                Some(Equation { text: values[n].clone(), line: v.eqn.as_ref().map_or(line, |e| e.line) })
            }
            (None, Some(d)) => rewrite(ex, d.eqn.as_ref(), &ctx, hoist, &v.name)?,
            (None, None) if !spec.positional.is_empty() => rewrite(ex, spec.positional.get(n), &ctx, hoist, &v.name)?,
            (None, None) => rewrite(ex, v.eqn.as_ref(), &ctx, hoist, &v.name)?,
        };
        let init_source = def.and_then(|d| d.init_eqn.as_ref()).or(v.init_eqn.as_ref());
        let init_eqn = rewrite(ex, init_source, &ctx, hoist, &v.name)?;
        let kind = match &v.kind {
            VarKind::Stock { inflows, outflows } => VarKind::Stock {
                inflows: flows(ex, inflows, &ctx, line, &display)?,
                outflows: flows(ex, outflows, &ctx, line, &display)?,
            },
            k => k.clone(),
        };
        out.push(Variable {
            name,
            kind,
            eqn,
            init_eqn,
            gf: def.and_then(|d| d.gf.clone()).or_else(|| v.gf.clone()),
            non_negative: v.non_negative,
            access: v.access,
            notes: v.notes.clone(),
            array: None,
            line,
        });
    }
    Ok(())
}

/// The bindings of the dimensions a definition was written over (a subrange binds the
/// element of it the tuple is), after the variable's own, so they are found first.
fn written_bindings(dims: &Dims, shape: &[DimId], tuple: &[usize], written: &[Option<String>]) -> Vec<Binding> {
    let mut out = Vec::new();
    for ((&own, &elem), w) in shape.iter().zip(tuple).zip(written) {
        let Some(d) = w.as_deref().and_then(|w| dims.named(&canonical(w))) else { continue };
        if let (true, Some(e)) = (d != own, dims.map(own, elem, d)) {
            out.push(Binding { dim: d, elem: e, iterated: false });
        }
    }
    out
}

/// The element tuple an `<element subscript="a, b">` names.
fn element_tuple(dims: &Dims, shape: &[DimId], subscript: &[String]) -> Result<Vec<usize>, String> {
    if subscript.len() != shape.len() {
        return Err(format!(
            "<element subscript=\"{}\"> gives {} element name(s) for {} dimension(s)",
            subscript.join(", "),
            subscript.len(),
            shape.len()
        ));
    }
    shape
        .iter()
        .zip(subscript)
        .map(|(&d, e)| {
            let dim = dims.get(d);
            let key = canonical(e);
            // `Dim.elem` is accepted as well as the bare element name.
            let key = key.strip_prefix(&format!("{}.", canonical(&dim.display))).map(str::to_owned).unwrap_or(key);
            dim.index
                .get(&key)
                .copied()
                .ok_or_else(|| format!("`{e}` is not an element of dimension `{}`", dim.display))
        })
        .collect()
}

/// The flows of one element of a stock: an arrayed flow's element for it, a scalar
/// flow itself.
fn flows(
    ex: &Expander<'_>,
    names: &[String],
    ctx: &[Binding],
    line: u32,
    stock: &str,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    names
        .iter()
        .map(|n| {
            if !ex.arrays.contains_key(&canonical(n)) {
                return Ok(n.clone());
            }
            ex.element_for(n, ctx).map_err(|f| {
                vec![
                    Diagnostic::error(format!("flow `{}` of stock `{stock}`: {}", display_name(n), f.message))
                        .at(None, Some(line))
                        .in_variable(stock),
                ]
            })
        })
        .collect()
}

/// `1, 2, 3` (Stella's form for an arrayed constant; Vensim's `1, 2; 3, 4;` for two
/// dimensions): one number per element, in row-major order.
fn number_list(text: &str, n: usize) -> Option<Vec<String>> {
    let parts: Vec<String> = text.split([',', ';']).map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
    let numeric = parts.iter().all(|p| p.trim_start_matches(['-', '+']).trim().parse::<f64>().is_ok());
    (n > 1 && parts.len() == n && numeric).then_some(parts)
}

/// `eq` expanded under `ctx`, as text; kept exactly as written when it mentions no
/// array (or does not parse: the scalar compiler reports that at the right place).
fn rewrite(
    ex: &mut Expander<'_>,
    eq: Option<&Equation>,
    ctx: &[Binding],
    hoist: bool,
    var: &str,
) -> Result<Option<Equation>, Vec<Diagnostic>> {
    let Some(eq) = eq else { return Ok(None) };
    let cached = ex.last_parsed.take().filter(|(text, _, _)| *text == eq.text);
    let (text, ast, touches) = match cached {
        Some(c) => c,
        None => {
            let ast = crate::equation::parse(&eq.text).ok().flatten();
            let touches = ast.as_ref().is_some_and(|a| ex.touches_arrays(a));
            (eq.text.clone(), ast, touches)
        }
    };
    let expanded = match &ast {
        Some(ast) if touches => Some(ex.expand(ast, ctx, hoist)),
        _ => None,
    };
    ex.last_parsed = Some((text, ast, touches));
    let Some(expanded) = expanded else { return Ok(Some(eq.clone())) };
    match expanded {
        Ok(e) => Ok(Some(Equation { text: print(&e), line: eq.line })),
        Err(Fail { offset, message }) => {
            let upto = eq.text.get(..offset).unwrap_or(&eq.text);
            let line = eq.line + upto.matches('\n').count() as u32;
            Err(vec![Diagnostic::error(message).at(None, Some(line)).in_variable(&display_name(var))])
        }
    }
}
