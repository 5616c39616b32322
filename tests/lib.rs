//! Scenario tests live in `tests/`. The only library code is [`fuzz_checks`]: the
//! invariant checks shared by the fuzz targets in `fuzz/` and the corpus replay test.

pub mod fuzz_checks;
