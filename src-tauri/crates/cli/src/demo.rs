//! `zhitong demo`: fills the ledger with realistic synthetic cases for demos and benchmarks.

use clap::Args;

use crate::out::{Fail, Out};
use crate::Ctx;

#[derive(Args)]
pub struct DemoArgs {
    /// How many cases.
    #[arg(long, default_value_t = 1000)]
    cases: usize,
    /// Random seed: the same seed and --at give the same ledger.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Spread the cases over this many years before now.
    #[arg(long, default_value_t = 3)]
    years: u32,
}

pub fn run(ctx: &mut Ctx, a: DemoArgs) -> Result<Out, Fail> {
    if a.cases == 0 {
        return Err(Fail::usage("--cases 至少为 1"));
    }
    let n = ctx.ledger.fill_demo(a.cases, a.seed, a.years, ctx.now)?;
    Ok(Out::text(
        format!(
            "已生成演示诉求 {n} 件（种子 {}，分布在 {} 年内）",
            a.seed, a.years
        ),
        serde_json::json!({"cases": n, "seed": a.seed}),
    ))
}
