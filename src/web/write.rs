//! Writing a site into a directory, all or nothing: the files go into a fresh sibling
//! directory first, which then takes the target's place. A directory that holds
//! anything but a previous millrace site is refused unless `force`, so a typo in `-o`
//! never deletes someone's files.

use std::path::{Path, PathBuf};

use super::site::{GENERATOR, SITE_JSON, Site};

pub fn write_site(site: &Site, dir: &Path, force: bool, model: &Path) -> Result<(), String> {
    let shown = dir.display();
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("error: -o {shown}: exists and is not a directory"));
        }
        check_replaceable(dir, force, model)?;
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("error: -o {shown}: name a directory (not `.`, `..` or `/`)"))?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| format!("error: cannot create {}: {e}", parent.display()))?;
    // Siblings of the target, so the renames stay on one file system.
    let staging = parent.join(format!(".{name}.millrace-web-{}.new", std::process::id()));
    let old = parent.join(format!(".{name}.millrace-web-{}.old", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = fill(&staging, site).and_then(|()| swap_in(&staging, dir, &old));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn fill(staging: &Path, site: &Site) -> Result<(), String> {
    std::fs::create_dir(staging).map_err(|e| format!("error: cannot create {}: {e}", staging.display()))?;
    for (file, bytes) in &site.files {
        let path = staging.join(file);
        std::fs::write(&path, bytes).map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Puts `staging` where `dir` is; an existing `dir` is moved aside first and removed
/// only once the new one is in place (put back if that fails).
fn swap_in(staging: &Path, dir: &Path, old: &Path) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("error: cannot write the site to {}: {e}", dir.display());
    if !dir.exists() {
        return std::fs::rename(staging, dir).map_err(failed);
    }
    let _ = std::fs::remove_dir_all(old);
    std::fs::rename(dir, old).map_err(failed)?;
    if let Err(e) = std::fs::rename(staging, dir) {
        let _ = std::fs::rename(old, dir);
        return Err(failed(e));
    }
    std::fs::remove_dir_all(old).map_err(|e| format!("error: cannot remove the old site at {}: {e}", old.display()))
}

fn check_replaceable(dir: &Path, force: bool, model: &Path) -> Result<(), String> {
    let shown = dir.display();
    let entries: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("error: -o {shown}: cannot read it: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    if entries.is_empty() || previous_site(dir, &entries) {
        return Ok(());
    }
    if !force {
        return Err(format!(
            "error: -o {shown}: the directory holds files that are not a site `millrace web` wrote \
             (its {SITE_JSON} lists them); choose another directory, or pass --force to replace \
             it and everything in it"
        ));
    }
    // Even --force does not delete the directory one is standing in or the model itself.
    let real = dir.canonicalize().map_err(|e| format!("error: -o {shown}: {e}"))?;
    let cwd = std::env::current_dir().ok().and_then(|d| d.canonicalize().ok());
    if cwd.is_some_and(|c| c.starts_with(&real)) {
        return Err(format!("error: -o {shown}: refusing to replace the current directory (or one holding it)"));
    }
    if model.canonicalize().is_ok_and(|m| m.starts_with(&real)) {
        return Err(format!("error: -o {shown}: refusing to replace the directory holding {}", model.display()));
    }
    Ok(())
}

/// Whether `dir` holds a site this command wrote: a site.json of ours, and nothing but
/// the files it lists (a file added by hand makes it someone's directory again).
fn previous_site(dir: &Path, entries: &[String]) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join(SITE_JSON)) else { return false };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { return false };
    if json["generator"] != GENERATOR {
        return false;
    }
    let Some(files) = json["files"].as_array() else { return false };
    entries.iter().all(|e| files.iter().any(|f| f == e.as_str()) && dir.join(e).is_file())
}
