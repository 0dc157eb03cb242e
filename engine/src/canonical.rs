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
    if !s.is_ascii() {
        canonical_chars(s)
    } else if only_case_differs(s.as_bytes()) {
        s.to_ascii_lowercase()
    } else {
        canonical_ascii(s.as_bytes())
    }
}

/// Whether the canonical form of the ASCII name `s` is `s` in lower case: it has no
/// blank and no backslash, and each `_` stands alone between two bytes that are not
/// array punctuation beside it. Most names the compiler resolves are like this (names
/// as written, `Teacup_Temperature`, and canonical names looked up again), so they
/// skip [`canonical_ascii`]'s byte-by-byte rebuild.
fn only_case_differs(s: &[u8]) -> bool {
    s.iter().enumerate().all(|(i, &c)| match c {
        b'\\' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => false,
        b'_' => {
            let before = i.checked_sub(1).and_then(|j| s.get(j));
            let after = s.get(i + 1);
            !matches!(before, None | Some(b'_' | b'[' | b',')) && !matches!(after, None | Some(b'_' | b']' | b','))
        }
        _ => true,
    })
}

/// [`canonical`] of a name without its surrounding blanks and quotes, character by
/// character.
fn canonical_chars(s: &str) -> String {
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

/// [`canonical`] of an ASCII name, byte by byte: the same rules without decoding
/// characters or searching Unicode's case tables (the compiler canonicalizes every name
/// it resolves: 75,000 of them for C-LEARN).
fn canonical_ascii(s: &[u8]) -> String {
    let mut out = Vec::with_capacity(s.len());
    let mut pending_sep = false;
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        i += 1;
        let is_sep = if c == b'\\' && matches!(s.get(i), Some(b'n' | b'r')) {
            i += 1;
            true
        } else {
            // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed,
            // carriage return, space.
            matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | b'_')
        };
        if is_sep {
            pending_sep = true;
            continue;
        }
        if pending_sep && !matches!(out.last(), None | Some(b'[' | b',')) && !matches!(c, b']' | b',') {
            out.push(b'_');
        }
        pending_sep = false;
        if c == b'\\' && s.get(i) == Some(&b'"') {
            continue;
        }
        out.push(c.to_ascii_lowercase());
    }
    String::from_utf8(out).unwrap_or_default()
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
    // Most names have no escaped line break: no copy for them.
    let unescaped;
    let s = if s.contains('\\') {
        unescaped = s.replace("\\n", " ").replace("\\r", " ");
        unescaped.as_str()
    } else {
        s
    };
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
    fn ascii_names_read_byte_by_byte_as_character_by_character() {
        let pieces = ["A", "z", "_", " ", "\t", "\x0b", "\\n", "\\r", "\\\"", "\\", "[", "]", ",", ".", "\"", "9", "$"];
        // Every string of up to four pieces, and some longer ones.
        let mut names = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                names.iter().flat_map(|n| pieces.iter().map(move |p| format!("{n}{p}"))).collect();
            names.extend(longer);
        }
        names.push("Ppt HFC per  Tons_HFC[ hfc125 , Region ]\\nX".into());
        for name in &names {
            assert_eq!(canonical_ascii(name.as_bytes()), canonical_chars(name), "{name:?}");
            if only_case_differs(name.as_bytes()) {
                assert_eq!(name.to_ascii_lowercase(), canonical_chars(name), "{name:?}");
            }
        }
        assert!(only_case_differs(b"Teacup_Temperature[North,a_b]") && !only_case_differs(b"x[_a]"));
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
