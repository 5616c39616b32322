//! Fuzz target `ledger_csv`: arbitrary bytes through `zhitong_scenarios::fuzz_checks::ledger_csv`,
//! which panics only on a crash or a broken invariant of that parser.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    zhitong_scenarios::fuzz_checks::ledger_csv(data);
});
