//! A Vensim data call as written: `GET DIRECT CONSTANTS('file', 'tab', 'cell')`,
//! `GET XLS LOOKUPS(...)`, `GET DIRECT DATA(...)`, `GET XLS SUBSCRIPT(...)`. Its
//! arguments are quoted strings, which the equation language has no place for, so the
//! call is recognised in the equation's text before it is parsed.

/// What a call reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::mdl) enum Kind {
    /// `(file, tab, first cell)`: numbers.
    Constants,
    /// `(file, tab, row or column of x, first y cell)`: graphical functions.
    Lookups,
    /// `(file, tab, row or column of time, first value cell)`: time series.
    Data,
    /// `(file, tab, first cell, last cell, prefix)`: element names.
    Subscript,
}

impl Kind {
    fn arity(self) -> usize {
        match self {
            Kind::Constants => 3,
            Kind::Lookups | Kind::Data => 4,
            Kind::Subscript => 5,
        }
    }
}

/// One call: what it reads, its name as written (for messages) and its arguments,
/// unquoted.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::mdl) struct Call {
    pub kind: Kind,
    pub name: String,
    pub args: Vec<String>,
}

/// `None` when `text` does not start with a `GET DIRECT ...` / `GET XLS ...` call of
/// one of the four kinds; `Some(Err(message))` when it does but is not one whole call
/// of quoted arguments.
pub(in crate::mdl) fn parse(text: &str) -> Option<Result<Call, String>> {
    let text = text.trim();
    let open = text.find('(')?;
    let name = text[..open].trim();
    let words: Vec<String> =
        name.split([' ', '\t', '\n', '_']).filter(|w| !w.is_empty()).map(str::to_uppercase).collect();
    let kind = match words.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["GET", "DIRECT" | "XLS", what] => match *what {
            "CONSTANTS" => Kind::Constants,
            "LOOKUPS" => Kind::Lookups,
            "DATA" => Kind::Data,
            "SUBSCRIPT" => Kind::Subscript,
            _ => return None,
        },
        _ => return None,
    };
    let name = words.join(" ");
    Some(arguments(&text[open + 1..], &name).and_then(|args| {
        if args.len() != kind.arity() {
            return Err(format!("`{name}` takes {} quoted arguments, got {}", kind.arity(), args.len()));
        }
        Ok(Call { kind, name, args })
    }))
}

/// The quoted arguments after the call's `(`, up to its `)`, which must end the text.
fn arguments(rest: &str, name: &str) -> Result<Vec<String>, String> {
    let mut args = Vec::new();
    let mut chars = rest.char_indices().peekable();
    let skip_blanks = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>| {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
    };
    loop {
        skip_blanks(&mut chars);
        match chars.next() {
            Some((_, ')')) if args.is_empty() => break,
            Some((_, '\'')) => {
                let mut arg = String::new();
                loop {
                    match chars.next() {
                        // A doubled quote is one quote inside the argument.
                        Some((_, '\'')) if chars.next_if(|(_, c)| *c == '\'').is_some() => arg.push('\''),
                        Some((_, '\'')) => break,
                        Some((_, c)) => arg.push(c),
                        None => return Err(format!("`{name}`: an argument has no closing `'`")),
                    }
                }
                args.push(arg.trim().to_owned());
            }
            _ => return Err(format!("`{name}` takes quoted arguments ('...')")),
        }
        skip_blanks(&mut chars);
        match chars.next() {
            Some((_, ',')) => continue,
            Some((_, ')')) => break,
            _ => return Err(format!("`{name}`: expected `,` or `)` after an argument")),
        }
    }
    match chars.find(|(_, c)| !c.is_whitespace()) {
        None => Ok(args),
        Some(_) => Err(format!("`{name}(...)` must be the whole equation")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_of_each_kind() {
        let c = parse(" GET DIRECT CONSTANTS( 'data/a.csv' ,\n ',', 'B2*' ) ").unwrap().unwrap();
        assert_eq!((c.kind, c.name.as_str()), (Kind::Constants, "GET DIRECT CONSTANTS"));
        assert_eq!(c.args, ["data/a.csv", ",", "B2*"]);
        let c = parse("GET_XLS_LOOKUPS('f.xls','Sheet1','4','C5')").unwrap().unwrap();
        assert_eq!(c.kind, Kind::Lookups);
        let c = parse("get xls data('it''s.xlsx', 's', 'A', 'B2')").unwrap().unwrap();
        assert_eq!((c.kind, c.args[0].as_str()), (Kind::Data, "it's.xlsx"));
        let c = parse("GET DIRECT SUBSCRIPT('b.csv', ',', 'A2', 'A', '')").unwrap().unwrap();
        assert_eq!((c.kind, c.args.len()), (Kind::Subscript, 5));
    }

    #[test]
    fn other_text_is_not_a_call() {
        assert!(parse("a + b").is_none());
        assert!(parse("GET DATA AT TIME(x, 3)").is_none());
        assert!(parse("GET TIME VALUE(0, 0, 0)").is_none());
        assert!(parse("").is_none());
    }

    #[test]
    fn malformed_calls_are_errors() {
        let err = |t: &str| parse(t).unwrap().unwrap_err();
        assert!(err("GET XLS DATA('f', 's', '4')").contains("takes 4"));
        assert!(err("GET XLS CONSTANTS('f', 's', 'A1') * 2").contains("whole equation"));
        assert!(err("GET XLS CONSTANTS(f, 's', 'A1')").contains("quoted"));
        assert!(err("GET XLS CONSTANTS('f").contains("closing"));
        assert!(err("GET XLS CONSTANTS('f' 's')").contains("expected"));
        assert!(err("GET XLS CONSTANTS(").contains("quoted"));
        assert!(err("GET XLS CONSTANTS()").contains("got 0"));
    }
}
