//! The equations of one subscripted Vensim variable into the datamodel's arrayed
//! variable. Vensim lets a variable be defined piece by piece (`x[Sub1] = ...`,
//! `x[c] = ...`, `x[D] :EXCEPT: [a] = ...`); the variable's dimension at each position
//! is the smallest declared range holding every element its equations name there. One
//! equation over exactly those ranges applies to all elements; anything else becomes
//! one element definition per element it covers, remembering the ranges it was written
//! over (they mean the current element in its equation).

use std::collections::{HashMap, HashSet};

use crate::canonical::canonical;
use crate::datamodel::{Dimension, ElementDef, Equation, GraphicalFunction};

/// One equation of an arrayed variable, translated.
#[derive(Debug, Clone)]
pub(super) struct Def {
    /// Each position as written: a range (dimension or subrange) or an element.
    pub subscripts: Vec<String>,
    /// `:EXCEPT:` tuples, each position a range or an element.
    pub except: Vec<Vec<String>>,
    pub line: u32,
    pub eqn: Option<Equation>,
    /// `1, 2; 3, 4`: one number per element the equation covers, in row-major order.
    pub numbers: Option<Vec<String>>,
    pub init_eqn: Option<Equation>,
    pub gf: Option<GraphicalFunction>,
    /// A table per element the equation covers, in row-major order (read from a data
    /// file), in place of `gf`.
    /// An element whose table is `None` has no data: NaN (Vensim's `:NA:`).
    pub gfs: Option<Vec<Option<GraphicalFunction>>>,
}

impl Def {
    /// A definition over `subscripts` with nothing defined yet.
    pub fn new(subscripts: Vec<String>, except: Vec<Vec<String>>, line: u32) -> Self {
        Def { subscripts, except, line, eqn: None, numbers: None, init_eqn: None, gf: None, gfs: None }
    }
}

/// What the variable becomes: its dimensions, and either one definition for all
/// elements (`elements` empty) or one per element.
#[derive(Debug, Default)]
pub(super) struct Arrayed {
    pub dims: Vec<String>,
    pub eqn: Option<Equation>,
    pub init_eqn: Option<Equation>,
    pub gf: Option<GraphicalFunction>,
    pub elements: Vec<ElementDef>,
}

/// The file's subscript ranges by canonical name.
pub(super) struct Ranges<'a> {
    all: &'a [Dimension],
    by_name: HashMap<String, usize>,
    /// Each range's canonical element names.
    sets: Vec<HashSet<String>>,
}

impl<'a> Ranges<'a> {
    pub fn new(all: &'a [Dimension]) -> Self {
        let by_name = all.iter().enumerate().map(|(i, d)| (canonical(&d.name), i)).collect();
        let sets = all.iter().map(|d| d.elements.iter().map(|e| canonical(e)).collect()).collect();
        Ranges { all, by_name, sets }
    }

    /// The range of this name, if it is one.
    pub fn get(&self, name: &str) -> Option<&'a Dimension> {
        self.by_name.get(&canonical(name)).map(|&i| &self.all[i])
    }

    /// An element's number (from 1) in the largest range holding it (its family), the
    /// value Vensim gives an element name written as a value (`IF THEN ELSE(Dim = b,
    /// ...)`); `None` when no range holds it.
    pub fn element_number(&self, name: &str) -> Option<usize> {
        let key = canonical(name);
        let family = (0..self.all.len())
            .filter(|&i| self.sets[i].contains(&key))
            .max_by_key(|&i| (self.sets[i].len(), std::cmp::Reverse(i)))?;
        self.all[family].elements.iter().position(|e| canonical(e) == key).map(|p| p + 1)
    }

    /// The elements a subscript written as `w` covers: a range's, or the element.
    fn covers(&self, w: &str) -> Vec<String> {
        match self.get(w) {
            Some(d) => d.elements.clone(),
            None => vec![w.to_owned()],
        }
    }
}

