//! The 企服直通 executable: starts the desktop app (see the library for what it does).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    one_malloc_arena();
    #[cfg(target_os = "linux")]
    no_dmabuf_renderer_without_a_gpu();
    zhitong_desktop::run();
}

/// WebKitGTK's DMA-BUF renderer hands the web process's frames to the app through a GPU
/// render node. Without one (a virtual machine, a remote desktop, Xvfb) it falls back to
/// shared memory after probing for a device, and the window took 15–20 % longer to first
/// paint than with the older renderer (docs/benchmarks.md). Where a render node exists,
/// WebKit's default stays; `WEBKIT_DISABLE_DMABUF_RENDERER` in the environment still wins.
/// Runs first in `main`, before any thread could read the environment.
#[cfg(target_os = "linux")]
fn no_dmabuf_renderer_without_a_gpu() {
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if std::env::var_os(VAR).is_some() {
        return;
    }
    let render_node = std::fs::read_dir("/dev/dri").is_ok_and(|d| {
        d.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    if !render_node {
        std::env::set_var(VAR, "1");
    }
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
