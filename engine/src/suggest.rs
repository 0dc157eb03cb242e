//! "Did you mean" for names a user typed: the closest known name by edit distance,
//! compared in canonical form (case, spaces and underscores do not count), so a
//! suggestion is only offered when it is near enough to be a likely typo.

use crate::canonical::canonical_path;

/// Levenshtein distance over chars (two rows: memory is linear in `b`).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut curr = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        curr[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            curr[j + 1] = substitute.min(prev[j + 1] + 1).min(curr[j] + 1);
        }
        std::mem::swap(&mut prev, &mut curr);
    }
    prev[b.len()]
}

/// The candidate closest to `typed`, if within a third of its length (at least 2
/// edits allowed, so short names still get a suggestion for one slip). Ties go to the
/// first candidate, so the answer is deterministic.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key = canonical_path(typed);
    let limit = (key.chars().count() / 3).max(2);
    let mut best: Option<(usize, &str)> = None;
    for name in candidates {
        let d = edit_distance(&key, &canonical_path(name));
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, name));
        }
    }
    best.map(|(_, name)| name)
}

/// ` (did you mean `NAME`?)` for the closest candidate, or nothing.
pub fn hint<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(typed, candidates).map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn suggests_a_near_name_and_nothing_for_a_far_one() {
        let names = ["Room Temperature", "Teacup Temperature", "Characteristic Time"];
        assert_eq!(closest("room temprature", names), Some("Room Temperature"));
        assert_eq!(closest("Characteristic_Tme", names), Some("Characteristic Time"));
        assert_eq!(closest("population", names), None);
        assert_eq!(hint("xyz", names), "");
    }
}
