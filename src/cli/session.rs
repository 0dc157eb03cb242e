//! `millrace session`: the line protocol (`millrace::session`) over stdin/stdout.

use std::io::{self, BufRead, Write};
use std::path::Path;

use millrace::Backend;
use millrace::session::{Reply, Session};

use super::{SpecArgs, open_with};

pub fn session(path: &Path, specs: &SpecArgs, backend: Backend) -> Result<(), String> {
    let model = open_with(path, specs)?;
    let sim = model.simulation(backend).map_err(|e| format!("error: {e}"))?;
    let mut session = Session::new(sim);
    let stdin = io::stdin();
    let mut stdout = io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| format!("error: reading stdin: {e}"))?;
        match session.handle(&line) {
            Reply::Line(reply) => {
                if writeln!(stdout, "{reply}").and_then(|()| stdout.flush()).is_err() {
                    return Ok(());
                }
            }
            Reply::Silent => {}
            Reply::Quit => break,
        }
    }
    Ok(())
}
