//! The dimensions of a project, by canonical name, and how an element of one
//! dimension names an element of another.

use std::collections::HashMap;

use crate::canonical::{canonical, display_name};
use crate::datamodel::Dimension;
use crate::error::Diagnostic;

/// Index of a dimension in [`Dims::all`].
pub(crate) type DimId = usize;

#[derive(Debug)]
pub(crate) struct Dim {
    pub display: String,
    /// Element names as written (they become part of variable names).
    pub elements: Vec<String>,
    /// Canonical element name -> position.
    pub index: HashMap<String, usize>,
    /// Declared mappings: (canonical target dimension, for each element the target
    /// elements it maps to; `None` for a positional mapping).
    pub mappings: Vec<(String, Option<Vec<Vec<String>>>)>,
    /// The dimension numbering this one's elements when its name is a value, as
    /// declared (`Dimension::numbered_in`); resolved by [`Dims::number`].
    pub numbered_in: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Dims {
    pub all: Vec<Dim>,
    by_name: HashMap<String, DimId>,
}

impl Dims {
    pub fn new(declared: &[Dimension], file: &str) -> Result<Dims, Vec<Diagnostic>> {
        let mut dims = Dims::default();
        let mut errors = Vec::new();
        for d in declared {
            let key = canonical(&d.name);
            if dims.by_name.contains_key(&key) {
                errors.push(
                    Diagnostic::error(format!("dimension `{}` is declared twice", display_name(&d.name)))
                        .at(Some(file), Some(d.line)),
                );
                continue;
            }
            let mut index = HashMap::new();
            for (i, e) in d.elements.iter().enumerate() {
                if index.insert(canonical(e), i).is_some() {
                    errors.push(
                        Diagnostic::error(format!(
                            "dimension `{}` lists element `{}` twice",
                            display_name(&d.name),
                            display_name(e)
                        ))
                        .at(Some(file), Some(d.line)),
                    );
                }
            }
            let mappings = d
                .mappings
                .iter()
                .map(|m| {
                    let pairs = (!m.pairs.is_empty()).then(|| {
                        d.elements
                            .iter()
                            .map(|e| {
                                let e = canonical(e);
                                m.pairs.iter().filter(|(f, _)| canonical(f) == e).map(|(_, t)| canonical(t)).collect()
                            })
                            .collect()
                    });
                    (canonical(&m.target), pairs)
                })
                .collect();
            dims.by_name.insert(key, dims.all.len());
            dims.all.push(Dim {
                display: display_name(&d.name),
                elements: d.elements.iter().map(|e| display_name(e)).collect(),
                index,
                mappings,
                numbered_in: d.numbered_in.as_ref().map(|n| canonical(n)),
            });
        }
        if errors.is_empty() { Ok(dims) } else { Err(errors) }
    }

    /// The number (from 1) element `elem` of `dim` has as a value: its position, or
    /// its position in the dimension `dim` is numbered in.
    pub fn number(&self, dim: DimId, elem: usize) -> usize {
        let family = self.all[dim].numbered_in.as_deref().and_then(|f| self.named(f));
        family.and_then(|f| self.map(dim, elem, f)).unwrap_or(elem) + 1
    }

    /// The dimension of this (canonical) name.
    pub fn named(&self, key: &str) -> Option<DimId> {
        self.by_name.get(key).copied()
    }

    pub fn get(&self, id: DimId) -> &Dim {
        &self.all[id]
    }

    pub fn size(&self, id: DimId) -> usize {
        self.all[id].elements.len()
    }

