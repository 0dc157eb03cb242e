//! What the fuzz targets (`fuzz_targets/`) share: the budgets they run under and the
//! differential check of the backends.

pub mod budgets;
pub mod differential;
