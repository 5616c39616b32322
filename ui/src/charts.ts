// ECharts for the 统计 screen: only the bar and pie charts, the grid, tooltip and legend,
// and the canvas renderer are registered (echarts/core keeps the bundle small; the canvas
// renderer needs no eval, so the app's CSP holds). The option builders are pure
// functions of the Summary (unit-tested). Colours stay calm greys: colour means state.
import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import type { Count } from "./bindings/Count";
import type { Summary } from "./bindings/Summary";

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };

/** Any chart option (kept loose so the builders stay independent of ECharts' types). */
export type ChartOption = Record<string, unknown>;

const FONT = '"Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';
const TEXT = "#1d2129";
const MUTED = "#5c6370";
/** 本期, 上期, 去年同期 — and A/B/C — from dark to light slate. */
export const SHADES = ["#4f5d73", "#98a2b3", "#cfd5dd"];
const BAR = "#8a94a3";

const base = {
  animation: false,
  textStyle: { fontFamily: FONT, color: TEXT, fontSize: 13 },
  tooltip: { confine: true },
};

/** Height in px for a horizontal bar chart of `n` rows (every name readable). */
export function barHeight(n: number): number {
  return Math.max(120, n * 26 + 30);
}

/** Horizontal bars, top to bottom in the Summary's order, count at each bar's end. */
export function barOption(rows: Count[]): ChartOption {
  const shown = [...rows].reverse(); // ECharts draws the first category at the bottom
  return {
    ...base,
    tooltip: { ...base.tooltip, trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 44, top: 6, bottom: 6, containLabel: true },
    xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef0f3" } }, axisLabel: { color: MUTED } },
    yAxis: {
      type: "category",
      data: shown.map((r) => r.name),
      axisTick: { show: false },
      axisLabel: { color: TEXT, width: 120, overflow: "truncate" },
    },
    series: [
      {
        type: "bar",
        name: "件数",
        data: shown.map((r) => r.count),
        barMaxWidth: 18,
        itemStyle: { color: BAR },
        label: { show: true, position: "right", color: TEXT },
      },
    ],
  };
}

export const OUTCOME_LABEL = { a: "A类 已经解决或基本解决", b: "B类 正在解决", c: "C类 一时难以解决" } as const;

/** The A/B/C pie of the replies in the period; null when there is none to show. */
export function outcomeOption(s: Summary): ChartOption | null {
  const data = (["a", "b", "c"] as const).map((k, i) => ({
    name: OUTCOME_LABEL[k],
    value: s.outcomes[k],
    itemStyle: { color: SHADES[i] },
  }));
  if (data.every((d) => d.value === 0)) return null;
  return {
    ...base,
    tooltip: { ...base.tooltip, trigger: "item", formatter: "{b}：{c} 件（{d}%）" },
    legend: { top: 0, left: "center", itemGap: 14, textStyle: { color: TEXT } },
    series: [
      {
        type: "pie",
        radius: ["34%", "62%"],
        center: ["50%", "58%"],
        percentPrecision: 1,
        data,
        label: { formatter: "{c} 件（{d}%）", color: TEXT },
      },
    ],
  };
}

type Row = { label: string; received: number; closed: number; urges: number; escalations: number };
type Rates = { label: string; completion_rate: number | null; on_time_rate: number | null; satisfaction_rate: number | null };

/** 本期 followed by 上期 and 去年同期, each with its period label. */
function periods(s: Summary): (Row & Rates)[] {
  return [
    { ...s, label: `本期（${s.period_label}）` },
    ...s.comparisons.map((c) => ({ ...c, label: `${c.label}（${c.period_label}）` })),
  ];
}

/** Grouped bars of the counts: 受理登记, 办结, 催办, 督办 for each period. */
export function comparisonCountsOption(s: Summary): ChartOption {
  const ps = periods(s);
  const keys: [keyof Row, string][] = [["received", "受理登记"], ["closed", "办结"], ["urges", "催办"], ["escalations", "督办"]];
  return {
    ...base,
    tooltip: { ...base.tooltip, trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0, textStyle: { color: TEXT } },
    grid: { left: 8, right: 8, top: 44, bottom: 4, containLabel: true },
    xAxis: { type: "category", data: keys.map((k) => k[1]), axisTick: { show: false }, axisLabel: { color: TEXT } },
    yAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef0f3" } }, axisLabel: { color: MUTED } },
    series: ps.map((p, i) => ({
      type: "bar",
      name: p.label,
      data: keys.map((k) => p[k[0]]),
      barMaxWidth: 26,
      itemStyle: { color: SHADES[i % SHADES.length] },
      label: { show: true, position: "top", color: TEXT, fontSize: 12 },
    })),
  };
}

/** Rate as a percentage with one decimal, or null (no bar) when there is no denominator. */
export function ratePct(r: number | null): number | null {
  return r === null ? null : Math.round(r * 1000) / 10;
}

/** Grouped bars of the rates (%): 办结率, 按期办结率, 满意率 for each period. */
export function comparisonRatesOption(s: Summary): ChartOption {
  const ps = periods(s);
  const keys: [keyof Rates, string][] = [["completion_rate", "办结率"], ["on_time_rate", "按期办结率"], ["satisfaction_rate", "满意率"]];
  return {
    ...base,
    tooltip: { ...base.tooltip, trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: unknown) => (v === null || v === undefined || v === "-" ? "—" : `${v}%`) },
    legend: { top: 0, textStyle: { color: TEXT } },
    grid: { left: 8, right: 8, top: 44, bottom: 4, containLabel: true },
    xAxis: { type: "category", data: keys.map((k) => k[1]), axisTick: { show: false }, axisLabel: { color: TEXT } },
    yAxis: { type: "value", max: 100, axisLabel: { color: MUTED, formatter: "{value}%" }, splitLine: { lineStyle: { color: "#eef0f3" } } },
    series: ps.map((p, i) => ({
      type: "bar",
      name: p.label,
      data: keys.map((k) => ratePct(p[k[0]] as number | null) ?? "-"),
      barMaxWidth: 36,
      barGap: "30%",
      itemStyle: { color: SHADES[i % SHADES.length] },
      label: { show: true, position: "top", color: TEXT, fontSize: 11, formatter: "{c}%" },
    })),
  };
}
