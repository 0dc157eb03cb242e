#!/usr/bin/env bash
# The Python package's tests: builds the abi3 wheel (dev profile, sharing the root's
# target/ so the Rust dependencies `cargo test --workspace` built are reused) into a
# fresh venv, then runs pytest against the CLI binary. `.ci/run` calls it after
# `cargo test --workspace`; it can also run alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="$root/target"
venv="$CARGO_TARGET_DIR/python-venv"
wheels="$CARGO_TARGET_DIR/python-wheels"

rm -rf "$venv" "$wheels"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q maturin numpy pandas pyarrow pytest "dask[distributed]" ema-workbench

cargo build -q --bin millrace --manifest-path "$root/Cargo.toml"
(cd "$root/python" && "$venv/bin/maturin" build -q --profile dev -o "$wheels")
"$venv/bin/pip" install -q "$wheels"/millrace_sd-*.whl

# Run from outside the source tree so `import millrace_sd` is the installed wheel.
cd "$venv"
status=0
MILLRACE_BIN="$CARGO_TARGET_DIR/debug/millrace" "$venv/bin/python" -m pytest -q "$root/python/tests" || status=$?
if [ "$status" -eq 5 ]; then
    echo "python/test.sh: pytest collected no tests: that is a failure" >&2
    exit 1
fi
exit "$status"
