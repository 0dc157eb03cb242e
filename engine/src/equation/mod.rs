//! The XMILE equation language: text -> [`ast::Expr`].
//!
//! Precedence, loosest first: `OR`; `AND`; `=` `<>`; `<` `<=` `>` `>=`; `+` `-`;
//! `*` `/` `MOD`; unary `-` `+` `NOT`; `^` (right-associative, and tighter than unary
//! minus: `-2^2 = -4`, `4^3^2 = 4^9`, `2^-1 = 0.5`); then numbers, names, calls,
//! parentheses and `IF c THEN a ELSE b` (whose branches extend as far right as they can).
//! Keywords are case-insensitive; `{...}` is a comment.

pub mod ast;
mod lexer;
pub use lexer::VENSIM_NA;
pub use parser::MACRO_OUTPUTS;
mod parser;

pub use ast::{BinaryOp, Expr, ExprKind, Ident, Span, UnaryOp};

/// A syntax error at a byte offset of the equation text.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub message: String,
    /// Byte offset into the equation text where the problem is.
    pub offset: usize,
}

/// Parses one equation. Empty text (only blanks and comments) is `Ok(None)`.
pub fn parse(text: &str) -> Result<Option<Expr>, ParseError> {
    parser::parse(text)
}

/// Parses one equation written in Vensim's syntax (`.mdl`): the same grammar and tree,
/// with Vensim's words (`:AND:`, `:OR:`, `:NOT:`, `:NA:`, no keywords; see the lexer).
pub fn parse_vensim(text: &str) -> Result<Option<Expr>, ParseError> {
    parser::parse_vensim(text)
}
