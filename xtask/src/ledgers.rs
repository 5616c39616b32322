//! Synthetic ledgers for the benchmark, built with `Ledger::fill_demo` and cached under
//! target/bench-ledgers/ keyed by size, seed and schema version, so reruns skip the build.
//! Each benchmark works on a copy (the app and the scheduler write to the ledger).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use zhitong_domain::Instant as At;
use zhitong_store::Ledger;

/// Demo cases are spread over this many years before `now`.
pub const YEARS: u32 = 3;

pub struct Built {
    pub path: PathBuf,
    /// Time to build it now; `None` when it came from the cache.
    pub build_time: Option<Duration>,
    pub file_size: u64,
    /// When it was upgraded now from a ledger cached by an older schema: that version and
    /// how long the upgrade took.
    pub migrated_from: Option<(usize, Duration)>,
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// The cached ledger of `n` demo cases (building it if missing).
pub fn ensure(dir: &Path, n: usize, seed: u64, now: At) -> anyhow::Result<Built> {
    std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
    let path = dir.join(format!(
        "ledger-{n}-seed{seed}-schema{}.db",
        zhitong_store::schema_version()
    ));
    if path.exists() {
        let file_size = std::fs::metadata(&path)?.len();
        return Ok(Built {
            path,
            build_time: None,
            file_size,
            migrated_from: None,
        });
    }
    let tmp = path.with_extension("building");
    remove_db(&tmp);
    // A ledger cached by an older schema is upgraded as a user's ledger is, by opening it:
    // the same cases, and at 1 000 000 cases minutes instead of an hour of generation.
    let current = zhitong_store::schema_version();
    if let Some((from, old)) = (1..current)
        .rev()
        .map(|v| (v, dir.join(format!("ledger-{n}-seed{seed}-schema{v}.db"))))
        .find(|(_, p)| p.exists())
    {
        eprintln!(
            "  migrating {} (schema {from}) to schema {current} …",
            old.display()
        );
        let t = Instant::now();
        // In place (a 1 000 000-case ledger is 13 GB): the old cache is not needed after.
        std::fs::rename(&old, &tmp).with_context(|| format!("move {}", old.display()))?;
        remove_db(&old); // its empty -wal and -shm
        {
            let ledger = Ledger::open(&tmp)?;
            ledger
                .conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        let took = t.elapsed();
        std::fs::rename(&tmp, &path)?;
        remove_db(&tmp);
        let file_size = std::fs::metadata(&path)?.len();
        eprintln!("  migrated in {:.1} s", took.as_secs_f64());
        return Ok(Built {
            path,
            build_time: None,
            file_size,
            migrated_from: Some((from, took)),
        });
    }
    eprintln!("  building {} ({n} cases, seed {seed}) …", path.display());
    let t = Instant::now();
    {
        let mut ledger = Ledger::open(&tmp)?;
        // The build is one transaction that grows every index at random places: with the
        // ledger's 16 MB page cache it spills and reads back index pages all the time.
        // 4 GB (of a build machine's memory, for the build only) keeps them in memory.
        ledger
            .conn()
            .execute_batch("PRAGMA cache_size = -4194304;")?;
        ledger.init(now)?;
        ledger.fill_demo(n, seed, YEARS, now)?;
        // Settle the scheduler once, as the app does at start: what the first tick of a
        // fresh demo ledger deems or escalates is not what a steady-state tick costs.
        ledger.tick(now)?;
        ledger
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    }
    let build_time = t.elapsed();
    std::fs::rename(&tmp, &path)?;
    remove_db(&tmp);
    let file_size = std::fs::metadata(&path)?.len();
    eprintln!(
        "  built in {:.1} s ({})",
        build_time.as_secs_f64(),
        crate::timing::fmt_bytes(file_size)
    );
    Ok(Built {
        path,
        build_time: Some(build_time),
        file_size,
        migrated_from: None,
    })
}

/// A fresh working copy of a cached ledger, on disk before it is returned: the kernel's
/// write-back of a 1.3 GB copy otherwise runs during the first measurements (an export
/// right after the copy took 8 s instead of 2).
pub fn work_copy(cached: &Path, dir: &Path, n: usize) -> anyhow::Result<PathBuf> {
    let work = dir.join(format!("work-{n}.db"));
    remove_db(&work);
    std::fs::copy(cached, &work)
        .with_context(|| format!("copy {} to {}", cached.display(), work.display()))?;
    std::fs::File::open(&work)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("sync {}", work.display()))?;
    Ok(work)
}

pub fn remove(path: &Path) {
    remove_db(path);
}
