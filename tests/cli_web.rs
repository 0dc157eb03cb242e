//! `millrace web`: the site's files, the page's JSON (every constant `vars` lists, with
//! default and slider range; the charts), the refusal to clobber a directory, and
//! `--serve` serving the very bytes `-o` writes. The page in a real browser is
//! tests/web_browser.rs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;

use common::cli::{millrace, spawn, stderr};
use serde_json::Value;
use tempfile::TempDir;

const TEACUP: &str = "examples/teacup.xmile";
const WORLD3: &str = "tests/models/world3/world3.xmile";
const FILES: [&str; 7] =
    ["index.html", "app.mjs", "millrace-host.mjs", "style.css", "model.wasm", "model.listing.json", "site.json"];

/// A fresh, empty temporary directory, removed when dropped (also when the test panics).
fn out_dir(test: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("millrace-cli-web-{test}-")).tempdir().unwrap()
}

fn site_json(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("site.json")).unwrap()).expect("site.json is JSON")
}

fn web_ok(args: &[&str]) {
    let out = millrace(args, "");
    assert_eq!(out.status.code(), Some(0), "millrace {args:?}: {}", stderr(&out));
}

#[test]
fn the_site_has_its_files_and_lists_every_constant_of_world3() {
    let dir = out_dir("world3");
    let site = dir.path().join("site");
    web_ok(&["web", WORLD3, "-o", site.to_str().unwrap()]);
    for file in FILES {
        let meta = std::fs::metadata(site.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(meta.len() > 0, "{file} is empty");
    }
    let json = site_json(&site);
    assert_eq!(json["generator"], "millrace web");

    // Every constant `vars --json` lists, in its order, with its default and units.
    let vars = millrace(&["vars", WORLD3, "--json"], "");
    let vars: Value = serde_json::from_slice(&vars.stdout).unwrap();
    let listed = vars["constants"].as_array().unwrap();
    let page = json["constants"].as_array().unwrap();
    assert_eq!(page.len(), 78);
    assert_eq!(page.len(), listed.len());
    for (p, v) in page.iter().zip(listed) {
        assert_eq!((&p["name"], &p["default"], &p["units"]), (&v["name"], &v["default"], &v["units"]));
        let (min, max) = (p["slider"]["min"].as_f64().unwrap(), p["slider"]["max"].as_f64().unwrap());
        let default = p["default"].as_f64().unwrap();
        assert!(min <= default && default <= max && min < max, "the default is on its slider: {p}");
        assert!(p["equation"].is_string(), "a constant's equation is shown: {p}");
    }
    // The charts default to the stocks, with their equations (INTEG) for the hover text.
    let charts = json["charts"].as_array().unwrap();
    assert_eq!(charts.len(), vars["stocks"].as_array().unwrap().len());
    assert!(charts.iter().all(|c| c["equation"].as_str().is_some_and(|e| e.starts_with("INTEG("))), "{charts:?}");

    // The blob is the one `emit-wasm` writes.
    let wasm = site.with_file_name("emitted.wasm");
    web_ok(&["emit-wasm", WORLD3, "-o", wasm.to_str().unwrap()]);
    assert_eq!(std::fs::read(&wasm).unwrap(), std::fs::read(site.join("model.wasm")).unwrap());
}

#[test]
fn a_documented_range_is_the_slider_and_vars_choose_the_charts() {
    let dir = out_dir("range");
    let model = dir.path().join("model.xmile");
    let variables = r#"<aux name="growth"><eqn>0.05</eqn><range min="0" max="0.2"/><doc>Per year</doc></aux>
<aux name="unranged"><eqn>30</eqn></aux>
<stock name="stock"><eqn>100</eqn><inflow>inflow</inflow></stock>
<flow name="inflow"><eqn>stock * growth + unranged</eqn></flow>"#;
    std::fs::write(&model, common::xmile(0.0, 10.0, 1.0, variables)).unwrap();
    let site = dir.path().join("site");
    web_ok(&[
        "web",
        model.to_str().unwrap(),
        "--vars",
        "inflow,Stock",
        "--title",
        "A <test>",
        "-o",
        site.to_str().unwrap(),
    ]);
    let json = site_json(&site);
    let growth = &json["constants"][0];
    assert_eq!(growth["name"], "growth");
    assert_eq!(growth["slider"], serde_json::json!({ "min": 0.0, "max": 0.2, "step": 0.001 }));
    assert_eq!(growth["doc"], "Per year");
    // No documented range: from 0 to twice the default, steps of a power of ten.
    assert_eq!(json["constants"][1]["slider"], serde_json::json!({ "min": 0.0, "max": 60.0, "step": 0.1 }));
    let charts: Vec<&str> = json["charts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(charts, ["inflow", "stock"], "the --vars, in order, spelt as the model does");
    assert_eq!(json["charts"][0]["equation"], "stock * growth + unranged");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("<title>A &lt;test&gt;</title>"), "the title is escaped: {index}");
}

#[test]
fn a_misspelt_chart_variable_gets_a_suggestion() {
    let dir = out_dir("misspelt");
    let site = dir.path().join("site");
    let out = millrace(&["web", TEACUP, "--vars", "teacup_temprature", "-o", site.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown variable `teacup_temprature` (did you mean `Teacup Temperature`?)"),
        "{}",
        stderr(&out)
    );
    assert!(!site.exists(), "nothing written on an error");
}

#[test]
fn a_directory_of_other_files_is_refused_unless_forced() {
    let dir = out_dir("clobber");
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("thesis.tex"), "years of work").unwrap();
    let out = millrace(&["web", TEACUP, "-o", site.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(site.join("thesis.tex")).unwrap(), "years of work", "untouched");
    assert!(!site.join("index.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["site"], "no staging directory left behind");

    // A previous site is replaced without --force...
    let fresh = dir.path().join("fresh");
    web_ok(&["web", TEACUP, "-o", fresh.to_str().unwrap()]);
    web_ok(&["web", WORLD3, "-o", fresh.to_str().unwrap()]);
    assert_eq!(site_json(&fresh)["model_file"], "world3.xmile");
    // ...unless a file was added to it: then it is someone's directory again.
    std::fs::write(fresh.join("notes.txt"), "mine").unwrap();
    assert_eq!(millrace(&["web", TEACUP, "-o", fresh.to_str().unwrap()], "").status.code(), Some(2));

    // --force replaces the directory whole.
    web_ok(&["web", TEACUP, "-o", site.to_str().unwrap(), "--force"]);
    assert!(!site.join("thesis.tex").exists());
    let mut names: Vec<String> =
        std::fs::read_dir(&site).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut want = FILES.map(String::from).to_vec();
    want.sort();
    assert_eq!(names, want);

    // A file is never a site directory, forced or not.
    let file = dir.path().join("file.txt");
    std::fs::write(&file, "x").unwrap();
    let out = millrace(&["web", TEACUP, "-o", file.to_str().unwrap(), "--force"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a directory"), "{}", stderr(&out));
}

#[test]
fn web_needs_an_output_or_serve() {
    let out = millrace(&["web", TEACUP], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--output"), "{}", stderr(&out));
}

/// One GET over a fresh connection: the status line and the body.
fn get(port: u16, path: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("headers end");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    (head.lines().next().unwrap_or_default().to_owned(), response[split + 4..].to_vec())
}

#[test]
fn serve_serves_the_files_that_o_writes() {
    let dir = out_dir("serve");
    let site = dir.path().join("site");
    web_ok(&["web", TEACUP, "-o", site.to_str().unwrap()]);
    let mut child = spawn(&["web", TEACUP, "--serve", "--port", "0"]);
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let served = (|| {
        let port: u16 = line.strip_prefix("serving http://127.0.0.1:")?.split('/').next()?.parse().ok()?;
        Some(port)
    })();
    let Some(port) = served else {
        let _ = child.kill();
        panic!("no URL printed: {line:?}");
    };
    for file in FILES {
        let (status, body) = get(port, &format!("/{file}"));
        assert_eq!(status, "HTTP/1.1 200 OK", "{file}");
        assert_eq!(body, std::fs::read(site.join(file)).unwrap(), "{file} served as written");
    }
    let (status, body) = get(port, "/?x=1");
    assert_eq!((status.as_str(), body), ("HTTP/1.1 200 OK", std::fs::read(site.join("index.html")).unwrap()));
    assert_eq!(get(port, "/../Cargo.toml").0, "HTTP/1.1 404 Not Found");
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn a_busy_port_is_a_clear_error_and_specs_reach_the_blob() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let out = millrace(&["web", TEACUP, "--serve", "--port", &port], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(&format!("cannot listen on 127.0.0.1:{port}")), "{}", stderr(&out));

    // --stop and --dt are compiled into the page's blob, as for `run`.
    let dir = out_dir("specs");
    let site = dir.path().join("site");
    web_ok(&["web", TEACUP, "--stop", "5", "--dt", "0.5", "-o", site.to_str().unwrap()]);
    let listing: Value = serde_json::from_slice(&std::fs::read(site.join("model.listing.json")).unwrap()).unwrap();
    assert_eq!((listing["specs"]["stop"].as_f64(), listing["specs"]["n_rows"].as_u64()), (Some(5.0), Some(11)));
}
