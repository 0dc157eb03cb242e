//! Tests of the array expansion.
