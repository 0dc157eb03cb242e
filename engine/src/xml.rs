//! A small, tolerant XML element tree on top of `quick_xml`'s plain `Reader`.
//!
//! Model files are messy: undeclared namespace prefixes (`isee:`), unknown entities
//! (`&nbsp;`), and now and then a forgotten end tag. This builder keeps prefixes as
//! written, keeps unknown entities as raw text, and recovers from a missing end tag
//! when a later end tag closes an element further up (with a warning). What it cannot
//! make sense of (bad syntax, a stray end tag, a truncated file) is one error
//! diagnostic with the line.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::error::{Diagnostic, Error};
use crate::source::{LineIndex, normalize_newlines};

/// One element: its name as written (`isee:save_interval`), attributes, direct text and
/// child elements, and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The qualified name as written, prefix included.
    pub name: String,
    /// Attributes in document order: (qualified name as written, unescaped value).
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// Direct character content (text, CDATA, resolved entities), untrimmed.
    pub text: String,
    /// 1-based line of the first non-blank character of `text`; the element's own line
    /// when the text is blank.
    pub text_line: u32,
    /// 1-based line of the start tag.
    pub line: u32,
}

impl Element {
    /// The name without its prefix (`save_interval` for `isee:save_interval`).
    pub fn local_name(&self) -> &str {
        local_part(&self.name)
    }

    /// The value of the attribute whose qualified name is exactly `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The value of the first attribute whose local name is `local`, whatever its
    /// prefix (`model_name`, `simlin:model_name` and `isee:model_name` all match).
    pub fn attr_local(&self, local: &str) -> Option<&str> {
        self.attributes.iter().find(|(key, _)| local_part(key) == local).map(|(_, value)| value.as_str())
    }

    /// The direct children whose local name is `local`.
    pub fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.local_name() == local)
    }

    /// The first direct child whose local name is `local`.
    pub fn child(&self, local: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.local_name() == local)
    }

    /// The text with surrounding whitespace removed.
    pub fn trimmed_text(&self) -> &str {
        self.text.trim()
    }

    /// Whether the start tag carries a namespace prefix (`isee:...`).
    pub fn is_prefixed(&self) -> bool {
        self.name.contains(':')
    }
}

/// The part of a qualified name after its prefix.
fn local_part(name: &str) -> &str {
    match name.rsplit_once(':') {
        Some((_, local)) => local,
        None => name,
    }
}

/// A parsed document: its root element and the recoverable problems met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub root: Element,
    pub warnings: Vec<Diagnostic>,
}

/// Parses `text` into an element tree. `file` names the text in diagnostics.
///
/// Line endings are normalised first (bare CR and CRLF count as one line break), so
/// that lines are counted the way an editor shows them.
pub fn parse(text: &str, file: &str) -> Result<Document, Error> {
    let text = normalize_newlines(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    TreeBuilder::new(text, file).run()
}

/// Deeper nesting than any model file needs; the limit keeps the recursive walks over
/// the tree (readers, drop) from exhausting the stack on hostile input.
const MAX_DEPTH: usize = 1000;

/// An element whose end tag has not been met yet.
struct Open {
    element: Element,
    /// Byte offset of the first non-blank character of its text, once there is one.
    text_start: Option<usize>,
}

struct TreeBuilder<'a> {
    text: &'a str,
    file: &'a str,
    lines: LineIndex,
    stack: Vec<Open>,
    root: Option<Element>,
    warnings: Vec<Diagnostic>,
}

impl<'a> TreeBuilder<'a> {
    fn new(text: &'a str, file: &'a str) -> Self {
        TreeBuilder { text, file, lines: LineIndex::new(text), stack: Vec::new(), root: None, warnings: Vec::new() }
    }

    fn run(mut self) -> Result<Document, Error> {
        let mut reader = Reader::from_str(self.text);
        let config = reader.config_mut();
        // End tags are matched here, against our own stack, so that a missing end tag
        // can be recovered from instead of failing the whole read.
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        // A lone `&` in an equation is kept as text rather than failing the read.
        config.allow_dangling_amp = true;
        config.trim_text(false);

        loop {
            // With untrimmed text every byte belongs to some event, so the position
            // before reading is where the next event starts.
            let offset = to_usize(reader.buffer_position());
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let at = to_usize(reader.error_position());
                    return Err(self.error(format!("malformed XML: {e}"), at));
                }
            };
            match event {
                Event::Start(start) => {
                    let element = self.element(&start, offset)?;
                    if self.stack.len() >= MAX_DEPTH {
                        let message = format!("malformed XML: elements nested more than {MAX_DEPTH} deep");
                        return Err(self.error(message, offset));
                    }
                    self.stack.push(Open { element, text_start: None });
                }
                Event::Empty(start) => {
                    let element = self.element(&start, offset)?;
                    self.attach(element, offset)?;
                }
                Event::End(end) => {
                    let name = end.name().as_ref().to_owned();
                    self.close(&name, offset)?;
                }
                Event::Text(text) => self.add_text(&text, offset, offset)?,
                // Content starts after `<![CDATA[`.
                Event::CData(data) => {
                    self.add_text(&data, offset + "<![CDATA[".len(), offset)?;
                }
                Event::GeneralRef(reference) => {
                    let resolved = resolve_reference(&reference);
                    self.add_text(&resolved, offset, offset)?;
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => break,
            }
        }

