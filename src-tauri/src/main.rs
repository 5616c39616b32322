//! The 企服直通 executable: starts the desktop app (see the library for what it does).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    one_malloc_arena();
    zhitong_desktop::run();
}

/// glibc gives each thread that allocates its own arena (up to eight per core), and what
/// a thread frees stays in its arena for that thread. WebKitGTK's UI process runs many
/// threads inside the app, so a session that has shown the ledger and printed held some
/// 20 MB in idle arenas (peak 258 MB against 243 MB with one arena, 100 000 cases,
/// docs/benchmarks.md). The app is one clerk's window on two cores: one arena costs no
/// measurable speed. `MALLOC_ARENA_MAX` in the environment still wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn one_malloc_arena() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    // SAFETY: mallopt only sets an allocator parameter (it takes the arena lock itself),
    // and this runs first in `main`, before the app starts any thread.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
