//! The page of `millrace web` in headless Chromium, driven over the DevTools protocol
//! (tests/common/cdp.rs): a slider is moved (by script, and by the arrow keys), a number
//! typed into a field, reset pressed; after each, the chart's data and the CSV the page
//! offers must be exactly what `millrace run --set NAME=VALUE` writes for the value the
//! page shows. The teacup calls no transcendental function, so the browser's `Math.*`
//! cannot differ from Rust's (docs/wasm.md): the comparison is bit for bit.
//!
//! Skipped when `chromium` is missing (a failure under MILLRACE_REQUIRE_TOOLS=1;
//! `.ci/run` installs Debian's chromium).

#[path = "common/cdp.rs"]
mod cdp;
mod common;

use std::io::{BufRead, BufReader};
use std::process::Child;

use common::cli::{millrace, spawn, stderr, stdout};
use serde_json::Value;

const TEACUP: &str = "examples/teacup.xmile";

/// `millrace web MODEL --serve --port 0`, killed when dropped (also on a failed assert).
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(model: &str) -> Server {
        let mut child = spawn(&["web", model, "--serve", "--port", "0"]);
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.split_whitespace().nth(1).unwrap_or_default().to_owned();
        let server = Server { child, url };
        assert!(server.url.starts_with("http://127.0.0.1:"), "web --serve printed {line:?}");
        server
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `millrace run MODEL --set ...` (and `--vars`): its CSV text.
fn run_csv(sets: &[(&str, &str)], vars: Option<&str>) -> String {
    let mut args = vec!["run".to_owned(), TEACUP.to_owned()];
    for (name, value) in sets {
        args.extend(["--set".to_owned(), format!("{name}={value}")]);
    }
    if let Some(vars) = vars {
        args.extend(["--vars".to_owned(), vars.to_owned()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = millrace(&args, "");
    assert_eq!(out.status.code(), Some(0), "millrace {args:?}: {}", stderr(&out));
    stdout(&out)
}

/// The chart of `var`: its values as the page formats them, parsed back to bits.
fn chart_bits(page: &mut cdp::Page<'_>, var: &str) -> Vec<u64> {
    let expression = format!("document.querySelector('svg.chart[data-var=\"{var}\"]').dataset.values");
    let text = page.eval(&expression).unwrap();
    let text = text.as_str().unwrap_or_else(|| panic!("no chart data for {var}: {text}"));
    text.split(',')
        .map(|v| v.parse::<f64>().unwrap_or_else(|_| panic!("`{v}` in the chart of {var}")).to_bits())
        .collect()
}

/// The column `var` of a `millrace run` CSV, as bits.
fn csv_bits(csv: &str, var: &str) -> Vec<u64> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header.iter().position(|h| *h == var).unwrap_or_else(|| panic!("no column {var} in {header:?}"));
    lines.map(|l| l.split(',').nth(i).unwrap().parse::<f64>().unwrap().to_bits()).collect()
}

fn field(page: &mut cdp::Page<'_>, name: &str) -> String {
    let value = page.eval(&format!("document.querySelector('input[type=text][data-name=\"{name}\"]').value")).unwrap();
    value.as_str().unwrap().to_owned()
}

/// Runs `action` in the page and waits for the run it starts to finish.
fn after_run(page: &mut cdp::Page<'_>, action: impl FnOnce(&mut cdp::Page<'_>)) {
    let runs = page.eval("Number(document.body.dataset.runs)").unwrap().as_u64().unwrap();
    action(page);
    page.wait_for(&format!("Number(document.body.dataset.runs) > {runs}")).unwrap();
}

/// The page's chart and its CSV are `millrace run`'s for the values its fields show.
fn assert_page_is_run(page: &mut cdp::Page<'_>, what: &str) {
    let sets = [
        ("Characteristic Time", field(page, "Characteristic Time")),
        ("Room Temperature", field(page, "Room Temperature")),
    ];
    let sets: Vec<(&str, &str)> = sets.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let csv = run_csv(&sets, None);
    let page_csv = page.eval("window.millraceSite.csv()").unwrap();
    let page_csv = page_csv.as_str().unwrap();
    // The first line that differs, not two whole tables.
    let differs = page_csv.lines().zip(csv.lines()).enumerate().find(|(_, (a, b))| a != b);
    assert_eq!(differs, None, "{what}: line (page, run) of the CSV for {sets:?}");
    assert_eq!(page_csv, csv, "{what}: the page's CSV is `millrace run`'s for {sets:?}");
    let chart = chart_bits(page, "Teacup Temperature");
    assert_eq!(chart.len(), 241, "{what}");
    assert_eq!(chart, csv_bits(&run_csv(&sets, Some("Teacup Temperature")), "Teacup Temperature"), "{what}: {sets:?}");
}

#[test]
fn the_page_reruns_the_model_as_a_slider_moves() {
    if !common::tool_available("chromium", "--version") {
        return;
    }
    let server = Server::start(TEACUP);
    // Declared before the browser, so it is removed only after `Browser`'s drop has waited
    // for Chromium to exit, also when the test panics.
    let profile = tempfile::Builder::new().prefix("millrace-web-browser-").tempdir().unwrap();
    let mut browser = cdp::Browser::launch(profile.path());
    let mut page = browser.open(&server.url).unwrap();
    page.wait_for("['ready', 'error'].includes(document.body?.dataset.state)").unwrap();
    let status = page.eval("document.getElementById('status').textContent").unwrap();
    assert_eq!(page.eval("document.body.dataset.state").unwrap(), "ready", "page status: {status}");

    // The defaults first: what `millrace run` writes with no --set.
    assert_eq!(field(&mut page, "Room Temperature"), "70");
    assert_page_is_run(&mut page, "at the defaults");
    let default_chart = chart_bits(&mut page, "Teacup Temperature");

    // A slider moved to 35 (as a drag ends: the value, then an input event).
    after_run(&mut page, |page| {
        page.eval(
            "(() => { const s = document.querySelector('input[type=range][data-name=\"Room Temperature\"]');
                      s.value = '35'; s.dispatchEvent(new Event('input', { bubbles: true })); })()",
        )
        .unwrap();
    });
    assert_eq!(field(&mut page, "Room Temperature"), "35", "the field follows the slider");
    assert_page_is_run(&mut page, "Room Temperature slid to 35");
    assert_ne!(chart_bits(&mut page, "Teacup Temperature"), default_chart, "the chart changed");

    // Three presses of the right arrow on the other slider: 10 + 3 steps of 0.1.
    page.eval("document.querySelector('input[type=range][data-name=\"Characteristic Time\"]').focus()").unwrap();
    for _ in 0..3 {
        after_run(&mut page, |page| page.press("ArrowRight", 39).unwrap());
    }
    assert_eq!(field(&mut page, "Characteristic Time"), "10.3", "arrow keys step the slider");
    assert_page_is_run(&mut page, "Characteristic Time stepped by the keyboard");

    // A value typed into a field, off the slider's steps.
    page.eval("document.querySelector('input[type=text][data-name=\"Room Temperature\"]').select()").unwrap();
    after_run(&mut page, |page| page.type_text("21.123456789").unwrap());
    assert_eq!(field(&mut page, "Room Temperature"), "21.123456789");
    assert_page_is_run(&mut page, "Room Temperature typed");

    // Download CSV saves the very file `millrace run --set` writes for the values shown.
    let downloads = profile.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let behavior = serde_json::json!({ "behavior": "allow", "downloadPath": downloads.to_str().unwrap() });
    page.call_browser("Browser.setDownloadBehavior", behavior).unwrap();
    page.eval("document.getElementById('download').click()").unwrap();
    let saved = downloads.join("teacup.csv");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !saved.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let saved = std::fs::read_to_string(&saved).unwrap_or_else(|e| panic!("no download at {}: {e}", saved.display()));
    let sets = [("Characteristic Time", "10.3"), ("Room Temperature", "21.123456789")];
    assert!(saved == run_csv(&sets, None), "the downloaded CSV is `millrace run --set`'s");

    // Reset: the defaults again, bit for bit.
    after_run(&mut page, |page| {
        page.eval("document.getElementById('reset').click()").unwrap();
    });
    assert_eq!(field(&mut page, "Room Temperature"), "70");
    assert_eq!(chart_bits(&mut page, "Teacup Temperature"), default_chart);

    // The hover texts: a constant's documentation, a stock's equation.
    let hovers = page.eval("[...document.querySelectorAll('.constant, .chart-head')].map((e) => e.title)").unwrap();
    let hovers: Vec<&str> = hovers.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(
        hovers.iter().any(|t| t.contains("Room Temperature") && t.contains("Ambient Room Temperature")),
        "{hovers:?}"
    );
    assert!(hovers.iter().any(|t| t.contains("= INTEG(-\"Heat Loss to Room\", 180)")), "{hovers:?}");
    // A chart added from the list shows the last run at once, as `run` writes it...
    page.eval(
        "(() => { const s = document.getElementById('add-chart'); s.value = 'Heat Loss to Room';
                  s.dispatchEvent(new Event('change')); })()",
    )
    .unwrap();
    let defaults = run_csv(&[], None);
    assert_eq!(chart_bits(&mut page, "Heat Loss to Room"), csv_bits(&defaults, "Heat Loss to Room"));
    // ...and follows the next run; its remove button takes it away.
    after_run(&mut page, |page| {
        page.eval(
            "(() => { const s = document.querySelector('input[type=range][data-name=\"Characteristic Time\"]');
                      s.value = '4.5'; s.dispatchEvent(new Event('input', { bubbles: true })); })()",
        )
        .unwrap();
    });
    let moved = run_csv(&[("Characteristic Time", "4.5")], None);
    assert_eq!(chart_bits(&mut page, "Heat Loss to Room"), csv_bits(&moved, "Heat Loss to Room"));
    page.eval("document.querySelector('svg.chart[data-var=\"Heat Loss to Room\"]').closest('figure').querySelector('button').click()").unwrap();
    assert_eq!(page.eval("document.querySelectorAll('svg.chart').length").unwrap(), 1);

    // The filter hides the constants whose names do not hold its text.
    page.eval("(() => { const f = document.getElementById('filter'); f.value = 'room'; f.dispatchEvent(new Event('input')); })()").unwrap();
    let shown = page.eval("[...document.querySelectorAll('.constant')].filter((e) => !e.hidden).map((e) => e.querySelector('label').firstChild.textContent)").unwrap();
    assert_eq!(shown, serde_json::json!(["Room Temperature"]));

    check_number_format(&mut page);
}

