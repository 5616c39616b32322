//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`, seeds plus every input that
//! once crashed) through the same checks the fuzz targets run, on stable Rust, so CI
//! exercises them without cargo-fuzz. Fails when a target's corpus folder is missing or
//! empty, so a lost corpus cannot pass silently.

use std::path::{Path, PathBuf};

use zhitong_scenarios::fuzz_checks::TARGETS;

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target)
}

#[test]
fn every_committed_fuzz_input_passes_its_checks() {
    let mut total = 0;
    for (target, check) in TARGETS {
        let dir = corpus_dir(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("corpus folder {} is missing: {e}", dir.display()))
            .map(|entry| entry.expect("corpus entry").path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(
            !files.is_empty(),
            "corpus folder {} is empty",
            dir.display()
        );
        for file in &files {
            let data = std::fs::read(file).expect("corpus file");
            if std::panic::catch_unwind(|| check(&data)).is_err() {
                panic!("fuzz check {target} fails on {}", file.display());
            }
        }
        total += files.len();
    }
    assert!(total >= TARGETS.len());
}