        if let Some(open) = self.stack.last() {
            let end_line = self.lines.line(self.text.len());
            let message = format!(
                "malformed XML: <{}> opened at line {} is never closed (the file ends at line {end_line})",
                open.element.name, open.element.line
            );
            return Err(self.error_at_line(message, open.element.line));
        }
        match self.root.take() {
            Some(root) => Ok(Document { root, warnings: self.warnings }),
            None => Err(self.error_at_line("malformed XML: no root element".to_owned(), 1)),
        }
    }

    /// Builds an element (without children yet) from a start or empty-element tag.
    fn element(&self, start: &BytesStart<'_>, offset: usize) -> Result<Element, Error> {
        let name = start.name().as_ref().to_owned();
        let line = self.lines.line(offset);
        let mut attributes = Vec::new();
        let mut iter = start.attributes();
        // Duplicate attributes are tolerated; the first one wins on lookup.
        iter.with_checks(false);
        for attribute in iter {
            let attribute =
                attribute.map_err(|e| self.error_at_line(format!("malformed XML: in <{name}>: {e}"), line))?;
            let key = attribute.key.as_ref().to_owned();
            attributes.push((key, unescape_attribute(&attribute.value)));
        }
        Ok(Element { name, attributes, children: Vec::new(), text: String::new(), text_line: line, line })
    }

    /// Adds a finished element to its parent, or makes it the root.
    fn attach(&mut self, element: Element, offset: usize) -> Result<(), Error> {
        if let Some(parent) = self.stack.last_mut() {
            parent.element.children.push(element);
            return Ok(());
        }
        if let Some(root) = &self.root {
            let message = format!(
                "malformed XML: a second root element <{}> after <{}> (line {})",
                element.name, root.name, root.line
            );
            return Err(self.error(message, offset));
        }
        self.root = Some(element);
        Ok(())
    }

    /// Handles `</name>`: closes the matching open element, and any opened after it
    /// that were never closed (each with a warning).
    fn close(&mut self, name: &str, offset: usize) -> Result<(), Error> {
        let Some(depth) = self.stack.iter().rposition(|o| o.element.name == name) else {
            let line = self.lines.line(offset);
            let message = format!("malformed XML: </{name}> at line {line} matches no open element");
            return Err(self.error(message, offset));
        };
        while self.stack.len() > depth {
            let Some(open) = self.stack.pop() else { break };
            let mut element = open.element;
            if let Some(start) = open.text_start {
                element.text_line = self.lines.line(start);
            }
            if self.stack.len() > depth {
                let message =
                    format!("<{}> opened at line {} is not closed before </{name}>", element.name, element.line);
                self.warnings.push(Diagnostic::warning(message).at(Some(self.file), Some(element.line)));
            }
            self.attach(element, offset)?;
        }
        Ok(())
    }

    /// Appends character content to the innermost open element. `start` is the byte
    /// offset of the first character of `content` (for locating the text),
    /// `event_offset` where the event itself starts (for error messages).
    fn add_text(&mut self, content: &str, start: usize, event_offset: usize) -> Result<(), Error> {
        let Some(open) = self.stack.last_mut() else {
            if content.trim().is_empty() {
                return Ok(());
            }
            return Err(self.error("malformed XML: text outside the root element".to_owned(), event_offset));
        };
        if open.text_start.is_none()
            && let Some(i) = content.find(|c: char| !c.is_whitespace())
        {
            // A resolved reference is one character (or kept as written), so its first
            // non-blank character is the reference itself, at `start`.
            open.text_start = Some(start + i);
        }
        open.element.text.push_str(content);
        Ok(())
    }

    fn error(&self, message: String, offset: usize) -> Error {
        self.error_at_line(message, self.lines.line(offset))
    }

    fn error_at_line(&self, message: String, line: u32) -> Error {
        Error::new(Diagnostic::error(message).at(Some(self.file), Some(line)))
    }
}

