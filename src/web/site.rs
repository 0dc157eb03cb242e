//! The files of a model's page, built in memory: the same bytes are written by
//! `web -o DIR` and served by `web --serve`.
//!
//! `site.json` is the page's own description of the model (everything the blob and its
//! listing do not carry: defaults as the page shows them, units, documented ranges, the
//! slider ranges chosen here, equations and documentation, the charts). It also marks
//! the directory as a millrace site, so a later `web -o` may replace it.

use std::path::Path;

use millrace::Model;
use millrace::engine::ir::SlotKind;
use serde_json::{Value, json};

use crate::cli::vars::{Entry, kind_name, sections};

/// `generator` in site.json: what `write` looks for before replacing a directory.
pub const GENERATOR: &str = "millrace web";
pub const SITE_JSON: &str = "site.json";

/// The page's static parts, compiled into the binary so it needs no files beside it.
const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.mjs");
const STYLE_CSS: &str = include_str!("assets/style.css");
/// The same host `docs/wasm-example.html` and the Node test use: one JS host to keep right.
const HOST_JS: &str = include_str!("../../docs/millrace-host.mjs");

/// A built site: file name -> contents, in the order written.
pub struct Site {
    pub files: Vec<(String, Vec<u8>)>,
}

impl Site {
    pub fn file(&self, name: &str) -> Option<&[u8]> {
        self.files.iter().find(|(n, _)| n == name).map(|(_, b)| b.as_slice())
    }
}

/// What the page shows beyond the model itself.
pub struct Options<'a> {
    /// The variables to chart (default: the stocks, else every output).
    pub vars: Option<&'a [String]>,
    /// The page's title (default: the model file's name).
    pub title: Option<String>,
}

pub fn build(path: &Path, model: &Model, options: &Options<'_>) -> Result<Site, String> {
    let blob = model.wasm_blob().map_err(|e| format!("error: {}: {e}", path.display()))?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "model".into());
    let title = options.title.clone().unwrap_or_else(|| stem.clone());
    let charts = chart_vars(model, options.vars)?;
    let [(_, constants), _, _] = sections(model);

    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("index.html".into(), INDEX_HTML.replace("{{TITLE}}", &escape_html(&title)).into_bytes()),
        ("app.mjs".into(), APP_JS.as_bytes().to_vec()),
        ("millrace-host.mjs".into(), HOST_JS.as_bytes().to_vec()),
        ("style.css".into(), STYLE_CSS.as_bytes().to_vec()),
        ("model.wasm".into(), blob.bytes().to_vec()),
        ("model.listing.json".into(), blob.listing().as_bytes().to_vec()),
    ];
    // Every output, for the page's "add a chart" list and its hover texts.
    let outputs: Vec<Value> = model
        .program()
        .layout
        .outputs()
        .map(|v| {
            let mut entry = chart(model, &v.name);
            entry["kind"] = json!(kind_name(v.kind));
            entry
        })
        .collect();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).chain([SITE_JSON]).collect();
    let description = json!({
        "generator": GENERATOR,
        "millrace_version": env!("CARGO_PKG_VERSION"),
        "title": title,
        "model_file": path.file_name().map(|n| n.to_string_lossy().into_owned()),
        "csv_name": format!("{stem}.csv"),
        "wasm": "model.wasm",
        "listing": "model.listing.json",
        "files": names,
        "constants": constants.iter().map(|e| constant(model, e)).collect::<Vec<_>>(),
        "charts": charts.iter().map(|name| chart(model, name)).collect::<Vec<_>>(),
        "outputs": outputs,
    });
    let text = serde_json::to_string_pretty(&description).map_err(|e| format!("error: {e}"))? + "\n";
    files.push((SITE_JSON.into(), text.into_bytes()));
    Ok(Site { files })
}