/// The variable `name`'s definitions as one arrayed variable.
pub(super) fn arrayed(name: &str, defs: Vec<Def>, ranges: &Ranges<'_>) -> Result<Arrayed, (String, u32)> {
    let first = defs.first().map_or(0, |d| d.line);
    let n = defs.first().map_or(0, |d| d.subscripts.len());
    if let Some(d) = defs.iter().find(|d| d.subscripts.len() != n) {
        return Err((
            format!("`{name}` is subscripted with {} positions here and {n} elsewhere", d.subscripts.len()),
            d.line,
        ));
    }
    let dims = (0..n).map(|k| family(name, k, &defs, ranges)).collect::<Result<Vec<_>, _>>().map_err(|m| (m, first))?;
    let whole = defs.len() == 1
        && defs[0].except.is_empty()
        && defs[0].gfs.is_none()
        && defs[0].subscripts.iter().zip(&dims).all(|(w, d)| canonical(w) == canonical(d));
    if whole {
        let d = defs.into_iter().next().expect("one definition");
        let eqn = match d.numbers {
            Some(list) => {
                let count = tuples(&d.subscripts, ranges).map_err(|m| (m, d.line))?.len();
                if list.len() != count && list.len() != 1 {
                    let what = format!("{name}[{}]", d.subscripts.join(","));
                    return Err((format!("`{what}` lists {} numbers for {count} elements", list.len()), d.line));
                }
                Some(Equation { text: list.join(", "), line: d.line })
            }
            None => d.eqn,
        };
        return Ok(Arrayed { dims, eqn, init_eqn: d.init_eqn, gf: d.gf, elements: Vec::new() });
    }
    let mut elements = Vec::new();
    for d in defs {
        let excluded: HashSet<Vec<String>> = d
            .except
            .iter()
            .map(|t| tuples(t, ranges))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|m| (m, d.line))?
            .into_iter()
            .flatten()
            .map(|t| t.iter().map(|e| canonical(e)).collect())
            .collect();
        let covered: Vec<Vec<String>> = tuples(&d.subscripts, ranges)
            .map_err(|m| (m, d.line))?
            .into_iter()
            .filter(|t| !excluded.contains(&t.iter().map(|e| canonical(e)).collect::<Vec<_>>()))
            .collect();
        if let Some(list) = &d.numbers
            && list.len() != covered.len()
        {
            let what = format!("{name}[{}]", d.subscripts.join(","));
            return Err((format!("`{what}` lists {} numbers for {} elements", list.len(), covered.len()), d.line));
        }
        if let Some(list) = &d.gfs
            && list.len() != covered.len()
        {
            let what = format!("{name}[{}]", d.subscripts.join(","));
            return Err((format!("`{what}` has {} tables for {} elements", list.len(), covered.len()), d.line));
        }
        let written: Vec<Option<String>> = d.subscripts.iter().map(|w| ranges.get(w).map(|r| r.name.clone())).collect();
        for (i, subscript) in covered.into_iter().enumerate() {
            let eqn = match (&d.numbers, &d.gfs) {
                (Some(list), _) => Some(Equation { text: list[i].clone(), line: d.line }),
                (None, Some(tables)) if tables[i].is_none() => {
                    // No data for this element: Vensim's :NA:.
                    Some(Equation { text: format!("({:?})", crate::equation::VENSIM_NA), line: d.line })
                }
                _ => d.eqn.clone(),
            };
            elements.push(ElementDef {
                subscript,
                eqn,
                init_eqn: d.init_eqn.clone(),
                gf: d.gfs.as_ref().map_or_else(|| d.gf.clone(), |g| g[i].clone()),
                written: written.clone(),
                line: d.line,
            });
        }
    }
    Ok(Arrayed { dims, elements, ..Arrayed::default() })
}

/// The variable's range at position `k`: the smallest holding every element its
/// definitions name there (one they name themselves first, then the first declared).
fn family(name: &str, k: usize, defs: &[Def], ranges: &Ranges<'_>) -> Result<String, String> {
    let mut used = HashSet::new();
    let mut written = HashSet::new();
    for d in defs {
        let w = &d.subscripts[k];
        if ranges.get(w).is_some() {
            written.insert(canonical(w));
        }
        used.extend(ranges.covers(w).iter().map(|e| canonical(e)));
    }
    let best = (0..ranges.all.len())
        .filter(|&i| used.iter().all(|e| ranges.sets[i].contains(e)))
        .min_by_key(|&i| (ranges.sets[i].len(), !written.contains(&canonical(&ranges.all[i].name)), i));
    match best {
        Some(i) => Ok(ranges.all[i].name.clone()),
        None => {
            let mut shown: Vec<String> = defs.iter().map(|d| d.subscripts[k].clone()).collect();
            shown.dedup();
            Err(format!(
                "`{name}`: no subscript range holds every element of `{}` (position {})",
                shown.join(", "),
                k + 1
            ))
        }
    }
}

