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
    let mut stdin = io::stdin().lock();
    let mut stdout = io::stdout().lock();
    let mut bytes = Vec::new();
    for number in 1.. {
        bytes.clear();
        // Lines are read as bytes: one that is not UTF-8 gets an error reply naming it,
        // and the session goes on (a `lines()` reader would end it).
        if stdin.read_until(b'\n', &mut bytes).map_err(|e| format!("error: reading stdin: {e}"))? == 0 {
            break;
        }
        let reply = match std::str::from_utf8(&bytes) {
            Ok(line) => session.handle(line.trim_end_matches(['\n', '\r'])),
            Err(e) => Reply::Line(not_utf8(number, &bytes, e.valid_up_to())),
        };
        match reply {
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

/// The reply to input line `number`, which is not UTF-8 from byte `at` on.
fn not_utf8(number: usize, bytes: &[u8], at: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let shown: String = text.trim_end().chars().take(80).collect();
    format!(
        "error: line {number} is not UTF-8 text (byte 0x{:02x} at column {}): `{shown}`; the line was ignored",
        bytes[at],
        at + 1
    )
}
