//! Render time of the one-page forms once fonts are loaded (target: < 20 ms each).

use criterion::{criterion_group, criterion_main, Criterion};
use zhitong_print::{assignment, registration, DocSettings, Fonts};

fn bench(c: &mut Criterion) {
    let fonts = Fonts::load_system().expect("安装 fonts-noto-cjk");
    let settings = DocSettings::default();
    let reg = registration::Sheet {
        problem: zhitong_print::sample::registration().problem.repeat(4),
        ..zhitong_print::sample::registration()
    };
    let asg = zhitong_print::sample::assignment();
    c.bench_function("registration one page", |b| {
        b.iter(|| registration::render(&reg, &settings, &fonts).expect("render"))
    });
    c.bench_function("assignment one page", |b| {
        b.iter(|| assignment::render(&asg, &settings, &fonts).expect("render"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
