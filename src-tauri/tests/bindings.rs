//! Fails when the committed TypeScript bindings in ui/src/bindings are stale.
//! Regenerate with `ZHITONG_WRITE_BINDINGS=1 cargo test --workspace --test bindings`.

use std::path::PathBuf;

#[test]
fn committed_bindings_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    if std::env::var_os("ZHITONG_WRITE_BINDINGS").is_some() {
        let n = zhitong_desktop::bindings::write(&dir).expect("write bindings");
        eprintln!("wrote {n} bindings to {}", dir.display());
        return;
    }
    let mut stale = Vec::new();
    for (name, text) in zhitong_desktop::bindings::render() {
        match std::fs::read_to_string(dir.join(&name)) {
            Ok(old) if old == text => {}
            Ok(_) => stale.push(format!("{name}（内容已变）")),
            Err(_) => stale.push(format!("{name}（缺少）")),
        }
    }
    assert!(
        stale.is_empty(),
        "ui/src/bindings 与 Rust 类型不一致：{}\n请运行 ZHITONG_WRITE_BINDINGS=1 cargo test --workspace --test bindings 并提交生成的文件",
        stale.join("、")
    );
}
