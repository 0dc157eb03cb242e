//! An equation tree back to XMILE equation text, which the compiler parses with the
//! ordinary parser: `parse(print(e))` is `e` again (spans aside). The datamodel holds
//! equations as text, so this is how a Vensim equation, read and translated into the
//! shared tree, reaches the compiler without it knowing the format.
//!
//! Parentheses are written only where precedence needs them (a fully parenthesised
//! long sum would exceed the parser's nesting cap); numbers in Rust's shortest
//! round-trip form, so every literal keeps its bits; a name is quoted unless it reads
//! back as the same single plain name.

use crate::equation::{BinaryOp, Expr, ExprKind, Ident, UnaryOp};

/// XMILE text for `e`.
pub(super) fn print(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(e, 0, &mut out);
    out
}

/// Binding strength of a node as the XMILE parser sees it (higher binds tighter).
fn level(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Binary(op, ..) => binary_level(*op),
        ExprKind::Unary(..) => 7,
        // An `IF` extends as far right as it can: it needs parentheses wherever
        // something could follow it.
        ExprKind::If(..) => 0,
        _ => 9,
    }
}

fn binary_level(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::Eq | BinaryOp::Ne => 3,
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => 4,
        BinaryOp::Add | BinaryOp::Sub => 5,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => 6,
        BinaryOp::Pow => 8,
    }
}

fn op_text(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Or => " OR ",
        BinaryOp::And => " AND ",
        BinaryOp::Eq => " = ",
        BinaryOp::Ne => " <> ",
        BinaryOp::Lt => " < ",
        BinaryOp::Le => " <= ",
        BinaryOp::Gt => " > ",
        BinaryOp::Ge => " >= ",
        BinaryOp::Add => " + ",
        BinaryOp::Sub => " - ",
        BinaryOp::Mul => " * ",
        BinaryOp::Div => " / ",
        BinaryOp::Mod => " MOD ",
        BinaryOp::Pow => "^",
    }
}

/// Writes `e`, in parentheses when its level is below `min`.
fn write_expr(e: &Expr, min: u8, out: &mut String) {
    let paren = level(e) < min;
    if paren {
        out.push('(');
    }
    match &e.kind {
        ExprKind::Num(v) => write_num(*v, out),
        ExprKind::Var(id) => write_name(id, out),
        ExprKind::Call { name, args } => {
            write_name(name, out);
            write_list('(', args, ')', out);
        }
        ExprKind::Subscript { name, indices } => {
            write_name(name, out);
            write_list('[', indices, ']', out);
        }
        ExprKind::Unary(op, x) => {
            out.push_str(match op {
                UnaryOp::Neg => "-",
                UnaryOp::Plus => "+",
                UnaryOp::Not => "NOT ",
            });
            // The operand of a sign is a unary expression: a sign or a power needs no
            // parentheses (`-2^2` is `-(2^2)`), anything looser does.
            write_expr(x, 7, out);
        }
        ExprKind::Binary(BinaryOp::Pow, a, b) => {
            // The base is a primary; the exponent a unary expression (right-associative).
            write_expr(a, 9, out);
            out.push('^');
            write_expr(b, 7, out);
        }
        ExprKind::Binary(op, a, b) => {
            // Left-associative: the left operand may sit at the same level, the right
            // one must bind tighter.
            let l = binary_level(*op);
            write_expr(a, l, out);
            out.push_str(op_text(*op));
            write_expr(b, l + 1, out);
        }
        ExprKind::If(c, a, b) => {
            out.push_str("IF ");
            write_expr(c, 0, out);
            out.push_str(" THEN ");
            write_expr(a, 0, out);
            out.push_str(" ELSE ");
            write_expr(b, 0, out);
        }
    }
    if paren {
        out.push(')');
    }
}

fn write_list(open: char, items: &[Expr], close: char, out: &mut String) {
    out.push(open);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(item, 0, out);
    }
    out.push(close);
}

/// A literal: NaN and the infinities by name (`NAN`, `INF`), others in Rust's shortest
/// round-trip form (`1e-7`, `0.1`), negative ones as a negated number.
fn write_num(v: f64, out: &mut String) {
    if v.is_nan() {
        out.push_str("NAN");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "INF" } else { "(-INF)" });
    } else if v.is_sign_negative() {
        out.push_str("(-");
        write_num(-v, out);
        out.push(')');
    } else {
        out.push_str(&format!("{v:?}"));
    }
}

