//! Tidy checks over the source tree, in the spirit of rust-analyzer's: the invariants
//! ARCHITECTURE.md promises that a reviewer would otherwise have to hold by hand. Every
//! Rust module starts with a `//!` line; no code below the shell reads the clock; no SQL
//! outside the store crate (it owns the schema); `unsafe` only in the one place allowed.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace is the scenarios crate's parent")
        .to_path_buf()
}

/// Every `.rs` file under `dir`, skipping build output and dependencies.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                if !matches!(name.as_str(), "target" | "node_modules" | "gen" | "corpus") {
                    stack.push(p);
                }
            } else if name.ends_with(".rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The code of a file without `//` comments and without `#[cfg(test)] mod tests` blocks
/// at the end (unit tests may inspect the schema).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn tidy_every_module_starts_with_a_doc_line() {
    let mut missing = Vec::new();
    for dir in ["src-tauri", "tests", "xtask", "fuzz/fuzz_targets"] {
        for f in rust_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&f).expect("read source");
            if !text.trim_start().starts_with("//!") {
                missing.push(rel(&f));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "every module starts with a `//!` line saying what it is for and what it guarantees; missing in: {missing:#?}"
    );
}

#[test]
fn tidy_no_clock_read_below_the_shell() {
    const CLOCK: [&str; 4] = [
        "Utc::now(",
        "Local::now(",
        "SystemTime::now(",
        "chrono::offset::",
    ];
    let mut found = Vec::new();
    for krate in ["calendar", "domain", "store", "print", "report", "backup"] {
        for f in rust_files(&root().join("src-tauri/crates").join(krate).join("src")) {
            let text = code(&std::fs::read_to_string(&f).expect("read source"));
            for pat in CLOCK {
                if text.contains(pat) {
                    found.push(format!("{}: {pat}", rel(&f)));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "time is a parameter: below the shell (and the CLI's main) nothing reads the clock; found: {found:#?}"
    );
}

#[test]
fn tidy_unsafe_only_where_architecture_allows_it() {
    // The workspace denies `unsafe_code`; ARCHITECTURE.md names the one `#[allow]`.
    const ALLOWED: &[&str] = &["src-tauri/src/main.rs"];
    // Spelled in pieces so that this file does not match itself.
    const BLOCK: &str = concat!("unsafe", " {");
    const MARKS: [&str; 3] = [
        BLOCK,
        concat!("unsafe", " fn"),
        concat!("allow(", "unsafe_code)"),
    ];
    let mut found = Vec::new();
    for dir in ["src-tauri", "tests", "xtask", "fuzz/fuzz_targets"] {
        for f in rust_files(&root().join(dir)) {
            let text = code(&std::fs::read_to_string(&f).expect("read source"));
            if MARKS.iter().any(|m| text.contains(m)) && !ALLOWED.contains(&rel(&f).as_str()) {
                found.push(rel(&f));
            }
        }
    }
    assert!(
        found.is_empty(),
        "unsafe code only in {ALLOWED:?} (ARCHITECTURE.md, “No unsafe, with one exception”); found in: {found:#?}"
    );
    let main = std::fs::read_to_string(root().join("src-tauri/src/main.rs")).expect("main.rs");
    assert_eq!(
        main.matches(BLOCK).count(),
        1,
        "main.rs holds exactly the one mallopt call"
    );
}

/// SQL text or a SQLite connection in a file: what only the store may hold.
fn sql_in(text: &str) -> Vec<&'static str> {
    const SQL: [&str; 11] = [
        "rusqlite",
        ".conn()",
        "SELECT ",
        "INSERT INTO",
        "UPDATE ",
        "DELETE FROM",
        "PRAGMA ",
        "VACUUM",
        "CREATE TABLE",
        ".execute(",
        "query_row(",
    ];
    SQL.into_iter().filter(|p| text.contains(p)).collect()
}

#[test]
fn tidy_sql_only_in_the_store() {
    let mut found = Vec::new();
    let dirs = [
        "src-tauri/src",
        "src-tauri/crates/report/src",
        "src-tauri/crates/backup/src",
        "src-tauri/crates/print/src",
        "src-tauri/crates/cli/src",
        "src-tauri/crates/domain/src",
        "src-tauri/crates/calendar/src",
    ];
    for dir in dirs {
        for f in rust_files(&root().join(dir)) {
            let text = code(&std::fs::read_to_string(&f).expect("read source"));
            let hits = sql_in(&text);
            if !hits.is_empty() {
                found.push(format!("{}: {}", rel(&f), hits.join(", ")));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the store owns the schema: SQL and connections stay in zhitong-store, others call its typed functions; found: {found:#?}"
    );
}

#[test]
fn tidy_the_sql_detector_sees_sql() {
    assert_eq!(
        sql_in("conn.query_row(\"SELECT count(*) FROM cases\", [], |r| r.get(0))"),
        vec!["SELECT ", "query_row("],
        "the detector must flag a plain query, or the check above proves nothing"
    );
    assert!(sql_in("let s = \"选择部门\";").is_empty());
}
