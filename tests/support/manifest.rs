//! The corpus manifest (`MANIFEST.tsv`) and the committed list of passing model files.

use std::collections::BTreeMap;

/// One row of `MANIFEST.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Also the case's directory under `cases/`, e.g. `xmile/teacup`.
    pub id: String,
    pub tier: String,
    pub format: String,
    pub models: Vec<String>,
    /// The expected-output file, relative to the case directory.
    pub expected: String,
}

/// Parses the manifest. Columns are found by their header names, so a corpus that adds
/// or reorders columns still reads.
pub fn parse_manifest(text: &str) -> Result<Vec<Case>, String> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let (_, header) = lines.next().ok_or("MANIFEST.tsv is empty")?;
    let header: Vec<&str> = header.split('\t').map(str::trim).collect();
    let col = |name: &str| header.iter().position(|h| *h == name).ok_or(format!("MANIFEST.tsv has no `{name}` column"));
    let (id, tier, format, models, expected) =
        (col("id")?, col("tier")?, col("format")?, col("models")?, col("expected")?);
    let mut cases = Vec::new();
    for (n, line) in lines {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let cell = |i: usize| {
            cells.get(i).map(|s| s.to_string()).ok_or(format!("MANIFEST.tsv line {}: too few columns", n + 1))
        };
        cases.push(Case {
            id: cell(id)?,
            tier: cell(tier)?,
            format: cell(format)?,
            models: cell(models)?.split(',').map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned).collect(),
            expected: cell(expected)?,
        });
    }
    Ok(cases)
}

/// `tests/conformance/passing.txt`: model files (relative to `cases/`) that passed once
/// and must keep passing. Full-line `#` comments and a trailing ` # note` are allowed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PassingList {
    /// The leading comment block, kept verbatim.
    header: Vec<String>,
    /// Each path with its lines: the comments just above it, then its own line.
    entries: BTreeMap<String, Vec<String>>,
    /// Comments after the last entry, kept at the end.
    trailer: Vec<String>,
}

impl PassingList {
    pub fn parse(text: &str) -> PassingList {
        let mut list = PassingList::default();
        for line in text.lines() {
            let body = line.trim();
            if body.is_empty() || body.starts_with('#') {
                let block = if list.entries.is_empty() { &mut list.header } else { &mut list.trailer };
                block.push(line.to_owned());
                continue;
            }
            // Comments between entries travel with the entry below them when sorting.
            let mut lines = std::mem::take(&mut list.trailer);
            lines.push(line.to_owned());
            let path = entry_path(body).to_owned();
            list.entries.entry(path).or_default().append(&mut lines);
        }
        list
    }

    pub fn contains(&self, path: &str) -> bool {
        self.entries.contains_key(path)
    }

    /// The listed paths, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Adds paths not yet listed; never removes one.
    pub fn add(&mut self, paths: impl IntoIterator<Item = String>) {
        for path in paths {
            self.entries.entry(path.clone()).or_insert_with(|| vec![path]);
        }
    }

    /// The file text: the header, the entries sorted by path, the trailing comments.
    pub fn render(&self) -> String {
        let lines = self.entries.values().flatten();
        let mut out = String::new();
        for line in self.header.iter().chain(lines).chain(&self.trailer) {
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// The path of an entry line: what precedes a ` # note`.
fn entry_path(body: &str) -> &str {
    let end = body
        .char_indices()
        .find(|&(i, c)| c == '#' && body[..i].ends_with(char::is_whitespace))
        .map_or(body.len(), |(i, _)| i);
    body[..end].trim()
}