/// A name as written when it lexes back as one plain name (letters, digits, `_`, `$`,
/// single spaces, not a keyword, no dot, which would make it a module path), else
/// quoted. A quoted name's text keeps its escapes as written (`\"`), so it goes back
/// between quotes as it is; an unquoted one gets `"` and `\` escaped.
fn write_name(id: &Ident, out: &mut String) {
    // `*:Dim` (Vensim's `Dim!`): the prefix, then the range's name.
    if let Some(dim) = id.text.strip_prefix("*:").filter(|_| !id.quoted) {
        // Always quoted: after `*:` an unquoted name ends at its first blank.
        out.push_str("*:\"");
        out.push_str(&dim.replace('\\', "\\\\").replace('"', "\\\""));
        out.push('"');
        return;
    }
    if is_plain(&id.text) {
        out.push_str(&id.text);
        return;
    }
    out.push('"');
    if id.quoted {
        out.push_str(&id.text);
    } else {
        for c in id.text.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
}

fn is_plain(name: &str) -> bool {
    const KEYWORDS: [&str; 7] = ["if", "then", "else", "and", "or", "not", "mod"];
    let mut words = name.split(' ');
    let ok_word = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
            && !KEYWORDS.contains(&w.to_ascii_lowercase().as_str())
    };
    words.all(ok_word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equation::{parse, parse_vensim};

    /// The tree without spans, to compare trees of different texts.
    fn strip(e: &Expr) -> Expr {
        let kind = match &e.kind {
            ExprKind::Call { name, args } => {
                ExprKind::Call { name: name.clone(), args: args.iter().map(strip).collect() }
            }
            ExprKind::Subscript { name, indices } => {
                ExprKind::Subscript { name: name.clone(), indices: indices.iter().map(strip).collect() }
            }
            ExprKind::Unary(op, x) => ExprKind::Unary(*op, Box::new(strip(x))),
            ExprKind::Binary(op, a, b) => ExprKind::Binary(*op, Box::new(strip(a)), Box::new(strip(b))),
            ExprKind::If(c, a, b) => ExprKind::If(Box::new(strip(c)), Box::new(strip(a)), Box::new(strip(b))),
            other => other.clone(),
        };
        Expr { kind, span: Default::default() }
    }

    fn unquoted(e: Expr) -> Expr {
        // Quoting is how a name is written, not what it is.
        fn go(e: &mut Expr) {
            match &mut e.kind {
                ExprKind::Var(id) => id.quoted = false,
                ExprKind::Call { name, args } => {
                    name.quoted = false;
                    args.iter_mut().for_each(go);
                }
                ExprKind::Unary(_, x) => go(x),
                ExprKind::Binary(_, a, b) => {
                    go(a);
                    go(b);
                }
                ExprKind::If(c, a, b) => {
                    go(c);
                    go(a);
                    go(b);
                }
                _ => {}
            }
        }
        let mut e = e;
        go(&mut e);
        e
    }

    fn round_trip(vensim: &str) {
        let tree = parse_vensim(vensim).unwrap().unwrap();
        let text = print(&tree);
        let back = parse(&text).unwrap_or_else(|e| panic!("{text}: {e:?}")).unwrap();
        assert_eq!(unquoted(strip(&back)), unquoted(strip(&tree)), "{vensim} -> {text}");
    }

    #[test]
    fn printed_text_parses_back_to_the_same_tree() {
        for text in [
            "a - (b - c) - d",
            "a / (b * c) / d",
            "-2^2 + (-2)^2 + 2^-1 + 4^3^2 + (4^3)^2",
            "(a + b) * c - -d",
            ":NOT: (a = b) :AND: c :OR: d <> e",
            "maturation 14 to 15 * \"odd.name\" + \"quote\\\"d\"",
            "f(x, g(y, 1e-7), 0.1)",
            "a < b = (c < d)",
            "1.5e+300 * 3",
        ] {
            round_trip(text);
        }
    }

    #[test]
    fn conditionals_are_parenthesised_where_something_follows() {
        use crate::equation::Span;
        let n = |v| Expr { kind: ExprKind::Num(v), span: Span::default() };
        let cond =
            Expr { kind: ExprKind::If(Box::new(n(1.0)), Box::new(n(2.0)), Box::new(n(3.0))), span: Span::default() };
        let sum = Expr {
            kind: ExprKind::Binary(BinaryOp::Add, Box::new(cond.clone()), Box::new(n(4.0))),
            span: Span::default(),
        };
        assert_eq!(print(&sum), "(IF 1.0 THEN 2.0 ELSE 3.0) + 4.0");
        assert_eq!(print(&cond), "IF 1.0 THEN 2.0 ELSE 3.0");
        assert_eq!(print(&n(-0.5)), "(-0.5)");
        assert_eq!(print(&n(f64::NAN)), "NAN");
    }
}
