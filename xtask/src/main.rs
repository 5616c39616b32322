//! `cargo xtask`: project chores that are not tests. `cargo xtask bench [--full]` builds
//! synthetic ledgers, measures the operations with targets (docs/benchmarks.md), prints
//! the table and rewrites docs/benchmarks.md. It is not part of `cargo test` or CI.
//! This `main` is the only place the tool reads the wall clock (the report's date).

mod app;
mod baseline;
mod bench;
mod carry;
mod ledgers;
mod machine;
mod report;
mod timing;
mod trace;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask bench [options]

  --full            also measure 1 000 000 cases (slow: builds a ~13 GB ledger once)
  --sizes N,N,...   ledger sizes to measure instead (default 10000,100000)
  --seed N          demo data seed (default 1)
  --runs N          timed runs per fast operation, median reported (default 11)
  --no-app          skip the desktop app (cold start, peak memory)
  --no-baseline     skip the LibreOffice baseline
  --no-doc          print the table only, do not rewrite docs/benchmarks.md
  --ledgers-only    build or upgrade the cached ledgers of the sizes, measure nothing";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => match bench::Options::parse(&args[1..]) {
            Ok(opts) => {
                let today = chrono::Local::now().date_naive();
                match bench::run(&opts, &workspace_root(), today) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("xtask bench: {e:#}");
                        ExitCode::FAILURE
                    }
                }
            }
            Err(e) => {
                eprintln!("{e}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
