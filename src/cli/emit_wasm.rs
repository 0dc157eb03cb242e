//! `millrace emit-wasm`: the model's WebAssembly module and its JSON listing.

use std::path::{Path, PathBuf};

use super::open;

/// `model.wasm` -> `model.listing.json` (any other name gets `.listing.json` appended).
fn listing_path(wasm: &Path) -> PathBuf {
    let name = wasm.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(".wasm").unwrap_or(&name);
    wasm.with_file_name(format!("{stem}.listing.json"))
}

pub fn emit_wasm(path: &Path, output: Option<PathBuf>) -> Result<(), String> {
    let model = open(path)?;
    let blob = model.wasm_blob().map_err(|e| format!("error: {}: {e}", path.display()))?;
    let wasm = output.unwrap_or_else(|| {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "model".into());
        PathBuf::from(format!("{stem}.wasm"))
    });
    let listing = listing_path(&wasm);
    let write = |file: &Path, bytes: &[u8]| {
        std::fs::write(file, bytes).map_err(|e| format!("error: cannot write {}: {e}", file.display()))
    };
    write(&wasm, blob.bytes())?;
    write(&listing, blob.listing().as_bytes())?;
    eprintln!("wrote {} ({} bytes) and {}", wasm.display(), blob.bytes().len(), listing.display());
    Ok(())
}
