//! Vensim's rules for what a data call reads from a sheet, given the shape of the
//! variable it defines (the sizes of the subscript ranges its left-hand side is written
//! over, in order; a position written as an element adds nothing):
//! - constants from the first cell: one cell; one range along the row (down the column
//!   with a `*` after the cell); two ranges as a block, the first down the rows and the
//!   second across the columns (transposed with `*`). The cell may be an Excel defined
//!   name, whose first cell it then is.
//! - lookups and data: the x values (times) along the row given by its number (`'4'`)
//!   or down the column given by its letter (`'A'`), from the first cell's column or
//!   row to the end of the sheet; the y values of the variable's elements, in order,
//!   on successive rows (columns) from the first cell. A point whose x or y cell is
//!   blank or not a number is skipped.
//! - subscripts: the cells from the first to the last (a rectangle); a last cell that
//!   is only a column letter (a row number) reads down that column (along that row)
//!   until a blank cell. Each element is the prefix and the cell as written.

use super::cells::{self, Line, Pos};
use super::files::{Cell, Files, Grid};

/// One element's points, sorted by x (a stable sort: points of one x keep their order).
#[derive(Debug, Clone, PartialEq)]
pub(in crate::mdl) struct Series {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
}

/// Where a call reads: its file and sheet, for messages.
struct Place<'a> {
    file: &'a str,
    tab: &'a str,
}

impl Place<'_> {
    fn cell(&self, at: Pos) -> String {
        // A text file's "sheet" is its delimiter: not worth naming.
        if self.tab.chars().count() <= 1 || self.tab == "\\t" {
            format!("cell {} of `{}`", cells::name(at), self.file)
        } else {
            format!("cell {} of `{}` (sheet `{}`)", cells::name(at), self.file, self.tab)
        }
    }
}

/// The first cell `at` names (a cell, or a defined name's first cell), its sheet, and
/// whether it ends in `*` (transpose).
fn origin(files: &Files, file: &str, tab: &str, at: &str) -> Result<(std::rc::Rc<Grid>, Pos, bool), String> {
    let at = at.trim();
    let (at, transpose) = match at.strip_suffix('*') {
        Some(a) => (a.trim_end(), true),
        None => (at, false),
    };
    if let Some(pos) = cells::cell(at) {
        return Ok((files.sheet(file, tab)?, pos, transpose));
    }
    let (grid, first, _) = files.named(file, tab, at)?;
    Ok((grid, first, transpose))
}

fn offset(at: Pos, down: usize, across: usize) -> Result<Pos, String> {
    let r = u32::try_from(down).ok().and_then(|d| at.0.checked_add(d));
    let c = u32::try_from(across).ok().and_then(|d| at.1.checked_add(d));
    match (r, c) {
        (Some(r), Some(c)) => Ok((r, c)),
        _ => Err("the cells read run past the end of a sheet".into()),
    }
}

/// The numbers of a `GET ... CONSTANTS` call, in row-major order of `shape`.
pub(in crate::mdl) fn constants(
    files: &Files,
    file: &str,
    tab: &str,
    at: &str,
    shape: &[usize],
) -> Result<Vec<f64>, String> {
    let (grid, first, transpose) = origin(files, file, tab, at)?;
    let place = Place { file, tab };
    let (rows, cols) = match shape {
        [] => (1, 1),
        [n] => (1, *n),
        [r, c] => (*r, *c),
        _ => {
            return Err(format!(
                "constants of {} subscript ranges: Vensim reads a row or a block of cells; write one \
                 equation per element of the first ones",
                shape.len()
            ));
        }
    };
    let mut out = Vec::with_capacity(rows.saturating_mul(cols));
    for i in 0..rows {
        for j in 0..cols {
            let at = if transpose { offset(first, j, i)? } else { offset(first, i, j)? };
            match grid.get(at) {
                Cell::Number(v) => out.push(*v),
                Cell::Empty => return Err(format!("{} is blank, not a number", place.cell(at))),
                Cell::Text(t) => return Err(format!("{} holds `{t}`, not a number", place.cell(at))),
            }
        }
    }
    Ok(out)
}

