//! `web --serve`: the site's files from memory on 127.0.0.1, with plain std::net (a
//! handful of static files for one local browser needs no HTTP framework). One thread
//! per connection, one request per connection; GET and HEAD only. Ctrl-C ends the
//! process, and with it the server.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use super::site::Site;

pub fn serve(site: Site, port: u16) -> Result<(), String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("error: cannot listen on 127.0.0.1:{port}: {e} (try another --port)"))?;
    let port = listener.local_addr().map_err(|e| format!("error: {e}"))?.port();
    // Printed and flushed before the first request: scripts and tests wait for this line.
    crate::cli::print_stdout(&format!("serving http://127.0.0.1:{port}/ (Ctrl-C stops)\n"))?;
    let site = Arc::new(site);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let site = Arc::clone(&site);
        std::thread::spawn(move || respond(stream, &site));
    }
    Ok(())
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("mjs") | Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn respond(mut stream: TcpStream, site: &Site) {
    // A client that connects and sends nothing must not hold a thread for ever.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(clone) = stream.try_clone() else { return };
    let mut reader = BufReader::new(clone);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut words = request.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/").trim_start_matches('/');
    let name = if path.is_empty() { "index.html" } else { path };
    let (status, kind, body): (&str, &str, &[u8]) = match (method, site.file(name)) {
        ("GET" | "HEAD", Some(body)) => ("200 OK", content_type(name), body),
        ("GET" | "HEAD", None) => ("404 Not Found", "text/plain", b"not found\n"),
        _ => ("405 Method Not Allowed", "text/plain", b"GET or HEAD only\n"),
    };
    // no-store: a page served again after a rebuild must not run yesterday's blob.
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(body);
    }
}
