#!/usr/bin/env bash
# Runs the fuzz targets one after another, each for a fixed time, from the seed corpus
# (fuzz/seed.py) and whatever the corpus has gained in earlier runs. Exits non-zero when
# any target finds a crash, a panic, a timeout or a memory blow-up (libFuzzer writes
# the input to fuzz/artifacts/<target>/). Used by .ci/run; docs/fuzzing.md says more.
#
#   fuzz/run.sh [seconds per target] [target...]     (default: 60, every target)
#
# Environment: FUZZ_SANITIZER (address or none; default address),
# FUZZ_LOGS (directory for each target's log; default fuzz/logs).
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-60}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(xmile mdl equation backends)
sanitizer="${FUZZ_SANITIZER:-address}"
logs="${FUZZ_LOGS:-logs}"

# cargo-fuzz drives libFuzzer through nightly-only compiler flags; the stable
# toolchain accepts them when told it is building itself.
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz

python3 seed.py >/dev/null
# Every target at once (the runs below then find them built).
cargo fuzz build --sanitizer "$sanitizer"
mkdir -p "$logs"
failed=()
for target in "${targets[@]}"; do
    # -timeout: one input running 30 s is a hang; -rss_limit_mb: 2 GiB is a blow-up
    # (every budget the targets run under is far below either).
    started=$SECONDS
    if cargo fuzz run --sanitizer "$sanitizer" "$target" -- \
        -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$logs/$target.log" 2>&1; then
        status=ok
    else
        status=FAILED
        failed+=("$target")
    fi
    # The last status line: executions, coverage (cov) and features (ft) reached.
    summary="$(grep -E '^#[0-9]+' "$logs/$target.log" | tail -n 1 || true)"
    echo "fuzz $target: $status after $((SECONDS - started)) s: $summary"
done
if [ "${#failed[@]}" -gt 0 ]; then
    for target in "${failed[@]}"; do
        echo "--- $target ($logs/$target.log), last lines:"
        tail -n 40 "$logs/$target.log"
    done
    exit 1
fi
