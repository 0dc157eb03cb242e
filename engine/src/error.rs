//! Diagnostics: one clear message, with the variable, the file and the line where known.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a model, located as precisely as the reader knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The model file, as the user named it.
    pub file: Option<String>,
    /// 1-based line in `file`.
    pub line: Option<u32>,
    /// The variable the problem belongs to, as written in the model.
    pub variable: Option<String>,
}

/// The longest message a diagnostic keeps, in characters: a message quoting a
/// megabyte-long name or number is cut (with a note of how much), so an error about a
/// hostile file stays readable and small.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// The longest variable name a diagnostic quotes, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// `text`, or its first `max` characters and a note of what was left out.
pub fn excerpt(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => text.into(),
        Some((cut, _)) => format!("{}... ({} more bytes)", &text[..cut], text.len() - cut).into(),
    }
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        let message = message.into();
        let message = match excerpt(&message, MAX_MESSAGE_CHARS) {
            std::borrow::Cow::Borrowed(_) => message,
            std::borrow::Cow::Owned(short) => short,
        };
        Diagnostic { severity: Severity::Error, message, file: None, line: None, variable: None }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    pub fn at(mut self, file: Option<&str>, line: Option<u32>) -> Self {
        if self.file.is_none() {
            self.file = file.map(str::to_owned);
        }
        if self.line.is_none() {
            self.line = line;
        }
        self
    }

    pub fn in_variable(mut self, variable: &str) -> Self {
        if self.variable.is_none() {
            self.variable = Some(excerpt(variable, MAX_NAME_CHARS).into_owned());
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => {}
        }
        match self.severity {
            Severity::Error => write!(f, "error: ")?,
            Severity::Warning => write!(f, "warning: ")?,
        }
        if let Some(var) = &self.variable {
            write!(f, "in `{var}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Compilation failed: at least one error diagnostic (the first is the one to show
/// when only one line fits).
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub fn new(diagnostic: Diagnostic) -> Self {
        Error { diagnostics: vec![diagnostic] }
    }

    pub fn msg(message: impl Into<String>) -> Self {
        Error::new(Diagnostic::error(message))
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::new(d)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_and_names_are_cut_with_a_note() {
        let huge = "x".repeat(1 << 20);
        let d = Diagnostic::error(format!("unknown variable `{huge}`")).in_variable(&huge);
        assert!(d.message.chars().count() < MAX_MESSAGE_CHARS + 40, "{}", d.message.len());
        assert!(d.message.ends_with("more bytes)"), "{}", &d.message[d.message.len() - 40..]);
        assert!(d.variable.as_ref().is_some_and(|v| v.len() < MAX_NAME_CHARS + 40));
        // Short texts are kept whole, and a cut never splits a character.
        assert_eq!(excerpt("héllo", 10), "héllo");
        assert_eq!(excerpt("ééé", 2), "éé... (2 more bytes)");
    }
}
