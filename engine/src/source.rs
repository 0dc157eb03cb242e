//! Model text from bytes: real files are UTF-8 or Latin-1, with or without a BOM, and
//! end their lines with LF, CRLF or a bare CR.

/// Decodes `bytes` (UTF-8 when valid, else Latin-1) and normalises every line ending
/// to `\n`, so that line numbers count the way an editor shows them.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        // Latin-1: every byte is the code point of the same value.
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    };
    normalize_newlines(&text)
}

/// `\r\n` and bare `\r` become `\n`.
pub fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Maps byte offsets of a text to 1-based line numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_and_bare_cr_are_read() {
        let bytes = b"caf\xe9\rna\xefve\r\nend";
        assert_eq!(decode(bytes), "caf\u{e9}\nna\u{ef}ve\nend");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode("\u{feff}<x/>".as_bytes()), "<x/>");
    }

    #[test]
    fn lines_are_counted_from_one() {
        let idx = LineIndex::new("a\nbc\n\nd");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line(3), 2);
        assert_eq!(idx.line(5), 3);
        assert_eq!(idx.line(6), 4);
    }
}
