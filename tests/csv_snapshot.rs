//! The broad byte snapshot: for every corpus file that passes conformance, WORLD3 and
//! every example, the sha256 of the exact CSV a plain run writes (`Model::run` and the
//! CSV writer; `millrace run` streams the same bytes from the simulation), on every backend. Every backend must write the
//! bytes of `tests/snapshots/csv_sha256.txt`, recorded from the vm; this is how a
//! change to the backends proves that every corpus file and WORLD3 give the same bytes
//! as before it. `MILLRACE_BLESS=1` rewrites the file (docs/testing.md).

mod common;
#[allow(dead_code)] // only the passing list is read
#[path = "support/manifest.rs"]
mod manifest;
#[allow(dead_code)] // the generated rows are the matrix's
#[path = "matrix/rows.rs"]
mod rows;

use common::snapshot::{Snapshot, sha256};
use millrace::Backend;

#[test]
fn every_backend_writes_the_snapshot_csv_of_every_model() {
    let mut snapshot = Snapshot::new("csv_sha256");
    let mut differ = Vec::new();
    let models = rows::corpus().into_iter().chain(rows::large_and_examples());
    for row in models {
        let mut digests = Vec::new();
        for backend in Backend::ALL {
            let results =
                row.model.run(backend, &[]).unwrap_or_else(|e| panic!("{} on {}: {e}", row.name, backend.name()));
            let mut csv = Vec::new();
            results.write_csv(&mut csv).expect("writing to memory");
            // `millrace run` streams the rows from the simulation instead: the same bytes.
            let mut sim = row.model.simulation(backend).expect("a simulation");
            sim.run_to_end().expect("the run");
            let mut streamed = Vec::new();
            sim.write_csv(&mut streamed, &sim.result_columns(false)).expect("writing to memory");
            if streamed != csv {
                differ.push(format!("{} on {}: the streamed CSV differs from Results'", row.name, backend.name()));
            }
            digests.push((backend, sha256(&csv)));
        }
        // The vm's digest is the one recorded; every other backend must write it too.
        let (_, vm) = &digests[0];
        for (backend, digest) in &digests[1..] {
            if digest != vm {
                differ.push(format!("{} on {}: sha256 {digest}, the vm's {vm}", row.name, backend.name()));
            }
        }
        snapshot.record(row.name.clone(), vm.clone());
    }
    assert!(differ.is_empty(), "backends write other bytes than the vm:\n{}", differ.join("\n"));
    // A model dropped from the list, or a new one, fails here too ("not computed").
    snapshot.finish();
}
