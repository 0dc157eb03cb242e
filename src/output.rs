//! Writing a result file so that the previous one is never lost: the bytes go to a
//! temporary file beside the target, which is renamed over it only once complete
//! (`commit`). A failure, a rejected command or an interrupt before that leaves the old
//! file as it was. Creating the temporary file first also proves, before any work, that
//! the target's directory is writable. Every command writing a file uses this (`run`,
//! `batch`, `merge`, `plot`, `emit-wasm`).
//!
//! A target that is a symbolic link is the file the link points to: that file is
//! replaced (beside it, in its directory) and the link stays a link.
//!
//! A target that exists and is not a regular file (`/dev/null`, a named pipe) is
//! written directly: it holds nothing to keep, and renaming over it would replace the
//! device or pipe with a plain file.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Temporary files not yet committed or removed: an interrupt handler removes them
/// before the process exits (`remove_pending`), so a killed command leaves no litter.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A file being written in place of `target`.
pub struct AtomicFile {
    /// The path as given, for messages.
    target: PathBuf,
    /// The file written: `target` through any symbolic links.
    real: PathBuf,
    /// The temporary file, or `None` when the target is written directly.
    temp: Option<PathBuf>,
    file: Option<File>,
}

impl AtomicFile {
    /// Creates the temporary file beside `target` (or opens a device or pipe target).
    /// Errors name the target: a directory, a missing or unwritable directory.
    pub fn create(target: &Path) -> Result<AtomicFile, String> {
        let cannot = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", target.display());
        let real = through_links(target).ok_or_else(|| cannot(&"too many levels of symbolic links"))?;
        match std::fs::metadata(&real) {
            Ok(m) if m.is_dir() => return Err(cannot(&"it is a directory")),
            Ok(m) if !m.is_file() => {
                let file = File::create(&real).map_err(|e| cannot(&e))?;
                return Ok(AtomicFile { target: target.to_owned(), real, temp: None, file: Some(file) });
            }
            _ => {}
        }
        let name = real.file_name().ok_or_else(|| cannot(&"not a file name"))?;
        let dir = match real.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(cannot(&format_args!("no directory {}", dir.display())));
        }
        // Unique per process and per file, so two outputs of one command (a batch's
        // table and its chart) or two commands never share a temporary file.
        static SERIAL: AtomicU64 = AtomicU64::new(0);
        let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
        // Ending in the target's name keeps its extension, which chart writers go by.
        let temp = dir.join(format!(".millrace-{}-{serial}.{}", std::process::id(), name.to_string_lossy()));
        let file = File::options().write(true).create_new(true).open(&temp).map_err(|e| cannot(&e))?;
        if let Ok(mut pending) = PENDING.lock() {
            pending.push(temp.clone());
        }
        Ok(AtomicFile { target: target.to_owned(), real, temp: Some(temp), file: Some(file) })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The path to write (the temporary file, or the target itself), for writers that
    /// open a path rather than take a `File` (the chart backends).
    pub fn path(&self) -> &Path {
        self.temp.as_deref().unwrap_or(&self.real)
    }

    /// The open file to write to (taken once: a writer owns it until `commit`).
    pub fn take_file(&mut self) -> Result<File, String> {
        self.file.take().ok_or_else(|| format!("{}: the file was already taken", self.target.display()))
    }

    /// Makes the written bytes the target: flushed to disk, then renamed over it (with
    /// the old file's permissions, so replacing a file does not change who may read it).
    pub fn commit(mut self) -> Result<(), String> {
        let failed = |e: io::Error| format!("cannot write {}: {e}", self.target.display());
        let file = self.file.take();
        let Some(temp) = self.temp.take() else {
            // A device or pipe: nothing to sync (fsync of /dev/null is an error).
            return file.map_or(Ok(()), |mut f| f.flush().map_err(failed));
        };
        if let Some(mut file) = file {
            file.flush().and_then(|()| file.sync_all()).map_err(failed)?;
        }
        if let Ok(old) = std::fs::metadata(&self.real) {
            let _ = std::fs::set_permissions(&temp, old.permissions());
        }
        let renamed = std::fs::rename(&temp, &self.real);
        forget(&temp);
        if renamed.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        renamed.map_err(failed)
    }
}

