//! Graphical functions whose knots are further apart than an f64 can subtract (x from
//! -1e308 to 1e308): interpolating them directly overflows (`x1 - x0` is infinite, so an
//! in-range lookup gives NaN or the first knot's y). Such a table is read through a
//! copy with every knot halved: `lookup(t, x) = 2 * lookup(t / 2, x / 2)`. Halving is
//! exact (for normal numbers), the halved differences cannot overflow, and doubling the
//! result undoes the halving exactly. Tables that fit, which is every real one, are
//! read as they are, so their bits do not change.

use std::collections::HashMap;

use crate::ir::{BinOp, Expr, ModuleDef, Phase, Table, TableId};

/// Rewrites every lookup of a wide table in `modules` to read its halved copy (added to
/// `tables`).
pub(crate) fn halve_wide_tables(modules: &mut [ModuleDef], tables: &mut Vec<Table>) {
    let mut halved: HashMap<TableId, TableId> = HashMap::new();
    for t in 0..tables.len() {
        if is_wide(&tables[t]) {
            let table = &tables[t];
            let half = |v: &[f64]| v.iter().map(|v| v * 0.5).collect();
            let copy = Table::new(format!("{} (halved)", table.name), table.kind, half(&table.xs), half(&table.ys));
            halved.insert(t as TableId, tables.len() as TableId);
            tables.push(copy);
        }
    }
    if halved.is_empty() {
        return;
    }
    for m in modules {
        for phase in Phase::ALL {
            for e in m.parts_mut(phase).iter_mut().flatten().flat_map(|s| s.exprs_mut()) {
                rewrite(e, &halved);
            }
        }
    }
}

/// Whether two neighbouring knots differ by more than an f64 holds, in x or in y.
fn is_wide(t: &Table) -> bool {
    let overflows = |v: &[f64]| v.windows(2).any(|w| (w[1] - w[0]).is_infinite());
    overflows(&t.xs) || overflows(&t.ys)
}

/// `e` with every lookup of a table in `halved` replaced, innermost first (recursive:
/// the height is bounded by `ir::MAX_EXPR_HEIGHT`, and compilation runs on
/// `deep::on_deep_stack`).
fn rewrite(e: &mut Expr, halved: &HashMap<TableId, TableId>) {
    for child in e.children_mut() {
        rewrite(child, halved);
    }
    if let Expr::Lookup(t, mode, x) = e
        && let Some(&half) = halved.get(t)
    {
        let mode = *mode;
        let x = std::mem::replace(&mut **x, Expr::Lit(0.0));
        let scaled = Expr::Binary(BinOp::Mul, Box::new(x), Box::new(Expr::Lit(0.5)));
        let lookup = Expr::Lookup(half, mode, Box::new(scaled));
        *e = Expr::Binary(BinOp::Mul, Box::new(lookup), Box::new(Expr::Lit(2.0)));
    }
}
