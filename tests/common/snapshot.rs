//! Checked-in expected values ("snapshots") that pin today's exact bits, so a change of
//! a numeric rule shows even when every backend changes alike.
//!
//! A snapshot is `tests/snapshots/NAME.txt`: one `key<TAB>value` line per recorded
//! value, sorted by key. Values are f64 bits in hex (`0x3ff0000000000000`), `nan` for
//! any NaN (payloads are not part of the contract), or a sha256 in hex. With
//! `MILLRACE_BLESS=1` a test rewrites its snapshot from what it computed instead of
//! comparing (docs/testing.md says when that is allowed).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

/// The text a snapshot records for one value.
pub fn bits(v: f64) -> String {
    if v.is_nan() { "nan".to_owned() } else { format!("{:#018x}", v.to_bits()) }
}

/// The sha256 of `bytes`, in lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Values recorded by one test, compared with (or, blessing, written to) its file.
pub struct Snapshot {
    name: String,
    seen: BTreeMap<String, String>,
}

impl Snapshot {
    pub fn new(name: &str) -> Snapshot {
        Snapshot { name: name.to_owned(), seen: BTreeMap::new() }
    }

    fn path(&self) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(format!("{}.txt", self.name))
    }

    /// Records `value` under `key`; a key recorded twice must have one value.
    #[track_caller]
    pub fn record(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let (key, value) = (key.into(), value.into());
        assert!(
            !key.contains(['\t', '\n']) && !value.contains(['\t', '\n']),
            "snapshot key or value with a tab: {key}"
        );
        if let Some(old) = self.seen.insert(key.clone(), value.clone()) {
            assert_eq!(old, value, "{}: `{key}` recorded twice with different values", self.name);
        }
    }

    /// Compares every recorded value with the file (or rewrites it under
    /// `MILLRACE_BLESS=1`). Fails listing every key that differs, is new or is missing.
    #[track_caller]
    pub fn finish(self) {
        let path = self.path();
        let text: String = self.seen.iter().map(|(k, v)| format!("{k}\t{v}\n")).collect();
        if std::env::var("MILLRACE_BLESS").is_ok_and(|v| v == "1") {
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("tests/snapshots is writable");
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            println!("blessed {} ({} values)", path.display(), self.seen.len());
            return;
        }
        let stored = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (write it with MILLRACE_BLESS=1)", path.display()));
        let mut want = BTreeMap::new();
        for (n, line) in stored.lines().enumerate() {
            let (k, v) =
                line.split_once('\t').unwrap_or_else(|| panic!("{}:{}: not `key<TAB>value`", path.display(), n + 1));
            want.insert(k.to_owned(), v.to_owned());
        }
        let mut problems = Vec::new();
        for (k, v) in &self.seen {
            match want.get(k) {
                Some(w) if w == v => {}
                Some(w) => problems.push(format!("{k}: expected {w}, got {v}")),
                None => problems.push(format!("{k}: not in the snapshot (got {v})")),
            }
        }
        problems.extend(want.keys().filter(|k| !self.seen.contains_key(*k)).map(|k| format!("{k}: not computed")));
        let shown = problems.iter().take(20).cloned().collect::<Vec<_>>().join("\n");
        assert!(
            problems.is_empty(),
            "{}: {} values differ from the snapshot:\n{shown}",
            path.display(),
            problems.len()
        );
    }
}
