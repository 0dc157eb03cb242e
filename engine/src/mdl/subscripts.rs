//! Vensim's subscript ranges as the datamodel's dimensions: `Dim: a, b, c`, numeric
//! ranges `(a1-a10)`, a range built of others (`All: Sub1, Sub2, x`), mappings
//! (`-> Other`, `-> (Other: x, y)`), equivalences (`Dim <-> Other`) and ranges read
//! from a data file (`GET DIRECT SUBSCRIPT(...)`, read by the reader: `data/`).

use std::collections::HashMap;

use crate::canonical::canonical;
use crate::datamodel::{DimMapping, Dimension};

/// A subscript range as written: its items (element names, numeric ranges already
/// expanded, or names of other ranges, resolved once every range is read) and mappings.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RangeDef {
    pub name: String,
    pub items: Vec<String>,
    /// `-> Other` (no pairs) or `-> (Other: x, y)` (this range's elements to these, in
    /// order).
    pub maps: Vec<(String, Vec<String>)>,
    /// `Dim <-> Other`: `Dim` has `Other`'s elements.
    pub equivalent_to: Option<String>,
    /// `Dim: GET DIRECT SUBSCRIPT(...)`: the elements are read from a data file (into
    /// `items`, before the ranges are resolved).
    pub get: Option<super::data::Call>,
}

