//! `millrace plot`: one run's time series of chosen variables as an SVG or PNG chart
//! (plotters): a title, both axes labelled (units when the file gives them), a legend.

use std::path::{Path, PathBuf};

use millrace::output::AtomicFile;
use millrace::{Backend, Model, Results};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::run::{parse_set, run_selected};
use super::{SpecArgs, open_with};

/// Line colours, in legend order (distinct on white and for common colour blindness:
/// the Okabe-Ito palette).
const COLOURS: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
];

const SIZE: (u32, u32) = (960, 600);

/// What `plot` was asked for.
pub struct PlotArgs<'a> {
    pub specs: &'a SpecArgs,
    pub backend: Backend,
    pub sets: &'a [String],
    pub vars: Option<&'a [String]>,
    pub title: Option<String>,
    pub output: PathBuf,
}

/// The variables to draw by default: the stocks (what changes over time), else every
/// output.
fn default_vars(model: &Model) -> Vec<String> {
    let layout = &model.program().layout;
    let stocks: Vec<String> =
        layout.outputs().filter(|v| v.kind == millrace::engine::ir::SlotKind::Stock).map(|v| v.name.clone()).collect();
    if stocks.is_empty() { layout.outputs().map(|v| v.name.clone()).collect() } else { stocks }
}

pub fn plot(path: &Path, args: PlotArgs<'_>) -> Result<(), String> {
    let format = match args.output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("svg") => Format::Svg,
        Some("png") => Format::Png,
        _ => return Err(format!("error: -o {}: write a .svg or a .png file", args.output.display())),
    };
    let overrides = args.sets.iter().map(|s| parse_set(s)).collect::<Result<Vec<_>, _>>()?;
    // The chart is drawn into a temporary file beside the target, created before the
    // run (an unwritable path fails first) and renamed over the target once drawn.
    let file = AtomicFile::create(&args.output).map_err(|e| format!("error: -o {e}"))?;
    let model = open_with(path, args.specs)?;
    let names = args.vars.map(<[String]>::to_vec).unwrap_or_else(|| default_vars(&model));
    if names.is_empty() {
        return Err(format!("error: {}: the model has no variables to plot", path.display()));
    }
    let results =
        run_selected(&model, args.backend, &overrides, &names, millrace::engine::numerics::random::DEFAULT_SEED)
            .map_err(|e| format!("error: {e}"))?;
    let title = args.title.unwrap_or_else(|| {
        path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "model".into())
    });
    let chart = Chart::new(&model, &results, title);
    let (out, shown) = (file.path(), args.output.display());
    let failed = |e: String| format!("error: drawing {shown}: {e}");
    register_font().map_err(|e| format!("error: -o {shown}: {e}"))?;
    match format {
        Format::Svg => chart.draw(SVGBackend::new(out, SIZE).into_drawing_area()).map_err(failed)?,
        Format::Png => chart.draw(BitMapBackend::new(out, SIZE).into_drawing_area()).map_err(failed)?,
    }
    file.commit().map_err(|e| format!("error: {e}"))?;
    eprintln!("wrote {shown}");
    Ok(())
}

enum Format {
    Svg,
    Png,
}

/// Fonts tried, in order: plotters lays text out (and draws a PNG's) with a TrueType
/// font it is given. `MILLRACE_FONT` names another TrueType file.
const FONT_FILES: [&str; 4] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial.ttf",
];

/// Registers a TrueType font as plotters' "sans-serif".
pub(super) fn register_font() -> Result<(), String> {
    let from_env = std::env::var("MILLRACE_FONT").ok();
    let candidates = from_env.iter().map(String::as_str).chain(FONT_FILES);
    for file in candidates {
        if let Ok(bytes) = std::fs::read(file) {
            // plotters keeps the font for the life of the process.
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            return plotters::style::register_font("sans-serif", FontStyle::Normal, bytes)
                .map_err(|_| format!("{file} is not a TrueType font plotters can read"));
        }
    }
    Err(format!(
        "a chart needs a TrueType font for its text and none was found (tried {}; set MILLRACE_FONT=FILE.ttf \
         or install fonts-dejavu-core)",
        FONT_FILES.join(", ")
    ))
}

