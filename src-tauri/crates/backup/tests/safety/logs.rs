//! Log files and panic reports land in `<data dir>/logs/`.

use zhitong_backup::{
    acknowledge_panics, init_logging, install_panic_hook, logs_dir, unacknowledged_panics,
};

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

#[test]
fn panic_reports_are_offered_until_acknowledged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let logs = logs_dir(dir.path());
    assert!(
        unacknowledged_panics(dir.path()).expect("none").is_empty(),
        "no logs folder means no reports"
    );
    std::fs::create_dir_all(&logs).expect("logs dir");
    let write = |name: &str, msg: &str| {
        std::fs::write(
            logs.join(name),
            format!("企服直通 程序异常报告\n时间：…\n信息：{msg}\n\nbacktrace:\n"),
        )
        .expect("write report")
    };
    write("panic-20250303-093000-41.txt", "第一次异常");
    write("panic-20250304-101500-7.txt", "第二次异常");
    std::fs::write(logs.join("zhitong.2025-03-03.log"), "not a report").expect("log");
    let fresh = unacknowledged_panics(dir.path()).expect("list");
    let names: Vec<&str> = fresh.iter().map(|r| r.file_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "panic-20250303-093000-41.txt",
            "panic-20250304-101500-7.txt"
        ],
        "both reports, oldest first, and no log files"
    );
    assert_eq!(
        fresh[1].message, "第二次异常",
        "the panic message is read from the report"
    );

    let n = acknowledge_panics(dir.path(), crate::at(2025, 3, 4, 11, 0)).expect("ack");
    assert_eq!(n, 2, "both reports were acknowledged");
    assert!(
        unacknowledged_panics(dir.path()).expect("list").is_empty(),
        "acknowledged reports are not offered again"
    );
    assert!(
        logs.join("panic-20250303-093000-41.txt").exists(),
        "acknowledging deletes nothing"
    );
    assert_eq!(
        acknowledge_panics(dir.path(), crate::at(2025, 3, 4, 11, 5)).expect("ack"),
        0,
        "nothing new to acknowledge"
    );

    write("panic-20250305-080000-9.txt", "第三次异常");
    let fresh = unacknowledged_panics(dir.path()).expect("list");
    assert_eq!(
        fresh.len(),
        1,
        "only the report newer than the acknowledged one is offered: {fresh:?}"
    );
    assert_eq!(fresh[0].file_name, "panic-20250305-080000-9.txt");
}
