//! The data files a model names, opened once each: workbooks (`.xlsx`, `.xlsm`,
//! `.xlsb`, `.xls`, `.ods`) through calamine, any other file as delimited text split on
//! the character the call gives in place of a sheet (`','`, `'\t'`), line by line
//! (the csv crate skips blank lines, which would renumber the rows cells are named by). Files are named
//! relative to the model file's directory; a model read from text that is no file has
//! none, and may read no data.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use calamine::{Data, Ods, Reader, Xls, Xlsb, Xlsx};

use super::cells::{self, Pos};
use crate::limits::DATA_BYTES;

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::mdl) enum Cell {
    Empty,
    Number(f64),
    Text(String),
}

/// One sheet (or delimited file): cells by absolute zero-based position.
#[derive(Debug, Default)]
pub(in crate::mdl) struct Grid {
    /// The position of `rows[0][0]`.
    origin: Pos,
    rows: Vec<Vec<Cell>>,
}

const EMPTY: Cell = Cell::Empty;

impl Grid {
    pub fn new(origin: Pos, rows: Vec<Vec<Cell>>) -> Self {
        Grid { origin, rows }
    }

    pub fn get(&self, (r, c): Pos) -> &Cell {
        let (Some(r), Some(c)) = (r.checked_sub(self.origin.0), c.checked_sub(self.origin.1)) else {
            return &EMPTY;
        };
        self.rows.get(r as usize).and_then(|row| row.get(c as usize)).unwrap_or(&EMPTY)
    }

    /// One past the last row holding a cell.
    pub fn height(&self) -> u32 {
        self.origin.0.saturating_add(self.rows.len() as u32)
    }

    /// One past the last column holding a cell (in any row).
    pub fn width(&self) -> u32 {
        let widest = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        self.origin.1.saturating_add(widest as u32)
    }
}

/// An opened file: its sheets (a delimited file has one, named by its delimiter) and
/// a workbook's defined names.
struct Book {
    sheets: Vec<(String, Rc<Grid>)>,
    names: Vec<(String, String)>,
    /// Delimited text: one sheet, whatever the call names it.
    text: bool,
}

/// An opened file's path and, for delimited text, delimiter.
type BookKey = (PathBuf, Option<char>);

/// Where data files are found, and the files opened so far.
pub(in crate::mdl) struct Files {
    dir: Option<PathBuf>,
    /// `?name` in place of a file name: the file it stands for (SDEverywhere's
    /// `directData` in `<model>_spec.json`).
    aliases: HashMap<String, String>,
    /// By path and, for delimited text, delimiter.
    opened: RefCell<HashMap<BookKey, Rc<Book>>>,
}

impl Files {
    /// Data files relative to `dir` (none: every data call is an error).
    pub fn new(dir: Option<PathBuf>, aliases: HashMap<String, String>) -> Self {
        Files { dir, aliases, opened: RefCell::new(HashMap::new()) }
    }

    /// The sheet `tab` of `file` (for delimited text, `tab` is the delimiter).
    pub fn sheet(&self, file: &str, tab: &str) -> Result<Rc<Grid>, String> {
        let (path, book) = self.book(file, tab)?;
        if book.text {
            return Ok(book.sheets[0].1.clone());
        }
        find_sheet(&book, tab).ok_or_else(|| {
            let names: Vec<&str> = book.sheets.iter().map(|(n, _)| n.as_str()).collect();
            format!("`{}` has no sheet `{tab}` (its sheets: {})", path.display(), names.join(", "))
        })
    }

