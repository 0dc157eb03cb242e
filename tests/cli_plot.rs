//! `millrace plot`: an SVG whose line is the run's series (one point per saved row, in
//! the run's shape), with a title, axis labels with units, a legend; a PNG of the
//! stated size; clear errors for a bad name or format.

use std::process::{Command, Output};

use tempfile::TempDir;

fn millrace(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_millrace")).args(args).output().expect("the millrace binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh temporary directory, removed when dropped (also when the test panics).
fn out_dir(test: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("millrace-cli-plot-{test}-")).tempdir().unwrap()
}

/// The `points` of every polyline drawn in `colour` (the first line's colour).
fn lines_in(svg: &str, colour: &str) -> Vec<Vec<(f64, f64)>> {
    svg.split("<polyline")
        .skip(1)
        .filter(|p| p.contains(&format!("stroke=\"{colour}\"")))
        .filter_map(|p| {
            let points = p.split("points=\"").nth(1)?.split('"').next()?;
            Some(
                points
                    .split_whitespace()
                    .map(|xy| {
                        let (x, y) = xy.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn an_svg_chart_draws_the_runs_series_with_labels() {
    let dir = out_dir("svg");
    let file = dir.path().join("chart.svg");
    let out = millrace(&[
        "plot",
        "tests/models/world3/world3.xmile",
        "--vars",
        "population",
        "--stop",
        "2000",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = std::fs::read_to_string(&file).unwrap();
    for text in ["world3", "time", "Person", "population [Person]"] {
        assert!(svg.contains(&format!(">\n{text}\n</text>")) || svg.contains(&format!(">{text}<")), "no `{text}`");
    }
    // The line: one point per saved row (1900..2000 every 0.5 year: 201), pixels left
    // to right; the population grows over the century, so it ends higher (smaller y).
    let lines = lines_in(&svg, "#0072B2");
    let line = lines.iter().find(|l| l.len() > 2).expect("the data line");
    assert_eq!(line.len(), 201);
    assert!(line.windows(2).all(|w| w[1].0 >= w[0].0), "time runs left to right");
    assert!(line.last().unwrap().1 < line[0].1, "population rises: {:?} -> {:?}", line[0], line.last());
}

#[test]
fn a_png_chart_has_the_stated_size() {
    let dir = out_dir("png");
    let file = dir.path().join("chart.png");
    let out =
        millrace(&["plot", "examples/teacup.xmile", "--set", "Room Temperature=20", "-o", file.to_str().unwrap()]);
    if stderr(&out).contains("needs a TrueType font") {
        // Only without any system font; .ci/run installs fonts-dejavu-core.
        assert!(std::env::var("MILLRACE_REQUIRE_TOOLS").is_err(), "{}", stderr(&out));
        let _ = std::io::Write::write_all(
            &mut std::io::stderr().lock(),
            b"skipped: no TrueType font for the PNG (this test passed WITHOUT running)\n",
        );
        return;
    }
    assert!(out.status.success(), "{}", stderr(&out));
    let png = std::fs::read(&file).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    assert_eq!((be(16), be(20)), (960, 600), "IHDR width and height");
}

#[test]
fn plot_errors_are_clear() {
    let dir = out_dir("errors");
    let svg = dir.path().join("x.svg");
    let out = millrace(&["plot", "examples/teacup.xmile", "--vars", "Teacup Temprature", "-o", svg.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("(did you mean `Teacup Temperature`?)"), "{}", stderr(&out));
    assert!(!svg.exists(), "nothing is written for a failed plot");
    let out = millrace(&["plot", "examples/teacup.xmile", "-o", dir.path().join("x.jpg").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("write a .svg or a .png file"), "{}", stderr(&out));
}
