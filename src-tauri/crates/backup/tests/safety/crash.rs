//! The crash test: a writer process registers cases in a loop and prints each committed
//! 登记编号; it is killed with SIGKILL at random moments, again and again on the same
//! ledger. After every kill the ledger must pass the start-up checks and
//! `integrity_check` and hold every case the writer reported as committed.
//!
//! The writer is this test binary itself, run with `crash::writer_child` as the filter
//! and `ZHITONG_CRASH_DB` set; without that variable the child test does nothing.

use std::collections::HashSet;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant as Clock};

use rand::{Rng, SeedableRng};
use zhitong_store::{Ledger, Operator};

use crate::{at, sample_case};

const KILLS: usize = 60;

#[test]
fn writer_child() {
    let Some(path) = std::env::var_os("ZHITONG_CRASH_DB") else {
        return;
    };
    let base = at(2025, 3, 3, 9, 0);
    let mut l = Ledger::open(std::path::Path::new(&path)).expect("writer opens the ledger");
    l.init(base).expect("seed");
    let op = Operator::system();
    for i in 0.. {
        let c = l
            .register(&sample_case(i % 50, base), &op, base)
            .expect("register");
        println!("committed {}", c.reg_no);
    }
}

#[test]
fn sigkill_at_random_moments_loses_nothing() {
    let seed: u64 = std::env::var("ZHITONG_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("crash test seed {seed} (set ZHITONG_CRASH_SEED to repeat)");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ledger.db");
    let exe = std::env::current_exe().expect("test binary");
    let started = Clock::now();
    let mut committed: HashSet<String> = HashSet::new();
    let (mut lost, mut corrupt) = (0usize, 0usize);
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args([
                "crash::writer_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("ZHITONG_CRASH_DB", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the writer");
        std::thread::sleep(Duration::from_millis(rng.random_range(20..250)));
        child.kill().expect("SIGKILL");
        let mut out = String::new();
        child
            .stdout
            .take()
            .expect("stdout")
            .read_to_string(&mut out)
            .expect("read the writer's report");
        child.wait().expect("reap");
        // Only whole lines count: a line cut by the kill was not fully reported.
        let complete = out.rsplit_once('\n').map(|(head, _)| head).unwrap_or("");
        committed.extend(
            complete
                .lines()
                .filter_map(|l| l.strip_prefix("committed "))
                .map(str::to_string),
        );

        match zhitong_backup::open_checked(&path, None, at(2025, 3, 3, 9, 0)) {
            Err(e) => {
                corrupt += 1;
                eprintln!("round {round}: the ledger failed its start-up check: {e}");
            }
            Ok(l) => {
                let ok: String = l
                    .conn()
                    .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                    .expect("integrity_check runs");
                if ok != "ok" {
                    corrupt += 1;
                    eprintln!("round {round}: integrity_check: {ok}");
                }
                let present: HashSet<String> = l
                    .conn()
                    .prepare("SELECT reg_no FROM cases")
                    .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
                    .expect("read reg_nos");
                let missing = committed.difference(&present).count();
                if missing > 0 {
                    eprintln!("round {round}: {missing} reported cases are missing");
                }
                lost += missing;
            }
        }
    }
    eprintln!(
        "crash test: {KILLS} kills in {:.1?}, {} cases reported committed, {lost} lost, {corrupt} corrupt",
        started.elapsed(),
        committed.len()
    );
    assert!(
        committed.len() > KILLS,
        "the writer got work done between kills"
    );
    assert_eq!(
        (lost, corrupt),
        (0, 0),
        "no committed case lost, no corruption (seed {seed})"
    );
}
