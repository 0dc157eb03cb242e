//! A minimal client of the Chrome DevTools protocol over `--remote-debugging-pipe`:
//! Chromium reads commands from its file descriptor 3 and writes replies and events to
//! 4, each a JSON message ended by a NUL byte. No WebSocket, no npm package: a test
//! needs only to open a page, evaluate JavaScript in it and send key presses.

use std::io::{BufRead, BufReader, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Browser {
    child: Child,
    commands: std::io::PipeWriter,
    replies: Receiver<Value>,
    next_id: u64,
}

/// One tab, attached with `flatten`: its commands carry its session id.
pub struct Page<'a> {
    browser: &'a mut Browser,
    session: String,
}

impl Browser {
    /// Starts headless Chromium with its DevTools pipe (profile in `profile`).
    pub fn launch(profile: &Path) -> Browser {
        let (their_commands, commands) = std::io::pipe().expect("a pipe");
        let (replies_pipe, their_replies) = std::io::pipe().expect("a pipe");
        let (read_fd, write_fd) = (their_commands.as_raw_fd(), their_replies.as_raw_fd());
        let mut command = Command::new("chromium");
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--remote-debugging-pipe",
                "--window-size=1200,900",
                &format!("--user-data-dir={}", profile.display()),
                "about:blank",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: between fork and exec only async-signal-safe calls (fcntl, dup2,
        // close) on descriptors this process owns. The pipes are close-on-exec; they
        // are copied above 10 first so that placing one at 3 cannot overwrite the other,
        // then placed at 3 and 4 (dup2 clears close-on-exec), then the copies closed.
        unsafe {
            command.pre_exec(move || {
                let r = libc::fcntl(read_fd, libc::F_DUPFD, 10);
                let w = libc::fcntl(write_fd, libc::F_DUPFD, 10);
                if r < 0 || w < 0 || libc::dup2(r, 3) < 0 || libc::dup2(w, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                libc::close(r);
                libc::close(w);
                Ok(())
            });
        }
        let child = command.spawn().expect("chromium starts");
        // Our copies of Chromium's ends: closed, so its exit ends the reader below.
        drop((their_commands, their_replies));
        let (send, replies) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(replies_pipe);
            let mut message = Vec::new();
            while reader.read_until(0, &mut message).is_ok_and(|n| n > 0) {
                message.pop_if(|b| *b == 0);
                if let Ok(value) = serde_json::from_slice::<Value>(&message)
                    && send.send(value).is_err()
                {
                    break;
                }
                message.clear();
            }
        });
        Browser { child, commands, replies, next_id: 1 }
    }

    /// Sends a command (to `session`, or the browser) and waits for its result.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.commands.write_all(&bytes).map_err(|e| format!("{method}: writing to chromium: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.replies.recv_timeout(left) {
                Ok(reply) if reply["id"] == id => {
                    return match reply.get("error") {
                        Some(error) => Err(format!("{method}: {error}")),
                        None => Ok(reply["result"].clone()),
                    };
                }
                Ok(_event) => {}
                Err(RecvTimeoutError::Timeout) => return Err(format!("{method}: no reply within 60 s")),
                Err(RecvTimeoutError::Disconnected) => return Err(format!("{method}: chromium exited")),
            }
        }
    }

    /// Opens `url` in a new tab.
    pub fn open(&mut self, url: &str) -> Result<Page<'_>, String> {
        let target = self.call(None, "Target.createTarget", json!({ "url": url }))?;
        let attached =
            self.call(None, "Target.attachToTarget", json!({ "targetId": target["targetId"], "flatten": true }))?;
        let session = attached["sessionId"].as_str().ok_or("attachToTarget: no sessionId")?.to_owned();
        Ok(Page { browser: self, session })
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Page<'_> {
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.browser.call(Some(&self.session), method, params)
    }

    /// A browser-wide command (`Browser.*`), sent outside the tab's session.
    pub fn call_browser(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.browser.call(None, method, params)
    }

    /// The value of a JavaScript expression (awaited if it is a promise), as JSON.
    pub fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let params = json!({ "expression": expression, "returnByValue": true, "awaitPromise": true });
        let result = self.call("Runtime.evaluate", params)?;
        if let Some(e) = result.get("exceptionDetails") {
            return Err(format!("`{expression}` threw: {e}"));
        }
        Ok(result["result"]["value"].clone())
    }

    /// Evaluates `expression` until it is true (60 s at most). An evaluation that fails
    /// counts as false: while a page loads, its old context can vanish mid-call.
    pub fn wait_for(&mut self, expression: &str) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut last = Value::Null;
        while Instant::now() < deadline {
            match self.eval(expression) {
                Ok(Value::Bool(true)) => return Ok(()),
                Ok(v) => last = v,
                Err(e) => last = json!(e),
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!("`{expression}` still not true after 60 s (last: {last})"))
    }

    /// Presses and releases a key (`ArrowRight`, ...) in the focused element.
    pub fn press(&mut self, key: &str, key_code: u32) -> Result<(), String> {
        for kind in ["rawKeyDown", "keyUp"] {
            let event = json!({ "type": kind, "key": key, "code": key, "windowsVirtualKeyCode": key_code });
            self.call("Input.dispatchKeyEvent", event)?;
        }
        Ok(())
    }

    /// Types `text` into the focused element, as a keyboard or an IME would.
    pub fn type_text(&mut self, text: &str) -> Result<(), String> {
        self.call("Input.insertText", json!({ "text": text })).map(|_| ())
    }
}
