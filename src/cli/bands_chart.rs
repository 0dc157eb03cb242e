//! `batch --plot`: the sensitivity bands of each chosen variable (median line; 50, 75,
//! 95 and 100% envelopes shaded, darker toward the middle), one panel per variable.

use millrace::output::AtomicFile;

use millrace::batch::bands::{Band, Bands, ENVELOPES};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::plot::{register_font, tick};

const BAND_COLOUR: RGBColor = RGBColor(0, 114, 178);
/// Opacity of each envelope, in `ENVELOPES` order (widest, lightest, first).
const BAND_ALPHA: [f64; 4] = [0.15, 0.25, 0.35, 0.5];

/// Draws into `file`'s temporary path (renamed over the target by the caller's commit);
/// messages name the target.
pub fn draw(bands: &Bands, title: &str, file: &AtomicFile) -> Result<(), String> {
    let (out, shown) = (file.path(), file.target());
    let width = 960;
    let height = 80 + 360 * bands.bands.len().max(1) as u32;
    register_font().map_err(|e| format!("error: --plot {}: {e}", shown.display()))?;
    let failed = |e: String| format!("error: drawing {}: {e}", shown.display());
    match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("svg") => draw_on(SVGBackend::new(out, (width, height)).into_drawing_area(), bands, title).map_err(failed),
        Some("png") => {
            draw_on(BitMapBackend::new(out, (width, height)).into_drawing_area(), bands, title).map_err(failed)
        }
        _ => Err(format!("error: --plot {}: write a .svg or a .png file", shown.display())),
    }
}

fn draw_on<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, bands: &Bands, title: &str) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let heading = format!("{title}: {} runs (median; 50, 75, 95, 100% of runs)", bands.runs);
    let root = root.titled(&heading, ("sans-serif", 24)).map_err(err)?;
    let panels = root.split_evenly((bands.bands.len().max(1), 1));
    for (band, panel) in bands.bands.iter().zip(&panels) {
        draw_band(panel, &bands.time, band).map_err(err)?;
    }
    root.present().map_err(err)
}

/// The finite range of everything drawn, padded a little.
fn y_range(band: &Band) -> (f64, f64) {
    let all = band.envelopes.iter().flatten().flat_map(|&(lo, hi)| [lo, hi]).chain(band.median.iter().copied());
    let (lo, hi) =
        all.filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if lo > hi {
        return (0.0, 1.0);
    }
    let pad = if hi > lo { (hi - lo) * 0.05 } else { lo.abs().max(1.0) * 0.05 };
    (lo - pad, hi + pad)
}

fn draw_band<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    time: &[f64],
    band: &Band,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let t0 = time.first().copied().unwrap_or(0.0);
    let t1 = time.last().copied().filter(|&t| t > t0).unwrap_or(t0 + 1.0);
    let (y0, y1) = y_range(band);
    let mut chart = ChartBuilder::on(area)
        .caption(&band.name, ("sans-serif", 18))
        .margin(12)
        .margin_right(40)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(t0..t1, y0..y1)?;
    chart
        .configure_mesh()
        .x_desc("time")
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .label_style(("sans-serif", 14))
        .draw()?;
    for (k, envelope) in band.envelopes.iter().enumerate() {
        // The envelope as one polygon: along the high edge, back along the low one.
        let finite = |&(t, (lo, hi)): &(f64, (f64, f64))| lo.is_finite() && hi.is_finite() && t.is_finite();
        let points: Vec<(f64, (f64, f64))> =
            time.iter().copied().zip(envelope.iter().copied()).filter(finite).collect();
        let outline: Vec<(f64, f64)> = points
            .iter()
            .map(|&(t, (_, hi))| (t, hi))
            .chain(points.iter().rev().map(|&(t, (lo, _))| (t, lo)))
            .collect();
        let style = BAND_COLOUR.mix(BAND_ALPHA[k]).filled();
        chart
            .draw_series(std::iter::once(Polygon::new(outline, style)))?
            .label(format!("{}% of runs", ENVELOPES[k]))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], style));
    }
    let median = time.iter().copied().zip(band.median.iter().copied()).filter(|(_, v)| v.is_finite());
    chart
        .draw_series(LineSeries::new(median, BLACK.stroke_width(2)))?
        .label("median")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
}
