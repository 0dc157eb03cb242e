//! `millrace emit-wasm`: the model's WebAssembly module and its JSON listing.

use std::io::Write;
use std::path::{Path, PathBuf};

use millrace::output::AtomicFile;

use super::open;

/// `model.wasm` -> `model.listing.json` (any other name gets `.listing.json` appended).
fn listing_path(wasm: &Path) -> PathBuf {
    let name = wasm.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(".wasm").unwrap_or(&name);
    wasm.with_file_name(format!("{stem}.listing.json"))
}

pub fn emit_wasm(path: &Path, output: Option<PathBuf>) -> Result<(), String> {
    let wasm = output.unwrap_or_else(|| {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "model".into());
        PathBuf::from(format!("{stem}.wasm"))
    });
    let listing = listing_path(&wasm);
    // Both files are created (as temporary files beside their targets) before the
    // compile, and each replaces an earlier one only once written whole.
    let err = |e: String| format!("error: {e}");
    let (mut wasm_file, mut listing_file) =
        (AtomicFile::create(&wasm).map_err(err)?, AtomicFile::create(&listing).map_err(err)?);
    let model = open(path)?;
    let blob = model.wasm_blob().map_err(|e| format!("error: {}: {e}", path.display()))?;
    for (file, bytes) in [(&mut wasm_file, blob.bytes()), (&mut listing_file, blob.listing().as_bytes())] {
        let shown = file.target().display().to_string();
        file.take_file().map_err(err)?.write_all(bytes).map_err(|e| format!("error: cannot write {shown}: {e}"))?;
    }
    wasm_file.commit().map_err(err)?;
    listing_file.commit().map_err(err)?;
    eprintln!("wrote {} ({} bytes) and {}", wasm.display(), blob.bytes().len(), listing.display());
    Ok(())
}
