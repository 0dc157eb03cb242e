//! The text of a `.mdl` file cut into its items: equations (`eq ~ units ~ comment |`),
//! and the `:MACRO:` / `:END OF MACRO:` lines around a macro's equations.
//!
//! Before cutting: the `{UTF-8}` header is dropped, everything from the sketch marker
//! `\\\---///` on is ignored (the diagram), and each line continuation (a `\` at the end
//! of a line) becomes blanks, so byte offsets, and so line numbers, stay those of the file.

/// One item of the equations section, with the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item {
    Equation(Entry),
    /// `:MACRO: NAME(a, b)`: the text after `:MACRO:` up to the end of the line.
    MacroStart {
        header: String,
        offset: usize,
    },
    MacroEnd {
        offset: usize,
    },
}

/// One `eq ~ units ~ comment |`, each part as written (untrimmed).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    pub eq: String,
    /// Byte offset of `eq` in the text.
    pub offset: usize,
    pub units: String,
    pub comment: String,
}

/// The equations text of a file: header dropped, sketch cut, continuations blanked.
pub(super) fn equations_text(text: &str) -> String {
    // Vensim writes three backslashes; files edited by hand sometimes keep two.
    let mut end = text.find("\\\\---///").unwrap_or(text.len());
    while text[..end].ends_with('\\') {
        end -= 1;
    }
    let mut body = text[..end].to_owned();
    let header = body.trim_start();
    if starts_with_ci(header, "{UTF-8}") {
        let at = body.len() - header.len();
        body.replace_range(at..at + 7, "       ");
    }
    blank_continuations(&body)
}

/// `\` followed by blanks and a newline becomes as many spaces (newline included).
fn blank_continuations(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = text.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                out[i..=j].fill(b' ');
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes, so the text is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Cuts the equations text into items. `Err` gives the offset of an equation the text
/// ends inside (no closing `|`).
pub(super) fn items(text: &str) -> Result<Vec<Item>, usize> {
    let mut items = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return Ok(items);
        }
        pos += rest.len() - trimmed.len();
        if starts_with_ci(trimmed, ":MACRO:") {
            let line_end = trimmed.find('\n').unwrap_or(trimmed.len());
            items.push(Item::MacroStart { header: trimmed[7..line_end].to_owned(), offset: pos });
            pos += line_end;
        } else if starts_with_ci(trimmed, ":END OF MACRO:") {
            items.push(Item::MacroEnd { offset: pos });
            pos += ":END OF MACRO:".len();
        } else {
            let (entry, len) = entry(trimmed, pos).ok_or(pos)?;
            items.push(Item::Equation(entry));
            pos += len;
        }
    }
}

/// One entry at the start of `text`, and the length it takes (through its `|`). The
/// equation part may hold quoted names with `~` or `|` in them; units and comment are
/// plain text up to the next `~` or `|`.
fn entry(text: &str, offset: usize) -> Option<(Entry, usize)> {
    let mut quoted = false;
    let mut escaped = false;
    let mut eq_end = None;
    // Bytes, not characters: every byte this looks for is ASCII, which no byte of a
    // multi-byte character can be (an escaped one's later bytes are skipped as any).
    for (i, &c) in text.as_bytes().iter().enumerate() {
        match c {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            b'~' | b'|' if !quoted => {
                eq_end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let eq_end = eq_end?;
    let eq = text[..eq_end].to_owned();
    let mut parts = Vec::new();
    let mut at = eq_end;
    while text[at..].starts_with('~') {
        let part_start = at + 1;
        let len = text[part_start..].find(['~', '|'])?;
        parts.push(text[part_start..part_start + len].to_owned());
        at = part_start + len;
    }
    // `at` is on the closing `|`.
    let mut parts = parts.into_iter();
    let units = parts.next().unwrap_or_default();
    let comment = parts.next().unwrap_or_default();
    Some((Entry { eq, offset, units, comment }, at + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<Item> {
        items(&equations_text(text)).unwrap()
    }

    #[test]
    fn equations_units_and_comments() {
        let got = entries("{UTF-8}\na = 1\n\t~ Month [0,?]\n\t~ first |\n\"b|~\" = a ~~|\nc=2~|");
        let Item::Equation(a) = &got[0] else { panic!("{got:?}") };
        assert_eq!((a.eq.trim(), a.units.trim(), a.comment.trim()), ("a = 1", "Month [0,?]", "first"));
        assert_eq!(a.offset, 8);
        let Item::Equation(b) = &got[1] else { panic!("{got:?}") };
        assert_eq!(b.eq.trim(), "\"b|~\" = a");
        let Item::Equation(c) = &got[2] else { panic!("{got:?}") };
        assert_eq!((c.eq.as_str(), c.units.as_str()), ("c=2", ""));
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn continuations_become_blanks_and_keep_offsets() {
        let text = equations_text("a = b + \\\n   c ~~|");
        assert_eq!(text, "a = b +      c ~~|");
        let text = equations_text("x = \\  \ny ~~|");
        assert_eq!(text.len(), "x = \\  \ny ~~|".len());
    }

    #[test]
    fn the_sketch_is_ignored() {
        let got = entries("a = 1 ~~|\n\\\\\\---/// Sketch information\nV300 x = 2 ~~|\n");
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn macros() {
        let got = entries(":MACRO: F(a, b)\nF = a + b ~~|\n:END OF MACRO:\nx = F(1, 2) ~~|");
        assert_eq!(got[0], Item::MacroStart { header: " F(a, b)".into(), offset: 0 });
        assert!(matches!(got[1], Item::Equation(_)));
        assert!(matches!(got[2], Item::MacroEnd { .. }));
        assert!(matches!(got[3], Item::Equation(_)));
    }

    #[test]
    fn an_unterminated_equation_is_an_error_at_its_start() {
        assert_eq!(items("a = 1 ~~|\n b = 2 ~ units"), Err(11));
        assert_eq!(items("a = \"unclosed ~~|"), Err(0));
    }
}
