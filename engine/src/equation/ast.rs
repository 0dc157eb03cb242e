//! Equation syntax tree, exactly as written (names are not resolved yet).

/// Byte range of a node in its equation text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// A name as written: quotes removed, escapes (`\"`) kept as text. `quoted` matters
/// because an unquoted `a.b` is a reference into module `a`, a quoted one is not.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub text: String,
    pub quoted: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Num(f64),
    Var(Ident),
    /// `name(args)`: a builtin, a macro, or a graphical function called by name.
    Call {
        name: Ident,
        args: Vec<Expr>,
    },
    /// `name[i, j]`: an array element or slice (arrays are not supported yet).
    Subscript {
        name: Ident,
        indices: Vec<Expr>,
    },
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Plus,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}
