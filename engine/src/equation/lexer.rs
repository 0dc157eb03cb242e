//! Equation lexer: text -> tokens with byte spans, one token at a time.
//!
//! The parser pulls tokens on demand, so the first problem in reading order is the
//! one reported (a bad operator before an unclosed comment is reported first).
//!
//! Lexical rules:
//! - whitespace (any Unicode `White_Space`, so newlines and tabs too) separates tokens;
//! - `{ ... }` is a comment, not nested; an unclosed `{` is an error at its offset;
//! - numbers: `12`, `.34`, `0.5`, `1.`, `1e-3`, `1.5E+3`; no sign (unary minus is an
//!   operator); a number running into letters (`1e`, `2x`, `1.2.3`) is malformed;
//! - unquoted names: a Unicode letter, `_` or `$`, then letters, digits, `_`, `$` and
//!   `.` (`sub0.k` is a module reference; the resolver splits it). No `'` (the corpus
//!   never puts one outside a quoted name or a comment). Words separated by spaces or
//!   tabs, none a keyword, make one name (`EXPRESSION MACRO`), as Vensim writes them;
//! - quoted names: `"..."` holding anything but an unescaped `"`; `\"` and `\\` are kept
//!   as written;
//! - keywords, case-insensitive, only as a whole unquoted name: `IF THEN ELSE AND OR NOT
//!   MOD` (so `iffy`, `order`, `android` are names);
//! - operators: `+ - * / ^ ( ) [ ] , = <> < <= > >=`;
//! - `*:Dim` and `Dim.*` (every element of `Dim`, in a subscript) are one name token `*:Dim`.

use super::ParseError;
use super::ast::Span;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    Num(f64),
    Name {
        text: String,
        quoted: bool,
    },
    If,
    Then,
    Else,
    And,
    Or,
    Not,
    Mod,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    /// A lone `:` in Vensim's syntax: it separates a macro call's extra outputs from
    /// its inputs (`m(a, b : out2)`).
    Colon,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// End of the text; its span is empty, at `text.len()`.
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

pub(crate) struct Lexer<'a> {
    text: &'a str,
    /// Byte offset of the next unread character (always on a char boundary).
    pos: usize,
    /// Vensim's expression syntax (see [`Lexer::vensim`]).
    vensim: bool,
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_name_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || c == '.'
}