    /// Element `elem` of dimension `from`, as an element of dimension `to`, by the
    /// first rule that applies: itself when the dimensions are one; a mapping declared
    /// on `from` to `to` (its first target element); a mapping declared on `to` to
    /// `from`, read backwards (the first element of `to` mapping to `elem`); the
    /// element of the same name when `to` has it (a subrange and its parent share
    /// element names); else, for two dimensions of one size sharing no element name, the
    /// element at the same position. `None` when none applies.
    pub fn map(&self, from: DimId, elem: usize, to: DimId) -> Option<usize> {
        if from == to {
            return Some(elem);
        }
        let (f, t) = (&self.all[from], &self.all[to]);
        let name = canonical(f.elements.get(elem)?);
        let to_key = canonical(&t.display);
        let from_key = canonical(&f.display);
        for (target, pairs) in &f.mappings {
            if *target == to_key {
                return match pairs {
                    None => (elem < t.elements.len()).then_some(elem),
                    Some(p) => p.get(elem).and_then(|ts| ts.first()).and_then(|e| t.index.get(e).copied()),
                };
            }
        }
        for (target, pairs) in &t.mappings {
            if *target == from_key {
                return match pairs {
                    None => (elem < t.elements.len()).then_some(elem),
                    Some(p) => p.iter().position(|ts| ts.contains(&name)),
                };
            }
        }
        if let Some(&i) = t.index.get(&name) {
            return Some(i);
        }
        let disjoint = !f.index.keys().any(|k| t.index.contains_key(k));
        (disjoint && f.elements.len() == t.elements.len()).then_some(elem)
    }

    /// Whether `a` and `b` name the same set of positions for indexing: one, a subrange
    /// of the other (shared element names), or a positional mapping.
    pub fn related(&self, a: DimId, b: DimId) -> bool {
        a == b
            || (0..self.size(a)).all(|i| self.map(a, i, b).is_some())
            || (0..self.size(b)).all(|i| self.map(b, i, a).is_some())
    }
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

    #[test]
    fn declared_mappings_apply_both_ways() {
        let mut agg = dim("Agg", &["Dev", "Poor"]);
        let pairs = [("dev", "us"), ("dev", "eu"), ("poor", "in")];
        agg.mappings.push(crate::datamodel::DimMapping {
            target: "Reg".into(),
            pairs: pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
        });
        let mut next = dim("Next", &["t2", "t3"]);
        next.mappings.push(crate::datamodel::DimMapping { target: "prev".into(), pairs: vec![] });
        let dims = Dims::new(&[agg, dim("Reg", &["US", "IN", "EU"]), next, dim("Prev", &["t1", "t2"])], "f").unwrap();
        assert_eq!(dims.map(0, 0, 1), Some(0), "forwards: the first target element");
        assert_eq!((dims.map(1, 0, 0), dims.map(1, 1, 0), dims.map(1, 2, 0)), (Some(0), Some(1), Some(0)), "backwards");
        assert_eq!(dims.map(2, 1, 3), Some(1), "t3 -> t2 by position, not the shared name");
        assert_eq!(dims.map(2, 0, 3), Some(0), "t2 -> t1: a declared mapping wins over a shared name");
    }

    #[test]
    fn elements_map_by_name_then_by_position() {
        let dims = Dims::new(
            &[
                dim("D", &["a", "b", "c"]),
                dim("Sub", &["c", "B"]),
                dim("Other", &["x", "y", "z"]),
                dim("Two", &["p", "q"]),
            ],
            "f",
        )
        .unwrap();
        let (d, sub, other, two) = (0, 1, 2, 3);
        assert_eq!(dims.map(sub, 0, d), Some(2));
        assert_eq!(dims.map(sub, 1, d), Some(1), "element names match canonically");
        assert_eq!(dims.map(d, 0, sub), None, "`a` is not in the subrange");
        assert_eq!(dims.map(other, 1, d), Some(1), "equal size, disjoint names: by position");
        assert_eq!(dims.map(two, 0, d), None, "different sizes never map by position");
        assert!(dims.related(sub, d) && dims.related(d, other) && !dims.related(two, d));
        assert_eq!(dims.named("sub"), Some(sub));
    }

    #[test]
    fn duplicates_are_errors_with_lines() {
        let e = Dims::new(&[dim("D", &["a", "A"]), dim("d", &["x"])], "f.xmile").unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e[0].message.contains("element `A` twice"), "{}", e[0].message);
        assert!(e[1].message.contains("declared twice"), "{}", e[1].message);
    }
}