fn to_usize(position: u64) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}

/// The text an entity or character reference stands for; unknown or invalid ones are
/// kept as written (`&nbsp;` stays `&nbsp;`).
fn resolve_reference(reference: &BytesRef<'_>) -> String {
    let name: &str = reference;
    if let Some(c) = predefined_entity(name) {
        return c.to_string();
    }
    match reference.resolve_char_ref() {
        Ok(Some(c)) => c.to_string(),
        _ => format!("&{name};"),
    }
}

fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

/// Resolves the references in a raw attribute value, keeping unknown ones as written,
/// and turns literal tabs and line breaks into spaces as XML attribute-value
/// normalisation requires.
fn unescape_attribute(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        push_normalised(&mut out, &rest[..amp]);
        let after = &rest[amp + 1..];
        let resolved = after.find(';').and_then(|semi| {
            let name = &after[..semi];
            let c = predefined_entity(name).or_else(|| char_reference(name))?;
            Some((c, semi))
        });
        match resolved {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    push_normalised(&mut out, rest);
    out
}

fn push_normalised(out: &mut String, text: &str) {
    out.extend(text.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }));
}

/// `#65` or `#x41` -> 'A'.
fn char_reference(name: &str) -> Option<char> {
    let number = name.strip_prefix('#')?;
    let code = match number.strip_prefix('x') {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse::<u32>().ok()?,
    };
    char::from_u32(code).filter(|&c| c != '\0')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Severity;

    fn parse_ok(text: &str) -> Document {
        match parse(text, "t.xml") {
            Ok(doc) => doc,
            Err(e) => panic!("unexpected error: {e}"),
        }
    }

    fn parse_err(text: &str) -> Diagnostic {
        match parse(text, "t.xml") {
            Ok(doc) => panic!("expected an error, got {doc:?}"),
            Err(e) => {
                assert_eq!(e.diagnostics.len(), 1, "{e}");
                e.diagnostics[0].clone()
            }
        }
    }

    #[test]
    fn builds_elements_attributes_text_and_lines() {
        let doc = parse_ok("<?xml version=\"1.0\"?>\n<a x=\"1\" y='two'>\n  <b>hi</b>\n  <c/>\n</a>\n");
        let a = &doc.root;
        assert_eq!(a.name, "a");
        assert_eq!(a.line, 2);
        assert_eq!(a.attr("x"), Some("1"));
        assert_eq!(a.attr("y"), Some("two"));
        assert_eq!(a.attr("z"), None);
        assert_eq!(a.children.len(), 2);
        let b = &a.children[0];
        assert_eq!((b.name.as_str(), b.text.as_str(), b.line), ("b", "hi", 3));
        let c = &a.children[1];
        assert_eq!((c.name.as_str(), c.text.as_str(), c.line), ("c", "", 4));
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn entities_are_unescaped_in_text_and_attributes() {
        let doc = parse_ok("<a n=\"&quot;x&quot; &lt; &#65;&#x42;\">a &gt; b &amp;&amp; c &apos;&#x263A;</a>");
        assert_eq!(doc.root.text, "a > b && c '\u{263a}");
        assert_eq!(doc.root.attr("n"), Some("\"x\" < AB"));
    }

    #[test]
    fn unknown_entities_are_kept_as_written() {
        let doc = parse_ok("<a n=\"x&nbsp;y\">x&nbsp;y &copy;</a>");
        assert_eq!(doc.root.text, "x&nbsp;y &copy;");
        assert_eq!(doc.root.attr("n"), Some("x&nbsp;y"));
    }

    #[test]
    fn a_lone_ampersand_is_text() {
        let doc = parse_ok("<a>x & y</a>");
        assert_eq!(doc.root.text, "x & y");
    }

    #[test]
    fn attribute_line_breaks_become_spaces() {
        let doc = parse_ok("<a n=\"x\ny\tz\"/>");
        assert_eq!(doc.root.attr("n"), Some("x y z"));
    }

    #[test]
    fn cdata_is_kept_verbatim() {
        let doc = parse_ok("<a>x <![CDATA[<b> & c]]> y</a>");
        assert_eq!(doc.root.text, "x <b> & c y");
        assert!(doc.root.children.is_empty());
    }

    #[test]
    fn self_closing_tags_are_elements_without_content() {
        let doc = parse_ok("<a><b/><c k=\"v\" /></a>");
        let names: Vec<_> = doc.root.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["b", "c"]);
        assert_eq!(doc.root.children[1].attr("k"), Some("v"));
    }

    #[test]
    fn undeclared_prefixes_are_kept_with_local_names() {
        let doc = parse_ok("<xmile><sim_specs isee:save_interval=\"2\"><isee:thing/></sim_specs></xmile>");
        let specs = &doc.root.children[0];
        assert_eq!(specs.attr("isee:save_interval"), Some("2"));
        assert_eq!(specs.attr("save_interval"), None);
        assert_eq!(specs.attr_local("save_interval"), Some("2"));
        let thing = &specs.children[0];
        assert_eq!(thing.name, "isee:thing");
        assert_eq!(thing.local_name(), "thing");
        assert!(thing.is_prefixed());
        assert!(specs.child("thing").is_some());
    }

    #[test]
    fn text_line_is_the_first_non_blank_character() {
        let doc = parse_ok("<r>\n<e>a</e>\n<e>\n\n   b\n</e>\n<e>  </e>\n<e><![CDATA[\nc]]></e>\n</r>");
        let lines: Vec<_> = doc.root.children.iter().map(|e| (e.line, e.text_line)).collect();
        assert_eq!(lines, [(2, 2), (3, 5), (7, 7), (8, 9)]);
    }

    #[test]
    fn bare_cr_and_crlf_count_as_line_breaks() {
        let doc = parse_ok("<a>\r<b/>\r\n<c/>\n</a>");
        let lines: Vec<_> = doc.root.children.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3]);
    }

    #[test]
    fn a_missing_end_tag_is_recovered_with_a_warning() {
        let text = "<a>\n<list>\n<item>\n<x/>\n<item>y</item>\n</list>\n</a>";
        let doc = parse_ok(text);
        let list = &doc.root.children[0];
        assert_eq!(list.children.len(), 1);
        let item = &list.children[0];
        assert_eq!(item.children.len(), 2, "the unclosed item holds what follows it");
        assert_eq!(doc.warnings.len(), 1);
        let w = &doc.warnings[0];
        assert_eq!(w.severity, Severity::Warning);
        assert_eq!(w.message, "<item> opened at line 3 is not closed before </list>");
        assert_eq!(w.file.as_deref(), Some("t.xml"));
        assert_eq!(w.line, Some(3));
    }

    #[test]
    fn a_truncated_file_is_an_error_at_the_innermost_open_element() {
        let d = parse_err("<xmile>\n<model>\n<variables>\n");
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.line, Some(3));
        assert_eq!(d.file.as_deref(), Some("t.xml"));
        assert!(d.message.contains("<variables> opened at line 3 is never closed"), "{}", d.message);
    }

    #[test]
    fn an_end_tag_matching_nothing_is_an_error() {
        let d = parse_err("<a>\n<b></b>\n</c>\n</a>");
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("</c>"), "{}", d.message);
    }

    #[test]
    fn broken_syntax_is_an_error_with_a_line() {
        let d = parse_err("<a>\n<b x=\"1></b>\n</a>");
        assert!(d.message.starts_with("malformed XML"), "{}", d.message);
        assert!(d.line.is_some());
        let d = parse_err("<a>\n<b\n");
        assert!(d.message.starts_with("malformed XML"), "{}", d.message);
        let d = parse_err("<a>\n<b x></b></a>");
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn garbage_and_empty_input_are_errors() {
        let d = parse_err("this is not XML");
        assert!(d.message.contains("text outside the root element"), "{}", d.message);
        let d = parse_err("");
        assert!(d.message.contains("no root element"), "{}", d.message);
        let d = parse_err("<?xml version=\"1.0\"?>\n<!-- nothing -->\n");
        assert!(d.message.contains("no root element"), "{}", d.message);
        let d = parse_err("<a/>\n<b/>");
        assert!(d.message.contains("second root element"), "{}", d.message);
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn absurd_nesting_is_an_error_not_a_stack_overflow() {
        let text = format!("{}{}", "<a>\n".repeat(5000), "</a>".repeat(5000));
        let d = parse_err(&text);
        assert!(d.message.contains("nested more than"), "{}", d.message);
        assert_eq!(d.line, Some(1001));
        let fine = format!("{}{}", "<a>".repeat(900), "</a>".repeat(900));
        assert!(parse(&fine, "t.xml").is_ok());
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let doc = parse_ok("\u{feff}<a/>");
        assert_eq!(doc.root.name, "a");
    }

    #[test]
    fn comments_and_processing_instructions_are_skipped() {
        let doc = parse_ok("<a><!-- c --><?pi x?>t<b/></a>");
        assert_eq!(doc.root.text, "t");
        assert_eq!(doc.root.children.len(), 1);
    }
}
