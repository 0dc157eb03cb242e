//! `millrace batch --shard K/N` and `millrace merge`: the shards of a batch, merged, are
//! the unsharded batch's file byte for byte (CSV and Parquet, also when a Parquet row
//! group spans shards); a missing, repeated, foreign or damaged part is a clear error
//! and leaves no output behind.

use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

const WORLD3: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/models/world3/world3.xmile");
const TEACUP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/teacup.xmile");

/// A fresh temporary directory, removed when dropped (also when the test panics).
fn dir(test: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("millrace-shards-{test}-")).tempdir().unwrap()
}

fn millrace(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_millrace")).args(args).output().unwrap()
}

fn ok(out: Output) -> Output {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `batch` unsharded into `dir/full.EXT` and as `shards` parts, merges the parts
/// given in reverse order, and returns (full, merged, parts).
fn sharded(dir: &Path, ext: &str, shards: usize, batch: &[&str]) -> (PathBuf, PathBuf, Vec<PathBuf>) {
    let full = dir.join(format!("full.{ext}"));
    let mut args = batch.to_vec();
    args.extend(["-o", path(&full)]);
    ok(millrace(&args));
    let parts: Vec<PathBuf> = (0..shards).map(|k| dir.join(format!("part{k}.{ext}"))).collect();
    for (k, part) in parts.iter().enumerate() {
        let shard = format!("{k}/{shards}");
        let mut args = batch.to_vec();
        args.extend(["--shard", &shard, "-o", path(part)]);
        ok(millrace(&args));
    }
    let merged = dir.join(format!("merged.{ext}"));
    let mut args = vec!["merge", "-o", path(&merged)];
    args.extend(parts.iter().rev().map(|p| path(p)));
    ok(millrace(&args));
    (full, merged, parts)
}

fn same_bytes(a: &Path, b: &Path) {
    let (x, y) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(!x.is_empty());
    assert!(x == y, "{} and {} differ ({} and {} bytes)", a.display(), b.display(), x.len(), y.len());
}

#[test]
fn four_world3_shards_merge_to_the_unsharded_bytes() {
    let batch = [
        "batch",
        WORLD3,
        "--samples",
        "41",
        "--seed",
        "7",
        "--vary",
        "industrial_capital_output_ratio_1=uniform(2.5,3.5)",
        "--vary",
        "desired_completed_family_size_normal=normal(3.8,0.3)",
        "--vars",
        "population,industrial_output",
        "--final-only",
        "--jobs",
        "2",
    ];
    for ext in ["csv", "parquet"] {
        let tmp = dir(&format!("world3-{ext}"));
        let (full, merged, _) = sharded(tmp.path(), ext, 4, &batch);
        same_bytes(&full, &merged);
    }
}

/// Teacup, every saved row: 300 runs of 241 rows is 72,300 rows, more than one Parquet
/// row group (65,536 rows), so the merge regroups rows across shard boundaries; 7
/// shards of 300 runs are uneven (42 or 43 runs).
#[test]
fn every_saved_row_and_row_groups_across_shards() {
    let batch = ["batch", TEACUP, "--sweep", "Room Temperature=0:30:300", "--jobs", "2"];
    for ext in ["csv", "parquet"] {
        let tmp = dir(&format!("teacup-{ext}"));
        let (full, merged, _) = sharded(tmp.path(), ext, 7, &batch);
        same_bytes(&full, &merged);
    }
}

fn merge_error(dir: &Path, parts: &[&Path]) -> String {
    let out_file = dir.join("bad-merge.csv");
    let mut args = vec!["merge", "-o", path(&out_file)];
    args.extend(parts.iter().map(|p| path(p)));
    let out = millrace(&args);
    assert_eq!(out.status.code(), Some(2), "{parts:?}");
    assert!(!out_file.exists(), "{parts:?}: no output left behind");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_missing_repeated_foreign_or_damaged_part_is_a_clear_error() {
    let batch = ["batch", TEACUP, "--samples", "10", "--vary", "Room Temperature=uniform(10,30)", "--final-only"];
    let tmp = dir("errors");
    let dir = tmp.path();
    let (_, _, parts) = sharded(dir, "csv", 3, &batch);
    let [a, b, c] = [&*parts[0], &*parts[1], &*parts[2]];

    let err = merge_error(dir, &[a, c]);
    assert!(err.contains("1 of 3 shards missing: 1/3 (runs 3..6)"), "{err}");
    let err = merge_error(dir, &[a, b, c, b]);
    assert!(err.contains("shard 1/3 is given twice"), "{err}");

    // The same shard of a batch with another seed: another plan.
    let foreign = dir.join("foreign.csv");
    let mut args = batch.to_vec();
    args.extend(["--seed", "99", "--shard", "1/3", "-o", path(&foreign)]);
    ok(millrace(&args));
    let err = merge_error(dir, &[a, &foreign, c]);
    assert!(err.contains("the plan") && err.contains("different batches"), "{err}");

    // A part with a run taken out, and one with a run repeated.
    let text = std::fs::read_to_string(b).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 + 3, "description, header, runs 3, 4, 5");
    let damaged = dir.join("damaged.csv");
    let write = |lines: &[&str]| std::fs::write(&damaged, lines.join("\n") + "\n").unwrap();
    write(&[lines[0], lines[1], lines[2], lines[4]]);
    let err = merge_error(dir, &[a, &damaged, c]);
    assert!(err.contains("line 4: run 5 where run 4 should be: run 4 is missing"), "{err}");
    write(&[lines[0], lines[1], lines[2], lines[3]]);
    let err = merge_error(dir, &[a, &damaged, c]);
    assert!(err.contains("ends before run 5"), "{err}");
    write(&[lines[0], lines[1], lines[2], lines[3], lines[4], lines[3]]);
    let err = merge_error(dir, &[a, &damaged, c]);
    assert!(err.contains("line 6: run 4 again"), "{err}");

    // Not a part at all: the unsharded batch's own output.
    let plain = dir.join("plain.csv");
    let mut args = batch.to_vec();
    args.extend(["-o", path(&plain)]);
    ok(millrace(&args));
    let err = merge_error(dir, &[&plain]);
    assert!(err.contains("not a part of `millrace batch --shard`"), "{err}");
    let err = merge_error(dir, &[&dir.join("part0.parquet")]);
    assert!(err.contains("the output's format (.csv)"), "{err}");
}

#[test]
fn a_bad_shard_fails_before_any_run() {
    for (shard, want) in [("4/4", "K must be below N"), ("0/0", "N must be at least 1"), ("2", "expected K/N")] {
        let out = millrace(&["batch", TEACUP, "--sweep", "Room Temperature=1:2:3", "--shard", shard]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{shard}: {err}");
        assert!(err.contains(want) && !err.contains("runs in"), "{shard}: {err}");
    }
}