/// Every element tuple of subscripts `written` (ranges expanded), in row-major order.
pub(super) fn tuples(written: &[String], ranges: &Ranges<'_>) -> Result<Vec<Vec<String>>, String> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for w in written {
        let elems = ranges.covers(w);
        let count = out.len().saturating_mul(elems.len());
        crate::limits::SLOTS.check(count as u64, &format!("the subscripts `[{}]`", written.join(",")))?;
        out = out.into_iter().flat_map(|t| elems.iter().map(move |e| [t.clone(), vec![e.clone()]].concat())).collect();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dim(name: &str, elems: &[&str]) -> Dimension {
        Dimension {
            name: name.into(),
            elements: elems.iter().map(|e| e.to_string()).collect(),
            mappings: vec![],
            numbered_in: None,
            line: 1,
        }
    }

    fn def(subs: &[&str], except: &[&[&str]], eqn: &str) -> Def {
        Def {
            subscripts: subs.iter().map(|s| s.to_string()).collect(),
            except: except.iter().map(|t| t.iter().map(|s| s.to_string()).collect()).collect(),
            line: 7,
            eqn: Some(Equation { text: eqn.into(), line: 7 }),
            numbers: None,
            init_eqn: None,
            gf: None,
            gfs: None,
        }
    }

    fn layers() -> Vec<Dimension> {
        vec![dim("Layers", &["L1", "L2", "L3", "L4"]), dim("lower", &["L2", "L3", "L4"]), dim("D2", &["a", "b"])]
    }

    #[test]
    fn one_equation_over_ranges_applies_to_all() {
        let all = layers();
        let r = Ranges::new(&all);
        let a = arrayed("x", vec![def(&["lower", "D2"], &[], "1")], &r).unwrap();
        assert_eq!(a.dims, ["lower", "D2"]);
        assert!(a.elements.is_empty());
        assert_eq!(a.eqn.unwrap().text, "1");
    }

    #[test]
    fn pieces_become_element_definitions_over_the_smallest_range_holding_them() {
        let all = layers();
        let r = Ranges::new(&all);
        let a = arrayed("x", vec![def(&["lower"], &[], "y[lower]"), def(&["L1"], &[], "10")], &r).unwrap();
        assert_eq!(a.dims, ["Layers"]);
        let subs: Vec<_> = a.elements.iter().map(|e| e.subscript[0].as_str()).collect();
        assert_eq!(subs, ["L2", "L3", "L4", "L1"]);
        assert_eq!(a.elements[0].written, [Some("lower".to_string())]);
        assert_eq!(a.elements[3].written, [None]);
    }

    #[test]
    fn except_leaves_elements_out() {
        let all = layers();
        let r = Ranges::new(&all);
        let a = arrayed("x", vec![def(&["Layers", "D2"], &[&["lower", "b"]], "1"), def(&["lower", "b"], &[], "2")], &r)
            .unwrap();
        assert_eq!(a.elements.len(), 8);
        assert_eq!(a.elements.iter().filter(|e| e.eqn.as_ref().unwrap().text == "2").count(), 3);
    }

    #[test]
    fn number_lists_give_each_element_its_number() {
        let all = layers();
        let r = Ranges::new(&all);
        let mut d = def(&["lower", "a"], &[], "");
        d.numbers = Some(vec!["1".into(), "2".into(), "3".into()]);
        let a =
            arrayed("x", vec![d.clone(), def(&["Layers", "b"], &[], "0"), def(&["L1", "a"], &[], "0")], &r).unwrap();
        assert_eq!(a.elements[2].eqn.as_ref().unwrap().text, "3");
        d.numbers = Some(vec!["1".into()]);
        let e = arrayed("x", vec![d, def(&["L1", "a"], &[], "0")], &r).unwrap_err();
        assert!(e.0.contains("lists 1 numbers for 3 elements"), "{e:?}");
    }

    #[test]
    fn elements_no_range_holds_are_errors() {
        let all = layers();
        let r = Ranges::new(&all);
        let e = arrayed("x", vec![def(&["L1"], &[], "1"), def(&["a"], &[], "2")], &r).unwrap_err();
        assert!(e.0.contains("no subscript range holds"), "{e:?}");
        let e = arrayed("x", vec![def(&["L1"], &[], "1"), def(&["L2", "a"], &[], "2")], &r).unwrap_err();
        assert!(e.0.contains("positions"), "{e:?}");
    }
}
