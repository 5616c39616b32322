//! Fuzz target `credit_code`: arbitrary bytes through `zhitong_scenarios::fuzz_checks::credit_code_input`,
//! which panics only on a crash or a broken invariant of that parser.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    zhitong_scenarios::fuzz_checks::credit_code_input(data);
});