/// A tick label: plain for everyday magnitudes, scientific beyond them, never with a
/// long tail of digits.
pub(super) fn tick(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e5).contains(&a) {
        return format!("{v:.2e}");
    }
    let text = format!("{v:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

/// The data and the labels of one chart.
struct Chart {
    title: String,
    time: Vec<f64>,
    /// Legend label and values of each line.
    lines: Vec<(String, Vec<f64>)>,
    y_label: String,
}

impl Chart {
    fn new(model: &Model, results: &Results, title: String) -> Chart {
        let column = |i: usize| results.rows.iter().map(|r| r[i]).collect::<Vec<f64>>();
        let units = |name: &str| model.notes(name).and_then(|n| n.units.clone());
        let lines: Vec<(String, Vec<f64>)> = (1..results.names.len())
            .map(|i| {
                let name = &results.names[i];
                let label = match units(name) {
                    Some(u) => format!("{name} [{u}]"),
                    None => name.clone(),
                };
                (label, column(i))
            })
            .collect();
        // One unit shared by every line labels the axis; mixed units stay in the legend.
        let all_units: Vec<Option<String>> = results.names[1..].iter().map(|n| units(n)).collect();
        let y_label = match all_units.first() {
            Some(Some(u)) if all_units.iter().all(|x| x.as_deref() == Some(u)) => u.clone(),
            _ => "value".to_owned(),
        };
        Chart { title, time: column(0), lines, y_label }
    }

    /// The axis ranges over the finite values (a NaN or infinity is not drawn), padded
    /// so a flat line is not on the frame.
    fn bounds(&self) -> ((f64, f64), (f64, f64)) {
        let span = |values: &mut dyn Iterator<Item = f64>| {
            let (lo, hi) = values
                .filter(|v| v.is_finite())
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
            if lo > hi { (0.0, 1.0) } else { (lo, hi) }
        };
        let (t0, t1) = span(&mut self.time.iter().copied());
        let (y0, y1) = span(&mut self.lines.iter().flat_map(|(_, v)| v.iter().copied()));
        let pad = if y1 > y0 { (y1 - y0) * 0.05 } else { y0.abs().max(1.0) * 0.05 };
        let t1 = if t1 > t0 { t1 } else { t0 + 1.0 };
        ((t0, t1), (y0 - pad, y1 + pad))
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> Result<(), String> {
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        root.fill(&WHITE).map_err(err)?;
        let ((t0, t1), (y0, y1)) = self.bounds();
        let mut chart = ChartBuilder::on(&root)
            .caption(&self.title, ("sans-serif", 28))
            .margin(16)
            .margin_right(40)
            .x_label_area_size(48)
            .y_label_area_size(80)
            .build_cartesian_2d(t0..t1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc("time")
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .y_desc(&self.y_label)
            .label_style(("sans-serif", 15))
            .axis_desc_style(("sans-serif", 17))
            .draw()
            .map_err(err)?;
        for (i, (label, values)) in self.lines.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            // A NaN or infinity breaks the line rather than being drawn at a made-up place.
            let points: Vec<(f64, f64)> = self.time.iter().copied().zip(values.iter().copied()).collect();
            let segments = points.split(|(_, v)| !v.is_finite()).filter(|s| !s.is_empty());
            let mut first = true;
            for segment in segments {
                let series =
                    chart.draw_series(LineSeries::new(segment.iter().copied(), colour.stroke_width(2))).map_err(err)?;
                if first {
                    series
                        .label(label)
                        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(3)));
                    first = false;
                }
            }
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 15))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(err)?;
        root.present().map_err(err)
    }
}
