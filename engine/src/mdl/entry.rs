//! One equation's left-hand side and the shape of its right-hand side: an ordinary
//! `name[subs] = expr`, a lookup definition `name[subs]( points )`, `name = WITH
//! LOOKUP(x, ( points ))`, a subscript range `Dim: a, b, (c1-c5) -> Other` or an
//! equivalence `Dim <-> Other`, and a data equation `name[subs] :KEYWORD: := expr`.
//! Reality checks are recognised here so that they are refused with a clear message.

use super::data::Keyword;
use super::subscripts::{self, RangeDef};

/// The left-hand side of an equation: the name and, for an arrayed one, what each
/// position is written with (a dimension, a subrange or an element), and the element
/// tuples of a `:EXCEPT:` that it leaves out.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Lhs {
    pub name: String,
    pub subscripts: Vec<String>,
    pub except: Vec<Vec<String>>,
}

/// What an equation defines.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Shape {
    /// `name = expr`: the expression text and its offset in the equation part.
    Expr { text: String, at: usize },
    /// `name( points )`: the table body between the outer parentheses.
    Lookup { body: String },
    /// `name = WITH LOOKUP(input, ( points ))`.
    WithLookup { input: String, at: usize, body: String },
    /// `Dim: a, b -> Other` or `Dim <-> Other`: a subscript range.
    Range(RangeDef),
    /// `name :THE CONDITION: ...` or `name :TEST INPUT: ...`: a reality check, which is
    /// for Vensim's Reality Check tool and takes no part in a simulation.
    RealityCheck,
    /// `name :KEYWORD: := expr` (the keyword optional, `=` for `:=` after a keyword):
    /// a data equation; `text` is `None` for `name :KEYWORD:` alone, a data variable
    /// whose values come from a data file given to the run.
    Data { keyword: Keyword, text: Option<String>, at: usize },
}

/// `Err(message, offset in the equation part)` for what the reader does not take.
pub(super) type Refusal = (String, usize);

/// The left-hand side and shape of the equation part `eq`.
pub(super) fn split(eq: &str) -> Result<(Lhs, Shape), Refusal> {
    let Some((name_end, stop)) = lhs_end(eq, 0) else {
        // `name ~ units ~ |`: a data variable, read from the data given to the run.
        let name = subscripts::collapse(eq);
        let lhs = Lhs { name, ..Lhs::default() };
        return Ok((lhs, Shape::Data { keyword: Keyword::default(), text: None, at: eq.len() }));
    };
    let name = eq[..name_end].split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(("an equation without a name".into(), name_end));
    }
    let mut lhs = Lhs { name, ..Lhs::default() };
    let (mut at, mut stop) = (name_end, stop);
    if stop == '[' {
        let (subs, close) = bracket_list(eq, at)?;
        lhs.subscripts = subs;
        at = close + 1;
        let after = eq[at..].trim_start();
        if starts_with_ci(after, ":EXCEPT:") {
            at = eq.len() - after.len() + ":EXCEPT:".len();
            loop {
                let rest = eq[at..].trim_start();
                at = eq.len() - rest.len();
                if !rest.starts_with('[') {
                    break;
                }
                let (tuple, close) = bracket_list(eq, at)?;
                lhs.except.push(tuple);
                at = close + 1;
                let rest = eq[at..].trim_start();
                match rest.strip_prefix(',') {
                    Some(r) => at = eq.len() - r.len(),
                    None => break,
                }
            }
            if lhs.except.is_empty() {
                return Err(("`:EXCEPT:` without a `[...]` list".into(), at));
            }
        }
        let Some((end, c)) = lhs_end(eq, at) else {
            if !eq[at..].trim().is_empty() {
                return Err((format!("unexpected `{}` after the subscripts", eq[at..].trim()), at));
            }
            return Ok((lhs, Shape::Data { keyword: Keyword::default(), text: None, at: eq.len() }));
        };
        if !eq[at..end].trim().is_empty() {
            return Err((format!("unexpected `{}` after the subscripts", eq[at..end].trim()), at));
        }
        (at, stop) = (end, c);
        if stop == '[' {
            return Err(("a second `[` after the subscripts".into(), at));
        }
    }
    let rest = &eq[at..];
    let subscripted = !lhs.subscripts.is_empty();
    match stop {
        '<' if rest.starts_with("<->") && !subscripted => {
            let other = rest[3..].split_whitespace().collect::<Vec<_>>().join(" ");
            let range = subscripts::equivalence(&lhs.name, &other).map_err(|m| (m, at))?;
            Ok((lhs, Shape::Range(range)))
        }
        ':' if rest.starts_with(":=") => {
            Ok((lhs, Shape::Data { keyword: Keyword::default(), text: Some(eq[at + 2..].to_owned()), at: at + 2 }))
        }
        ':' if is_reality_check(rest) => Ok((lhs, Shape::RealityCheck)),
        ':' if data_keyword(rest).is_some() => {
            let (keyword, len) = data_keyword(rest).unwrap_or_default();
            let after = &rest[len..];
            let body = after.trim_start();
            let at = at + len + (after.len() - body.len());
            let text = match body.strip_prefix(":=").or_else(|| body.strip_prefix('=')) {
                Some(t) => Some((t.to_owned(), eq.len() - t.len())),
                None if body.trim().is_empty() => None,
                None => return Err((format!("expected `:=` after the data keyword, found `{}`", body.trim()), at)),
            };
            let at = text.as_ref().map_or(at, |(_, a)| *a);
            Ok((lhs, Shape::Data { keyword, text: text.map(|(t, _)| t), at }))
        }
        ':' if !subscripted => {
            let range = subscripts::range(&lhs.name, &rest[1..]).map_err(|(m, o)| (m, at + 1 + o))?;
            Ok((lhs, Shape::Range(range)))
        }
        '(' => {
            let close = rest.rfind(')').ok_or_else(|| ("the lookup has no closing `)`".to_owned(), at))?;
            Ok((lhs, Shape::Lookup { body: rest[1..close].to_owned() }))
        }
        '=' => {
            // `==` marks a constant Vensim will not let a user change: a constant here.
            let at = at + if rest.starts_with("==") { 2 } else { 1 };
            let text = &eq[at..];
            Ok((lhs, with_lookup(text, at).unwrap_or_else(|| Shape::Expr { text: text.to_owned(), at })))
        }
        _ => Err((format!("unexpected `{stop}` after the name"), at)),
    }
}

