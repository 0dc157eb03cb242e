//! Expanded equations are handed to the scalar compiler as text, like any other
//! equation: the one printer of `equation::print`, and the quoting of generated names.

use crate::equation::{Expr, Ident};

/// The expanded tree came from XMILE text: its names are written as they came.
pub(crate) fn print(e: &Expr) -> String {
    crate::equation::print::print(e, crate::equation::print::Names::AsWritten)
}

/// A quoted name for a generated or element variable written as `text`.
pub(crate) fn quoted(text: &str) -> Ident {
    Ident { text: text.replace('\\', "\\\\").replace('"', "\\\""), quoted: true }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equation::print::{Names, write_name};

    fn ident(id: &Ident, out: &mut String) {
        write_name(id, Names::AsWritten, out)
    }
    use crate::equation::{ExprKind, parse};

    /// Structure only: spans differ after printing.
    fn shape(e: &Expr) -> String {
        format!("{:?}", strip(e.clone()))
    }

    fn strip(mut e: Expr) -> Expr {
        e.span = Default::default();
        e.kind = match e.kind {
            ExprKind::Call { name, args } => ExprKind::Call { name, args: args.into_iter().map(strip).collect() },
            ExprKind::Subscript { name, indices } => {
                ExprKind::Subscript { name, indices: indices.into_iter().map(strip).collect() }
            }
            ExprKind::Unary(op, a) => ExprKind::Unary(op, Box::new(strip(*a))),
            ExprKind::Binary(op, a, b) => ExprKind::Binary(op, Box::new(strip(*a)), Box::new(strip(*b))),
            ExprKind::If(c, a, b) => ExprKind::If(Box::new(strip(*c)), Box::new(strip(*a)), Box::new(strip(*b))),
            k => k,
        };
        e
    }

    #[test]
    fn printed_equations_parse_back_to_the_same_tree() {
        for text in [
            "a + b * c - d / e ^ f ^ g",
            "-2 ^ 2 + (-x) - +y",
            "IF a > 1 AND NOT b OR c <> d THEN MIN(a, b, 0.1) ELSE x MOD 3",
            "\"Quoted \\\" name\" + sub0.k + Two words",
            "SUM(x[Dim, *]) + x[1, a.b] + 1e-7 + 123456789.125",
            "a <= b = (c >= d) < e",
        ] {
            let tree = parse(text).unwrap().unwrap();
            let printed = print(&tree);
            let again = parse(&printed).unwrap().unwrap();
            assert_eq!(shape(&tree), shape(&again), "{text} -> {printed}");
        }
    }

    #[test]
    fn element_names_are_quoted_with_escapes() {
        let mut out = String::new();
        ident(&quoted("x[a \"b\"]"), &mut out);
        assert_eq!(out, "\"x[a \\\"b\\\"]\"");
        let tree = parse(&out).unwrap().unwrap();
        assert!(matches!(tree.kind, ExprKind::Var(Ident { quoted: true, .. })));
    }
}