/// The variables to chart, each checked by name (with a suggestion for a misspelt one),
/// as the model's layout spells them.
fn chart_vars(model: &Model, vars: Option<&[String]>) -> Result<Vec<String>, String> {
    let layout = &model.program().layout;
    let names = match vars {
        // A whole array by its bare name gives all its elements (as `run --vars`).
        Some(names) => {
            let mut chosen = Vec::new();
            for n in names {
                let found = layout.select(n);
                if found.is_empty() {
                    return Err(format!("error: --vars: unknown variable `{n}`{}", layout.hint(n)));
                }
                chosen.extend(found.into_iter().map(|v| v.name.clone()));
            }
            chosen
        }
        None => {
            let stocks: Vec<String> =
                layout.outputs().filter(|v| v.kind == SlotKind::Stock).map(|v| v.name.clone()).collect();
            if stocks.is_empty() { layout.outputs().map(|v| v.name.clone()).collect() } else { stocks }
        }
    };
    if names.is_empty() {
        return Err("error: the model has no variables to chart".into());
    }
    Ok(names)
}

fn constant(model: &Model, e: &Entry<'_>) -> Value {
    let default = e.default.unwrap_or(0.0);
    let (min, max, step) = slider_range(default, e.notes.range);
    json!({
        "name": e.var.name,
        "default": default,
        "units": e.notes.units,
        "range": e.notes.range.map(|(lo, hi)| [lo, hi]),
        "slider": { "min": min, "max": max, "step": step },
        "doc": e.notes.doc,
        "equation": model.equation(&e.var.name),
    })
}

fn chart(model: &Model, name: &str) -> Value {
    let notes = model.notes(name).cloned().unwrap_or_default();
    json!({ "name": name, "units": notes.units, "doc": notes.doc, "equation": model.equation(name) })
}

/// A slider's `(min, max, step)`: the documented range when the file gives one, else
/// from 0 to twice the default (from twice the default to 0 when it is negative, 0 to 1
/// when it is 0); either way widened to hold the default. The step is the power of ten
/// nearest below a hundredth of the range, so slider values are short decimals that
/// read back as typed (`--set NAME=VALUE` with the number shown reproduces the run).
pub fn slider_range(default: f64, documented: Option<(f64, f64)>) -> (f64, f64, f64) {
    let finite = if default.is_finite() { default } else { 0.0 };
    let (mut lo, mut hi) = match documented {
        Some((lo, hi)) if lo.is_finite() && hi.is_finite() && lo < hi => (lo, hi),
        _ if finite > 0.0 => (0.0, 2.0 * finite),
        _ if finite < 0.0 => (2.0 * finite, 0.0),
        _ => (0.0, 1.0),
    };
    lo = lo.min(finite);
    hi = hi.max(finite);
    if !(hi - lo).is_finite() || hi <= lo {
        return (lo, hi.max(lo + 1.0), 1.0);
    }
    let step = 10f64.powf(((hi - lo) / 100.0).log10().floor());
    // 10^-3 printed from powf can be 0.0010000000000000002: round to the decimal it names.
    let step: f64 = format!("{step:.0e}").parse().unwrap_or(step);
    (lo, hi, step)
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::slider_range;

    #[test]
    fn slider_ranges_follow_the_documented_rule() {
        assert_eq!(slider_range(70.0, None), (0.0, 140.0, 1.0));
        assert_eq!(slider_range(10.0, None), (0.0, 20.0, 0.1));
        assert_eq!(slider_range(-5.0, None), (-10.0, 0.0, 0.1));
        assert_eq!(slider_range(0.0, None), (0.0, 1.0, 0.01));
        assert_eq!(slider_range(3.0, Some((1.0, 5.0))), (1.0, 5.0, 0.01));
        // A default outside the documented range widens it: the default stays reachable.
        assert_eq!(slider_range(9.0, Some((1.0, 5.0))), (1.0, 9.0, 0.01));
        assert_eq!(slider_range(0.003, None), (0.0, 0.006, 0.00001));
    }
}
