//! The 企服直通 executable: starts the desktop app (see the library for what it does).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    zhitong_desktop::run();
}