    /// The sheet and first and last cells of the defined name `name` of `file`.
    pub fn named(&self, file: &str, tab: &str, name: &str) -> Result<(Rc<Grid>, Pos, Pos), String> {
        let (path, book) = self.book(file, tab)?;
        let formula = book
            .names
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, f)| f.clone())
            .ok_or_else(|| format!("`{name}` is neither a cell nor a name defined in `{}`", path.display()))?;
        let (sheet, first, last) = cells::target(&formula)
            .ok_or_else(|| format!("the name `{name}` of `{}` is `{formula}`, not a range of cells", path.display()))?;
        let grid = find_sheet(&book, &sheet)
            .ok_or_else(|| format!("the name `{name}` of `{}` refers to a sheet `{sheet}` it lacks", path.display()))?;
        Ok((grid, first, last))
    }

    fn book(&self, file: &str, tab: &str) -> Result<(PathBuf, Rc<Book>), String> {
        let path = self.path(file)?;
        let delimiter = if is_workbook(&path) { None } else { Some(delimiter(tab)?) };
        let key = (path.clone(), delimiter);
        if let Some(book) = self.opened.borrow().get(&key) {
            return Ok((path, book.clone()));
        }
        let bytes = read(&path)?;
        let book = Rc::new(match delimiter {
            None => workbook(&path, bytes)?,
            Some(d) => {
                let sheets = vec![(tab.to_owned(), Rc::new(delimited(&bytes, d)?))];
                Book { sheets, names: Vec::new(), text: true }
            }
        });
        self.opened.borrow_mut().insert(key, book.clone());
        Ok((path, book))
    }

    /// The file a call names: relative to the model's directory; `?name` through the
    /// aliases.
    fn path(&self, file: &str) -> Result<PathBuf, String> {
        let file = match file.strip_prefix('?') {
            Some(_) => self
                .aliases
                .get(file)
                .ok_or_else(|| format!("`{file}` names a data file by an alias, and no alias `{file}` is defined"))?,
            None => file,
        };
        if file.is_empty() {
            return Err("the data file name is empty".into());
        }
        match &self.dir {
            Some(dir) => Ok(dir.join(file)),
            None => Err(format!("cannot read the data file `{file}`: the model was not read from a file")),
        }
    }
}

fn find_sheet(book: &Book, tab: &str) -> Option<Rc<Grid>> {
    let exact = book.sheets.iter().find(|(n, _)| n == tab);
    let any_case = || book.sheets.iter().find(|(n, _)| n.trim().eq_ignore_ascii_case(tab.trim()));
    exact.or_else(any_case).map(|(_, g)| g.clone())
}

fn is_workbook(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    ["xlsx", "xlsm", "xlam", "xlsb", "xls", "xla", "ods"].contains(&ext.as_str())
}

/// The delimiter a call gives for a text file: one character, or `\t` / `tab`.
fn delimiter(tab: &str) -> Result<char, String> {
    if tab == "\\t" || tab.eq_ignore_ascii_case("tab") {
        return Ok('\t');
    }
    let mut chars = tab.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii() => Ok(c),
        // The argument is trimmed: a tab written as itself is gone.
        (None, _) => Ok('\t'),
        _ => Err(format!("`{tab}` is not a delimiter (one character, or `\\t`) for a text data file")),
    }
}

/// A regular file's bytes, within the budget.
pub(in crate::mdl) fn read(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the data file `{}`: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("the data file `{}` is not a file", path.display()));
    }
    DATA_BYTES.check(meta.len(), &format!("the data file `{}`", path.display()))?;
    std::fs::read(path).map_err(|e| format!("cannot read the data file `{}`: {e}", path.display()))
}

/// A workbook's sheets and names, by extension. A reader that panics on a damaged file
/// is an error, not the end of the program.
fn workbook(path: &Path, bytes: Vec<u8>) -> Result<Book, String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let open = move || -> Result<Book, String> {
        let cursor = Cursor::new(bytes);
        match ext.as_str() {
            "xls" | "xla" => load(Xls::new(cursor).map_err(|e| e.to_string())?),
            "xlsb" => load(Xlsb::new(cursor).map_err(|e| e.to_string())?),
            "ods" => load(Ods::new(cursor).map_err(|e| e.to_string())?),
            _ => load(Xlsx::new(cursor).map_err(|e| e.to_string())?),
        }
    };
    let at = || format!("cannot read the workbook `{}`", path.display());
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(open)) {
        Ok(Ok(book)) => Ok(book),
        Ok(Err(e)) => Err(format!("{}: {e}", at())),
        Err(_) => Err(format!("{}: the file is damaged", at())),
    }
}

fn load<R: Reader<Cursor<Vec<u8>>>>(mut reader: R) -> Result<Book, String>
where
    R::Error: std::fmt::Display,
{
    let names = reader.defined_names().to_vec();
    let mut sheets = Vec::new();
    for name in reader.sheet_names() {
        let range = reader.worksheet_range(&name).map_err(|e| format!("sheet `{name}`: {e}"))?;
        let origin = range.start().unwrap_or((0, 0));
        let rows = range.rows().map(|row| row.iter().map(cell).collect()).collect();
        sheets.push((name, Rc::new(Grid::new(origin, rows))));
    }
    Ok(Book { sheets, names, text: false })
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        // A date is its serial number, as Excel shows it unformatted.
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::String(s) => text(s),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("{e}")),
    }
}

