//! Running the `millrace` binary from the CLI tests: arguments, standard input, and its
//! output as text.

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};

/// Starts the binary with `args`, its standard streams piped.
pub fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_millrace"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the millrace binary runs")
}

/// Runs the binary with `args`, writing `stdin` to its standard input, and waits for it.
pub fn millrace(args: &[&str], stdin: &str) -> Output {
    let mut child = spawn(args);
    child.stdin.take().expect("stdin is piped").write_all(stdin.as_bytes()).expect("stdin accepts input");
    child.wait_with_output().expect("millrace finishes")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
