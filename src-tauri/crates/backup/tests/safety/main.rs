//! Integration tests of the data-safety crate: backups and rotation, restore, start-up
//! checks on damaged / missing / locked / read-only files, PINs, logs, hostile input,
//! and the SIGKILL crash test. One test binary; each module is one concern.

mod access;
mod backups;
#[cfg(unix)]
mod crash;
mod encryption;
mod hostile;
mod logs;
mod startup;

use std::path::Path;

use chrono::TimeZone;
use zhitong_domain::{ContactInput, EnterpriseInput, Instant, NewCase, Settings};
use zhitong_store::{Ledger, Operator};

/// A local (+08:00) instant.
pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Instant {
    zhitong_domain::china()
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("valid local time")
}

/// A registration that passes validation with the default settings.
pub fn sample_case(i: usize, received_at: Instant) -> NewCase {
    let s = Settings::default();
    NewCase {
        received_at,
        channel: s.channels[0].clone(),
        nature: s.natures[0].clone(),
        category: s.categories[0].clone(),
        summary: String::new(),
        description: format!("第{i}家企业反映：厂区道路积水，影响货车进出。"),
        wanted_department: String::new(),
        screening_opinion: String::new(),
        enterprise: EnterpriseInput {
            name: format!("重庆测试企业{i}有限公司"),
            credit_code: String::new(),
            address: String::new(),
        },
        contact: ContactInput {
            name: format!("联系人{i}"),
            title: String::new(),
            phone: "13800000000".into(),
            email: String::new(),
        },
    }
}

/// A ledger file at `path` holding `n` registered cases.
pub fn ledger_with_cases(path: &Path, n: usize, now: Instant) -> Ledger {
    let mut l = Ledger::open(path).expect("open a new ledger");
    l.init(now).expect("seed");
    add_cases(&mut l, 0, n, now);
    l
}

pub fn add_cases(l: &mut Ledger, from: usize, n: usize, now: Instant) {
    for i in from..from + n {
        l.register(&sample_case(i, now), &Operator::system(), now)
            .expect("register a valid case");
    }
}

pub fn case_count(l: &Ledger) -> i64 {
    l.conn()
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .expect("count cases")
}
