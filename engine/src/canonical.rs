//! Canonical variable names.
//!
//! Modellers write one name many ways: `Teacup Temperature`, `teacup_temperature`,
//! `"Teacup Temperature"`, `Teacup\nTemperature` (Stella's escaped line break in a name)
//! or with a real line break. All of them are one variable. The canonical form is
//! lower case (Unicode-aware), with every run of whitespace, underscores and escaped
//! line breaks turned into one `_`, and without surrounding quotes or blanks.
//! Dots are kept: an unquoted `a.b` in an equation is a reference into module
//! instance `a`, which the resolver splits; a dot inside a quoted name stays part of it.

/// The canonical form of `name`.
pub fn canonical(name: &str) -> String {
    let mut s = name.trim();
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        s = &s[1..s.len() - 1];
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_sep = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let is_sep = if c == '\\' && matches!(chars.peek(), Some('n') | Some('r')) {
            chars.next();
            true
        } else {
            c.is_whitespace() || c == '_'
        };
        if is_sep {
            pending_sep = true;
            continue;
        }
        // No separator beside the punctuation of an array element (`x[a, b]` is
        // `x[a,b]`): element names are written with and without blanks after commas.
        if pending_sep && !out.is_empty() && !out.ends_with(['[', ',']) && !matches!(c, ']' | ',') {
            out.push('_');
        }
        pending_sep = false;
        // A quote escaped inside a quoted name (`\"`) is the quote itself.
        if c == '\\' && chars.peek() == Some(&'"') {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The segments of a dotted path as written (`a.b`, `a."x.y"` -> `a`, `"x.y"`): a dot
/// inside double quotes belongs to its segment.
pub fn split_path(name: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in name.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '.' if !quoted => {
                segments.push(&name[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    segments.push(&name[start..]);
    segments
}

/// The canonical form of a dotted path: each segment canonical, joined by `.`
/// (`Sub 0."Room Temp"` -> `sub_0.room_temp`).
pub fn canonical_path(name: &str) -> String {
    let name = name.trim().trim_start_matches('.');
    split_path(name).into_iter().map(canonical).collect::<Vec<_>>().join(".")
}

/// The name as it should be shown to a user: as written, with escaped and real line
/// breaks turned into spaces and surrounding blanks and quotes removed.
pub fn display_name(name: &str) -> String {
    let mut s = name.trim();
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        s = &s[1..s.len() - 1];
    }
    let s = s.replace("\\n", " ").replace("\\r", " ");
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_agree() {
        let want = "teacup_temperature";
        for spelling in [
            "Teacup Temperature",
            "teacup_temperature",
            "\"Teacup Temperature\"",
            "Teacup\\nTemperature",
            "Teacup\nTemperature",
            "  TEACUP   __ temperature ",
            "Teacup\r\nTemperature",
        ] {
            assert_eq!(canonical(spelling), want, "{spelling:?}");
        }
    }

    #[test]
    fn unicode_is_lowercased_and_kept() {
        assert_eq!(canonical("Émissions Ω"), "émissions_ω");
        assert_eq!(canonical("Größe"), "größe");
    }

    #[test]
    fn array_element_names_have_no_blanks_beside_brackets_and_commas() {
        assert_eq!(canonical("x[ North East , b ]"), "x[north_east,b]");
        assert_eq!(canonical("Rate A[Entry 1,Column 2]"), "rate_a[entry_1,column_2]");
    }

    #[test]
    fn dots_are_kept() {
        assert_eq!(canonical("Sub0.K"), "sub0.k");
    }

    #[test]
    fn paths_split_outside_quotes() {
        assert_eq!(split_path(r#"a."module/output""#), vec!["a", r#""module/output""#]);
        assert_eq!(split_path(r#""x.y".z"#), vec![r#""x.y""#, "z"]);
        assert_eq!(canonical_path(r#"A."Module/Output""#), "a.module/output");
        assert_eq!(canonical_path("Outer . Inner.K"), "outer.inner.k");
        assert_eq!(canonical_path(".x"), "x");
    }

    #[test]
    fn display_name_turns_breaks_into_spaces() {
        assert_eq!(display_name("Input ondergrens\\nsterkte"), "Input ondergrens sterkte");
        assert_eq!(display_name(" \"Room  Temperature\" "), "Room Temperature");
    }
}
