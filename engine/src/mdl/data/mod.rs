//! Vensim's data functions, read while the model is read, so that the datamodel holds
//! only numbers and tables and no backend ever opens a file: `GET DIRECT CONSTANTS` /
//! `GET XLS CONSTANTS` become numbers, `... LOOKUPS` graphical functions, `... DATA`
//! graphical functions of TIME (the data equation's keyword chooses how they read
//! between points) and `... SUBSCRIPT` a range's elements. The rules are stated once in
//! docs/semantics.md ("Vensim data").
//!
//! `call.rs` recognises a call in an equation's text, `cells.rs` reads cell references,
//! `files.rs` opens the files (calamine, delimited text), `read.rs` applies Vensim's
//! rules for which cells a call reads, `external.rs` reads the data files given to a
//! run for the data variables without an equation, `vars.rs` puts what they define
//! into a variable.

mod call;
mod cells;
mod external;
mod files;
mod read;
mod vars;

pub(super) use call::{Call, Kind, parse as parse_call};
pub(super) use external::{External, spec_files};
pub(super) use files::Files;
pub(super) use vars::fill;

use std::collections::HashMap;
use std::path::Path;

use crate::datamodel::{GfKind, GraphicalFunction};
use read::Series;

/// How a data variable reads between its points: the keyword of its data equation
/// (`x :HOLD BACKWARD: := ...`); Vensim's default is interpolation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Keyword {
    #[default]
    Interpolate,
    HoldBackward,
    LookForward,
    Raw,
}

impl Keyword {
    /// `:INTERPOLATE:`, `:HOLD BACKWARD:`, `:LOOK FORWARD:`, `:RAW:` (any case and
    /// spacing, without the colons).
    pub fn parse(word: &str) -> Option<Keyword> {
        let w = word.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_uppercase();
        match w.as_str() {
            "INTERPOLATE" => Some(Keyword::Interpolate),
            "HOLD BACKWARD" => Some(Keyword::HoldBackward),
            "LOOK FORWARD" => Some(Keyword::LookForward),
            "RAW" => Some(Keyword::Raw),
            _ => None,
        }
    }
}

/// What a call defines, per element of the variable's written subscripts in
/// row-major order (one for a variable without subscripts).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Defined {
    /// `GET ... CONSTANTS`.
    Numbers(Vec<f64>),
    /// `GET ... LOOKUPS`: tables the variable is called with.
    Lookups(Vec<GraphicalFunction>),
    /// `GET ... DATA` or data given to the run: the variable is each table at TIME
    /// (an element without data is NaN, Vensim's `:NA:`). Under `:RAW:` the tables are
    /// read at TIME only where TIME is one of their times (`times`: each element's times
    /// as a table of themselves, held backward), and are NaN elsewhere.
    Data { tables: Vec<Option<GraphicalFunction>>, times: Option<Vec<Option<GraphicalFunction>>> },
}

/// What `call` defines for a variable whose written subscript ranges have these sizes.
/// `Subscript` calls define ranges, not variables: see [`subscript`].
pub(super) fn define(
    call: &Call,
    keyword: Keyword,
    shape: &[usize],
    files: &Files,
    line: u32,
) -> Result<Defined, String> {
    let count = shape.iter().product::<usize>();
    let a = &call.args;
    let whose = |e: String| format!("`{}`: {e}", call.name);
    match call.kind {
        Kind::Constants => read::constants(files, &a[0], &a[1], &a[2], shape).map(Defined::Numbers).map_err(whose),
        Kind::Lookups => {
            let series = read::series(files, &a[0], &a[1], &a[2], &a[3], count).map_err(whose)?;
            Ok(Defined::Lookups(series.into_iter().map(|s| table(s, GfKind::Continuous, line)).collect()))
        }
        Kind::Data => {
            let series = read::series(files, &a[0], &a[1], &a[2], &a[3], count).map_err(whose)?;
            Ok(data(series.into_iter().map(Some).collect(), keyword, line))
        }
        Kind::Subscript => Err(format!("`{}` defines a subscript range, not a variable", call.name)),
    }
}

