//! End-to-end: drives the real app (WebKitGTK under Xvfb) through tauri-driver. A clerk
//! registers a case, accepts and assigns it; the app is restarted with the clock past
//! the deadline (ZHITONG_NOW); the board shows the case overdue; the clerk urges,
//! replies, records the evaluation and closes it.
//!
//! Ignored by default: run `scripts/e2e.sh` (builds the UI and the app, runs this under
//! xvfb-run). Needs DISPLAY, `tauri-driver` (cargo install tauri-driver --locked) and
//! WebKitWebDriver. Uses ports 4444/4445, so it is a single test.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::json;
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

const PORT: u16 = 4444;

/// tauri-driver with the app's environment; stopped with SIGTERM so it can take
/// WebKitWebDriver and the app down with it.
struct Driver(Child);

impl Driver {
    fn start(db: &Path, now: &str) -> Driver {
        let exe = which_tauri_driver();
        let child = Command::new(&exe)
            .args(["--port", &PORT.to_string()])
            .env("ZHITONG_DB", db)
            .env("ZHITONG_NOW", now)
            .spawn()
            .unwrap_or_else(|e| panic!("无法启动 {}：{e}", exe.display()));
        let until = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", PORT)).is_err() {
            assert!(
                Instant::now() < until,
                "tauri-driver 20 秒内没有监听端口 {PORT}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver(child)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn which_tauri_driver() -> PathBuf {
    if let Ok(p) = std::env::var("TAURI_DRIVER") {
        return p.into();
    }
    let home = std::env::var("HOME").unwrap_or_default();
    let cargo_bin = PathBuf::from(home).join(".cargo/bin/tauri-driver");
    if cargo_bin.exists() {
        cargo_bin
    } else {
        "tauri-driver".into()
    }
}

fn app_binary() -> PathBuf {
    let p = std::env::var("ZHITONG_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            let target = std::env::var("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
            target.join("debug/zhitong-desktop")
        });
    assert!(
        p.exists(),
        "找不到应用 {}：先运行 npm run build --prefix ui && cargo build -p zhitong-desktop（或设置 ZHITONG_APP）",
        p.display()
    );
    p
}

async fn session(app: &Path) -> WebDriver {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert("tauri:options".into(), json!({ "application": app }));
    WebDriver::new(format!("http://127.0.0.1:{PORT}"), caps)
        .await
        .expect("WebDriver session")
}

async fn el(d: &WebDriver, css: &str) -> WebElement {
    d.query(By::Css(css))
        .wait(Duration::from_secs(15), Duration::from_millis(100))
        .first()
        .await
        .unwrap_or_else(|e| panic!("找不到元素 {css}：{e}"))
}

async fn click(d: &WebDriver, css: &str) {
    el(d, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("无法点击 {css}：{e}"));
}

async fn type_into(d: &WebDriver, css: &str, text: &str) {
    el(d, css).await.send_keys(text).await.unwrap();
}

async fn select(d: &WebDriver, css: &str, text: &str) {
    SelectElement::new(&el(d, css).await)
        .await
        .unwrap()
        .select_by_partial_text(text)
        .await
        .unwrap_or_else(|e| panic!("{css} 没有选项 {text}：{e}"));
}

async fn wait_text(d: &WebDriver, css: &str, want: &str) -> String {
    let until = Instant::now() + Duration::from_secs(15);
    loop {
        let got = el(d, css)
            .await
            .prop("textContent")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        if got.contains(want) {
            return got;
        }
        assert!(
            Instant::now() < until,
            "{css} 应包含“{want}”，实际为“{got}”"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn choose_operator(d: &WebDriver) {
    click(d, "[data-operator='管理员']").await;
}

/// Runs one dialog: opens it by its action button, lets `fill` fill it, confirms.
async fn act(d: &WebDriver, action: &str) {
    click(d, &format!(".actions-bar [data-action='{action}']")).await;
    el(d, ".modal").await;
}

async fn confirm(d: &WebDriver) {
    click(d, ".modal [data-action='ok']").await;
    let until = Instant::now() + Duration::from_secs(15);
    while d.find(By::Css(".modal")).await.is_ok() {
        if let Ok(e) = d.find(By::Css(".modal .error-box, .modal .err")).await {
            panic!("对话框报错：{}", e.text().await.unwrap_or_default());
        }
        assert!(Instant::now() < until, "对话框没有关闭");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and a built app: run scripts/e2e.sh"]
async fn clerk_handles_a_case_past_its_deadline() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "没有 DISPLAY：请在 xvfb-run 下运行（scripts/e2e.sh），例如 xvfb-run -a cargo test -p zhitong-desktop --test e2e -- --ignored"
    );
    let app = app_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");

    // Monday 2 March 2026, 09:00: register, accept, assign (专业类: 5 working days).
    let reg_no = {
        let _driver = Driver::start(&db, "2026-03-02T09:00:00+08:00");
        let d = session(&app).await;
        choose_operator(&d).await;
        el(&d, "[data-section='awaiting_screening']").await;
        click(&d, "[data-nav='intake']").await;
        type_into(&d, "#f-ent", "重庆宏达机械有限公司").await;
        type_into(&d, "#f-contact", "张伟").await;
        type_into(&d, "#f-phone", "13800138000").await;
        type_into(&d, "#f-desc", "厂区自3月1日起频繁停电，影响正常生产。").await;
        type_into(&d, "#f-wanted", "协调供电公司尽快检修线路").await;
        select(&d, "#f-cat", "用电保障").await;
        click(&d, "[data-action='save']").await;
        let reg_no = el(&d, "[data-reg-no]").await.text().await.unwrap();
        wait_text(&d, "[data-state-label]", "待甄别").await;

        act(&d, "accept").await;
        type_into(&d, ".modal textarea", "属园区企业，予以受理").await;
        confirm(&d).await;
        wait_text(&d, "[data-state-label]", "已受理待交办").await;

        act(&d, "assign").await;
        select(&d, ".modal select[name='lead']", "经济发展部").await;
        select(&d, ".modal select[name='handling_class']", "专业类").await;
        wait_text(&d, "[data-section='preview']", "截止").await;
        confirm(&d).await;
        wait_text(&d, "[data-state-label]", "已交办").await;
        wait_text(&d, "[data-deadline]", "还剩").await;

        // The clerk prints the assignment sheet for the leader to sign.
        click(&d, "[data-print='assignment']").await;
        let prints = dir.path().join("prints");
        let until = Instant::now() + Duration::from_secs(20);
        let sheet = loop {
            let found = std::fs::read_dir(&prints).ok().and_then(|mut r| {
                r.find_map(|e| {
                    e.ok()
                        .map(|e| e.path())
                        .filter(|p| p.to_string_lossy().ends_with("交办单.pdf"))
                })
            });
            if let Some(p) = found {
                break p;
            }
            assert!(
                Instant::now() < until,
                "打印交办单后 20 秒内 {} 中没有生成 PDF",
                prints.display()
            );
            std::thread::sleep(Duration::from_millis(200));
        };
        let bytes = std::fs::read(&sheet).unwrap();
        assert!(
            bytes.starts_with(b"%PDF"),
            "the printed assignment sheet is a PDF"
        );
        d.quit().await.unwrap();
        reg_no
    };

    // Thursday 12 March: the deadline (9 March 24:00) has passed.
    let _driver = Driver::start(&db, "2026-03-12T10:00:00+08:00");
    let d = session(&app).await;
    choose_operator(&d).await;
    // Lists show the part of the 登记编号 that tells cases apart (〔2026〕第1号).
    let short = reg_no.find('〔').map_or(reg_no.as_str(), |i| &reg_no[i..]);
    wait_text(&d, "[data-section='overdue']", short).await;
    click(&d, "[data-nav='board']").await;
    let line = wait_text(
        &d,
        "[data-department='经济发展部'] ~ .line",
        "逾期 3 个工作日",
    )
    .await;
    assert!(line.contains("重庆宏达机械有限公司"), "{line}");
    click(&d, ".line[data-case]").await;
    wait_text(&d, "[data-deadline]", "已逾期").await;

    act(&d, "urge").await;
    type_into(&d, ".modal textarea", "请经济发展部今日内反馈办理情况").await;
    confirm(&d).await;
    wait_text(&d, "[data-section='timeline']", "催办").await;

    act(&d, "reply").await;
    select(&d, ".modal select[name='outcome']", "A类").await;
    type_into(
        &d,
        ".modal textarea",
        "供电公司已完成线路检修，恢复正常供电。",
    )
    .await;
    confirm(&d).await;
    wait_text(&d, "[data-state-label]", "已答复").await;

    act(&d, "evaluate").await;
    confirm(&d).await;
    act(&d, "close").await;
    confirm(&d).await;
    wait_text(&d, "[data-state-label]", "已办结").await;
    let timeline = el(&d, "[data-section='timeline']")
        .await
        .text()
        .await
        .unwrap();
    for step in ["受理", "交办", "催办", "答复", "评价", "办结"] {
        assert!(timeline.contains(step), "办理经过缺少“{step}”：{timeline}");
    }
    d.quit().await.unwrap();
}

/// README screenshots from the real app on the demo ledger (tests/demo.rs), taken of the
/// whole X screen with ImageMagick `import`:
/// `ZHITONG_DB=/tmp/demo.db cargo test -p zhitong-desktop --test demo -- --ignored` then
/// `ZHITONG_DEMO_DB=/tmp/demo.db scripts/e2e.sh screenshots_for_readme`.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver, ImageMagick and a demo ledger (ZHITONG_DEMO_DB)"]
async fn screenshots_for_readme() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "没有 DISPLAY：请在 xvfb-run 下运行"
    );
    let Ok(db) = std::env::var("ZHITONG_DEMO_DB") else {
        eprintln!("ZHITONG_DEMO_DB 未设置，跳过截图");
        return;
    };
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/img");
    std::fs::create_dir_all(&out).unwrap();
    let shot = |name: &str| {
        let status = Command::new("import")
            .args(["-window", "root"])
            .arg(out.join(name))
            .status()
            .expect("ImageMagick import");
        assert!(status.success(), "import {name} failed");
    };
    let _driver = Driver::start(Path::new(&db), "2026-03-12T10:00:00+08:00");
    let d = session(&app_binary()).await;
    d.set_window_rect(0, 0, 1366, 768).await.ok();
    click(&d, "[data-operator='王敏']").await;
    el(&d, "[data-section='overdue'] .item").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    shot("workbench.png");

    click(&d, "[data-section='overdue'] .item").await;
    wait_text(&d, "[data-section='timeline']", "催办").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    shot("case.png");

    d.execute("window.location.hash = '#/board'", vec![])
        .await
        .unwrap();
    el(&d, ".board .line").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    shot("board.png");
    d.quit().await.unwrap();
}

/// The import wizard in the real window on the committed hand-kept ledger (saved by
/// LibreOffice as .ods: a notes sheet first, title rows, dates five ways, eight unknown
/// 责任单位, a blank row, a 合计 row, three bad rows): the ledger sheet is found, the
/// missing departments are offered once and added, the check reads 可导入 6 行…, the good
/// rows import and the bad ones are saved beside the file. `ZHITONG_E2E_SHOTS=DIR` keeps a
/// screenshot of each step.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and a built app: run scripts/e2e.sh"]
async fn clerk_imports_a_hand_kept_ledger_through_the_wizard() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "没有 DISPLAY：请在 xvfb-run 下运行（scripts/e2e.sh）"
    );
    let app = app_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let file = dir.path().join("2025年企业诉求台账.ods");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("crates/report/tests/fixtures/2025年企业诉求台账.ods"),
        &file,
    )
    .expect("fixture");
    let shots = std::env::var("ZHITONG_E2E_SHOTS").ok().map(PathBuf::from);
    let _driver = Driver::start(&db, "2026-04-02T10:00:00+08:00");
    let d = session(&app).await;
    d.set_window_rect(0, 0, 1366, 768).await.ok();
    let shot = |name: &'static str| {
        let d = d.clone();
        let shots = shots.clone();
        async move {
            if let Some(dir) = shots {
                std::fs::create_dir_all(&dir).unwrap();
                tokio::time::sleep(Duration::from_millis(400)).await;
                d.screenshot(&dir.join(name)).await.expect("screenshot");
            }
        }
    };
    choose_operator(&d).await;
    d.execute("window.location.hash = '#/ledger'", vec![])
        .await
        .unwrap();
    click(&d, "[data-import]").await;
    type_into(
        &d,
        "[data-import-wizard] [data-path]",
        &file.display().to_string(),
    )
    .await;
    click(&d, "[data-import-wizard] [data-open-path]").await;
    wait_text(&d, "[data-sheet-note]", "未读取：填表说明").await;
    wait_text(&d, "[data-skipped]", "3 行不是案件").await;
    el(&d, "[data-preview] tbody tr").await;
    shot("import-1-map.png").await;

    click(&d, "[data-import-wizard] [data-check]").await;
    wait_text(&d, "[data-missing-departments]", "城管中队").await;
    let names = d
        .find_all(By::Css("[data-missing-departments] li"))
        .await
        .unwrap();
    assert_eq!(names.len(), 8, "each missing department is listed once");
    shot("import-2-departments.png").await;

    click(&d, "[data-create-departments]").await;
    let headline = wait_text(
        &d,
        "[data-check-headline]",
        "可导入 6 行，跳过 3 行（空行、合计行、标题或说明），有问题 3 行",
    )
    .await;
    assert!(
        headline.contains("将新增部门 8 个"),
        "the check says which departments the import adds: {headline}"
    );
    wait_text(&d, "[data-bad-rows]", "第 11 行").await;
    wait_text(&d, "[data-not-cases]", "合计行：第 14 行").await;
    shot("import-3-check.png").await;

    click(&d, "[data-import-wizard] [data-mode='skip']").await;
    click(&d, "[data-import-wizard] [data-import]").await;
    wait_text(&d, "[data-result]", "已写入台账").await;
    wait_text(&d, "[data-imported]", "6").await;
    wait_text(&d, "[data-problems-file]", "待修改.xlsx").await;
    shot("import-4-done.png").await;
    assert!(
        dir.path().join("2025年企业诉求台账-待修改.xlsx").exists(),
        "the three problem rows are saved beside the file to fix"
    );
    click(&d, "[data-finish]").await;
    d.quit().await.unwrap();
}
