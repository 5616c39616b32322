// The app runs with Object.prototype frozen (tauri.conf.json `freezePrototype`): the
// charts must load and draw there too, or the 统计 screen stays blank.
import { describe, expect, it } from "vitest";

describe("charts under a frozen Object.prototype", () => {
  it("load and render bars and the pie", async () => {
    Object.freeze(Object.prototype);
    const { echarts, barOption, outcomeOption } = await import("./charts");
    const { SVGRenderer } = await import("echarts/renderers");
    echarts.use([SVGRenderer]);
    const chart = echarts.init(null as unknown as HTMLElement, undefined, { renderer: "svg", ssr: true, width: 600, height: 300 });
    chart.setOption(barOption([{ name: "用电保障", count: 5 }]) as never);
    const summary = { outcomes: { a: 3, b: 1, c: 0 } } as never;
    chart.setOption(outcomeOption(summary) as never, true);
    const svg = chart.renderToSVGString();
    chart.dispose();
    expect(svg, "the pie's legend is drawn, so ECharts ran to the end").toContain("A类");
  });
});
