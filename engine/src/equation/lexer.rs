//! Equation lexer (being written).
