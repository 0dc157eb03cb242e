//! Vensim lookup tables: the body of `name( ... )` or of `WITH LOOKUP(x, ( ... ))`.
//!
//! Three shapes: pairs `(x1,y1), (x2,y2), ...`; the same after a range
//! `[(xmin,ymin)-(xmax,ymax)]` (which only sizes the editor's graph, and may carry
//! further display points inside its brackets, all ignored); and the older flat form
//! `x1, x2, ..., xn, y1, y2, ..., yn` (with or without a range).

use crate::datamodel::{GfKind, GraphicalFunction};

/// A table from its body text (without the outer parentheses); `Err` says what is wrong.
pub(super) fn parse_table(body: &str, name: Option<String>, line: u32) -> Result<GraphicalFunction, String> {
    let body = skip_range(body.trim())?;
    let numbers = numbers(body)?;
    let (xs, ys): (Vec<f64>, Vec<f64>) = if body.trim_start().starts_with('(') {
        if numbers.len() % 2 != 0 {
            return Err("a lookup point needs an x and a y".into());
        }
        numbers.chunks(2).map(|p| (p[0], p[1])).unzip()
    } else {
        if numbers.len() % 2 != 0 {
            return Err(format!(
                "a lookup of x values then y values needs as many of each, got {} numbers",
                numbers.len()
            ));
        }
        let (xs, ys) = numbers.split_at(numbers.len() / 2);
        (xs.to_vec(), ys.to_vec())
    };
    if xs.is_empty() {
        return Err("the lookup has no points".into());
    }
    // Vensim takes the points in order of x, whatever order they are written in (a
    // stable sort: points of one x keep their order).
    let (xs, ys) = if xs.windows(2).any(|w| w[1] < w[0]) {
        let mut points: Vec<(f64, f64)> = xs.into_iter().zip(ys).collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        points.into_iter().unzip()
    } else {
        (xs, ys)
    };
    Ok(GraphicalFunction { name, kind: GfKind::Continuous, xs, ys, line })
}

/// The text after a leading `[ ... ]` range, if any.
fn skip_range(body: &str) -> Result<&str, String> {
    let Some(rest) = body.strip_prefix('[') else { return Ok(body) };
    let close = rest.find(']').ok_or("the range of a lookup has no closing `]`")?;
    let rest = rest[close + 1..].trim_start();
    Ok(rest.strip_prefix(',').unwrap_or(rest))
}

/// Every number in `text`, which may otherwise hold only parentheses, commas and blanks.
fn numbers(text: &str) -> Result<Vec<f64>, String> {
    let mut out = Vec::new();
    for token in text.split(|c: char| c == ',' || c == '(' || c == ')' || c.is_whitespace()) {
        if token.is_empty() {
            continue;
        }
        match token.parse::<f64>() {
            Ok(v) if v.is_finite() => out.push(v),
            _ => return Err(format!("`{token}` in a lookup is not a number")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_with_and_without_a_range() {
        let t = parse_table("[(0,0)-(2,10)],(0,1),(1,5),(2, 10)", None, 3).unwrap();
        assert_eq!((t.xs.as_slice(), t.ys.as_slice()), ([0.0, 1.0, 2.0].as_slice(), [1.0, 5.0, 10.0].as_slice()));
        assert_eq!(t.line, 3);
        let t = parse_table("(0,-1),(1e+3,2.5)", Some("t".into()), 1).unwrap();
        assert_eq!((t.xs, t.ys), (vec![0.0, 1000.0], vec![-1.0, 2.5]));
        let t = parse_table("[(0,0)-(2,2),(1,1),(1.5,1)],(0,0),(2,2)", None, 1).unwrap();
        assert_eq!(t.xs, [0.0, 2.0]);
    }

    #[test]
    fn flat_xs_then_ys() {
        let t = parse_table("[(0,0)-(2,2)], 0, 1, 2, 5, 6, 7", None, 1).unwrap();
        assert_eq!((t.xs, t.ys), (vec![0.0, 1.0, 2.0], vec![5.0, 6.0, 7.0]));
    }

    #[test]
    fn bad_tables_are_errors() {
        assert!(parse_table("(0,1),(1)", None, 1).unwrap_err().contains("x and a y"));
        let t = parse_table("(2,-3),(1,-7),(0,-1)", None, 1).unwrap();
        assert_eq!((t.xs, t.ys), (vec![0.0, 1.0, 2.0], vec![-1.0, -7.0, -3.0]), "points are taken in order of x");
        assert!(parse_table("(a,0)", None, 1).unwrap_err().contains("`a`"));
        assert!(parse_table("", None, 1).unwrap_err().contains("no points"));
        assert!(parse_table("[(0,0)-(1,1)", None, 1).unwrap_err().contains("`]`"));
    }
}