/// A cell written as text: blank, a number, or text.
fn text(s: &str) -> Cell {
    let s = s.trim();
    if s.is_empty() {
        return Cell::Empty;
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Cell::Number(v),
        _ => Cell::Text(s.to_owned()),
    }
}

/// Delimited text (UTF-8 or Latin-1, a BOM dropped, rows of any length). Every line
/// is a row, a blank one too (spreadsheets number them so); a field in double quotes
/// may hold the delimiter, and `""` in it is one quote.
fn delimited(bytes: &[u8], delimiter: char) -> Result<Grid, String> {
    Ok(Grid::new((0, 0), delimited_text(&crate::source::decode(bytes), delimiter)))
}

/// Decoded delimited text as rows of cells.
pub(in crate::mdl) fn delimited_text(text: &str, delimiter: char) -> Vec<Vec<Cell>> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').map(|line| fields(line, delimiter).iter().map(|f| self::text(f)).collect()).collect()
}

/// One line's fields.
fn fields(line: &str, delimiter: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let field = out.last_mut().expect("one field at least");
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            c if c == delimiter && !quoted => out.push(String::new()),
            c => field.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimited_text() {
        let g = delimited("\u{feff}a, b\n1,2.5,,x\n\"3\"\t\n\n\"a, \"\"b\"\"\",5\n".as_bytes(), ',').unwrap();
        assert_eq!(g.get((0, 0)), &Cell::Text("a".into()));
        assert_eq!(g.get((1, 1)), &Cell::Number(2.5));
        assert_eq!(g.get((1, 2)), &Cell::Empty);
        assert_eq!(g.get((1, 3)), &Cell::Text("x".into()));
        assert_eq!(g.get((2, 0)), &Cell::Number(3.0));
        assert_eq!(g.get((9, 9)), &Cell::Empty);
        assert_eq!(g.get((3, 0)), &Cell::Empty, "a blank line is a row");
        assert_eq!(g.get((4, 0)), &Cell::Text("a, \"b\"".into()));
        assert_eq!(g.get((4, 1)), &Cell::Number(5.0));
        assert_eq!((g.height(), g.width()), (5, 4));
        let t = delimited(b"1\t2\n", '\t').unwrap();
        assert_eq!(t.get((0, 1)), &Cell::Number(2.0));
    }

    #[test]
    fn grids_have_an_origin() {
        let g = Grid::new((2, 3), vec![vec![Cell::Number(1.0)]]);
        assert_eq!(g.get((2, 3)), &Cell::Number(1.0));
        assert_eq!(g.get((0, 0)), &Cell::Empty);
        assert_eq!((g.height(), g.width()), (3, 4));
    }

    #[test]
    fn delimiters() {
        assert_eq!(delimiter(","), Ok(','));
        assert_eq!(delimiter("\\t"), Ok('\t'));
        assert_eq!(delimiter(""), Ok('\t'));
        assert!(delimiter("Sheet1").is_err());
    }

    #[test]
    fn missing_and_unreadable_files_are_errors() {
        // Removed on drop if an assertion panics.
        let tmp = tempfile::Builder::new().prefix("millrace-data-files-").tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        std::fs::write(dir.join("bad.xlsx"), b"not a zip").unwrap();
        std::fs::write(dir.join("a.csv"), b"1,2\n").unwrap();
        let files = Files::new(Some(dir.clone()), HashMap::new());
        assert!(files.sheet("nope.csv", ",").unwrap_err().contains("cannot read the data file"));
        assert!(files.sheet("bad.xlsx", "Sheet1").unwrap_err().contains("cannot read the workbook"));
        assert!(files.sheet(".", ",").unwrap_err().contains("not a file"));
        assert!(files.sheet("a.csv", "Sheet1").unwrap_err().contains("not a delimiter"));
        assert_eq!(files.sheet("a.csv", ",").unwrap().get((0, 1)), &Cell::Number(2.0));
        assert!(files.sheet("?data", ",").unwrap_err().contains("alias"));
        let aliased = Files::new(Some(dir.clone()), HashMap::from([("?data".to_string(), "a.csv".to_string())]));
        assert!(aliased.sheet("?data", ",").is_ok());
        let nowhere = Files::new(None, HashMap::new());
        assert!(nowhere.sheet("a.csv", ",").unwrap_err().contains("not read from a file"));
        tmp.close().unwrap();
    }
}