/// The page's `formatValue` writes every f64 as `millrace run` does (`format_f64`):
/// the edges of the plain-decimal band, signed zeros, non-finite values, subnormals and
/// a spread of arbitrary bit patterns. The values go in as bits, so none is rounded on
/// the way.
fn check_number_format(page: &mut cdp::Page<'_>) {
    let mut values = vec![
        0.0,
        -0.0,
        1e-5,
        9.999999999999999e-6,
        1e-6,
        1e-7,
        1e16,
        9999999999999998.0,
        1e21,
        1.5e300,
        -2.5e-308,
        5e-324,
        0.1,
        1.0 / 3.0,
        123456789012345680.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN_POSITIVE,
    ];
    // xorshift64: fixed, spread over every exponent.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..2000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        values.push(f64::from_bits(x));
    }
    let bits: Vec<String> = values.iter().map(|v| format!("0x{:x}n", v.to_bits())).collect();
    let expression = format!(
        "import('./app.mjs').then(({{ formatValue }}) => {{
            const f = new Float64Array(new BigUint64Array([{}]).buffer);
            return Array.from(f, formatValue);
        }})",
        bits.join(",")
    );
    let page_text = page.eval(&expression).unwrap();
    let page_text: Vec<&str> = page_text.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for (v, text) in values.iter().zip(&page_text) {
        assert_eq!(*text, millrace::engine::results::format_f64(*v), "the page formats {v:?} (bits {:x})", v.to_bits());
    }
}