/// The series of a `GET ... LOOKUPS` or `GET ... DATA` call, one per element.
pub(in crate::mdl) fn series(
    files: &Files,
    file: &str,
    tab: &str,
    axis: &str,
    first: &str,
    count: usize,
) -> Result<Vec<Series>, String> {
    let line = cells::line(axis)
        .ok_or_else(|| format!("`{axis}` is neither a row number nor a column letter (the x values or times)"))?;
    let (grid, first, transpose) = origin(files, file, tab, first)?;
    if transpose {
        return Err("a `*` (transpose) after the first cell of lookups or data".into());
    }
    let steps = match line {
        Line::Row(_) => grid.width().saturating_sub(first.1),
        Line::Column(_) => grid.height().saturating_sub(first.0),
    };
    let x_at = |i: u32| match line {
        Line::Row(r) => (r, first.1 + i),
        Line::Column(c) => (first.0 + i, c),
    };
    let y_at = |i: u32, k: usize| match line {
        Line::Row(_) => offset((first.0, first.1 + i), k, 0),
        Line::Column(_) => offset((first.0 + i, first.1), 0, k),
    };
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        let mut points = Vec::new();
        for i in 0..steps {
            if let (Cell::Number(x), Cell::Number(y)) = (grid.get(x_at(i)), grid.get(y_at(i, k)?)) {
                points.push((*x, *y));
            }
        }
        if points.is_empty() {
            let place = Place { file, tab };
            return Err(format!("no data points from {} on", place.cell(y_at(0, k)?)));
        }
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (xs, ys) = points.into_iter().unzip();
        out.push(Series { xs, ys });
    }
    Ok(out)
}

/// The element names of a `GET ... SUBSCRIPT` call.
pub(in crate::mdl) fn subscript(
    files: &Files,
    file: &str,
    tab: &str,
    first: &str,
    last: &str,
    prefix: &str,
) -> Result<Vec<String>, String> {
    let (grid, first, _) = origin(files, file, tab, first)?;
    let name = |at: Pos| match grid.get(at) {
        Cell::Empty => None,
        Cell::Number(v) => Some(format!("{prefix}{}", number_name(*v))),
        Cell::Text(t) => Some(format!("{prefix}{t}")),
    };
    let mut out = Vec::new();
    let until_blank = |out: &mut Vec<String>, next: &dyn Fn(u32) -> Option<Pos>| {
        let mut i = 0;
        while let Some(n) = next(i).and_then(name) {
            out.push(n);
            i += 1;
        }
    };
    let last = last.trim().replace('$', "");
    match (cells::cell(&last), cells::line(&last)) {
        (Some(end), _) => {
            // Cells beyond the sheet's are blank: a rectangle to `XFD1048576` costs no
            // more than the sheet.
            let last_row = first.0.max(end.0).min(grid.height().saturating_sub(1));
            let last_col = first.1.max(end.1).min(grid.width().saturating_sub(1));
            for r in first.0.min(end.0)..=last_row {
                out.extend((first.1.min(end.1)..=last_col).filter_map(|c| name((r, c))));
            }
        }
        (None, Some(Line::Column(c))) => until_blank(&mut out, &|i| first.0.checked_add(i).map(|r| (r, c))),
        (None, Some(Line::Row(r))) => until_blank(&mut out, &|i| first.1.checked_add(i).map(|c| (r, c))),
        (None, None) => return Err(format!("`{last}` is not a last cell (`D3`), column (`D`) or row (`3`)")),
    }
    if out.is_empty() {
        let place = Place { file, tab };
        return Err(format!("no element names from {} on", place.cell(first)));
    }
    Ok(out)
}