fn keyword(name: &str) -> Option<TokenKind> {
    // Keywords are ASCII words of at most four letters: skip the case folding otherwise.
    if name.len() > 4 {
        return None;
    }
    let kind = match name.to_ascii_uppercase().as_str() {
        "IF" => TokenKind::If,
        "THEN" => TokenKind::Then,
        "ELSE" => TokenKind::Else,
        "AND" => TokenKind::And,
        "OR" => TokenKind::Or,
        "NOT" => TokenKind::Not,
        "MOD" => TokenKind::Mod,
        _ => return None,
    };
    Some(kind)
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        Lexer { text, pos: 0, vensim: false }
    }

    /// A lexer for Vensim's expression syntax (`.mdl` files), which differs in three
    /// ways: no word is a keyword (`IF THEN ELSE` is the name of a function), the logical
    /// operators are `:AND:`, `:OR:` and `:NOT:` and `:NA:` is a number ([`VENSIM_NA`]), and a
    /// name's later words may start with a digit (`maturation 14 to 15`).
    pub fn vensim(text: &'a str) -> Self {
        Lexer { text, pos: 0, vensim: true }
    }

    fn keyword(&self, name: &str) -> Option<TokenKind> {
        if self.vensim { None } else { keyword(name) }
    }

    /// `:AND:`, `:OR:`, `:NOT:`, `:NA:` (any case), or else a lone `:`; the first `:` is
    /// consumed.
    fn colon_word(&mut self, start: usize) -> Result<TokenKind, ParseError> {
        let rest = self.rest();
        let word_len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let word = rest[..word_len].to_ascii_uppercase();
        let kind = match word.as_str() {
            "AND" => TokenKind::And,
            "OR" => TokenKind::Or,
            "NOT" => TokenKind::Not,
            "NA" => TokenKind::Num(VENSIM_NA),
            // Not a `:WORD:` operator: the `:` itself.
            _ => return Ok(TokenKind::Colon),
        };
        if !rest[word_len..].starts_with(':') {
            return Err(ParseError { message: format!("`:{word}` must end with `:`"), offset: start });
        }
        self.pos += word_len + 1;
        Ok(kind)
    }

    fn rest(&self) -> &'a str {
        // `pos` only ever advances by whole characters, so this slice cannot fail;
        // `get` keeps that an invariant rather than a panic site.
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat_while(&mut self, pred: impl Fn(char) -> bool) {
        while let Some(c) = self.peek() {
            if !pred(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn slice(&self, start: usize) -> &'a str {
        self.text.get(start..self.pos).unwrap_or("")
    }

    /// Skips whitespace and comments.
    fn skip_trivia(&mut self) -> Result<(), ParseError> {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('{') => {
                    let open = self.pos;
                    match comment_end(self.rest()) {
                        Some(close) => self.pos += close + 1,
                        None => {
                            return Err(ParseError {
                                message: "unclosed comment: `{` without a matching `}`".into(),
                                offset: open,
                            });
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    pub fn next_token(&mut self) -> Result<Token, ParseError> {
        self.skip_trivia()?;
        let start = self.pos;
        let Some(c) = self.bump() else {
            return Ok(Token { kind: TokenKind::Eof, span: Span { start, end: start } });
        };
        let kind = match c {
            '+' => TokenKind::Plus,
            '-' => TokenKind::Minus,
            '*' if self.peek() == Some(':') => self.star_colon(start)?,
            '*' => TokenKind::Star,
            '/' => TokenKind::Slash,
            '^' => TokenKind::Caret,
            '(' => TokenKind::LParen,
            ')' => TokenKind::RParen,
            '[' => TokenKind::LBracket,
            ']' => TokenKind::RBracket,
            ',' => TokenKind::Comma,
            '=' => TokenKind::Eq,
            '<' => match self.peek() {
                Some('=') => {
                    self.bump();
                    TokenKind::Le
                }
                Some('>') => {
                    self.bump();
                    TokenKind::Ne
                }
                _ => TokenKind::Lt,
            },
            '>' => {
                if self.peek() == Some('=') {
                    self.bump();
                    TokenKind::Ge
                } else {
                    TokenKind::Gt
                }
            }
            '"' => self.quoted_name(start)?,
            ':' if self.vensim => self.colon_word(start)?,
            c if c.is_ascii_digit() => self.number(start, c)?,
            '.' if self.peek().is_some_and(|d| d.is_ascii_digit()) => self.number(start, '.')?,
            c if is_name_start(c) => {
                self.eat_while(is_name_continue);
                let text = self.slice(start);
                // `Dim.*`: every element of `Dim` (as `*:Dim`).
                if let Some(dim) = text.strip_suffix('.')
                    && self.peek() == Some('*')
                {
                    self.bump();
                    return Ok(Token {
                        kind: TokenKind::Name { text: format!("*:{dim}"), quoted: false },
                        span: Span { start, end: self.pos },
                    });
                }
                match self.keyword(text) {
                    Some(k) => k,
                    None => {
                        let mut name = text.to_string();
                        self.continue_name(&mut name);
                        TokenKind::Name { text: name, quoted: false }
                    }
                }
            }
            '}' => {
                return Err(ParseError { message: "unexpected `}` without an opening `{`".into(), offset: start });
            }
            c => {
                // Control characters are shown escaped, so the message stays printable.
                let shown = if c.is_control() { c.escape_debug().to_string() } else { c.to_string() };
                return Err(ParseError { message: format!("unexpected character `{shown}`"), offset: start });
            }
        };
        // Vensim's `x[Dim!]` (every element of `Dim`, even one the equation is
        // arrayed over) is XMILE's `*:Dim`.
        let kind = match kind {
            TokenKind::Name { text, .. } if self.vensim && self.bang_follows() => {
                TokenKind::Name { text: format!("*:{text}"), quoted: false }
            }
            k => k,
        };
        Ok(Token { kind, span: Span { start, end: self.pos } })
    }

    /// A `!` after blanks (a line continuation may come between a range's name and its
    /// `!`): consumed, with the blanks.
    fn bang_follows(&mut self) -> bool {
        let rest = &self.text[self.pos..];
        let blanks = rest.len() - rest.trim_start().len();
        if rest[blanks..].starts_with('!') {
            self.pos += blanks + 1;
            return true;
        }
        false
    }

    /// Whether this lexer reads Vensim's syntax.
    pub fn is_vensim(&self) -> bool {
        self.vensim
    }

    /// Vensim-style names with spaces (`EXPRESSION MACRO`, `VECTOR SELECT(...)`), as
    /// XMILE translated from Vensim writes them: unquoted words separated only by
    /// spaces or tabs, none of them a keyword, are one name (joined by one space). Two
    /// adjacent names are otherwise a syntax error, so this only accepts what would be
    /// rejected.
    fn continue_name(&mut self, name: &mut String) {
        loop {
            let before = self.pos;
            self.eat_while(|c| c == ' ' || c == '\t');
            let word_start = self.pos;
            let starts_word = if self.vensim { is_name_continue } else { is_name_start };
            if self.pos == before || !self.peek().is_some_and(starts_word) {
                self.pos = before;
                return;
            }
            self.bump();
            self.eat_while(is_name_continue);
            let word = self.slice(word_start);
            if self.keyword(word).is_some() {
                self.pos = before;
                return;
            }
            name.push(' ');
            name.push_str(word);
        }
    }

    /// `*:Dim` (every element of dimension `Dim`, even one the equation is arrayed
    /// over), as XMILE translated from Vensim writes `x[Dim!]`: one name token `*:Dim`
    /// (the `*` is consumed; `:` is next).
    fn star_colon(&mut self, start: usize) -> Result<TokenKind, ParseError> {
        self.bump();
        self.eat_while(|c| c == ' ' || c == '\t');
        let dim = match self.peek() {
            Some('"') => {
                let open = self.pos;
                self.bump();
                match self.quoted_name(open)? {
                    TokenKind::Name { text, .. } => text,
                    _ => unreachable!("quoted_name returns a name"),
                }
            }
            Some(c) if is_name_start(c) => {
                let from = self.pos;
                self.eat_while(is_name_continue);
                self.slice(from).to_owned()
            }
            _ => return Err(ParseError { message: "`*:` must be followed by a dimension name".into(), offset: start }),
        };
        Ok(TokenKind::Name { text: format!("*:{dim}"), quoted: false })
    }

    /// The first character (a digit, or a `.` before a digit) is already consumed.
    fn number(&mut self, start: usize, first: char) -> Result<TokenKind, ParseError> {
        self.eat_while(|c| c.is_ascii_digit());
        if first != '.' && self.peek() == Some('.') {
            self.bump();
            self.eat_while(|c| c.is_ascii_digit());
        }
        let mut malformed = false;
        if matches!(self.peek(), Some('e' | 'E')) {
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            // An exponent needs at least one digit: `1e` and `1e+` are malformed.
            malformed = !self.peek().is_some_and(|c| c.is_ascii_digit());
            self.eat_while(|c| c.is_ascii_digit());
        }
        // A number running straight into a name character is one malformed token, not a
        // number followed by a name (`2x` is never a product, `1.2.3` never two numbers).
        if self.peek().is_some_and(is_name_continue) {
            self.eat_while(is_name_continue);
            malformed = true;
        }
        let text = self.slice(start);
        let value = match text.parse::<f64>() {
            Ok(value) if !malformed => value,
            _ => {
                return Err(ParseError { message: format!("number `{text}` is malformed"), offset: start });
            }
        };
        if value.is_infinite() {
            return Err(ParseError {
                message: format!("number `{text}` is too large for a 64-bit float"),
                offset: start,
            });
        }
        Ok(TokenKind::Num(value))
    }

    /// The opening `"` is already consumed. Escapes are kept as written.
    fn quoted_name(&mut self, start: usize) -> Result<TokenKind, ParseError> {
        let body = self.pos;
        loop {
            match self.bump() {
                Some('\\') => {
                    // `\"` and `\\` must not end the name; any escaped char is skipped.
                    self.bump();
                }
                Some('"') => break,
                Some(_) => {}
                None => {
                    return Err(ParseError {
                        message: "unclosed quoted name: `\"` without a matching `\"`".into(),
                        offset: start,
                    });
                }
            }
        }
        let text = self.text.get(body..self.pos - 1).unwrap_or("");
        if text.trim().is_empty() {
            return Err(ParseError { message: "empty quoted name".into(), offset: start });
        }
        Ok(TokenKind::Name { text: text.to_string(), quoted: true })
    }
}

/// Vensim's `:NA:`: not IEEE NaN but the number -2^109 (about -6.49e32), which compares,
/// adds and prints like any number (C-LEARN tests `x = :NA:` and writes it to its
/// outputs; the XMILE translations carry it as that literal).
pub const VENSIM_NA: f64 = -649_037_107_316_853_453_566_312_041_152_512.0;

/// The offset of the `}` closing the comment `text` opens with `{`: comments nest (a
/// commented-out equation keeps its own `{...}` notes), so braces are counted.
fn comment_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 1 => return Some(i),
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Result<Vec<TokenKind>, ParseError> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let tok = lexer.next_token()?;
            if tok.kind == TokenKind::Eof {
                return Ok(out);
            }
            out.push(tok.kind);
        }
    }

    fn name(text: &str, quoted: bool) -> TokenKind {
        TokenKind::Name { text: text.into(), quoted }
    }

    fn err(text: &str) -> ParseError {
        match kinds(text) {
            Err(e) => e,
            Ok(toks) => panic!("expected a lex error for {text:?}, got {toks:?}"),
        }
    }

    #[test]
    fn numbers() {
        let cases = [
            ("12", 12.0),
            (".34", 0.34),
            ("0.5", 0.5),
            ("1e-3", 1e-3),
            ("1.5E+3", 1500.0),
            ("3e05", 3e5),
            ("1.", 1.0),
            ("1.e2", 100.0),
            ("1e-400", 0.0),
            ("-6.490371073168535e+32", -6.490371073168535e+32),
        ];
        for (text, want) in cases {
            let want: f64 = want;
            let toks = kinds(text).unwrap();
            let num = toks.last().cloned();
            assert_eq!(num, Some(TokenKind::Num(want.abs())), "{text}");
        }
        // Correctly rounded, as Rust's parser is: 0.1 is the nearest double to 1/10.
        assert_eq!(kinds("0.1").unwrap(), vec![TokenKind::Num(0.1)]);
        assert_eq!(kinds("-2").unwrap(), vec![TokenKind::Minus, TokenKind::Num(2.0)]);
    }

    #[test]
    fn malformed_numbers() {
        for (text, shown) in
            [("1e", "1e"), ("1e+", "1e+"), ("2x", "2x"), ("1.2.3", "1.2.3"), ("3e5e", "3e5e"), ("1 + 1E-", "1E-")]
        {
            let e = err(text);
            assert_eq!(e.message, format!("number `{shown}` is malformed"), "{text}");
            assert_eq!(e.offset, text.find(shown).unwrap(), "{text}");
        }
        let e = err("1e999");
        assert_eq!(e.message, "number `1e999` is too large for a 64-bit float");
    }

    #[test]
    fn every_element_of_a_dimension_is_one_name() {
        let star = |d: &str| name(&format!("*:{d}"), false);
        assert_eq!(kinds("*:SubA").unwrap(), vec![star("SubA")]);
        assert!(kinds("* : \"Sub A\"").is_err(), "no blank between `*` and `:`");
        assert_eq!(kinds("*: Sub_A ]").unwrap(), vec![star("Sub_A"), TokenKind::RBracket]);
        assert_eq!(kinds("set_targets.*,").unwrap(), vec![star("set_targets"), TokenKind::Comma]);
        assert_eq!(kinds("a * b").unwrap(), vec![name("a", false), TokenKind::Star, name("b", false)]);
        assert_eq!(err("*: 1").message, "`*:` must be followed by a dimension name");
    }

    #[test]
    fn words_separated_by_spaces_make_one_name() {
        assert_eq!(kinds("EXPRESSION MACRO").unwrap(), vec![name("EXPRESSION MACRO", false)]);
        assert_eq!(kinds("a \t  b(").unwrap(), vec![name("a b", false), TokenKind::LParen]);
        assert_eq!(kinds("a and b").unwrap(), vec![name("a", false), TokenKind::And, name("b", false)]);
        assert_eq!(kinds("a\nb").unwrap(), vec![name("a", false), name("b", false)]);
        assert_eq!(kinds("x mod y").unwrap(), vec![name("x", false), TokenKind::Mod, name("y", false)]);
    }

    #[test]
    fn names_and_keywords() {
        assert_eq!(
            kinds("sub0.k\n_x\n$\nGröße\némissions\na1").unwrap(),
            vec![
                name("sub0.k", false),
                name("_x", false),
                name("$", false),
                name("Größe", false),
                name("émissions", false),
                name("a1", false),
            ]
        );
        assert_eq!(
            kinds("if Then ELSE and Or nOt mod").unwrap(),
            vec![
                TokenKind::If,
                TokenKind::Then,
                TokenKind::Else,
                TokenKind::And,
                TokenKind::Or,
                TokenKind::Not,
                TokenKind::Mod,
            ]
        );
        assert_eq!(
            kinds("iffy\norder\nandroid\nnotional\nmodulus\nif.x\n\"if\"").unwrap(),
            vec![
                name("iffy", false),
                name("order", false),
                name("android", false),
                name("notional", false),
                name("modulus", false),
                name("if.x", false),
                name("if", true),
            ]
        );
    }

    #[test]
    fn quoted_names_keep_escapes() {
        assert_eq!(
            kinds(r#""Teacup Temperature" "a.b" "say \"hi\"" "back\\""#).unwrap(),
            vec![
                name("Teacup Temperature", true),
                name("a.b", true),
                name(r#"say \"hi\""#, true),
                name(r"back\\", true),
            ]
        );
        let e = err(r#"a + "open \""#);
        assert_eq!(e.message, "unclosed quoted name: `\"` without a matching `\"`");
        assert_eq!(e.offset, 4);
        assert_eq!(err(r#""""#).message, "empty quoted name");
    }

    #[test]
    fn operators() {
        use TokenKind::*;
        assert_eq!(
            kinds("+-*/^()[],= <> < <= > >=").unwrap(),
            vec![Plus, Minus, Star, Slash, Caret, LParen, RParen, LBracket, RBracket, Comma, Eq, Ne, Lt, Le, Gt, Ge]
        );
        // `<>` and `<=` are single tokens only when adjacent.
        assert_eq!(kinds("< >").unwrap(), vec![Lt, Gt]);
    }

    #[test]
    fn comments_and_whitespace() {
        assert_eq!(
            kinds("\ta {one\nline} +\r\n{x}b{}").unwrap(),
            vec![name("a", false), TokenKind::Plus, name("b", false)]
        );
        let e = err("a + {open");
        assert_eq!(e.message, "unclosed comment: `{` without a matching `}`");
        assert_eq!(e.offset, 4);
        let e = err("a }");
        assert_eq!(e.message, "unexpected `}` without an opening `{`");
        assert_eq!(e.offset, 2);
    }

    #[test]
    fn spans_are_byte_offsets() {
        let mut lexer = Lexer::new("Größe + \"x y\"");
        let a = lexer.next_token().unwrap();
        let plus = lexer.next_token().unwrap();
        let q = lexer.next_token().unwrap();
        let eof = lexer.next_token().unwrap();
        assert_eq!(a.span, Span { start: 0, end: 7 });
        assert_eq!(plus.span, Span { start: 8, end: 9 });
        assert_eq!(q.span, Span { start: 10, end: 15 });
        assert_eq!(eof.span, Span { start: 15, end: 15 });
    }

    #[test]
    fn stray_characters() {
        for (text, shown, offset) in [("a ; b", ";", 2), ("x'", "'", 1), ("a . b", ".", 2)] {
            let e = err(text);
            assert_eq!(e.message, format!("unexpected character `{shown}`"), "{text}");
            assert_eq!(e.offset, offset);
        }
        assert_eq!(err("\u{0}").message, "unexpected character `\\0`");
    }
}
