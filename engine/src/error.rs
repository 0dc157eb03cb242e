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

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, message: message.into(), file: None, line: None, variable: None }
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
            self.variable = Some(variable.to_owned());
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
