//! An equation syntax tree back to equation text that parses to the same tree (up to
//! spans and redundant parentheses): expanded equations are handed to the scalar
//! compiler as text, like any other equation.

use crate::equation::{BinaryOp, Expr, ExprKind, Ident, UnaryOp};

pub(crate) fn print(e: &Expr) -> String {
    let mut out = String::new();
    write(e, &mut out);
    out
}

/// A name that can be read back: quoted unless it came unquoted (then it re-lexes as
/// written, dots and all). Quotes inside a quoted name stay escaped (`\"`).
pub(crate) fn ident(id: &Ident, out: &mut String) {
    if id.quoted {
        out.push('"');
        out.push_str(&id.text);
        out.push('"');
    } else {
        out.push_str(&id.text);
    }
}

/// A quoted name for a generated or element variable written as `text`.
pub(crate) fn quoted(text: &str) -> Ident {
    Ident { text: text.replace('\\', "\\\\").replace('"', "\\\""), quoted: true }
}

fn write(e: &Expr, out: &mut String) {
    match &e.kind {
        // `{:?}` is the shortest text that reads back to the same bits (`1e-7`, `0.1`).
        ExprKind::Num(v) => out.push_str(&format!("{v:?}")),
        ExprKind::Var(id) => ident(id, out),
        ExprKind::Call { name, args } => {
            ident(name, out);
            out.push('(');
            list(args, out);
            out.push(')');
        }
        ExprKind::Subscript { name, indices } => {
            ident(name, out);
            out.push('[');
            list(indices, out);
            out.push(']');
        }
        ExprKind::Unary(op, inner) => {
            out.push_str(match op {
                UnaryOp::Neg => "(-",
                UnaryOp::Plus => "(+",
                UnaryOp::Not => "(NOT ",
            });
            write(inner, out);
            out.push(')');
        }
        ExprKind::Binary(op, a, b) => {
            out.push('(');
            write(a, out);
            out.push_str(binary(*op));
            write(b, out);
            out.push(')');
        }
        ExprKind::If(c, a, b) => {
            out.push_str("(IF ");
            write(c, out);
            out.push_str(" THEN ");
            write(a, out);
            out.push_str(" ELSE ");
            write(b, out);
            out.push(')');
        }
    }
}

fn list(items: &[Expr], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(item, out);
    }
}

fn binary(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => " + ",
        BinaryOp::Sub => " - ",
        BinaryOp::Mul => " * ",
        BinaryOp::Div => " / ",
        BinaryOp::Pow => " ^ ",
        BinaryOp::Mod => " MOD ",
        BinaryOp::Eq => " = ",
        BinaryOp::Ne => " <> ",
        BinaryOp::Lt => " < ",
        BinaryOp::Le => " <= ",
        BinaryOp::Gt => " > ",
        BinaryOp::Ge => " >= ",
        BinaryOp::And => " AND ",
        BinaryOp::Or => " OR ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equation::parse;

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
