//! Shared code of the root package's integration tests.
//!
//! `expected` reads the corpus's expected-output files, `compare` checks a run against
//! one, `manifest` reads `MANIFEST.tsv` and the committed list of passing model files.
//! Each piece has its unit tests beside it, run by `cargo test --test conformance`.

// Every test crate that includes this module uses only part of it.
#![allow(dead_code)]

pub mod compare;
pub mod expected;
pub mod manifest;

#[cfg(test)]
mod compare_tests;
#[cfg(test)]
mod expected_tests;
#[cfg(test)]
mod manifest_tests;
