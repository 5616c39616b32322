//! PINs: salted argon2 hashes, verification, and the administrator check.

use zhitong_store::{Ledger, NewStaff, Operator};

use crate::at;

#[test]
fn pins_are_hashed_verified_and_guard_admin_operations() {
    let now = at(2025, 3, 3, 9, 0);
    let mut l = Ledger::open_in_memory().expect("ledger");
    l.init(now).expect("seed: 管理员 is an admin");
    let sys = Operator::system();
    for (name, role) in [
        ("张科员", zhitong_domain::Role::Clerk),
        ("李管理", zhitong_domain::Role::Admin),
    ] {
        l.add_staff(
            &NewStaff {
                name: name.into(),
                role,
                title: String::new(),
            },
            &l.admin_unprotected("管理员", "添加人员")
                .expect("no PIN yet"),
            now,
        )
        .expect("add staff");
    }
    l.set_pin("管理员", "2468", &sys, now)
        .expect("set admin PIN");
    l.set_pin("张科员", "2468", &sys, now)
        .expect("same PIN for a clerk");

    let hashes: Vec<String> = l
        .conn()
        .prepare("SELECT pin_hash FROM staff WHERE pin_hash IS NOT NULL ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("hashes");
    assert_eq!(hashes.len(), 2);
    assert!(
        hashes
            .iter()
            .all(|h| h.starts_with("$argon2id$") && !h.contains("2468")),
        "{hashes:?}"
    );
    assert_ne!(hashes[0], hashes[1], "each PIN has its own salt");

    // (who, pin, expected error code or None, why)
    let table = [
        ("管理员", "2468", None, "the admin with the right PIN"),
        (
            "管理员",
            "1357",
            Some("validation"),
            "a wrong PIN is refused",
        ),
        ("管理员", "", Some("validation"), "an empty PIN is refused"),
        (
            "张科员",
            "2468",
            Some("auth.forbidden"),
            "a clerk is not an admin, PIN or not",
        ),
        (
            "李管理",
            "2468",
            Some("validation"),
            "an admin without a PIN must set one first",
        ),
        ("无此人", "2468", Some("staff.not_found"), "unknown staff"),
    ];
    for (who, pin, want, why) in table {
        let got = l.require_admin(who, pin, "恢复台账");
        match want {
            None => assert_eq!(got.expect(why).operator().name, who, "{why}"),
            Some(code) => assert_eq!(got.expect_err(why).code(), code, "{why}"),
        }
    }
    assert!(l.verify_pin("张科员", "2468").expect("verify"));
    assert!(!l.verify_pin("李管理", "2468").expect("no PIN → false"));
    for bad in ["12", "12 34", "1\u{0}34", &"9".repeat(40)] {
        let e = l
            .set_pin("李管理", bad, &sys, now)
            .expect_err("bad PIN shape");
        assert_eq!(e.code(), "validation", "PIN {bad:?}: {e}");
    }
    let audited: i64 = l
        .conn()
        .query_row(
            "SELECT count(*) FROM events WHERE action = 'staff.set_pin'",
            [],
            |r| r.get(0),
        )
        .expect("events");
    assert_eq!(audited, 2, "each PIN change is audited");
}