/// The comma-separated items of the `[...]` opening at `open`, blanks collapsed, and
/// the offset of its `]`.
fn bracket_list(eq: &str, open: usize) -> Result<(Vec<String>, usize), Refusal> {
    let close = eq[open..].find(']').map(|i| open + i).ok_or_else(|| ("a `[` without `]`".to_owned(), open))?;
    let items: Vec<String> = eq[open + 1..close].split(',').map(subscripts::collapse).collect();
    if items.iter().any(String::is_empty) {
        return Err(("an empty subscript".into(), open));
    }
    Ok((items, close))
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// `:INTERPOLATE:`, `:HOLD BACKWARD:`, `:LOOK FORWARD:` or `:RAW:` at the start of
/// `rest`: the keyword and the length of its text.
fn data_keyword(rest: &str) -> Option<(Keyword, usize)> {
    let inner = rest.strip_prefix(':')?;
    let close = inner.find(':')?;
    Keyword::parse(&inner[..close]).map(|k| (k, close + 2))
}

/// `:THE CONDITION:` or `:TEST INPUT:` (any case) after a name.
fn is_reality_check(rest: &str) -> bool {
    let upper: String = rest.chars().take(16).collect::<String>().to_ascii_uppercase();
    upper.starts_with(":THE CONDITION:") || upper.starts_with(":TEST INPUT:")
}

/// Where the name (or what follows the subscripts) ends, from `from`, and the
/// character that ends it (`=`, `(`, `[`, `:`, `<`), outside quotes.
fn lhs_end(eq: &str, from: usize) -> Option<(usize, char)> {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in eq[from..].char_indices() {
        let i = from + i;
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '=' | '(' | '[' | ':' | '<' if !quoted => return Some((i, c)),
            _ => {}
        }
    }
    None
}