/// A number as an element's name: an integer without its `.0` (`1`, not `1.0`).
fn number_name(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A directory holding `name` with `text`, read as delimited text.
    fn with_file(name: &str, text: &str, f: impl FnOnce(&Files)) {
        // Removed on drop if `f` panics.
        let dir = tempfile::Builder::new().prefix(&format!("millrace-read-{name}-")).tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        f(&Files::new(Some(dir.path().to_path_buf()), HashMap::new()));
        dir.close().unwrap();
    }

    #[test]
    fn constants_in_rows_columns_and_blocks() {
        with_file("c.csv", "c,C1,C2\nB1,1,2\nB2,3,4\nB3,5,6\n", |f| {
            assert_eq!(constants(f, "c.csv", ",", "B2", &[]).unwrap(), [1.0]);
            assert_eq!(constants(f, "c.csv", ",", "B2", &[2]).unwrap(), [1.0, 2.0]);
            assert_eq!(constants(f, "c.csv", ",", "B2*", &[3]).unwrap(), [1.0, 3.0, 5.0]);
            assert_eq!(constants(f, "c.csv", ",", "B2", &[3, 2]).unwrap(), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
            assert_eq!(constants(f, "c.csv", ",", "B2*", &[2, 3]).unwrap(), [1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
            let e = constants(f, "c.csv", ",", "B2", &[3]).unwrap_err();
            assert!(e.contains("cell D2 of `c.csv` is blank"), "{e}");
            let e = constants(f, "c.csv", ",", "A2", &[]).unwrap_err();
            assert!(e.contains("holds `B1`, not a number"), "{e}");
            assert!(constants(f, "c.csv", ",", "B2", &[1, 1, 1]).unwrap_err().contains("3 subscript ranges"));
            assert!(constants(f, "c.csv", ",", "nowhere", &[]).unwrap_err().contains("neither a cell nor a name"));
        });
    }

    #[test]
    fn series_along_rows_and_columns_skip_missing_points() {
        let text = "t,1,2,,4,x,6\nA,10,,30,40,50,60\nB,5,6,7,8,9,10\n";
        with_file("s.csv", text, |f| {
            let s = series(f, "s.csv", ",", "1", "B2", 2).unwrap();
            assert_eq!(s[0], Series { xs: vec![1.0, 4.0, 6.0], ys: vec![10.0, 40.0, 60.0] });
            assert_eq!(s[1], Series { xs: vec![1.0, 2.0, 4.0, 6.0], ys: vec![5.0, 6.0, 8.0, 10.0] });
            let e = series(f, "s.csv", ",", "1", "B2", 3).unwrap_err();
            assert!(e.contains("no data points from cell B4"), "{e}");
            assert!(series(f, "s.csv", ",", "B1", "B2", 1).unwrap_err().contains("neither a row"));
        });
        with_file("v.csv", "Year,A1,A2\n2005,600,200\n1990,610,210\n", |f| {
            let s = series(f, "v.csv", ",", "A", "B2", 2).unwrap();
            assert_eq!(s[0], Series { xs: vec![1990.0, 2005.0], ys: vec![610.0, 600.0] }, "sorted by time");
            assert_eq!(s[1].ys, [210.0, 200.0]);
        });
    }

    #[test]
    fn subscripts_from_rectangles_rows_and_columns() {
        with_file("d.csv", "DimB,,\nB1,B2,B3\nx\n\n1,2\n", |f| {
            assert_eq!(subscript(f, "d.csv", ",", "A2", "2", "").unwrap(), ["B1", "B2", "B3"]);
            assert_eq!(subscript(f, "d.csv", ",", "A2", "A", "").unwrap(), ["B1", "x"]);
            assert_eq!(subscript(f, "d.csv", ",", "A5", "B5", "E").unwrap(), ["E1", "E2"]);
            assert_eq!(subscript(f, "d.csv", ",", "A2", "C3", "").unwrap(), ["B1", "B2", "B3", "x"]);
            assert!(subscript(f, "d.csv", ",", "A4", "A", "").unwrap_err().contains("no element names"));
            assert!(subscript(f, "d.csv", ",", "A2", "", "").unwrap_err().contains("not a last cell"));
        });
    }

    #[test]
    fn numbers_as_names() {
        assert_eq!(number_name(1.0), "1");
        assert_eq!(number_name(-3.0), "-3");
        assert_eq!(number_name(2.5), "2.5");
    }
}
