import { describe, expect, it } from "vitest";
import type { Summary } from "./bindings/Summary";
import { barHeight, barOption, comparisonCountsOption, comparisonRatesOption, outcomeOption, ratePct } from "./charts";

type Series = { name: string; data: unknown[] }[];

const summary = {
  period_label: "2026年3月",
  received: 12, closed: 8, urges: 3, escalations: 1,
  completion_rate: 0.75, on_time_rate: 0.875, satisfaction_rate: null,
  outcomes: { a: 5, b: 2, c: 1 },
  comparisons: [
    { label: "上期", period_label: "2026年2月", received: 9, closed: 6, urges: 1, escalations: 0, completion_rate: 0.5, on_time_rate: 1, satisfaction_rate: 0.9 },
    { label: "去年同期", period_label: "2025年3月", received: 4, closed: 4, urges: 0, escalations: 0, completion_rate: null, on_time_rate: null, satisfaction_rate: null },
  ],
} as unknown as Summary;

describe("统计 charts", () => {
  it("bars list every row with its count, top to bottom in the Summary's order", () => {
    const o = barOption([{ name: "用电保障", count: 5 }, { name: "用水保障", count: 2 }]) as { yAxis: { data: string[] }; series: Series };
    // ECharts draws the first category at the bottom, so the order is reversed.
    expect(o.yAxis.data, "rows must read top to bottom in the same order as the list they replace").toEqual(["用水保障", "用电保障"]);
    expect(o.series[0].data, "each bar's length is its count").toEqual([2, 5]);
  });

  it("bar charts grow with their rows so no name is squeezed", () => {
    expect(barHeight(13) > barHeight(4), "13 categories need more room than 4").toBe(true);
    expect(barHeight(0), "an empty chart keeps a minimum height").toBeGreaterThanOrEqual(120);
  });

  it("the outcome pie shows A, B and C, or nothing when there were no replies", () => {
    const o = outcomeOption(summary) as { series: { data: { name: string; value: number }[] }[] };
    expect(o.series[0].data.map((d) => [d.name.slice(0, 2), d.value]), "one slice per class").toEqual([["A类", 5], ["B类", 2], ["C类", 1]]);
    const none = { ...summary, outcomes: { a: 0, b: 0, c: 0 } } as Summary;
    expect(outcomeOption(none), "an empty pie would be misleading; the screen says so instead").toBeNull();
  });

  it("the comparison puts 本期 first, then 上期 and 去年同期 with their periods", () => {
    const o = comparisonCountsOption(summary) as { series: Series };
    expect(o.series.map((s) => s.name), "the legend names each period").toEqual([
      "本期（2026年3月）", "上期（2026年2月）", "去年同期（2025年3月）",
    ]);
    expect(o.series[0].data, "受理登记, 办结, 催办, 督办 of this period").toEqual([12, 8, 3, 1]);
  });

  it("rates are percentages and a rate without denominator has no bar (not 0%)", () => {
    expect(ratePct(0.875)).toBe(87.5);
    const o = comparisonRatesOption(summary) as { series: Series };
    expect(o.series[0].data, "满意率 without any evaluation must not be drawn as 0%").toEqual([75, 87.5, "-"]);
    expect(o.series[2].data, "去年同期 without closed cases has no rates").toEqual(["-", "-", "-"]);
  });
});
