//! Log files and panic reports land in `<data dir>/logs/`.

use zhitong_backup::{init_logging, install_panic_hook, logs_dir};

fn fixed_clock() -> zhitong_domain::Instant {
    crate::at(2025, 3, 3, 9, 30)
}

#[test]
fn logs_and_panic_reports_are_written_to_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guard = init_logging(dir.path()).expect("logging");
    tracing::info!("日志测试 log-line-marker");
    drop(guard);
    let logs = logs_dir(dir.path());
    let files: Vec<_> = std::fs::read_dir(&logs)
        .expect("logs dir")
        .map(|e| e.expect("e").path())
        .collect();
    let text: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    assert!(
        text.contains("log-line-marker"),
        "the event reached a log file in {files:?}"
    );

    install_panic_hook(logs.clone(), fixed_clock);
    let r = std::panic::catch_unwind(|| panic!("测试异常 panic-marker"));
    let _ = std::panic::take_hook(); // back to the default hook for the other tests
    assert!(r.is_err());
    let report = std::fs::read_dir(&logs)
        .expect("logs dir")
        .map(|e| e.expect("e").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("panic-20250303-093000-"))
        })
        .expect("a panic report named after the shell's clock");
    let text = std::fs::read_to_string(report).expect("read report");
    assert!(
        text.contains("panic-marker") && text.contains("logs.rs"),
        "{text}"
    );
}
