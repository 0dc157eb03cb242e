//! One equation's left-hand side and the shape of its right-hand side: an ordinary
//! `name = expr`, a lookup definition `name( points )`, or `name = WITH LOOKUP(x, ( points ))`.
//! Subscripts, subscript ranges, equivalences and data equations are recognised here so
//! that they are refused with a clear message.

/// What an equation defines.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Shape {
    /// `name = expr`: the expression text and its offset in the equation part.
    Expr { text: String, at: usize },
    /// `name( points )`: the table body between the outer parentheses.
    Lookup { body: String },
    /// `name = WITH LOOKUP(input, ( points ))`.
    WithLookup { input: String, at: usize, body: String },
}

/// `Err(message, offset in the equation part)` for what the reader does not take.
pub(super) type Refusal = (String, usize);

pub(super) const ARRAYS: &str = "arrays (subscripts) are not supported yet";

/// The name (as written, trimmed) and shape of the equation part `eq`.
pub(super) fn split(eq: &str) -> Result<(String, Shape), Refusal> {
    let (name_end, stop) = lhs_end(eq).ok_or_else(|| {
        (format!("not supported yet: `{}` has no equation (a data variable, read from a data file)", eq.trim()), 0)
    })?;
    let name = eq[..name_end].split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(("an equation without a name".into(), name_end));
    }
    let rest = &eq[name_end..];
    match stop {
        '[' => Err((ARRAYS.into(), name_end)),
        '<' if rest.starts_with("<->") => Err((ARRAYS.into(), name_end)),
        ':' if rest.starts_with(":=") => Err(("not supported yet: data equations (`:=`)".into(), name_end)),
        ':' if is_reality_check(rest) => Err(("not supported yet: reality checks".into(), name_end)),
        ':' => Err((ARRAYS.into(), name_end)),
        '(' => {
            let close = rest.rfind(')').ok_or_else(|| ("the lookup has no closing `)`".to_owned(), name_end))?;
            Ok((name, Shape::Lookup { body: rest[1..close].to_owned() }))
        }
        '=' => {
            // `==` marks a constant Vensim will not let a user change: a constant here.
            let at = name_end + if rest.starts_with("==") { 2 } else { 1 };
            let text = &eq[at..];
            Ok((name, with_lookup(text, at).unwrap_or_else(|| Shape::Expr { text: text.to_owned(), at })))
        }
        _ => Err((format!("unexpected `{stop}` after the name"), name_end)),
    }
}

/// `:THE CONDITION:` or `:TEST INPUT:` (any case) after a name.
fn is_reality_check(rest: &str) -> bool {
    let upper: String = rest.chars().take(16).collect::<String>().to_ascii_uppercase();
    upper.starts_with(":THE CONDITION:") || upper.starts_with(":TEST INPUT:")
}

/// Where the name ends and the character that ends it (`=`, `(`, `[`, `:`, `<`), outside
/// quotes.
fn lhs_end(eq: &str) -> Option<(usize, char)> {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in eq.char_indices() {
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

    #[test]
    fn ordinary_equations() {
        let (name, shape) = split("Teacup  Temperature= INTEG(-x, 180)").unwrap();
        assert_eq!(name, "Teacup Temperature");
        assert_eq!(shape, Shape::Expr { text: " INTEG(-x, 180)".into(), at: 20 });
        let (name, _) = split("\"a = b\" = 3").unwrap();
        assert_eq!(name, "\"a = b\"");
    }

    #[test]
    fn lookups() {
        let (name, shape) = split("tbl(\n [(0,0)-(1,1)],(0,0),(1,1))").unwrap();
        assert_eq!(name, "tbl");
        assert_eq!(shape, Shape::Lookup { body: "\n [(0,0)-(1,1)],(0,0),(1,1)".into() });
        let (_, shape) = split("y = WITH LOOKUP (Time, ([(0,0)-(2,2)],(0,0),(2,1)) )").unwrap();
        let Shape::WithLookup { input, at, body } = shape else { panic!() };
        assert_eq!((input.as_str(), body.as_str()), ("Time", "[(0,0)-(2,2)],(0,0),(2,1)"));
        assert_eq!(&"y = WITH LOOKUP (Time, ([(0,0)-(2,2)],(0,0),(2,1)) )"[at..at + 4], "Time");
    }

    #[test]
    fn arrays_and_data_are_refused() {
        assert_eq!(split("x[a] = 1").unwrap_err().0, ARRAYS);
        assert_eq!(split("dim: a, b, c").unwrap_err().0, ARRAYS);
        assert_eq!(split("d1 <-> d2").unwrap_err().0, ARRAYS);
        assert!(split("x := GET XLS DATA('a')").unwrap_err().0.contains("data equations"));
        assert!(split("data var").unwrap_err().0.contains("no equation"));
        assert!(split("no workers:THE CONDITION: w = 0 :IMPLIES: o = 0").unwrap_err().0.contains("reality checks"));
        assert!(split(" = 3").unwrap_err().0.contains("without a name"));
    }
}
