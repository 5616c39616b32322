//! The release desktop app under Xvfb: time from process start to the first paint of
//! 工作台, and the peak memory after it has shown 工作台, 台账 and 督办看板 and printed
//! every kind of document. Needs the shell's benchmark hook (src-tauri/src/bench_hook.rs,
//! env `ZHITONG_BENCH_MARKERS`), which appends `first_paint`, `ledger`, `board` and
//! `printed` to a file as each view paints and the prints are made.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::timing::{status_kb, Stats};

/// Builds the UI and the release desktop binary (a no-op when both are current).
pub fn build(root: &Path) -> anyhow::Result<PathBuf> {
    eprintln!("  npm run build --prefix ui && cargo build -p zhitong-desktop --release");
    let ok = Command::new("npm")
        .args(["run", "build", "--prefix", "ui"])
        .current_dir(root)
        .stdout(Stdio::null())
        .status()
        .context("npm")?
        .success();
    if !ok {
        bail!("npm run build --prefix ui failed");
    }
    let ok = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "-p", "zhitong-desktop", "--release", "--quiet"])
        .current_dir(root)
        .status()
        .context("cargo build")?
        .success();
    if !ok {
        bail!("cargo build -p zhitong-desktop --release failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(target.join("release").join("zhitong-desktop"))
}

/// A private X server (`Xvfb -displayfd`), stopped on drop.
pub struct Xvfb {
    child: Child,
    pub display: String,
}

impl Xvfb {
    pub fn start() -> anyhow::Result<Xvfb> {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1366x768x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("Xvfb (apt-get install xvfb)")?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out).read_line(&mut line)?;
        }
        let n = line.trim();
        if n.is_empty() {
            let _ = child.kill();
            let _ = child.wait();
            bail!("Xvfb did not report a display");
        }
        Ok(Xvfb {
            display: format!(":{n}"),
            child,
        })
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One start of the app.
#[derive(Debug, Clone)]
pub struct Run {
    pub first_paint: Duration,
    /// Until 台账 and 督办看板 have painted too.
    pub tour: Duration,
    /// VmHWM of the app process.
    pub hwm_app: u64,
    /// VmHWM of each helper process (WebKit's web and network processes).
    pub hwm_helpers: Vec<(String, u64)>,
}

#[derive(Debug, Clone)]
pub struct Measured {
    pub first_paint: Stats,
    pub tour: Stats,
    /// Highest VmHWM of the app process over the runs.
    pub hwm_app: u64,
    /// Highest sum over the runs of the app's and its helpers' VmHWM.
    pub hwm_total: u64,
    pub helpers: Vec<(String, u64)>,
}

fn children_of(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    for e in dir.flatten() {
        let Some(p) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
        // pid (comm) state ppid …; comm may contain spaces, so split after the last ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u32>().ok());
        if ppid == Some(pid) {
            out.push(p);
        }
    }
    out
}

fn descendants(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut todo = vec![pid];
    while let Some(p) = todo.pop() {
        for c in children_of(p) {
            out.push(c);
            todo.push(c);
        }
    }
    out
}

fn status(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default()
}

fn name(status: &str) -> String {
    status
        .lines()
        .find_map(|l| l.strip_prefix("Name:"))
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

fn stop(child: &mut Child) {
    let helpers = descendants(child.id());
    let _ = child.kill();
    let _ = child.wait();
    for p in helpers {
        // Only processes this run started (the app's own children), by id.
        let _ = Command::new("kill")
            .args(["-KILL", &p.to_string()])
            .stderr(Stdio::null())
            .status();
    }
}

fn once(
    bin: &Path,
    display: &str,
    db: &Path,
    now: &str,
    scratch: &Path,
    i: usize,
) -> anyhow::Result<Run> {
    let markers = scratch.join(format!("markers-{i}.txt"));
    let _ = std::fs::remove_file(&markers);
    let log = std::fs::File::create(scratch.join(format!("app-{i}.log")))?;
    let home = scratch.join("home");
    std::fs::create_dir_all(&home)?;
    let started = Instant::now();
    let mut child = Command::new(bin)
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("ZHITONG_DB", db)
        .env("ZHITONG_NOW", now)
        .env("ZHITONG_BENCH_MARKERS", &markers)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("start {}", bin.display()))?;
    let deadline = started + Duration::from_secs(120);
    let mut first_paint = None;
    let mut tour = None;
    loop {
        let text = std::fs::read_to_string(&markers).unwrap_or_default();
        if first_paint.is_none() && text.lines().any(|l| l == "first_paint") {
            first_paint = Some(started.elapsed());
        }
        if tour.is_none() && text.lines().any(|l| l == "board") {
            tour = Some(started.elapsed());
        }
        if text.lines().any(|l| l == "printed") {
            break;
        }
        if let Ok(Some(st)) = child.try_wait() {
            bail!(
                "the app exited ({st}) before painting; see {}",
                scratch.join(format!("app-{i}.log")).display()
            );
        }
        if Instant::now() > deadline {
            stop(&mut child);
            bail!("the app did not paint 工作台, 台账 and 督办看板 and print within 120 s");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let tour = tour.unwrap_or_else(|| started.elapsed());
    // Let the first scheduler tick and any late layout settle before reading the peak.
    std::thread::sleep(Duration::from_millis(1500));
    let hwm_app = status_kb(&status(child.id()), "VmHWM:") * 1024;
    let hwm_helpers = descendants(child.id())
        .into_iter()
        .map(|p| {
            let s = status(p);
            (name(&s), status_kb(&s, "VmHWM:") * 1024)
        })
        .filter(|(_, b)| *b > 0)
        .collect();
    stop(&mut child);
    Ok(Run {
        first_paint: first_paint.unwrap_or(tour),
        tour,
        hwm_app,
        hwm_helpers,
    })
}

/// Starts the app `runs` times (after one untimed start that warms the OS caches).
pub fn measure(
    bin: &Path,
    display: &str,
    db: &Path,
    now: &str,
    scratch: &Path,
    runs: usize,
) -> anyhow::Result<Measured> {
    std::fs::create_dir_all(scratch)?;
    once(bin, display, db, now, scratch, 0)?;
    let mut all = Vec::new();
    for i in 1..=runs.max(1) {
        all.push(once(bin, display, db, now, scratch, i)?);
    }
    let total = |r: &Run| r.hwm_app + r.hwm_helpers.iter().map(|h| h.1).sum::<u64>();
    let worst = all
        .iter()
        .max_by_key(|r| total(r))
        .cloned()
        .expect("at least one run");
    Ok(Measured {
        first_paint: Stats::from_samples(all.iter().map(|r| r.first_paint).collect()),
        tour: Stats::from_samples(all.iter().map(|r| r.tour).collect()),
        hwm_app: all.iter().map(|r| r.hwm_app).max().unwrap_or(0),
        hwm_total: total(&worst),
        helpers: worst.hwm_helpers,
    })
}
