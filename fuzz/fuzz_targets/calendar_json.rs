//! Fuzz target `calendar_json`: arbitrary bytes through `zhitong_scenarios::fuzz_checks::calendar_json`,
//! which panics only on a crash or a broken invariant of that parser.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    zhitong_scenarios::fuzz_checks::calendar_json(data);
});