impl Drop for AtomicFile {
    /// Not committed: the temporary file goes, the target stays as it was.
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            self.file = None;
            let _ = std::fs::remove_file(&temp);
            forget(&temp);
        }
    }
}

/// `target` through its symbolic links, each relative link read from the directory it
/// is in; `None` past 40 links (the usual limit: a loop). A dangling link gives the path
/// it points to, which is then created.
fn through_links(target: &Path) -> Option<PathBuf> {
    let mut path = target.to_owned();
    for _ in 0..=40 {
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        let Some(next) = is_link.then(|| std::fs::read_link(&path).ok()).flatten() else { return Some(path) };
        path = match path.parent() {
            Some(dir) => dir.join(next),
            None => next,
        };
    }
    None
}

fn forget(temp: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|p| p != temp);
    }
}

/// Removes every uncommitted temporary file: for an interrupt handler about to exit.
pub fn remove_pending() {
    if let Ok(pending) = PENDING.lock() {
        for temp in pending.iter() {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// Writes `bytes` to `target` through an `AtomicFile`.
pub fn write(target: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut out = AtomicFile::create(target)?;
    out.take_file()?.write_all(bytes).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    out.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh temporary directory, removed when dropped (also when the test panics).
    fn dir(test: &str) -> tempfile::TempDir {
        tempfile::Builder::new().prefix(&format!("millrace-output-{test}-")).tempdir().unwrap()
    }

    #[test]
    fn the_old_file_stays_until_commit_and_an_uncommitted_file_leaves_nothing() {
        let d = dir("commit");
        let target = d.path().join("keep.csv");
        std::fs::write(&target, "old").unwrap();
        let mut out = AtomicFile::create(&target).unwrap();
        out.take_file().unwrap().write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        drop(out);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1, "the temporary file is gone");
        write(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unwritable_target_fails_at_creation() {
        let d = dir("bad");
        let err = AtomicFile::create(&d.path().join("no/such/dir/x.csv")).err().unwrap();
        assert!(err.contains("no directory"), "{err}");
        let err = AtomicFile::create(d.path()).err().unwrap();
        assert!(err.contains("is a directory"), "{err}");
    }

    #[test]
    #[cfg(unix)]
    fn a_symbolic_link_stays_a_link_to_the_file_written() {
        let d = dir("link");
        std::fs::create_dir_all(d.path().join("data")).unwrap();
        let file = d.path().join("data/results.csv");
        std::fs::write(&file, "old").unwrap();
        let link = d.path().join("latest.csv");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink("data/results.csv", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "still a link");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new", "the file it points to is written");
        // A dangling link creates the file it names.
        let dangling = d.path().join("next.csv");
        let _ = std::fs::remove_file(&dangling);
        std::os::unix::fs::symlink("data/next-run.csv", &dangling).unwrap();
        write(&dangling, b"x").unwrap();
        assert_eq!(std::fs::read_to_string(d.path().join("data/next-run.csv")).unwrap(), "x");
        // A loop of links is an error, not a hang.
        let (a, b) = (d.path().join("a.csv"), d.path().join("b.csv"));
        let _ = (std::fs::remove_file(&a), std::fs::remove_file(&b));
        std::os::unix::fs::symlink("b.csv", &a).unwrap();
        std::os::unix::fs::symlink("a.csv", &b).unwrap();
        let err = write(&a, b"x").unwrap_err();
        assert!(err.contains("too many levels of symbolic links"), "{err}");
        assert!(std::fs::symlink_metadata(&a).unwrap().file_type().is_symlink(), "the links are left as they were");
    }

    #[test]
    #[cfg(unix)]
    fn a_device_is_written_directly() {
        let out = AtomicFile::create(Path::new("/dev/null")).unwrap();
        assert_eq!(out.path(), Path::new("/dev/null"));
        out.commit().unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "/dev/null is still a device");
    }
}