/// `WITH LOOKUP(input, ( points ))` (any case and spacing) at the start of `text`.
fn with_lookup(text: &str, at: usize) -> Option<Shape> {
    let trimmed = text.trim_start();
    let mut words = trimmed.splitn(2, |c: char| c.is_whitespace());
    if !words.next()?.eq_ignore_ascii_case("with") {
        return None;
    }
    let after_with = words.next()?.trim_start();
    if after_with.len() < 6 || !after_with.is_char_boundary(6) || !after_with[..6].eq_ignore_ascii_case("lookup") {
        return None;
    }
    let args = after_with[6..].trim_start().strip_prefix('(')?;
    let args_at = text.len() - args.len();
    // The input runs to the first comma outside parentheses and quotes.
    let mut depth = 0;
    let mut quoted = false;
    let mut comma = None;
    for (i, c) in args.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                comma = Some(i);
                break;
            }
            _ => {}
        }
    }
    let comma = comma?;
    let table = args[comma + 1..].trim();
    // `( points ) )`: the table's parentheses, then the call's.
    let table = table.strip_suffix(')')?.trim_end();
    let body = table.strip_prefix('(')?.strip_suffix(')')?;
    Some(Shape::WithLookup { input: args[..comma].to_owned(), at: at + args_at, body: body.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ordinary_equations() {
        let (lhs, shape) = split("Teacup  Temperature= INTEG(-x, 180)").unwrap();
        assert_eq!(lhs.name, "Teacup Temperature");
        assert!(lhs.subscripts.is_empty());
        assert_eq!(shape, Shape::Expr { text: " INTEG(-x, 180)".into(), at: 20 });
        let (lhs, _) = split("\"a = b\" = 3").unwrap();
        assert_eq!(lhs.name, "\"a = b\"");
    }

    #[test]
    fn lookups() {
        let (lhs, shape) = split("tbl(\n [(0,0)-(1,1)],(0,0),(1,1))").unwrap();
        assert_eq!(lhs.name, "tbl");
        assert_eq!(shape, Shape::Lookup { body: "\n [(0,0)-(1,1)],(0,0),(1,1)".into() });
        let (_, shape) = split("y = WITH LOOKUP (Time, ([(0,0)-(2,2)],(0,0),(2,1)) )").unwrap();
        let Shape::WithLookup { input, at, body } = shape else { panic!() };
        assert_eq!((input.as_str(), body.as_str()), ("Time", "[(0,0)-(2,2)],(0,0),(2,1)"));
        assert_eq!(&"y = WITH LOOKUP (Time, ([(0,0)-(2,2)],(0,0),(2,1)) )"[at..at + 4], "Time");
        let (lhs, shape) = split("tbl[ A,  b c ]((0,1),(1,2))").unwrap();
        assert_eq!(lhs.subscripts, strings(&["A", "b c"]));
        assert_eq!(shape, Shape::Lookup { body: "(0,1),(1,2)".into() });
    }

    #[test]
    fn subscripts_and_except() {
        let (lhs, shape) = split("x[Dim1, d3] = 1").unwrap();
        assert_eq!((lhs.name.as_str(), lhs.subscripts.clone()), ("x", strings(&["Dim1", "d3"])));
        assert!(matches!(shape, Shape::Expr { .. }));
        let eq = "my var[dim1,dim2] :EXCEPT:  [dim1up, d1],  [dim1up, d3] = Time";
        let (lhs, shape) = split(eq).unwrap();
        assert_eq!(lhs.except, vec![strings(&["dim1up", "d1"]), strings(&["dim1up", "d3"])]);
        let Shape::Expr { text, .. } = shape else { panic!() };
        assert_eq!(text.trim(), "Time");
        assert!(split("x[a] :EXCEPT: = 1").unwrap_err().0.contains("without"));
        assert!(split("x[a = 1").unwrap_err().0.contains("without `]`"));
        assert!(split("x[a][b] = 1").is_err());
    }

    #[test]
    fn ranges_and_equivalences() {
        let (lhs, shape) = split("DimA: (a1-a3), b -> Other").unwrap();
        assert_eq!(lhs.name, "DimA");
        let Shape::Range(r) = shape else { panic!() };
        assert_eq!((r.items, r.maps), (strings(&["a1", "a2", "a3", "b"]), vec![("Other".to_string(), vec![])]));
        let (_, shape) = split("Copy <-> DimA").unwrap();
        let Shape::Range(r) = shape else { panic!() };
        assert_eq!(r.equivalent_to.as_deref(), Some("DimA"));
    }

    #[test]
    fn data_equations() {
        let data = |eq: &str| match split(eq).unwrap() {
            (lhs, Shape::Data { keyword, text, at }) => {
                if let Some(t) = &text {
                    assert_eq!(&eq[at..], t.as_str());
                }
                (lhs.subscripts, keyword, text.map(|t| t.trim().to_owned()))
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(data("x := GET XLS DATA('a')"), (vec![], Keyword::Interpolate, Some("GET XLS DATA('a')".into())));
        assert_eq!(data("x[a] := 1").0, ["a"]);
        let (subs, k, text) = data("x[a]:HOLD BACKWARD::= GET DIRECT DATA('f')");
        assert_eq!((subs, k, text.as_deref()), (strings(&["a"]), Keyword::HoldBackward, Some("GET DIRECT DATA('f')")));
        assert_eq!(data("v :look  forward: = 3"), (vec![], Keyword::LookForward, Some("3".into())));
        assert_eq!(data("var 3dim[a, b]:RAW:"), (strings(&["a", "b"]), Keyword::Raw, None));
        assert!(split("x :RAW: 3").unwrap_err().0.contains("expected `:=`"));
        // No equation: a data variable, read from the data given to the run.
        assert_eq!(data("data  var"), (vec![], Keyword::Interpolate, None));
        assert_eq!(data("data var[a, b ]"), (strings(&["a", "b"]), Keyword::Interpolate, None));
        assert!(split("data var[a] b").unwrap_err().0.contains("unexpected `b`"));
    }

    #[test]
    fn reality_checks_and_nameless_equations() {
        assert_eq!(split("no workers:THE CONDITION: w = 0 :IMPLIES: o = 0").unwrap().1, Shape::RealityCheck);
        assert_eq!(split("p[s]:TEST INPUT: p[s] = RC_STEP(p[s], 0)").unwrap().1, Shape::RealityCheck);
        assert!(split(" = 3").unwrap_err().0.contains("without a name"));
    }
}
