//! End-to-end: drives the real app (WebKitGTK under Xvfb) through tauri-driver. A clerk
//! registers a case, accepts and assigns it; the app is restarted with the clock past
//! the deadline (ZHITONG_NOW); the board shows the case overdue; the clerk urges,
//! replies, records the evaluation and closes it. Also: the first-start guide on a new
//! ledger, finding cases by number and keyboard, errors taking the focus, and the board
//! printed as a PDF (checked with `pdftotext`).
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
/// WebKitWebDriver's port behind tauri-driver (its default, said explicitly).
const NATIVE_PORT: u16 = 4445;

/// tauri-driver with the app's environment; stopped with SIGTERM so it can take
/// WebKitWebDriver and the app down with it.
struct Driver(Child);

impl Driver {
    /// The app's web storage (the intake draft, the operator, the list's filters) lives
    /// under XDG_DATA_HOME: each test gets its own beside its ledger, so one test's draft
    /// never lands in the next test's form, and a restart within a test keeps it.
    fn start(db: &Path, now: &str) -> Driver {
        let exe = which_tauri_driver();
        let home = db.with_extension("home");
        for d in ["data", "config", "cache"] {
            std::fs::create_dir_all(home.join(d)).expect("the test's XDG directories");
        }
        // The previous test's drivers must be gone: a WebKitWebDriver still holding the
        // native port would answer this driver's session request for a dead app.
        let until = Instant::now() + Duration::from_secs(20);
        while [PORT, NATIVE_PORT]
            .iter()
            .any(|p| TcpStream::connect(("127.0.0.1", *p)).is_ok())
        {
            assert!(
                Instant::now() < until,
                "端口 {PORT}/{NATIVE_PORT} 20 秒后仍被上一个 WebDriver 占用"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let child = Command::new(&exe)
            .args(["--port", &PORT.to_string()])
            .args(["--native-port", &NATIVE_PORT.to_string()])
            .env("ZHITONG_DB", db)
            .env("ZHITONG_NOW", now)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .spawn()
            .unwrap_or_else(|e| panic!("无法启动 {}：{e}", exe.display()));
        // tauri-driver listens at once but starts WebKitWebDriver beside it; a session
        // asked for before the native driver listens fails (CI, stop 24). Wait for both.
        let until = Instant::now() + Duration::from_secs(30);
        for port in [PORT, NATIVE_PORT] {
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(
                    Instant::now() < until,
                    "tauri-driver 30 秒内没有监听端口 {port}"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
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
    // Cargo builds the app for its integration tests, with the features of this very
    // build, so `cargo test --workspace --test e2e` needs no separate `cargo build`.
    let p = std::env::var("ZHITONG_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_zhitong-desktop")));
    assert!(
        p.exists(),
        "找不到应用 {}：先运行 npm run build --prefix ui && cargo test --workspace --test e2e --no-run（或设置 ZHITONG_APP）",
        p.display()
    );
    p
}

async fn session(app: &Path) -> WebDriver {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert("tauri:options".into(), json!({ "application": app }));
    // A loaded 2-core machine can still lose the first request while the native
    // driver settles: try a few times before calling the session broken.
    let mut last = None;
    for attempt in 0..5 {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        match WebDriver::new(format!("http://127.0.0.1:{PORT}"), caps.clone()).await {
            Ok(d) => return d,
            Err(e) => last = Some(e),
        }
    }
    panic!("WebDriver session: {last:?}")
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

fn at(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

/// A ledger past the first-start guide, as `zhitong init` makes one (the demo
/// departments, 管理员 without a PIN): for tests about case work, not about setting up.
fn seeded_ledger(db: &Path, now: &str) -> zhitong_store::Ledger {
    let mut l = zhitong_store::Ledger::open(db).expect("open the test ledger");
    l.init(at(now)).expect("seed the test ledger");
    assert!(!l.needs_setup().unwrap(), "a seeded ledger skips the guide");
    l
}

/// Registers a case of `enterprise` received at `received` (its 登记编号 follows that year).
fn register(
    l: &mut zhitong_store::Ledger,
    enterprise: &str,
    desc: &str,
    received: &str,
) -> zhitong_domain::Case {
    let input: zhitong_domain::NewCase = serde_json::from_value(json!({
        "received_at": received, "channel": "热线电话", "nature": "求助", "category": "用电保障",
        "description": desc, "enterprise": {"name": enterprise},
        "contact": {"name": "张伟", "phone": "13800138000"}
    }))
    .unwrap();
    let op = l.operator("管理员").unwrap();
    l.register(&input, &op, at(received)).unwrap()
}

/// Accepts case `c` at `accepted` and assigns it to `lead` (专业类) ten minutes later, as
/// 管理员: a case whose handling clock runs from there.
fn accept_and_assign(
    l: &mut zhitong_store::Ledger,
    c: &zhitong_domain::Case,
    lead: &str,
    accepted: &str,
) {
    let op = l.operator("管理员").unwrap();
    let accepted = at(accepted);
    l.accept(c.id, "予以受理", &op, accepted).unwrap();
    let input = zhitong_store::AssignInput {
        lead: lead.into(),
        handling_class: "专业类".into(),
        ..Default::default()
    };
    l.assign(c.id, &input, &op, accepted + chrono::Duration::minutes(10))
        .unwrap();
}

/// The text of a PDF, through poppler's `pdftotext`.
fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext {} failed", path.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Waits for a file in `dir` whose name ends with `suffix`.
fn wait_file(dir: &Path, suffix: &str) -> PathBuf {
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        let found = std::fs::read_dir(dir).ok().and_then(|mut r| {
            r.find_map(|e| {
                e.ok()
                    .map(|e| e.path())
                    .filter(|p| p.to_string_lossy().ends_with(suffix))
            })
        });
        if let Some(p) = found {
            return p;
        }
        assert!(
            Instant::now() < until,
            "20 秒内 {} 中没有生成 *{suffix}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Whether the first element matching `css` has the keyboard focus.
async fn is_focused(d: &WebDriver, css: &str) -> bool {
    let r = d
        .execute(
            "return document.activeElement === document.querySelector(arguments[0]);",
            vec![json!(css)],
        )
        .await
        .expect("script");
    r.json().as_bool().unwrap_or(false)
}

/// The element that has the keyboard focus.
async fn focused(d: &WebDriver) -> WebElement {
    d.active_element().await.expect("the focused element")
}

async fn choose_operator(d: &WebDriver) {
    click(d, "[data-operator='管理员']").await;
}

/// The app on the ledger at `db` with the clock at `now`, in a 1366×768 window, with
/// 管理员 chosen as the operator. Keep the driver alive as long as the session.
async fn open_as_operator(app: &Path, db: &Path, now: &str) -> (Driver, WebDriver) {
    let driver = Driver::start(db, now);
    let d = session(app).await;
    d.set_window_rect(0, 0, 1366, 768).await.ok();
    choose_operator(&d).await;
    (driver, d)
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
        "没有 DISPLAY：请在 xvfb-run 下运行（scripts/e2e.sh），例如 xvfb-run -a cargo test --workspace --test e2e -- --ignored"
    );
    let app = app_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    drop(seeded_ledger(&db, "2026-03-02T08:00:00+08:00"));

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
/// `ZHITONG_DB=/tmp/demo.db cargo test --workspace --test demo -- --ignored` then
/// `ZHITONG_DEMO_DB=/tmp/demo.db scripts/e2e.sh screenshots_for_readme` (1366×768: the
/// first-start guide on a new ledger, 工作台, a case, the board) and, for the projector,
/// the same under a 1920×1080 screen with `ZHITONG_SHOT_SIZE=1920x1080` (`-1920` names).
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
    let size = std::env::var("ZHITONG_SHOT_SIZE").unwrap_or_else(|_| "1366x768".into());
    let (w, h) = size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse::<u32>().ok()?, h.parse::<u32>().ok()?)))
        .expect("ZHITONG_SHOT_SIZE like 1920x1080");
    let suffix = if w == 1366 {
        String::new()
    } else {
        format!("-{w}")
    };
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/img");
    std::fs::create_dir_all(&out).unwrap();
    let shot = |name: &str| {
        let file = out.join(format!("{name}{suffix}.png"));
        let status = Command::new("import")
            .args(["-window", "root"])
            .arg(&file)
            .status()
            .expect("ImageMagick import");
        assert!(status.success(), "import {} failed", file.display());
    };
    if suffix.is_empty() {
        let fresh = tempfile::tempdir().unwrap();
        let _driver = Driver::start(&fresh.path().join("ledger.db"), "2026-03-12T10:00:00+08:00");
        let d = session(&app_binary()).await;
        d.set_window_rect(0, 0, w, h).await.ok();
        el(&d, "[data-first-start] [data-step='1']").await;
        type_into(&d, "#fs-park", "嘉兴经济技术开发区").await;
        // A new web-storage directory makes the first paint after the resize slower.
        tokio::time::sleep(Duration::from_millis(2000)).await;
        shot("first-start");
        d.quit().await.unwrap();
    }
    let _driver = Driver::start(Path::new(&db), "2026-03-12T10:00:00+08:00");
    let d = session(&app_binary()).await;
    d.set_window_rect(0, 0, w, h).await.ok();
    click(&d, "[data-operator='王敏']").await;
    el(&d, "[data-section='overdue'] .item").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    shot("workbench");

    click(&d, "[data-section='overdue'] .item").await;
    wait_text(&d, "[data-section='timeline']", "催办").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    shot("case");

    d.execute("window.location.hash = '#/board'", vec![])
        .await
        .unwrap();
    el(&d, ".board .line").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    shot("board");

    d.execute("window.location.hash = '#/meetings'", vec![])
        .await
        .unwrap();
    el(&d, "[data-section='new-meeting'] [data-agenda-case]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    shot("meetings");
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
    drop(seeded_ledger(&db, "2026-04-02T09:00:00+08:00"));
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

fn needs_display() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "没有 DISPLAY：请在 xvfb-run 下运行（scripts/e2e.sh）"
    );
}

/// A new ledger opens on the guide, not on demo data: the park, its numbering and the
/// notice preset (each explained), departments and staff, the administrator PIN, then
/// the optional import; the ledger then holds exactly what was entered.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and a built app: run scripts/e2e.sh"]
async fn first_start_guides_a_new_ledger() {
    needs_display();
    let app = app_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    {
        let _driver = Driver::start(&db, "2026-03-02T09:00:00+08:00");
        let d = session(&app).await;
        d.set_window_rect(0, 0, 1366, 768).await.ok();
        el(&d, "[data-first-start] [data-step='1']").await;
        for (preset, says) in [
            ("嘉兴", "1、5、10、15 个工作日"),
            ("廊坊", "24 小时"),
            ("正阳", "函告"),
        ] {
            wait_text(&d, &format!("[data-preset='{preset}']"), says).await;
        }
        assert!(
            d.find(By::Css("[data-operator]")).await.is_err(),
            "no operator to choose before the ledger has its people"
        );
        // A park name is needed: the guide says so at the field and keeps the focus there.
        click(&d, "[data-step='1'] [data-next]").await;
        wait_text(&d, "[data-step='1'] .field.invalid", "请填写园区名称").await;
        assert!(
            is_focused(&d, "#fs-park").await,
            "the focus goes to the park name"
        );
        type_into(&d, "#fs-park", "嘉兴经济技术开发区").await;
        click(&d, "[data-preset='廊坊'] input").await;
        let example = el(&d, "#fs-assign")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        assert_eq!(
            example, "嘉兴经济技术开发区交〔{year}〕第{seq}号",
            "numbering follows the park's name"
        );
        click(&d, "[data-step='1'] [data-next]").await;

        type_into(&d, "[data-step='2'] input[name='dept-0']", "经济发展局").await;
        click(&d, "[data-add-department]").await;
        type_into(&d, "[data-step='2'] input[name='dept-1']", "区供电公司").await;
        type_into(&d, "[data-step='2'] input[name='staff-0']", "王敏").await;
        click(&d, "[data-step='2'] [data-next]").await;

        type_into(&d, "#fs-pin", "2468").await;
        type_into(&d, "#fs-pin2", "2468").await;
        click(&d, "[data-finish-setup]").await;
        wait_text(&d, "[data-setup-done]", "嘉兴经济技术开发区").await;
        el(&d, "[data-step='4'] [data-import]").await;
        click(&d, "[data-start]").await;
        el(&d, "[data-section='awaiting_screening']").await;
        wait_text(&d, "button.operator", "管理员").await;
        d.quit().await.unwrap();
    }
    let l = zhitong_store::Ledger::open(&db).unwrap();
    assert!(!l.needs_setup().unwrap(), "the guide runs once");
    let s = l.settings().unwrap();
    assert_eq!(s.park_name, "嘉兴经济技术开发区");
    assert_eq!(s.active_policy, "廊坊", "the chosen notice preset");
    // The notice presets keep their names (正阳 is one of the three); every value that
    // says who the park is comes from the guide.
    let mut values = serde_json::to_value(&s).unwrap();
    values.as_object_mut().unwrap().remove("policies");
    assert!(
        !values.to_string().contains("正阳"),
        "no demo park value is left in a real ledger's settings: {values}"
    );
    let depts = l.departments().unwrap();
    let names: std::collections::BTreeSet<&str> = depts.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        ["区供电公司", "经济发展局"].into(),
        "exactly the departments entered in the guide's window"
    );
    assert!(l.staff().unwrap().iter().any(|p| p.name == "王敏"));
    assert!(
        l.verify_pin("管理员", "2468").unwrap(),
        "the PIN chosen in the guide"
    );
}

/// A bare number opens this year's case of that number (not an earlier year's, not an
/// internal id); ↓/Enter go through full-text hits; a failed save puts the focus on the
/// first field in error.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and a built app: run scripts/e2e.sh"]
async fn clerk_finds_cases_by_number_and_keyboard_and_errors_take_the_focus() {
    needs_display();
    let app = app_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    {
        let mut l = seeded_ledger(&db, "2025-03-03T08:00:00+08:00");
        // 〔2025〕第1–3号 first (ids 1–3), then 〔2026〕第1–2号 (ids 4–5).
        for (i, ent) in ["旧一有限公司", "旧二有限公司", "旧三有限公司"]
            .iter()
            .enumerate()
        {
            register(
                &mut l,
                ent,
                "去年的诉求",
                &format!("2025-03-0{}T09:00:00+08:00", i + 3),
            );
        }
        register(
            &mut l,
            "今年一号有限公司",
            "厂区夜间频繁跳闸，影响生产。",
            "2026-03-02T09:00:00+08:00",
        );
        register(
            &mut l,
            "今年二号有限公司",
            "办公楼用水压力不足。",
            "2026-03-02T09:30:00+08:00",
        );
    }
    let (_driver, d) = open_as_operator(&app, &db, "2026-03-03T10:00:00+08:00").await;
    el(&d, "[data-section='awaiting_screening']").await;

    // "2": 〔2026〕第2号 (id 5), not 〔2025〕第2号 and not the case with id 2.
    let top = el(&d, "input[aria-label='搜索']").await;
    top.send_keys("2").await.unwrap();
    top.send_keys(Key::Enter).await.unwrap();
    wait_text(&d, "[data-reg-no]", "〔2026〕第2号").await;
    wait_text(&d, "main", "今年二号有限公司").await;

    // Full text: "/" 跳闸 Enter, then ↓ to the hit and Enter opens it.
    d.execute("window.location.hash = '#/'", vec![])
        .await
        .unwrap();
    el(&d, "[data-section='awaiting_screening']").await;
    d.action_chain().send_keys("/").perform().await.unwrap();
    assert!(
        is_focused(&d, "input[aria-label='搜索']").await,
        "“/” puts the focus in the search box"
    );
    // Typed as a person types (WebDriver's element send-keys would put the caret after
    // the "2" still in the box instead of replacing the selection "/" made).
    d.action_chain()
        .send_keys("跳闸")
        .send_keys(Key::Enter)
        .perform()
        .await
        .unwrap();
    wait_text(&d, "[data-fulltext]", "今年一号有限公司").await;
    focused(&d).await.send_keys(Key::Down).await.unwrap();
    assert!(
        is_focused(&d, "[data-fulltext] [data-hit]").await,
        "↓ from the search box goes to the first hit"
    );
    focused(&d).await.send_keys(Key::Enter).await.unwrap();
    wait_text(&d, "[data-reg-no]", "〔2026〕第1号").await;

    // A failed Ctrl+S on the intake form: the focus is on the first field in error.
    click(&d, "[data-nav='intake']").await;
    el(&d, "#f-ent").await;
    focused(&d)
        .await
        .send_keys(Key::Control + "s")
        .await
        .unwrap();
    el(&d, ".field.invalid").await;
    assert!(
        is_focused(
            &d,
            ".field.invalid input, .field.invalid textarea, .field.invalid select"
        )
        .await,
        "the focus is on the first field in error"
    );
    d.quit().await.unwrap();
}

/// 打印 on the 督办看板 makes the A4 landscape PDF of the print crate (WebKitGTK cannot
/// print the web page): every overdue case under its department, the park and the page
/// count on the page; the app says where the file is.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver, pdftotext and a built app: run scripts/e2e.sh"]
async fn the_board_prints_as_a_pdf_document() {
    needs_display();
    let app = app_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    {
        let mut l = seeded_ledger(&db, "2026-03-02T08:00:00+08:00");
        let c = register(
            &mut l,
            "重庆宏达机械有限公司",
            "厂区自3月1日起频繁停电，影响正常生产。",
            "2026-03-02T09:00:00+08:00",
        );
        accept_and_assign(&mut l, &c, "经济发展部", "2026-03-02T09:10:00+08:00");
    }
    let (_driver, d) = open_as_operator(&app, &db, "2026-03-12T10:00:00+08:00").await;
    click(&d, "[data-nav='board']").await;
    wait_text(&d, ".line", "重庆宏达机械有限公司").await;
    click(&d, "[data-print-board]").await;
    let note = wait_text(&d, "[data-print-note]", "督办看板").await;
    let pdf = wait_file(&dir.path().join("prints"), ".pdf");
    assert!(
        note.contains(&pdf.display().to_string()),
        "the app says where the PDF is: {note}"
    );
    let text = pdf_text(&pdf);
    // pdftotext may or may not turn the gaps between words into spaces.
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for want in [
        "督办看板",
        "重庆市正阳工业园区",
        "经济发展部",
        "重庆宏达机械有限公司",
        "〔2026〕第1号",
        "逾期3个工作日",
        "第1页共1页",
    ] {
        assert!(
            squashed.contains(want),
            "the printed board shows “{want}”:\n{text}"
        );
    }
    // Ctrl+P does the same (a second copy, taken at the same moment, replaces the first).
    focused(&d)
        .await
        .send_keys(Key::Control + "p")
        .await
        .unwrap();
    wait_text(&d, "[data-print-note]", "已生成").await;
    d.quit().await.unwrap();
}

/// Sets a date field the way a person picking a day does (WebKit's date input takes no
/// typed keys through WebDriver): the value, then the input event Vue listens to.
/// A board of more lines than the screen measures at once (250 a frame): its pages are
/// counted as the chunks are measured (第 1/N+ 页 until done), the unseen measuring area
/// never holds the whole board, turning through every page shows each overdue case
/// exactly once, none lost or doubled where two chunks meet, and measuring again keeps
/// the page on screen.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and a built app: run scripts/e2e.sh"]
async fn a_long_board_is_paged_chunk_by_chunk_and_shows_every_case_once() {
    needs_display();
    let app = app_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    const CASES: usize = 320;
    {
        let mut l = seeded_ledger(&db, "2026-03-02T08:00:00+08:00");
        for i in 0..CASES {
            let received = format!("2026-03-02T09:{:02}:00+08:00", i % 60);
            let c = register(
                &mut l,
                &format!("测试{i:03}机械有限公司"),
                "厂区频繁停电，影响正常生产。",
                &received,
            );
            let lead = if i % 3 == 0 {
                "经济发展部"
            } else {
                "规划建设部"
            };
            accept_and_assign(&mut l, &c, lead, "2026-03-02T10:10:00+08:00");
        }
    }
    let (_driver, d) = open_as_operator(&app, &db, "2026-03-12T10:00:00+08:00").await;
    // 工作台 gets each section's first items and its size; 显示全部 fetches the rest.
    let overdue_items = || async {
        let n: i64 = d
            .execute(
                "return document.querySelectorAll('[data-section=overdue] .item').length",
                vec![],
            )
            .await
            .unwrap()
            .convert()
            .unwrap();
        n
    };
    wait_text(&d, "[data-section='overdue'] h2", &CASES.to_string()).await;
    assert_eq!(
        overdue_items().await,
        30,
        "the 工作台 shows the 30 most urgent of {CASES} overdue cases at first"
    );
    wait_text(
        &d,
        "[data-section='overdue'] .more",
        &format!("显示全部 {CASES} 件"),
    )
    .await;
    click(&d, "[data-section='overdue'] .more").await;
    let until = Instant::now() + Duration::from_secs(10);
    while overdue_items().await != CASES as i64 {
        assert!(Instant::now() < until, "显示全部 shows every overdue case");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    click(&d, "[data-nav='board']").await;
    wait_text(&d, "[data-total='overdue']", &format!("逾期 {CASES} 件")).await;
    // Measuring ends: the page count loses its "+".
    let until = Instant::now() + Duration::from_secs(20);
    let pages: usize = loop {
        let t = wait_text(&d, "[data-page]", "页").await;
        if !t.contains('+') {
            let n = t
                .split_once('/')
                .and_then(|(_, r)| r.trim().trim_end_matches('页').trim().parse().ok())
                .unwrap_or_else(|| panic!("a page count in “{t}”"));
            break n;
        }
        assert!(
            Instant::now() < until,
            "the board is still being paged: {t}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        pages >= 10,
        "{CASES} cases on 1366×768 make many pages, not {pages}"
    );
    let measuring: i64 = d
        .execute(
            "return document.querySelector('.board .measure').children.length",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert!(
        measuring <= 250,
        "the unseen measuring area holds one chunk, not the whole board ({measuring} lines)"
    );
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for p in 1..=pages {
        wait_text(&d, "[data-page]", &format!("第 {p}/{pages} 页")).await;
        let ids: Vec<String> = d
            .execute(
                "return Array.from(document.querySelectorAll('.board .current .line')).map(e => e.dataset.case)",
                vec![],
            )
            .await
            .unwrap()
            .convert()
            .unwrap();
        assert!(!ids.is_empty(), "page {p} of {pages} shows cases");
        for id in ids {
            *seen.entry(id).or_default() += 1;
        }
        d.execute(
            "window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }))",
            vec![],
        )
        .await
        .unwrap();
    }
    let doubled: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "no case is on two pages: {doubled:?}");
    assert_eq!(seen.len(), CASES, "every overdue case is on a page");
    // Measuring again (as the minute's reload and a resize do) keeps the page on screen,
    // the last one included, which the first chunk alone does not reach: during a meeting
    // the board does not jump back to page 1.
    wait_text(&d, "[data-page]", &format!("第 1/{pages} 页")).await;
    d.execute(
        "window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' }))",
        vec![],
    )
    .await
    .unwrap();
    let want = format!("第 {pages}/{pages} 页");
    wait_text(&d, "[data-page]", &want).await;
    d.execute("window.dispatchEvent(new Event('resize'))", vec![])
        .await
        .unwrap();
    for _ in 0..30 {
        let now = el(&d, "[data-page]")
            .await
            .prop("textContent")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert!(
            now.contains(&want),
            "the board stays on its last page while it measures again: {now}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    d.quit().await.unwrap();
}

async fn set_date(d: &WebDriver, css: &str, value: &str) {
    d.execute(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
         e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(css), json!(value)],
    )
    .await
    .unwrap_or_else(|e| panic!("无法填写日期 {css}：{e}"));
}

/// Issue 14 in the real window. 002 第7条: a consultation is answered on the spot by the
/// service centre, from the intake form, with no 交办. 003 第9条: a B reply (正在解决)
/// keeps the case open with its promised date, and when that date passes the case is
/// back on the 工作台 as overdue.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and a built app: run scripts/e2e.sh"]
async fn jx_002_art7_a_consultation_is_answered_on_the_spot_and_003_art9_a_b_case_comes_back() {
    needs_display();
    let app = app_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let b_case = {
        let mut l = seeded_ledger(&db, "2026-03-02T08:00:00+08:00");
        let c = register(
            &mut l,
            "渝东食品有限公司",
            "春节后一线工人缺口约80人，希望园区协助招工。",
            "2026-03-02T08:30:00+08:00",
        );
        let op = l.operator("管理员").unwrap();
        l.accept(c.id, "予以受理", &op, at("2026-03-02T08:40:00+08:00"))
            .unwrap();
        let input = zhitong_store::AssignInput {
            lead: "社会事务部".into(),
            handling_class: "专业类".into(),
            ..Default::default()
        };
        l.assign(c.id, &input, &op, at("2026-03-02T08:50:00+08:00"))
            .unwrap();
        c.reg_no
    };
    let short = |r: &str| r.find('〔').map_or(r.to_string(), |i| r[i..].to_string());

    {
        let (_driver, d) = open_as_operator(&app, &db, "2026-03-02T09:00:00+08:00").await;
        // A caller asks how to apply for the 稳岗补贴: the clerk answers while registering.
        click(&d, "[data-nav='intake']").await;
        type_into(&d, "#f-ent", "武陵山电子元件有限公司").await;
        type_into(&d, "#f-contact", "李娜").await;
        type_into(&d, "#f-phone", "13900139000").await;
        type_into(&d, "#f-desc", "咨询2026年稳岗补贴的申报条件和材料。").await;
        select(&d, "#f-nature", "咨询").await;
        select(&d, "#f-cat", "用工").await;
        click(&d, "[data-action='answer']").await;
        type_into(
            &d,
            "#f-answer",
            "已告知申报条件、所需材料及区人力社保局受理窗口。",
        )
        .await;
        click(&d, "[data-action='save']").await;
        wait_text(&d, "[data-state-label]", "已答复").await;
        let timeline = wait_text(&d, "[data-section='timeline']", "即时答复").await;
        assert!(
            !timeline.contains("交办 "),
            "an on-the-spot answer takes no 交办: {timeline}"
        );
        el(&d, ".actions-bar [data-action='evaluate']").await;

        // The B case: the department is still recruiting and promises 6 March.
        // A bare number is this year's 登记编号 (the B case was registered first).
        assert!(b_case.ends_with("〔2026〕第1号"), "{b_case}");
        let search = el(&d, "input[aria-label='搜索']").await;
        search.send_keys("1").await.unwrap();
        search.send_keys(Key::Enter).await.unwrap();
        wait_text(&d, "[data-state-label]", "已交办").await;
        act(&d, "reply").await;
        select(&d, ".modal select[name='outcome']", "B类").await;
        set_date(&d, ".modal input[name='until']", "2026-03-06").await;
        type_into(
            &d,
            ".modal textarea",
            "已组织两场专场招聘会，预计3月6日前补齐缺口。",
        )
        .await;
        confirm(&d).await;
        let deadlines = wait_text(&d, "[data-section='deadlines']", "承诺办结").await;
        assert!(
            deadlines.contains("还剩"),
            "the promised date is a running deadline: {deadlines}"
        );
        assert!(
            d.find(By::Css(".actions-bar [data-action='evaluate']"))
                .await
                .is_err(),
            "no evaluation is asked for while the case is 正在解决"
        );
        d.quit().await.unwrap();
    }

    // Tuesday 10 March: the promised date (6 March) has passed and the case is not done.
    let _driver = Driver::start(&db, "2026-03-10T09:00:00+08:00");
    let d = session(&app).await;
    choose_operator(&d).await;
    let overdue = wait_text(&d, "[data-section='overdue']", &short(&b_case)).await;
    assert!(
        overdue.contains("渝东食品有限公司"),
        "the B case is back on the 工作台 as overdue: {overdue}"
    );
    d.quit().await.unwrap();
}

/// 统计 and its charts (ECharts) are loaded when the screen is first opened, not at start.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and a built app: run scripts/e2e.sh"]
async fn the_reports_screen_loads_its_charts_when_first_opened() {
    needs_display();
    let app = app_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    {
        let mut l = seeded_ledger(&db, "2026-03-02T08:00:00+08:00");
        register(
            &mut l,
            "重庆宏达机械有限公司",
            "厂区自3月1日起频繁停电，影响正常生产。",
            "2026-03-02T09:00:00+08:00",
        );
    }
    let (_driver, d) = open_as_operator(&app, &db, "2026-03-12T10:00:00+08:00").await;
    click(&d, "[data-nav='reports']").await;
    // ECharts draws each chart on a canvas inside its box.
    el(&d, "[data-chart='comparison'] canvas").await;
    d.quit().await.unwrap();
}
