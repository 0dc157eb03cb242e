//! What a data call (or the data given to the run) defines, into the datamodel's
//! variable: its number, its table and equation (`TIME`, or `:RAW:`'s test), or one of
//! each per element of a subscripted variable.

use super::Defined;
use crate::datamodel::{Equation, GraphicalFunction, Variable};
use crate::equation::{BinaryOp, Expr, ExprKind, Ident, Span};
use crate::mdl::build::{bin, call, if_, num, word};
use crate::mdl::print::print;

fn equation(e: &Expr, line: u32) -> Option<Equation> {
    Some(Equation { text: print(e), line })
}

/// Per element of a subscripted variable: the numbers of its constants, its tables
/// (`None`: an element without data); and `:RAW:` data's table of times (its name, one
/// table per element).
pub(in crate::mdl) type Filled =
    (Option<Vec<String>>, Option<Vec<Option<GraphicalFunction>>>, Option<(String, Vec<Option<GraphicalFunction>>)>);

/// What a data call (or the data given to the run) defines, into the variable `v`
/// without subscripts, or returned per element.
pub(in crate::mdl) fn fill(v: &mut Variable, subscripts: &[String], defined: Defined, base: &str, line: u32) -> Filled {
    let number = |x: &f64| format!("{x:?}");
    let (mut numbers, mut raw_times) = (None, None);
    let mut tables: Vec<Option<GraphicalFunction>> = match defined {
        Defined::Numbers(values) if !subscripts.is_empty() => {
            numbers = Some(values.iter().map(number).collect());
            Vec::new()
        }
        Defined::Numbers(values) => {
            v.eqn = values.first().map(|x| Equation { text: number(x), line });
            Vec::new()
        }
        Defined::Lookups(tables) => tables.into_iter().map(Some).collect(),
        Defined::Data { tables, times } => {
            let times_name = format!("{base}#times");
            let e = match &times {
                Some(_) => raw_data(&times_name, subscripts),
                None => word("TIME", Span::default()),
            };
            v.eqn = equation(&e, line);
            raw_times = times.map(|t| (times_name, t));
            tables
        }
    };
    if !subscripts.is_empty() {
        return (numbers, Some(tables).filter(|t| !t.is_empty()), raw_times);
    }
    if !tables.is_empty() {
        v.gf = tables.swap_remove(0);
    }
    (numbers, None, raw_times)
}

/// A `:RAW:` data variable's input: TIME where TIME is one of its times (the table of
/// its times, held backward, gives TIME back exactly there), else NaN, which its table
/// reads as NaN: `IF t(TIME) < TIME OR TIME < t(TIME) THEN NAN ELSE TIME`.
fn raw_data(times: &str, subscripts: &[String]) -> Expr {
    let span = Span::default();
    let at_time = || {
        let table = Ident { text: times.to_owned(), quoted: true };
        if subscripts.is_empty() {
            return Expr { kind: ExprKind::Call { name: table, args: vec![word("TIME", span)] }, span };
        }
        let indices = subscripts.iter().map(|w| word(w, span)).collect();
        let table = Expr { kind: ExprKind::Subscript { name: table, indices }, span };
        call("LOOKUP", vec![table, word("TIME", span)], span)
    };
    let off = bin(
        BinaryOp::Or,
        bin(BinaryOp::Lt, at_time(), word("TIME", span)),
        bin(BinaryOp::Lt, word("TIME", span), at_time()),
    );
    if_(off, num(crate::equation::VENSIM_NA, span), word("TIME", span))
}
