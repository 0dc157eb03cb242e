//! `docs/wasm-example.html` in headless Chromium: the page fetches a blob and its
//! listing from a local HTTP server, runs it with an override, and writes the saved rows
//! into `<pre id="results">`; they must be the vm's values bit for bit (teacup calls no
//! transcendental, so `Math.*` cannot differ). Skipped when `chromium` is missing (a
//! failure under MILLRACE_REQUIRE_TOOLS=1; `.ci/run` installs Debian's chromium).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use millrace::{Backend, Model};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Serves the files of `dir` on 127.0.0.1 (GET only, one request per connection) from a
/// background thread; returns the port.
fn serve(dir: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || respond(stream, &dir));
        }
    });
    port
}

fn respond(mut stream: TcpStream, dir: &Path) {
    let mut request = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Drain the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split('?').next().unwrap_or("/").trim_start_matches('/');
    let file = dir.join(path);
    let (status, body, kind) = match std::fs::read(&file) {
        Ok(body) if !path.contains("..") => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("mjs") | Some("js") => "text/javascript",
                Some("wasm") => "application/wasm",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            ("200 OK", body, kind)
        }
        _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
}

/// Runs headless Chromium on `url` and returns the DOM after the page settled.
fn dump_dom(url: &str, profile: &Path) -> String {
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            &format!("--user-data-dir={}", profile.display()),
            "--virtual-time-budget=20000",
            "--dump-dom",
            url,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of the element with id `id` (entities of text content decoded).
fn element_text(dom: &str, id: &str) -> Option<String> {
    let open = dom.find(&format!("id=\"{id}\""))?;
    let start = open + dom[open..].find('>')? + 1;
    let end = start + dom[start..].find("</")?;
    let text = &dom[start..end];
    Some(text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"))
}

#[test]
fn the_example_page_runs_a_blob_in_headless_chromium() {
    if !common::tool_available("chromium", "--version") {
        return;
    }
    // Removed on drop, also when the test panics; Chromium has exited by then.
    let tmp = tempfile::Builder::new().prefix("millrace-browser-").tempdir().unwrap();
    let dir = tmp.path();
    for file in ["wasm-example.html", "millrace-host.mjs"] {
        std::fs::copy(Path::new(ROOT).join("docs").join(file), dir.join(file)).unwrap();
    }
    let model = Model::open(&Path::new(ROOT).join("examples/teacup.xmile")).unwrap();
    let blob = model.wasm_blob().unwrap();
    std::fs::write(dir.join("teacup.wasm"), blob.bytes()).unwrap();
    std::fs::write(dir.join("teacup.listing.json"), blob.listing()).unwrap();
    let port = serve(dir.to_path_buf());
    let url = format!("http://127.0.0.1:{port}/wasm-example.html?model=teacup&set=Room%20Temperature=20");
    let dom = dump_dom(&url, &dir.join("profile"));

    let status = element_text(&dom, "status").unwrap_or_default();
    assert!(status.starts_with("done: 241 rows"), "page status: {status:?}\n{dom}");
    let results = element_text(&dom, "results").expect("a results element");
    let vm = model.run(Backend::Vm, &[("Room Temperature".to_owned(), 20.0)]).unwrap();
    let lines: Vec<&str> = results.lines().collect();
    assert_eq!(lines[0].split(',').collect::<Vec<_>>(), vm.names);
    assert_eq!(lines.len() - 1, vm.rows.len());
    for (r, (line, row)) in lines[1..].iter().zip(&vm.rows).enumerate() {
        let got: Vec<u64> = line.split(',').map(|v| v.parse::<f64>().unwrap().to_bits()).collect();
        let want: Vec<u64> = row.iter().map(|v| v.to_bits()).collect();
        assert_eq!(got, want, "row {r}: page {line}, vm {row:?}");
    }
    assert!(dom.contains("<polyline"), "the chart is drawn");
}