/// Whitespace runs to one blank, trimmed.
pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Dim <-> Other`.
pub(super) fn equivalence(name: &str, other: &str) -> Result<RangeDef, String> {
    if other.is_empty() {
        return Err(format!("`{name} <->` names no subscript range"));
    }
    Ok(RangeDef {
        name: name.to_owned(),
        items: Vec::new(),
        maps: Vec::new(),
        equivalent_to: Some(other.to_owned()),
        get: None,
    })
}

/// The text after `Dim:`: items, then optional `-> mappings`. `Err(message, offset)`.
pub(super) fn range(name: &str, text: &str) -> Result<RangeDef, (String, usize)> {
    let (items_text, maps_text) = match find_outside_parens(text, "->") {
        Some(i) => (&text[..i], Some(&text[i + 2..])),
        None => (text, None),
    };
    let get = match super::data::parse_call(items_text) {
        Some(call) => Some(call.map_err(|m| (m, 0))?),
        None => None,
    };
    let mut items = Vec::new();
    for item in split_outside_parens(items_text).into_iter().filter(|_| get.is_none()) {
        let item = item.trim();
        match item.strip_prefix('(').and_then(|i| i.strip_suffix(')')) {
            Some(inner) => items.extend(numeric_range(inner).map_err(|m| (m, 0))?),
            None if item.is_empty() => return Err((format!("subscript range `{name}` has an empty element"), 0)),
            None => items.push(collapse(item)),
        }
    }
    let mut maps = Vec::new();
    if let Some(maps_text) = maps_text {
        for m in split_outside_parens(maps_text) {
            let m = m.trim();
            match m.strip_prefix('(').and_then(|i| i.strip_suffix(')')) {
                Some(inner) => {
                    let (target, list) =
                        inner.split_once(':').ok_or_else(|| (format!("mapping `({inner})` has no `:`"), 0))?;
                    maps.push((collapse(target), list.split(',').map(collapse).collect()));
                }
                None if m.is_empty() => return Err((format!("subscript range `{name}` maps to nothing"), 0)),
                None => maps.push((collapse(m), Vec::new())),
            }
        }
    }
    Ok(RangeDef { name: name.to_owned(), items, maps, equivalent_to: None, get })
}

/// `a1-a10` (or `1-10`): the elements `a1` to `a10`, the prefix shared.
fn numeric_range(inner: &str) -> Result<Vec<String>, String> {
    let bad = || format!("`({inner})` is not a numeric range like `(a1-a10)`");
    let (from, to) = inner.split_once('-').ok_or_else(bad)?;
    let (from, to) = (from.trim(), to.trim());
    let split = |s: &str| {
        let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, n) = s.split_at(s.len() - digits);
        n.parse::<u64>().ok().map(|n| (prefix.to_owned(), n))
    };
    let ((p1, a), (p2, b)) = (split(from).ok_or_else(bad)?, split(to).ok_or_else(bad)?);
    if canonical(&p1) != canonical(&p2) || a > b {
        return Err(bad());
    }
    crate::limits::SLOTS.check(b - a + 1, &format!("subscript range `({inner})`"))?;
    Ok((a..=b).map(|n| format!("{p1}{n}")).collect())
}

fn split_outside_parens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

fn find_outside_parens(text: &str, what: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 && text[i..].starts_with(what) => return Some(i),
            _ => {}
        }
    }
    None
}

/// The file's ranges as dimensions: items naming another range become its elements,
/// an equivalence copies its range's elements. `Err((range, message))` for a range that
/// cannot be resolved (a cycle, an equivalence to no range).
pub(super) fn dimensions(defs: &[(RangeDef, u32)]) -> Result<Vec<Dimension>, Vec<(String, String, u32)>> {
    let by_name: HashMap<String, usize> = defs.iter().enumerate().map(|(i, (d, _))| (canonical(&d.name), i)).collect();
    let mut resolved: Vec<Option<Vec<String>>> = vec![None; defs.len()];
    let mut errors = Vec::new();
    for i in 0..defs.len() {
        if let Err(message) = elements_of(i, defs, &by_name, &mut resolved, &mut Vec::new()) {
            errors.push((defs[i].0.name.clone(), message, defs[i].1));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Every range resolved without error, so each has its elements.
    let elements: Vec<Vec<String>> = resolved.into_iter().map(Option::unwrap_or_default).collect();
    let dims = defs
        .iter()
        .enumerate()
        .map(|(i, (d, line))| Dimension {
            name: d.name.clone(),
            elements: elements[i].clone(),
            mappings: mappings(d, &elements[i], &elements, &by_name),
            numbered_in: None,
            line: *line,
        })
        .collect::<Vec<_>>();
    Ok(numbered_in_families(dims))
}

/// Each range that is part of a larger one is numbered in the largest range holding
/// all its elements (the first declared of equal size), as Vensim numbers elements.
fn numbered_in_families(mut dims: Vec<Dimension>) -> Vec<Dimension> {
    let sets: Vec<std::collections::HashSet<String>> =
        dims.iter().map(|d| d.elements.iter().map(|e| canonical(e)).collect()).collect();
    for i in 0..dims.len() {
        let family = (0..dims.len())
            .filter(|&j| sets[i].is_subset(&sets[j]))
            .max_by_key(|&j| (sets[j].len(), std::cmp::Reverse(j)))
            .filter(|&j| j != i && !sets[i].is_empty());
        dims[i].numbered_in = family.map(|j| dims[j].name.clone());
    }
    dims
}

fn elements_of(
    i: usize,
    defs: &[(RangeDef, u32)],
    by_name: &HashMap<String, usize>,
    resolved: &mut Vec<Option<Vec<String>>>,
    path: &mut Vec<usize>,
) -> Result<Vec<String>, String> {
    if let Some(e) = &resolved[i] {
        return Ok(e.clone());
    }
    if path.contains(&i) {
        return Err(format!("subscript range `{}` is defined in terms of itself", defs[i].0.name));
    }
    path.push(i);
    let def = &defs[i].0;
    let mut out = Vec::new();
    if let Some(other) = &def.equivalent_to {
        let j = *by_name
            .get(&canonical(other))
            .ok_or_else(|| format!("`{} <-> {other}`: `{other}` is not a subscript range", def.name))?;
        out = elements_of(j, defs, by_name, resolved, path)?;
    }
    for item in &def.items {
        match by_name.get(&canonical(item)) {
            Some(&j) if j != i => out.extend(elements_of(j, defs, by_name, resolved, path)?),
            _ => out.push(item.clone()),
        }
    }
    path.pop();
    resolved[i] = Some(out.clone());
    Ok(out)
}

/// A range's mappings for the datamodel: `-> Other` by position, `-> (Other: x, y)`
/// element by element (a target item naming a range of the target maps to each of its
/// elements); an equivalence maps both ways by position.
/// `own`: the range's elements; `all`: every range's, indexed as `by_name`.
fn mappings(d: &RangeDef, own: &[String], all: &[Vec<String>], by_name: &HashMap<String, usize>) -> Vec<DimMapping> {
    let mut out: Vec<DimMapping> = Vec::new();
    for (target, list) in &d.maps {
        let pairs = if list.is_empty() {
            Vec::new()
        } else {
            own.iter()
                .zip(list)
                .flat_map(|(e, t)| {
                    let targets = match by_name.get(&canonical(t)) {
                        Some(&j) => all[j].clone(),
                        None => vec![t.clone()],
                    };
                    targets.into_iter().map(move |t| (e.clone(), t))
                })
                .collect()
        };
        out.push(DimMapping { target: target.clone(), pairs });
    }
    if let Some(other) = &d.equivalent_to {
        out.push(DimMapping { target: other.clone(), pairs: Vec::new() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dims(text: &[&str]) -> Vec<Dimension> {
        let defs: Vec<(RangeDef, u32)> = text
            .iter()
            .map(|t| {
                let (name, rest) = t.split_once(':').unwrap();
                match rest.strip_prefix('<') {
                    Some(o) => (equivalence(name.trim(), o.trim()).unwrap(), 1),
                    None => (range(name.trim(), rest).unwrap(), 1),
                }
            })
            .collect();
        dimensions(&defs).unwrap()
    }

    #[test]
    fn ranges_numeric_ranges_and_ranges_of_ranges() {
        let d = dims(&["DimA: (da1-da3), da5", "Sub: x,  y z", "All: Sub, w"]);
        assert_eq!(d[0].elements, ["da1", "da2", "da3", "da5"]);
        assert_eq!(d[1].elements, ["x", "y z"]);
        assert_eq!(d[2].elements, ["x", "y z", "w"], "a range named in a range is its elements");
    }

    #[test]
    fn mappings_and_equivalences() {
        let d = dims(&[
            "Skills: M, A -> Products",
            "Products: P, S",
            "Agg: Dev, Poor -> (Reg: Rich, IN)",
            "Reg: US, EU, IN",
            "Rich: US, EU",
            "Copy:<Products",
        ]);
        assert_eq!(d[0].mappings, [DimMapping { target: "Products".into(), pairs: vec![] }]);
        let pairs = &d[2].mappings[0].pairs;
        assert_eq!(pairs, &[("Dev".into(), "US".into()), ("Dev".into(), "EU".into()), ("Poor".into(), "IN".into())]);
        assert_eq!(d[5].elements, ["P", "S"]);
    }

    #[test]
    fn bad_ranges_are_errors() {
        assert!(range("D", " (a5-a1)").is_err());
        assert!(range("D", " (a1-b3)").is_err());
        assert!(range("D", " (a1-a99999999)").unwrap_err().0.contains("MILLRACE_MAX_SLOTS"));
        assert!(range("D", " a, , b").is_err());
        let cyc = [(range("A", " B").unwrap(), 3), (range("B", " A").unwrap(), 4)];
        let e = dimensions(&cyc).unwrap_err();
        assert!(e[0].1.contains("in terms of itself"), "{e:?}");
    }
}
