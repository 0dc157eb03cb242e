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
            dims.by_name.insert(key, dims.all.len());
            dims.all.push(Dim {
                display: display_name(&d.name),
                elements: d.elements.iter().map(|e| display_name(e)).collect(),
                index,
            });
        }
        if errors.is_empty() { Ok(dims) } else { Err(errors) }
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

    /// Element `elem` of dimension `from`, as an element of dimension `to`: itself when
    /// the dimensions are one; the element of the same name when `to` has it (a
    /// subrange and its parent share element names); else, for two dimensions of one
    /// size sharing no element name, the element at the same position (a positional
    /// mapping, as Vensim maps equal-sized ranges). `None` when none of these applies.
    pub fn map(&self, from: DimId, elem: usize, to: DimId) -> Option<usize> {
        if from == to {
            return Some(elem);
        }
        let (f, t) = (&self.all[from], &self.all[to]);
        let name = canonical(f.elements.get(elem)?);
        if let Some(&i) = t.index.get(&name) {
            return Some(i);
        }
        let disjoint = !f.index.keys().any(|k| t.index.contains_key(k));
        (disjoint && f.elements.len() == t.elements.len()).then_some(elem)
    }

    /// Whether `a` and `b` name the same set of positions for indexing: one, a subrange
    /// of the other (shared element names), or a positional mapping.
    pub fn related(&self, a: DimId, b: DimId) -> bool {
        a == b || (0..self.size(a)).all(|i| self.map(a, i, b).is_some()) || (0..self.size(b)).all(|i| self.map(b, i, a).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dim(name: &str, elems: &[&str]) -> Dimension {
        Dimension { name: name.into(), elements: elems.iter().map(|e| e.to_string()).collect(), line: 1 }
    }

    #[test]
    fn elements_map_by_name_then_by_position() {
        let dims = Dims::new(
            &[dim("D", &["a", "b", "c"]), dim("Sub", &["c", "B"]), dim("Other", &["x", "y", "z"]), dim("Two", &["p", "q"])],
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
