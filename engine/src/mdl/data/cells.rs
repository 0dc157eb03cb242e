//! Spreadsheet references as Vensim's data calls write them: a cell (`B2`, `$B$2`), a
//! row (`4`), a column (`A`), and the target of an Excel defined name
//! (`Sheet1!$B$3:$B$6`). Positions are zero-based (row, column).

/// A cell's zero-based (row, column).
pub(in crate::mdl) type Pos = (u32, u32);

/// Columns and rows beyond these are refused (Excel's own limits are 16,384 columns
/// and 1,048,576 rows; a text file may be longer, not wider).
const MAX_COLUMN: u32 = 1 << 20;
const MAX_ROW: u32 = 1 << 30;

/// A row or a column of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::mdl) enum Line {
    Row(u32),
    Column(u32),
}

/// `A` -> 0, `Z` -> 25, `AA` -> 26 (any case).
pub(in crate::mdl) fn column(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 4 || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let n = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1));
    (n <= MAX_COLUMN).then(|| n - 1)
}

/// `1` -> 0.
pub(in crate::mdl) fn row(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u32>().ok().filter(|&r| (1..=MAX_ROW).contains(&r)).map(|r| r - 1)
}

/// `B2` or `$B$2` -> (1, 1).
pub(in crate::mdl) fn cell(text: &str) -> Option<Pos> {
    let text = text.trim().replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    Some((row(&text[split..])?, column(&text[..split])?))
}

/// `4` (a row) or `A` (a column).
pub(in crate::mdl) fn line(text: &str) -> Option<Line> {
    let text = text.trim().replace('$', "");
    row(&text).map(Line::Row).or_else(|| column(&text).map(Line::Column))
}

/// The name of cell `at`, as a spreadsheet writes it (`B2`).
pub(in crate::mdl) fn name((r, c): Pos) -> String {
    let mut letters = Vec::new();
    let mut n = c + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), u64::from(r) + 1)
}

/// `Sheet1!$B$3:$B$6` or `'My sheet'!$B$3`: the sheet and the range's first and last
/// cells.
pub(in crate::mdl) fn target(formula: &str) -> Option<(String, Pos, Pos)> {
    let formula = formula.trim().trim_start_matches('=');
    let bang = formula.rfind('!')?;
    let sheet = formula[..bang].trim();
    let sheet = match sheet.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        Some(quoted) => quoted.replace("''", "'"),
        None => sheet.to_owned(),
    };
    let range = &formula[bang + 1..];
    let (first, last) = match range.split_once(':') {
        Some((a, b)) => (cell(a)?, cell(b)?),
        None => (cell(range)?, cell(range)?),
    };
    let top_left = (first.0.min(last.0), first.1.min(last.1));
    let bottom_right = (first.0.max(last.0), first.1.max(last.1));
    Some((sheet, top_left, bottom_right))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_rows_and_columns() {
        assert_eq!(cell("A1"), Some((0, 0)));
        assert_eq!(cell("b2"), Some((1, 1)));
        assert_eq!(cell("$AA$10"), Some((9, 26)));
        assert_eq!(cell("B0"), None);
        assert_eq!(cell("2B"), None);
        assert_eq!(cell("B"), None);
        assert_eq!(cell("var2t2"), None);
        assert_eq!(cell("B99999999999"), None);
        assert_eq!(line("4"), Some(Line::Row(3)));
        assert_eq!(line("C"), Some(Line::Column(2)));
        assert_eq!(line("C4"), None);
        assert_eq!(line(""), None);
        assert_eq!(column("ZZZZZ"), None);
    }

    #[test]
    fn names_round_trip() {
        for pos in [(0, 0), (1, 25), (9, 26), (99, 701), (0, 702), (5, 16383)] {
            assert_eq!(cell(&name(pos)), Some(pos), "{}", name(pos));
        }
        assert_eq!(name((1, 27)), "AB2");
    }

    #[test]
    fn defined_name_targets() {
        assert_eq!(target("Sheet1!$B$3:$B$6"), Some(("Sheet1".into(), (2, 1), (5, 1))));
        assert_eq!(target("'My ''s'!$E$11:$D$10"), Some(("My 's".into(), (9, 3), (10, 4))));
        assert_eq!(target("Sheet1!$B$9"), Some(("Sheet1".into(), (8, 1), (8, 1))));
        assert_eq!(target("#REF!"), None);
        assert_eq!(target("no sheet"), None);
    }
}