/// A data variable without an equation, from the data given to the run: `name`'s
/// series, or each element's (`tuples`, row-major; none for a variable without
/// subscripts). At least one must be there.
pub(super) fn external(
    name: &str,
    tuples: &[Vec<String>],
    keyword: Keyword,
    given: &External,
    line: u32,
) -> Result<Defined, String> {
    let series: Vec<Option<Series>> = match tuples {
        [] => vec![given.get(name, &[]).cloned()],
        _ => tuples.iter().map(|t| given.get(name, t).cloned()).collect(),
    };
    if series.iter().all(Option::is_none) {
        let shown = crate::canonical::display_name(name);
        return Err(if given.files.is_empty() {
            format!("`{shown}` is a data variable (no equation): give the data file it is read from (`--data FILE`)")
        } else {
            let files: Vec<String> = given.files.iter().map(|f| format!("`{}`", f.display())).collect();
            format!("no data for the data variable `{shown}` in {}", files.join(", "))
        });
    }
    Ok(data(series, keyword, line))
}

/// Series (`None`: an element without data) as the tables of a data variable.
fn data(series: Vec<Option<Series>>, keyword: Keyword, line: u32) -> Defined {
    let times = (keyword == Keyword::Raw).then(|| {
        let of_times = |s: &Series| table(Series { xs: s.xs.clone(), ys: s.xs.clone() }, GfKind::Discrete, line);
        series.iter().map(|s| s.as_ref().map(of_times)).collect()
    });
    let tables = series.into_iter().map(|s| s.map(|s| data_table(s, keyword, line))).collect();
    Defined::Data { tables, times }
}

/// The elements a `GET ... SUBSCRIPT` call reads.
pub(super) fn subscript(call: &Call, files: &Files) -> Result<Vec<String>, String> {
    if call.kind != Kind::Subscript {
        return Err(format!("`{}` in a subscript range (only `GET ... SUBSCRIPT` defines elements)", call.name));
    }
    let a = &call.args;
    read::subscript(files, &a[0], &a[1], &a[2], &a[3], &a[4]).map_err(|e| format!("`{}`: {e}", call.name))
}

/// The data-file aliases of the model at `model`: a file name written `?name` stands
/// for a file given outside the model. Vensim keeps them in its settings; SDEverywhere
/// in `<model>_spec.json` beside the model (`"directData": {"?name": "file.xlsx"}`),
/// which is read when present. None otherwise.
pub(super) fn aliases(model: &Path) -> HashMap<String, String> {
    let Some(json) = spec(model) else { return HashMap::new() };
    let Some(map) = json.get("directData").and_then(|d| d.as_object()) else { return HashMap::new() };
    map.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect()
}

/// `<model>_spec.json` beside the model, when it is there and is JSON.
fn spec(model: &Path) -> Option<serde_json::Value> {
    let (dir, stem) = (model.parent()?, model.file_stem()?);
    let text = std::fs::read_to_string(dir.join(format!("{}_spec.json", stem.to_string_lossy()))).ok()?;
    serde_json::from_str(&text).ok()
}

fn table(s: Series, kind: GfKind, line: u32) -> GraphicalFunction {
    GraphicalFunction { name: None, kind, xs: s.xs, ys: s.ys, line }
}

/// A data series as the table read at TIME: interpolated (clamped at the ends: the end
/// values held) or held backward as they are; looked forward as a table held backward
/// whose knots after the first are moved up to the next float after the previous
/// time, so that any TIME after one time and up to the next reads the next value:
/// exact for every f64 TIME. `:RAW:` reads the values held backward, at times only.
fn data_table(s: Series, keyword: Keyword, line: u32) -> GraphicalFunction {
    match keyword {
        Keyword::Interpolate => table(s, GfKind::Continuous, line),
        Keyword::HoldBackward | Keyword::Raw => table(s, GfKind::Discrete, line),
        Keyword::LookForward => {
            let mut xs = Vec::with_capacity(s.xs.len());
            let mut ys = Vec::with_capacity(s.ys.len());
            for (i, (&x, &y)) in s.xs.iter().zip(&s.ys).enumerate() {
                let at = match i.checked_sub(1).map(|p| s.xs[p]) {
                    None => x,
                    // Looking forward reads the first point of a time: a repeated
                    // time's later points are never read.
                    Some(prev) if prev == x => continue,
                    Some(prev) => prev.next_up(),
                };
                // Past the largest float nothing reads it; a knot must be finite.
                if at.is_finite() {
                    xs.push(at);
                    ys.push(y);
                }
            }
            table(Series { xs, ys }, GfKind::Discrete, line)
        }
    }
}

#[cfg(test)]
mod tests;
