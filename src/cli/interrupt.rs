//! SIGINT (Ctrl-C). A command writing a file writes it beside the target first
//! (millrace::output), so an interrupt must not leave that temporary file behind: the
//! handler removes every uncommitted one, then exits with status 130 (128 + SIGINT, as
//! a shell reports a process killed by it). A batch stops gracefully instead: the first
//! SIGINT sets its stop flag (no run starts after it, and the table is finished with
//! the runs done); a second one exits at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::SIGINT;
use signal_hook::iterator::Signals;

/// The exit status of an interrupted command.
pub const STATUS: i32 = 130;

/// The first SIGINT removes the temporary files and exits.
pub fn exit_on_interrupt() {
    install(None);
}

/// The first SIGINT sets the returned flag; a second exits as `exit_on_interrupt`.
pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    install(Some(flag.clone()));
    flag
}

fn install(flag: Option<Arc<AtomicBool>>) {
    // Without a handler (registration refused), SIGINT keeps its default: the process
    // ends, the old file stays, only a temporary file may be left.
    let Ok(mut signals) = Signals::new([SIGINT]) else { return };
    std::thread::spawn(move || {
        for _ in signals.forever() {
            match &flag {
                Some(stop) if !stop.swap(true, Ordering::SeqCst) => {
                    eprintln!("interrupted: finishing the runs under way (Ctrl-C again to stop at once)");
                }
                _ => {
                    millrace::output::remove_pending();
                    eprintln!("interrupted: nothing written, earlier output files left as they were");
                    std::process::exit(STATUS);
                }
            }
        }
    });
}
